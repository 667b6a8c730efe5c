/* Strict JSON object reader with JSON-pointer error messages and dotted-path overrides. */
#include "ct_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"

static void *json_malloc(size_t n) { return ct_malloc(n); }

void ct_json_use_ct_alloc(void)
{
    static int done;
    if (!done) {
        cJSON_Hooks hooks = {json_malloc, ct_free};
        cJSON_InitHooks(&hooks);
        done = 1;
    }
}

int ct_json_fail(const char *file, ct_error *err, const char *path, const char *key,
                 const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (key)
        return ct_error_set(err, CT_EINVAL, "%s: %s/%s: %s", file, path, key, what);
    return ct_error_set(err, CT_EINVAL, "%s: %s: %s", file, path[0] ? path : "/", what);
}

void ct_json_describe(const cJSON *v, char *buf, size_t n)
{
    if (!v) {
        snprintf(buf, n, "nothing");
        return;
    }
    if (cJSON_IsObject(v)) {
        snprintf(buf, n, "an object");
        return;
    }
    if (cJSON_IsArray(v)) {
        snprintf(buf, n, "an array");
        return;
    }
    char *s = cJSON_PrintUnformatted(v);
    if (!s) {
        snprintf(buf, n, "a value");
        return;
    }
    if (strlen(s) > 60)
        snprintf(buf, n, "%.57s...", s);
    else
        snprintf(buf, n, "%s", s);
    cJSON_free(s);
}

int ct_jobj_open(ct_jobj *o, const char *file, ct_error *err, cJSON *node, const char *path)
{
    memset(o, 0, sizeof *o);
    o->file = file;
    o->err = err;
    o->node = node;
    snprintf(o->path, sizeof o->path, "%s", path);
    if (!cJSON_IsObject(node)) {
        char got[80];
        ct_json_describe(node, got, sizeof got);
        return ct_json_fail(file, err, path, NULL, "expected an object, got %s", got);
    }
    return CT_OK;
}

cJSON *ct_jobj_get(ct_jobj *o, const char *key)
{
    int known = 0;
    for (int i = 0; i < o->n_keys; i++)
        known |= strcmp(o->keys[i], key) == 0;
    if (!known && o->n_keys < CT_JSON_MAX_KEYS)
        o->keys[o->n_keys++] = key;
    return cJSON_GetObjectItemCaseSensitive(o->node, key);
}

static int missing(ct_jobj *o, const char *key, const char *what)
{
    return ct_json_fail(o->file, o->err, o->path, key, "required: expected %s", what);
}

static int wrong(ct_jobj *o, const char *key, const cJSON *v, const char *what)
{
    char got[80];
    ct_json_describe(v, got, sizeof got);
    return ct_json_fail(o->file, o->err, o->path, key, "expected %s, got %s", what, got);
}

int ct_jobj_child(ct_jobj *o, const char *key, int required, ct_jobj *child)
{
    cJSON *v = ct_jobj_get(o, key);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", o->path, key);
    if (!v) {
        if (required)
            return missing(o, key, "an object");
        v = cJSON_AddObjectToObject(o->node, key);
        if (!v)
            return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
    }
    return ct_jobj_open(child, o->file, o->err, v, path);
}

static void describe_range(char *buf, size_t n, const char *kind, double min, double max)
{
    if (min == -HUGE_VAL && max == HUGE_VAL)
        snprintf(buf, n, "%s", kind);
    else if (max == HUGE_VAL)
        snprintf(buf, n, "%s >= %g", kind, min);
    else if (min == -HUGE_VAL)
        snprintf(buf, n, "%s <= %g", kind, max);
    else
        snprintf(buf, n, "%s in [%g, %g]", kind, min, max);
}

static int read_number(ct_jobj *o, const char *key, int required, double def, double min,
                       double max, int integer, double *out)
{
    char what[96];
    describe_range(what, sizeof what, integer ? "an integer" : "a number", min, max);
    cJSON *v = ct_jobj_get(o, key);
    if (!v) {
        if (required)
            return missing(o, key, what);
        *out = def;
        if (!cJSON_AddNumberToObject(o->node, key, def))
            return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
        return CT_OK;
    }
    double x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!cJSON_IsNumber(v) || !isfinite(x) || x < min || x > max || (integer && x != floor(x)))
        return wrong(o, key, v, what);
    *out = x;
    return CT_OK;
}

int ct_jobj_number(ct_jobj *o, const char *key, int required, double def, double min, double max,
                   double *out)
{
    return read_number(o, key, required, def, min, max, 0, out);
}

int ct_jobj_int(ct_jobj *o, const char *key, int required, double def, double min, double max,
                long long *out)
{
    double x = 0.0;
    int rc = read_number(o, key, required, def, min, max, 1, &x);
    if (rc == CT_OK)
        *out = (long long)x;
    return rc;
}

int ct_jobj_string(ct_jobj *o, const char *key, int required, const char *def, const char **out)
{
    cJSON *v = ct_jobj_get(o, key);
    if (!v) {
        if (required)
            return missing(o, key, "a string");
        *out = def;
        if (def && !cJSON_AddStringToObject(o->node, key, def))
            return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
        return CT_OK;
    }
    if (!cJSON_IsString(v))
        return wrong(o, key, v, "a string");
    *out = v->valuestring;
    return CT_OK;
}

static void list_choices(char *buf, size_t n, const char *const *choices)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; choices[i] && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s\"%s\"", i ? ", " : "", choices[i]);
}

int ct_jobj_enum(ct_jobj *o, const char *key, int required, const char *const *choices, int def,
                 int *out)
{
    const char *s;
    int rc = ct_jobj_string(o, key, required, required ? NULL : choices[def], &s);
    if (rc)
        return rc;
    for (int i = 0; choices[i]; i++)
        if (strcmp(s, choices[i]) == 0) {
            *out = i;
            return CT_OK;
        }
    char what[256];
    char list[200];
    list_choices(list, sizeof list, choices);
    snprintf(what, sizeof what, "one of %s", list);
    return wrong(o, key, cJSON_GetObjectItemCaseSensitive(o->node, key), what);
}

int ct_jobj_bool(ct_jobj *o, const char *key, int required, int def, int *out)
{
    cJSON *v = ct_jobj_get(o, key);
    if (!v) {
        if (required)
            return missing(o, key, "true or false");
        *out = def;
        if (!cJSON_AddBoolToObject(o->node, key, def))
            return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
        return CT_OK;
    }
    if (!cJSON_IsBool(v))
        return wrong(o, key, v, "true or false");
    *out = cJSON_IsTrue(v);
    return CT_OK;
}

int ct_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

int ct_jobj_close(ct_jobj *o)
{
    for (cJSON *c = o->node->child; c; c = c->next) {
        int known = 0;
        const char *best = NULL;
        int best_d = 99;
        for (int i = 0; i < o->n_keys && !known; i++) {
            known = strcmp(c->string, o->keys[i]) == 0;
            int d = ct_edit_distance(c->string, o->keys[i]);
            if (d < best_d) {
                best_d = d;
                best = o->keys[i];
            }
        }
        if (known)
            continue;
        size_t len = strlen(c->string);
        if (best && best_d <= (len > 6 ? 3 : 2))
            return ct_json_fail(o->file, o->err, o->path, c->string,
                                "unknown key (did you mean \"%s\"?)", best);
        return ct_json_fail(o->file, o->err, o->path, c->string, "unknown key");
    }
    return CT_OK;
}

int ct_json_number_array(const char *file, ct_error *err, const char *path, const char *key,
                         const cJSON *arr, int min_len, int max_len, double min, double max,
                         double *out, int *len)
{
    char what[160], range[96];
    describe_range(range, sizeof range, "numbers", min, max);
    if (min_len == max_len)
        snprintf(what, sizeof what, "an array of %d %s", min_len, range);
    else
        snprintf(what, sizeof what, "an array of %d to %d %s", min_len, max_len, range);
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : -1;
    char got[80];
    ct_json_describe(arr, got, sizeof got);
    if (n < min_len || n > max_len)
        return ct_json_fail(file, err, path, key, "expected %s, got %s", what, got);
    int i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble) || e->valuedouble < min ||
            e->valuedouble > max) {
            ct_json_describe(e, got, sizeof got);
            char sub[600];
            snprintf(sub, sizeof sub, "%s/%s", path, key);
            return ct_json_fail(file, err, sub, NULL, "element %d: expected %s, got %s", i, range,
                                got);
        }
        out[i] = e->valuedouble;
    }
    if (len)
        *len = n;
    return CT_OK;
}

/* Follows or creates one path component; arrays take numeric indices. */
static cJSON *descend(cJSON *node, const char *name, int create, const char *path, ct_error *err)
{
    if (cJSON_IsArray(node)) {
        char *end;
        long idx = strtol(name, &end, 10);
        cJSON *item = (*end || idx < 0) ? NULL : cJSON_GetArrayItem(node, (int)idx);
        if (!item)
            ct_error_set(err, CT_EINVAL, "--set %s: \"%s\" is not an index of the array", path,
                         name);
        return item;
    }
    if (!cJSON_IsObject(node)) {
        ct_error_set(err, CT_EINVAL, "--set %s: cannot descend into \"%s\": not an object", path,
                     name);
        return NULL;
    }
    cJSON *item = cJSON_GetObjectItemCaseSensitive(node, name);
    if (!item && create)
        item = cJSON_AddObjectToObject(node, name);
    if (!item)
        ct_error_set(err, CT_ENOMEM, "--set %s: out of memory", path);
    return item;
}

static cJSON *parse_value(const char *text)
{
    cJSON *v = cJSON_Parse(text);
    return v ? v : cJSON_CreateString(text);
}

int ct_json_set_path(cJSON *root, const char *path, const char *text, ct_error *err)
{
    char buf[512];
    if (!path[0] || snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return ct_error_set(err, CT_EINVAL, "--set: bad path \"%s\"", path);
    cJSON *node = root;
    char *name = buf, *dot;
    while ((dot = strchr(name, '.'))) {
        *dot = '\0';
        if (!*name)
            return ct_error_set(err, CT_EINVAL, "--set %s: empty path component", path);
        node = descend(node, name, 1, path, err);
        if (!node)
            return err ? err->code : CT_EINVAL;
        name = dot + 1;
    }
    if (!*name)
        return ct_error_set(err, CT_EINVAL, "--set %s: empty path component", path);
    cJSON *value = parse_value(text);
    if (!value)
        return ct_error_set(err, CT_ENOMEM, "--set %s: out of memory", path);
    if (cJSON_IsArray(node)) {
        cJSON *old = descend(node, name, 0, path, err);
        if (!old) {
            cJSON_Delete(value);
            return CT_EINVAL;
        }
        return cJSON_ReplaceItemViaPointer(node, old, value) ? CT_OK : CT_ENOMEM;
    }
    if (!cJSON_IsObject(node)) {
        cJSON_Delete(value);
        return ct_error_set(err, CT_EINVAL, "--set %s: parent of \"%s\" is not an object", path,
                            name);
    }
    if (cJSON_GetObjectItemCaseSensitive(node, name))
        return cJSON_ReplaceItemInObjectCaseSensitive(node, name, value) ? CT_OK : CT_ENOMEM;
    cJSON_AddItemToObject(node, name, value);
    return CT_OK;
}
