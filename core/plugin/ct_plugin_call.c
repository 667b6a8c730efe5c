/* Calls from the engine into plugin items: each call gets a fresh view of the agent store and a
 * handle that says which agents it may touch; failures become the run's error, naming the item. */
#include <stdio.h>

#include "ct_intent.h"
#include "ct_plugin_internal.h"

/* The view's outcomes are the step's intent array itself, as the step leaves it after apply. */
#define SAME_CODE(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME_CODE(CT_PLUGIN_OUTCOME_NONE, CT_INTENT_NONE) &&
                   SAME_CODE(CT_PLUGIN_OUTCOME_MOVED, CT_INTENT_MOVE) &&
                   SAME_CODE(CT_PLUGIN_OUTCOME_DIVIDED, CT_INTENT_DIVIDE) &&
                   SAME_CODE(CT_PLUGIN_OUTCOME_DIED, CT_INTENT_DIE) &&
                   SAME_CODE(CT_PLUGIN_OUTCOME_CHANGED_TYPE, CT_INTENT_CHANGE_TYPE) &&
                   SAME_CODE(CT_PLUGIN_OUTCOME_LOST, CT_INTENT_LOST) &&
                   SAME_CODE(CT_PLUGIN_OUTCOME_BORN, CT_INTENT_BORN),
               "plugin outcome codes follow ct_intent_kind");
#undef SAME_CODE

static void view_of(const ct_sim *sim, ct_plugin_view *v)
{
    const ct_agents *ag = &sim->ag;
    *v = (ct_plugin_view){
        .size = sizeof *v,
        .ndim = (uint32_t)sim->lat.ndim,
        .dims = {sim->lat.size[0], sim->lat.size[1], sim->lat.size[2]},
        .n_sites = (uint32_t)sim->lat.n_sites,
        .dx = sim->lat.dx,
        .dt = sim->dt,
        .step = sim->step,
        .n_types = sim->sc->n_types,
        .n_fields = sim->fields.n,
        .n_attr = ag->n_attr,
        .n = ag->n,
        .site = ag->site,
        .type = ag->type,
        .state = ag->state,
        .id = ag->id,
        .attr = ag->attr,
        .slot = sim->lat.slot,
        .outcome = sim->n_outcomes ? sim->intent : NULL,
        .n_outcome = sim->n_outcomes,
    };
}

void ct__plugin_report(struct ct_plugin_sim *h, const char *msg)
{
    h->failed = 1;
#pragma omp critical(ct_plugin_report)
    if (h->sim->err.code == CT_OK)
        ct_error_set(&h->sim->err, CT_ESTATE, "plugin %s: %s: %s", h->item->plugin->path,
                     h->item->name, msg);
}

/* The status of a finished callback: its own code, or the failure it reported. */
static int outcome(struct ct_plugin_sim *h, int rc)
{
    if (rc && !h->failed) {
        char msg[64];
        snprintf(msg, sizeof msg, "returned %d", rc);
        ct__plugin_report(h, msg);
    }
    return h->failed ? CT_ESTATE : CT_OK;
}

int ct__plugin_run_decide(void *item, ct_sim *sim, size_t begin, size_t end)
{
    const ct_plugin_item *it = item;
    /* a kernel that is not thread safe runs alone: it may write any agent */
    struct ct_plugin_sim h = {sim, it, it->thread_safe ? begin : 0,
                              it->thread_safe ? end : sim->ag.n, 1, 1, 0};
    ct_plugin_view v;
    view_of(sim, &v);
    return outcome(&h, it->decide(it->user, &h, &v, begin, end));
}

int ct__plugin_run_step(void *item, ct_sim *sim)
{
    const ct_plugin_item *it = item;
    struct ct_plugin_sim h = {sim, it, 0, sim->ag.n, 0, 1, 0};
    ct_plugin_view v;
    view_of(sim, &v);
    return outcome(&h, it->step(it->user, &h, &v));
}

/* Every site on its own: the reaction reads and writes only that site, so any split of the
   sites over threads gives the same bits. */
int ct__plugin_run_reaction(void *item, ct_sim *sim)
{
    const ct_plugin_item *it = item;
    const ct_fields *f = &sim->fields;
    int n_fields = f->n;
    double dt = sim->dt;
#pragma omp parallel for schedule(static) if (f->n_sites >= 16384)
    for (size_t s = 0; s < f->n_sites; s++) {
        double values[CT_MAX_FIELDS];
        for (int k = 0; k < n_fields; k++)
            values[k] = f->value[k][s];
        it->react(it->user, (uint32_t)s, dt, values);
        for (int k = 0; k < n_fields; k++)
            f->value[k][s] = (float)values[k];
    }
    return CT_OK;
}

double ct__plugin_run_column(void *item, const ct_sim *sim)
{
    const ct_plugin_item *it = item;
    /* columns only read; the handle is not const because the ABI shares it with kernels */
    struct ct_plugin_sim h = {(ct_sim *)sim, it, 0, 0, 0, 0, 0};
    ct_plugin_view v;
    view_of(sim, &v);
    return it->column(it->user, &h, &v);
}
