/* CSV reading for viz: a line cursor, quoted fields, and the strict counts.csv parser (a damaged
   file is reported rather than plotted wrongly). */
#include "ct_csv_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"

char *ct_viz_csv_next_line(ct_viz_csv_cursor *c)
{
    char *line = c->next_line;
    if (!line || !*line)
        return NULL;
    char *nl = strchr(line, '\n');
    c->next_line = nl ? nl + 1 : NULL;
    if (nl)
        *nl = '\0';
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r')
        line[n - 1] = '\0';
    c->line_no++;
    return line;
}

int ct_viz_csv_error(const ct_viz_csv_cursor *c, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ct_error_set(c->err, CT_EINVAL, "%s:%zu: %s", c->path, c->line_no, what);
}

/* One field from *P (quoted or not), unquoted in place; *P becomes NULL after the last field.
   Returns 0, or -1 for a broken quote. */
static int split_field(char **p, char **field)
{
    char *in = *p, *out;
    *field = in;
    if (*in != '"') {
        in += strcspn(in, ",");
        out = in;
    } else {
        for (out = in++; *in != '"' || in[1] == '"'; in++) {
            if (*in == '\0')
                return -1;
            in += *in == '"'; /* "" is one quote */
            *out++ = *in;
        }
        if (*++in != ',' && *in != '\0')
            return -1;
    }
    *p = *in ? in + 1 : NULL;
    *out = '\0';
    return 0;
}

int ct_viz_csv_split(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line; p; n++)
        if (n == max || split_field(&p, &fields[n]) != 0)
            return -1;
    return n;
}

static int count_fields(const char *line)
{
    int n = 1;
    for (; *line; line++)
        n += *line == ',';
    return n;
}

static int parse_header(ct_viz_csv_cursor *c, ct_viz_series *s)
{
    char *line = ct_viz_csv_next_line(c);
    if (!line)
        return ct_error_set(c->err, CT_EINVAL, "%s: empty file", c->path);
    int n = count_fields(line) - 2;
    if (strncmp(line, "step,time,", 10) != 0 || n < 1)
        return ct_viz_csv_error(c,
                                "header must be step,time,<one column per type or type:state>");
    if (n > CT_VIZ_MAX_COLUMNS)
        return ct_viz_csv_error(c, "too many columns");
    if (!(s->names = ct_calloc((size_t)n, sizeof *s->names)))
        return ct_error_set(c->err, CT_ENOMEM, "%s: out of memory", c->path);
    s->n_columns = n;
    char *name = line + 10;
    for (int i = 0; i < n; i++) {
        char *comma = strchr(name, ',');
        if (comma)
            *comma = '\0';
        if (!*name)
            return ct_viz_csv_error(c, "empty column name in header");
        if (!(s->names[i] = ct_strdup(name)))
            return ct_error_set(c->err, CT_ENOMEM, "%s: out of memory", c->path);
        name = comma + 1;
    }
    return CT_OK;
}

static int parse_number(ct_viz_csv_cursor *c, char **p, double *v)
{
    char *end;
    *v = strtod(*p, &end);
    while (*end == ' ')
        end++;
    if (end == *p || (*end != ',' && *end != '\0') || !isfinite(*v))
        return ct_viz_csv_error(c, "expected a number");
    *p = *end ? end + 1 : end;
    return CT_OK;
}

static int parse_row(ct_viz_csv_cursor *c, char *line, ct_viz_series *s)
{
    int n = count_fields(line);
    if (n != s->n_columns + 2)
        return ct_viz_csv_error(c, "expected %d values, found %d", s->n_columns + 2, n);
    double step;
    double *row = s->values + s->n_rows * (size_t)s->n_columns;
    int rc = parse_number(c, &line, &step);
    if (!rc)
        rc = parse_number(c, &line, &s->time_min[s->n_rows]);
    for (int i = 0; !rc && i < s->n_columns; i++)
        rc = parse_number(c, &line, &row[i]);
    if (!rc)
        s->n_rows++;
    return rc;
}

size_t ct_viz_csv_count_lines(const char *text)
{
    size_t n = 1;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

static int parse_series(ct_viz_csv_cursor *c, size_t max_rows, ct_viz_series *s)
{
    int rc = parse_header(c, s);
    if (rc)
        return rc;
    s->time_min = ct_malloc(max_rows * sizeof *s->time_min);
    s->values = ct_malloc(max_rows * (size_t)s->n_columns * sizeof *s->values);
    if (!s->time_min || !s->values)
        return ct_error_set(c->err, CT_ENOMEM, "%s: out of memory", c->path);
    for (char *line; !rc && (line = ct_viz_csv_next_line(c));)
        if (*line)
            rc = parse_row(c, line, s);
    if (!rc && s->n_rows == 0)
        rc = ct_error_set(c->err, CT_EINVAL, "%s: no data rows", c->path);
    return rc;
}

int ct_viz_series_read(const char *path, ct_viz_series *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    char *text;
    int rc = ct_io_read_file(path, &text, NULL, err);
    if (rc)
        return rc;
    size_t max_rows = ct_viz_csv_count_lines(text);
    ct_viz_csv_cursor c = {text, 0, path, err};
    if (max_rows > SIZE_MAX / sizeof(double) / CT_VIZ_MAX_COLUMNS)
        rc = ct_error_set(err, CT_ERANGE, "%s: too many lines", path);
    else
        rc = parse_series(&c, max_rows, out);
    ct_free(text);
    if (rc)
        ct_viz_series_free(out);
    return rc;
}

void ct_viz_series_free(ct_viz_series *s)
{
    for (int i = 0; s->names && i < s->n_columns; i++)
        ct_free(s->names[i]);
    ct_free(s->names);
    ct_free(s->time_min);
    ct_free(s->values);
    memset(s, 0, sizeof *s);
}
