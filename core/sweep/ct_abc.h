/* ABC-SMC, approximate Bayesian computation by sequential Monte Carlo (docs/calibration.md):
 * Toni et al. 2009 (J R Soc Interface 6:187) with the adaptive tolerance and the kernel of
 * Beaumont et al. 2009 (Biometrika 96:983). Pure: the simulator is a callback that returns the
 * distance of each candidate, so tests drive it with toy models and the fit with celltwin runs.
 * Every random choice comes from a stream keyed by (seed, generation, candidate index), and a
 * batch's candidates are accepted in index order after the whole batch returns, so the result
 * does not depend on how the batch was run (jobs, ranks, finishing order).
 * Sweep layer: for the fit command and tests. */
#ifndef CT_ABC_H
#define CT_ABC_H

#include <stdint.h>

#include "ct_error.h"
#include "ct_prior.h"

#define CT_ABC_MAX_PARAMS 16
#define CT_ABC_MAX_POPULATION 100000L
#define CT_ABC_MAX_GENERATIONS 100
#define CT_ABC_MAX_RUNS 100000000L

typedef struct ct_abc_settings {
    int n_params;
    ct_prior priors[CT_ABC_MAX_PARAMS];
    uint64_t seed;
    long population;       /* particles accepted per generation */
    long batch;            /* candidates simulated together */
    int max_generations;
    double quantile;       /* next tolerance: this quantile of the accepted distances */
    double min_tolerance;  /* stop after a generation at or below it */
    double min_acceptance; /* stop after a generation accepting a smaller fraction */
    long max_runs;         /* simulations of all generations together */
} ct_abc_settings;

/* Fills dist[0..n) for candidates first..first+n-1 of generation gen, whose parameters are
   theta[i * n_params + k]. A NaN distance (a failed run) rejects the candidate. Returns 0 or a
   CT_E* status that stops the fit (message in err). */
typedef int (*ct_abc_simulate_fn)(void *ctx, int gen, long first, long n, const double *theta,
                                  double *dist, ct_error *err);

typedef struct ct_abc_generation {
    double tolerance;  /* INFINITY in generation 0 */
    long candidates;   /* simulated in this generation */
    long examined;     /* candidates up to and with the last one accepted */
    double acceptance; /* population / examined */
    long redraws;      /* perturbed candidates outside the prior support, drawn again */
    double *theta;     /* population x n_params */
    double *weight;    /* population, sums to 1 */
    double *distance;  /* population */
    long *index;       /* population: each particle's candidate index (its run) */
} ct_abc_generation;

enum ct_abc_stop { CT_ABC_MAX_GEN, CT_ABC_MIN_TOL, CT_ABC_MIN_ACC, CT_ABC_RUNS_SPENT };

typedef struct ct_abc_result {
    int n_generations; /* complete ones */
    ct_abc_generation gens[CT_ABC_MAX_GENERATIONS];
    long runs;         /* simulations, a stopped last generation's included */
    int stop;          /* ct_abc_stop */
} ct_abc_result;

/* Called after each complete generation (progress, outputs); nonzero stops the fit with it. */
typedef int (*ct_abc_generation_fn)(void *ctx, const ct_abc_settings *s, const ct_abc_result *r,
                                    ct_error *err);

/* Checks settings: population, batch, generations and runs within the CT_ABC_MAX_* caps,
   quantile in (0, 1), priors with min < max. */
int ct_abc_check(const ct_abc_settings *s, ct_error *err);
int ct_abc_run(const ct_abc_settings *s, ct_abc_simulate_fn simulate, ct_abc_generation_fn done,
               void *ctx, ct_abc_result *out, ct_error *err);
void ct_abc_result_free(ct_abc_result *r);
/* Text of a ct_abc_stop, for reports. */
const char *ct_abc_stop_name(int stop);
/* The q-quantile of x[0..n) (weighted by w when w is not NULL), for credible intervals. */
double ct_abc_quantile(const double *x, const double *w, long n, double q);

#endif
