/* Checks the host's guards from inside a kernel, then fails on purpose at step "fail_step":
 * a thread-safe kernel may not set intents of agents outside its chunk, nor before its chunk. */
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct misbehave_state {
    const ct_host_api *host;
    double fail_step;
} misbehave_state;

static int misbehave_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                            size_t end)
{
    const misbehave_state *s = user;
    if (end < v->n && s->host->die(sim, end) != CT_PLUGIN_EINVAL)
        return s->host->fail(sim, "could set the intent of agent %zu outside [%zu, %zu)", end,
                             begin, end);
    if (begin > 0 && s->host->change_type(sim, begin - 1, 0) != CT_PLUGIN_EINVAL)
        return s->host->fail(sim, "could change agent %zu outside its chunk", begin - 1);
    if (begin < end && s->host->change_type(sim, begin, v->n_types) != CT_PLUGIN_EINVAL)
        return s->host->fail(sim, "could change to type %d of %d", v->n_types, v->n_types);
    if ((double)v->step == s->fail_step)
        return s->host->fail(sim, "gave up at step %llu", (unsigned long long)v->step);
    return 0;
}

static int misbehave_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    misbehave_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    s->host = host;
    ct_plugin_info info = {sizeof info, "misbehave", "0", "tests the host's guards", free, s};
    ct_plugin_behaviour b = {sizeof b, "misbehave", CT_PLUGIN_PHASE_DECIDE, 1, misbehave_decide,
                             NULL, s};
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_number(ctx, "fail_step", 3, 0, 1e12, &s->fail_step)))
        return rc;
    return host->add_behaviour(ctx, &b);
}

CT_PLUGIN_DEFINE(misbehave_init);
