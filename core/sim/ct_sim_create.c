/* Assembling a simulation from its layers: state, cells, script, plugins, in that order. */
#include "ct_sim_create.h"

#include "ct_cycle.h"
#include "ct_death.h"
#include "ct_field_columns.h"
#include "ct_intracellular.h"
#include "ct_lua.h"
#include "ct_placement.h"
#include "ct_plugin.h"

static int create(const ct_scenario *sc, int place, ct_sim **out, ct_error *err)
{
    ct_sim *sim;
    *out = NULL;
    int rc = ct_sim_create_state(sc, &sim, err);
    if (rc)
        return rc;
    if (place)
        rc = ct_placement_apply(sim);
    if (!rc)
        rc = ct_sim_reorder(sim);
    if (!rc)
        rc = ct_intracellular_attach(sim); /* its columns first: the scenario numbered them */
    if (!rc)
        rc = ct_field_columns_add(sim, &sim->err);
    if (!rc)
        rc = ct_cycle_attach(sim);
    if (!rc)
        rc = ct_death_attach(sim);
    if (!rc)
        rc = ct_lua_attach(sim); /* decide order: built-in, then Lua, then plugins */
    if (!rc)
        rc = ct_plugins_load_all(sim);
    if (rc) {
        if (err)
            *err = sim->err;
        ct_sim_free(sim);
        return rc;
    }
    *out = sim;
    return CT_OK;
}

int ct_sim_create(const ct_scenario *sc, ct_sim **out, ct_error *err)
{
    return create(sc, 1, out, err);
}

int ct_sim_create_empty(const ct_scenario *sc, ct_sim **out, ct_error *err)
{
    return create(sc, 0, out, err);
}

void ct_sim_free(ct_sim *sim)
{
    if (!sim)
        return;
    ct_plugins_unload_all(sim); /* first: their registrations point into the plugins */
    ct_lua_close(sim->lua);
    ct_sim_free_state(sim);
}
