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
#define CT_METRIC_MAX_TEXT 127  /* bytes of a metric's text form */
#define CT_METRIC_MAX_THRESHOLD 1e15 /* |X| of time_to(COLUMN >= X) */
#define CT_METRIC_MAX_COLUMN (CT_NAME_MAX + 48) /* bytes of a column name with its NUL */

typedef struct ct_metric {
    int kind;                      /* row of the kind table */
    char subject[CT_NAME_MAX];     /* the cell type or field it is about */
    char column[CT_NAME_MAX + 8];  /* the counts.csv column it reads: the type or <field>_total */
    double threshold;              /* time_to: the count to reach */
    int below;                     /* time_to: count <= threshold; otherwise count >= threshold */
} ct_metric;

/* counts.csv read back: time and the count of each column in each row. */
typedef struct ct_counts_table {
    int n_cols;     /* count columns (cell types), after step and time */
    char **names;   /* n_cols column names */
    size_t n_rows;
    double *time;   /* n_rows */
    double *counts; /* n_rows * n_cols, row-major */
} ct_counts_table;

/* Reads one metric at JSON path of file: an object {"kind": ..., "type" | "field": ...[, "above" |
   "below": X]} or the text form (ct_metric_parse_text), and checks its subject against sc. */
int ct_metric_parse(const char *file, ct_error *err, cJSON *node, const char *path,
                    const ct_scenario *sc, ct_metric *m);
/* The text form, shared by sweeps, cohorts and fits (docs/sweeps.md#metrics): NAME(COLUMN) with
   NAME final, peak, time_to_peak, auc or extinction_time, or time_to(COLUMN >= X) and
   time_to(COLUMN <= X); COLUMN a cell type of sc or "<field>_total". At most CT_METRIC_MAX_TEXT
   bytes; refusals name file and path. */
int ct_metric_parse_text(const char *text, const ct_scenario *sc, const char *file,
                         ct_error *err, const char *path, ct_metric *m);
/* Number of values (columns) the metric records. */
int ct_metric_n_columns(const ct_metric *m);
/* Whether the metric records survival data: value 0 a time, value 1 whether the event happened
   (1) or the run ended first (0: censored, value 0 is then the run's last time). */
int ct_metric_is_survival(const ct_metric *m);
/* Name of value k, e.g. "peak_tumour" or "peak_time_tumour". */
void ct_metric_column_name(const ct_metric *m, int k, char *buf, size_t n);
/* Refuses metric I of LIST when it records a column an earlier one records too (one would
   overwrite the other in the CSV): the error names the column and both JSON paths,
   LIST_PATH/I and LIST_PATH/K (e.g. "/metrics"). */
int ct_metric_check_distinct(const ct_metric *list, int i, const char *file, ct_error *err,
                             const char *list_path);
/* Evaluates the metric on a run's counts; NAN stands for "not defined" (no extinction). */
int ct_metric_eval(const ct_metric *m, const ct_counts_table *t, double *out, ct_error *err);

int ct_counts_table_read(const char *path, ct_counts_table *t, ct_error *err);
void ct_counts_table_free(ct_counts_table *t);

#endif
