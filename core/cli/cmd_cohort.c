/* `celltwin cohort`: runs every virtual patient in every arm (a sweep with paired seeds, through
 * the sweep's process pool or MPI ranks) and writes cohort.csv and cohort_summary.csv. Finished
 * runs are kept, so the same command resumes. */
#include <stdio.h>

#include "cli.h"
#include "ct_alloc.h"
#include "ct_cohort.h"
#include "ct_mpi.h"
#include "ct_sweep_pool.h"

static const char cohort_help[] =
    "usage: celltwin cohort COHORT.json --out DIR [--jobs N] [--quiet]\n"
    "  --out DIR    cohort directory: DIR/cohort.csv, DIR/cohort_summary.csv, DIR/runs/<id>/\n"
    "  --jobs N     runs at a time on this machine (default: its cores; 1 per MPI rank)\n"
    "  --quiet      no progress bar\n"
    "Every patient runs in every arm with the same seed (a paired design). Run the same\n"
    "command again to resume. Exit status: 0 when every run succeeded, 3 when some failed\n"
    "(NA in cohort.csv), 1 when the cohort could not run. See docs/calibration.md.\n";

static int any_failed(const ct_sweep_result *results, long n)
{
    for (long id = 0; id < n; id++)
        if (!results[id].ok)
            return 1;
    return 0;
}

static int cohort(const ct_cohort *c, const ct_batch_args *a, const ct_mpi *m, ct_error *err)
{
    long n = ct_sweep_n_runs(c->runs);
    ct_sweep_result *results = ct_calloc((size_t)n, sizeof *results);
    int rc = results ? ct_sweep_execute(c->runs, a->out, a->jobs, a->quiet, m, results, err)
                     : ct_error_set(err, CT_ENOMEM, "out of memory");
    if (!rc && m->rank == 0)
        rc = ct_cohort_write_reports(c, a->out, results, err);
    int failed = !rc && m->rank == 0 && any_failed(results, n);
    if (!rc && m->rank == 0 && !a->quiet)
        fprintf(stderr,
                "celltwin: cohort of %ld patients x %d arms%s; wrote %s/cohort.csv and "
                "%s/cohort_summary.csv\n",
                c->n_patients, c->n_arms, failed ? ", some runs failed" : "", a->out, a->out);
    ct_free(results);
    return ct_mpi_share_status(m, rc ? 1 : failed ? 3 : 0);
}

int ct_cli_cohort(int argc, char **argv)
{
    ct_batch_args a;
    int prc = ct_cli_batch_args(&a, argc, argv, cohort_help);
    if (prc)
        return prc > 0 ? 0 : 2;
    ct_error err = {0};
    ct_mpi m;
    ct_cohort *c = NULL;
    int rc = ct_mpi_start(&m, &argc, &argv, &err) ? 1 : 0;
    if (!rc && ct_cohort_load(a.file, &c, &err))
        rc = 1;
    if (!rc)
        rc = cohort(c, &a, &m, &err);
    if (err.msg[0])
        fprintf(stderr, "celltwin: %s\n", err.msg);
    ct_cohort_free(c);
    ct_mpi_stop(&m);
    return rc;
}
