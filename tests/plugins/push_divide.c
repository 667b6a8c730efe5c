/* Every cell of type "type" (default "mother") divides each step and pushes within "radius"
 * (ABI 1.2, host->push); a radius out of 1..16 is passed on, to test the host's refusal. */
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct push_config {
    int type, radius;
    const ct_host_api *host;
} push_config;

static int push_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                       size_t end)
{
    const push_config *p = user;
    size_t i = begin;
    while (i < end && (v->type[i] != p->type || (!p->host->divide(sim, i, CT_PLUGIN_NO_SITE) &&
                                                 !p->host->push(sim, i, p->radius))))
        i++;
    return i < end ? p->host->fail(sim, "push(%d) refused", p->radius) : 0;
}

static int push_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    if (!CT_PLUGIN_HAS(host, push))
        return host->error(ctx, "needs celltwin with plugin ABI 1.2 (push)");
    push_config *p = calloc(1, sizeof *p);
    ct_plugin_info info = {sizeof info, "push_divide", "1.0.0", "divides and pushes", free, p};
    const char *type;
    double radius;
    int rc = p ? host->describe(ctx, &info) : host->error(ctx, "out of memory");
    if (rc || (rc = host->param_string(ctx, "type", "mother", &type)) ||
        (rc = host->param_number(ctx, "radius", 1, 0, 100, &radius)))
        return rc;
    *p = (push_config){host->type_index(ctx, type), (int)radius, host};
    if (p->type < 0)
        return p->type;
    ct_plugin_behaviour b = {sizeof b, "push_divide", CT_PLUGIN_PHASE_DECIDE, 1, push_decide, NULL,
                             p};
    return host->add_behaviour(ctx, &b);
}

CT_PLUGIN_DEFINE(push_init);
