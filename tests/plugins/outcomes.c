/* Counts what became of its own division intents: every live cell of type "a" asks to divide with
 * probability p each step; at step end the plugin reads view->outcome (ABI 1.2) and counts the
 * divisions that won, the daughters born and the intents lost to a full neighbourhood or a
 * conflict. Columns: divisions_asked, divisions_won, births, lost (totals since the start).
 * Parameter: "p" (default 0.5). */
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct outcome_state {
    const ct_host_api *host;
    double p;
    double asked, won, born, lost;
} outcome_state;

/* Not thread safe: it runs alone, chunk after chunk, so the counter needs no atomics. */
static int ask(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin, size_t end)
{
    outcome_state *s = user;
    for (size_t i = begin; i < end; i++) {
        if (v->type[i] != 0)
            continue;
        ct_plugin_rng r;
        s->host->agent_rng(sim, i, CT_PLUGIN_RNG_PLUGIN, &r);
        if (s->host->rng_uniform(&r) < s->p) {
            s->host->divide(sim, i, CT_PLUGIN_NO_SITE);
            s->asked++;
        }
    }
    return 0;
}

static int tally(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    outcome_state *s = user;
    if (!CT_PLUGIN_VIEW_HAS(v, n_outcome) || !v->outcome)
        return s->host->fail(sim, "the host gives no outcomes in the step-end phase");
    for (size_t i = 0; i < v->n_outcome; i++) {
        s->won += v->outcome[i] == CT_PLUGIN_OUTCOME_DIVIDED;
        s->born += v->outcome[i] == CT_PLUGIN_OUTCOME_BORN;
        s->lost += v->outcome[i] == CT_PLUGIN_OUTCOME_LOST;
    }
    return 0;
}

#define COLUMN_FN(field)                                                                   \
    static double column_##field(void *user, ct_plugin_sim *sim, const ct_plugin_view *v) \
    {                                                                                      \
        (void)sim, (void)v;                                                                \
        return ((const outcome_state *)user)->field;                                      \
    }
COLUMN_FN(asked)
COLUMN_FN(won)
COLUMN_FN(born)
COLUMN_FN(lost)

static int outcomes_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    outcome_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    s->host = host;
    ct_plugin_info info = {sizeof info, "outcomes", "1.0.0", "counts division outcomes", free, s};
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_number(ctx, "p", 0.5, 0.0, 1.0, &s->p)))
        return rc;
    ct_plugin_behaviour b = {sizeof b, "ask_to_divide", CT_PLUGIN_PHASE_DECIDE, 0, ask, NULL, s};
    ct_plugin_behaviour t = {sizeof t, "tally_outcomes", CT_PLUGIN_PHASE_STEP_END, 0, NULL, tally,
                             s};
    ct_plugin_column cols[] = {{sizeof cols[0], "divisions_asked", 1, column_asked, s},
                               {sizeof cols[0], "divisions_won", 1, column_won, s},
                               {sizeof cols[0], "births", 1, column_born, s},
                               {sizeof cols[0], "lost", 1, column_lost, s}};
    if ((rc = host->add_behaviour(ctx, &b)) || (rc = host->add_behaviour(ctx, &t)))
        return rc;
    for (int k = 0; k < 4; k++)
        if ((rc = host->add_column(ctx, &cols[k])))
            return rc;
    return 0;
}

CT_PLUGIN_DEFINE(outcomes_init);
