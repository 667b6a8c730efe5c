/* Machine-readable lattice state at one step: what a run writes at each snapshot and what viz draws. */
#ifndef CT_SNAPSHOT_H
#define CT_SNAPSHOT_H

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

    int n_fields;
    char **field_names;
    char **field_units;
    float **field_values; /* n_fields arrays of W*H*D values, site-indexed */
} ct_snapshot;

/* Writes a snapshot file atomically (temporary name, then rename). */
int ct_snapshot_write(const ct_snapshot *s, const char *path, ct_error *err);
/* Reads a snapshot file; refuses a wrong magic, version, truncation or bad checksum clearly. */
int ct_snapshot_read(const char *path, ct_snapshot *out, ct_error *err);
/* Frees a snapshot obtained from ct_snapshot_read. */
void ct_snapshot_free(ct_snapshot *s);

#endif
