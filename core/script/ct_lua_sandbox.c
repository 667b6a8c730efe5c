/* The sandbox: our own list of opened libraries (base, string, table, math, utf8), stubs with a
 * clear message for everything left out, text-only load, a tame collectgarbage, and math.random
 * drawing from the engine's streams. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

#include "ct_lua_internal.h"

/* ---- what is not there ---------------------------------------------------------------------- */

static int refuse_library(lua_State *L)
{
    const char *lib = lua_tostring(L, lua_upvalueindex(1));
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "%s.%s is not available in the celltwin sandbox (no io, os, package or "
                         "debug library)", lib, key);
}

static int refuse_function(lua_State *L)
{
    return luaL_error(L, "%s is not available in the celltwin sandbox (%s)",
                      lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2)));
}

/* A global table whose every field raises an error naming the library. */
static void install_refusing_library(lua_State *L, const char *name)
{
    lua_newtable(L);
    lua_newtable(L); /* its metatable */
    lua_pushstring(L, name);
    lua_pushcclosure(L, refuse_library, 1);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_setglobal(L, name);
}

/* Sets field name of the table at idx to a function that raises "name is not available (why)". */
static void install_refusing_function(lua_State *L, int idx, const char *name, const char *why)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, name);
    lua_pushstring(L, why);
    lua_pushcclosure(L, refuse_function, 2);
    lua_setfield(L, idx, strchr(name, '.') ? strchr(name, '.') + 1 : name);
}

/* ---- tamed base functions ------------------------------------------------------------------- */

/* load(chunk [, chunkname [, mode [, env]]]): source text only. */
static int sandbox_load(lua_State *L)
{
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    if (!s || lua_type(L, 1) != LUA_TSTRING)
        return luaL_error(L, "load accepts only a string of Lua source in the celltwin sandbox");
    if (len > 0 && s[0] == LUA_SIGNATURE[0])
        return luaL_error(L, "load: binary chunks (bytecode) are not allowed in the celltwin "
                             "sandbox");
    const char *name = luaL_optstring(L, 2, s);
    int status = luaL_loadbufferx(L, s, len, name, "t");
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2; /* nil, message: as the standard load */
    }
    if (!lua_isnone(L, 4)) { /* env becomes the first upvalue (_ENV) */
        lua_pushvalue(L, 4);
        if (!lua_setupvalue(L, -2, 1))
            lua_pop(L, 1);
    }
    return 1;
}

/* collectgarbage: only the options that cannot switch the collector off or retune it. */
static int sandbox_collectgarbage(lua_State *L)
{
    static const char *const allowed[] = {"collect", "count", "step", "isrunning", NULL};
    int opt = luaL_checkoption(L, 1, "collect", allowed);
    switch (opt) {
    case 1:
        lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT) + lua_gc(L, LUA_GCCOUNTB) / 1024.0);
        return 1;
    case 2:
        lua_pushboolean(L, lua_gc(L, LUA_GCSTEP, (int)luaL_optinteger(L, 2, 0)));
        return 1;
    case 3:
        lua_pushboolean(L, lua_gc(L, LUA_GCISRUNNING));
        return 1;
    default:
        lua_gc(L, LUA_GCCOLLECT);
        lua_pushinteger(L, 0);
        return 1;
    }
}

/* print: to stderr, prefixed with the script; silent while declaring so a script prints once. */
static int sandbox_print(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    if (lua->mode == CT_LUA_DECLARING)
        return 0;
    int n = lua_gettop(L);
    fprintf(stderr, "%s:", lua->script);
    for (int i = 1; i <= n; i++) {
        fprintf(stderr, "%s%s", i > 1 ? "\t" : " ", luaL_tolstring(L, i, NULL));
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* ---- math.random from the engine's streams -------------------------------------------------- */

ct_rng *ct_lua_rng(ct_lua *lua)
{
    if (!lua->rng_ready) {
        lua->rng = ct_rng_stream(lua->rng_key, lua->rng_id, CT_RNG_SCRIPT);
        lua->rng_ready = 1;
    }
    return &lua->rng;
}

static uint64_t next64(ct_rng *r)
{
    uint64_t hi = ct_rng_next(r);
    return hi << 32 | ct_rng_next(r);
}

/* Uniform in [0, n] by masked rejection, as Lua 5.4's own math.random projects. */
static uint64_t project(ct_rng *r, uint64_t n)
{
    uint64_t lim = n;
    for (int s = 1; s < 64; s <<= 1)
        lim |= lim >> s;
    uint64_t x;
    while ((x = next64(r) & lim) > n)
        ;
    return x;
}

/* Lua 5.4 semantics: () float in [0,1); (0) any integer; (m) in [1,m]; (m, n) in [m,n]. */
static int sandbox_random(lua_State *L)
{
    ct_rng *r = ct_lua_rng(ct_lua_of(L));
    lua_Integer low, up;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, ct_rng_uniform(r));
        return 1;
    case 1:
        low = 1;
        up = luaL_checkinteger(L, 1);
        if (up == 0) {
            lua_pushinteger(L, (lua_Integer)next64(r));
            return 1;
        }
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        up = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= up, lua_gettop(L), "interval is empty");
    uint64_t span = (uint64_t)up - (uint64_t)low;
    lua_pushinteger(L, (lua_Integer)((uint64_t)low + project(r, span)));
    return 1;
}

/* ---- opening ------------------------------------------------------------------------------ */

static void open_libraries(lua_State *L)
{
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},     {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
}

static void tame_globals(lua_State *L)
{
    static const char *const libraries[] = {"io", "os", "package", "debug", "coroutine", NULL};
    for (int k = 0; libraries[k]; k++)
        install_refusing_library(L, libraries[k]);
    lua_pushglobaltable(L);
    install_refusing_function(L, -1, "require", "scripts cannot load modules");
    install_refusing_function(L, -1, "dofile", "scripts cannot load files");
    install_refusing_function(L, -1, "loadfile", "scripts cannot load files");
    lua_pushcfunction(L, sandbox_load);
    lua_setfield(L, -2, "load");
    lua_pushcfunction(L, sandbox_collectgarbage);
    lua_setfield(L, -2, "collectgarbage");
    lua_pushcfunction(L, sandbox_print);
    lua_setfield(L, -2, "print");
    lua_pop(L, 1);
    lua_getglobal(L, LUA_STRLIBNAME);
    install_refusing_function(L, -1, "string.dump", "no bytecode");
    lua_pop(L, 1);
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_pushcfunction(L, sandbox_random);
    lua_setfield(L, -2, "random");
    install_refusing_function(L, -1, "math.randomseed",
                  "random numbers come from the engine's streams: set the scenario's seed");
    lua_pop(L, 1);
}

void ct_lua_open_sandbox(lua_State *L)
{
    open_libraries(L);
    tame_globals(L);
}
