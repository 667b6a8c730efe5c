/* The snapshot reader: versions 01 and 02, every count and index checked before use, the checksum
 * last (the layout: ct_snapshot.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_snapshot.h"
#include "ct_snapshot_internal.h"

/* ---- reading ---- */

typedef struct snap_reader {
    const uint8_t *data;
    int version;
    size_t end; /* where the checksum starts */
    size_t pos;
    const char *path;
    ct_error *err;
} snap_reader;

/* Hands out the next n bytes, or fails naming what was being read. */
static int take(snap_reader *r, uint64_t n, const char *what, const uint8_t **bytes)
{
    size_t left = r->end - r->pos;
    *bytes = NULL;
    if (n > left)
        return ct_error_set(r->err, CT_EFORMAT,
                            "%s: truncated: %s needs %llu bytes at offset %zu, %zu left", r->path,
                            what, (unsigned long long)n, r->pos, left);
    *bytes = r->data + r->pos;
    r->pos += (size_t)n;
    return CT_OK;
}

static uint32_t decode_u32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t decode_u64(const uint8_t *b)
{
    return (uint64_t)decode_u32(b) | (uint64_t)decode_u32(b + 4) << 32;
}

static int get_u32(snap_reader *r, const char *what, uint32_t *v)
{
    const uint8_t *b;
    int rc = take(r, 4, what, &b);
    if (!rc)
        *v = decode_u32(b);
    return rc;
}

static int get_u64(snap_reader *r, const char *what, uint64_t *v)
{
    const uint8_t *b;
    int rc = take(r, 8, what, &b);
    if (!rc)
        *v = decode_u64(b);
    return rc;
}

static int get_f64(snap_reader *r, const char *what, double *v)
{
    uint64_t bits;
    int rc = get_u64(r, what, &bits);
    if (!rc)
        memcpy(v, &bits, sizeof *v);
    return rc;
}

static int get_count(snap_reader *r, const char *what, long long max, int *n)
{
    uint32_t v;
    int rc = get_u32(r, what, &v);
    if (!rc)
        rc = ct_snapshot_check_count(v, max, what, r->path, r->err);
    if (!rc)
        *n = (int)v;
    return rc;
}

static int out_of_memory(snap_reader *r, const char *what)
{
    return ct_error_set(r->err, CT_ENOMEM, "%s: out of memory reading %s", r->path, what);
}

/* Reads a string; an empty one becomes NULL when empty_is_null, "" otherwise. */
static int get_string(snap_reader *r, const char *what, int empty_is_null, char **out)
{
    uint32_t n;
    const uint8_t *b;
    int rc = get_u32(r, what, &n);
    if (rc)
        return rc;
    if (n > CT_SNAPSHOT_MAX_NAME)
        return ct_error_set(r->err, CT_EFORMAT, "%s: %s is %u bytes long (at most %d)", r->path,
                            what, n, CT_SNAPSHOT_MAX_NAME);
    if ((rc = take(r, n, what, &b)))
        return rc;
    if (n == 0 && empty_is_null)
        return CT_OK;
    if (memchr(b, '\0', n))
        return ct_error_set(r->err, CT_EFORMAT, "%s: %s contains a NUL byte", r->path, what);
    if (!(*out = ct_malloc((size_t)n + 1)))
        return out_of_memory(r, what);
    memcpy(*out, b, n);
    (*out)[n] = '\0';
    return CT_OK;
}

static int alloc_names(snap_reader *r, int n, const char *what, char ***names)
{
    *names = ct_calloc((size_t)n, sizeof **names);
    return *names ? CT_OK : out_of_memory(r, what);
}

/* Room for n names and n value arrays (attributes, fields). */
static int alloc_named_arrays(snap_reader *r, int n, const char *what, char ***names,
                              void ***values)
{
    int rc = alloc_names(r, n, what, names);
    if (!rc && !(*values = ct_calloc((size_t)n, sizeof **values)))
        rc = out_of_memory(r, what);
    return rc;
}

static int get_nonempty_name(snap_reader *r, const char *what, char **out)
{
    int rc = get_string(r, what, 1, out);
    if (!rc && !*out)
        rc = ct_error_set(r->err, CT_EFORMAT, "%s: empty %s", r->path, what);
    return rc;
}

static int get_header(snap_reader *r, ct_snapshot *s)
{
    const uint8_t *magic;
    uint32_t ndim;
    int rc = take(r, MAGIC_LEN, "magic", &magic);
    if (rc)
        return rc;
    if (memcmp(magic, CT_SNAPSHOT_MAGIC, MAGIC_LEN - 2) != 0)
        return ct_error_set(r->err, CT_EFORMAT, "%s: not a celltwin snapshot (bad magic)", r->path);
    if (memcmp(magic, CT_SNAPSHOT_MAGIC, MAGIC_LEN) == 0)
        r->version = 2;
    else if (memcmp(magic, CT_SNAPSHOT_MAGIC_V01, MAGIC_LEN) == 0)
        r->version = 1;
    else
        return ct_error_set(r->err, CT_EFORMAT,
                            "%s: snapshot format version %.2s, this build reads versions 01 and %s",
                            r->path, (const char *)magic + MAGIC_LEN - 2,
                            &CT_SNAPSHOT_MAGIC[MAGIC_LEN - 2]);
    s->version = r->version;
    rc = get_u32(r, "ndim", &ndim);
    for (int d = 0; !rc && d < 3; d++)
        rc = get_u32(r, "lattice size", &s->size[d]);
    if (!rc)
        rc = get_f64(r, "lattice spacing", &s->dx_um);
    if (!rc)
        rc = get_u64(r, "step", &s->step);
    if (!rc)
        rc = get_f64(r, "time", &s->time_min);
    if (!rc)
        rc = get_u64(r, "seed", &s->seed);
    if (rc)
        return rc;
    if (ndim != 2 && ndim != 3)
        return ct_error_set(r->err, CT_EFORMAT, "%s: ndim is %u, must be 2 or 3", r->path, ndim);
    s->ndim = (int)ndim;
    return ct_snapshot_check_geometry(s, r->path, r->err);
}

static int get_types(snap_reader *r, ct_snapshot *s)
{
    int rc = get_count(r, "cell types", MAX_CATEGORIES, &s->n_types);
    if (!rc)
        rc = alloc_names(r, s->n_types, "type names", &s->type_names);
    if (!rc)
        rc = alloc_names(r, s->n_types, "type colours", &s->type_colours);
    for (int t = 0; !rc && t < s->n_types; t++) {
        rc = get_nonempty_name(r, "type name", &s->type_names[t]);
        if (!rc)
            rc = get_string(r, "type colour", 1, &s->type_colours[t]);
    }
    return rc ? rc : ct_snapshot_check_colours(s, r->path, r->err);
}

static int get_states(snap_reader *r, ct_snapshot *s)
{
    int rc = get_count(r, "cell states", MAX_CATEGORIES, &s->n_states);
    if (!rc)
        rc = alloc_names(r, s->n_states, "state names", &s->state_names);
    for (int i = 0; !rc && i < s->n_states; i++)
        rc = get_nonempty_name(r, "state name", &s->state_names[i]);
    return rc;
}

/* Copies n little-endian words of 4 or 8 bytes into a new array (integers or the bits of
   floats). */
static int get_words(snap_reader *r, uint64_t n, size_t word_size, const char *what, void **out)
{
    const uint8_t *b;
    int rc = take(r, word_size * n, what, &b); /* n <= 2^32, so 8n cannot overflow */
    if (rc)
        return rc;
    uint8_t *words = ct_malloc((size_t)n * word_size);
    if (!words)
        return out_of_memory(r, what);
    for (uint64_t i = 0; i < n; i++) {
        const uint8_t *from = b + word_size * i;
        if (word_size == 4) {
            uint32_t word = decode_u32(from);
            memcpy(words + 4 * i, &word, sizeof word);
        } else {
            uint64_t word = decode_u64(from);
            memcpy(words + 8 * i, &word, sizeof word);
        }
    }
    *out = words;
    return CT_OK;
}

static int get_bytes(snap_reader *r, uint64_t n, const char *what, uint8_t **out)
{
    const uint8_t *b;
    int rc = take(r, n, what, &b);
    if (rc)
        return rc;
    if (!(*out = ct_malloc((size_t)n)))
        return out_of_memory(r, what);
    memcpy(*out, b, (size_t)n);
    return CT_OK;
}

static int get_cells(snap_reader *r, ct_snapshot *s)
{
    int rc = get_u64(r, "cell count", &s->n_cells);
    if (!rc)
        rc = ct_snapshot_check_counts(s, r->path, r->err);
    if (!rc)
        rc = get_words(r, s->n_cells, 4, "cell sites", (void **)&s->site);
    if (!rc)
        rc = get_bytes(r, s->n_cells, "cell types", &s->type);
    if (!rc)
        rc = get_bytes(r, s->n_cells, "cell states", &s->state);
    return rc ? rc : ct_snapshot_check_cells(s, r->path, r->err);
}

/* Version 02: the agents' ids and per-cell attributes, after the cells. */
static int get_ids_and_attrs(snap_reader *r, ct_snapshot *s)
{
    int rc = get_words(r, s->n_cells, 8, "cell ids", (void **)&s->id);
    if (!rc)
        rc = get_count(r, "attributes", CT_SNAPSHOT_MAX_ATTRS, &s->n_attrs);
    if (!rc)
        rc = alloc_named_arrays(r, s->n_attrs, "attributes", &s->attr_names,
                                (void ***)&s->attr_values);
    for (int a = 0; !rc && a < s->n_attrs; a++) {
        rc = get_nonempty_name(r, "attribute name", &s->attr_names[a]);
        if (!rc)
            rc = get_words(r, s->n_cells, 8, "attribute values", (void **)&s->attr_values[a]);
    }
    return rc;
}

static int get_fields(snap_reader *r, ct_snapshot *s)
{
    int rc = get_count(r, "fields", CT_SNAPSHOT_MAX_FIELDS, &s->n_fields);
    if (!rc)
        rc = alloc_named_arrays(r, s->n_fields, "fields", &s->field_names,
                                (void ***)&s->field_values);
    if (!rc)
        rc = alloc_names(r, s->n_fields, "field units", &s->field_units);
    for (int f = 0; !rc && f < s->n_fields; f++) {
        rc = get_nonempty_name(r, "field name", &s->field_names[f]);
        if (!rc)
            rc = get_string(r, "field units", 0, &s->field_units[f]);
        if (!rc && !s->field_units[f] && !(s->field_units[f] = ct_strdup("")))
            rc = out_of_memory(r, "field units");
        if (!rc)
            rc = get_words(r, ct_snapshot_n_sites(s), 4, "field values",
                           (void **)&s->field_values[f]);
    }
    return rc;
}

static int parse_snapshot(snap_reader *r, ct_snapshot *s)
{
    int rc = get_header(r, s);
    if (!rc)
        rc = get_types(r, s);
    if (!rc)
        rc = get_states(r, s);
    if (!rc)
        rc = get_cells(r, s);
    if (!rc && r->version >= 2)
        rc = get_ids_and_attrs(r, s);
    if (!rc)
        rc = get_fields(r, s);
    if (!rc && r->pos != r->end)
        rc = ct_error_set(r->err, CT_EFORMAT, "%s: %zu unexpected bytes after the last field",
                          r->path, r->end - r->pos);
    return rc;
}

int ct_snapshot_read(const char *path, ct_snapshot *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) /* a FIFO would block the read forever */
        return ct_error_set(err, CT_EIO, "%s: not a regular file", path);
    char *data;
    size_t len;
    int rc = ct_io_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    if (len < MAGIC_LEN + 8) {
        ct_free(data);
        return ct_error_set(err, CT_EFORMAT, "%s: truncated: %zu bytes is too short for a snapshot",
                            path, len);
    }
    snap_reader r = {(const uint8_t *)data, 0, len - 8, 0, path, err};
    rc = parse_snapshot(&r, out);
    if (!rc && decode_u64(r.data + r.end) != ct_snapshot_checksum(data, r.end))
        rc = ct_error_set(err, CT_EFORMAT, "%s: checksum mismatch: the file is corrupt", path);
    ct_free(data);
    if (rc)
        ct_snapshot_free(out);
    return rc;
}
