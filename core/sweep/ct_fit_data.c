/* The observed data of a fit: a small CSV of time and counts.csv columns, read strictly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_field_columns.h"
#include "ct_fit.h"
#include "ct_io.h"

#define MAX_LINE 4096
#define MAX_HEADER (1 + 2 * CT_FIT_MAX_SERIES)

/* What each CSV column holds: -1 time, s a value of series s, CT_FIT_MAX_SERIES + s its sd. */
typedef struct layout {
    int n_cols;
    int role[MAX_HEADER];
} layout;

/* Whether counts.csv of sc's runs has column name: a cell type, or a field's total when the runs
   write field totals. */
static int counts_column(const ct_scenario *sc, const char *name)
{
    size_t n = strlen(name), suffix = strlen(CT_FIELD_TOTAL_SUFFIX);
    char field[CT_NAME_MAX];
    if (ct_scenario_type_index(sc, name) >= 0)
        return 1;
    if (n <= suffix || n - suffix >= sizeof field ||
        strcmp(name + n - suffix, CT_FIELD_TOTAL_SUFFIX))
        return 0;
    snprintf(field, sizeof field, "%.*s", (int)(n - suffix), name);
    return sc->field_totals && ct_scenario_field_index(sc, field) >= 0;
}

static int series_of(const ct_fit_data *d, const char *name)
{
    for (int s = 0; s < d->n_series; s++)
        if (!strcmp(d->names[s], name))
            return s;
    return -1;
}

static int header_cell(const char *cell, const ct_scenario *sc, ct_fit_data *d, layout *l,
                       ct_error *err)
{
    int col = l->n_cols;
    if (col == 0)
        return strcmp(cell, "time") ? ct_error_set(err, CT_EINVAL,
                                                   "%s: line 1: the first column must be \"time\", "
                                                   "not \"%s\"",
                                                   d->file, cell)
                                    : (l->role[l->n_cols++] = -1, CT_OK);
    if (col >= MAX_HEADER)
        return ct_error_set(err, CT_ERANGE, "%s: line 1: more than %d columns", d->file,
                            MAX_HEADER);
    if (!strncmp(cell, "sd_", 3)) {
        int s = series_of(d, cell + 3);
        if (s < 0)
            return ct_error_set(err, CT_EINVAL,
                                "%s: line 1: \"%s\" comes before (or without) its column \"%s\"",
                                d->file, cell, cell + 3);
        l->role[l->n_cols++] = CT_FIT_MAX_SERIES + s;
        return CT_OK;
    }
    if (!counts_column(sc, cell) || strlen(cell) >= CT_NAME_MAX || series_of(d, cell) >= 0 ||
        d->n_series == CT_FIT_MAX_SERIES)
        return ct_error_set(err, CT_EINVAL,
                            "%s: line 1: column \"%s\": expected a cell type of the scenario or "
                            "<field>_total (with output.field_totals): a counts.csv column, each "
                            "once, at most %d",
                            d->file, cell, CT_FIT_MAX_SERIES);
    snprintf(d->names[d->n_series], CT_NAME_MAX, "%s", cell);
    l->role[l->n_cols++] = d->n_series++;
    return CT_OK;
}

static int read_header(char *line, const ct_scenario *sc, ct_fit_data *d, layout *l,
                       ct_error *err)
{
    line[strcspn(line, "\r\n")] = '\0';
    int rc = CT_OK;
    for (char *save = NULL, *cell = strtok_r(line, ",", &save); cell && !rc;
         cell = strtok_r(NULL, ",", &save))
        rc = header_cell(cell, sc, d, l, err);
    if (!rc && d->n_series == 0)
        rc = ct_error_set(err, CT_EINVAL, "%s: line 1: expected \"time\" and at least one cell type",
                          d->file);
    return rc;
}

static int grow(ct_fit_data *d, long rows)
{
    size_t n = (size_t)rows;
    double *t = ct_realloc(d->time, n * sizeof *t);
    if (t)
        d->time = t;
    double *v = ct_realloc(d->value, n * CT_FIT_MAX_SERIES * sizeof *v);
    if (v)
        d->value = v;
    double *s = ct_realloc(d->sd, n * CT_FIT_MAX_SERIES * sizeof *s);
    if (s)
        d->sd = s;
    return t && v && s ? CT_OK : CT_ENOMEM;
}

/* One data row into row i; sd 1 where the file gives none. */
static int read_row(char *line, long lineno, const layout *l, double end_time, ct_fit_data *d,
                    ct_error *err)
{
    long i = d->n_rows;
    for (int s = 0; s < d->n_series; s++)
        d->sd[i * d->n_series + s] = 1;
    char *p = line;
    for (int c = 0; c < l->n_cols; c++) {
        char *endp;
        double x = strtod(p, &endp);
        int r = l->role[c];
        int separated = c + 1 < l->n_cols ? *endp == ',' : endp[strspn(endp, " \r\n")] == '\0';
        if (endp == p || !isfinite(x) || !separated || (r >= CT_FIT_MAX_SERIES && !(x > 0)))
            return ct_error_set(err, CT_EINVAL,
                                "%s: line %ld, column %d: expected %d finite numbers%s", d->file,
                                lineno, c + 1, l->n_cols,
                                r >= CT_FIT_MAX_SERIES ? " (a standard deviation above 0)" : "");
        if (r < 0)
            d->time[i] = x;
        else
            (r < CT_FIT_MAX_SERIES ? d->value : d->sd)[i * d->n_series + r % CT_FIT_MAX_SERIES] = x;
        p = endp + 1;
    }
    if (d->time[i] < 0 || d->time[i] > end_time || (i > 0 && d->time[i] <= d->time[i - 1]))
        return ct_error_set(err, CT_EINVAL,
                            "%s: line %ld: time %g: expected times increasing within the "
                            "scenario's [0, %g] minutes",
                            d->file, lineno, d->time[i], end_time);
    d->n_rows++;
    return CT_OK;
}

static int read_rows(FILE *fp, const layout *l, double end_time, ct_fit_data *d, ct_error *err)
{
    char line[MAX_LINE];
    int rc = CT_OK;
    for (long lineno = 2; !rc && fgets(line, sizeof line, fp); lineno++) {
        if (!strchr(line, '\n') && !feof(fp))
            return ct_error_set(err, CT_ERANGE, "%s: line %ld: longer than %d bytes", d->file,
                                lineno, MAX_LINE - 2);
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;
        if (d->n_rows == CT_FIT_MAX_ROWS)
            return ct_error_set(err, CT_ERANGE, "%s: more than %ld data rows", d->file,
                                CT_FIT_MAX_ROWS);
        if ((d->n_rows & 63) == 0 && grow(d, d->n_rows + 64))
            return ct_error_set(err, CT_ENOMEM, "%s: out of memory", d->file);
        rc = read_row(line, lineno, l, end_time, d, err);
    }
    if (!rc && d->n_rows == 0)
        rc = ct_error_set(err, CT_EINVAL, "%s: no data rows", d->file);
    return rc;
}

int ct_fit_data_read(const char *path, const ct_scenario *sc, double end_time, ct_fit_data *d,
                     ct_error *err)
{
    memset(d, 0, sizeof *d);
    if (!(d->file = ct_strdup(path)))
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    FILE *fp;
    int rc = ct_io_fopen_read(path, CT_FIT_MAX_DATA_BYTES, "data file", &fp, err);
    if (rc)
        return rc;
    char header[MAX_LINE];
    layout l = {0};
    if (!fgets(header, sizeof header, fp))
        rc = ct_error_set(err, CT_EINVAL, "%s: empty, expected a header \"time,TYPE,...\"", path);
    else
        rc = read_header(header, sc, d, &l, err);
    if (!rc)
        rc = read_rows(fp, &l, end_time, d, err);
    fclose(fp);
    return rc;
}

void ct_fit_data_free(ct_fit_data *d)
{
    ct_free(d->file);
    ct_free(d->time);
    ct_free(d->value);
    ct_free(d->sd);
    memset(d, 0, sizeof *d);
}
