/* Snapshot files: round trips, and refusal of truncated, corrupt or out-of-range files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_snapshot.h"

/* A 6 x 4 lattice with three cells, two types (one with a colour), two states, two per-cell
   attributes and two fields. */
static char *type_names[] = {"tumour", "tcell"};
static char *type_colours[] = {NULL, "#123456"};
static char *state_names[] = {"alive", "active"};
static uint32_t sites[] = {0, 7, 23};
static uint8_t types[] = {0, 1, 1};
static uint8_t states[] = {0, 1, 0};
static uint64_t ids[] = {1, UINT64_C(1) << 40, UINT64_MAX};
static char *attr_names[] = {"potency", "divisions"};
static double potency[] = {0.1, -2.5e-300, 1.0 / 3.0}, divisions[] = {0, 3, 1e300};
static double *attr_values[] = {potency, divisions};
static char *field_names[] = {"oxygen", "il2"};
static char *field_units[] = {"mmHg", "nM"};
static float oxygen[24], il2[24];
static float *field_values[] = {oxygen, il2};

static ct_snapshot small_snapshot(void)
{
    for (int i = 0; i < 24; i++) {
        oxygen[i] = 0.5f * (float)i;
        il2[i] = 1e-3f * (float)(24 - i);
    }
    ct_snapshot s = {
        .ndim = 2, .size = {6, 4, 1}, .dx_um = 12.5, .step = 100, .time_min = 50.0, .seed = 42,
        .n_types = 2, .type_names = type_names, .type_colours = type_colours,
        .n_states = 2, .state_names = state_names,
        .n_cells = 3, .site = sites, .type = types, .state = states, .id = ids,
        .n_attrs = 2, .attr_names = attr_names, .attr_values = attr_values,
        .n_fields = 2, .field_names = field_names, .field_units = field_units,
        .field_values = field_values};
    return s;
}

static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_test_tmpdir(), name);
    return path;
}

static size_t file_bytes(const char *path, char **data)
{
    size_t len = 0;
    ct_error err;
    if (ct_io_read_file(path, data, &len, &err) != CT_OK)
        *data = NULL;
    return len;
}

/* Writes the valid small snapshot and returns its bytes (ct_free them). */
static size_t valid_file(char **data)
{
    ct_snapshot s = small_snapshot();
    ct_error err;
    const char *path = tmp_path("valid.ctsnap");
    if (!CHECK(ct_snapshot_write(&s, path, &err) == CT_OK))
        printf("    %s\n", err.msg);
    return file_bytes(path, data);
}

/* Writes DATA as a snapshot, reads it back, returns the status and leaves the message in err. */
static int read_bytes(const char *data, size_t len, ct_error *err)
{
    const char *path = tmp_path("patched.ctsnap");
    ct_error werr;
    ct_io_write_file(path, data, len, &werr);
    ct_snapshot s;
    int rc = ct_snapshot_read(path, &s, err);
    if (rc == CT_OK)
        ct_snapshot_free(&s);
    return rc;
}

/* Replaces the trailing checksum so that a patched file fails on its content, not its checksum. */
static void reseal(char *data, size_t len)
{
    uint64_t sum = ct_snapshot_checksum(data, len - 8);
    for (int i = 0; i < 8; i++)
        data[len - 8 + i] = (char)(sum >> (8 * i));
}

static void put_le(char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (char)(v >> (8 * i));
}

/* Offset of the u64 cell count: fixed header, then the type and state strings. */
static size_t cell_count_offset(void)
{
    size_t off = 8 + 4 + 12 + 8 + 8 + 8 + 8 + 4;
    for (int t = 0; t < 2; t++)
        off += 4 + strlen(type_names[t]) + 4 + (type_colours[t] ? strlen(type_colours[t]) : 0);
    off += 4;
    for (int i = 0; i < 2; i++)
        off += 4 + strlen(state_names[i]);
    return off;
}

static int same_strings(char **a, char **b, int n)
{
    for (int i = 0; i < n; i++)
        if (!a[i] != !b[i] || (a[i] && strcmp(a[i], b[i]) != 0))
            return 0;
    return 1;
}

TEST(snapshot_round_trip_2d)
{
    ct_snapshot s = small_snapshot(), r;
    ct_error err;
    const char *path = tmp_path("round.ctsnap");
    CHECK(ct_snapshot_write(&s, path, &err) == CT_OK);
    if (!CHECK(ct_snapshot_read(path, &r, &err) == CT_OK)) {
        printf("    %s\n", err.msg);
        return;
    }
    CHECK(r.ndim == 2 && r.size[0] == 6 && r.size[1] == 4 && r.size[2] == 1);
    CHECK(r.dx_um == 12.5 && r.step == 100 && r.time_min == 50.0 && r.seed == 42);
    CHECK(r.n_types == 2 && same_strings(r.type_names, type_names, 2));
    CHECK(same_strings(r.type_colours, type_colours, 2));
    CHECK(r.n_states == 2 && same_strings(r.state_names, state_names, 2));
    CHECK(r.n_cells == 3 && memcmp(r.site, sites, sizeof sites) == 0);
    CHECK(memcmp(r.type, types, sizeof types) == 0 && memcmp(r.state, states, sizeof states) == 0);
    CHECK(r.version == 2 && memcmp(r.id, ids, sizeof ids) == 0);
    CHECK(r.n_attrs == 2 && same_strings(r.attr_names, attr_names, 2));
    CHECK(memcmp(r.attr_values[0], potency, sizeof potency) == 0);
    CHECK(memcmp(r.attr_values[1], divisions, sizeof divisions) == 0);
    CHECK(ct_snapshot_attr_index(&r, "divisions") == 1 && ct_snapshot_attr_index(&r, "x") == -1);
    CHECK(r.n_fields == 2 && same_strings(r.field_names, field_names, 2));
    CHECK(same_strings(r.field_units, field_units, 2));
    CHECK(memcmp(r.field_values[0], oxygen, sizeof oxygen) == 0);
    CHECK(memcmp(r.field_values[1], il2, sizeof il2) == 0);
    CHECK(ct_snapshot_field_index(&r, "il2") == 1 && ct_snapshot_field_index(&r, "x") == -1);
    ct_snapshot_free(&r);
}

TEST(snapshot_round_trip_3d_without_fields)
{
    uint32_t site3[] = {0, 5 + 3 * (4 + 2 * 5)};
    uint8_t type3[] = {0, 0}, state3[] = {0, 0};
    uint64_t id3[] = {7, 9};
    char *one_type[] = {"epithelium"}, *one_state[] = {"default"};
    ct_snapshot s = {.ndim = 3, .size = {6, 5, 4}, .dx_um = 1, .step = 7, .time_min = 3.5,
                     .n_types = 1, .type_names = one_type, .n_states = 1, .state_names = one_state,
                     .n_cells = 2, .site = site3, .type = type3, .state = state3, .id = id3};
    ct_snapshot r;
    ct_error err;
    const char *path = tmp_path("round3d.ctsnap");
    CHECK(ct_snapshot_write(&s, path, &err) == CT_OK);
    if (!CHECK(ct_snapshot_read(path, &r, &err) == CT_OK))
        return;
    CHECK(r.ndim == 3 && r.size[2] == 4 && ct_snapshot_n_sites(&r) == 120);
    CHECK(r.n_cells == 2 && r.site[1] == site3[1] && r.type_colours[0] == NULL);
    CHECK(r.n_fields == 0 && r.n_attrs == 0 && r.id[1] == 9);
    ct_snapshot_free(&r);
}

TEST(snapshot_refuses_every_truncation)
{
    char *data;
    size_t len = valid_file(&data);
    for (size_t cut = 0; data && cut < len; cut++) {
        ct_error err = {0};
        int rc = read_bytes(data, cut, &err);
        if (!CHECK(rc == CT_EFORMAT && strstr(err.msg, "patched.ctsnap") &&
                   (strstr(err.msg, "truncated") || strstr(err.msg, "checksum"))))
            printf("    cut at %zu: rc %d: %s\n", cut, rc, err.msg);
    }
    ct_free(data);
}

TEST(snapshot_refuses_every_flipped_byte)
{
    char *data;
    size_t len = valid_file(&data);
    for (size_t i = 0; data && i < len; i++) {
        ct_error err = {0};
        data[i] ^= 0x10;
        int rc = read_bytes(data, len, &err);
        data[i] ^= 0x10;
        if (!CHECK(rc == CT_EFORMAT))
            printf("    flipped byte %zu accepted\n", i);
    }
    ct_free(data);
}

TEST(snapshot_names_bad_magic_and_version)
{
    char *data;
    size_t len = valid_file(&data);
    ct_error err;
    if (!data)
        return;
    memcpy(data, "PNGSNAP1", 8);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "bad magic"));
    memcpy(data, "CTSNAP03", 8);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "version 03"));
    memcpy(data, "CTSNAP01", 8); /* a version 02 body under the old magic: checked, not misread */
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT);
    ct_free(data);
}

TEST(snapshot_refuses_out_of_range_site_type_and_counts)
{
    char *data;
    size_t len = valid_file(&data);
    size_t cells = cell_count_offset();
    ct_error err;
    if (!data)
        return;
    put_le(data + cells + 8 + 4 * 2, 24, 4); /* third cell's site = 24 on 24 sites */
    reseal(data, len);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "outside"));
    put_le(data + cells + 8 + 4 * 2, 23, 4);
    data[cells + 8 + 12 + 1] = 2; /* second cell's type = 2 of 2 types */
    reseal(data, len);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "type 2 of 2"));
    data[cells + 8 + 12 + 1] = 1;
    put_le(data + cells, UINT64_C(1) << 40, 8); /* cell count beyond the lattice */
    reseal(data, len);
    ct_alloc_fail_after(0);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "cells on 24 sites"));
    put_le(data + cells, 3, 8);
    size_t attrs = cells + 8 + 3 * (4 + 1 + 1 + 8); /* after sites, types, states and ids */
    put_le(data + attrs, CT_SNAPSHOT_MAX_ATTRS + 1, 4);
    reseal(data, len);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "257 attributes"));
    put_le(data + attrs + 4, CT_SNAPSHOT_MAX_NAME + 1, 4); /* first attribute name's length */
    put_le(data + attrs, 2, 4);
    reseal(data, len);
    CHECK(read_bytes(data, len, &err) == CT_EFORMAT && strstr(err.msg, "attribute name is 256"));
    put_le(data + attrs + 4, strlen(attr_names[0]), 4);
    reseal(data, len);
    CHECK(read_bytes(data, len, &err) == CT_OK);
    ct_free(data);
}

TEST(snapshot_read_survives_every_allocation_failure)
{
    const char *path = tmp_path("valid.ctsnap");
    char *data;
    valid_file(&data);
    ct_free(data);
    for (unsigned long n = 1; n < 1000; n++) {
        ct_snapshot s;
        ct_error err;
        ct_alloc_fail_after(n);
        int rc = ct_snapshot_read(path, &s, &err);
        ct_alloc_fail_after(0);
        if (rc == CT_OK) {
            ct_snapshot_free(&s);
            break;
        }
        CHECK(rc == CT_ENOMEM && s.n_types == 0 && s.site == NULL);
    }
}

TEST(snapshot_writer_refuses_inconsistent_state)
{
    ct_snapshot s = small_snapshot();
    ct_error err;
    uint8_t bad_types[] = {0, 1, 5};
    s.type = bad_types;
    CHECK(ct_snapshot_write(&s, tmp_path("bad.ctsnap"), &err) == CT_EINVAL &&
          strstr(err.msg, "type 5"));
    s = small_snapshot();
    char *bad_colours[] = {"red", NULL};
    s.type_colours = bad_colours;
    CHECK(ct_snapshot_write(&s, tmp_path("bad.ctsnap"), &err) == CT_EINVAL &&
          strstr(err.msg, "#rrggbb"));
    s = small_snapshot();
    s.id = NULL;
    CHECK(ct_snapshot_write(&s, tmp_path("bad.ctsnap"), &err) == CT_EINVAL &&
          strstr(err.msg, "without ids"));
    s = small_snapshot();
    char *bad_attr_names[] = {"potency", ""};
    s.attr_names = bad_attr_names;
    CHECK(ct_snapshot_write(&s, tmp_path("bad.ctsnap"), &err) == CT_EINVAL &&
          strstr(err.msg, "attribute name"));
    FILE *fp = fopen(tmp_path("bad.ctsnap"), "rb");
    CHECK(fp == NULL);
    if (fp)
        fclose(fp);
}

/* tests/data/snapshot_v01.ctsnap: small_snapshot() as the version 01 writer wrote it, before
   snapshots carried ids and attributes. */
TEST(snapshot_reads_version_01_files)
{
    const char *root = getenv("CT_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/snapshot_v01.ctsnap", root ? root : ".");
    ct_snapshot r;
    ct_error err;
    if (!CHECK(ct_snapshot_read(path, &r, &err) == CT_OK)) {
        printf("    %s\n", err.msg);
        return;
    }
    CHECK(r.version == 1 && r.id == NULL && r.n_attrs == 0 && r.attr_names == NULL);
    CHECK(r.ndim == 2 && r.size[0] == 6 && r.size[1] == 4 && r.step == 100 && r.seed == 42);
    CHECK(r.n_types == 2 && same_strings(r.type_names, type_names, 2));
    CHECK(r.n_cells == 3 && memcmp(r.site, sites, sizeof sites) == 0);
    CHECK(memcmp(r.type, types, sizeof types) == 0 && memcmp(r.state, states, sizeof states) == 0);
    small_snapshot(); /* fills the field arrays */
    CHECK(r.n_fields == 2 && memcmp(r.field_values[1], il2, sizeof il2) == 0);
    ct_snapshot_free(&r);
}
