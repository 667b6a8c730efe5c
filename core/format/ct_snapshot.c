/* Snapshot files: a versioned, checksummed little-endian encoding of ct_snapshot (see ct_snapshot.h):
 * the checks both directions share, and the writer (the reader: ct_snapshot_read.c). */
#include "ct_snapshot.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_snapshot_internal.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL
#define MAX_SITES (UINT64_C(1) << 32) /* a site index is a u32 */
#define ENCODE_CHUNK 4096             /* array elements encoded per write */

static uint64_t fnv1a_update(uint64_t hash, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hash ^= p[i];
        hash *= FNV_PRIME;
    }
    return hash;
}

uint64_t ct_snapshot_checksum(const void *data, size_t len)
{
    return fnv1a_update(FNV_OFFSET, data, len);
}

uint64_t ct_snapshot_n_sites(const ct_snapshot *s)
{
    return (uint64_t)s->size[0] * s->size[1] * s->size[2];
}

static int name_index(char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

int ct_snapshot_attr_index(const ct_snapshot *s, const char *name)
{
    return name_index(s->attr_names, s->n_attrs, name);
}

int ct_snapshot_field_index(const ct_snapshot *s, const char *name)
{
    return name_index(s->field_names, s->n_fields, name);
}

/* ---- validation shared by the writer and the reader ---- */

static int is_hex_colour(const char *c)
{
    if (strlen(c) != 7 || c[0] != '#')
        return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", c[i]))
            return 0;
    return 1;
}

int ct_snapshot_check_geometry(const ct_snapshot *s, const char *path, ct_error *err)
{
    if (s->ndim != 2 && s->ndim != 3)
        return ct_error_set(err, CT_EFORMAT, "%s: ndim is %d, must be 2 or 3", path, s->ndim);
    for (int d = 0; d < 3; d++)
        if (s->size[d] == 0)
            return ct_error_set(err, CT_EFORMAT, "%s: lattice size %u x %u x %u has a zero side",
                                path, s->size[0], s->size[1], s->size[2]);
    if (s->ndim == 2 && s->size[2] != 1)
        return ct_error_set(err, CT_EFORMAT, "%s: 2D lattice with depth %u (must be 1)", path,
                            s->size[2]);
    if (ct_snapshot_n_sites(s) > MAX_SITES)
        return ct_error_set(err, CT_EFORMAT, "%s: lattice %u x %u x %u has more than 2^32 sites",
                            path, s->size[0], s->size[1], s->size[2]);
    if (!(s->dx_um > 0 && isfinite(s->dx_um)))
        return ct_error_set(err, CT_EFORMAT, "%s: lattice spacing %g um is not positive", path,
                            s->dx_um);
    if (!isfinite(s->time_min))
        return ct_error_set(err, CT_EFORMAT, "%s: time is not finite", path);
    return CT_OK;
}

int ct_snapshot_check_count(long long n, long long max, const char *what, const char *path,
                            ct_error *err)
{
    if (n < 0 || n > max)
        return ct_error_set(err, CT_EFORMAT, "%s: %lld %s (at most %lld supported)", path, n,
                            what, max);
    return CT_OK;
}

int ct_snapshot_check_counts(const ct_snapshot *s, const char *path, ct_error *err)
{
    int rc = ct_snapshot_check_count(s->n_types, MAX_CATEGORIES, "cell types", path, err);
    if (!rc)
        rc = ct_snapshot_check_count(s->n_states, MAX_CATEGORIES, "cell states", path, err);
    if (!rc)
        rc = ct_snapshot_check_count(s->n_fields, CT_SNAPSHOT_MAX_FIELDS, "fields", path, err);
    if (!rc)
        rc = ct_snapshot_check_count(s->n_attrs, CT_SNAPSHOT_MAX_ATTRS, "attributes", path, err);
    if (!rc && s->n_cells > ct_snapshot_n_sites(s))
        rc = ct_error_set(err, CT_EFORMAT, "%s: %llu cells on %llu sites", path,
                          (unsigned long long)s->n_cells,
                          (unsigned long long)ct_snapshot_n_sites(s));
    return rc;
}

int ct_snapshot_check_colours(const ct_snapshot *s, const char *path, ct_error *err)
{
    for (int t = 0; t < s->n_types; t++) {
        const char *c = s->type_colours ? s->type_colours[t] : NULL;
        if (c && *c && !is_hex_colour(c))
            return ct_error_set(err, CT_EFORMAT, "%s: colour \"%s\" of type %s is not #rrggbb",
                                path, c, s->type_names[t]);
    }
    return CT_OK;
}

int ct_snapshot_check_cells(const ct_snapshot *s, const char *path, ct_error *err)
{
    uint64_t n_sites = ct_snapshot_n_sites(s);
    for (uint64_t i = 0; i < s->n_cells; i++) {
        if (s->site[i] >= n_sites)
            return ct_error_set(err, CT_EFORMAT, "%s: cell %llu on site %u, outside the %llu sites",
                                path, (unsigned long long)i, s->site[i],
                                (unsigned long long)n_sites);
        if (s->type[i] >= s->n_types)
            return ct_error_set(err, CT_EFORMAT, "%s: cell %llu has type %u of %d types", path,
                                (unsigned long long)i, s->type[i], s->n_types);
        if (s->state[i] >= s->n_states)
            return ct_error_set(err, CT_EFORMAT, "%s: cell %llu has state %u of %d states", path,
                                (unsigned long long)i, s->state[i], s->n_states);
    }
    return CT_OK;
}

static int check_name(const char *name, int may_be_empty, const char *what, const char *path,
                      ct_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if ((n == 0 && !may_be_empty) || n > CT_SNAPSHOT_MAX_NAME)
        return ct_error_set(err, CT_EFORMAT, "%s: %s name is empty or longer than %d bytes", path,
                            what, CT_SNAPSHOT_MAX_NAME);
    return CT_OK;
}

static int check_names(const ct_snapshot *s, const char *path, ct_error *err)
{
    int rc = CT_OK;
    for (int i = 0; !rc && i < s->n_types; i++)
        rc = check_name(s->type_names[i], 0, "type", path, err);
    for (int i = 0; !rc && i < s->n_states; i++)
        rc = check_name(s->state_names[i], 0, "state", path, err);
    for (int i = 0; !rc && i < s->n_attrs; i++)
        rc = check_name(s->attr_names[i], 0, "attribute", path, err);
    for (int i = 0; !rc && i < s->n_fields; i++) {
        rc = check_name(s->field_names[i], 0, "field", path, err);
        if (!rc)
            rc = check_name(s->field_units ? s->field_units[i] : NULL, 1, "unit", path, err);
    }
    return rc;
}

/* ---- writing ---- */

typedef struct snap_writer {
    FILE *fp;
    uint64_t hash;
    int failed;
} snap_writer;

static void put(snap_writer *w, const void *data, size_t n)
{
    w->hash = fnv1a_update(w->hash, data, n);
    if (n && fwrite(data, 1, n, w->fp) != n)
        w->failed = 1;
}

static void encode_u32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static void encode_u64(uint8_t *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static void put_u32(snap_writer *w, uint32_t v)
{
    uint8_t b[4];
    encode_u32(b, v);
    put(w, b, sizeof b);
}

static void put_u64(snap_writer *w, uint64_t v)
{
    uint8_t b[8];
    encode_u64(b, v);
    put(w, b, sizeof b);
}

static void put_f64(snap_writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u64(w, bits);
}

static void put_string(snap_writer *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u32(w, (uint32_t)n);
    put(w, s, n);
}

/* Writes n words of 4 or 8 bytes (integers or the bits of floats) little-endian, a chunk at a
   time. */
static void put_words(snap_writer *w, const void *words, uint64_t n, size_t word_size)
{
    uint8_t buf[8 * ENCODE_CHUNK];
    const uint8_t *src = words;
    for (uint64_t done = 0; done < n;) {
        size_t k = n - done < ENCODE_CHUNK ? (size_t)(n - done) : ENCODE_CHUNK;
        for (size_t i = 0; i < k; i++) {
            const uint8_t *from = src + word_size * (done + i);
            if (word_size == 4) {
                uint32_t word; /* memcpy: the words may be floats */
                memcpy(&word, from, sizeof word);
                encode_u32(buf + 4 * i, word);
            } else {
                uint64_t word;
                memcpy(&word, from, sizeof word);
                encode_u64(buf + 8 * i, word);
            }
        }
        put(w, buf, word_size * k);
        done += k;
    }
}

static void put_snapshot(snap_writer *w, const ct_snapshot *s)
{
    put(w, CT_SNAPSHOT_MAGIC, MAGIC_LEN);
    put_u32(w, (uint32_t)s->ndim);
    for (int d = 0; d < 3; d++)
        put_u32(w, s->size[d]);
    put_f64(w, s->dx_um);
    put_u64(w, s->step);
    put_f64(w, s->time_min);
    put_u64(w, s->seed);
    put_u32(w, (uint32_t)s->n_types);
    for (int t = 0; t < s->n_types; t++) {
        put_string(w, s->type_names[t]);
        put_string(w, s->type_colours ? s->type_colours[t] : NULL);
    }
    put_u32(w, (uint32_t)s->n_states);
    for (int i = 0; i < s->n_states; i++)
        put_string(w, s->state_names[i]);
    put_u64(w, s->n_cells);
    put_words(w, s->site, s->n_cells, 4);
    put(w, s->type, s->n_cells);
    put(w, s->state, s->n_cells);
    put_words(w, s->id, s->n_cells, 8);
    put_u32(w, (uint32_t)s->n_attrs);
    for (int a = 0; a < s->n_attrs; a++) {
        put_string(w, s->attr_names[a]);
        put_words(w, s->attr_values[a], s->n_cells, 8);
    }
    put_u32(w, (uint32_t)s->n_fields);
    for (int f = 0; f < s->n_fields; f++) {
        put_string(w, s->field_names[f]);
        put_string(w, s->field_units ? s->field_units[f] : NULL);
        put_words(w, s->field_values[f], ct_snapshot_n_sites(s), 4);
    }
}

static int check_snapshot(const ct_snapshot *s, const char *path, ct_error *err)
{
    int rc = ct_snapshot_check_geometry(s, path, err);
    if (!rc)
        rc = ct_snapshot_check_counts(s, path, err);
    if (!rc)
        rc = check_names(s, path, err);
    if (!rc)
        rc = ct_snapshot_check_colours(s, path, err);
    if (!rc)
        rc = ct_snapshot_check_cells(s, path, err);
    if (!rc && s->n_cells && !s->id)
        rc = ct_error_set(err, CT_EFORMAT, "%s: %llu cells without ids", path,
                          (unsigned long long)s->n_cells);
    return rc;
}

int ct_snapshot_write(const ct_snapshot *s, const char *path, ct_error *err)
{
    if (check_snapshot(s, path, err)) {
        if (err)
            err->code = CT_EINVAL; /* the caller's data is wrong, not a file */
        return CT_EINVAL;
    }
    ct_outfile out;
    int rc = ct_outfile_open(&out, path, err);
    if (rc)
        return rc;
    snap_writer w = {out.fp, FNV_OFFSET, 0};
    put_snapshot(&w, s);
    uint8_t checksum[8];
    encode_u64(checksum, w.hash);
    if (w.failed || fwrite(checksum, 1, sizeof checksum, out.fp) != sizeof checksum) {
        int saved = errno;
        ct_outfile_abort(&out);
        errno = saved;
        return ct_io_write_error(path, err);
    }
    return ct_outfile_commit(&out, err);
}

static void free_names(char **names, int n)
{
    for (int i = 0; names && i < n; i++)
        ct_free(names[i]);
    ct_free(names);
}

void ct_snapshot_free(ct_snapshot *s)
{
    free_names(s->type_names, s->n_types);
    free_names(s->type_colours, s->n_types);
    free_names(s->state_names, s->n_states);
    free_names(s->field_names, s->n_fields);
    free_names(s->field_units, s->n_fields);
    free_names(s->attr_names, s->n_attrs);
    for (int a = 0; s->attr_values && a < s->n_attrs; a++)
        ct_free(s->attr_values[a]);
    ct_free(s->attr_values);
    for (int f = 0; s->field_values && f < s->n_fields; f++)
        ct_free(s->field_values[f]);
    ct_free(s->field_values);
    ct_free(s->site);
    ct_free(s->type);
    ct_free(s->state);
    ct_free(s->id);
    memset(s, 0, sizeof *s);
}
