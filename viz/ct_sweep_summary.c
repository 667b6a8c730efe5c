/* summary.csv parser: strict, like the counts.csv one, with quoted cells as the sweep writes them. */
#include "ct_sweep_summary.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_csv_read.h"
#include "ct_io.h"

#define N_STATS 5 /* n, mean, sd, min, max */
static const char *const tail_names[] = {"metric", "n", "mean", "sd", "min", "max"};
#define N_TAIL ((int)(sizeof tail_names / sizeof *tail_names))

static int out_of_memory(const ct_viz_csv_cursor *c)
{
    return ct_error_set(c->err, CT_ENOMEM, "%s: out of memory", c->path);
}

static int header_error(const ct_viz_csv_cursor *c)
{
    return ct_viz_csv_error(c, "header must be point,<one column per parameter>,metric,n,mean,"
                               "sd,min,max (is this a sweep's summary.csv?)");
}

static int parse_header(ct_viz_csv_cursor *c, char **fields, ct_viz_summary *s)
{
    char *line = ct_viz_csv_next_line(c);
    if (!line)
        return ct_error_set(c->err, CT_EINVAL, "%s: empty file", c->path);
    int n = ct_viz_csv_split(line, fields, CT_VIZ_MAX_COLUMNS);
    if (n < 1 + N_TAIL || strcmp(fields[0], "point") != 0)
        return header_error(c);
    for (int i = 0; i < N_TAIL; i++)
        if (strcmp(fields[n - N_TAIL + i], tail_names[i]) != 0)
            return header_error(c);
    s->n_params = n - 1 - N_TAIL;
    if (!(s->params = ct_calloc((size_t)s->n_params + 1, sizeof *s->params)))
        return out_of_memory(c);
    memcpy(s->params, fields + 1, (size_t)s->n_params * sizeof *s->params);
    return CT_OK;
}

static int parse_stat(const ct_viz_csv_cursor *c, const char *name, const char *text, double *v)
{
    char *end;
    if (strcmp(text, "NA") == 0) {
        *v = NAN;
        return CT_OK;
    }
    *v = strtod(text, &end);
    if (end == text || *end || !isfinite(*v))
        return ct_viz_csv_error(c, "%s: expected a number or NA, found \"%s\"", name, text);
    return CT_OK;
}

/* The index of metric NAME, added on first sight. */
static int metric_index(ct_viz_summary *s, char *name)
{
    for (int m = 0; m < s->n_metrics; m++)
        if (strcmp(s->metrics[m], name) == 0)
            return m;
    s->metrics[s->n_metrics] = name;
    return s->n_metrics++;
}

static int parse_row(ct_viz_csv_cursor *c, char *line, char **fields, ct_viz_summary *s)
{
    int want = s->n_params + 1 + N_TAIL;
    int n = ct_viz_csv_split(line, fields, want);
    if (n != want)
        return ct_viz_csv_error(c, "expected %d values (as in the header)", want);
    ct_viz_summary_row *row = &s->rows[s->n_rows];
    row->values = s->rows[0].values + s->n_rows * (size_t)s->n_params;
    memcpy(row->values, fields + 1, (size_t)s->n_params * sizeof *row->values);
    row->metric = metric_index(s, fields[s->n_params + 1]);
    double *stats[N_STATS] = {&row->n, &row->mean, &row->sd, &row->min, &row->max};
    int rc = CT_OK;
    for (int i = 0; !rc && i < N_STATS; i++)
        rc = parse_stat(c, tail_names[i + 1], fields[s->n_params + 2 + i], stats[i]);
    s->n_rows += rc == CT_OK;
    return rc;
}

static int parse_rows(ct_viz_csv_cursor *c, size_t max_rows, char **fields, ct_viz_summary *s)
{
    s->rows = ct_calloc(max_rows, sizeof *s->rows);
    s->metrics = ct_calloc(max_rows, sizeof *s->metrics);
    char **values = ct_calloc(max_rows * (size_t)s->n_params + 1, sizeof *values);
    if (s->rows)
        s->rows[0].values = values;
    if (!s->rows || !s->metrics || !values) {
        ct_free(values);
        return out_of_memory(c);
    }
    int rc = CT_OK;
    for (char *line; !rc && (line = ct_viz_csv_next_line(c));)
        if (*line)
            rc = parse_row(c, line, fields, s);
    if (!rc && s->n_rows == 0)
        rc = ct_error_set(c->err, CT_EINVAL, "%s: no data rows", c->path);
    return rc;
}

int ct_viz_summary_read(const char *path, ct_viz_summary *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = ct_io_read_file(path, &out->text, NULL, err);
    if (rc)
        return rc;
    size_t max_rows = ct_viz_csv_count_lines(out->text);
    ct_viz_csv_cursor c = {out->text, 0, path, err};
    char **fields = ct_malloc(CT_VIZ_MAX_COLUMNS * sizeof *fields);
    if (!fields)
        rc = out_of_memory(&c);
    else if (max_rows > SIZE_MAX / sizeof(char *) / CT_VIZ_MAX_COLUMNS)
        rc = ct_error_set(err, CT_ERANGE, "%s: too many lines", path);
    else if (!(rc = parse_header(&c, fields, out)))
        rc = parse_rows(&c, max_rows, fields, out);
    ct_free(fields);
    if (rc)
        ct_viz_summary_free(out);
    return rc;
}

void ct_viz_summary_free(ct_viz_summary *s)
{
    if (s->rows)
        ct_free(s->rows[0].values);
    ct_free(s->rows);
    ct_free(s->metrics);
    ct_free(s->params);
    ct_free(s->text);
    ct_free(s->labels);
    ct_free(s->labels_text);
    memset(s, 0, sizeof *s);
}

static int find(char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

int ct_viz_summary_param(const ct_viz_summary *s, const char *name)
{
    return find(s->params, s->n_params, name);
}

int ct_viz_summary_metric(const ct_viz_summary *s, const char *name)
{
    return find(s->metrics, s->n_metrics, name);
}
