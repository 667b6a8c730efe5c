/* What cells do with fields and neighbours each step: secretion and uptake, chemotactic choice of
 * a move target, contact actions (docs/fields.md). Called from the step (ct_step.c).
 * Behaviour layer: for the step (core/sim). */
#ifndef CT_CELL_SIGNALS_H
#define CT_CELL_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

#include "ct_sim.h"

/* Adds the secretion minus uptake of each live agent in [begin, end) to fields.source at its site,
   for each field its type secretes or takes up: rate dt - c (1 - exp(-u dt)), c being the value
   there (0 if negative), so applying the source next step can never make the value negative. */
void ct_secretion_apply(ct_sim *sim, size_t begin, size_t end);

/* Picks agent i's move target among its n free neighbour sites nb[]: site k with probability
   proportional to exp(chi (c_k - c_here)) for its chemotaxis field (stream CT_RNG_CHEMOTAXIS). */
uint32_t ct_chemotaxis_pick(const ct_sim *sim, size_t i, const uint32_t *nb, int n);

/* Decides agent i's contact action: the first action of its type (in the order listed) that has a
   candidate neighbour and fires with its probability; the target is a uniformly chosen candidate
   (stream CT_RNG_CONTACT). Returns the action index and sets *site, or returns CT_NO_CONTACT. */
int ct_contact_decide(const ct_sim *sim, size_t i, uint32_t *site);
/* Applies actor's won contact action to agent target by overriding the target's intent:
   kill: it dies (as its type's death model says); infect: it changes type; activate: it changes
   state; phagocytose: the body is removed. */
void ct_contact_apply(ct_sim *sim, size_t actor, size_t target);

#endif
