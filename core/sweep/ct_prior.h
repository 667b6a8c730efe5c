/* Priors of fitted parameters (docs/calibration.md): uniform, log-uniform, normal and log-normal,
 * each truncated to [min, max]; drawing from them, their density, and reading them from JSON.
 * Sweep layer: for calibration (ct_abc, ct_fit) and cohorts. */
#ifndef CT_PRIOR_H
#define CT_PRIOR_H

#include "ct_json.h"
#include "ct_rng.h"

enum ct_prior_kind { CT_PRIOR_UNIFORM, CT_PRIOR_LOG_UNIFORM, CT_PRIOR_NORMAL, CT_PRIOR_LOG_NORMAL };

typedef struct ct_prior {
    int kind;
    double min, max;  /* support; log kinds: 0 < min */
    double mean, sd;  /* normal: of the value; log-normal: of its natural log */
} ct_prior;

/* Reads {"kind": ..., "min": ..., "max": ..., "mean": ..., "sd": ...} (mean and sd for the
   normal kinds only); refuses min >= max, min <= 0 on log kinds, sd <= 0, NaN. */
int ct_prior_parse(ct_jobj *o, ct_prior *p);
/* One draw within [min, max]; truncated normals redraw (at most 10^6 times, then the mean
   clamped into the support, which only a support far in a tail can reach). */
double ct_prior_draw(const ct_prior *p, ct_rng *r);
/* Density at x up to a constant factor (the same for every x); 0 outside [min, max]. */
double ct_prior_density(const ct_prior *p, double x);
int ct_prior_in_support(const ct_prior *p, double x);

#endif
