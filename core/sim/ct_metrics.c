/* Metric kinds and their evaluation on counts.csv. */
#include "ct_metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_field_columns.h"
#include "ct_io.h"

enum subject { SUBJECT_TYPE, SUBJECT_FIELD };

/* Evaluates a metric on count column col of t, writing its n_columns values. */
typedef void (*metric_fn)(const ct_counts_table *t, int col, double *out);

typedef struct metric_kind {
    const char *name;
    int subject;
    int n_columns;
    const char *columns[CT_METRIC_MAX_COLUMNS]; /* column name prefixes */
    metric_fn eval;
} metric_kind;

static double count_at(const ct_counts_table *t, size_t row, int col)
{
    return t->counts[row * (size_t)t->n_cols + (size_t)col];
}

static void final_count(const ct_counts_table *t, int col, double *out)
{
    out[0] = t->n_rows ? count_at(t, t->n_rows - 1, col) : NAN;
}

/* Highest count and the first time it is reached. */
static void peak(const ct_counts_table *t, int col, double *out)
{
    out[0] = out[1] = NAN;
    for (size_t r = 0; r < t->n_rows; r++)
        if (!(count_at(t, r, col) <= out[0])) {
            out[0] = count_at(t, r, col);
            out[1] = t->time[r];
        }
}

/* Time from which the count stays 0 to the end; NAN if the type is alive at the end. */
static void extinction_time(const ct_counts_table *t, int col, double *out)
{
    out[0] = NAN;
    for (size_t r = t->n_rows; r-- > 0 && count_at(t, r, col) == 0;)
        out[0] = t->time[r];
}

static const metric_kind kinds[] = {
    {"final_count", SUBJECT_TYPE, 1, {"final"}, final_count},
    {"peak", SUBJECT_TYPE, 2, {"peak", "peak_time"}, peak},
    {"extinction_time", SUBJECT_TYPE, 1, {"extinction_time"}, extinction_time},
    {"field_total", SUBJECT_FIELD, 1, {"field_total"}, final_count},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

/* A field metric names a field of the scenario, whose total its runs write into counts.csv
   (output.field_totals, docs/sweeps.md). */
static int check_field_metric(ct_jobj *o, const ct_scenario *sc, const metric_kind *k,
                              const char *name)
{
    if (ct_scenario_field_index(sc, name) >= 0) {
        if (sc->field_totals)
            return CT_OK;
        return ct_json_fail(o->file, o->err, o->path, "kind",
                            "\"%s\" of field \"%s\" needs the runs to write field totals: add "
                            "\"output\": {\"field_totals\": true} to %s, or "
                            "\"output.field_totals\": true to the sweep's \"set\"",
                            k->name, name, sc->file);
    }
    if (sc->n_fields == 0)
        return ct_json_fail(o->file, o->err, o->path, "field",
                            "no field named \"%s\" (scenario %s defines no fields)", name,
                            sc->file);
    return ct_json_fail(o->file, o->err, o->path, "field",
                        "no field named \"%s\" in %s (its first field is \"%s\")", name,
                        sc->file, sc->fields[0].name);
}

static int parse_subject(ct_jobj *o, const ct_scenario *sc, const metric_kind *k, ct_metric *m)
{
    const char *key = k->subject == SUBJECT_TYPE ? "type" : "field";
    const char *name;
    int rc = ct_jobj_string(o, key, CT_JSON_REQUIRED, NULL, &name);
    if (rc)
        return rc;
    if (strlen(name) >= sizeof m->subject)
        return ct_json_fail(o->file, o->err, o->path, key, "name too long");
    snprintf(m->subject, sizeof m->subject, "%s", name);
    if (k->subject == SUBJECT_FIELD)
        return check_field_metric(o, sc, k, name);
    if (ct_scenario_type_index(sc, name) < 0)
        return ct_json_fail(o->file, o->err, o->path, key, "no cell type \"%s\" in %s", name,
                            sc->file);
    return CT_OK;
}

int ct_metric_parse(ct_jobj *o, const ct_scenario *sc, ct_metric *m)
{
    const char *names[N_KINDS + 1];
    for (int i = 0; i < N_KINDS; i++)
        names[i] = kinds[i].name;
    names[N_KINDS] = NULL;
    memset(m, 0, sizeof *m);
    int rc = ct_jobj_enum(o, "kind", CT_JSON_REQUIRED, names, 0, &m->kind);
    if (!rc)
        rc = parse_subject(o, sc, &kinds[m->kind], m);
    if (!rc)
        rc = ct_jobj_close(o);
    return rc;
}

int ct_metric_n_columns(const ct_metric *m)
{
    return kinds[m->kind].n_columns;
}

void ct_metric_column_name(const ct_metric *m, int k, char *buf, size_t n)
{
    snprintf(buf, n, "%s_%s", kinds[m->kind].columns[k], m->subject);
}

int ct_metric_eval(const ct_metric *m, const ct_counts_table *t, double *out, ct_error *err)
{
    char column[CT_NAME_MAX + sizeof CT_FIELD_TOTAL_SUFFIX];
    snprintf(column, sizeof column, "%s%s", m->subject,
             kinds[m->kind].subject == SUBJECT_FIELD ? CT_FIELD_TOTAL_SUFFIX : "");
    for (int c = 0; c < t->n_cols; c++)
        if (strcmp(t->names[c], column) == 0) {
            kinds[m->kind].eval(t, c, out);
            return CT_OK;
        }
    return ct_error_set(err, CT_EINVAL, "counts.csv has no column \"%s\"", column);
}

/* ---- counts.csv ---- */

static int parse_header(char *line, ct_counts_table *t, const char *path, ct_error *err)
{
    if (strncmp(line, "step,time,", 10) != 0)
        return ct_error_set(err, CT_EFORMAT, "%s: line 1: expected \"step,time,<types>\"", path);
    char *names = line + 10;
    t->n_cols = 1;
    for (char *p = names; *p; p++)
        t->n_cols += *p == ',';
    t->names = ct_calloc((size_t)t->n_cols, sizeof *t->names);
    if (!t->names)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    char *save = NULL, *tok = strtok_r(names, ",", &save);
    for (int c = 0; c < t->n_cols; c++, tok = strtok_r(NULL, ",", &save))
        if (!tok || !(t->names[c] = ct_strdup(tok)))
            return ct_error_set(err, CT_EFORMAT, "%s: line 1: bad column names", path);
    return CT_OK;
}

/* Parses "step,time,c1,...,cn" into time and counts of row r. */
static int parse_row(char *line, ct_counts_table *t, size_t r, const char *path, ct_error *err)
{
    char *p = line, *end;
    double v = 0.0;
    for (int c = -2; c < t->n_cols; c++) {
        v = strtod(p, &end);
        if (end == p || (*end != ',' && *end != '\0') || (*end == '\0') != (c == t->n_cols - 1))
            return ct_error_set(err, CT_EFORMAT, "%s: line %zu: expected %d numbers", path, r + 2,
                                t->n_cols + 2);
        if (c == -1)
            t->time[r] = v;
        else if (c >= 0)
            t->counts[r * (size_t)t->n_cols + (size_t)c] = v;
        p = end + 1;
    }
    return CT_OK;
}

static int parse_rows(char *text, ct_counts_table *t, const char *path, ct_error *err)
{
    size_t lines = 0;
    for (char *p = text; *p; p++)
        lines += *p == '\n';
    t->time = ct_calloc(lines + 1, sizeof *t->time);
    t->counts = ct_calloc((lines + 1) * (size_t)t->n_cols, sizeof *t->counts);
    if (!t->time || !t->counts)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int rc = parse_row(line, t, t->n_rows, path, err);
        if (rc)
            return rc;
        t->n_rows++;
    }
    return CT_OK;
}

int ct_counts_table_read(const char *path, ct_counts_table *t, ct_error *err)
{
    memset(t, 0, sizeof *t);
    char *text;
    int rc = ct_io_read_file(path, &text, NULL, err);
    if (rc)
        return rc;
    char *nl = strchr(text, '\n');
    if (!nl) {
        rc = ct_error_set(err, CT_EFORMAT, "%s: no header line", path);
    } else {
        *nl = '\0';
        rc = parse_header(text, t, path, err);
        if (!rc)
            rc = parse_rows(nl + 1, t, path, err);
    }
    ct_free(text);
    if (rc)
        ct_counts_table_free(t);
    return rc;
}

void ct_counts_table_free(ct_counts_table *t)
{
    for (int c = 0; t->names && c < t->n_cols; c++)
        ct_free(t->names[c]);
    ct_free(t->names);
    ct_free(t->time);
    ct_free(t->counts);
    memset(t, 0, sizeof *t);
}
