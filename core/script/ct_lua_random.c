/* math.poisson and math.binomial: counts of random events drawn from the same engine stream as
 * math.random in the calling context, so a script's draws stay deterministic on any thread count. */
#include <lauxlib.h>

#include "ct_lua_internal.h"
#include "ct_rng_dist.h"

/* math.poisson(mean): an integer; mean in [0, 1e9]. */
static int lua_poisson(lua_State *L)
{
    double mean = luaL_checknumber(L, 1);
    char why[128];
    if (ct_rng_poisson_check(mean, why, sizeof why))
        return luaL_error(L, "math.poisson: %s", why);
    lua_pushinteger(L, (lua_Integer)ct_rng_poisson(ct_lua_rng(ct_lua_of(L)), mean));
    return 1;
}

/* math.binomial(n, p): an integer in [0, n]; n an integer in [0, 1e9], p in [0, 1]. */
static int lua_binomial(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    double p = luaL_checknumber(L, 2);
    char why[128];
    if (ct_rng_binomial_check((long long)n, p, why, sizeof why))
        return luaL_error(L, "math.binomial: %s", why);
    lua_pushinteger(L, (lua_Integer)ct_rng_binomial(ct_lua_rng(ct_lua_of(L)), (long long)n, p));
    return 1;
}

void ct_lua_install_random(lua_State *L)
{
    lua_getglobal(L, "math");
    lua_pushcfunction(L, lua_poisson);
    lua_setfield(L, -2, "poisson");
    lua_pushcfunction(L, lua_binomial);
    lua_setfield(L, -2, "binomial");
    lua_pop(L, 1);
}
