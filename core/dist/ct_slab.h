/* One rank's slab of a distributed simulation: the simulation of its window (its block of the
 * lattice plus halo rows on each side), filled from cell records and stepped by the
 * ordinary step; the cells it owns afterwards come back as records, with births renumbered so
 * that ids never depend on the rank count (docs/ARCHITECTURE.md, "One simulation over MPI").
 * No MPI here: moving records between ranks is the caller's. For the dist layer and above. */
#ifndef CT_SLAB_H
#define CT_SLAB_H

#include <stddef.h>
#include <stdint.h>

#include "ct_cell_record.h"
#include "ct_decomp.h"
#include "ct_error.h"
#include "ct_scenario.h"
#include "ct_sim.h"

/* Rows of halo on each side of a block for agents alone (row 0 owned, rows 1 to 4 halo). The
   outermost row sees a made-up edge, so its cells decide wrongly; nothing owned may depend on
   them. An owned cell competes for a site of row 1 with cells of row 2, whose intents a contact
   from row 3 may override, and a row-3 cell chooses its contact from what it sees of row 4: with
   four rows that is all there is to see, and every owned site comes out exact with no claim
   message between ranks. The price is the work of the halo rows, done on two ranks. Explicit
   fields widen it (ct_slab_halo_rows). */
#define CT_SLAB_HALO 4

typedef struct ct_slab {
    int axis;             /* the slowest axis, along which the lattice is cut */
    uint32_t n_rows;      /* the lattice's size along axis */
    size_t row_sites;     /* sites in one row: the product of the faster axes' sizes */
    uint32_t halo;        /* rows of halo on each side (ct_slab_halo_rows) */
    uint32_t lo, hi;      /* rows owned: lo <= row < hi */
    uint32_t win_lo;      /* the row of the window's first row (mod n_rows on a periodic axis) */
    uint32_t win_rows;
    int periodic;         /* the window wraps around the axis */
    ct_scenario *window_sc; /* the scenario with the window's size; shares sc's pointers */
    ct_sim *sim;          /* the window's simulation, with the scenario's script and plugins */
    uint64_t *whole_counts; /* with a script on several ranks: live cells of the whole simulation
                               per type and state (n_types * CT_MAX_STATES), which the caller
                               sets before each step for the script's sim.counts; else NULL */
} ct_slab;

/* Rows of halo a scenario needs: CT_SLAB_HALO, plus the most explicit sub-steps of a field,
   since each sub-step carries the error of the window's made-up edge one row inwards and the
   cells of rows 0 to 4 must read exact values (docs/ARCHITECTURE.md, "Fields"). */
uint32_t ct_slab_halo_rows(const ct_scenario *sc);
/* Refuses, naming it and the alternative, what the slabs cannot run yet: fields whose solver is
   not explicit or whose boundary along the cut axis is not the lattice's, pushing, a
   decomposition that is not slabs, slabs thinner than their halo, and a periodic axis too short
   for a block and both its halos. */
int ct_slab_check(const ct_scenario *sc, const ct_decomp *d, ct_error *err);
/* Creates rank's slab of sc (checked by ct_slab_check) under decomposition d: the window's
   simulation with the scenario's script and plugins. Refuses step-end behaviours of plugins,
   which need the whole simulation (a script's on_step hooks: ct_dist_hooks). */
int ct_slab_open(ct_slab *s, const ct_scenario *sc, const ct_decomp *d, int rank, ct_error *err);
void ct_slab_close(ct_slab *s);
/* The window's row of a lattice row, or UINT32_MAX when the window does not see it. */
uint32_t ct_slab_window_row(const ct_slab *s, uint32_t row);
/* Whether the site of the whole lattice lies in the slab's window. */
int ct_slab_sees(const ct_slab *s, uint32_t site);
/* Empties the window of cells, then places every record whose site it sees, attributes and all;
   sets the step and the next id (those of the whole simulation). Field values stay. */
int ct_slab_fill(ct_slab *s, const ct_cell_records *rec, uint64_t step, uint64_t next_id,
                 ct_error *err);
/* Between steps: keeps the window's cells on the owned rows, which the step left exact, and
   replaces those on the halo rows by the records among halo that the window sees (the
   neighbours' edge rows); sets the step and the next id as ct_slab_fill. The window holds the
   cells ct_slab_fill would place from the owned cells and halo together (in another store
   order, which no result depends on), but only the halo rows are
   touched: no clearing of the whole window, no records for the owned cells. */
int ct_slab_refill_halo(ct_slab *s, const ct_cell_records *halo, uint64_t step,
                        uint64_t next_id, ct_error *err);
/* After a step from a fill with next_id: the cells born on the owned rows. */
size_t ct_slab_owned_births(const ct_slab *s, uint64_t next_id);
/* Gives the cells born on the owned rows the ids first_id, first_id + 1, ... in site order: with
   first_id = next_id plus the births of the lower ranks, they are the ids one process gives.
   Attributes a script draws at birth are drawn again from the new ids. */
void ct_slab_number_births(ct_slab *s, uint64_t next_id, uint64_t first_id);
/* Appends the live cells on the owned rows to out, in site order. */
int ct_slab_collect(const ct_slab *s, ct_cell_records *out, ct_error *err);
/* Appends the live cells of the owned rows a neighbour's window sees (the halo rows next to each
   edge of the block; the whole block when it is thinner than twice that), in site order: what
   the halo exchange sends. */
int ct_slab_collect_edges(const ct_slab *s, ct_cell_records *out, ct_error *err);
/* Adds the live cells on the owned rows per type and state to
   counts[type * CT_MAX_STATES + state]. */
void ct_slab_count_owned(const ct_slab *s, uint64_t *counts);
/* Appends to out, as ct_slab_collect, the live cells of a simulation of the whole lattice that
   lie on the slab's owned rows (the initial cells, placed on the whole lattice). */
int ct_slab_take_owned(const ct_slab *s, const ct_sim *whole, ct_cell_records *out,
                       ct_error *err);

#endif
