/* A sweep's summary.csv read back: point, one column per parameter, metric, n, mean, sd, min, max
   (one row per parameter point and metric; NA read as NaN).
   Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_SWEEP_SUMMARY_H
#define CT_VIZ_SWEEP_SUMMARY_H

#include <stddef.h>

#include "ct_error.h"

typedef struct ct_viz_summary_row {
    char **values; /* the point's parameter values as written, n_params of them */
    int metric;    /* index into metrics */
    double n, mean, sd, min, max;
} ct_viz_summary_row;

typedef struct ct_viz_summary {
    int n_params;
    char **params;  /* parameter paths, in column order */
    int n_metrics;
    char **metrics; /* metric names in order of first appearance */
    size_t n_rows;
    ct_viz_summary_row *rows;
    char *text;     /* the file, which every name and value points into */
    char **labels;  /* NULL, or n_params names for figures from labels.csv (ct_sweep_labels.h) */
    char *labels_text;
} ct_viz_summary;

#define CT_VIZ_SUMMARY_FILE "summary.csv"

/* Reads PATH; refuses a wrong header, a row of the wrong length or a value that is neither a
   number nor NA, naming the file and the line. */
int ct_viz_summary_read(const char *path, ct_viz_summary *out, ct_error *err);
void ct_viz_summary_free(ct_viz_summary *s);
/* Index of the parameter or metric called NAME, or -1. */
int ct_viz_summary_param(const ct_viz_summary *s, const char *name);
int ct_viz_summary_metric(const ct_viz_summary *s, const char *name);

#endif
