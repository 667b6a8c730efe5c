/* Virtual cohorts (COHORT.json, docs/calibration.md): N virtual patients with parameters drawn
 * from priors, each run in every arm (a set of overrides) with the same seed, so differences
 * between arms are paired and not noise; cohort.csv and cohort_summary.csv (per-arm medians,
 * paired differences against the first arm with bootstrap intervals).
 * The cohort is a sweep: point = arm * patients + patient, seeds shared by a patient's points.
 * Sweep layer: for the cohort command and tests. */
#ifndef CT_COHORT_H
#define CT_COHORT_H

#include "ct_prior.h"
#include "ct_sweep.h"

#define CT_COHORT_MAX_PATIENTS 100000L
#define CT_COHORT_MAX_ARMS 16
#define CT_COHORT_BOOTSTRAP 1000 /* resamples of patients for each interval */

typedef struct ct_cohort {
    ct_sweep *runs;        /* parameters: the patients' first, then the paths the arms set */
    int n_patient_params;
    ct_prior priors[CT_SWEEP_MAX_PARAMS];
    long n_patients;
    int n_arms;
    char arm_names[CT_COHORT_MAX_ARMS][CT_NAME_MAX];
    char *post_text;       /* patients from a fit: its posterior.csv (parameter paths point in) */
    long post_n;           /* particles of its last generation */
    double *post_cum;      /* their cumulative weights */
    double *post_theta;    /* post_n x n_patient_params */
} ct_cohort;

/* Reads the posterior.csv NAME (relative to the cohort file) of o's "posterior": its last
   generation's particles and weights; its parameter columns become the patient parameters. */
int ct_cohort_read_posterior(ct_jobj *o, ct_cohort *c, const char *name);
/* Patient's value of parameter k: a particle drawn by weight, from a stream keyed by (seed,
   patient). */
double ct_cohort_posterior_value(const ct_cohort *c, long patient, int k);
int ct_cohort_load(const char *path, ct_cohort **out, ct_error *err);
void ct_cohort_free(ct_cohort *c);
/* DIR/cohort.csv (patient, arm, parameters, metric values; NA when not defined or failed) and
   DIR/cohort_summary.csv; results[id] for every run of c->runs. */
int ct_cohort_write_reports(const ct_cohort *c, const char *dir, const ct_sweep_result *results,
                            ct_error *err);

#endif
