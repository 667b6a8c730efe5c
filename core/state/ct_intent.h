/* Intents: what a cell wants to do this step. Decide kernels (built-in rules, Lua, plugins) set
 * them for the agents of their own chunk only; the step then resolves conflicts and applies them. */
#ifndef CT_INTENT_H
#define CT_INTENT_H

#include <stddef.h>
#include <stdint.h>

#include "ct_rng.h"

struct ct_sim;

enum ct_intent_kind {
    CT_INTENT_NONE = 0,
    CT_INTENT_MOVE,       /* to target, a free site (CT_NO_SITE: a random free neighbour) */
    CT_INTENT_DIVIDE,     /* daughter to target, as for MOVE */
    CT_INTENT_DIE,
    CT_INTENT_CHANGE_TYPE /* to intent_arg */
};

#define CT_STATE_KEEP UINT8_MAX /* next_state value meaning "no change" */

/* One intent replaces any earlier one for that agent this step (built-in, then Lua, then plugins),
   except the state change, which combines with any of them. */
void ct_intent_clear(struct ct_sim *sim, size_t i);
void ct_intent_move(struct ct_sim *sim, size_t i, uint32_t target);
void ct_intent_divide(struct ct_sim *sim, size_t i, uint32_t target);
void ct_intent_die(struct ct_sim *sim, size_t i);
void ct_intent_change_type(struct ct_sim *sim, size_t i, int type);
void ct_intent_set_state(struct ct_sim *sim, size_t i, int state);

/* The random stream of agent i for this step and purpose (see ct_rng.h). */
ct_rng ct_sim_agent_rng(const struct ct_sim *sim, size_t i, uint32_t purpose);

#endif
