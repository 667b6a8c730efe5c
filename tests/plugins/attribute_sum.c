/* A counts.csv column "attribute_sum": the sum of one cell attribute over the live cells, read
 * through the plugin view. Its test reads an SBML species this way ("sbml.A",
 * tests/cli/test_sbml_lua_plugin.sh). Parameter: "attribute" (default "sbml.A"). */
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct sum_state {
    int attribute;
} sum_state;

static double attribute_sum(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    const sum_state *s = user;
    (void)sim;
    double total = 0.0; /* in agent order: the same sum on any thread count */
    for (size_t i = 0; i < v->n; i++)
        if (v->type[i] != CT_PLUGIN_DEAD)
            total += v->attr[s->attribute][i];
    return total;
}

static int sum_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    sum_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    ct_plugin_info info = {sizeof info, "attribute_sum", "1.0.0",
                           "the sum of a cell attribute over live cells", free, s};
    const char *name;
    int rc;
    if ((rc = host->describe(ctx, &info)) ||
        (rc = host->param_string(ctx, "attribute", "sbml.A", &name)))
        return rc;
    if ((s->attribute = host->attribute_index(ctx, name)) < 0)
        return s->attribute;
    ct_plugin_column column = {sizeof column, "attribute_sum", 0, attribute_sum, s};
    return host->add_column(ctx, &column);
}

CT_PLUGIN_DEFINE(sum_init);
