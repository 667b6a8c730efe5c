/* Intents: what a cell wants to do this step. Decide kernels (built-in rules, Lua, plugins) set
 * them for the agents of their own chunk only; the step then resolves conflicts and applies them.
 * For the behaviour layer and every layer above it: built-in behaviours, Lua, plugins, the step. */
#ifndef CT_INTENT_H
#define CT_INTENT_H

#include <stddef.h>
#include <stdint.h>

#include "ct_rng.h"
#include "ct_sim.h"

enum ct_intent_kind {
    CT_INTENT_NONE = 0,
    CT_INTENT_MOVE,       /* to target, a free site (CT_NO_SITE: a random free neighbour) */
    CT_INTENT_DIVIDE,     /* daughter to target, as for MOVE */
    CT_INTENT_DIE,
    CT_INTENT_CHANGE_TYPE, /* to intent_arg */
    /* Outcomes the step writes over intents once claims are settled, for the step-end phase
       (sim->n_outcomes): a move or division that found no free site or lost its claim, and a
       daughter made this step. The other values then say what happened. */
    CT_INTENT_LOST,
    CT_INTENT_BORN,
    /* Set by the step alone (ct_push.h): a move or division with no free target that pushes
       after births, towards the nearest free site within intent_arg sites (or straight ahead
       through target, when the decider named one). */
    CT_INTENT_PUSH_MOVE,
    CT_INTENT_PUSH_DIVIDE
};

#define CT_STATE_KEEP UINT8_MAX /* next_state value meaning "no change" */

/* One intent replaces any earlier one for that agent this step (built-in, then Lua, then plugins),
   except the state change, which combines with any of them. Inline, like the random stream below,
   so that the step's decide and claim loops stay straight-line code gcc can vectorise. */
static inline void ct_intent_clear(ct_sim *sim, size_t i)
{
    sim->intent[i] = CT_INTENT_NONE;
}

static inline void ct_intent_move(ct_sim *sim, size_t i, uint32_t target)
{
    sim->intent[i] = CT_INTENT_MOVE;
    sim->target[i] = target;
    sim->intent_arg[i] = 0; /* the type's push radius, until ct_intent_push */
}

static inline void ct_intent_divide(ct_sim *sim, size_t i, uint32_t target)
{
    sim->intent[i] = CT_INTENT_DIVIDE;
    sim->target[i] = target;
    sim->intent_arg[i] = 0;
}

/* After ct_intent_move or ct_intent_divide: when no target site is free, push the cells in the way
   towards the nearest free site within radius sites (1 to CT_PUSH_MAX_RADIUS); 0: as the type
   says. */
static inline void ct_intent_push(ct_sim *sim, size_t i, int radius)
{
    sim->intent_arg[i] = (uint8_t)radius;
}

/* The argument of CT_INTENT_DIE: a death as the type's death model says (removal, or a body),
   the removal of a body by phagocytosis, or, as an outcome only, a body that expired. */
enum ct_die_kind { CT_DIE_BY_MODEL = 0, CT_DIE_CLEARED, CT_DIE_EXPIRED };

static inline void ct_intent_die(ct_sim *sim, size_t i)
{
    sim->intent[i] = CT_INTENT_DIE;
    sim->intent_arg[i] = CT_DIE_BY_MODEL;
}

/* Phagocytosis of body i (ct_death.h): it is removed. */
static inline void ct_intent_clear_body(ct_sim *sim, size_t i)
{
    sim->intent[i] = CT_INTENT_DIE;
    sim->intent_arg[i] = CT_DIE_CLEARED;
}

static inline void ct_intent_change_type(ct_sim *sim, size_t i, int type)
{
    sim->intent[i] = CT_INTENT_CHANGE_TYPE;
    sim->intent_arg[i] = (uint8_t)type;
}

static inline void ct_intent_set_state(ct_sim *sim, size_t i, int state)
{
    sim->next_state[i] = (uint8_t)state;
}

/* The random stream of agent i for this step and purpose (see ct_rng.h). */
static inline ct_rng ct_sim_agent_rng(const ct_sim *sim, size_t i, uint32_t purpose)
{
    return ct_rng_stream(sim->step_key, sim->ag.id[i], purpose);
}

#endif
