/* One rank's slab of a distributed simulation: the simulation of its window (its block of the
 * lattice plus CT_SLAB_HALO rows on each side), filled from cell records and stepped by the
 * ordinary step; the cells it owns afterwards come back as records, with births renumbered so
 * that ids never depend on the rank count (docs/ARCHITECTURE.md, "One simulation over MPI").
 * No MPI here: moving records between ranks is the caller's. For the dist layer and above. */
#ifndef CT_SLAB_H
#define CT_SLAB_H

#include <stddef.h>
#include <stdint.h>

#include "ct_decomp.h"
#include "ct_error.h"
#include "ct_scenario.h"
#include "ct_sim.h"

/* Rows of halo on each side of a block (row 0 owned, rows 1 to 4 halo). The outermost row sees
   a made-up edge, so its cells decide wrongly; nothing owned may depend on them. An owned cell
   competes for a site of row 1 with cells of row 2, whose intents a contact from row 3 may
   override, and a row-3 cell chooses its contact from what it sees of row 4: with four rows that
   is all there is to see, and every owned site comes out exact with no claim message between
   ranks. The price is the work of the halo rows, done on two ranks. */
#define CT_SLAB_HALO 4

/* A cell as it travels between ranks: a site of the whole lattice, and the cell's id, which
   keys its random streams wherever it goes. */
typedef struct ct_cell_record {
    uint64_t id, parent;
    int64_t birth_step;
    uint32_t site;
    uint8_t type, state;
} ct_cell_record;

/* Makes room for need records in *rec (*cap of them now), growing it at least twofold. */
int ct_cell_records_reserve(ct_cell_record **rec, size_t *cap, size_t need, ct_error *err);

typedef struct ct_slab {
    int axis;             /* the slowest axis, along which the lattice is cut */
    uint32_t n_rows;      /* the lattice's size along axis */
    size_t row_sites;     /* sites in one row: the product of the faster axes' sizes */
    uint32_t lo, hi;      /* rows owned: lo <= row < hi */
    uint32_t win_lo;      /* the row of the window's first row (mod n_rows on a periodic axis) */
    uint32_t win_rows;
    int periodic;         /* the window wraps around the axis */
    ct_scenario *window_sc; /* the scenario with the window's size; shares sc's pointers */
    ct_sim *sim;          /* the window's simulation */
} ct_slab;

/* Refuses, naming it and the alternative, what the slabs cannot run yet: fields, a script,
   plugins, a type's push, cycle or intracellular model, a decomposition that is not slabs, slabs thinner than CT_SLAB_HALO rows, and a
   periodic axis too short for a block and both its halos. */
int ct_slab_check(const ct_scenario *sc, const ct_decomp *d, ct_error *err);
/* Creates rank's slab of sc (checked by ct_slab_check) under decomposition d. */
int ct_slab_open(ct_slab *s, const ct_scenario *sc, const ct_decomp *d, int rank, ct_error *err);
void ct_slab_close(ct_slab *s);
/* Whether the site of the whole lattice lies in the slab's window. */
int ct_slab_sees(const ct_slab *s, uint32_t site);
/* Empties the window, then places every record whose site it sees; sets the step and the next
   id (those of the whole simulation). */
int ct_slab_fill(ct_slab *s, const ct_cell_record *rec, size_t n, uint64_t step,
                 uint64_t next_id, ct_error *err);
/* Appends the live cells on the owned rows to *out (grown with ct_realloc; *cap its room), in
   site order, and counts in *n_born those born since the fill (ids from the fill's next id on). */
int ct_slab_collect(const ct_slab *s, uint64_t next_id, ct_cell_record **out, size_t *n,
                    size_t *cap, size_t *n_born, ct_error *err);
/* Appends to *out, as ct_slab_collect, the live cells of a simulation of the whole lattice that
   lie on the slab's owned rows (the initial cells, placed on the whole lattice). */
int ct_slab_take_owned(const ct_slab *s, const ct_sim *whole, ct_cell_record **out, size_t *n,
                       size_t *cap, ct_error *err);
/* Gives the births among rec[0..n) (ids from next_id on) the ids first_id, first_id + 1, ... in
   the records' (site) order: with first_id = next_id plus the births of the lower ranks, they
   are the ids one process gives. */
void ct_slab_number_births(ct_cell_record *rec, size_t n, uint64_t next_id, uint64_t first_id);

#endif
