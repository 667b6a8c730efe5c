/* Machine-readable lattice state at one step: what a run writes at each snapshot and what viz
 * draws. Format layer: for the run loop and checkpoints, and for viz/, which reads snapshots
 * only through it. */
#ifndef CT_SNAPSHOT_H
#define CT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

/* A view of the state. When written by the engine its pointers alias the simulation's own arrays;
   when read back with ct_snapshot_read everything is owned and freed by ct_snapshot_free. */
typedef struct ct_snapshot {
    int ndim;            /* 2 or 3 */
    uint32_t size[3];    /* W, H, D (D = 1 in 2D); site index = x + W * (y + H * z) */
    double dx_um;        /* lattice spacing, micrometres */
    uint64_t step;
    double time_min;     /* step * dt, minutes */
    uint64_t seed;

    int n_types;
    char **type_names;   /* n_types names, in scenario order */
    char **type_colours; /* n_types entries, "#rrggbb" or NULL for the default palette */
    int n_states;
    char **state_names;  /* n_states names; state 0 is the default state of every cell */

    uint64_t n_cells;
    uint32_t *site;      /* n_cells lattice indices */
    uint8_t *type;       /* n_cells type indices */
    uint8_t *state;      /* n_cells state indices */
    uint64_t *id;        /* n_cells stable agent ids; NULL when read from a version 01 file */
    int n_attrs;
    char **attr_names;   /* per-cell attributes (Lua attribute{}, plugins), in declaration order */
    double **attr_values; /* n_attrs arrays of n_cells values */

    int n_fields;
    char **field_names;
    char **field_units;
    float **field_values; /* n_fields arrays of W*H*D values, site-indexed */

    int version;         /* format version of the file read (1 or 2); ignored when writing */
} ct_snapshot;

/* File format "CTSNAP02" (version 02), all numbers little-endian, strings as u32 length + bytes:
     magic[8] "CTSNAP02"
     u32 ndim, u32 size[3], f64 dx_um, u64 step, f64 time_min, u64 seed
     u32 n_types,  then per type: string name, string colour ("" = default palette)
     u32 n_states, then per state: string name
     u64 n_cells, u32 site[n_cells], u8 type[n_cells], u8 state[n_cells]
     u64 id[n_cells]
     u32 n_attrs, then per attribute: string name, f64 values[n_cells]
     u32 n_fields, then per field: string name, string units, f32 values[W*H*D]
     u64 checksum: FNV-1a 64 of every byte before it
   Version 01 ("CTSNAP01") is the same without the ids and attributes; it still reads, with
   id = NULL and no attributes. Field units written as NULL read back as "".
   docs/formats.md documents every file a run writes. */
#define CT_SNAPSHOT_MAGIC "CTSNAP02"
#define CT_SNAPSHOT_MAGIC_V01 "CTSNAP01"
#define CT_SNAPSHOT_MAX_NAME 255 /* longest type, state, attribute, field or unit name, bytes */
#define CT_SNAPSHOT_MAX_FIELDS 256
#define CT_SNAPSHOT_MAX_ATTRS 256

/* Writes a version 02 snapshot file atomically (temporary name, then rename); the ids are
   required. */
int ct_snapshot_write(const ct_snapshot *s, const char *path, ct_error *err);
/* Reads a snapshot file of version 01 or 02; refuses a wrong magic, another version, truncation
   or a bad checksum clearly. */
int ct_snapshot_read(const char *path, ct_snapshot *out, ct_error *err);
/* Frees a snapshot obtained from ct_snapshot_read. */
void ct_snapshot_free(ct_snapshot *s);

/* Number of lattice sites, W * H * D. */
uint64_t ct_snapshot_n_sites(const ct_snapshot *s);
/* Index of the attribute called NAME, or -1. */
int ct_snapshot_attr_index(const ct_snapshot *s, const char *name);
/* Index of the field called NAME, or -1. */
int ct_snapshot_field_index(const ct_snapshot *s, const char *name);
/* The checksum the format uses (FNV-1a 64), exposed for tests and tools that patch files. */
uint64_t ct_snapshot_checksum(const void *data, size_t len);

#endif
