/* The cell cycle as a registered behaviour: each step a cycling cell leaves its current Erlang
 * stage with probability k dt / T (stream CT_RNG_CYCLE), so the number of steps spent in a stage
 * is geometric with mean T / (k dt) and a phase lasts T on average, exactly, at any dt. Leaving
 * the last stage of the last phase is a division intent; a division that finds no free site is
 * tried again, with the same probability, on later steps. */
#include <stdio.h>
#include <string.h>

#include "ct_cycle.h"
#include "ct_cycle_counts.h"
#include "ct_death.h"
#include "ct_intent.h"

typedef struct cycle_columns {
    double *phase, *stage, *time;
} cycle_columns;

static cycle_columns columns(const ct_sim *sim)
{
    const ct_agents *ag = &sim->ag;
    cycle_columns c = {ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_PHASE)],
                       ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_STAGE)],
                       ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_TIME)]};
    return c;
}

/* A cell with no valid place in its type's cycle (an initial cell, one added by a script, one
   that changed type) starts at a random stage, each with probability proportional to its mean
   duration, so that a population does not start in step. */
static void start_at_random_stage(const ct_cycle_def *cd, ct_rng *r, cycle_columns *c, size_t i)
{
    double total = 0.0;
    for (int p = 0; p < cd->n_phases; p++)
        total += cd->duration[p];
    double u = ct_rng_uniform(r) * total;
    int p = 0;
    while (p + 1 < cd->n_phases && u >= cd->duration[p])
        u -= cd->duration[p++];
    int stage = (int)(u / cd->duration[p] * cd->stages[p]);
    c->phase[i] = p;
    c->stage[i] = stage < cd->stages[p] ? stage : cd->stages[p] - 1;
    c->time[i] = u;
}

static int has_valid_place(const ct_cycle_def *cd, const cycle_columns *c, size_t i)
{
    double p = c->phase[i];
    return p >= 0 && p < cd->n_phases && c->stage[i] >= 0 && c->stage[i] < cd->stages[(int)p];
}

/* One step of agent i: a stage step, a phase change, or at the end of the cycle a division,
   unless an earlier decision of this step (a death, a type change) came first. */
static void step_agent(ct_sim *sim, const ct_cycle_def *cd, cycle_columns *c, size_t i)
{
    ct_rng r = ct_sim_agent_rng(sim, i, CT_RNG_CYCLE);
    if (!has_valid_place(cd, c, i))
        start_at_random_stage(cd, &r, c, i);
    int p = (int)c->phase[i];
    c->time[i] += sim->dt;
    if (!(ct_rng_uniform(&r) < cd->stage_prob[p]))
        return;
    if (c->stage[i] + 1 < cd->stages[p]) {
        c->stage[i] += 1;
    } else if (p + 1 < cd->n_phases) {
        c->phase[i] = p + 1;
        c->stage[i] = 0;
        c->time[i] = 0.0;
    } else if (sim->intent[i] == CT_INTENT_NONE || sim->intent[i] == CT_INTENT_MOVE) {
        ct_intent_divide(sim, i, CT_NO_SITE);
    }
}

static int cycle_decide(void *user, ct_sim *sim, size_t begin, size_t end)
{
    (void)user;
    cycle_columns c = columns(sim);
    for (size_t i = begin; i < end; i++) {
        uint8_t type = sim->ag.type[i];
        if (type != CT_DEAD_TYPE && sim->sc->types[type].cycle.model != CT_CYCLE_NONE &&
            !ct_death_is_body(sim, i)) /* a body's cycle has stopped */
            step_agent(sim, &sim->sc->types[type].cycle, &c, i);
    }
    return CT_OK;
}

/* After births and pushes, before any other step-end hook: the cells whose division succeeded
   this step (outcome CT_INTENT_DIVIDE, whichever decision made them divide, pushed or not) and
   their daughters (CT_INTENT_BORN) restart the cycle at its first stage. */
static int cycle_step_end(void *user, ct_sim *sim)
{
    (void)user;
    cycle_columns c = columns(sim);
    for (size_t i = 0; i < sim->n_outcomes; i++) {
        uint8_t type = sim->ag.type[i];
        int divided = sim->intent[i] == CT_INTENT_DIVIDE || sim->intent[i] == CT_INTENT_BORN;
        if (divided && type != CT_DEAD_TYPE &&
            sim->sc->types[type].cycle.model != CT_CYCLE_NONE) {
            c.phase[i] = 0;
            c.stage[i] = 0;
            c.time[i] = 0.0;
        }
    }
    return CT_OK;
}

/* Cells placed at the start take their random place in the cycle at once, so that the step-0 row
   of counts.csv and the first snapshot show their phases (stream: step 0, id, CT_RNG_CYCLE_START;
   the steps draw from CT_RNG_CYCLE). */
static void start_initial_cells(ct_sim *sim)
{
    cycle_columns c = columns(sim);
    uint64_t key = ct_rng_step_key(sim->seed, 0);
    for (size_t i = 0; i < sim->ag.n; i++) {
        uint8_t type = sim->ag.type[i];
        if (type == CT_DEAD_TYPE || sim->sc->types[type].cycle.model == CT_CYCLE_NONE)
            continue;
        ct_rng r = ct_rng_stream(key, sim->ag.id[i], CT_RNG_CYCLE_START);
        start_at_random_stage(&sim->sc->types[type].cycle, &r, &c, i);
    }
}

int ct_cycle_attach(ct_sim *sim)
{
    int any = 0;
    for (int t = 0; t < sim->sc->n_types; t++)
        any |= sim->sc->types[t].cycle.model != CT_CYCLE_NONE;
    if (!any)
        return CT_OK;
    ct_behaviour b;
    memset(&b, 0, sizeof b);
    snprintf(b.name, sizeof b.name, "cycle");
    snprintf(b.owner, sizeof b.owner, "built-in");
    b.phases = CT_PHASE_DECIDE | CT_PHASE_STEP_END;
    b.thread_safe = 1;
    b.decide = cycle_decide;
    b.step_end = cycle_step_end;
    int rc;
    if ((rc = ct_agents_add_attribute(&sim->ag, CT_CYCLE_ATTR_PHASE, -1.0, &sim->err)) < 0 ||
        (rc = ct_agents_add_attribute(&sim->ag, CT_CYCLE_ATTR_STAGE, 0.0, &sim->err)) < 0 ||
        (rc = ct_agents_add_attribute(&sim->ag, CT_CYCLE_ATTR_TIME, 0.0, &sim->err)) < 0 ||
        (rc = ct_cycle_columns_add(sim)) < 0)
        return rc;
    start_initial_cells(sim);
    return ct_registry_add(&sim->registry, &b, &sim->err);
}
