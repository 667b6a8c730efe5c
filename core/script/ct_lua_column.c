/* column{name = ..., value = function(sim) ... end}: a counts.csv column computed by the script
 * for each row, as plugins add them (core/state/ct_column.h). The function runs between steps,
 * single-threaded, and only reads: sim's changing methods are refused there, so a column cannot
 * make the run depend on how often rows are written. */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "ct_lua_internal.h"
#include "ct_sim.h"

/* Draws of a column come from the stream (seed, step, id) with id below the hooks' ids. */
#define COLUMN_STREAM_ID(k) (UINT64_MAX - 65536u - (uint64_t)(k))

/* Calls the column function (upvalue-free: arguments function, sim) and keeps its number. */
static int call_column(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    lua_call(L, 1, 1);
    int is_number;
    double v = lua_tonumberx(L, -1, &is_number);
    if (!is_number || lua_type(L, -1) != LUA_TNUMBER)
        return luaL_error(L, "%s: counts.csv column \"%s\": value() returned a %s, expected a "
                             "number", lua->script, lua->column_slots[lua->column_now].name,
                          luaL_typename(L, -1));
    lua->column_value = v;
    return 0;
}

/* ct_column_fn: NaN when the call fails (the error waits in column_failed for ct_columns). */
static double column_value(void *user, const ct_sim *sim)
{
    ct_lua_column_slot *slot = user;
    ct_lua *lua = slot->lua;
    lua_State *L = lua->L;
    int saved = lua->calling;
    lua->calling = CT_LUA_IN_COLUMN;
    lua->column_now = slot->index;
    lua->rng_key = ct_rng_step_key(sim->seed, sim->step);
    lua->rng_id = COLUMN_STREAM_ID(slot->index);
    lua_pushcfunction(L, call_column);
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->columns_ref);
    lua_rawgeti(L, -1, slot->index + 1);
    lua_remove(L, -2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->sim_obj_ref);
    slot->failed = ct_lua_call(lua, 2) != CT_OK;
    lua->calling = saved;
    return slot->failed ? NAN : lua->column_value;
}

/* ct_column_failed_fn: the script's error, already in the simulation's error record. */
static int column_failed(void *user, ct_error *err)
{
    ct_lua_column_slot *slot = user;
    if (!slot->failed)
        return CT_OK;
    if (err != slot->lua->err)
        *err = *slot->lua->err;
    return err->code ? err->code : CT_ESTATE;
}

/* column{name = NAME, value = function(sim) ... end [, integer = true]} */
static int decl_column(lua_State *L)
{
    static const char *const keys[] = {"name", "value", "integer", NULL};
    ct_lua *lua = ct_lua_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    ct_lua_check_keys(L, 1, "column", keys);
    const char *name = ct_lua_field_string(L, 1, "column", "name", 1);
    if (lua_getfield(L, 1, "value") != LUA_TFUNCTION)
        return luaL_error(L, "column \"%s\": value must be a function(sim) returning a number, "
                             "got %s", name, luaL_typename(L, -1));
    int integer = lua_getfield(L, 1, "integer") != LUA_TNIL;
    if (integer && !lua_isboolean(L, -1))
        return luaL_error(L, "column \"%s\": integer must be true or false", name);
    integer = integer && lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (lua->mode == CT_LUA_DECLARING)
        return 0;
    if (lua->n_columns == CT_LUA_MAX_COLUMNS)
        return luaL_error(L, "column \"%s\": a script may add at most %d columns", name,
                          CT_LUA_MAX_COLUMNS);
    ct_lua_column_slot *slot = &lua->column_slots[lua->n_columns];
    *slot = (ct_lua_column_slot){.lua = lua, .index = lua->n_columns};
    ct_column c = {.integer = integer, .value = column_value, .failed = column_failed,
                   .user = slot};
    snprintf(c.name, sizeof c.name, "%s", name);
    snprintf(c.owner, sizeof c.owner, "%s", lua->script);
    snprintf(slot->name, sizeof slot->name, "%s", c.name);
    ct_error err = {0};
    if (strlen(name) >= sizeof c.name)
        return luaL_error(L, "column \"%s\": a name needs 1 to 63 characters", name);
    if (ct_sim_add_column(lua->sim, &c, &err))
        return luaL_error(L, "column: %s", err.msg);
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->columns_ref);
    lua_pushvalue(L, -2); /* the function */
    lua_rawseti(L, -2, ++lua->n_columns);
    return 0;
}

void ct_lua_install_column(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    lua_register(L, "column", decl_column);
    lua_newtable(L);
    lua->columns_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}
