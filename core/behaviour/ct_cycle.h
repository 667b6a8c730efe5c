/* The phased cell cycle (docs/scenario.md, "Cell cycle"): each cycling cell walks through its
 * type's phases, each a chain of Erlang stages, and divides at the end of the last one. Its place
 * is kept in three attribute columns, so checkpoints, snapshots and exports carry it:
 * "cycle.phase" (index into the type's phases; -1 for a cell a script or plugin added, until its
 * first step), "cycle.stage" (stage
 * within the phase) and "cycle.phase_time" (minutes since the phase began).
 * Behaviour layer: attached by the simulation assembly (core/sim/ct_sim_create.c). */
#ifndef CT_CYCLE_H
#define CT_CYCLE_H

#include "ct_sim.h"

/* If some type has a cycle: declares the three attributes, adds the counts.csv phase columns
   (ct_cycle_counts.h), gives the placed cells a random place in their cycle, and registers the
   behaviour "cycle" (decide: stage steps and the division intent; step end: mothers and daughters
   restart at the first stage). Before scripts and plugins attach, so that their decisions come
   after and the phase columns keep their names. */
int ct_cycle_attach(ct_sim *sim);

#endif
