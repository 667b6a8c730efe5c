/* Cells per cell cycle phase: the counts.csv column "TYPE.PHASE" of each phase of each type with
 * a cycle (docs/formats.md, "counts.csv"), and the same counts for scripts (sim.counts).
 * Behaviour layer: columns added by the cycle behaviour (ct_cycle.c); counts read by the Lua host. */
#ifndef CT_CYCLE_COUNTS_H
#define CT_CYCLE_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "ct_sim.h"

/* The column name of phase p of type t ("tumour.G0G1") into buf; the length it needs. */
int ct_cycle_column_name(const ct_scenario *sc, int t, int p, char *buf, size_t n);
/* counts[t * CT_CYCLE_MAX_PHASES + p]: live cells of type t in phase p of its cycle. A cell not
   yet placed in its type's cycle (one a script added this step) is in no phase. Needs the cycle
   attached (a type with a cycle). */
void ct_cycle_count_phases(const ct_sim *sim, uint64_t *counts);
/* Adds the phase columns after the built-in columns before them; refuses a name that is too long
   or that a cell type has, naming the type. */
int ct_cycle_columns_add(ct_sim *sim);

#endif
