/* Viral replication inside infected cells, an intracellular ODE model as a compiled plugin.
 *
 * Each infected cell carries V, the virions inside it (cell attribute "viral_load"), with
 *     dV/dt = p - c V        (production p per minute, release rate c per minute).
 * Over a step of dt the exact solution is V' = p/c + (V - p/c) exp(-c dt), and the virions that
 * left the cell, p dt - (V' - V), are added to the virus field's source at the cell's site.
 * A susceptible cell becomes infected with probability 1 - exp(-beta u dt), u the virus at its
 * site. When "antibody" names a field, a per-site reaction lets antibody bind virus: with the
 * antibody level a held over the step, the bound amount is b = v (1 - exp(-k a dt)), capped at
 * a, and both fields lose b.
 *
 * Parameters: "infected" (type, default "infected"), "susceptible" (default "epithelial"),
 * "field" (default "virus"), "production" (p, default 10), "release" (c, default 0.1),
 * "infectivity" (beta per unit virus per minute, default 0.001), "antibody" (field, default "":
 * none), "binding" (k per unit antibody per minute, default 0.01).
 * Column "viral_load_total": the sum of V over living infected cells. */
#include <math.h>
#include <stdlib.h>

#include "celltwin_plugin.h"

typedef struct viral_state {
    const ct_host_api *host;
    int infected, susceptible, virus, antibody, load;
    double production, release, infectivity, binding;
} viral_state;

/* One exact step of dV/dt = p - c V; returns the amount released. */
static double replicate(const viral_state *s, double *v, double dt)
{
    double steady = s->production / s->release;
    double next = steady + (*v - steady) * exp(-s->release * dt);
    double released = s->production * dt - (next - *v);
    *v = next;
    return released;
}

static int viral_decide(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin,
                        size_t end)
{
    const viral_state *s = user;
    const ct_host_api *host = s->host;
    double *load = v->attr[s->load];
    for (size_t i = begin; i < end; i++) {
        if (v->type[i] == s->infected) {
            double released = replicate(s, &load[i], v->dt);
            if (host->add_source(sim, s->virus, v->site[i], released))
                return host->fail(sim, "cannot add virus at site %u", v->site[i]);
        } else if (v->type[i] == s->susceptible) {
            double u = host->field_value(sim, s->virus, v->site[i]);
            ct_plugin_rng r;
            host->agent_rng(sim, i, CT_PLUGIN_RNG_PLUGIN, &r);
            if (u > 0 && host->rng_uniform(&r) < -expm1(-s->infectivity * u * v->dt))
                host->change_type(sim, i, s->infected);
        }
    }
    return 0;
}

static void antibody_binding(void *user, uint32_t site, double dt, double *values)
{
    const viral_state *s = user;
    (void)site;
    double a = values[s->antibody];
    double bound = values[s->virus] * -expm1(-s->binding * a * dt);
    bound = bound < a ? bound : a;
    values[s->virus] -= bound;
    values[s->antibody] -= bound;
}

static double load_total(void *user, ct_plugin_sim *sim, const ct_plugin_view *v)
{
    const viral_state *s = user;
    (void)sim;
    double total = 0.0; /* in agent order: the same sum on any thread count */
    for (size_t i = 0; i < v->n; i++)
        if (v->type[i] == s->infected)
            total += v->attr[s->load][i];
    return total;
}

static int read_parameters(const ct_host_api *host, ct_plugin_ctx *ctx, viral_state *s,
                           const char **antibody)
{
    const char *infected, *susceptible, *field;
    int rc;
    if ((rc = host->param_string(ctx, "infected", "infected", &infected)) ||
        (rc = host->param_string(ctx, "susceptible", "epithelial", &susceptible)) ||
        (rc = host->param_string(ctx, "field", "virus", &field)) ||
        (rc = host->param_string(ctx, "antibody", "", antibody)) ||
        (rc = host->param_number(ctx, "production", 10.0, 0.0, 1e12, &s->production)) ||
        (rc = host->param_number(ctx, "release", 0.1, 1e-12, 1e12, &s->release)) ||
        (rc = host->param_number(ctx, "infectivity", 0.001, 0.0, 1e12, &s->infectivity)) ||
        (rc = host->param_number(ctx, "binding", 0.01, 0.0, 1e12, &s->binding)))
        return rc;
    if ((s->infected = host->type_index(ctx, infected)) < 0 ||
        (s->susceptible = host->type_index(ctx, susceptible)) < 0 ||
        (s->virus = host->field_index(ctx, field)) < 0 ||
        (**antibody && (s->antibody = host->field_index(ctx, *antibody)) < 0))
        return -1; /* the host's message names what is missing */
    return 0;
}

static int viral_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    viral_state *s = calloc(1, sizeof *s);
    if (!s)
        return host->error(ctx, "out of memory");
    s->host = host;
    ct_plugin_info info = {sizeof info, "viral_replication", "1.0.0",
                           "intracellular viral replication (exact linear ODE), release into a "
                           "field, infection of susceptible cells",
                           free, s};
    const char *antibody;
    int rc;
    if ((rc = host->describe(ctx, &info)) || (rc = read_parameters(host, ctx, s, &antibody)))
        return rc;
    ct_plugin_attribute load = {sizeof load, "viral_load", 0.0};
    ct_plugin_behaviour replication = {sizeof replication, "viral_replication",
                                       CT_PLUGIN_PHASE_DECIDE, 1, viral_decide, NULL, s};
    ct_plugin_column total = {sizeof total, "viral_load_total", 0, load_total, s};
    if ((s->load = host->add_attribute(ctx, &load)) < 0)
        return s->load;
    if ((rc = host->add_behaviour(ctx, &replication)) || (rc = host->add_column(ctx, &total)))
        return rc;
    if (*antibody) {
        ct_plugin_reaction binding = {sizeof binding, "antibody_binding", antibody_binding, s};
        return host->add_reaction(ctx, &binding);
    }
    return 0;
}

CT_PLUGIN_DEFINE(viral_init);
