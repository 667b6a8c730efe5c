/* The Kaplan-Meier estimate of an event-free (survival) curve from event and censoring times, as
 * the cohort figure draws it per arm. Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_KM_H
#define CT_VIZ_KM_H

#include "ct_error.h"

typedef struct ct_viz_km {
    long n_steps;     /* distinct event times */
    double *time;     /* n_steps, increasing */
    double *survival; /* n_steps: S just after time[k] */
    long n_censored;
    double *censored; /* n_censored finite censoring times, increasing (the curve's ticks) */
} ct_viz_km;

/* Estimates S(t) from N subjects: subject i had its event at TIME[i] when EVENT[i], else left
   the risk set without one at TIME[i] (censored; +inf: after every event, drawn without a
   tick). A NaN time leaves the subject out. At a time with both, the censored are still at risk
   (the usual convention). KM is freed with ct_viz_km_free, also on error. */
int ct_viz_km_make(const double *time, const int *event, long n, ct_viz_km *km, ct_error *err);
/* S(t): 1 before the first event, right-continuous steps after. */
double ct_viz_km_survival(const ct_viz_km *km, double t);
void ct_viz_km_free(ct_viz_km *km);

#endif
