/* The sim object (global `sim`, also the argument of per-step hooks) and the step-end kernel:
 * time and counts to read; cells to add, rates to change and a stop, from hooks only. */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "ct_cycle_counts.h"
#include "ct_lua_internal.h"
#include "ct_placement.h"
#include "ct_sim.h"

static const char *const rate_names[] = {"motility", "proliferation", "death", "transition", NULL};

static ct_lua *hook_context(lua_State *L, const char *fname)
{
    ct_lua *lua = ct_lua_of(L);
    if (lua->calling != CT_LUA_IN_HOOK)
        luaL_error(L, "sim:%s can only be called from a per-step hook", fname);
    return lua;
}

/* ---- reading -------------------------------------------------------------------------------- */

/* Adds "type:state" counts to the table on top, for the types that declare states (as the
   counts.csv columns). */
static void add_state_counts(lua_State *L, const ct_sim *sim, const uint64_t *counts)
{
    const ct_scenario *sc = sim->sc;
    for (int t = 0; t < sc->n_types; t++)
        for (int s = 0; s < sc->n_states; s++)
            if (sc->types[t].sig.states >> s & 1u) {
                lua_pushfstring(L, "%s:%s", sc->types[t].name, sc->state_names[s]);
                lua_pushinteger(L, (lua_Integer)counts[(size_t)t * CT_MAX_STATES + s]);
                lua_settable(L, -3);
            }
}

/* Live cells per type and state: in a window of a distributed run those of the whole
   simulation, else the simulation's, in a userdata left on the stack (returns 1, the number of
   values it pushed, for the caller to pop when done). */
static int type_state_counts(lua_State *L, const ct_sim *sim, const uint64_t **out)
{
    const ct_lua *lua = ct_lua_of(L);
    *out = lua->whole_counts;
    if (lua->whole_counts)
        return 0;
    size_t n = (size_t)sim->sc->n_types * CT_MAX_STATES;
    uint64_t *counts = lua_newuserdatauv(L, n * sizeof *counts, 0);
    ct_sim_count_type_states(sim, counts);
    *out = counts;
    return 1;
}

static uint64_t type_count(const uint64_t *counts, int t)
{
    uint64_t n = 0;
    for (int s = 0; s < CT_MAX_STATES; s++)
        n += counts[(size_t)t * CT_MAX_STATES + s];
    return n;
}

/* Adds "type.phase" counts to the table on top, for the types with a cycle (as the counts.csv
   columns). */
static void add_phase_counts(lua_State *L, const ct_sim *sim)
{
    const ct_scenario *sc = sim->sc;
    uint64_t *counts =
        lua_newuserdatauv(L, (size_t)sc->n_types * CT_CYCLE_MAX_PHASES * sizeof *counts, 0);
    ct_cycle_count_phases(sim, counts);
    for (int t = 0; t < sc->n_types; t++)
        for (int p = 0; p < sc->types[t].cycle.n_phases; p++) {
            char name[2 * CT_NAME_MAX];
            ct_cycle_column_name(sc, t, p, name, sizeof name);
            lua_pushinteger(L, (lua_Integer)counts[t * CT_CYCLE_MAX_PHASES + p]);
            lua_setfield(L, -3, name);
        }
    lua_pop(L, 1);
}

static void push_counts(lua_State *L, const ct_sim *sim)
{
    const uint64_t *counts;
    int pushed = type_state_counts(L, sim, &counts), any_states = 0, any_cycle = 0;
    lua_createtable(L, 0, sim->sc->n_types);
    for (int t = 0; t < sim->sc->n_types; t++) {
        lua_pushinteger(L, (lua_Integer)type_count(counts, t));
        lua_setfield(L, -2, sim->sc->types[t].name);
        any_states |= sim->sc->types[t].sig.states != 0;
        any_cycle |= sim->sc->types[t].cycle.model != CT_CYCLE_NONE;
    }
    if (any_states)
        add_state_counts(L, sim, counts);
    /* A window of a distributed run knows only its own phases: the phase counts are left out
       there (docs/lua-api.md) rather than given as the window's. */
    if (any_cycle && !ct_lua_of(L)->whole_counts)
        add_phase_counts(L, sim);
    if (pushed)
        lua_remove(L, -2); /* the counts, below the table */
}

static uint64_t live_cells(lua_State *L, const ct_sim *sim)
{
    if (!ct_lua_of(L)->whole_counts)
        return ct_sim_live_cells(sim);
    uint64_t n = 0;
    for (int t = 0; t < sim->sc->n_types; t++)
        n += type_count(ct_lua_of(L)->whole_counts, t);
    return n;
}

static int sim_index(lua_State *L)
{
    const ct_sim *sim = ct_lua_of(L)->sim;
    const char *key = ct_lua_text(L, 2, "sim", "a field name");
    if (!strcmp(key, "step"))
        lua_pushinteger(L, (lua_Integer)sim->step);
    else if (!strcmp(key, "time"))
        lua_pushnumber(L, (double)sim->step * sim->dt);
    else if (!strcmp(key, "dt"))
        lua_pushnumber(L, sim->dt);
    else if (!strcmp(key, "cells"))
        lua_pushinteger(L, (lua_Integer)live_cells(L, sim));
    else if (!strcmp(key, "counts"))
        push_counts(L, sim);
    else
        return luaL_error(L, "sim has no field \"%s\" (fields: step, time, dt, cells, counts)", key);
    return 1;
}

static int rate_index(lua_State *L, int arg)
{
    return luaL_checkoption(L, arg, NULL, rate_names);
}


static int sim_rate(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    ct_lua_need_sim(L, "sim:rate");
    int t = ct_lua_check_type(L, 2);
    lua_pushnumber(L, lua->sim->type_step[t].rate[rate_index(L, 3)]);
    return 1;
}

/* sim:state_index(type, name): the number of a state of the type, as cell.state holds it. */
static int sim_state_index(lua_State *L)
{
    ct_lua_need_sim(L, "sim:state_index");
    int t = ct_lua_check_type(L, 2);
    luaL_checktype(L, 3, LUA_TSTRING);
    lua_pushinteger(L, ct_lua_check_state(L, 3, t, "sim:state_index"));
    return 1;
}

/* sim:prob(rate [, minutes]): chance that an event of rate (per minute) happens within one step
   (or the minutes given), 1 - exp(-rate dt), exact for a Poisson process. */
static int sim_prob(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    ct_lua_need_sim(L, "sim:prob");
    double rate = luaL_checknumber(L, 2), minutes = luaL_optnumber(L, 3, lua->sim->dt);
    if (!(isfinite(rate) && rate >= 0))
        return luaL_error(L, "sim:prob: the rate must be a finite number >= 0 per minute, got %f",
                          rate);
    if (!(isfinite(minutes) && minutes >= 0))
        return luaL_error(L, "sim:prob: the time must be a finite number of minutes >= 0, got %f",
                          minutes);
    lua_pushnumber(L, ct_rate_to_prob(rate, minutes));
    return 1;
}

/* ---- changing ------------------------------------------------------------------------------- */

/* sim:set_rate(type, behaviour, per_minute): the step's probabilities are derived again. */
static int sim_set_rate(lua_State *L)
{
    ct_lua *lua = hook_context(L, "set_rate");
    int t = ct_lua_check_type(L, 2), which = rate_index(L, 3);
    if (which == CT_BEHAVIOUR_TRANSITION && lua->sim->sc->types[t].transition_to < 0)
        return luaL_error(L, "sim:set_rate: cell type \"%s\" has no transition to change (declare "
                             "transition = {to = TYPE} or \"transition\": {\"to\": ...})",
                          lua->sim->sc->types[t].name);
    double v = luaL_checknumber(L, 4);
    if (ct_sim_set_rate(lua->sim, t, which, v, "sim:set_rate"))
        return luaL_error(L, "%s", lua->sim->err.msg);
    return 0;
}

static int sim_stop(lua_State *L)
{
    hook_context(L, "stop")->sim->stop_requested = 1;
    return 0;
}

static int fail_with_sim_error(lua_State *L, const ct_sim *sim)
{
    return luaL_error(L, "%s", sim->err.msg);
}

/* The type and state of new cells at arg: "TYPE" (its initial state) or "TYPE:STATE". */
static int new_cell_kind(lua_State *L, int arg, const ct_sim *sim, const char *fname,
                         uint8_t *state)
{
    int type, s;
    ct_lua_check_selector(L, arg, fname, &type, &s);
    *state = s >= 0 ? (uint8_t)s : ct_sim_initial_state(sim, type);
    return type;
}

/* sim:add_cell(type, x, y [, z]) in micrometres: true if placed, false if the site is taken. */
static int sim_add_cell(lua_State *L)
{
    ct_lua *lua = hook_context(L, "add_cell");
    ct_sim *sim = lua->sim;
    uint8_t state;
    int t = new_cell_kind(L, 2, sim, "sim:add_cell", &state);
    double pos[3] = {luaL_checknumber(L, 3), luaL_checknumber(L, 4), luaL_optnumber(L, 5, 0)};
    uint32_t site = ct_lattice_site_at(&sim->lat, pos);
    if (site == CT_NO_SITE)
        return luaL_error(L, "sim:add_cell: (%f, %f, %f) um lies outside the domain", pos[0],
                          pos[1], pos[2]);
    int free = sim->lat.slot[site] == CT_EMPTY;
    if (free && ct_sim_add_cell(sim, site, t, state, 0))
        return fail_with_sim_error(L, sim);
    ct_lua_settle_attributes(lua);
    lua_pushboolean(L, free);
    return 1;
}

/* Point field key of the region table at idx into p (missing axes are 0), each coordinate a
   number within +-CT_REGION_MAX_UM as in the scenario's regions. */
static void region_point(lua_State *L, int idx, const char *key, double p[3])
{
    if (lua_getfield(L, idx, key) != LUA_TTABLE)
        luaL_error(L, "sim:add_cells: region field \"%s\" must be a point {x, y [, z]}", key);
    for (int a = 0; a < 3; a++) {
        int is_number, absent = lua_rawgeti(L, -1, a + 1) == LUA_TNIL;
        p[a] = absent ? 0.0 : lua_tonumberx(L, -1, &is_number);
        if (!absent && !(is_number && fabs(p[a]) <= CT_REGION_MAX_UM)) {
            char bound[32]; /* lua_pushfstring has no %g */
            snprintf(bound, sizeof bound, "%g", CT_REGION_MAX_UM);
            luaL_error(L, "sim:add_cells: region field \"%s\"[%d] = %s: expected a coordinate in "
                          "[-%s, %s] um", key, a + 1, luaL_tolstring(L, -1, NULL), bound, bound);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Region table at idx: {centre = {x, y}, radius = r}, {min = {..}, max = {..}} or nil (all). */
static void read_region(lua_State *L, int idx, const ct_sim *sim, ct_placement *pl)
{
    static const char *const keys[] = {"centre", "radius", "min", "max", NULL};
    pl->kind = CT_PLACE_RECT;
    for (int a = 0; a < 3; a++)
        pl->max[a] = sim->lat.size[a] * sim->lat.dx;
    if (lua_isnoneornil(L, idx))
        return;
    ct_lua_check_keys(L, idx, "sim:add_cells region", keys);
    if (lua_getfield(L, idx, "centre") != LUA_TNIL) {
        pl->kind = CT_PLACE_DISC;
        region_point(L, idx, "centre", pl->centre);
        pl->radius = ct_lua_field_number(L, idx, "sim:add_cells region", "radius", 0, 0,
                                         CT_REGION_MAX_UM);
    } else {
        region_point(L, idx, "min", pl->min);
        region_point(L, idx, "max", pl->max);
        for (int a = 0; a < sim->lat.ndim; a++)
            if (pl->max[a] < pl->min[a])
                luaL_error(L, "sim:add_cells: region \"max\" must not be below \"min\" on any "
                              "axis (axis %d)", a);
    }
    lua_pop(L, 1);
}

/* sim:add_cells(type, n [, region]): up to n cells on random free sites; returns how many. */
static int sim_add_cells(lua_State *L)
{
    ct_lua *lua = hook_context(L, "add_cells");
    ct_sim *sim = lua->sim;
    uint8_t state;
    ct_placement pl = {.type = new_cell_kind(L, 2, sim, "sim:add_cells", &state),
                       .count = luaL_checkinteger(L, 3)};
    luaL_argcheck(L, pl.count >= 0, 3, "a count is >= 0");
    snprintf(pl.json_path, sizeof pl.json_path, "sim:add_cells");
    read_region(L, 4, sim, &pl);
    size_t placed, first = sim->ag.n;
    if (ct_placement_region(sim, &pl, ct_lua_rng(lua), 1, &placed))
        return fail_with_sim_error(L, sim);
    for (size_t i = first; i < sim->ag.n; i++) /* placement gives the initial state */
        sim->ag.state[i] = state;
    ct_lua_settle_attributes(lua);
    lua_pushinteger(L, (lua_Integer)placed);
    return 1;
}

/* ---- the kernel ----------------------------------------------------------------------------- */

static int run_hooks(ct_lua *lua, const ct_sim *sim)
{
    lua_State *L = lua->L;
    lua->calling = CT_LUA_IN_HOOK;
    lua->rng_key = sim->step_key;
    int rc = CT_OK;
    for (int h = 1; h <= lua->n_hooks && !rc; h++) {
        lua->rng_id = UINT64_MAX - (uint64_t)h; /* agent ids are small: streams never meet */
        lua_rawgeti(L, LUA_REGISTRYINDEX, lua->hooks_ref);
        lua_rawgeti(L, -1, h);
        lua_remove(L, -2);
        lua_rawgeti(L, LUA_REGISTRYINDEX, lua->sim_obj_ref);
        rc = ct_lua_call(lua, 1);
    }
    lua->calling = CT_LUA_IN_SCRIPT;
    return rc;
}

int ct_lua_step_end(void *user, ct_sim *sim)
{
    ct_lua *lua = user;
    ct_lua_settle_attributes(lua);
    return lua->hooks_deferred ? CT_OK : run_hooks(lua, sim);
}

void ct_lua_defer_hooks(ct_lua *lua, int quiet)
{
    if (lua) {
        lua->hooks_deferred = 1;
        lua->hooks_quiet = quiet;
    }
}

int ct_lua_run_hooks_on(ct_lua *lua, ct_sim *board)
{
    ct_sim *window = lua->sim;
    const uint64_t *whole_counts = lua->whole_counts;
    lua->sim = board;
    lua->whole_counts = NULL; /* board's own cells are the whole simulation's, phases and all */
    lua->on_board = 1;
    lua->attrs_done_id = board->ag.next_id;
    int rc = run_hooks(lua, board);
    if (rc)
        board->err = window->err; /* ct_lua_call wrote the message into the window's record */
    lua->on_board = 0;
    lua->sim = window;
    lua->whole_counts = whole_counts;
    return rc;
}

void ct_lua_install_sim(lua_State *L)
{
    static const luaL_Reg methods[] = {{"add_cell", sim_add_cell}, {"add_cells", sim_add_cells},
                                       {"set_rate", sim_set_rate}, {"rate", sim_rate},
                                       {"prob", sim_prob},
                                       {"state_index", sim_state_index},
                                       {"stop", sim_stop},         {NULL, NULL}};
    ct_lua *lua = ct_lua_of(L);
    lua_createtable(L, 0, 6);
    luaL_setfuncs(L, methods, 0);
    ct_lua_install_field(L, -1);
    lua_createtable(L, 0, 2);
    lua_pushcfunction(L, sim_index);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "sim");
    lua->sim_obj_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}
