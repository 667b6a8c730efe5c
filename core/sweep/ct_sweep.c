/* Sweep files: strict parsing, parameter grids and samples, run seeds (see docs/sweeps.md). */
#include "ct_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_json.h"
#include "ct_scenario_load.h"

/* The largest sweep seed: a double holds it exactly. */
#define MAX_SEED 9007199254740991.0

static const char *const scale_names[] = {"linear", "log", NULL};
static const char *const sampling_names[] = {"uniform", "latin_hypercube", NULL};

/* ---- values ---- */

/* The shortest text that reads back as the same double; whole numbers in full (50, not the
   shorter 5e+01, which readers of sweep.csv and figure legends would not recognise). */
void ct_sweep_format_number(double x, char *buf, size_t n)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, n, "%.0f", x == 0 ? 0.0 : x);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

static int number_value(double x, ct_sweep_value *v)
{
    char buf[40];
    ct_sweep_format_number(x, buf, sizeof buf);
    v->is_string = 0;
    v->text = ct_strdup(buf);
    return v->text ? CT_OK : CT_ENOMEM;
}

static int json_value(const cJSON *e, ct_sweep_value *v)
{
    if (cJSON_IsNumber(e))
        return number_value(e->valuedouble, v);
    v->is_string = cJSON_IsString(e);
    v->text = ct_strdup(v->is_string ? e->valuestring : cJSON_IsTrue(e) ? "true" : "false");
    return v->text ? CT_OK : CT_ENOMEM;
}

const ct_sweep_value *ct_sweep_value_at(const ct_sweep *sw, long point, int p)
{
    return &sw->point_values[point * sw->n_params + p];
}

char *ct_sweep_set_arg(const ct_sweep *sw, long point, int p)
{
    const ct_sweep_value *v = ct_sweep_value_at(sw, point, p);
    char *quoted = NULL;
    if (v->is_string) {
        cJSON *s = cJSON_CreateString(v->text);
        quoted = s ? cJSON_PrintUnformatted(s) : NULL;
        cJSON_Delete(s);
        if (!quoted)
            return NULL;
    }
    const char *text = quoted ? quoted : v->text;
    size_t n = strlen(sw->params[p].path) + strlen(text) + 2;
    char *arg = ct_malloc(n);
    if (arg)
        snprintf(arg, n, "%s=%s", sw->params[p].path, text);
    cJSON_free(quoted);
    return arg;
}

long ct_sweep_n_runs(const ct_sweep *sw)
{
    return sw->n_points * sw->replicates;
}

ct_sweep_run ct_sweep_run_of(const ct_sweep *sw, long id)
{
    ct_sweep_run r = {id, id / sw->replicates, id % sw->replicates, 0};
    r.seed = ct_sweep_seed(sw->seed, sw->seed_points ? r.point % sw->seed_points : r.point,
                           r.replicate);
    return r;
}

/* ---- parsing ---- */

static int oom(ct_jobj *o)
{
    return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
}

/* Closest key of obj to name, for did-you-mean; NULL if none is close. */
static const char *closest_key(const cJSON *obj, const char *name)
{
    const char *best = NULL;
    int best_d = strlen(name) > 6 ? 4 : 3;
    for (const cJSON *c = obj->child; c && c->string; c = c->next) {
        int d = ct_edit_distance(name, c->string);
        if (d < best_d) {
            best_d = d;
            best = c->string;
        }
    }
    return best;
}

int ct_sweep_check_path(ct_jobj *o, const ct_sweep *sw, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *node = sw->base->json;
    for (char *save = NULL, *name = strtok_r(buf, ".", &save); name;
         name = strtok_r(NULL, ".", &save)) {
        const cJSON *next = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, atoi(name))
                            : cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, name)
                                                   : NULL;
        if (!next) {
            const char *hint = cJSON_IsObject(node) ? closest_key(node, name) : NULL;
            return ct_json_fail(o->file, o->err, o->path, "path",
                                "scenario %s has no \"%s\" in \"%s\"%s%s%s", sw->scenario_path,
                                name, path, hint ? " (did you mean \"" : "", hint ? hint : "",
                                hint ? "\"?)" : "");
        }
        node = next;
    }
    return CT_OK;
}

static int parse_values(ct_jobj *o, const cJSON *arr, ct_sweep_param *p)
{
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (n == 0)
        return ct_json_fail(o->file, o->err, o->path, "values",
                            "expected a non-empty array of numbers, strings or booleans");
    p->values = ct_calloc((size_t)n, sizeof *p->values);
    if (!p->values)
        return oom(o);
    for (const cJSON *e = arr->child; e; e = e->next, p->n_values++) {
        if (!cJSON_IsNumber(e) && !cJSON_IsString(e) && !cJSON_IsBool(e))
            return ct_json_fail(o->file, o->err, o->path, "values",
                                "element %d: expected a number, string or boolean", p->n_values);
        if (json_value(e, &p->values[p->n_values]))
            return oom(o);
    }
    return CT_OK;
}

/* from/to or min/max of a range or sample; on a log scale both must be above 0. */
static int parse_bounds(ct_jobj *o, const char *lo_key, const char *hi_key, ct_sweep_param *p)
{
    int rc;
    if ((rc = ct_jobj_number(o, lo_key, CT_JSON_REQUIRED, 0, -HUGE_VAL, HUGE_VAL, &p->min)) ||
        (rc = ct_jobj_number(o, hi_key, CT_JSON_REQUIRED, 0, -HUGE_VAL, HUGE_VAL, &p->max)) ||
        (rc = ct_jobj_enum(o, "scale", CT_JSON_OPTIONAL, scale_names, 0, &p->log_scale)))
        return rc;
    if (p->log_scale && (p->min <= 0 || p->max <= 0))
        return ct_json_fail(o->file, o->err, o->path, lo_key,
                            "a log scale needs \"%s\" and \"%s\" above 0", lo_key, hi_key);
    return CT_OK;
}

static int parse_range(ct_jobj *o, ct_sweep_param *p)
{
    long long n;
    int rc;
    if ((rc = parse_bounds(o, "from", "to", p)) ||
        (rc = ct_jobj_int(o, "count", CT_JSON_REQUIRED, 0, 1, 1e6, &n)))
        return rc;
    double *x = ct_malloc((size_t)n * sizeof *x);
    p->values = ct_calloc((size_t)n, sizeof *p->values);
    if (!x || !p->values) {
        ct_free(x);
        return oom(o);
    }
    ct_sweep_linspace(p->min, p->max, (int)n, p->log_scale, x);
    for (p->n_values = 0; p->n_values < n && !rc; p->n_values++)
        rc = number_value(x[p->n_values], &p->values[p->n_values]);
    ct_free(x);
    return rc ? oom(o) : ct_jobj_close(o);
}

/* Exactly one of "values", "range" or "sample". */
static int parse_param_kind(ct_jobj *o, ct_sweep_param *p)
{
    static const char *const keys[] = {"values", "range", "sample"};
    int found = -1;
    for (int k = 0; k < 3; k++)
        if (cJSON_GetObjectItemCaseSensitive(o->node, keys[k]))
            found = found < 0 ? k : 3;
    if (found < 0 || found == 3)
        return ct_json_fail(o->file, o->err, o->path, NULL,
                            "give exactly one of \"values\", \"range\" or \"sample\"");
    p->kind = found;
    if (found == CT_SWEEP_VALUES)
        return parse_values(o, ct_jobj_get(o, "values"), p);
    ct_jobj sub;
    int rc = ct_jobj_child(o, keys[found], CT_JSON_REQUIRED, &sub);
    if (rc)
        return rc;
    if (found == CT_SWEEP_RANGE)
        return parse_range(&sub, p);
    if (!(rc = parse_bounds(&sub, "min", "max", p)))
        rc = ct_jobj_close(&sub);
    return rc;
}

/* The optional "label" figures show instead of the dotted path: 1 to CT_SWEEP_MAX_LABEL
   printable bytes, so that it fits an axis title and a labels.csv cell. */
static int parse_label(ct_jobj *o, ct_sweep_param *p)
{
    int rc = ct_jobj_string(o, "label", CT_JSON_OPTIONAL, NULL, &p->label);
    if (rc || !p->label)
        return rc;
    size_t n = strlen(p->label);
    int printable = n >= 1 && n <= CT_SWEEP_MAX_LABEL;
    for (size_t i = 0; printable && i < n; i++)
        printable = (unsigned char)p->label[i] >= 0x20 && p->label[i] != 0x7f;
    return printable ? CT_OK
                     : ct_json_fail(o->file, o->err, o->path, "label",
                                    "expected 1 to %d printable characters (no control "
                                    "characters), got %zu bytes", CT_SWEEP_MAX_LABEL, n);
}

static int parse_param(ct_jobj *o, ct_sweep *sw, ct_sweep_param *p)
{
    int rc;
    if ((rc = ct_jobj_string(o, "path", CT_JSON_REQUIRED, NULL, &p->path)) ||
        (rc = ct_sweep_check_path(o, sw, p->path)) || (rc = parse_label(o, p)) ||
        (rc = parse_param_kind(o, p)))
        return rc;
    return ct_jobj_close(o);
}

/* Runs fn on each element of the array under key, as an object at key/i. */
static int each_object(ct_jobj *root, const char *key, ct_sweep *sw, int max,
                       int (*fn)(ct_jobj *o, ct_sweep *sw, int i))
{
    cJSON *arr = ct_jobj_get(root, key);
    if (!arr)
        return CT_OK;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > max)
        return ct_json_fail(root->file, root->err, root->path, key,
                            "expected an array of at most %d objects", max);
    int i = 0;
    for (cJSON *e = arr->child; e; e = e->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "/%s/%d", key, i);
        ct_jobj o;
        int rc = ct_jobj_open(&o, root->file, root->err, e, path);
        if (!rc)
            rc = fn(&o, sw, i);
        if (rc)
            return rc;
    }
    return CT_OK;
}

static int param_at(ct_jobj *o, ct_sweep *sw, int i)
{
    sw->n_params = i + 1;
    return parse_param(o, sw, &sw->params[i]);
}

/* Absent "metrics": the final count of every cell type, written into the resolved sweep. */
static int default_metrics(ct_jobj *root, const ct_sweep *sw)
{
    if (cJSON_GetObjectItemCaseSensitive(root->node, "metrics"))
        return CT_OK;
    cJSON *arr = cJSON_AddArrayToObject(root->node, "metrics");
    for (int t = 0; arr && t < sw->base->n_types; t++) {
        cJSON *m = cJSON_CreateObject();
        if (!m || !cJSON_AddStringToObject(m, "kind", "final_count") ||
            !cJSON_AddStringToObject(m, "type", sw->base->types[t].name) ||
            !cJSON_AddItemToArray(arr, m)) {
            cJSON_Delete(m);
            arr = NULL;
        }
    }
    return arr ? CT_OK : oom(root);
}

int ct_sweep_parse_metrics(ct_jobj *root, ct_sweep *sw)
{
    int rc = default_metrics(root, sw);
    cJSON *arr = rc ? NULL : ct_jobj_get(root, "metrics");
    if (arr && (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > CT_SWEEP_MAX_METRICS))
        return ct_json_fail(root->file, root->err, root->path, "metrics",
                            "expected an array of at most %d metrics (objects, or text such as "
                            "\"auc(tumour)\")",
                            CT_SWEEP_MAX_METRICS);
    int i = 0;
    for (cJSON *e = arr ? arr->child : NULL; e && !rc; e = e->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "/metrics/%d", i);
        sw->n_metrics = i + 1;
        rc = ct_metric_parse(root->file, root->err, e, path, sw->base, &sw->metrics[i]);
        if (!rc)
            rc = ct_metric_check_distinct(sw->metrics, i, root->file, root->err, "/metrics");
        sw->n_columns += ct_metric_n_columns(&sw->metrics[i]);
    }
    return rc;
}

static int parse_sets(ct_jobj *root, ct_sweep *sw)
{
    ct_jobj set;
    int rc = ct_jobj_child(root, "set", CT_JSON_OPTIONAL, &set);
    if (rc)
        return rc;
    for (cJSON *c = set.node->child; c; c = c->next) {
        if (sw->n_sets == CT_SWEEP_MAX_SETS)
            return ct_json_fail(set.file, set.err, set.path, c->string, "at most %d overrides",
                                CT_SWEEP_MAX_SETS);
        char *text = cJSON_PrintUnformatted(c);
        size_t n = strlen(c->string) + (text ? strlen(text) : 0) + 2;
        char *arg = text ? ct_malloc(n) : NULL;
        if (arg)
            snprintf(arg, n, "%s=%s", c->string, text);
        cJSON_free(text);
        if (!arg)
            return oom(root);
        sw->sets[sw->n_sets++] = arg;
    }
    return CT_OK;
}

char *ct_sweep_resolve_path(const char *sweep_file, const char *path)
{
    const char *slash = strrchr(sweep_file, '/');
    int dir_len = path[0] == '/' || !slash ? 0 : (int)(slash - sweep_file + 1);
    size_t n = (size_t)dir_len + strlen(path) + 1;
    char *p = ct_malloc(n);
    if (p)
        snprintf(p, n, "%.*s%s", dir_len, sweep_file, path);
    return p;
}

int ct_sweep_load_base(ct_jobj *root, ct_sweep *sw)
{
    const char *scenario;
    int rc = ct_jobj_string(root, "scenario", CT_JSON_REQUIRED, NULL, &scenario);
    if (!rc)
        rc = parse_sets(root, sw);
    if (rc)
        return rc;
    if (!(sw->scenario_path = ct_sweep_resolve_path(sw->file, scenario)))
        return oom(root);
    rc = ct_scenario_load(sw->scenario_path, (const char *const *)sw->sets, sw->n_sets, &sw->base,
                          root->err);
    if (rc)
        ct_error_prefix(root->err, "%s: /scenario: ", sw->file);
    return rc;
}

static int has_sampled(const ct_sweep *sw)
{
    for (int p = 0; p < sw->n_params; p++)
        if (sw->params[p].kind == CT_SWEEP_SAMPLE)
            return 1;
    return 0;
}

static int parse_sampling(ct_jobj *root, ct_sweep *sw)
{
    sw->n_samples = 1;
    if (!has_sampled(sw)) {
        if (ct_jobj_get(root, "sampling"))
            return ct_json_fail(root->file, root->err, "", "sampling",
                                "no parameter is sampled (give one a \"sample\" range)");
        return CT_OK;
    }
    ct_jobj s;
    long long n;
    int rc;
    if ((rc = ct_jobj_child(root, "sampling", CT_JSON_REQUIRED, &s)) ||
        (rc = ct_jobj_enum(&s, "method", CT_JSON_REQUIRED, sampling_names, 0, &sw->sampling)) ||
        (rc = ct_jobj_int(&s, "count", CT_JSON_REQUIRED, 0, 1, CT_SWEEP_MAX_RUNS, &n)))
        return rc;
    sw->n_samples = (long)n;
    return ct_jobj_close(&s);
}

static int parse_root(ct_jobj *root, ct_sweep *sw)
{
    long long seed, reps, every, threads;
    int rc;
    if ((rc = ct_jobj_string(root, "name", CT_JSON_OPTIONAL, "unnamed", &(const char *){0})) ||
        (rc = ct_jobj_string(root, "description", CT_JSON_OPTIONAL, "", &(const char *){0})) ||
        (rc = ct_sweep_load_base(root, sw)) ||
        (rc = ct_jobj_int(root, "seed", CT_JSON_OPTIONAL, 1, 0, MAX_SEED, &seed)) ||
        (rc = ct_jobj_int(root, "replicates", CT_JSON_OPTIONAL, 1, 1, CT_SWEEP_MAX_REPLICATES,
                          &reps)) ||
        (rc = ct_jobj_int(root, "checkpoint_every", CT_JSON_OPTIONAL, 0, 0, 1e12, &every)) ||
        (rc = ct_jobj_int(root, "threads", CT_JSON_OPTIONAL, 1, 1, 4096, &threads)) ||
        (rc = each_object(root, "parameters", sw, CT_SWEEP_MAX_PARAMS, param_at)) ||
        (rc = parse_sampling(root, sw)) || (rc = ct_sweep_parse_metrics(root, sw)))
        return rc;
    sw->seed = (uint64_t)seed;
    sw->replicates = (long)reps;
    sw->checkpoint_every = every;
    sw->threads = (long)threads;
    return ct_jobj_close(root);
}

/* ---- expansion into points ---- */

static int count_points(ct_sweep *sw, ct_error *err)
{
    double points = (double)sw->n_samples;
    for (int p = 0; p < sw->n_params; p++)
        if (sw->params[p].kind != CT_SWEEP_SAMPLE)
            points *= sw->params[p].n_values;
    if (points * (double)sw->replicates > (double)CT_SWEEP_MAX_RUNS)
        return ct_error_set(err, CT_ERANGE, "%s: %.0f points x %ld replicates exceed %ld runs",
                            sw->file, points, sw->replicates, CT_SWEEP_MAX_RUNS);
    sw->n_points = (long)points;
    return CT_OK;
}

/* Value of parameter p at point, the grid in file order (last parameter fastest), then the sample
   index fastest of all. */
static int fill_point(ct_sweep *sw, long point, const double *unit, int d)
{
    long grid = point / sw->n_samples, sample = point % sw->n_samples;
    int k = d;
    for (int p = sw->n_params - 1; p >= 0; p--) {
        const ct_sweep_param *par = &sw->params[p];
        ct_sweep_value *v = &sw->point_values[point * sw->n_params + p];
        int rc;
        if (par->kind == CT_SWEEP_SAMPLE) {
            double u = unit[sample * d + --k];
            rc = number_value(ct_sweep_sample_value(par, u), v);
        } else {
            const ct_sweep_value *src = &par->values[grid % par->n_values];
            grid /= par->n_values;
            v->is_string = src->is_string;
            v->text = ct_strdup(src->text);
            rc = v->text ? CT_OK : CT_ENOMEM;
        }
        if (rc)
            return rc;
    }
    return CT_OK;
}

static int expand(ct_sweep *sw, ct_error *err)
{
    int rc = count_points(sw, err), d = 0;
    if (rc)
        return rc;
    for (int p = 0; p < sw->n_params; p++)
        d += sw->params[p].kind == CT_SWEEP_SAMPLE;
    double *unit = ct_calloc((size_t)(sw->n_samples * d) + 1, sizeof *unit);
    sw->point_values = ct_calloc((size_t)(sw->n_points * sw->n_params) + 1,
                                 sizeof *sw->point_values);
    if (!unit || !sw->point_values)
        rc = CT_ENOMEM;
    if (!rc && d)
        rc = ct_sweep_sample_unit(sw->seed, sw->sampling, sw->n_samples, d, unit, err);
    for (long pt = 0; !rc && pt < sw->n_points; pt++)
        rc = fill_point(sw, pt, unit, d);
    ct_free(unit);
    return rc ? ct_error_set(err, rc, "%s: out of memory expanding the sweep", sw->file) : CT_OK;
}

static int read_json(const char *path, const char *kind, ct_sweep *sw, ct_jobj *root,
                     ct_error *err)
{
    ct_json_use_ct_alloc();
    char *text;
    int rc = ct_io_read_file_max(path, CT_IO_MAX_JSON_BYTES, kind, &text, NULL, err);
    if (rc)
        return rc;
    if (!(sw->file = ct_strdup(path)))
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    else if (!(sw->json = cJSON_Parse(text)))
        rc = ct_error_set(err, CT_EINVAL, "%s: invalid JSON near \"%.20s\"", path,
                          cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "");
    else if (!(rc = ct_json_refuse_duplicate_keys(sw->json, path, err)))
        rc = ct_jobj_open(root, path, err, sw->json, "");
    ct_free(text);
    return rc;
}

int ct_sweep_open_json(const char *path, const char *kind, ct_sweep **sw, ct_jobj *root,
                       ct_error *err)
{
    *sw = ct_calloc(1, sizeof **sw);
    return *sw ? read_json(path, kind, *sw, root, err)
               : ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
}

int ct_sweep_load(const char *path, ct_sweep **out, ct_error *err)
{
    *out = NULL;
    ct_sweep *sw;
    ct_jobj root;
    int rc = ct_sweep_open_json(path, "sweep file", &sw, &root, err);
    if (!rc && !(rc = parse_root(&root, sw)))
        rc = expand(sw, err);
    if (rc) {
        ct_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return CT_OK;
}

static void free_values(ct_sweep_value *v, long n)
{
    for (long i = 0; v && i < n; i++)
        ct_free(v[i].text);
    ct_free(v);
}

void ct_sweep_free(ct_sweep *sw)
{
    if (!sw)
        return;
    free_values(sw->point_values, sw->n_points * sw->n_params);
    for (int p = 0; p < sw->n_params; p++)
        free_values(sw->params[p].values, sw->params[p].n_values);
    for (int i = 0; i < sw->n_sets; i++)
        ct_free(sw->sets[i]);
    ct_scenario_free(sw->base);
    ct_free(sw->scenario_path);
    cJSON_Delete(sw->json);
    ct_free(sw->file);
    ct_free(sw);
}
