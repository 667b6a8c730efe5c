/* Helpers shared by the model validation tests (docs/models.md): load a shipped scenario with
 * overrides, count cells by type and state, replicate statistics. */
#ifndef CT_TEST_MODEL_HELPERS_H
#define CT_TEST_MODEL_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "ct_scenario.h"
#include "ct_sim.h"

/* Loads $CT_ROOT/scenarios/NAME (default root: the working directory) with "PATH=VALUE"
   overrides; NULL on error (message printed). */
ct_scenario *mh_load(const char *name, const char *const *overrides, int n_overrides);
/* Live cells of the named type (-1 if no such type), in the named state when state is not NULL. */
long mh_count(const ct_sim *sim, const char *type, const char *state);
/* The model tests run one OpenMP thread (their lattices are small; results do not depend on it):
   mh_single_thread() sets it and returns the previous count for mh_restore_threads(). */
int mh_single_thread(void);
void mh_restore_threads(int saved);
/* Mean and standard error of the mean of x[0..n-1] (se 0 when n < 2). */
void mh_mean_se(const double *x, int n, double *mean, double *se);

#endif
