/* The local process pool of `celltwin sweep`, for other commands that run batches of a sweep's
 * runs (the fit: one batch of ABC candidates at a time).
 * The CLI only. */
#ifndef CT_SWEEP_POOL_H
#define CT_SWEEP_POOL_H

#include "ct_mpi.h"
#include "ct_sweep.h"

/* Runs the runs ids[0..n) of sw as `celltwin run` children in DIR/runs/<id>, at most jobs at a
   time; results[id - first_id] gets each outcome. progress: a bar on stderr when it is a
   terminal. */
int ct_sweep_pool_run(const ct_sweep *sw, const char *dir, const long *ids, long n, long jobs,
                      int progress, ct_sweep_result *results, long first_id, ct_error *err);
/* Runs every run of sw not yet finished in DIR (made and checked by ct_sweep_prepare_dir),
   spread over the MPI ranks of m, at most jobs at a time per rank (0: the cores, or 1 under
   MPI); rank 0 gets every outcome in results[id]. Returns 0 or a CT_E* status. */
int ct_sweep_execute(const ct_sweep *sw, const char *dir, long jobs, int quiet, const ct_mpi *m,
                     ct_sweep_result *results, ct_error *err);

#endif
