/* CSV tables for fit and cohort figures. */
#include "ct_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_csv_read.h"
#include "ct_io.h"

static double cell_number(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(v) ? v : NAN;
}

static int read_rows(ct_viz_csv_cursor *c, ct_viz_table *t, size_t max_rows)
{
    char **fields = ct_malloc((size_t)(t->n_cols + 1) * sizeof *fields);
    t->cells = ct_malloc((max_rows * (size_t)t->n_cols + 1) * sizeof *t->cells);
    t->values = ct_malloc((max_rows * (size_t)t->n_cols + 1) * sizeof *t->values);
    int rc = fields && t->cells && t->values ? CT_OK
                                             : ct_error_set(c->err, CT_ENOMEM, "out of memory");
    for (char *line; !rc && (line = ct_viz_csv_next_line(c));) {
        if (!line[0])
            continue;
        if (ct_viz_csv_split(line, fields, t->n_cols + 1) != t->n_cols) {
            rc = ct_viz_csv_error(c, "expected %d cells", t->n_cols);
            break;
        }
        for (int k = 0; k < t->n_cols; k++) {
            t->cells[t->n_rows * (size_t)t->n_cols + (size_t)k] = fields[k];
            t->values[t->n_rows * (size_t)t->n_cols + (size_t)k] = cell_number(fields[k]);
        }
        t->n_rows++;
    }
    ct_free(fields);
    return rc;
}

int ct_viz_table_read(const char *path, ct_viz_table *t, ct_error *err)
{
    memset(t, 0, sizeof *t);
    int rc = ct_io_read_file(path, &t->text, NULL, err);
    if (rc)
        return rc;
    size_t lines = ct_viz_csv_count_lines(t->text);
    ct_viz_csv_cursor c = {t->text, 0, path, err};
    char *header = ct_viz_csv_next_line(&c);
    char **names = ct_malloc(1024 * sizeof *names);
    int n = header && names ? ct_viz_csv_split(header, names, 1024) : -1;
    if (n < 1 || lines > (size_t)CT_VIZ_TABLE_MAX_ROWS)
        rc = ct_error_set(err, CT_EINVAL, "%s: expected a header of 1 to 1024 columns and at most "
                          "%ld rows", path, CT_VIZ_TABLE_MAX_ROWS);
    t->names = names;
    t->n_cols = n;
    if (!rc)
        rc = read_rows(&c, t, lines);
    if (rc)
        ct_viz_table_free(t);
    return rc;
}

void ct_viz_table_free(ct_viz_table *t)
{
    ct_free(t->text);
    ct_free(t->names);
    ct_free(t->cells);
    ct_free(t->values);
    memset(t, 0, sizeof *t);
}

int ct_viz_table_column(const ct_viz_table *t, const char *name)
{
    for (int k = 0; k < t->n_cols; k++)
        if (!strcmp(t->names[k], name))
            return k;
    return -1;
}

double ct_viz_table_value(const ct_viz_table *t, size_t row, int col)
{
    return t->values[row * (size_t)t->n_cols + (size_t)col];
}

int ct_viz_dir_has(const char *dir, const char *name)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
