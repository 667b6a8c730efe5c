/* Summary metrics of one run (final count, peak, extinction time, ...) computed from its outputs,
 * as sweeps record them. New kinds are rows of one table in ct_metrics.c.
 * Sim layer: for sweeps. */
#ifndef CT_METRICS_H
#define CT_METRICS_H

#include <stddef.h>

#include "ct_error.h"
#include "ct_json.h"
#include "ct_scenario.h"

#define CT_METRIC_MAX_COLUMNS 2 /* values one metric records */

typedef struct ct_metric {
    int kind;                  /* row of the kind table */
    char subject[CT_NAME_MAX]; /* the cell type or field it is about */
} ct_metric;

/* counts.csv read back: time and the count of each column in each row. */
typedef struct ct_counts_table {
    int n_cols;     /* count columns (cell types), after step and time */
    char **names;   /* n_cols column names */
    size_t n_rows;
    double *time;   /* n_rows */
    double *counts; /* n_rows * n_cols, row-major */
} ct_counts_table;

/* Reads one metric spec {"kind": ..., "type" | "field": ...} and checks its subject against sc. */
int ct_metric_parse(ct_jobj *o, const ct_scenario *sc, ct_metric *m);
/* Number of values (columns) the metric records. */
int ct_metric_n_columns(const ct_metric *m);
/* Name of value k, e.g. "peak_tumour" or "peak_time_tumour". */
void ct_metric_column_name(const ct_metric *m, int k, char *buf, size_t n);
/* Evaluates the metric on a run's counts; NAN stands for "not defined" (no extinction). */
int ct_metric_eval(const ct_metric *m, const ct_counts_table *t, double *out, ct_error *err);

int ct_counts_table_read(const char *path, ct_counts_table *t, ct_error *err);
void ct_counts_table_free(ct_counts_table *t);

#endif
