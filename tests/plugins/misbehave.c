/* Checks the host's guards from inside a kernel, then fails on purpose at step "fail_step":
 * a thread-safe kernel may not set intents of agents outside its chunk, nor before its chunk.
 * With "nan_step" >= 0 it also adds a counts.csv column "bad_value" that is the step until then
 * and NaN from that step on. */
#include <math.h>
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct misbehave_state {
    const ct_host_api *host;
    double fail_step;
    double nan_step;
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

static double bad_value(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    const misbehave_state *s = user;
    (void)sim;
    return (double)v->step < s->nan_step ? (double)v->step : NAN;
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
        (rc = host->param_number(ctx, "fail_step", 3, 0, 1e12, &s->fail_step)) ||
        (rc = host->param_number(ctx, "nan_step", -1, -1, 1e12, &s->nan_step)))
        return rc;
    ct_plugin_column c = {sizeof c, "bad_value", 0, bad_value, s};
    if (s->nan_step >= 0 && (rc = host->add_column(ctx, &c)))
        return rc;
    return host->add_behaviour(ctx, &b);
}

CT_PLUGIN_DEFINE(misbehave_init);
