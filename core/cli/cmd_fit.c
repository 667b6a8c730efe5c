/* `celltwin fit`: calibrates a scenario to data by ABC-SMC (docs/calibration.md). Each batch of
 * candidates is a batch of sweep runs (DIR/gen<g>/runs/<index>) through the sweep's process pool,
 * spread over MPI ranks as sweeps are; every rank takes the same algorithmic steps on the same
 * distances, and rank 0 writes the outputs. Finished runs are kept, so the same command resumes. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ct_alloc.h"
#include "ct_fit.h"
#include "ct_io.h"
#include "ct_mpi.h"
#include "ct_sweep_pool.h"

static const char fit_help[] =
    "usage: celltwin fit FIT.json --out DIR [--jobs N] [--quiet]\n"
    "  --out DIR    fit directory: DIR/posterior.csv, DIR/fit.json, DIR/gen<g>/runs/<i>/\n"
    "  --jobs N     runs at a time on this machine (default: its cores; 1 per MPI rank)\n"
    "  --quiet      no progress\n"
    "Run the same command again to resume: finished runs are kept. Under 'mpirun -n K' each\n"
    "batch of candidates is spread over K ranks. The result does not depend on N or K.\n"
    "The fit file is documented in docs/calibration.md.\n";

typedef struct fit_run {
    ct_fit *f;
    const ct_batch_args *a;
    const ct_mpi *m;
    long jobs;
    double start_s;
} fit_run;

/* Why a candidate has no distance: told apart because a failed run is a problem of the model or
   machine, an undefined metric (e.g. no extinction) only a rejection of that candidate. */
typedef enum candidate_outcome { SCORED, RUN_FAILED, METRIC_UNDEFINED } candidate_outcome;

/* A candidate's distance as ranks exchange it; a record with a status stops the fit. */
typedef struct scored {
    long index;
    double distance;
    int status;
    candidate_outcome outcome;
} scored;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The candidates [first, first + n) of generation gen as points of the sweep of runs. */
static int set_points(ct_sweep *sw, int gen, long first, long n, const double *theta,
                      uint64_t fit_seed)
{
    int d = sw->n_params;
    size_t old = (size_t)(sw->n_points * d), need = (size_t)((first + n) * d);
    ct_sweep_value *v = ct_realloc(sw->point_values, need * sizeof *v + 1);
    if (!v)
        return CT_ENOMEM;
    memset(v + old, 0, (need - old) * sizeof *v);
    sw->point_values = v;
    sw->n_points = first + n;
    sw->seed = ct_fit_generation_seed(fit_seed, gen);
    for (long i = 0; i < n * d; i++) {
        char buf[40];
        ct_sweep_format_number(theta[i], buf, sizeof buf);
        if (!(v[first * d + i].text = ct_strdup(buf)))
            return CT_ENOMEM;
    }
    return CT_OK;
}

/* Drops the previous generation's points: candidate indices restart at 0. */
static void clear_points(ct_sweep *sw)
{
    for (long i = 0; i < sw->n_points * sw->n_params; i++)
        ct_free(sw->point_values[i].text);
    sw->n_points = 0;
}

/* The distance of a finished run: NAN (rejected) when it failed or its counts.csv cannot be
   read (RUN_FAILED) or a metric is not defined (METRIC_UNDEFINED); an error of a Lua distance
   stops the fit. */
static int run_distance(const fit_run *fr, const char *gen_dir, int gen,
                        const ct_sweep_result *res, scored *sc, ct_error *err)
{
    sc->distance = NAN;
    sc->outcome = RUN_FAILED;
    if (!res->ok)
        return CT_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s/runs/%ld/counts.csv", gen_dir, res->id);
    ct_counts_table t;
    ct_error ignored;
    if (ct_counts_table_read(path, &t, &ignored))
        return CT_OK;
    int rc = ct_fit_distance(fr->f, &t, gen, res->id, &sc->distance, err);
    sc->outcome = isnan(sc->distance) ? METRIC_UNDEFINED : SCORED;
    ct_counts_table_free(&t);
    return rc;
}

/* Runs this rank's share of the batch (the unfinished ones), scoring each into mine. */
static int run_share(fit_run *fr, const char *gen_dir, int gen, long first, long n, scored *mine,
                     long *n_mine, ct_error *err)
{
    ct_sweep *sw = fr->f->runs;
    ct_sweep_result *res = ct_calloc((size_t)n, sizeof *res);
    long *todo = ct_malloc((size_t)n * sizeof *todo), n_todo = 0;
    int rc = res && todo ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory");
    *n_mine = 0;
    for (long id = first + fr->m->rank; !rc && id < first + n; id += fr->m->size) {
        ct_sweep_result_read(sw, gen_dir, id, NULL, &res[id - first]);
        if (!res[id - first].ok)
            todo[n_todo++] = id;
    }
    if (!rc)
        rc = ct_sweep_pool_run(sw, gen_dir, todo, n_todo, fr->jobs, !fr->a->quiet, res, first,
                               err);
    for (long id = first + fr->m->rank; !rc && id < first + n; id += fr->m->size) {
        scored *sc = &mine[(*n_mine)++];
        *sc = (scored){.index = id};
        rc = run_distance(fr, gen_dir, gen, &res[id - first], sc, err);
    }
    if (rc) /* the other ranks learn it from this record */
        mine[(*n_mine)++] = (scored){.index = -1, .distance = NAN, .status = rc};
    ct_free(res);
    ct_free(todo);
    return rc;
}

/* Everyone's distances, in candidate order, on every rank, and the tally of candidates without
   one. Every rank takes part, also one whose share failed (status), so that the others do not
   wait for it. */
static int share_distances(fit_run *fr, int status, const scored *mine, long n_mine,
                           long first, long n, double *dist, ct_error *err)
{
    void *all = NULL;
    long n_all = 0;
    int rc = ct_mpi_gather(fr->m, mine, n_mine, sizeof *mine, &all, &n_all, err);
    rc = status ? status : rc;
    const scored *got = all;
    for (long i = 0; i < n_all; i++)
        if (got[i].status && !rc)
            rc = ct_error_set(err, got[i].status, "another rank stopped the fit (its message is "
                                                  "above)");
        else if (got[i].index >= first && got[i].index < first + n) {
            dist[got[i].index - first] = got[i].distance;
            fr->f->runs_failed += got[i].outcome == RUN_FAILED;
            fr->f->runs_undefined += got[i].outcome == METRIC_UNDEFINED;
        }
    ct_free(all);
    rc = ct_mpi_share_status(fr->m, rc);
    return rc ? rc : ct_mpi_broadcast(fr->m, dist, (size_t)n * sizeof *dist, err);
}

static int simulate(void *ctx, int gen, long first, long n, const double *theta, double *dist,
                    ct_error *err)
{
    fit_run *fr = ctx;
    ct_sweep *sw = fr->f->runs;
    char gen_dir[4200], runs_dir[4300];
    snprintf(gen_dir, sizeof gen_dir, "%s/gen%d", fr->a->out, gen);
    snprintf(runs_dir, sizeof runs_dir, "%s/runs", gen_dir);
    if (first == 0)
        clear_points(sw);
    if (set_points(sw, gen, first, n, theta, fr->f->abc.seed))
        return ct_error_set(err, CT_ENOMEM, "out of memory for generation %d", gen);
    int rc = ct_io_mkdirs(runs_dir, err);
    scored *mine = rc ? NULL : ct_malloc((size_t)(n + 1) * sizeof *mine);
    long n_mine = 0;
    if (!rc && !mine)
        rc = ct_error_set(err, CT_ENOMEM, "out of memory");
    for (long i = 0; i < n; i++)
        dist[i] = NAN;
    if (!rc)
        rc = run_share(fr, gen_dir, gen, first, n, mine, &n_mine, err);
    if (mine)
        rc = share_distances(fr, rc, mine, n_mine, first, n, dist, err);
    ct_free(mine);
    return rc;
}

/* After each generation: a progress line, and the outputs so far (rank 0). */
static int generation_done(void *ctx, const ct_abc_settings *s, const ct_abc_result *r,
                           ct_error *err)
{
    fit_run *fr = ctx;
    const ct_abc_generation *g = &r->gens[r->n_generations - 1];
    if (fr->m->rank != 0)
        return CT_OK;
    if (!fr->a->quiet)
        fprintf(stderr,
                "celltwin: generation %d: tolerance %.6g, %ld accepted of %ld (acceptance "
                "%.3f), %ld runs in all\n",
                r->n_generations - 1, g->tolerance, s->population, g->examined, g->acceptance,
                r->runs);
    return ct_fit_write_outputs(fr->f, fr->a->out, r, now_s() - fr->start_s, err);
}

static int fit(ct_fit *f, const ct_batch_args *a, const ct_mpi *m, ct_error *err)
{
    fit_run fr = {.f = f, .a = a, .m = m, .start_s = now_s()};
    fr.jobs = a->jobs ? a->jobs : m->size > 1 ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
    int rc = m->rank == 0 ? ct_sweep_prepare_dir(f->runs, a->out, err) : CT_OK;
    if (!rc && m->rank == 0)
        rc = ct_fit_copy_data(f, a->out, err);
    if (ct_mpi_share_status(m, rc))
        return 1;
    ct_abc_result r;
    rc = ct_abc_run(&f->abc, simulate, generation_done, &fr, &r, err);
    if (!rc && m->rank == 0)
        rc = ct_fit_write_outputs(f, a->out, &r, now_s() - fr.start_s, err);
    if (!rc && m->rank == 0 && !a->quiet)
        fprintf(stderr,
                "celltwin: fit stopped by %s after %d generations, %ld runs (%ld failed, %ld "
                "rejected: metric undefined); wrote %s/posterior.csv and %s/fit.json\n",
                ct_abc_stop_name(r.stop), r.n_generations, r.runs, f->runs_failed,
                f->runs_undefined, a->out, a->out);
    if (!rc)
        ct_abc_result_free(&r);
    return ct_mpi_share_status(m, rc ? 1 : 0);
}

int ct_cli_fit(int argc, char **argv)
{
    ct_batch_args a;
    int prc = ct_cli_batch_args(&a, argc, argv, fit_help);
    if (prc)
        return prc > 0 ? 0 : 2;
    ct_error err = {0};
    ct_mpi m;
    ct_fit *f = NULL;
    int rc = ct_mpi_start(&m, &argc, &argv, &err) ? 1 : 0;
    if (!rc && ct_fit_load(a.file, &f, &err))
        rc = 1;
    if (!rc)
        rc = fit(f, &a, &m, &err);
    if (err.msg[0])
        fprintf(stderr, "celltwin: %s\n", err.msg);
    ct_fit_free(f);
    ct_mpi_stop(&m);
    return rc;
}
