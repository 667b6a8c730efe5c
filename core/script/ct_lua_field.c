/* sim:field(name): a handle to read a field anywhere (per-cell functions, hooks, columns) and to
 * change its values from hooks, where the step is between phases and single-threaded. Written
 * values keep the solver's invariant: finite, non-negative concentrations that fit a float. */
#include <float.h>
#include <lauxlib.h>
#include <math.h>

#include "ct_lua_internal.h"
#include "ct_sim.h"

#define FIELD_HANDLE "celltwin.field"

/* The field index of the handle at arg 1. */
static int handle_field(lua_State *L, const char *fname)
{
    const int *k = luaL_testudata(L, 1, FIELD_HANDLE);
    if (!k)
        luaL_error(L, "%s: call it on a field handle, as f:%s(...) with f = sim:field(name)",
                   fname, fname + 2);
    return *k;
}

/* The site given by args first.. (n_args of them, the third optional in 2D): a point in
   micrometres, or with in_sites lattice coordinates (integers from 0, site i covering
   [i dx, (i + 1) dx)). Refused outside the domain. */
static uint32_t site_arg(lua_State *L, const ct_sim *sim, int first, int n_args, const char *fname,
                         int in_sites)
{
    static const char *const expected[2][2] = {
        {"a position x, y [, z] in micrometres", "a position x, y, z in micrometres"},
        {"site coordinates i, j [, k] (integers from 0)", "site coordinates i, j, k (integers from 0)"}};
    if (n_args < sim->lat.ndim || n_args > 3)
        luaL_error(L, "%s: expected %s", fname, expected[in_sites][sim->lat.ndim == 3]);
    double pos[3] = {0, 0, 0};
    for (int a = 0; a < n_args; a++) {
        if (in_sites) {
            lua_Integer v = luaL_checkinteger(L, first + a);
            lua_Integer size = a < sim->lat.ndim ? (lua_Integer)sim->lat.size[a] : 1;
            if (v < 0 || v >= size)
                luaL_error(L, "%s: site coordinate %d is %I, outside [0, %I]", fname, a + 1, v,
                           size - 1);
            pos[a] = ((double)v + 0.5) * sim->lat.dx;
        } else if (!isfinite(pos[a] = luaL_checknumber(L, first + a))) {
            luaL_error(L, "%s: a coordinate must be a finite number, got %f", fname, pos[a]);
        }
    }
    uint32_t site = ct_lattice_site_at(&sim->lat, pos);
    if (site == CT_NO_SITE)
        luaL_error(L, "%s: (%f, %f, %f) um lies outside the domain", fname, pos[0], pos[1], pos[2]);
    return site;
}

static int get_with(lua_State *L, const char *fname, int in_sites)
{
    int k = handle_field(L, fname);
    const ct_sim *sim = ct_lua_need_sim(L, fname);
    uint32_t site = site_arg(L, sim, 2, lua_gettop(L) - 1, fname, in_sites);
    lua_pushnumber(L, sim->fields.value[k][site]);
    return 1;
}

/* Hooks only: the last argument is the value, the ones before it the place. */
static int set_with(lua_State *L, const char *fname, int in_sites)
{
    int k = handle_field(L, fname);
    ct_lua *lua = ct_lua_of(L);
    if (lua->calling != CT_LUA_IN_HOOK)
        return luaL_error(L, "%s can only be called from a per-step hook", fname);
    int last = lua_gettop(L);
    uint32_t site = site_arg(L, lua->sim, 2, last - 2, fname, in_sites);
    double v = luaL_checknumber(L, last);
    if (!(isfinite(v) && v >= 0 && v <= FLT_MAX))
        return luaL_error(L, "%s: field \"%s\" holds concentrations: the value must be a finite "
                             "number in [0, %f], got %f", fname, lua->sim->sc->fields[k].name,
                          (double)FLT_MAX, v);
    lua->sim->fields.value[k][site] = (float)v;
    return 0;
}

static int field_get(lua_State *L)
{
    return get_with(L, "f:get", 0);
}

static int field_get_site(lua_State *L)
{
    return get_with(L, "f:get_site", 1);
}

static int field_set(lua_State *L)
{
    return set_with(L, "f:set", 0);
}

static int field_set_site(lua_State *L)
{
    return set_with(L, "f:set_site", 1);
}

/* f:total(): the amount over the domain, sum of values times the site volume dx^ndim. */
static int field_total(lua_State *L)
{
    int k = handle_field(L, "f:total");
    const ct_sim *sim = ct_lua_need_sim(L, "f:total");
    lua_pushnumber(L, ct_fields_total(&sim->fields, k, pow(sim->lat.dx, sim->lat.ndim)));
    return 1;
}

static int field_name(lua_State *L)
{
    int k = handle_field(L, "f:name");
    lua_pushstring(L, ct_lua_need_sim(L, "f:name")->sc->fields[k].name);
    return 1;
}

/* sim:field(name): a handle of the scenario's field. */
static int sim_field(lua_State *L)
{
    ct_lua_need_sim(L, "sim:field");
    int k = ct_lua_check_field(L, 2);
    *(int *)lua_newuserdatauv(L, sizeof(int), 0) = k;
    luaL_setmetatable(L, FIELD_HANDLE);
    return 1;
}

void ct_lua_install_field(lua_State *L, int sim_methods)
{
    static const luaL_Reg methods[] = {{"get", field_get},         {"set", field_set},
                                       {"get_site", field_get_site}, {"set_site", field_set_site},
                                       {"total", field_total},     {"name", field_name},
                                       {NULL, NULL}};
    ct_lua_install_handle(L, FIELD_HANDLE, methods, NULL, sim_methods, "field", sim_field);
}
