/* `celltwin resume RUN_DIR`: continues a run from its checkpoint. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ct_checkpoint.h"
#include "ct_run.h"

static const char resume_help[] =
    "usage: celltwin resume RUN_DIR [--threads N] [--ranks] [--quiet]\n"
    "Continues the run in RUN_DIR from RUN_DIR/checkpoint.ctck (written by\n"
    "'celltwin run --checkpoint-every N'), checkpointing at the same interval. counts.csv,\n"
    "snapshots and the scenario in run.json come out byte for byte as if the run had never\n"
    "stopped.\n"
    "  --ranks   under 'mpirun -n K': split the run over the K ranks, whatever number of\n"
    "            ranks (or one process) wrote the checkpoint (docs/cluster.md)\n";

typedef struct resume_args {
    const char *dir;
    long threads;
    int quiet, ranks;
} resume_args;

static int parse_one(resume_args *a, int argc, char **argv, int *i)
{
    int missing = 0;
    const char *v = ct_cli_option(argc, argv, i, "--threads", &missing);
    if (v)
        return ct_cli_count("--threads", v, 1, 4096, &a->threads);
    if (!strcmp(argv[*i], "--ranks")) {
        a->ranks = 1;
        return 0;
    }
    return ct_cli_last_option(argv, *i, missing, &a->quiet, &a->dir);
}

int ct_cli_resume(int argc, char **argv)
{
    resume_args a = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(resume_help, stdout);
            return 0;
        }
        if (parse_one(&a, argc, argv, &i))
            return 2;
    }
    if (!a.dir) {
        fputs(resume_help, stderr);
        return 2;
    }
    ct_progress progress;
    ct_progress_init(&progress, 0, a.quiet);
    ct_run_options opt = {.out_dir = a.dir, .threads = (int)a.threads,
                          .progress = ct_progress_on_step, .ctx = &progress,
                          .interrupted = ct_cli_catch_interrupts()};
    ct_error err = {0};
    char path[4200];
    snprintf(path, sizeof path, "%s/" CT_CHECKPOINT_FILE, a.dir);
    if (access(path, F_OK) != 0) {
        fprintf(stderr,
                "celltwin: %s: no checkpoint: the run finished (which removes it) or was not "
                "started with --checkpoint-every\n",
                path);
        return 1;
    }
    if (a.ranks) {
        char command[4200];
        snprintf(command, sizeof command, "resume %s", a.dir);
        return ct_cli_over_ranks(NULL, &opt, command, a.quiet);
    }
    int rc = ct_run_resume(&opt, &err);
    ct_progress_finish(&progress);
    if (rc)
        fprintf(stderr, "celltwin: %s\n", err.msg);
    else if (!a.quiet)
        fprintf(stderr, "celltwin: resumed and finished the run in %s\n", a.dir);
    return ct_cli_exit_status(rc);
}
