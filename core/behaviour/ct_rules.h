/* Signal-response rules: behaviour rates that rise or fall with a signal along a Hill curve.
 * Behaviour layer: for the other behaviours and the step. */
#ifndef CT_RULES_H
#define CT_RULES_H

#include <stddef.h>

#include "ct_sim.h"

/* b0 + (bmax - b0) s^n / (half^n + s^n); a negative signal counts as 0. Exactly
   b0 + (bmax - b0) / 2 at s = half. */
double ct_rules_hill(double s, double b0, double bmax, double half, double n);
/* The signal a rule reads for agent i: the field value at its site, or the count of neighbours
   of a type (and state). */
double ct_rules_signal(const ct_sim *sim, size_t i, const ct_rule *r);
/* ct_rules_rate for an agent whose type has rules (sig). */
double ct_rules_apply(const ct_sim *sim, size_t i, const ct_type_signals *sig, int behaviour,
                      int index, double base);
/* Rate of behaviour (kind, index) for agent i: base, then each matching rule of its type in the
   order listed, each taking the rate so far as its b0. Inline, so that the many agents of types
   without rules (a secretion rate for every cell each step) pay no call. */
static inline double ct_rules_rate(const ct_sim *sim, size_t i, int behaviour, int index,
                                   double base)
{
    const ct_type_signals *sig = &sim->sc->types[sim->ag.type[i]].sig;
    return sig->n_rules ? ct_rules_apply(sim, i, sig, behaviour, index, base) : base;
}
/* Event probabilities of agent i with its rules applied to the four event rates. */
void ct_rules_event_probs(const ct_sim *sim, size_t i, ct_type_step *out);

#endif
