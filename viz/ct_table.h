/* A small CSV table for figures of fit and cohort directories: the header, every cell as text
   and as a number (NaN for NA or text).
   Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_TABLE_H
#define CT_VIZ_TABLE_H

#include <stddef.h>

#include "ct_error.h"

#define CT_VIZ_TABLE_MAX_ROWS 10000000L

typedef struct ct_viz_table {
    char *text;     /* the file, cut into cells */
    int n_cols;
    char **names;   /* n_cols */
    size_t n_rows;
    char **cells;   /* n_rows x n_cols */
    double *values; /* n_rows x n_cols */
} ct_viz_table;

/* Reads PATH; every row must have the header's number of cells (file:line otherwise). */
int ct_viz_table_read(const char *path, ct_viz_table *t, ct_error *err);
void ct_viz_table_free(ct_viz_table *t);
/* Index of the column NAME, or -1. */
int ct_viz_table_column(const ct_viz_table *t, const char *name);
double ct_viz_table_value(const ct_viz_table *t, size_t row, int col);
/* Nonzero when DIR/NAME is a regular file (which kind of directory render was given). */
int ct_viz_dir_has(const char *dir, const char *name);

#endif
