/* Contact actions between neighbours: kill, infect, activate, phagocytose (docs/fields.md,
 * "Contact actions").
 * Several actors on one target are settled in the step by the claim of the highest key. */
#include <math.h>

#include "ct_cell_signals.h"
#include "ct_death.h"
#include "ct_intent.h"
#include "ct_rules.h"

/* Neighbour sites of agent i holding a cell that action c may act on: bodies for phagocytosis,
   live cells for the others. */
static int candidates(const ct_sim *sim, const ct_contact_def *c, const uint32_t *nb, int n,
                      uint32_t *out)
{
    int m = 0;
    for (int k = 0; k < n; k++) {
        uint32_t j = sim->lat.slot[nb[k]];
        if (j != CT_EMPTY && sim->ag.type[j] == c->target &&
            (c->target_state < 0 || sim->ag.state[j] == c->target_state) &&
            ct_death_is_body(sim, j) == (c->action == CT_CONTACT_PHAGOCYTOSE))
            out[m++] = nb[k];
    }
    return m;
}

int ct_contact_decide(const ct_sim *sim, size_t i, uint32_t *site)
{
    const ct_type_signals *sig = &sim->sc->types[sim->ag.type[i]].sig;
    uint32_t nb[CT_MAX_NEIGHBOURS], cand[CT_MAX_NEIGHBOURS];
    int n = ct_lattice_neighbours(&sim->lat, sim->ag.site[i], nb);
    ct_rng r = ct_sim_agent_rng(sim, i, CT_RNG_CONTACT);
    for (int a = 0; a < sig->n_contacts; a++) {
        const ct_contact_def *c = &sig->contact[a];
        if (c->state >= 0 && c->state != sim->ag.state[i])
            continue;
        int m = candidates(sim, c, nb, n, cand);
        if (m == 0)
            continue;
        double v = ct_rules_rate(sim, i, CT_BEHAVIOUR_CONTACT, a, c->value);
        double p = c->per_minute ? ct_rate_to_prob(v, sim->dt) : fmin(v, 1.0);
        if (ct_rng_uniform(&r) >= p)
            continue;
        *site = cand[ct_rng_below(&r, (uint32_t)m)];
        return a;
    }
    return CT_NO_CONTACT;
}

void ct_contact_apply(ct_sim *sim, size_t actor, size_t target)
{
    const ct_type_signals *sig = &sim->sc->types[sim->ag.type[actor]].sig;
    const ct_contact_def *c = &sig->contact[sim->contact_action[actor]];
    switch (c->action) {
    case CT_CONTACT_KILL:
        ct_intent_die(sim, target);
        break;
    case CT_CONTACT_PHAGOCYTOSE:
        ct_intent_clear_body(sim, target);
        break;
    case CT_CONTACT_INFECT:
        ct_intent_change_type(sim, target, c->to);
        break;
    default:
        ct_intent_set_state(sim, target, c->to);
    }
}
