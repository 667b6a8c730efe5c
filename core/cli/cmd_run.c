/* `celltwin run` and `celltwin check`: option parsing, then the library's run loop. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ct_alloc.h"
#include "ct_checkpoint.h"
#include "ct_dist_run.h"
#include "ct_mpi.h"
#include "ct_run.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"

typedef struct run_args {
    const char *scenario;
    const char *out;
    const char **sets; /* --set overrides, then --seed and --steps: at most argc entries */
    int n_sets;
    long threads;
    long checkpoint_every;
    int quiet, force, ranks;
    char seed_set[64], steps_set[64]; /* "seed=N", "steps=N" of the last --seed, --steps */
} run_args;

static const char run_help[] =
    "usage: celltwin run SCENARIO.json [options]\n"
    "  --out DIR          output directory (default out/<scenario file name>)\n"
    "  --seed N           random seed (overrides the scenario's \"seed\")\n"
    "  --steps N          number of steps (overrides \"steps\")\n"
    "  --threads N        OpenMP threads (results do not depend on it)\n"
    "  --set PATH=VALUE   override any scenario value by its dotted path, e.g.\n"
    "                     --set cell_types.tumour.proliferation.rate=0.002 (repeatable)\n"
    "  --checkpoint-every N  write DIR/checkpoint.ctck every N steps; after a crash or a\n"
    "                     kill, 'celltwin resume DIR' continues the run bit-identically\n"
    "  --force            replace the run already in DIR (only celltwin's files there\n"
    "                     are removed); without it such a DIR is refused\n"
    "  --quiet            no progress bar\n"
    "  --ranks            under 'mpirun -n K': one simulation split over the K ranks,\n"
    "                     bit-identical to one process (agents only so far: see\n"
    "                     docs/sweeps.md, \"One simulation over MPI ranks\")\n"
    "Writes DIR/counts.csv, DIR/run.json, DIR/snapshots/ and, with output.cells_every,\n"
    "DIR/cells_<step>.csv (docs/formats.md).\n";

static const char check_help[] =
    "usage: celltwin check SCENARIO.json [--set PATH=VALUE]...\n"
    "Validates the scenario (and its initial placement) without running it.\n";

/* Numeric override of a top-level key, checked here so the message names the option; given
   again, the last one counts (it is applied once, after every --set). */
static int set_number(const char *opt, const char *key, const char *v, char *buf, size_t n,
                      long max)
{
    long x;
    if (ct_cli_count(opt, v, 0, max, &x))
        return -1;
    snprintf(buf, n, "%s=%ld", key, x);
    return 0;
}

static int parse_one(run_args *a, int argc, char **argv, int *i, int allow_run_options)
{
    int missing = 0;
    const char *v;
    if ((v = ct_cli_option(argc, argv, i, "--set", &missing))) {
        a->sets[a->n_sets++] = v; /* one per argument: sets has room for argc of them */
        return 0;
    }
    if (allow_run_options) {
        if ((v = ct_cli_option(argc, argv, i, "--out", &missing))) {
            a->out = v;
            return 0;
        }
        if ((v = ct_cli_option(argc, argv, i, "--threads", &missing)))
            return ct_cli_count("--threads", v, 1, 4096, &a->threads);
        if ((v = ct_cli_option(argc, argv, i, "--checkpoint-every", &missing)))
            return ct_cli_count("--checkpoint-every", v, 1, CT_CHECKPOINT_EVERY_MAX,
                                &a->checkpoint_every);
        if ((v = ct_cli_option(argc, argv, i, "--seed", &missing)))
            return set_number("--seed", "seed", v, a->seed_set, sizeof a->seed_set, LONG_MAX);
        if ((v = ct_cli_option(argc, argv, i, "--steps", &missing)))
            return set_number("--steps", "steps", v, a->steps_set, sizeof a->steps_set, LONG_MAX);
        if (!strcmp(argv[*i], "--force")) {
            a->force = 1;
            return 0;
        }
        if (!strcmp(argv[*i], "--ranks")) {
            a->ranks = 1;
            return 0;
        }
    }
    return ct_cli_last_option(argv, *i, missing, allow_run_options ? &a->quiet : NULL,
                              &a->scenario);
}

/* Returns 0 to go on, 1 when help was printed, -1 on a usage error; free_args(a) in every case. */
static int parse_args(run_args *a, int argc, char **argv, int allow_run_options, const char *help)
{
    memset(a, 0, sizeof *a);
    a->sets = ct_calloc((size_t)argc + 2, sizeof *a->sets);
    if (!a->sets) {
        fputs("celltwin: out of memory\n", stderr);
        return -1;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 1;
        }
        if (parse_one(a, argc, argv, &i, allow_run_options))
            return -1;
    }
    if (a->seed_set[0])
        a->sets[a->n_sets++] = a->seed_set;
    if (a->steps_set[0])
        a->sets[a->n_sets++] = a->steps_set;
    if (!a->scenario) {
        fputs(help, stderr);
        return -1;
    }
    return 0;
}

static void free_args(run_args *a)
{
    ct_free(a->sets);
    a->sets = NULL;
}

static const char *default_out_dir(const char *scenario, char *buf, size_t n)
{
    const char *base = strrchr(scenario, '/');
    base = base ? base + 1 : scenario;
    size_t len = strlen(base);
    if (len > 5 && !strcmp(base + len - 5, ".json"))
        len -= 5;
    snprintf(buf, n, "out/%.*s", (int)len, base);
    return buf;
}

int ct_cli_over_ranks(const ct_scenario *sc, const ct_run_options *opt, const char *command,
                      int quiet)
{
    ct_error err = {0};
    ct_mpi m;
    int rc = ct_mpi_start(&m, NULL, NULL, &err);
    if (!rc && !m.active)
        rc = ct_error_set(&err, CT_EINVAL, "--ranks splits one simulation over the ranks that "
                          "mpirun starts: run it as 'mpirun -n K celltwin %s --ranks', or "
                          "leave out --ranks", command);
    if (!rc)
        rc = sc ? ct_dist_run(sc, opt, &err) : ct_dist_resume(opt, &err);
    if (rc && m.rank == 0)
        fprintf(stderr, "celltwin: %s\n", err.msg);
    else if (!rc && m.rank == 0 && !quiet && sc)
        fprintf(stderr, "celltwin: wrote %s/counts.csv and %s/run.json over %d ranks\n",
                opt->out_dir, opt->out_dir, m.size);
    else if (!rc && m.rank == 0 && !quiet)
        fprintf(stderr, "celltwin: resumed and finished the run in %s over %d ranks\n",
                opt->out_dir, m.size);
    ct_mpi_stop(&m);
    return ct_cli_exit_status(rc);
}

static int run_parsed(const run_args *a)
{
    ct_error err = {0};
    ct_scenario *sc;
    if (ct_scenario_load(a->scenario, a->sets, a->n_sets, &sc, &err)) {
        fprintf(stderr, "celltwin: %s\n", err.msg);
        return 1;
    }
    char out_buf[4096];
    ct_progress progress;
    ct_progress_init(&progress, sc->steps, a->quiet);
    ct_run_options opt = {
        .out_dir = a->out ? a->out : default_out_dir(a->scenario, out_buf, sizeof out_buf),
        .threads = (int)a->threads,
        .checkpoint_every = a->checkpoint_every,
        .force = a->force,
        .progress = ct_progress_on_step,
        .ctx = &progress,
        .interrupted = ct_cli_catch_interrupts(),
    };
    if (a->ranks) {
        char command[4200];
        snprintf(command, sizeof command, "run %s", a->scenario);
        int status = ct_cli_over_ranks(sc, &opt, command, a->quiet);
        ct_scenario_free(sc);
        return status;
    }
    int rc = ct_run(sc, &opt, &err);
    ct_progress_finish(&progress);
    if (rc)
        fprintf(stderr, "celltwin: %s\n", err.msg);
    else if (!a->quiet)
        fprintf(stderr, "celltwin: wrote %s/counts.csv and %s/run.json\n", opt.out_dir,
                opt.out_dir);
    ct_scenario_free(sc);
    return ct_cli_exit_status(rc);
}

static int check_parsed(const run_args *a)
{
    ct_error err = {0};
    ct_scenario *sc;
    ct_sim *sim = NULL;
    int rc = ct_scenario_load(a->scenario, a->sets, a->n_sets, &sc, &err);
    if (!rc)
        rc = ct_sim_create(sc, &sim, &err);
    if (rc) {
        fprintf(stderr, "celltwin: %s\n", err.msg);
    } else {
        printf("%s: ok (%dD lattice of %zu sites, %d cell types, %zu initial cells, %lld steps)\n",
               a->scenario, sc->ndim, sim->lat.n_sites, sc->n_types, ct_sim_live_cells(sim),
               sc->steps);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return rc ? 1 : 0;
}

/* Parses the arguments, then runs body on them; returns the process exit status. */
static int with_args(int argc, char **argv, int allow_run_options, const char *help,
                     int (*body)(const run_args *a))
{
    run_args a;
    int prc = parse_args(&a, argc, argv, allow_run_options, help);
    int status = prc > 0 ? 0 : prc < 0 ? 2 : body(&a);
    free_args(&a);
    return status;
}

int ct_cli_run(int argc, char **argv)
{
    return with_args(argc, argv, 1, run_help, run_parsed);
}

int ct_cli_check(int argc, char **argv)
{
    return with_args(argc, argv, 0, check_help, check_parsed);
}
