/* Death as a process (docs/scenario.md, "Death"): a cell of a type whose death model is
 * "apoptosis" or "necrosis" does not vanish when it dies but becomes a body, in the reserved
 * state "apoptotic" or "necrotic" of its type. A body holds its site, never moves, divides, dies
 * again or acts, is never the target of kill, infect or activate, may secrete ("death"
 * "secretes"), and is removed when its Erlang-distributed persistence ends or when a neighbour
 * phagocytoses it. Its place in that persistence is the attribute column "death.stage", so
 * checkpoints, snapshots and exports carry it.
 * Behaviour layer: for the step (core/sim), contact actions, secretion and the Lua host. */
#ifndef CT_DEATH_H
#define CT_DEATH_H

#include <stddef.h>

#include "ct_sim.h"

#define CT_DEATH_ATTR_STAGE "death.stage"

/* Whether a cell of type in state is a body. */
static inline int ct_death_body_state(const ct_sim *sim, int type, int state)
{
    const ct_death_def *d = &sim->sc->types[type].death;
    return d->model != CT_DEATH_INSTANT && state == d->body_state;
}

/* Whether agent i is a body (not a removed agent, not a live cell). */
static inline int ct_death_is_body(const ct_sim *sim, size_t i)
{
    uint8_t t = sim->ag.type[i];
    return t != CT_DEAD_TYPE && ct_death_body_state(sim, t, sim->ag.state[i]);
}

/* If some type leaves bodies: declares the attribute "death.stage". */
int ct_death_attach(ct_sim *sim);

/* Applies the death intent of live agent i: removes it (an instant death; returns 1) or makes
   it a body at its first stage (returns 0). */
int ct_death_apply(ct_sim *sim, size_t i);

/* Applies what body i was asked this step: removed when phagocytosed (returns 1); every other
   intent and state change is dropped (returns 0). */
int ct_death_apply_body(ct_sim *sim, size_t i);

/* After apply: each body made before this step leaves its current stage with probability
   k dt / T (stream CT_RNG_DEATH) and is removed after its last one, its outcome an intent
   CT_INTENT_DIE with argument CT_DIE_EXPIRED. Bodies made this step start next step, so a body
   lasts T on average, exactly, at any dt. Per agent, so any thread count gives the same. */
void ct_death_advance(ct_sim *sim);

/* Secretion of body i into the fields' source arrays ("death" "secretes"). */
void ct_death_secrete(ct_sim *sim, size_t i);

#endif
