/* Extra counts.csv columns, after the cell type columns: named values that modules (plugins)
 * compute per output row. Like behaviours, columns carry an owner so a failed load removes them.
 * State layer: for plugins (adding columns) and the run outputs (writing them). */
#ifndef CT_COLUMN_H
#define CT_COLUMN_H

#include "ct_error.h"

struct ct_sim;

typedef double (*ct_column_fn)(void *user, const struct ct_sim *sim);
/* Asked when a value is not finite: nonzero when computing it failed, with the owner's message
   in err (a script's error names its line); 0 to let the value be refused as not finite. */
typedef int (*ct_column_failed_fn)(void *user, ct_error *err);

typedef struct ct_column {
    char name[64];
    char owner[64];
    int integer;        /* print as a whole number */
    ct_column_fn value;
    ct_column_failed_fn failed; /* or NULL */
    void *user;
} ct_column;

typedef struct ct_columns {
    ct_column *items;
    int n, cap;
} ct_columns;

/* Adds c; refuses a name that is taken, empty, or unfit for a CSV header. */
int ct_columns_add(ct_columns *cols, const ct_column *c, ct_error *err);
/* Evaluates every column for sim after step steps into values (cols->n entries). A value that is
   not a finite number is refused naming the column, its owner and the step: counts.csv holds
   numbers only, so that it stays readable (render, pandas). */
int ct_columns_evaluate(const ct_columns *cols, const struct ct_sim *sim, unsigned long long step,
                        double *values, ct_error *err);
void ct_columns_remove_owner(ct_columns *cols, const char *owner);
void ct_columns_free(ct_columns *cols);

#endif
