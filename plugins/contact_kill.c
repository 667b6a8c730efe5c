/* Contact killing by cytotoxic T cells, as a compiled plugin (docs/plugins.md).
 *
 * A target cell with k killer cells on its neighbour sites dies this step with probability
 * 1 - exp(-rate * k * dt): each contact kills at `rate` per minute, independently. The kernel
 * looks from the target's side, so it writes only its own agents and is thread safe; the draw
 * comes from the target's own stream, so results do not depend on the thread count.
 *
 * Parameters: "killer" (cell type, default "cd8"), "target" (default "tumour"), "rate" (per
 * minute per contact, default 0.05). Column "kills": kill intents set since the start. */
#include <math.h>
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct kill_state {
    const ct_host_api *host;
    int killer, target;
    double rate;
    uint64_t kills; /* updated atomically: the integer sum is the same in any order */
} kill_state;

static int killer_contacts(const kill_state *s, ct_plugin_sim *sim, const ct_plugin_view *v,
                           uint32_t site)
{
    uint32_t nb[CT_PLUGIN_MAX_NEIGHBOURS];
    int n = s->host->neighbours(sim, site, nb), k = 0;
    for (int j = 0; j < n; j++) {
        uint32_t a = v->slot[nb[j]];
        k += a != CT_PLUGIN_EMPTY && v->type[a] == s->killer;
    }
    return k;
}

static int kill_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                       size_t end)
{
    kill_state *s = user;
    uint64_t kills = 0;
    for (size_t i = begin; i < end; i++) {
        if (v->type[i] != s->target)
            continue;
        int k = killer_contacts(s, sim, v, v->site[i]);
        if (k == 0)
            continue;
        ct_plugin_rng r;
        s->host->agent_rng(sim, i, CT_PLUGIN_RNG_PLUGIN, &r);
        if (s->host->rng_uniform(&r) < -expm1(-s->rate * k * v->dt) && s->host->die(sim, i) == 0)
            kills++;
    }
    __atomic_fetch_add(&s->kills, kills, __ATOMIC_RELAXED);
    return 0;
}

static double kills_column(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)sim;
    (void)v;
    return (double)((kill_state *)user)->kills;
}

static int kill_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    kill_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    s->host = host;
    ct_plugin_info info = {sizeof info, "contact_kill", "1.0.0",
                           "killer cells kill neighbouring target cells at a rate per contact",
                           free, s};
    const char *killer, *target;
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_string(ctx, "killer", "cd8", &killer)) ||
        (rc = host->param_string(ctx, "target", "tumour", &target)) ||
        (rc = host->param_number(ctx, "rate", 0.05, 0.0, 1e9, &s->rate)))
        return rc;
    if ((s->killer = host->type_index(ctx, killer)) < 0 ||
        (s->target = host->type_index(ctx, target)) < 0)
        return -1; /* the host's message names the missing type */
    ct_plugin_behaviour kill = {sizeof kill, "contact_kill", CT_PLUGIN_PHASE_DECIDE, 1,
                                kill_decide, NULL, s};
    ct_plugin_column kills = {sizeof kills, "kills", 1, kills_column, s};
    if ((rc = host->add_behaviour(ctx, &kill)) || (rc = host->add_column(ctx, &kills)))
        return rc;
    return 0;
}

CT_PLUGIN_DEFINE(kill_init);
