/* A fit's Lua distance: one fresh sandboxed state per call. */
#include "ct_lua_distance.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_lua_internal.h"

struct ct_lua_distance {
    char *name;
    char *text;
    size_t len;
    ct_lua_limits limits;
};

static int open_sandbox(lua_State *L)
{
    ct_lua_open_sandbox(L);
    return 0;
}

/* A fresh state that has run the script; the function distance on top of its stack. */
static int prepare(const ct_lua_distance *d, uint64_t rng_key, ct_error *err, ct_lua **out)
{
    int rc = ct_lua_open(d->name, &d->limits, rng_key, CT_LUA_SIMULATING, err, out);
    ct_lua *lua = *out;
    if (rc)
        return rc;
    lua_pushcfunction(lua->L, open_sandbox);
    if ((rc = ct_lua_call(lua, 0)))
        return rc;
    char chunkname[1024];
    snprintf(chunkname, sizeof chunkname, "@%s", d->name);
    if (luaL_loadbufferx(lua->L, d->text, d->len, chunkname, "t") != LUA_OK) {
        rc = ct_error_set(err, CT_EINVAL, "%s", lua_tostring(lua->L, -1));
        lua_pop(lua->L, 1);
        return rc;
    }
    if ((rc = ct_lua_call(lua, 0)))
        return rc;
    if (lua_getglobal(lua->L, "distance") != LUA_TFUNCTION)
        return ct_error_set(err, CT_EINVAL,
                            "%s: defines no function distance(simulated, observed, sd, names, "
                            "time) (distance is a %s value)",
                            d->name, luaL_typename(lua->L, -1));
    return CT_OK;
}

int ct_lua_distance_load(const char *path, const char *name, const ct_lua_limits *limits,
                         ct_lua_distance **out, ct_error *err)
{
    ct_lua_distance *d = ct_calloc(1, sizeof *d);
    *out = d;
    if (!d || !(d->name = ct_strdup(name)))
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", name);
    d->limits = *limits;
    int rc = ct_io_read_file_max(path, CT_IO_MAX_SCRIPT_BYTES, "Lua distance", &d->text, &d->len,
                                 err);
    ct_lua *lua = NULL;
    if (!rc)
        rc = prepare(d, 0, err, &lua);
    ct_lua_close(lua);
    return rc;
}

/* A table {name = {values...}, ...} of every column, values from which of the three series. */
static void push_columns(lua_State *L, const ct_lua_columns *c, const double *const *values)
{
    lua_createtable(L, 0, c->n);
    for (int k = 0; k < c->n; k++) {
        lua_createtable(L, (int)c->length[k], 0);
        for (long i = 0; i < c->length[k]; i++) {
            lua_pushnumber(L, values[k][i]);
            lua_rawseti(L, -2, i + 1);
        }
        lua_setfield(L, -2, c->names[k]);
    }
}

/* The arguments of distance; in protected mode, since a table may exceed the memory limit. */
static int push_arguments(lua_State *L)
{
    const ct_lua_columns *c = lua_touserdata(L, 1);
    lua_settop(L, 0);
    push_columns(L, c, c->simulated);
    push_columns(L, c, c->observed);
    push_columns(L, c, c->sd);
    lua_createtable(L, c->n, 0);
    for (int k = 0; k < c->n; k++) {
        lua_pushstring(L, c->names[k]);
        lua_rawseti(L, -2, k + 1);
    }
    lua_createtable(L, (int)c->n_times, 0);
    for (long i = 0; i < c->n_times; i++) {
        lua_pushnumber(L, c->time[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 5;
}

static int call_distance(ct_lua *lua, const ct_lua_columns *c, const char *name, double *out,
                         ct_error *err)
{
    lua_State *L = lua->L;
    int base = lua_gettop(L); /* the function distance is on top */
    lua_pushcfunction(L, push_arguments);
    lua_pushlightuserdata(L, (void *)c);
    if (lua_pcall(L, 1, 5, 0) != LUA_OK)
        return ct_error_set(err, CT_ENOMEM, "%s: the series do not fit in the Lua memory limit",
                            name);
    int rc = ct_lua_call_returning(lua, 5, 1);
    if (rc)
        return rc;
    int is_number = lua_type(L, -1) == LUA_TNUMBER;
    *out = is_number ? lua_tonumber(L, -1) : NAN;
    if (!is_number || !isfinite(*out) || *out < 0)
        rc = ct_error_set(err, CT_EINVAL,
                          "%s: distance returned %s: expected a finite number >= 0", name,
                          is_number ? luaL_tolstring(L, -1, NULL) : luaL_typename(L, -1));
    lua_settop(L, base - 1);
    return rc;
}

int ct_lua_distance_eval(const ct_lua_distance *d, uint64_t rng_key, uint64_t rng_id,
                         const ct_lua_columns *c, double *out, ct_error *err)
{
    ct_lua *lua = NULL;
    int rc = prepare(d, rng_key, err, &lua);
    if (!rc) {
        lua->rng_id = rng_id;
        rc = call_distance(lua, c, d->name, out, err);
    }
    ct_lua_close(lua);
    return rc;
}

void ct_lua_distance_free(ct_lua_distance *d)
{
    if (!d)
        return;
    ct_free(d->name);
    ct_free(d->text);
    ct_free(d);
}
