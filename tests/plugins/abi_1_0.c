/* A plugin as built for ABI 1.0 (before state_index and the view's outcomes): its entry claims
 * minor 0 and it reads only 1.0 view fields, counting the live cells at each step end into a
 * column. Newer hosts must still load and run it (docs/plugins.md, "ABI rules"). */
#include "celltwin_plugin.h"

static const ct_host_api *host;
static double live;

static int count_live(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)user, (void)sim;
    live = 0;
    for (size_t i = 0; i < v->n; i++)
        live += v->type[i] != CT_PLUGIN_DEAD;
    return 0;
}

static double live_cells(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)user, (void)sim, (void)v;
    return live;
}

static int init(const ct_host_api *h, ct_plugin_ctx *ctx)
{
    host = h;
    ct_plugin_info info = {sizeof info, "abi_1_0", "1.0.0", "a plugin of ABI 1.0", 0, 0};
    ct_plugin_behaviour b = {sizeof b, "count_live", CT_PLUGIN_PHASE_STEP_END, 0, 0, count_live, 0};
    ct_plugin_column c = {sizeof c, "live_1_0", 1, live_cells, 0};
    int rc;
    if ((rc = host->describe(ctx, &info)) || (rc = host->add_behaviour(ctx, &b)))
        return rc;
    return host->add_column(ctx, &c);
}

CT_PLUGIN_EXPORT extern const ct_plugin_entry celltwin_plugin_entry;
const ct_plugin_entry celltwin_plugin_entry = {1, 0, init};
