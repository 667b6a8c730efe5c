/* Intracellular SBML models run in every cell of the types that declare one: species are the cell
 * attribute columns "sbml.X", advanced each step by fixed-step RK4 after the field update, with
 * inputs read from the cell's site and species secreted into fields (docs/models.md).
 * Behaviour layer: attached by the simulation's assembly (core/sim). */
#ifndef CT_INTRACELLULAR_H
#define CT_INTRACELLULAR_H

#include "ct_sim.h"

/* Adds the species columns (before any script or plugin attribute, in the order the scenario
   assigned them) and registers the integration as a field-phase behaviour when any type has a
   model. */
int ct_intracellular_attach(ct_sim *sim);

/* Advances the species of agents [begin, end) by one step of the simulation (exported for the
   benchmark and tests; the registered behaviour calls it over fixed chunks). */
void ct_intracellular_advance(ct_sim *sim, size_t begin, size_t end);

#endif
