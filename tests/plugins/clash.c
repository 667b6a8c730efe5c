/* Broken on purpose: registers an attribute and a column, then a behaviour whose name
 * ("contact_kill") the contact_kill plugin already registered. */
#include "celltwin_plugin.h"

static int noop_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                       size_t end)
{
    (void)user, (void)sim, (void)v, (void)begin, (void)end;
    return 0;
}

static double zero_column(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)user, (void)sim, (void)v;
    return 0.0;
}

static int clash_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    ct_plugin_info info = {sizeof info, "clash", "0", "clashes on purpose", NULL, NULL};
    ct_plugin_attribute a = {sizeof a, "clash_attribute", 0.0};
    ct_plugin_column c = {sizeof c, "clash_column", 1, zero_column, NULL};
    ct_plugin_behaviour b = {sizeof b, "contact_kill", CT_PLUGIN_PHASE_DECIDE, 1, noop_decide, NULL,
                             NULL};
    int rc;
    if ((rc = host->describe(ctx, &info)) || (rc = host->add_attribute(ctx, &a)) < 0 ||
        (rc = host->add_column(ctx, &c)) || (rc = host->add_behaviour(ctx, &b)))
        return rc;
    return 0;
}

CT_PLUGIN_DEFINE(clash_init);
