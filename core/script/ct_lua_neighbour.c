/* cell:each_neighbour([selector]): an iterator over the neighbouring cells, each a read-only view
 * (n.id, n.type, n.state, n.state_name, n.x, ..., n:attr(name), n:signal(field), n:in_state(s))
 * valid only inside the per-cell call that made it, since agents move and are compacted between
 * steps. Neighbours come in the lattice's fixed neighbour order: deterministic on any thread
 * count. */
#include <lauxlib.h>
#include <string.h>

#include "ct_lua_internal.h"
#include "ct_sim.h"

#define NEIGHBOUR_VIEW "celltwin.neighbour"

typedef struct neighbour_view {
    size_t index;      /* agent index when made */
    uint64_t id, step; /* the agent and step it is valid for */
    size_t caller;     /* the cell whose call made it */
} neighbour_view;

/* The agent of the view at arg 1, refused once its call is over. */
static size_t view_agent(lua_State *L, const char *fname)
{
    ct_lua *lua = ct_lua_of(L);
    const neighbour_view *v = luaL_checkudata(L, 1, NEIGHBOUR_VIEW);
    const ct_sim *sim = lua->sim;
    if (lua->calling != CT_LUA_IN_CELL || lua->cell != v->caller || v->step != sim->step ||
        v->index >= sim->ag.n || sim->ag.id[v->index] != v->id)
        luaL_error(L, "%s: a neighbour from cell:each_neighbour() can only be used inside the "
                      "per-cell call that got it", fname);
    return v->index;
}

static int view_index(lua_State *L)
{
    size_t i = view_agent(L, "neighbour");
    const char *key = ct_lua_text(L, 2, "neighbour", "a field name");
    lua_getmetatable(L, 1); /* methods first; the metatable's own __ keys are not methods */
    if (strncmp(key, "__", 2) && lua_getfield(L, -1, key) != LUA_TNIL)
        return 1;
    lua_settop(L, 2);
    ct_lua *lua = ct_lua_of(L);
    return ct_lua_push_agent_field(L, lua, i, key) ? 1 : ct_lua_no_such_field(L, lua->sim, key);
}

/* n:attr(name): an attribute of the neighbour, refused if the scenario has no such attribute. */
static int view_attr(lua_State *L)
{
    size_t i = view_agent(L, "n:attr");
    const ct_sim *sim = ct_lua_of(L)->sim;
    const char *name = ct_lua_text(L, 2, "n:attr", "the attribute name");
    int k = ct_agents_attribute_index(&sim->ag, name);
    if (k < 0)
        return ct_lua_no_such_field(L, sim, name);
    lua_pushnumber(L, sim->ag.attr[k][i]);
    return 1;
}

/* n:signal(field): the field at the neighbour's site. */
static int view_signal(lua_State *L)
{
    size_t i = view_agent(L, "n:signal");
    const ct_sim *sim = ct_lua_of(L)->sim;
    lua_pushnumber(L, sim->fields.value[ct_lua_check_field(L, 2)][sim->ag.site[i]]);
    return 1;
}

/* n:in_state(s): whether the neighbour is in state s of its type (name or number). */
static int view_in_state(lua_State *L)
{
    size_t i = view_agent(L, "n:in_state");
    const ct_sim *sim = ct_lua_of(L)->sim;
    lua_pushboolean(L, sim->ag.state[i] == ct_lua_check_state(L, 2, sim->ag.type[i],
                                                               "n:in_state"));
    return 1;
}

/* The iterator: upvalue 1 the found agents (count first), upvalue 2 the position. */
static int next_neighbour(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    const size_t *found = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer at = lua_tointeger(L, lua_upvalueindex(2));
    if (lua->calling != CT_LUA_IN_CELL || (size_t)at >= found[0])
        return 0;
    lua_pushinteger(L, at + 1);
    lua_replace(L, lua_upvalueindex(2));
    neighbour_view *v = lua_newuserdatauv(L, sizeof *v, 0);
    *v = (neighbour_view){.index = found[1 + at], .id = lua->sim->ag.id[found[1 + at]],
                          .step = lua->sim->step, .caller = lua->cell};
    luaL_setmetatable(L, NEIGHBOUR_VIEW);
    return 1;
}

/* cell:each_neighbour([selector]): selector "TYPE" or "TYPE:STATE" as cell:neighbours. */
static int cell_each_neighbour(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    if (lua->calling != CT_LUA_IN_CELL)
        return luaL_error(L, "cell:each_neighbour can only be used inside a per-cell function");
    int type = -1, state = -1;
    if (!lua_isnoneornil(L, 2))
        ct_lua_check_selector(L, 2, "cell:each_neighbour", &type, &state);
    size_t *found = lua_newuserdatauv(L, (CT_MAX_NEIGHBOURS + 1) * sizeof *found, 0);
    found[0] = (size_t)ct_lua_neighbours_of(lua->sim, lua->cell, type, state, found + 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, next_neighbour, 2);
    return 1;
}

void ct_lua_install_neighbour(lua_State *L, int cell_methods)
{
    static const luaL_Reg methods[] = {{"attr", view_attr}, {"signal", view_signal},
                                       {"in_state", view_in_state}, {NULL, NULL}};
    ct_lua_install_handle(L, NEIGHBOUR_VIEW, methods, view_index, cell_methods, "each_neighbour",
                          cell_each_neighbour);
}
