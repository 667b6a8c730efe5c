/* A script's on_step hooks in a run over MPI ranks: after each step every rank fills a
 * simulation of the whole lattice (the board) with every rank's cells and field values and runs
 * the hooks on it in
 * its own Lua state, with the same inputs, so every decision, draw, placement and new id is the
 * one process's on every rank; each rank then keeps the cells on its own rows
 * (docs/ARCHITECTURE.md, "One simulation over MPI", "Hooks"). MPI only when built with
 * CT_HAVE_MPI; for ct_dist_run. */
#ifndef CT_DIST_HOOKS_H
#define CT_DIST_HOOKS_H

#include <stdint.h>

#include "ct_cell_record.h"
#include "ct_decomp.h"
#include "ct_error.h"
#include "ct_scenario.h"
#include "ct_slab.h"

typedef struct ct_dist_hooks {
    int active;          /* the script has on_step hooks: the rest is used */
    ct_decomp board_d;   /* one block: the whole lattice */
    ct_slab board;       /* the whole lattice, refilled before the hooks of each step */
    ct_cell_records all; /* every rank's cells, in rank order (site order) */
    int *counts, *offsets; /* per rank, for the gathers */
    int stop;            /* a hook called sim:stop(): the run ends after this step */
} ct_dist_hooks;

/* When slab's script has on_step hooks: moves them out of the window's step (ct_lua_defer_hooks)
   and opens the board; the hooks print on rank 0 alone. Otherwise nothing is used. */
int ct_dist_hooks_open(ct_dist_hooks *h, const ct_scenario *sc, ct_slab *slab, int rank,
                       int n_ranks, ct_error *err);
void ct_dist_hooks_close(ct_dist_hooks *h);
/* Collective, after the step that made step (births numbered, own collected): runs the hooks on
   every rank's cells and field values, then takes the field values back into slab (a hook may
   set some), replaces own with the cells on slab's rows (those the hooks added among them),
   advances next_id past the cells they added, gives the rates they set to slab's
   simulation and to whole (rank 0's simulation for outputs; NULL elsewhere), and sets h->stop. */
int ct_dist_hooks_run(ct_dist_hooks *h, ct_slab *slab, ct_sim *whole, ct_cell_records *own,
                      uint64_t step, uint64_t *next_id, ct_error *err);

#endif
