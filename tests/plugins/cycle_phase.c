/* Reads the cell cycle phase through the attribute view, as docs/plugins.md describes: a
 * counts.csv column "phase_count" with the cells of cell type "type" whose "cycle.phase"
 * attribute is "phase" (the phase's index in its model). Parameters: "type" (default "c"),
 * "phase" (default 1: S of G1_S_G2_M). */
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct phase_state {
    int type, phase_attr;
    double phase;
} phase_state;

static double phase_count(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    (void)sim;
    const phase_state *s = user;
    double n = 0;
    for (size_t i = 0; i < v->n; i++)
        n += v->type[i] == s->type && v->attr[s->phase_attr][i] == s->phase;
    return n;
}

static int phase_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    phase_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    ct_plugin_info info = {sizeof info, "cycle_phase", "1.0.0", "cells in one cycle phase", free,
                           s};
    const char *type;
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_string(ctx, "type", "c", &type)) ||
        (rc = host->param_number(ctx, "phase", 1, 0, 3, &s->phase)))
        return rc;
    if ((s->type = host->type_index(ctx, type)) < 0)
        return s->type;
    if ((s->phase_attr = host->attribute_index(ctx, "cycle.phase")) < 0)
        return s->phase_attr;
    ct_plugin_column c = {sizeof c, "phase_count", 1, phase_count, s};
    return host->add_column(ctx, &c);
}

CT_PLUGIN_DEFINE(phase_init);
