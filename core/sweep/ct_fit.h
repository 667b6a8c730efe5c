/* Calibration files (FIT.json, docs/calibration.md): the scenario and its overrides, the fitted
 * parameters with their priors, the observed data (a CSV of time and counts.csv columns with
 * optional standard deviations, and observed metrics), the distance (weighted sum of squares or
 * a Lua function) and the ABC-SMC settings; the distance of a run to the data; and the fit's
 * outputs posterior.csv and fit.json.
 * Sweep layer: for the fit command and tests. */
#ifndef CT_FIT_H
#define CT_FIT_H

#include "ct_abc.h"
#include "ct_lua_distance.h"
#include "ct_sweep.h"

#define CT_FIT_MAX_DATA_BYTES ((size_t)16 << 20)
#define CT_FIT_MAX_ROWS 100000L
#define CT_FIT_MAX_SERIES 32
#define CT_FIT_MAX_METRICS 32         /* observed metrics */
#define CT_FIT_MAX_METRIC_VALUE 1e15  /* |value| and sd of an observed metric */

/* The observed data: one series per counts.csv column, all at the same times. */
typedef struct ct_fit_data {
    char *file;
    long n_rows;
    int n_series;
    char names[CT_FIT_MAX_SERIES][CT_NAME_MAX]; /* counts.csv columns (cell types) */
    double *time;                               /* n_rows, minutes, increasing */
    double *value;                              /* n_rows x n_series */
    double *sd;                                 /* n_rows x n_series; 1 where not given */
} ct_fit_data;

/* Observed metrics ("metrics" of FIT.json): one value each, compared with the metric's first
   value on the run's counts.csv. */
typedef struct ct_fit_metrics {
    int n;
    char text[CT_FIT_MAX_METRICS][CT_METRIC_MAX_TEXT + 1]; /* as given: "peak(infected)" */
    ct_metric metric[CT_FIT_MAX_METRICS];
    double value[CT_FIT_MAX_METRICS], sd[CT_FIT_MAX_METRICS];
} ct_fit_metrics;

typedef struct ct_fit {
    ct_sweep *runs;     /* scenario, sets, parameter paths and threads, as a sweep of candidates */
    ct_abc_settings abc;
    ct_fit_data data;
    ct_fit_metrics metrics;
    ct_lua_distance *lua_distance; /* "distance": {"lua": FILE}; NULL: weighted_ssq */
    long runs_failed;    /* candidates whose run failed (or wrote no counts.csv), all gens */
    long runs_undefined; /* candidates rejected because a metric was undefined, all gens */
} ct_fit;

/* Reads and checks FIT.json, its scenario, parameter paths, priors and data file. Messages name
   the file and JSON path, or the data file and line. */
int ct_fit_load(const char *path, ct_fit **out, ct_error *err);
void ct_fit_free(ct_fit *f);
/* Reads the data CSV: header "time,NAME,...[,sd_NAME,...]" with NAME a counts.csv column of sc (a
   cell type, or <field>_total when its runs write field totals), rows of finite numbers, times
   increasing within [0, end_time], sd above 0. */
int ct_fit_data_read(const char *path, const ct_scenario *sc, double end_time, ct_fit_data *d,
                     ct_error *err);
void ct_fit_data_free(ct_fit_data *d);
/* "metrics" of FIT.json root: [{"metric": TEXT, "value": X[, "sd": S]}, ...] into m. */
int ct_fit_metrics_parse(ct_jobj *root, const ct_scenario *sc, ct_fit_metrics *m);
/* The distance of candidate (gen, candidate) whose run wrote the counts table t. The simulated
   series are the counts linearly interpolated at the data's times, and the observed metrics'
   values; *out is NAN (the candidate is rejected) when t lacks a column or a metric is not
   defined. weighted_ssq: the sum of ((simulated - observed) / sd)^2 over every point of every
   series, then every metric. A Lua distance: its result; its errors and bad results stop the fit
   (the return value), naming the generation and candidate. */
int ct_fit_distance(const ct_fit *f, const ct_counts_table *t, int gen, long candidate,
                    double *out, ct_error *err);

/* The seed of the runs of generation gen (distinct generations, distinct seeds). */
uint64_t ct_fit_generation_seed(uint64_t fit_seed, int gen);
/* DIR/data.csv: the observed data as given, for figures of the fit directory. */
int ct_fit_copy_data(const ct_fit *f, const char *dir, ct_error *err);
/* DIR/posterior.csv (every generation's particles) and DIR/fit.json (settings, per generation
   tolerance, acceptance, runs; runs_failed and runs_undefined; wall_s; posterior median and 90% interval per parameter). */
int ct_fit_write_outputs(const ct_fit *f, const char *dir, const ct_abc_result *r, double wall_s,
                         ct_error *err);

#endif
