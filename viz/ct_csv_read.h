/* Reading a run's counts.csv: step, time (minutes), then one column per type or type:state. */
#ifndef CT_VIZ_CSV_READ_H
#define CT_VIZ_CSV_READ_H

#include <stddef.h>

#include "ct_error.h"

typedef struct ct_viz_series {
    int n_columns;    /* data columns after step and time */
    char **names;     /* their header names */
    size_t n_rows;
    double *time_min; /* n_rows times, minutes */
    double *values;   /* n_rows x n_columns, row-major */
} ct_viz_series;

#define CT_VIZ_MAX_COLUMNS 4096

/* Reads PATH; refuses a wrong header, a short or long row, or a non-number, naming file and line. */
int ct_viz_series_read(const char *path, ct_viz_series *out, ct_error *err);
void ct_viz_series_free(ct_viz_series *s);

#endif
