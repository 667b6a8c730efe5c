/* Checkpoint files: tagged, length-prefixed sections in a checksummed file (see ct_checkpoint.h). */
#include "ct_checkpoint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"
#include "ct_snapshot.h"

#define MAGIC_LEN 8
#define VERSION_AT 6 /* the last two magic characters are the format version */
#define TAG_LEN 4
#define HEADER_LEN (TAG_LEN + 8)

/* The sections of this version, in file order. */
static const char *const section_tags[] = {"SCEN", "STEP", "AGNT", "ATTR",
                                           "RATE", "FLDS", "CNTS", "RUN "};
enum { N_SECTIONS = sizeof section_tags / sizeof section_tags[0] };

/* ---- writing: the file is built in memory, then written atomically ---- */

typedef struct ck_buf {
    uint8_t *data;
    size_t len, cap;
    int failed;
} ck_buf;

static void put(ck_buf *b, const void *p, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *d = ct_realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void encode_le(uint8_t *dst, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t decode_le(const uint8_t *src, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)src[i] << (8 * i);
    return v;
}

static void put_u64(ck_buf *b, uint64_t v)
{
    uint8_t e[8];
    encode_le(e, v, sizeof e);
    put(b, e, sizeof e);
}

static void put_text(ck_buf *b, const char *s, size_t n)
{
    put_u64(b, n);
    put(b, s, n);
}

/* Host value of one array element of elem (1, 4 or 8) bytes. */
static uint64_t load_elem(const uint8_t *p, size_t elem)
{
    uint8_t u8;
    uint32_t u32;
    uint64_t u64;
    switch (elem) {
    case 1:
        memcpy(&u8, p, 1);
        return u8;
    case 4:
        memcpy(&u32, p, 4);
        return u32;
    default:
        memcpy(&u64, p, 8);
        return u64;
    }
}

static void store_elem(uint8_t *p, size_t elem, uint64_t v)
{
    uint8_t u8 = (uint8_t)v;
    uint32_t u32 = (uint32_t)v;
    switch (elem) {
    case 1:
        memcpy(p, &u8, 1);
        break;
    case 4:
        memcpy(p, &u32, 4);
        break;
    default:
        memcpy(p, &v, 8);
    }
}

static void put_array(ck_buf *b, const void *array, size_t n, size_t elem)
{
    uint8_t e[8];
    for (size_t i = 0; i < n; i++) {
        encode_le(e, load_elem((const uint8_t *)array + i * elem, elem), elem);
        put(b, e, elem);
    }
}

/* Writes a section header with a length to patch when the payload is complete. */
static size_t begin_section(ck_buf *b, const char *tag)
{
    put(b, tag, TAG_LEN);
    size_t at = b->len;
    put_u64(b, 0);
    return at;
}

static void end_section(ck_buf *b, size_t at)
{
    if (!b->failed)
        encode_le(b->data + at, b->len - at - 8, 8);
}

static void put_agents(ck_buf *b, const ct_agents *ag)
{
    put_u64(b, ag->n);
    put_u64(b, ag->n_dead);
    put_u64(b, ag->next_id);
#define PUT_ARRAY(f) put_array(b, ag->f, ag->n, sizeof *ag->f);
    CT_AGENT_ARRAYS(PUT_ARRAY)
#undef PUT_ARRAY
}

static void put_attributes(ck_buf *b, const ct_agents *ag)
{
    put_u64(b, (uint64_t)ag->n_attr);
    for (int k = 0; k < ag->n_attr; k++) {
        put_text(b, ag->attr_name[k], strlen(ag->attr_name[k]));
        put_array(b, ag->attr[k], ag->n, sizeof *ag->attr[k]);
    }
}

static void put_rates(ck_buf *b, const ct_sim *sim)
{
    put_u64(b, (uint64_t)sim->sc->n_types);
    for (int t = 0; t < sim->sc->n_types; t++)
        put_array(b, sim->type_step[t].rate, 4, sizeof(double));
}

static void put_fields(ck_buf *b, const ct_fields *f)
{
    put_u64(b, (uint64_t)f->n);
    put_u64(b, f->n_sites);
    for (int k = 0; k < f->n; k++) {
        put_array(b, f->value[k], f->n_sites, sizeof(float));
        put_array(b, f->source[k], f->n_sites, sizeof(float));
    }
}

static void put_state(ck_buf *b, const ct_sim *sim, const char *json, const ct_checkpoint_run *run)
{
    put(b, CT_CHECKPOINT_MAGIC, MAGIC_LEN);
    size_t at = begin_section(b, "SCEN");
    put_text(b, sim->sc->file, strlen(sim->sc->file));
    put_text(b, json, strlen(json));
    end_section(b, at);
    at = begin_section(b, "STEP");
    put_u64(b, sim->step);
    put_u64(b, sim->seed);
    put_u64(b, sim->steps_since_reorder);
    end_section(b, at);
    at = begin_section(b, "AGNT");
    put_agents(b, &sim->ag);
    end_section(b, at);
    at = begin_section(b, "ATTR");
    put_attributes(b, &sim->ag);
    end_section(b, at);
    at = begin_section(b, "RATE");
    put_rates(b, sim);
    end_section(b, at);
    at = begin_section(b, "FLDS");
    put_fields(b, &sim->fields);
    end_section(b, at);
    at = begin_section(b, "CNTS");
    put_text(b, run->counts_text, run->counts_len);
    end_section(b, at);
    at = begin_section(b, "RUN ");
    put_u64(b, (uint64_t)run->checkpoint_every);
    end_section(b, at);
    put(b, "END ", TAG_LEN);
    put_u64(b, 8);
    if (!b->failed)
        put_u64(b, ct_snapshot_checksum(b->data, b->len));
}

int ct_checkpoint_write(const ct_sim *sim, const ct_checkpoint_run *run, const char *path,
                        ct_error *err)
{
    char *json = cJSON_PrintUnformatted(sim->sc->json);
    if (!json)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    ck_buf b = {0};
    put_state(&b, sim, json, run);
    cJSON_free(json);
    int rc = b.failed ? ct_error_set(err, CT_ENOMEM, "%s: out of memory", path)
                      : ct_io_write_file(path, b.data, b.len, err);
    ct_free(b.data);
    return rc;
}

/* ---- reading ---- */

typedef struct ck_reader {
    const uint8_t *data;
    size_t pos, end;
    const char *path;
    const char *tag; /* section being read, for messages */
    ct_error *err;
} ck_reader;

static int take(ck_reader *r, uint64_t n, const char *what, const uint8_t **bytes)
{
    size_t left = r->end - r->pos;
    *bytes = NULL;
    if (n > left)
        return ct_error_set(r->err, CT_EFORMAT,
                            "%s: corrupt: section \"%s\": %s needs %llu bytes, %zu left", r->path,
                            r->tag, what, (unsigned long long)n, left);
    *bytes = r->data + r->pos;
    r->pos += (size_t)n;
    return CT_OK;
}

static int get_u64(ck_reader *r, const char *what, uint64_t *v)
{
    const uint8_t *b = NULL;
    int rc = take(r, 8, what, &b);
    if (!rc)
        *v = decode_le(b, 8);
    return rc;
}

/* A length-prefixed text as a NUL-terminated copy (ct_free it). */
static int get_text(ck_reader *r, const char *what, char **out, size_t *len)
{
    uint64_t n = 0;
    const uint8_t *b = NULL;
    int rc = get_u64(r, what, &n);
    if (!rc)
        rc = take(r, n, what, &b);
    if (rc)
        return rc;
    *out = ct_malloc((size_t)n + 1);
    if (!*out)
        return ct_error_set(r->err, CT_ENOMEM, "%s: out of memory", r->path);
    memcpy(*out, b, (size_t)n);
    (*out)[n] = '\0';
    if (len)
        *len = (size_t)n;
    return CT_OK;
}

static int get_array(ck_reader *r, void *array, size_t n, size_t elem, const char *what)
{
    const uint8_t *b = NULL;
    int rc = take(r, (uint64_t)n * elem, what, &b);
    for (size_t i = 0; !rc && i < n; i++)
        store_elem((uint8_t *)array + i * elem, elem, decode_le(b + i * elem, elem));
    return rc;
}

static int fail(ck_reader *r, const char *what)
{
    return ct_error_set(r->err, CT_EFORMAT, "%s: corrupt: section \"%s\": %s", r->path, r->tag,
                        what);
}

static int read_scenario(ck_reader *r, ct_checkpoint *ck)
{
    char *file = NULL, *json = NULL;
    int rc = get_text(r, "scenario file name", &file, NULL);
    if (!rc)
        rc = get_text(r, "scenario", &json, NULL);
    if (!rc && (rc = ct_scenario_parse(json, file, NULL, 0, &ck->sc, r->err)))
        ct_error_prefix(r->err, "%s: scenario in checkpoint: ", r->path);
    if (!rc)
        rc = ct_sim_create_empty(ck->sc, &ck->sim, r->err);
    ct_free(file);
    ct_free(json);
    return rc;
}

static int read_step(ck_reader *r, ct_checkpoint *ck)
{
    uint64_t seed = 0;
    int rc;
    if ((rc = get_u64(r, "step", &ck->sim->step)) || (rc = get_u64(r, "seed", &seed)) ||
        (rc = get_u64(r, "steps since reorder", &ck->sim->steps_since_reorder)))
        return rc;
    if (ck->sim->step > (uint64_t)ck->sc->steps)
        return fail(r, "step beyond the scenario's steps");
    /* this seed is exact; the scenario JSON may hold seeds >= 10^15 rounded (cJSON prints 15
       significant digits) */
    ck->sc->seed = ck->sim->seed = seed;
    return CT_OK;
}

/* What is wrong with agent i, or NULL: the invariants every state the engine produces keeps. */
static const char *agent_fault(const ct_sim *sim, size_t i)
{
    const ct_agents *ag = &sim->ag;
    if (ag->id[i] == 0 || ag->id[i] >= ag->next_id)
        return "its id is 0 or not below the next id";
    if (ag->parent[i] >= ag->next_id)
        return "its parent id is not below the next id";
    if (ag->birth_step[i] < 0 || (uint64_t)ag->birth_step[i] > sim->step)
        return "its birth step lies outside [0, step]";
    if (ag->type[i] == CT_DEAD_TYPE)
        return NULL;
    if (ag->type[i] >= sim->sc->n_types)
        return "its type is not one of the scenario's";
    if (ag->state[i] >= sim->sc->n_states)
        return "its state is not one of the scenario's";
    if (ag->site[i] >= sim->lat.n_sites)
        return "its site lies outside the lattice";
    if (sim->lat.slot[ag->site[i]] != CT_EMPTY)
        return "its site already holds another agent";
    return NULL;
}

static int fail_agent(ck_reader *r, const ct_agents *ag, size_t i, const char *why)
{
    return ct_error_set(r->err, CT_EFORMAT,
                        "%s: corrupt: section \"%s\": agent %zu (id %llu, type %u, state %u, "
                        "site %u): %s",
                        r->path, r->tag, i, (unsigned long long)ag->id[i], ag->type[i],
                        ag->state[i], ag->site[i], why);
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Ids identify cells across snapshots and key their random streams: no two agents share one. */
static int check_unique_ids(ck_reader *r, const ct_agents *ag)
{
    if (ag->n < 2)
        return CT_OK;
    uint64_t *ids = ct_malloc(ag->n * sizeof *ids);
    if (!ids)
        return ct_error_set(r->err, CT_ENOMEM, "%s: out of memory checking %zu agent ids",
                            r->path, ag->n);
    memcpy(ids, ag->id, ag->n * sizeof *ids);
    qsort(ids, ag->n, sizeof *ids, compare_u64);
    size_t k = 1;
    while (k < ag->n && ids[k] != ids[k - 1])
        k++;
    int rc = CT_OK;
    if (k < ag->n)
        rc = ct_error_set(r->err, CT_EFORMAT,
                          "%s: corrupt: section \"%s\": two agents have the id %llu", r->path,
                          r->tag, (unsigned long long)ids[k]);
    ct_free(ids);
    return rc;
}

/* Puts every live agent back on its site; refuses states the engine could never produce. */
static int rebuild_lattice(ck_reader *r, ct_sim *sim)
{
    ct_agents *ag = &sim->ag;
    size_t dead = 0;
    for (size_t i = 0; i < ag->n; i++) {
        const char *why = agent_fault(sim, i);
        if (why)
            return fail_agent(r, ag, i, why);
        if (ag->type[i] == CT_DEAD_TYPE)
            dead++;
        else
            sim->lat.slot[ag->site[i]] = (uint32_t)i;
    }
    if (dead != ag->n_dead)
        return fail(r, "dead agent count disagrees");
    return check_unique_ids(r, ag);
}

static int read_agents(ck_reader *r, ct_checkpoint *ck)
{
    ct_sim *sim = ck->sim;
    uint64_t n = 0, n_dead = 0, next_id = 0;
    int rc;
    if ((rc = get_u64(r, "agent count", &n)) || (rc = get_u64(r, "dead agent count", &n_dead)) ||
        (rc = get_u64(r, "next id", &next_id)))
        return rc;
    if (n > (r->end - r->pos) / ct_agents_bytes_per_agent() || n_dead > n)
        return fail(r, "agent count does not fit the section");
    if ((rc = ct_sim_reserve(sim, (size_t)n))) {
        *r->err = sim->err;
        return rc;
    }
#define GET_ARRAY(f) \
    if ((rc = get_array(r, sim->ag.f, (size_t)n, sizeof *sim->ag.f, "agent " #f))) \
        return rc;
    CT_AGENT_ARRAYS(GET_ARRAY)
#undef GET_ARRAY
    sim->ag.n = (size_t)n;
    sim->ag.n_dead = (size_t)n_dead;
    sim->ag.next_id = next_id;
    return rebuild_lattice(r, sim);
}

/* The restored simulation declared its attributes again (scenario, script, plugins): the
   checkpoint must hold the same ones, in the same order. */
static int read_attributes(ck_reader *r, ct_checkpoint *ck)
{
    ct_agents *ag = &ck->sim->ag;
    uint64_t n_attr = 0;
    int rc = get_u64(r, "attribute count", &n_attr);
    if (!rc && n_attr != (uint64_t)ag->n_attr)
        return fail(r, "attribute count differs from what the scenario declares");
    for (int k = 0; !rc && k < ag->n_attr; k++) {
        char *name = NULL;
        if ((rc = get_text(r, "attribute name", &name, NULL)))
            break;
        if (strcmp(name, ag->attr_name[k]) != 0)
            rc = fail(r, "attribute names differ from what the scenario declares");
        ct_free(name);
        if (!rc)
            rc = get_array(r, ag->attr[k], ag->n, sizeof *ag->attr[k], "attribute values");
    }
    return rc;
}

static int read_rates(ck_reader *r, ct_checkpoint *ck)
{
    uint64_t n_types = 0;
    int rc = get_u64(r, "type count", &n_types);
    if (!rc && n_types != (uint64_t)ck->sc->n_types)
        return fail(r, "type count differs from the scenario's");
    for (int t = 0; !rc && t < ck->sc->n_types; t++) {
        double rate[4];
        char where[512];
        if ((rc = get_array(r, rate, 4, sizeof(double), "rates")))
            break;
        snprintf(where, sizeof where, "%s: corrupt: section \"%s\": type \"%s\"", r->path,
                 r->tag, ck->sc->types[t].name);
        if ((rc = ct_sim_set_rates(ck->sim, t, rate, where)))
            *r->err = ck->sim->err;
    }
    return rc;
}

/* The step stops a run whose field turns NaN or infinite, so a checkpoint never holds one. */
static int check_field_finite(ck_reader *r, const char *name, const float *value,
                              const float *source, size_t n_sites)
{
    for (size_t s = 0; s < n_sites; s++)
        if (!isfinite(value[s]) || !isfinite(source[s]))
            return ct_error_set(r->err, CT_EFORMAT,
                                "%s: corrupt: section \"%s\": field \"%s\" holds %g (value) "
                                "and %g (source) at site %zu: expected finite numbers",
                                r->path, r->tag, name, value[s], source[s], s);
    return CT_OK;
}

static int read_fields(ck_reader *r, ct_checkpoint *ck)
{
    ct_fields *f = &ck->sim->fields;
    uint64_t n = 0, n_sites = 0;
    int rc;
    if ((rc = get_u64(r, "field count", &n)) || (rc = get_u64(r, "field sites", &n_sites)))
        return rc;
    if (n != (uint64_t)f->n || n_sites != f->n_sites)
        return fail(r, "fields differ from the scenario's");
    for (int k = 0; !rc && k < f->n; k++)
        if (!(rc = get_array(r, f->value[k], f->n_sites, sizeof(float), "field values")) &&
            !(rc = get_array(r, f->source[k], f->n_sites, sizeof(float), "field sources")))
            rc = check_field_finite(r, ck->sc->fields[k].name, f->value[k], f->source[k],
                                    f->n_sites);
    return rc;
}

static int read_counts(ck_reader *r, ct_checkpoint *ck)
{
    return get_text(r, "counts", &ck->counts_text, &ck->counts_len);
}

static int read_run(ck_reader *r, ct_checkpoint *ck)
{
    uint64_t every = 0;
    int rc = get_u64(r, "checkpoint interval", &every);
    if (!rc && every > (uint64_t)CT_CHECKPOINT_EVERY_MAX)
        return fail(r, "checkpoint interval out of range");
    ck->checkpoint_every = (long long)every;
    return rc;
}

typedef int (*section_reader)(ck_reader *r, ct_checkpoint *ck);
static const section_reader section_readers[N_SECTIONS] = {
    read_scenario, read_step, read_agents, read_attributes, read_rates, read_fields, read_counts,
    read_run};

static int check_magic(const uint8_t *data, size_t len, const char *path, ct_error *err)
{
    if (len < MAGIC_LEN || memcmp(data, CT_CHECKPOINT_MAGIC, VERSION_AT) != 0)
        return ct_error_set(err, CT_EFORMAT, "%s: not a celltwin checkpoint (bad magic)", path);
    if (memcmp(data, CT_CHECKPOINT_MAGIC, MAGIC_LEN) != 0)
        return ct_error_set(err, CT_EFORMAT,
                            "%s: checkpoint format version %.2s; this celltwin reads %.2s", path,
                            (const char *)data + VERSION_AT, &CT_CHECKPOINT_MAGIC[VERSION_AT]);
    return CT_OK;
}

/* Walks the section headers to the end marker and checks the checksum. */
static int check_frame(const uint8_t *data, size_t len, const char *path, ct_error *err)
{
    size_t pos = MAGIC_LEN;
    while (len - pos >= HEADER_LEN) {
        uint64_t n = decode_le(data + pos + TAG_LEN, 8);
        size_t start = pos + HEADER_LEN;
        if (n > len - start)
            return ct_error_set(err, CT_EFORMAT,
                                "%s: truncated: section \"%.4s\" at byte %zu needs %llu bytes, "
                                "%zu left",
                                path, (const char *)data + pos, pos, (unsigned long long)n,
                                len - start);
        if (memcmp(data + pos, "END ", TAG_LEN) == 0) {
            if (n != 8 || start + 8 != len)
                return ct_error_set(err, CT_EFORMAT, "%s: corrupt: bad end marker", path);
            if (decode_le(data + start, 8) != ct_snapshot_checksum(data, start))
                return ct_error_set(err, CT_EFORMAT, "%s: corrupt: checksum mismatch", path);
            return CT_OK;
        }
        pos = start + (size_t)n;
    }
    return ct_error_set(err, CT_EFORMAT, "%s: truncated: no end marker after byte %zu", path, pos);
}

static int read_sections(const uint8_t *data, const char *path, ct_checkpoint *ck, ct_error *err)
{
    ck_reader r = {.data = data, .pos = MAGIC_LEN, .path = path, .err = err};
    for (int s = 0; s < N_SECTIONS; s++) {
        const char *tag = (const char *)data + r.pos;
        if (memcmp(tag, section_tags[s], TAG_LEN) != 0)
            return ct_error_set(err, CT_EFORMAT,
                                "%s: section \"%.4s\" where \"%s\" belongs: written by another "
                                "celltwin version, or with state this build cannot restore",
                                path, tag, section_tags[s]);
        r.tag = section_tags[s];
        r.end = r.pos + HEADER_LEN + (size_t)decode_le(data + r.pos + TAG_LEN, 8);
        r.pos += HEADER_LEN;
        int rc = section_readers[s](&r, ck);
        if (rc)
            return rc;
        if (r.pos != r.end)
            return fail(&r, "unexpected bytes at its end");
    }
    if (memcmp(data + r.pos, "END ", TAG_LEN) != 0)
        return ct_error_set(err, CT_EFORMAT, "%s: unknown section \"%.4s\" before the end", path,
                            (const char *)data + r.pos);
    return CT_OK;
}

int ct_checkpoint_read(const char *path, ct_checkpoint *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    int rc = ct_io_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    const uint8_t *bytes = (const uint8_t *)data;
    if (!(rc = check_magic(bytes, len, path, err)) && !(rc = check_frame(bytes, len, path, err)))
        rc = read_sections(bytes, path, out, err);
    ct_free(data);
    if (rc)
        ct_checkpoint_free(out);
    return rc;
}

void ct_checkpoint_free(ct_checkpoint *ck)
{
    ct_sim_free(ck->sim);
    ct_scenario_free(ck->sc);
    ct_free(ck->counts_text);
    memset(ck, 0, sizeof *ck);
}
