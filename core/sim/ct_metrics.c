/* Metric kinds and their evaluation on counts.csv. */
#include "ct_metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_field_columns.h"
#include "ct_io.h"

enum subject { SUBJECT_TYPE, SUBJECT_FIELD, SUBJECT_EITHER };

/* Evaluates metric m on count column col of t, writing its n_columns values. */
typedef void (*metric_fn)(const ct_metric *m, const ct_counts_table *t, int col, double *out);

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

static void final_count(const ct_metric *m, const ct_counts_table *t, int col, double *out)
{
    (void)m;
    out[0] = t->n_rows ? count_at(t, t->n_rows - 1, col) : NAN;
}

/* Highest count and the first time it is reached. */
static void peak(const ct_metric *m, const ct_counts_table *t, int col, double *out)
{
    (void)m;
    out[0] = out[1] = NAN;
    for (size_t r = 0; r < t->n_rows; r++)
        if (!(count_at(t, r, col) <= out[0])) {
            out[0] = count_at(t, r, col);
            out[1] = t->time[r];
        }
}

static void time_to_peak(const ct_metric *m, const ct_counts_table *t, int col, double *out)
{
    double both[2];
    peak(m, t, col, both);
    out[0] = both[1];
}

/* Time from which the count stays 0 to the end; NAN if the type is alive at the end. */
static void extinction_time(const ct_metric *m, const ct_counts_table *t, int col, double *out)
{
    (void)m;
    out[0] = NAN;
    for (size_t r = t->n_rows; r-- > 0 && count_at(t, r, col) == 0;)
        out[0] = t->time[r];
}

/* Area under the curve by the trapezoid rule over the rows (count x minutes). */
static void auc(const ct_metric *m, const ct_counts_table *t, int col, double *out)
{
    (void)m;
    out[0] = t->n_rows ? 0 : NAN;
    for (size_t r = 1; r < t->n_rows; r++)
        out[0] += 0.5 * (count_at(t, r - 1, col) + count_at(t, r, col)) *
                  (t->time[r] - t->time[r - 1]);
}

static int threshold_met(const ct_metric *m, double count)
{
    return m->below ? count <= m->threshold : count >= m->threshold;
}

/* Survival data: the time the count first meets the threshold (linear between the last row
   that does not and the first that does; the first row's time when it already does) and 1, or
   the last row's time and 0 when it never does (censored at the end of the run). */
static void time_to(const ct_metric *m, const ct_counts_table *t, int col, double *out)
{
    out[0] = t->n_rows ? t->time[t->n_rows - 1] : NAN;
    out[1] = t->n_rows ? 0 : NAN;
    for (size_t r = 0; r < t->n_rows; r++)
        if (threshold_met(m, count_at(t, r, col))) {
            double c0 = r ? count_at(t, r - 1, col) : 0, c1 = count_at(t, r, col);
            out[0] = r ? t->time[r - 1] + (m->threshold - c0) / (c1 - c0) *
                                              (t->time[r] - t->time[r - 1])
                       : t->time[0];
            out[1] = 1;
            return;
        }
}

/* The first rows are the object kinds of docs/sweeps.md; "final" is the text form of both final
   counts. */
static const metric_kind kinds[] = {
    {"final_count", SUBJECT_TYPE, 1, {"final"}, final_count},
    {"peak", SUBJECT_TYPE, 2, {"peak", "peak_time"}, peak},
    {"extinction_time", SUBJECT_TYPE, 1, {"extinction_time"}, extinction_time},
    {"field_total", SUBJECT_FIELD, 1, {"field_total"}, final_count},
    {"time_to_peak", SUBJECT_EITHER, 1, {"time_to_peak"}, time_to_peak},
    {"auc", SUBJECT_EITHER, 1, {"auc"}, auc},
    {"time_to", SUBJECT_EITHER, 2, {"time_to", "reached"}, time_to},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0], KIND_FINAL_COUNT = 0, KIND_FIELD_TOTAL = 3,
       KIND_TIME_TO = 6 };

/* A field metric names a field of the scenario, whose total its runs write into counts.csv
   (output.field_totals, docs/sweeps.md). what: the metric, for messages. */
static int check_field(const ct_scenario *sc, const char *name, const char *what,
                       const char *file, ct_error *err, const char *path, const char *key)
{
    if (ct_scenario_field_index(sc, name) >= 0) {
        if (sc->field_totals)
            return CT_OK;
        return ct_json_fail(file, err, path, key,
                            "\"%s\" of field \"%s\" needs the runs to write field totals: add "
                            "\"output\": {\"field_totals\": true} to %s, or "
                            "\"output.field_totals\": true to the \"set\" of %s",
                            what, name, sc->file, file);
    }
    if (sc->n_fields == 0)
        return ct_json_fail(file, err, path, key,
                            "no field named \"%s\" (scenario %s defines no fields)", name,
                            sc->file);
    return ct_json_fail(file, err, path, key, "no field named \"%s\" in %s (its first field is "
                        "\"%s\")", name, sc->file, sc->fields[0].name);
}

/* Records subject name (a field when is_field) and the counts.csv column it reads. */
static int set_subject(ct_metric *m, const char *name, int is_field)
{
    if (strlen(name) >= sizeof m->subject)
        return CT_ERANGE;
    snprintf(m->subject, sizeof m->subject, "%s", name);
    snprintf(m->column, sizeof m->column, "%s%s", name, is_field ? CT_FIELD_TOTAL_SUFFIX : "");
    return CT_OK;
}

static int parse_subject(ct_jobj *o, const ct_scenario *sc, const metric_kind *k, ct_metric *m)
{
    int is_field = k->subject == SUBJECT_FIELD ||
                   (k->subject == SUBJECT_EITHER && ct_jobj_get(o, "field"));
    const char *key = is_field ? "field" : "type";
    const char *name;
    int rc = ct_jobj_string(o, key, CT_JSON_REQUIRED, NULL, &name);
    if (rc)
        return rc;
    if (set_subject(m, name, is_field))
        return ct_json_fail(o->file, o->err, o->path, key, "name too long");
    if (is_field) /* a missing total is about the kind, a missing field about the name */
        return check_field(sc, name, k->name, o->file, o->err, o->path,
                           ct_scenario_field_index(sc, name) >= 0 ? "kind" : key);
    if (ct_scenario_type_index(sc, name) < 0)
        return ct_json_fail(o->file, o->err, o->path, key, "no cell type \"%s\" in %s", name,
                            sc->file);
    return CT_OK;
}

/* time_to's threshold: exactly one of "above" (count >= x) and "below" (count <= x). */
static int parse_threshold(ct_jobj *o, ct_metric *m)
{
    m->below = ct_jobj_get(o, "below") != NULL;
    if (m->below == (ct_jobj_get(o, "above") != NULL))
        return ct_json_fail(o->file, o->err, o->path, NULL,
                            "time_to needs exactly one of \"above\" and \"below\" (a count)");
    return ct_jobj_number(o, m->below ? "below" : "above", CT_JSON_REQUIRED, 0,
                          -CT_METRIC_MAX_THRESHOLD, CT_METRIC_MAX_THRESHOLD, &m->threshold);
}

static int parse_object(ct_jobj *o, const ct_scenario *sc, ct_metric *m)
{
    const char *names[N_KINDS + 1];
    for (int i = 0; i < N_KINDS; i++)
        names[i] = kinds[i].name;
    names[N_KINDS] = NULL;
    int rc = ct_jobj_enum(o, "kind", CT_JSON_REQUIRED, names, 0, &m->kind);
    if (!rc)
        rc = parse_subject(o, sc, &kinds[m->kind], m);
    if (!rc && m->kind == KIND_TIME_TO)
        rc = parse_threshold(o, m);
    if (!rc)
        rc = ct_jobj_close(o);
    return rc;
}

int ct_metric_parse(const char *file, ct_error *err, cJSON *node, const char *path,
                    const ct_scenario *sc, ct_metric *m)
{
    memset(m, 0, sizeof *m);
    if (cJSON_IsString(node))
        return ct_metric_parse_text(node->valuestring, sc, file, err, path, m);
    ct_jobj o;
    int rc = ct_jobj_open(&o, file, err, node, path);
    return rc ? rc : parse_object(&o, sc, m);
}

/* ---- the text form: NAME(COLUMN) or time_to(COLUMN >= X | COLUMN <= X) ---------------------- */

static void trim(char **s)
{
    while (**s == ' ')
        ++*s;
    for (char *e = *s + strlen(*s); e > *s && e[-1] == ' ';)
        *--e = '\0';
}

/* The kind a text name means for a subject that is a field or not; -1 when none. */
static int text_kind(const char *name, int is_field)
{
    if (!strcmp(name, "final"))
        return is_field ? KIND_FIELD_TOTAL : KIND_FINAL_COUNT;
    for (int k = 0; k < N_KINDS; k++)
        if (!strcmp(name, kinds[k].name) && k != KIND_FINAL_COUNT && k != KIND_FIELD_TOTAL)
            return kinds[k].subject == SUBJECT_EITHER || kinds[k].subject == is_field ? k : -1;
    return -1;
}

/* "COLUMN >= X" or "COLUMN <= X" into column and m's threshold; NULL when malformed. */
static char *split_threshold(char *inner, ct_metric *m)
{
    char *op = strstr(inner, ">=");
    if (!op && !(op = strstr(inner, "<=")))
        return NULL;
    m->below = *op == '<';
    *op = '\0';
    char *end, *x = op + 2;
    m->threshold = strtod(x, &end);
    trim(&end);
    if (end == x || *end || !isfinite(m->threshold) ||
        fabs(m->threshold) > CT_METRIC_MAX_THRESHOLD)
        return NULL;
    trim(&inner);
    return inner;
}

/* The subject of counts.csv column col: a cell type, or a field's total "<field>_total". */
static int text_subject(const char *col, const char *text, const ct_scenario *sc,
                        const char *file, ct_error *err, const char *path, ct_metric *m,
                        int *is_field)
{
    size_t n = strlen(col), suffix = strlen(CT_FIELD_TOTAL_SUFFIX);
    *is_field = ct_scenario_type_index(sc, col) < 0 && n > suffix &&
                !strcmp(col + n - suffix, CT_FIELD_TOTAL_SUFFIX);
    size_t name_len = *is_field ? n - suffix : n;
    char name[CT_NAME_MAX];
    if (name_len >= CT_NAME_MAX)
        return ct_json_fail(file, err, path, NULL, "column name \"%.20s...\" longer than %d bytes",
                            col, CT_NAME_MAX - 1);
    snprintf(name, sizeof name, "%.*s", (int)name_len, col);
    set_subject(m, name, *is_field);
    if (*is_field)
        return check_field(sc, name, text, file, err, path, NULL);
    if (ct_scenario_type_index(sc, col) < 0)
        return ct_json_fail(file, err, path, NULL,
                            "no counts.csv column \"%s\": expected a cell type of %s or "
                            "<field>_total",
                            col, sc->file);
    return CT_OK;
}

int ct_metric_parse_text(const char *text, const ct_scenario *sc, const char *file,
                         ct_error *err, const char *path, ct_metric *m)
{
    static const char grammar[] = "expected NAME(COLUMN) with NAME final, peak, time_to_peak, "
                                  "auc or extinction_time, or time_to(COLUMN >= X) or "
                                  "time_to(COLUMN <= X)";
    char buf[CT_METRIC_MAX_TEXT + 1], *open, *name = buf, *inner;
    memset(m, 0, sizeof *m);
    if (strlen(text) > CT_METRIC_MAX_TEXT)
        return ct_json_fail(file, err, path, NULL, "metric longer than %d bytes",
                            CT_METRIC_MAX_TEXT);
    snprintf(buf, sizeof buf, "%s", text);
    trim(&name);
    size_t n = strlen(name);
    if (!(open = strchr(name, '(')) || n < 2 || name[n - 1] != ')')
        return ct_json_fail(file, err, path, NULL, "\"%s\": %s", text, grammar);
    name[n - 1] = *open = '\0';
    inner = open + 1;
    trim(&name);
    trim(&inner);
    int is_timeto = !strcmp(name, "time_to"), is_field = 0;
    if (is_timeto && !(inner = split_threshold(inner, m)))
        return ct_json_fail(file, err, path, NULL, "\"%s\": %s (X a finite number, |X| <= %g)",
                            text, grammar, CT_METRIC_MAX_THRESHOLD);
    int rc = text_subject(inner, text, sc, file, err, path, m, &is_field);
    if (rc)
        return rc;
    if ((m->kind = text_kind(name, is_field)) < 0)
        return ct_json_fail(file, err, path, NULL, "\"%s\": %s%s", text, grammar,
                            is_field ? " (extinction_time and peak take cell types)" : "");
    return CT_OK;
}

int ct_metric_n_columns(const ct_metric *m)
{
    return kinds[m->kind].n_columns;
}

int ct_metric_is_survival(const ct_metric *m)
{
    return m->kind == KIND_TIME_TO;
}

void ct_metric_column_name(const ct_metric *m, int k, char *buf, size_t n)
{
    if (m->kind == KIND_TIME_TO)
        snprintf(buf, n, "%s_%s_%s_%.10g", kinds[m->kind].columns[k], m->subject,
                 m->below ? "le" : "ge", m->threshold);
    else
        snprintf(buf, n, "%s_%s", kinds[m->kind].columns[k], m->subject);
}

/* Whether metrics a and b record a value under one column name; that name into buf. */
static int shared_column(const ct_metric *a, const ct_metric *b, char *buf, size_t n)
{
    char other[CT_METRIC_MAX_COLUMN];
    for (int i = 0; i < ct_metric_n_columns(a); i++)
        for (int k = 0; k < ct_metric_n_columns(b); k++) {
            ct_metric_column_name(a, i, buf, n);
            ct_metric_column_name(b, k, other, sizeof other);
            if (!strcmp(buf, other))
                return 1;
        }
    return 0;
}

int ct_metric_check_distinct(const ct_metric *list, int i, const char *file, ct_error *err,
                             const char *list_path)
{
    char column[CT_METRIC_MAX_COLUMN], path[600];
    for (int k = 0; k < i; k++)
        if (shared_column(&list[k], &list[i], column, sizeof column)) {
            snprintf(path, sizeof path, "%s/%d", list_path, i);
            return ct_json_fail(file, err, path, NULL,
                                "writes the column \"%s\", as %s/%d does; give each metric once",
                                column, list_path, k);
        }
    return CT_OK;
}

int ct_metric_eval(const ct_metric *m, const ct_counts_table *t, double *out, ct_error *err)
{
    for (int c = 0; c < t->n_cols; c++)
        if (strcmp(t->names[c], m->column) == 0) {
            kinds[m->kind].eval(m, t, c, out);
            return CT_OK;
        }
    return ct_error_set(err, CT_EINVAL, "counts.csv has no column \"%s\"", m->column);
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
