/* Bodies of dead cells: made by a death, advanced stage by stage, removed when they expire or are
 * phagocytosed (ct_death.h). The stage arithmetic is the cell cycle's (ct_cycle.c): a stage is
 * left with probability k dt / T per step, so its length in steps is geometric with mean
 * T / (k dt), and the k stages together last T on average. */
#include <string.h>

#include "ct_death.h"
#include "ct_intent.h"

static int any_bodies(const ct_scenario *sc)
{
    for (int t = 0; t < sc->n_types; t++)
        if (sc->types[t].death.model != CT_DEATH_INSTANT)
            return 1;
    return 0;
}

int ct_death_attach(ct_sim *sim)
{
    if (!any_bodies(sim->sc))
        return CT_OK;
    int rc = ct_agents_add_attribute(&sim->ag, CT_DEATH_ATTR_STAGE, 0.0, &sim->err);
    return rc < 0 ? rc : CT_OK;
}

static double *stage_column(const ct_sim *sim)
{
    return sim->ag.attr[ct_agents_attribute_index(&sim->ag, CT_DEATH_ATTR_STAGE)];
}

static void remove_agent(ct_sim *sim, size_t i)
{
    sim->lat.slot[sim->ag.site[i]] = CT_EMPTY;
    sim->ag.type[i] = CT_DEAD_TYPE;
}

int ct_death_apply(ct_sim *sim, size_t i)
{
    const ct_death_def *d = &sim->sc->types[sim->ag.type[i]].death;
    if (d->model == CT_DEATH_INSTANT || sim->intent_arg[i] == CT_DIE_CLEARED) {
        remove_agent(sim, i);
        return 1;
    }
    sim->ag.state[i] = (uint8_t)d->body_state;
    stage_column(sim)[i] = 0.0;
    return 0;
}

int ct_death_apply_body(ct_sim *sim, size_t i)
{
    if (sim->intent[i] == CT_INTENT_DIE && sim->intent_arg[i] == CT_DIE_CLEARED) {
        remove_agent(sim, i);
        return 1;
    }
    sim->intent[i] = CT_INTENT_NONE;
    return 0;
}

/* One step of body i; returns 1 when it expires. */
static int advance_body(ct_sim *sim, const ct_death_def *d, double *stage, size_t i)
{
    ct_rng r = ct_sim_agent_rng(sim, i, CT_RNG_DEATH);
    if (!(ct_rng_uniform(&r) < d->stage_prob))
        return 0;
    stage[i] += 1.0;
    if (stage[i] < d->stages)
        return 0;
    remove_agent(sim, i);
    sim->intent[i] = CT_INTENT_DIE;
    sim->intent_arg[i] = CT_DIE_EXPIRED;
    return 1;
}

void ct_death_advance(ct_sim *sim)
{
    if (!any_bodies(sim->sc))
        return;
    double *stage = stage_column(sim);
    size_t n = sim->ag.n, expired = 0;
#pragma omp parallel for schedule(static) reduction(+ : expired) if (n >= 2 * CT_CHUNK)
    for (size_t i = 0; i < n; i++) {
        /* a body made this step still has its death intent: it starts next step */
        if (ct_death_is_body(sim, i) && sim->intent[i] != CT_INTENT_DIE)
            expired += (size_t)advance_body(sim, &sim->sc->types[sim->ag.type[i]].death, stage, i);
    }
    sim->ag.n_dead += expired;
}

void ct_death_secrete(ct_sim *sim, size_t i)
{
    const ct_death_def *d = &sim->sc->types[sim->ag.type[i]].death;
    uint32_t site = sim->ag.site[i];
    for (int k = 0; k < d->n_secretions; k++)
        sim->fields.source[d->secretion[k].field][site] += (float)(d->secretion[k].rate * sim->dt);
}
