/* CSV reading for viz: lines and quoted fields with file:line messages, and a run's counts.csv
   (step, time in minutes, then one column per type or type:state).
   Inside viz/ only; the CLI uses ct_viz.h. */
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

/* A CSV text in memory read line by line, so that messages can name the file and the line. */
typedef struct ct_viz_csv_cursor {
    char *next_line; /* NULL after the last line */
    size_t line_no;
    const char *path;
    ct_error *err;
} ct_viz_csv_cursor;

/* Cuts the next line out of the buffer (dropping "\r\n" or "\n"); NULL at the end. */
char *ct_viz_csv_next_line(ct_viz_csv_cursor *c);
/* Sets "PATH:LINE: <message>" (CT_EINVAL) and returns CT_EINVAL. */
int ct_viz_csv_error(const ct_viz_csv_cursor *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Splits LINE in place into at most MAX fields, undoing the quoting of cells that hold a comma
   or a quote ("a,b" and "say ""x"""); returns the number of fields, or -1 for more than MAX or
   a broken quote. */
int ct_viz_csv_split(char *line, char **fields, int max);
/* Lines in TEXT (an upper bound on the rows). */
size_t ct_viz_csv_count_lines(const char *text);

/* Reads PATH; refuses a wrong header, a short or long row, or a non-number, naming file and line. */
int ct_viz_series_read(const char *path, ct_viz_series *out, ct_error *err);
void ct_viz_series_free(ct_viz_series *s);

#endif
