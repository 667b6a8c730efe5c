/* The synchronous step (docs/ARCHITECTURE.md, "The step"): fields, decide, claim, apply,
 * births. For the sim layer and every layer above it, tests and benchmarks. */
#ifndef CT_STEP_H
#define CT_STEP_H

#include "ct_sim.h"

/* Advances one step of dt. On error sim->err holds the message. */
int ct_sim_step(ct_sim *sim);

#endif
