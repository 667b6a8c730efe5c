/* Column choice for time-series plots: --columns, and cells apart from plugin columns. */
#include "ct_series_columns.h"

#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"

static int column_index(const ct_viz_series *s, const char *name, size_t len)
{
    for (int c = 0; c < s->n_columns; c++)
        if (strlen(s->names[c]) == len && strncmp(s->names[c], name, len) == 0)
            return c;
    return -1;
}

/* DST gets copies of the columns COLS[0..n) of SRC, in that order. */
static int copy_columns(const ct_viz_series *src, const int *cols, int n, ct_viz_series *dst,
                        ct_error *err)
{
    memset(dst, 0, sizeof *dst);
    dst->n_rows = src->n_rows;
    dst->names = ct_calloc(n > 0 ? (size_t)n : 1, sizeof *dst->names);
    dst->time_min = ct_malloc((src->n_rows ? src->n_rows : 1) * sizeof *dst->time_min);
    dst->values = ct_malloc((src->n_rows * (size_t)n + 1) * sizeof *dst->values);
    int ok = dst->names && dst->time_min && dst->values;
    for (int k = 0; ok && k < n; k++, dst->n_columns++)
        ok = (dst->names[k] = ct_strdup(src->names[cols[k]])) != NULL;
    if (!ok) {
        ct_viz_series_free(dst);
        return ct_error_set(err, CT_ENOMEM, "out of memory choosing time-series columns");
    }
    memcpy(dst->time_min, src->time_min, src->n_rows * sizeof *dst->time_min);
    for (size_t r = 0; r < src->n_rows; r++)
        for (int k = 0; k < n; k++)
            dst->values[r * (size_t)n + k] = src->values[r * (size_t)src->n_columns + cols[k]];
    return CT_OK;
}

static int unknown_column(const ct_viz_series *s, const char *name, size_t len,
                          const char *path, ct_error *err)
{
    char known[1024];
    size_t used = 0;
    known[0] = '\0';
    for (int c = 0; c < s->n_columns && used < sizeof known; c++)
        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", c ? ", " : "",
                                 s->names[c]);
    return ct_error_set(err, CT_EINVAL, "%s: no column \"%.*s\" (columns: %s)", path, (int)len,
                        name, known);
}

/* Fills COLS from LIST; returns how many, or a negative status. */
static int parse_pick(const ct_viz_series *s, const char *list, const char *path, int *cols,
                      ct_error *err)
{
    int n = 0;
    for (const char *p = list;; p++) {
        size_t len = strcspn(p, ",");
        if (len == 0)
            return ct_error_set(err, CT_EINVAL, "--columns: an empty name in \"%s\"", list);
        if (n == CT_VIZ_MAX_PICKED_COLUMNS)
            return ct_error_set(err, CT_EINVAL, "--columns: more than %d names",
                                CT_VIZ_MAX_PICKED_COLUMNS);
        int c = column_index(s, p, len);
        if (c < 0)
            return unknown_column(s, p, len, path, err);
        for (int k = 0; k < n; k++)
            if (cols[k] == c)
                return ct_error_set(err, CT_EINVAL, "--columns: \"%s\" named twice",
                                    s->names[c]);
        cols[n++] = c;
        p += len;
        if (*p == '\0')
            return n;
    }
}

int ct_viz_series_pick(ct_viz_series *series, const char *list, const char *path, ct_error *err)
{
    int cols[CT_VIZ_MAX_PICKED_COLUMNS];
    int n = parse_pick(series, list, path, cols, err);
    if (n < 0)
        return n;
    ct_viz_series picked;
    int rc = copy_columns(series, cols, n, &picked, err);
    if (rc)
        return rc;
    ct_viz_series_free(series);
    *series = picked;
    return CT_OK;
}

int ct_viz_series_is_cell_column(const ct_snapshot *types, const char *name)
{
    if (!types)
        return 1; /* nothing to tell them apart by */
    size_t len = strcspn(name, ":");
    for (int t = 0; t < types->n_types; t++)
        if (strlen(types->type_names[t]) == len && strncmp(types->type_names[t], name, len) == 0)
            return 1;
    return 0;
}

int ct_viz_series_split(const ct_viz_series *series, const ct_snapshot *types,
                        ct_viz_series *cells, ct_viz_series *other, ct_error *err)
{
    size_t n = (size_t)series->n_columns;
    int *cell_cols = ct_malloc((2 * n + 1) * sizeof *cell_cols), *other_cols = cell_cols + n;
    if (!cell_cols)
        return ct_error_set(err, CT_ENOMEM, "out of memory choosing time-series columns");
    int n_cells = 0, n_other = 0;
    for (int c = 0; c < series->n_columns; c++)
        if (ct_viz_series_is_cell_column(types, series->names[c]))
            cell_cols[n_cells++] = c;
        else
            other_cols[n_other++] = c;
    int rc = copy_columns(series, cell_cols, n_cells, cells, err);
    if (!rc && (rc = copy_columns(series, other_cols, n_other, other, err)))
        ct_viz_series_free(cells);
    ct_free(cell_cols);
    return rc;
}
