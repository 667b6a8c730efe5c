/* Death at a constant rate, drawn exactly as the built-in competing-risks rule draws it when
 * death is a type's only event: the same stream (CT_PLUGIN_RNG_BUILTIN_DECIDE), the same
 * probability 1 - exp(-rate dt). A scenario using it must count like the built-in rule, bit for bit.
 * Parameters: "type" (default "a"), "rate" (per minute, default 0.01). */
#include <math.h>
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct death_state {
    const ct_host_api *host;
    int type;
    double rate;
} death_state;

static int death_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                        size_t end)
{
    const death_state *s = user;
    double p = -expm1(-s->rate * v->dt);
    for (size_t i = begin; i < end; i++) {
        if (v->type[i] != s->type)
            continue;
        ct_plugin_rng r;
        s->host->agent_rng(sim, i, CT_PLUGIN_RNG_BUILTIN_DECIDE, &r);
        if (s->host->rng_uniform(&r) < p)
            s->host->die(sim, i);
    }
    return 0;
}

static int death_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    death_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    s->host = host;
    ct_plugin_info info = {sizeof info, "death_rate", "1.0.0", "death at a constant rate", free, s};
    const char *type;
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_string(ctx, "type", "a", &type)) ||
        (rc = host->param_number(ctx, "rate", 0.01, 0.0, 1e9, &s->rate)))
        return rc;
    if ((s->type = host->type_index(ctx, type)) < 0)
        return s->type;
    ct_plugin_behaviour b = {sizeof b, "death_rate", CT_PLUGIN_PHASE_DECIDE, 1, death_decide, NULL,
                             s};
    return host->add_behaviour(ctx, &b);
}

CT_PLUGIN_DEFINE(death_init);
