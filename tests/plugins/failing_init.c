/* Broken on purpose: registers one item of every kind, then fails; the host must undo them all
 * and call release (ASan's leak check sees a missed release). */
#include <stdlib.h>

#include "celltwin_plugin.h"

static int noop_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                       size_t end)
{
    (void)user, (void)sim, (void)v, (void)begin, (void)end;
    return 0;
}

static void noop_react(void *user, uint32_t site, double dt, double *values)
{
    (void)user, (void)site, (void)dt, (void)values;
}

static double zero_column(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)user, (void)sim, (void)v;
    return 0.0;
}

static int failing_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    void *state = malloc(64);
    ct_plugin_info info = {sizeof info, "failing_init", "0", "fails on purpose", free, state};
    ct_plugin_behaviour b = {sizeof b, "failing_behaviour", CT_PLUGIN_PHASE_DECIDE, 1, noop_decide,
                             NULL, NULL};
    ct_plugin_reaction r = {sizeof r, "failing_reaction", noop_react, NULL};
    ct_plugin_attribute a = {sizeof a, "failing_attribute", 1.0};
    ct_plugin_column c = {sizeof c, "failing_column", 0, zero_column, NULL};
    if (host->describe(ctx, &info) || host->add_behaviour(ctx, &b) || host->add_reaction(ctx, &r) ||
        host->add_attribute(ctx, &a) < 0 || host->add_column(ctx, &c))
        return -1;
    return host->error(ctx, "the model needs a licence key");
}

CT_PLUGIN_DEFINE(failing_init);
