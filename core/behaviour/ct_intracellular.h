/* Intracellular SBML models run in every cell of the types that declare one: species are the cell
 * attribute columns "sbml.X", advanced each step by fixed-step RK4 or by CVODE after the field
 * update, with inputs read from the cell's site and species secreted into fields (docs/models.md).
 * Behaviour layer: attached by the simulation's assembly (core/sim). */
#ifndef CT_INTRACELLULAR_H
#define CT_INTRACELLULAR_H

#include "ct_sim.h"

/* Adds the species columns (before any script or plugin attribute, in the order the scenario
   assigned them) and registers the integration as a field-phase behaviour when any type has a
   model. */
int ct_intracellular_attach(ct_sim *sim);

/* Advances the species of every cell by one step of the simulation, over fixed chunks of agents
   in parallel (the registered behaviour; exported for the benchmark and tests). A failure (CVODE
   gave up, a species became NaN or infinite) is reported for the first failing cell in agent
   order, naming its type, the SBML file and the step, with that cell's species unchanged. */
int ct_intracellular_advance_all(ct_sim *sim);

#endif
