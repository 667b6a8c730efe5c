/* The cell object of per-cell functions and the decide kernel that calls them. One table is reused
 * for every call (methods are its own fields; data fields come through __index), so a call
 * allocates nothing. Functions run serially in the fixed chunk order: global Lua state and
 * cell:act() are deterministic on any thread count. */
#include <float.h>
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_cycle.h"
#include "ct_death.h"
#include "ct_intent.h"
#include "ct_lua_internal.h"
#include "ct_sim.h"

static ct_lua *cell_context(lua_State *L, const char *fname)
{
    ct_lua *lua = ct_lua_of(L);
    if (lua->calling != CT_LUA_IN_CELL)
        luaL_error(L, "%s can only be used inside a per-cell function", fname);
    return lua;
}

/* ---- data fields ---------------------------------------------------------------------------- */

static void push_type_name(lua_State *L, const ct_lua *lua, int type)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->type_names_ref);
    lua_rawgeti(L, -1, type + 1);
    lua_remove(L, -2);
}

static void push_state_name(lua_State *L, const ct_scenario *sc, int state)
{
    if (state < sc->n_states)
        lua_pushstring(L, sc->state_names[state]);
    else
        lua_pushnil(L);
}

static int push_position(lua_State *L, const ct_sim *sim, size_t i, int axis)
{
    const ct_lua *lua = ct_lua_of(L);
    uint32_t c[3];
    ct_lattice_coords(&sim->lat, sim->ag.site[i], c);
    if (lua->window_size[axis]) /* a window of a distributed run: where it lies in the whole */
        c[axis] = (uint32_t)(((uint64_t)c[axis] + lua->window_offset[axis]) %
                             lua->window_size[axis]);
    lua_pushnumber(L, ((double)c[axis] + 0.5) * sim->lat.dx);
    return 1;
}

/* cell.phase: the name of the cell's cycle phase; cell.phase_time: minutes since it began. Both
   nil for a type without a cycle, and before the cell's first step in it. */
static int push_cycle(lua_State *L, const ct_sim *sim, size_t i, int want_time)
{
    const char *const *names;
    int n = ct_cycle_phase_names(sim->sc->types[sim->ag.type[i]].cycle.model, &names);
    int phase_col = ct_agents_attribute_index(&sim->ag, CT_CYCLE_ATTR_PHASE);
    double phase = n && phase_col >= 0 ? sim->ag.attr[phase_col][i] : -1;
    if (!(phase >= 0 && phase < n))
        lua_pushnil(L);
    else if (want_time)
        lua_pushnumber(L, sim->ag.attr[ct_agents_attribute_index(&sim->ag, CT_CYCLE_ATTR_TIME)][i]);
    else
        lua_pushstring(L, names[(int)phase]);
    return 1;
}

int ct_lua_no_such_field(lua_State *L, const ct_sim *sim, const char *key)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int k = 0; k < sim->ag.n_attr; k++) {
        luaL_addstring(&b, k ? ", " : "");
        luaL_addstring(&b, sim->ag.attr_name[k]);
    }
    luaL_pushresult(&b);
    return luaL_error(L, "cell has no field \"%s\" (fields: id, type, state, state_name, age, x, "
                         "y, z, parent, phase, phase_time; attributes: %s)", key,
                      sim->ag.n_attr ? lua_tostring(L, -1) : "none");
}

int ct_lua_push_agent_field(lua_State *L, const ct_lua *lua, size_t i, const char *key)
{
    const ct_sim *sim = lua->sim;
    if (!strcmp(key, "id"))
        lua_pushinteger(L, (lua_Integer)sim->ag.id[i]);
    else if (!strcmp(key, "type"))
        push_type_name(L, lua, sim->ag.type[i]);
    else if (!strcmp(key, "state"))
        lua_pushinteger(L, sim->ag.state[i]);
    else if (!strcmp(key, "state_name"))
        push_state_name(L, sim->sc, sim->ag.state[i]);
    else if (!strcmp(key, "age"))
        lua_pushnumber(L, (double)((int64_t)sim->step - sim->ag.birth_step[i]) * sim->dt);
    else if (key[0] >= 'x' && key[0] <= 'z' && key[1] == '\0')
        push_position(L, sim, i, key[0] - 'x');
    else if (!strcmp(key, "parent"))
        lua_pushinteger(L, (lua_Integer)sim->ag.parent[i]);
    else if (!strcmp(key, "phase") || !strcmp(key, "phase_time"))
        return push_cycle(L, sim, i, key[5] == '_');
    else {
        int k = ct_agents_attribute_index(&sim->ag, key);
        if (k < 0)
            return 0;
        lua_pushnumber(L, sim->ag.attr[k][i]);
    }
    return 1;
}

static int cell_index(lua_State *L)
{
    ct_lua *lua = cell_context(L, "the cell object");
    const char *key = ct_lua_text(L, 2, "cell", "a field name");
    return ct_lua_push_agent_field(L, lua, lua->cell, key) ? 1
                                                            : ct_lua_no_such_field(L, lua->sim, key);
}

/* Attributes are the cell's own to change; the rest changes through intents. */
static int cell_newindex(lua_State *L)
{
    ct_lua *lua = cell_context(L, "the cell object");
    const char *key = ct_lua_text(L, 2, "cell", "a field name");
    int k = ct_agents_attribute_index(&lua->sim->ag, key);
    if (k < 0)
        return luaL_error(L, "cell.%s cannot be assigned: only attributes can (use the intents "
                             "cell:set_state(), cell:change_type(), ...)", key);
    lua->sim->ag.attr[k][lua->cell] = luaL_checknumber(L, 3);
    return 0;
}

/* ---- intents -------------------------------------------------------------------------------- */

/* Target of a move or division at offset (args first.., each -1, 0 or 1) from the cell: CT_NO_SITE
   when none is given (the step picks a random free neighbour). Returns 0 when the offset leaves
   the domain across a closed edge. */
static int offset_target(lua_State *L, int first, const ct_sim *sim, size_t i, uint32_t *target)
{
    *target = CT_NO_SITE;
    if (lua_isnoneornil(L, first))
        return 1;
    uint32_t c[3];
    ct_lattice_coords(&sim->lat, sim->ag.site[i], c);
    for (int a = 0; a < 3; a++) {
        lua_Integer d = a < sim->lat.ndim ? luaL_optinteger(L, first + a, 0) : 0;
        luaL_argcheck(L, d >= -1 && d <= 1, first + a, "offsets are -1, 0 or 1 site");
        int64_t v = (int64_t)c[a] + d, size = sim->lat.size[a];
        if ((v < 0 || v >= size) && sim->lat.boundary[a] == CT_CLOSED)
            return 0;
        c[a] = (uint32_t)(v < 0 ? v + size : v >= size ? v - size : v);
    }
    *target = ct_lattice_site(&sim->lat, c);
    return 1;
}

/* The push radius of an options table {push = R | true} ending the arguments, which it then
   removes: R from 1 to CT_PUSH_MAX_RADIUS, true for the type's radius (at least 1); 0 without
   one. Any other key or value is refused, naming the call. */
static int push_option(lua_State *L, const ct_sim *sim, size_t i, const char *fname, int divide)
{
    int top = lua_gettop(L);
    if (top < 2 || !lua_istable(L, top))
        return 0;
    for (lua_pushnil(L); lua_next(L, top); lua_pop(L, 1))
        if (lua_type(L, -2) != LUA_TSTRING || strcmp(lua_tostring(L, -2), "push") != 0)
            return luaL_error(L, "%s: the options table takes only push", fname);
    lua_getfield(L, top, "push");
    int radius = sim->sc->types[sim->ag.type[i]].push_radius[divide];
    if (lua_isboolean(L, -1) && lua_toboolean(L, -1)) {
        radius = radius > 0 ? radius : 1;
    } else {
        int ok;
        lua_Integer r = lua_tointegerx(L, -1, &ok);
        if (!ok || r < 1 || r > CT_PUSH_MAX_RADIUS)
            return luaL_error(L, "%s: push = %s: expected true or a radius from 1 to %d sites",
                              fname, luaL_tolstring(L, -1, NULL), CT_PUSH_MAX_RADIUS);
        radius = (int)r;
    }
    lua_settop(L, top - 1);
    return radius;
}

/* cell:move([dx, dy [, dz]] [, {push = R}]) and cell:divide(...): off a closed edge the cell does
   nothing. */
static int move_or_divide(lua_State *L, const char *fname, int divide)
{
    ct_lua *lua = cell_context(L, fname);
    int radius = push_option(L, lua->sim, lua->cell, fname, divide);
    uint32_t target;
    if (!offset_target(L, 2, lua->sim, lua->cell, &target)) {
        ct_intent_clear(lua->sim, lua->cell);
        return 0;
    }
    if (divide)
        ct_intent_divide(lua->sim, lua->cell, target);
    else
        ct_intent_move(lua->sim, lua->cell, target);
    ct_intent_push(lua->sim, lua->cell, radius);
    return 0;
}

static int cell_move(lua_State *L)
{
    return move_or_divide(L, "cell:move", 0);
}

static int cell_divide(lua_State *L)
{
    return move_or_divide(L, "cell:divide", 1);
}

static int cell_die(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:die");
    ct_intent_die(lua->sim, lua->cell);
    return 0;
}

/* cell:set_state(s): a state of the cell's type, by name or number. */
static int cell_set_state(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:set_state");
    int type = lua->sim->ag.type[lua->cell];
    ct_intent_set_state(lua->sim, lua->cell, ct_lua_check_state(L, 2, type, "cell:set_state"));
    return 0;
}

/* cell:in_state(s): whether the cell is in state s (a state of its type, by name or number). */
static int cell_in_state(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:in_state");
    size_t i = lua->cell;
    int state = ct_lua_check_state(L, 2, lua->sim->ag.type[i], "cell:in_state");
    lua_pushboolean(L, lua->sim->ag.state[i] == state);
    return 1;
}

/* cell:change_type("TYPE" or "TYPE:STATE"): with a state, as change_type then set_state. */
static int cell_change_type(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:change_type");
    int type, state;
    ct_lua_check_selector(L, 2, "cell:change_type", &type, &state);
    ct_intent_change_type(lua->sim, lua->cell, type);
    if (state >= 0)
        ct_intent_set_state(lua->sim, lua->cell, state);
    return 0;
}

/* ---- signals and neighbours ----------------------------------------------------------------- */

/* cell:signal(field [, dx, dy [, dz]]): the field at the cell's site, or at the neighbouring site
   at that offset; nil across a closed edge. */
static int cell_signal(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:signal");
    int k = ct_lua_check_field(L, 2);
    uint32_t site;
    if (!offset_target(L, 3, lua->sim, lua->cell, &site))
        lua_pushnil(L);
    else
        lua_pushnumber(L, lua->sim->fields.value[k][site == CT_NO_SITE ? lua->sim->ag.site[lua->cell]
                                                                       : site]);
    return 1;
}

/* Adds amount to the field's source at the cell's site; the solver applies it next step. */
static int cell_secrete(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:secrete");
    int k = ct_lua_check_field(L, 2);
    double amount = luaL_checknumber(L, 3);
    if (!(isfinite(amount) && fabs(amount) <= FLT_MAX)) /* the source is a float */
        return luaL_error(L, "cell:secrete: the amount must be a finite number of at most "
                             "3.4e38 in size (a float), got %f",
                          amount);
    lua->sim->fields.source[k][lua->sim->ag.site[lua->cell]] += (float)amount;
    return 0;
}

int ct_lua_neighbours_of(const ct_sim *sim, size_t i, int type, int state,
                         size_t out[CT_MAX_NEIGHBOURS])
{
    uint32_t nb[CT_MAX_NEIGHBOURS];
    int n = ct_lattice_neighbours(&sim->lat, sim->ag.site[i], nb), found = 0;
    for (int k = 0; k < n; k++) {
        uint32_t j = sim->lat.slot[nb[k]];
        if (j != CT_EMPTY && sim->ag.type[j] != CT_DEAD_TYPE &&
            (type < 0 || sim->ag.type[j] == type) && (state < 0 || sim->ag.state[j] == state))
            out[found++] = j;
    }
    return found;
}

/* cell:neighbours([selector]): "TYPE" or "TYPE:STATE", as rule{neighbours = ...}. */
static int cell_neighbours(lua_State *L)
{
    ct_lua *lua = cell_context(L, "cell:neighbours");
    int type = -1, state = -1;
    if (!lua_isnoneornil(L, 2))
        ct_lua_check_selector(L, 2, "cell:neighbours", &type, &state);
    size_t found[CT_MAX_NEIGHBOURS];
    lua_pushinteger(L, ct_lua_neighbours_of(lua->sim, lua->cell, type, state, found));
    return 1;
}

/* ---- acting on a neighbour ------------------------------------------------------------------ */

/* The records count against the script's memory limit, and one call may record only so many. */
static void record_act(lua_State *L, ct_lua *lua, ct_lua_act act)
{
    if (++lua->acts_of_call > CT_LUA_MAX_ACTS_PER_CALL)
        luaL_error(L, "cell:act: more than %d actions in one call of a per-cell function",
                   CT_LUA_MAX_ACTS_PER_CALL);
    if (lua->n_acts == lua->acts_cap) {
        size_t cap = lua->acts_cap ? 2 * lua->acts_cap : 256;
        lua->acts = ct_lua_host_realloc(L, lua->acts, lua->acts_cap * sizeof *lua->acts,
                                        cap * sizeof *lua->acts);
        lua->acts_cap = cap;
    }
    lua->acts[lua->n_acts++] = act;
}

/* Keeps the neighbours an action may take: bodies for phagocytosis, live cells for the others. */
static int keep_targets(const ct_sim *sim, int action, size_t *found, int n)
{
    int kept = 0;
    for (int k = 0; k < n; k++)
        if (ct_death_is_body(sim, found[k]) == (action == CT_ACT_PHAGOCYTOSE))
            found[kept++] = found[k];
    return kept;
}

/* cell:act(action, target [, arg]): a random neighbour matching the selector target ("TYPE" or
   "TYPE:STATE") gets the action once every cell has decided (so it overrides the target's own
   intent). Returns its id or nil. */
static int cell_act(lua_State *L)
{
    static const char *const actions[] = {"kill", "change_type", "set_state", "phagocytose",
                                          NULL};
    ct_lua *lua = cell_context(L, "cell:act");
    ct_lua_act act = {.action = luaL_checkoption(L, 2, NULL, actions)};
    int type, state;
    ct_lua_check_selector(L, 3, "cell:act", &type, &state);
    act.state = -1;
    if (act.action == CT_ACT_CHANGE_TYPE)
        ct_lua_check_selector(L, 4, "cell:act", &act.arg, &act.state);
    else if (act.action == CT_ACT_SET_STATE)
        act.arg = ct_lua_check_state(L, 4, type, "cell:act");
    size_t found[CT_MAX_NEIGHBOURS];
    int n = keep_targets(lua->sim, act.action, found,
                         ct_lua_neighbours_of(lua->sim, lua->cell, type, state, found));
    if (n == 0) {
        lua_pushnil(L);
        return 1;
    }
    act.target = found[n == 1 ? 0 : ct_rng_below(ct_lua_rng(lua), (uint32_t)n)];
    record_act(L, lua, act);
    lua_pushinteger(L, (lua_Integer)lua->sim->ag.id[act.target]);
    return 1;
}

/* In the order recorded; a kill is final. */
static void apply_acts(ct_lua *lua)
{
    ct_sim *sim = lua->sim;
    for (size_t k = 0; k < lua->n_acts; k++) {
        const ct_lua_act *a = &lua->acts[k];
        if (a->action == CT_ACT_KILL)
            ct_intent_die(sim, a->target);
        else if (a->action == CT_ACT_PHAGOCYTOSE)
            ct_intent_clear_body(sim, a->target);
        else if (sim->intent[a->target] == CT_INTENT_DIE)
            continue;
        else if (a->action == CT_ACT_CHANGE_TYPE) {
            ct_intent_change_type(sim, a->target, a->arg);
            if (a->state >= 0)
                ct_intent_set_state(sim, a->target, a->state);
        } else
            ct_intent_set_state(sim, a->target, a->arg);
    }
    lua->n_acts = 0;
}

/* ---- the kernel ----------------------------------------------------------------------------- */

int ct_lua_decide(void *user, ct_sim *sim, size_t begin, size_t end)
{
    ct_lua *lua = user;
    lua_State *L = lua->L;
    if (begin == 0) /* cells added after the last step-end hook */
        ct_lua_settle_attributes(lua);
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->cell_fn_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->cell_obj_ref);
    int fns = lua_gettop(L) - 1, rc = CT_OK;
    lua->calling = CT_LUA_IN_CELL;
    lua->rng_key = sim->step_key;
    for (size_t i = begin; i < end && !rc; i++) {
        uint8_t t = sim->ag.type[i];
        if (t == CT_DEAD_TYPE || !lua->has_cell_fn[t])
            continue;
        lua->cell = i;
        lua->rng_id = sim->ag.id[i];
        lua->acts_of_call = 0;
        lua_rawgeti(L, fns, t + 1);
        lua_pushvalue(L, fns + 1);
        rc = ct_lua_call(lua, 1);
    }
    lua->calling = CT_LUA_IN_SCRIPT;
    lua_pop(L, 2);
    if (!rc && end == sim->ag.n)
        apply_acts(lua);
    return rc;
}

void ct_lua_install_cell(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"move", cell_move},         {"divide", cell_divide},       {"die", cell_die},
        {"set_state", cell_set_state}, {"in_state", cell_in_state},
        {"change_type", cell_change_type},
        {"signal", cell_signal},     {"secrete", cell_secrete},     {"neighbours", cell_neighbours},
        {"act", cell_act},           {NULL, NULL}};
    static const luaL_Reg meta[] = {{"__index", cell_index}, {"__newindex", cell_newindex},
                                    {NULL, NULL}};
    ct_lua *lua = ct_lua_of(L);
    const ct_scenario *sc = lua->sim->sc;
    lua_createtable(L, 0, 12);
    luaL_setfuncs(L, methods, 0);
    ct_lua_install_neighbour(L, -1);
    lua_createtable(L, 0, 3);
    luaL_setfuncs(L, meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua->cell_obj_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, sc->n_types, 0);
    for (int t = 0; t < sc->n_types; t++) {
        lua_pushstring(L, sc->types[t].name);
        lua_rawseti(L, -2, t + 1);
    }
    lua->type_names_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}
