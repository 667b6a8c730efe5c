/* Strict reading of JSON objects: typed keys with ranges, defaults written back (the resolved
 * scenario), unknown keys refused with a did-you-mean, every message naming file and JSON path.
 * Base layer: for the readers above it (scenario, plugin parameters, metrics, sweeps). */
#ifndef CT_JSON_H
#define CT_JSON_H

#include <cJSON.h>
#include <stddef.h>

#include "ct_error.h"

#define CT_JSON_MAX_KEYS 48

typedef struct ct_jobj {
    const char *file;   /* for messages */
    ct_error *err;
    cJSON *node;
    char path[512];     /* JSON pointer of node, "" for the root */
    const char *keys[CT_JSON_MAX_KEYS];
    int n_keys;
} ct_jobj;

enum { CT_JSON_OPTIONAL = 0, CT_JSON_REQUIRED = 1 };

/* Makes cJSON allocate through ct_alloc (fault injection covers it); call before parsing. */
void ct_json_use_ct_alloc(void);

/* Starts reading node as an object found at path. */
int ct_jobj_open(ct_jobj *o, const char *file, ct_error *err, cJSON *node, const char *path);
/* Opens the object under key as child; absent and optional: an empty object is inserted. */
int ct_jobj_child(ct_jobj *o, const char *key, int required, ct_jobj *child);
/* Marks key as known and returns its value or NULL. */
cJSON *ct_jobj_get(ct_jobj *o, const char *key);
/* A number in [min, max]; absent and optional: def is used and written back. */
int ct_jobj_number(ct_jobj *o, const char *key, int required, double def, double min, double max,
                   double *out);
/* An integer in [min, max]. */
int ct_jobj_int(ct_jobj *o, const char *key, int required, double def, double min, double max,
                long long *out);
/* A string; absent and optional: def (may be NULL: then *out = NULL and nothing written back). */
int ct_jobj_string(ct_jobj *o, const char *key, int required, const char *def, const char **out);
/* One of choices (NULL-terminated); returns its index in *out. */
int ct_jobj_enum(ct_jobj *o, const char *key, int required, const char *const *choices, int def,
                 int *out);
/* A boolean. */
int ct_jobj_bool(ct_jobj *o, const char *key, int required, int def, int *out);
/* Refuses keys that were never asked for, suggesting the closest known key. */
int ct_jobj_close(ct_jobj *o);

/* Message at a path: "file: /path/key: what". Returns CT_EINVAL. */
int ct_json_fail(const char *file, ct_error *err, const char *path, const char *key,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Short rendering of a value for messages ("fast", 3, [..], null). */
void ct_json_describe(const cJSON *v, char *buf, size_t n);
/* Reads numeric array elements in [min, max] (length between min_len and max_len). */
int ct_json_number_array(const char *file, ct_error *err, const char *path, const char *key,
                         const cJSON *arr, int min_len, int max_len, double min, double max,
                         double *out, int *len);
/* Levenshtein edit distance (for did-you-mean). */
int ct_edit_distance(const char *a, const char *b);

/* Refuses any object in the tree that holds a key twice (cJSON keeps both; readers disagree on
   which wins): "file: /path/key: duplicate key ...". */
int ct_json_refuse_duplicate_keys(const cJSON *root, const char *file, ct_error *err);
/* Whether the len bytes at s are UTF-8 (no overlong forms, surrogates or code points beyond
   U+10FFFF): names end up in run.json, counts.csv and messages, which must stay decodable. */
int ct_utf8_valid(const char *s, size_t len);
/* Refuses JSON text (from file `what`, or a --set: what = "--set ...") that is not UTF-8 or holds
   a \u0000 escape (cJSON would cut the string there, silently), with line and column. */
int ct_json_check_text(const char *text, const char *what, ct_error *err);

/* Sets a value inside a JSON tree by a dotted path (a.b.0.c), creating objects on the way.
   text is parsed as JSON when it is valid JSON (duplicate keys refused), else taken as a
   string. Array indices are decimal, below the array's length. */
int ct_json_set_path(cJSON *root, const char *path, const char *text, ct_error *err);

#endif
