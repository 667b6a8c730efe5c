/* The local process pool of `celltwin sweep`, for other commands that run batches of a sweep's
 * runs (the fit: one batch of ABC candidates at a time).
 * The CLI only. */
#ifndef CT_SWEEP_POOL_H
#define CT_SWEEP_POOL_H

#include "ct_sweep.h"

/* Runs the runs ids[0..n) of sw as `celltwin run` children in DIR/runs/<id>, at most jobs at a
   time; results[id - first_id] gets each outcome. progress: a bar on stderr when it is a
   terminal. */
int ct_sweep_pool_run(const ct_sweep *sw, const char *dir, const long *ids, long n, long jobs,
                      int progress, ct_sweep_result *results, long first_id, ct_error *err);

#endif
