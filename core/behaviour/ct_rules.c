/* Signal-response rules (docs/fields.md, "Rules"). */
#include "ct_rules.h"

#include <math.h>

double ct_rules_hill(double s, double b0, double bmax, double half, double n)
{
    if (!(s > 0.0))
        return b0;
    double fraction = 1.0 / (1.0 + pow(half / s, n)); /* = s^n / (half^n + s^n), no overflow */
    return b0 + (bmax - b0) * fraction;
}

static int neighbour_count(const ct_sim *sim, size_t i, int type, int state)
{
    uint32_t nb[CT_MAX_NEIGHBOURS];
    int n = ct_lattice_neighbours(&sim->lat, sim->ag.site[i], nb), count = 0;
    for (int k = 0; k < n; k++) {
        uint32_t j = sim->lat.slot[nb[k]];
        count += j != CT_EMPTY && sim->ag.type[j] == type &&
                 (state < 0 || sim->ag.state[j] == state);
    }
    return count;
}

double ct_rules_signal(const ct_sim *sim, size_t i, const ct_rule *r)
{
    if (r->signal == CT_SIGNAL_FIELD)
        return sim->fields.value[r->signal_index][sim->ag.site[i]];
    if (r->signal == CT_SIGNAL_SPECIES)
        return sim->ag.attr[r->signal_index][i];
    return neighbour_count(sim, i, r->signal_index, r->signal_state);
}

double ct_rules_apply(const ct_sim *sim, size_t i, const ct_type_signals *sig, int behaviour,
                      int index, double base)
{
    double b = base;
    for (int k = 0; k < sig->n_rules; k++) {
        const ct_rule *r = &sig->rule[k];
        if (r->behaviour == behaviour && r->index == index &&
            (r->state < 0 || r->state == sim->ag.state[i]))
            b = ct_rules_hill(ct_rules_signal(sim, i, r), b, r->max, r->half, r->hill);
    }
    return b;
}

void ct_rules_event_probs(const ct_sim *sim, size_t i, ct_type_step *out)
{
    const ct_type_step *ts = &sim->type_step[sim->ag.type[i]];
    double rate[4];
    for (int b = CT_BEHAVIOUR_MOTILITY; b <= CT_BEHAVIOUR_TRANSITION; b++)
        rate[b] = ct_rules_rate(sim, i, b, 0, ts->rate[b]);
    ct_sim_event_probs(rate, ts->transition_to, sim->dt, out);
}
