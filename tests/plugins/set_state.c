/* Sets one state on every cell of a type, named (looked up with state_index, ABI 1.1) or given as
 * a raw number, to test the host's state checks. Parameters: "type" (default "a"), "state" (a
 * state name) or "number" (a state number, used when >= 0; default -1); "latin1": 1 adds a column
 * whose name is Latin-1, not UTF-8, 2 looks up such a state name (JSON cannot carry these names:
 * they must come from C). */
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct set_state_config {
    const ct_host_api *host;
    int type, state;
} set_state_config;

static int set_state_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                            size_t end)
{
    const set_state_config *s = user;
    for (size_t i = begin; i < end; i++)
        if (v->type[i] == s->type && s->host->set_state(sim, i, s->state))
            return CT_PLUGIN_EINVAL; /* the host has reported why */
    return 0;
}

static double no_value(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)user, (void)sim, (void)v;
    return 0;
}

static int set_state_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    set_state_config *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    s->host = host;
    ct_plugin_info info = {sizeof info, "set_state", "1.0.0", "sets a state", free, s};
    const char *type, *state;
    double number, latin1;
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_string(ctx, "type", "a", &type)) ||
        (rc = host->param_string(ctx, "state", "", &state)) ||
        (rc = host->param_number(ctx, "number", -1, -1, 1000, &number)) ||
        (rc = host->param_number(ctx, "latin1", 0, 0, 2, &latin1)))
        return rc;
    ct_plugin_column c = {sizeof c, "caf\xe9", 1, no_value, NULL};
    if (latin1 == 1 && (rc = host->add_column(ctx, &c)))
        return rc;
    state = latin1 == 2 ? "caf\xe9" : state;
    if ((s->type = host->type_index(ctx, type)) < 0)
        return s->type;
    if (number < 0 && !CT_PLUGIN_HAS(host, state_index))
        return host->error(ctx, "a state name needs plugin ABI 1.1 (state_index)");
    s->state = number >= 0 ? (int)number : host->state_index(ctx, s->type, state);
    if (s->state < 0)
        return s->state;
    ct_plugin_behaviour b = {sizeof b, "set_state", CT_PLUGIN_PHASE_DECIDE, 1, set_state_decide,
                             NULL, s};
    return host->add_behaviour(ctx, &b);
}

CT_PLUGIN_DEFINE(set_state_init);
