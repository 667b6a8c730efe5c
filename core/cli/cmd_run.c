/* `celltwin run` and `celltwin check`: option parsing, then the library's run loop. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ct_run.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"

#define MAX_SETS 256

typedef struct run_args {
    const char *scenario;
    const char *out;
    const char *sets[MAX_SETS + 2]; /* --set overrides, then --seed and --steps */
    int n_sets;
    long threads;
    long checkpoint_every;
    int quiet;
    char seed_set[64], steps_set[64];
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
    "  --quiet            no progress bar\n"
    "Writes DIR/counts.csv, DIR/run.json and DIR/snapshots/.\n";

static const char check_help[] =
    "usage: celltwin check SCENARIO.json [--set PATH=VALUE]...\n"
    "Validates the scenario (and its initial placement) without running it.\n";

static int add_set(run_args *a, const char *s)
{
    if (a->n_sets >= MAX_SETS) {
        fprintf(stderr, "celltwin: at most %d --set options\n", MAX_SETS);
        return -1;
    }
    a->sets[a->n_sets++] = s;
    return 0;
}

/* Numeric override of a top-level key, checked here so the message names the option. */
static int set_number(run_args *a, const char *opt, const char *key, const char *v, char *buf,
                      size_t n, long max)
{
    long x;
    if (ct_cli_count(opt, v, 0, max, &x))
        return -1;
    snprintf(buf, n, "%s=%ld", key, x);
    a->sets[a->n_sets++] = buf;
    return 0;
}

static int parse_one(run_args *a, int argc, char **argv, int *i, int allow_run_options)
{
    int missing = 0;
    const char *v;
    if ((v = ct_cli_option(argc, argv, i, "--set", &missing)))
        return add_set(a, v);
    if (allow_run_options) {
        if ((v = ct_cli_option(argc, argv, i, "--out", &missing))) {
            a->out = v;
            return 0;
        }
        if ((v = ct_cli_option(argc, argv, i, "--threads", &missing)))
            return ct_cli_count("--threads", v, 1, 4096, &a->threads);
        if ((v = ct_cli_option(argc, argv, i, "--checkpoint-every", &missing)))
            return ct_cli_count("--checkpoint-every", v, 1, LONG_MAX, &a->checkpoint_every);
        if ((v = ct_cli_option(argc, argv, i, "--seed", &missing)))
            return set_number(a, "--seed", "seed", v, a->seed_set, sizeof a->seed_set, LONG_MAX);
        if ((v = ct_cli_option(argc, argv, i, "--steps", &missing)))
            return set_number(a, "--steps", "steps", v, a->steps_set, sizeof a->steps_set,
                              LONG_MAX);
    }
    return ct_cli_last_option(argv, *i, missing, allow_run_options ? &a->quiet : NULL,
                              &a->scenario);
}

/* Returns 0 to go on, 1 when help was printed, -1 on a usage error. */
static int parse_args(run_args *a, int argc, char **argv, int allow_run_options, const char *help)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 1;
        }
        if (parse_one(a, argc, argv, &i, allow_run_options))
            return -1;
    }
    if (!a->scenario) {
        fputs(help, stderr);
        return -1;
    }
    return 0;
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

int ct_cli_run(int argc, char **argv)
{
    run_args a;
    int prc = parse_args(&a, argc, argv, 1, run_help);
    if (prc)
        return prc > 0 ? 0 : 2;
    ct_error err = {0};
    ct_scenario *sc;
    if (ct_scenario_load(a.scenario, a.sets, a.n_sets, &sc, &err)) {
        fprintf(stderr, "celltwin: %s\n", err.msg);
        return 1;
    }
    char out_buf[4096];
    ct_progress progress;
    ct_progress_init(&progress, sc->steps, a.quiet);
    ct_run_options opt = {
        .out_dir = a.out ? a.out : default_out_dir(a.scenario, out_buf, sizeof out_buf),
        .threads = (int)a.threads,
        .checkpoint_every = a.checkpoint_every,
        .progress = ct_progress_on_step,
        .ctx = &progress,
        .interrupted = ct_cli_catch_interrupts(),
    };
    int rc = ct_run(sc, &opt, &err);
    ct_progress_finish(&progress);
    if (rc)
        fprintf(stderr, "celltwin: %s\n", err.msg);
    else if (!a.quiet)
        fprintf(stderr, "celltwin: wrote %s/counts.csv and %s/run.json\n", opt.out_dir,
                opt.out_dir);
    ct_scenario_free(sc);
    return ct_cli_exit_status(rc);
}

int ct_cli_check(int argc, char **argv)
{
    run_args a;
    int prc = parse_args(&a, argc, argv, 0, check_help);
    if (prc)
        return prc > 0 ? 0 : 2;
    ct_error err = {0};
    ct_scenario *sc;
    ct_sim *sim = NULL;
    int rc = ct_scenario_load(a.scenario, a.sets, a.n_sets, &sc, &err);
    if (!rc)
        rc = ct_sim_create(sc, &sim, &err);
    if (rc) {
        fprintf(stderr, "celltwin: %s\n", err.msg);
    } else {
        printf("%s: ok (%dD lattice of %zu sites, %d cell types, %zu initial cells, %lld steps)\n",
               a.scenario, sc->ndim, sim->lat.n_sites, sc->n_types, ct_sim_live_cells(sim),
               sc->steps);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return rc ? 1 : 0;
}
