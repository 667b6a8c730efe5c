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

/* The element of array named by a decimal index: digits only, no sign, no leading zero, below
   the array's length. NULL when name is not such an index (then nothing may wrap or truncate). */
static cJSON *array_element(cJSON *array, const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 9 || strspn(name, "0123456789") != len || (name[0] == '0' && len > 1))
        return NULL; /* nine digits stay below INT_MAX, longer ones exceed any cJSON array */
    long idx = strtol(name, NULL, 10);
    return idx < cJSON_GetArraySize(array) ? cJSON_GetArrayItem(array, (int)idx) : NULL;
}

/* Follows or creates one path component; arrays take numeric indices. */
static cJSON *descend(cJSON *node, const char *name, int create, const char *path, ct_error *err)
{
    if (cJSON_IsArray(node)) {
        cJSON *item = array_element(node, name);
        int n = cJSON_GetArraySize(node);
        if (!item && n == 0)
            ct_error_set(err, CT_EINVAL, "--set %s: \"%s\": the array is empty", path, name);
        else if (!item)
            ct_error_set(err, CT_EINVAL,
                         "--set %s: \"%s\" is not an index of the array (expected 0 to %d)",
                         path, name, n - 1);
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

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first key that object holds twice (sorted, so a hostile object of many keys stays fast);
   NULL when none, or *oom set when the key list could not be allocated. */
static const char *duplicate_key(const cJSON *object, int *oom)
{
    int n = cJSON_GetArraySize(object);
    if (n < 2)
        return NULL;
    const char **keys = ct_malloc((size_t)n * sizeof *keys);
    if (!keys) {
        *oom = 1;
        return NULL;
    }
    int i = 0;
    for (const cJSON *c = object->child; c; c = c->next)
        keys[i++] = c->string;
    qsort(keys, (size_t)n, sizeof *keys, compare_keys);
    const char *dup = NULL;
    for (i = 1; i < n && !dup; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0)
            dup = keys[i];
    ct_free(keys);
    return dup;
}

static int refuse_duplicates_at(const cJSON *node, const char *file, char *path, size_t cap,
                                ct_error *err)
{
    if (cJSON_IsObject(node)) {
        int oom = 0;
        const char *dup = duplicate_key(node, &oom);
        if (oom)
            return ct_error_set(err, CT_ENOMEM, "%s: out of memory", file);
        if (dup)
            return ct_json_fail(file, err, path, dup,
                                "duplicate key (a key may appear only once in an object)");
    }
    size_t len = strlen(path);
    int i = 0;
    for (const cJSON *c = node->child; c && (cJSON_IsObject(node) || cJSON_IsArray(node));
         c = c->next, i++) {
        if (cJSON_IsObject(node))
            snprintf(path + len, cap - len, "/%s", c->string);
        else
            snprintf(path + len, cap - len, "/%d", i);
        int rc = refuse_duplicates_at(c, file, path, cap, err);
        path[len] = '\0';
        if (rc)
            return rc;
    }
    return CT_OK;
}

int ct_json_refuse_duplicate_keys(const cJSON *root, const char *file, ct_error *err)
{
    char path[512] = "";
    return refuse_duplicates_at(root, file, path, sizeof path, err);
}

/* A --set value: JSON when it parses as JSON (and holds no key twice), else a string. */
static int parse_value(const char *text, const char *path, cJSON **value, ct_error *err)
{
    char where[600];
    snprintf(where, sizeof where, "--set %s", path);
    *value = cJSON_Parse(text);
    if (*value && ct_json_refuse_duplicate_keys(*value, where, err)) {
        cJSON_Delete(*value);
        *value = NULL;
        return err ? err->code : CT_EINVAL;
    }
    if (!*value)
        *value = cJSON_CreateString(text);
    return *value ? CT_OK : ct_error_set(err, CT_ENOMEM, "--set %s: out of memory", path);
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
    cJSON *value;
    int rc = parse_value(text, path, &value, err);
    if (rc)
        return rc;
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

/* ---- text checks ---------------------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s (n bytes left), or 0 when it is not one (RFC 3629). */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
               : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    /* second-byte bounds that rule out overlong forms, surrogates and code points > U+10FFFF */
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) || (c == 0xf0 && s[1] < 0x90) ||
        (c == 0xf4 && s[1] > 0x8f))
        return 0;
    return len;
}

int ct_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0, step; i < len; i += step)
        if (!(step = utf8_sequence(p + i, len - i)))
            return 0;
    return 1;
}

static int text_refused(const char *text, const char *at, const char *what, const char *why,
                        ct_error *err)
{
    int line = 1, col = 1;
    for (const char *p = text; p < at; p++, col++)
        if (*p == '\n')
            line++, col = 0;
    return ct_error_set(err, CT_EINVAL, "%s:%d:%d: %s", what, line, col, why);
}

int ct_json_check_text(const char *text, const char *what, ct_error *err)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    int in_string = 0, escaped = 0;
    for (size_t i = 0, step; i < n; i += step) {
        if (!(step = utf8_sequence(p + i, n - i)))
            return text_refused(text, text + i, what, "not UTF-8 text (names and strings must be)",
                                err);
        if (escaped)
            escaped = 0;
        else if (p[i] == '"')
            in_string = !in_string;
        else if (in_string && p[i] == '\\') {
            if (strncmp(text + i + 1, "u0000", 5) == 0)
                return text_refused(text, text + i, what,
                                    "\\u0000 (a NUL character) is not allowed in a string", err);
            escaped = 1;
        }
    }
    return CT_OK;
}
