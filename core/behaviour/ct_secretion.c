/* Secretion and uptake by cells into the fields' source arrays (docs/fields.md). */
#include "ct_cell_signals.h"
#include "ct_death.h"
#include "ct_rules.h"

/* One agent of a type that secretes. */
static void secrete(ct_sim *sim, size_t i, const ct_type_signals *sig, const ct_type_step *ts)
{
    uint32_t site = sim->ag.site[i];
    for (int k = 0; k < sig->n_secretions; k++) {
        const ct_secretion *e = &sig->secretion[k];
        double rate = ct_rules_rate(sim, i, CT_BEHAVIOUR_SECRETION, e->field, e->rate);
        float c = sim->fields.value[e->field][site];
        /* rounded to nearest, c * fraction (< c) never exceeds c: the value stays >= 0 */
        float taken = (float)((c > 0.0f ? c : 0.0f) * ts->uptake_fraction[k]);
        sim->fields.source[e->field][site] += (float)(rate * sim->dt) - taken;
    }
}

void ct_secretion_apply(ct_sim *sim, size_t begin, size_t end)
{
    for (size_t i = begin; i < end; i++) {
        int type = sim->ag.type[i];
        if (type == CT_DEAD_TYPE)
            continue;
        if (ct_death_is_body(sim, i)) { /* a body secretes what its death model says */
            ct_death_secrete(sim, i);
            continue;
        }
        const ct_type_signals *sig = &sim->sc->types[type].sig;
        if (sig->n_secretions)
            secrete(sim, i, sig, &sim->type_step[type]);
    }
}
