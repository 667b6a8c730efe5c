/* A whole simulation: the state (core/state), its initial cells, the scenario's script and its
 * plugins, created and freed together. For the sim layer and every layer above it, tests and
 * benchmarks; lower layers receive a ct_sim made here. */
#ifndef CT_SIM_CREATE_H
#define CT_SIM_CREATE_H

#include "ct_sim.h"

/* Creates the lattice, places the initial cells and prepares the step. */
int ct_sim_create(const ct_scenario *sc, ct_sim **out, ct_error *err);
/* Same without the initial placement: an empty lattice at step 0 (a checkpoint fills it in). */
int ct_sim_create_empty(const ct_scenario *sc, ct_sim **out, ct_error *err);
void ct_sim_free(ct_sim *sim);

#endif
