/* attribute{}: named per-cell values with a default or a distribution drawn at birth from the
 * engine's streams, keyed by (seed, agent id) only, so a cell's value never depends on when or on
 * which thread it was drawn. Daughters copy the mother's value unless inherit = false. */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "ct_lua_internal.h"
#include "ct_sim.h"

/* Fields of the cell object that an attribute may not shadow. */
static const char *const reserved[] = {"id",     "type",       "state",     "state_name",
                                       "age",    "x",          "y",         "z",
                                       "parent", "move",       "divide",    "die",
                                       "set_state", "in_state", "change_type", "secrete",
                                       "signal", "neighbours", "act",       "each_neighbour", NULL};

static void check_name(lua_State *L, const char *name)
{
    for (int k = 0; reserved[k]; k++)
        if (!strcmp(name, reserved[k]))
            luaL_error(L, "attribute: name \"%s\" is reserved for the cell's own field", name);
}

/* Bounds of the distribution parameters: with a standard normal draw below 8.6 in magnitude
   (ct_rng_normal), every value drawn is finite. */
#define VALUE_MAX 1e300  /* default, fixed value, mean, sd, min, max */
#define MEANLOG_MAX 300.0
#define SDLOG_MAX 40.0

/* Reads the distribution fields into spec (type and column are set by the caller). */
static void read_distribution(lua_State *L, ct_lua_attr *spec)
{
    static const char *const dists[] = {"fixed", "normal", "lognormal", "uniform", NULL};
    const char *fn = "attribute";
    const char *dist = ct_lua_field_string(L, 1, fn, "dist", 0);
    spec->dist = -1;
    for (int k = 0; dists[k] && dist; k++)
        if (!strcmp(dist, dists[k]))
            spec->dist = k;
    if (!dist)
        spec->dist = CT_DIST_FIXED;
    else if (spec->dist < 0)
        luaL_error(L, "attribute: dist \"%s\" is not one of fixed, normal, lognormal, uniform",
                   dist);
    double def = ct_lua_field_number(L, 1, fn, "default", 0, -VALUE_MAX, VALUE_MAX);
    switch (spec->dist) {
    case CT_DIST_NORMAL:
        spec->a = ct_lua_field_number(L, 1, fn, "mean", def, -VALUE_MAX, VALUE_MAX);
        spec->b = ct_lua_field_number(L, 1, fn, "sd", 1, 0, VALUE_MAX);
        break;
    case CT_DIST_LOGNORMAL:
        spec->a = ct_lua_field_number(L, 1, fn, "meanlog", 0, -MEANLOG_MAX, MEANLOG_MAX);
        spec->b = ct_lua_field_number(L, 1, fn, "sdlog", 1, 0, SDLOG_MAX);
        break;
    case CT_DIST_UNIFORM:
        spec->a = ct_lua_field_number(L, 1, fn, "min", 0, -VALUE_MAX, VALUE_MAX);
        spec->b = ct_lua_field_number(L, 1, fn, "max", 1, spec->a, VALUE_MAX);
        break;
    default:
        spec->a = def;
        spec->b = 0;
    }
    lua_getfield(L, 1, "inherit");
    spec->inherit = lua_isnil(L, -1) || lua_toboolean(L, -1);
    lua_pop(L, 1);
}

/* The agent store's column of name, created with the default on first declaration. */
static int column_of(lua_State *L, ct_sim *sim, const char *name, double def)
{
    int k = ct_agents_attribute_index(&sim->ag, name);
    if (k >= 0)
        return k;
    k = ct_agents_add_attribute(&sim->ag, name, def, &sim->err);
    if (k < 0)
        luaL_error(L, "attribute: %s", sim->err.msg);
    return k;
}

int ct_lua_attribute(lua_State *L)
{
    static const char *const keys[] = {"type", "name", "default", "dist", "mean", "sd", "meanlog",
                                       "sdlog", "min", "max", "inherit", NULL};
    ct_lua *lua = ct_lua_of(L);
    ct_lua_check_keys(L, 1, "attribute", keys);
    const char *name = ct_lua_field_string(L, 1, "attribute", "name", 1);
    check_name(L, name);
    ct_lua_attr spec = {.type = -1};
    read_distribution(L, &spec);
    if (lua->mode == CT_LUA_DECLARING)
        return 0;
    if (lua_getfield(L, 1, "type") != LUA_TNIL)
        spec.type = ct_lua_check_type(L, -1);
    lua_pop(L, 1);
    double def = ct_lua_field_number(L, 1, "attribute", "default", 0, -VALUE_MAX, VALUE_MAX);
    spec.column = column_of(L, lua->sim, name, def);
    for (int k = 0; k < lua->n_attrs; k++)
        if (lua->attrs[k].column == spec.column && lua->attrs[k].type == spec.type)
            return luaL_error(L, "attribute: \"%s\" is already declared for this type", name);
    if (lua->n_attrs == (int)(sizeof lua->attrs / sizeof *lua->attrs))
        return luaL_error(L, "attribute: too many declarations");
    lua->attrs[lua->n_attrs++] = spec;
    return 0;
}

static double draw(const ct_lua_attr *spec, ct_rng *r)
{
    switch (spec->dist) {
    case CT_DIST_NORMAL:
        return spec->a + spec->b * ct_rng_normal(r);
    case CT_DIST_LOGNORMAL:
        return exp(spec->a + spec->b * ct_rng_normal(r));
    case CT_DIST_UNIFORM:
        return spec->a + (spec->b - spec->a) * ct_rng_uniform(r);
    default:
        return spec->a;
    }
}

static void settle_agent(ct_lua *lua, ct_agents *ag, size_t i, uint64_t key)
{
    ct_rng r = ct_rng_stream(key, ag->id[i], CT_RNG_SCRIPT);
    int daughter = ag->parent[i] != 0;
    for (int k = 0; k < lua->n_attrs; k++) {
        const ct_lua_attr *spec = &lua->attrs[k];
        if ((spec->type >= 0 && spec->type != ag->type[i]) || (daughter && spec->inherit))
            continue;
        ag->attr[spec->column][i] = draw(spec, &r);
    }
}

static uint64_t attribute_key(const ct_lua *lua)
{
    return ct_mix64(lua->sim->seed ^ 0x9b05688c2b3e6c1fULL); /* attribute draws */
}

void ct_lua_settle_attributes(ct_lua *lua)
{
    ct_agents *ag = &lua->sim->ag;
    if (lua->n_attrs == 0 || ag->next_id == lua->attrs_done_id)
        return;
    uint64_t key = attribute_key(lua);
    for (size_t i = 0; i < ag->n; i++)
        if (ag->id[i] >= lua->attrs_done_id && ag->type[i] != CT_DEAD_TYPE)
            settle_agent(lua, ag, i, key);
    lua->attrs_done_id = ag->next_id;
}

void ct_lua_attributes_settled_below(ct_lua *lua, uint64_t id)
{
    if (lua)
        lua->attrs_done_id = id;
}

void ct_lua_settle_cell(ct_lua *lua, size_t i)
{
    if (lua && lua->n_attrs)
        settle_agent(lua, &lua->sim->ag, i, attribute_key(lua));
}
