/* The sandbox: our own list of opened libraries (base, string, table, math, utf8), stubs with a
 * clear message for everything left out, text-only load, a tame collectgarbage, no finalizers,
 * bounds on the library functions whose C loops the instruction count never sees, and math.random
 * drawing from the engine's streams. */
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
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
    if (opt == 0 || opt == 2) /* a collection walks the whole heap in C */
        ct_lua_charge(L, (long long)(ct_lua_of(L)->mem_used / CT_LUA_BYTES_PER_INSTRUCTION));
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

/* A wrapper checks its arguments, then runs the library's own function (upvalue 1) in its own
   frame, so argument errors still name the function as the script called it. */
static int run_original(lua_State *L)
{
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* setmetatable without __gc: Lua runs finalizers inside the collector with hooks switched off
   (lgc.c, GCTM), where neither the instruction limit nor a signal could stop one. */
static int sandbox_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    lua_pushliteral(L, "__gc"); /* raw, as the collector looks it up */
    if (t == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
        return luaL_error(L, "setmetatable: __gc metamethods (finalizers) are not available in the "
                             "celltwin sandbox");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* The message handler of xpcall runs before the stack unwinds; for an error raised by the count
   hook that is still inside the hook, with hooks off. So once a limit has tripped, the script's
   handler is not called at all: the error passes through as it is. */
static int guarded_handler(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    if (lua->tripped[0]) {
        lua_pushstring(L, lua->tripped);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* xpcall(f, msgh, ...): the library's own, called in this frame with msgh guarded. */
static int sandbox_xpcall(lua_State *L)
{
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    return run_original(L);
}

/* print: to stderr, prefixed with the script; silent while declaring so a script prints once,
   and in the hooks of a run over ranks on every rank but one, which print the same. */
static int sandbox_print(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    if (lua->mode == CT_LUA_DECLARING || (lua->on_board && lua->hooks_quiet))
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

/* ---- library loops the count hook never sees ----------------------------------------------- */

static const char *wrapped_name(lua_State *L)
{
    return lua_tostring(L, lua_upvalueindex(2));
}

/* Refuses a loop over the elements first..last beyond CT_LUA_ELEMENTS_MAX, and counts each
   element as an instruction: a script calling in a loop stays inside its budget. */
static void check_span(lua_State *L, lua_Integer first, lua_Integer last)
{
    if (last < first)
        return;
    lua_Unsigned n = (lua_Unsigned)last - (lua_Unsigned)first + 1u;
    if (n > CT_LUA_ELEMENTS_MAX || n == 0)
        luaL_error(L, "%s: %I elements from %I to %I, more than the %d one call may visit in the "
                      "celltwin sandbox", wrapped_name(L), (lua_Integer)n, first, last,
                   CT_LUA_ELEMENTS_MAX);
    ct_lua_charge(L, (long long)n);
}

/* string.rep of an empty string and separator would loop n times making nothing. */
static int bounded_rep(lua_State *L)
{
    size_t len, seplen;
    luaL_checklstring(L, 1, &len);
    luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &seplen);
    if (len + seplen == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    return run_original(L);
}

/* One class of a pattern item (lstrlib.c, classEnd): the position after it. */
static const char *class_end(const char *p, const char *end)
{
    char c = *p++;
    if (c == '%')
        return p < end ? p + 1 : p;
    if (c != '[')
        return p;
    if (p < end && *p == '^')
        p++;
    do {
        if (p >= end)
            return end;
        if (*p++ == '%' && p < end)
            p++;
    } while (p < end && *p != ']');
    return p < end ? p + 1 : end;
}

/* Pattern items that make Lua's backtracking matcher try many positions: spans (each *, +, -
   quantifier, %b and back-reference may try every position of the subject) and doubles (each ?
   tries two ways). */
static void pattern_items(const char *p, size_t len, int *spans, int *doubles)
{
    const char *end = p + len;
    *spans = *doubles = 0;
    while (p < end) {
        if (*p == '(' || *p == ')' || *p == '^') {
            p++;
        } else if (*p == '%' && p + 1 < end && (p[1] == 'b' || (p[1] >= '1' && p[1] <= '9'))) {
            ++*spans;
            p += p[1] == 'b' && end - p >= 4 ? 4 : 2; /* %bxy, %1 */
        } else if (*p == '%' && p + 1 < end && p[1] == 'f') {
            p += 2;
        } else {
            p = class_end(p, end);
            if (p < end && (*p == '*' || *p == '+' || *p == '-'))
                ++*spans, p++;
            else if (p < end && *p == '?')
                ++*doubles, p++;
        }
    }
}

/* log10 of the worst case of the matcher on a subject of n bytes: the ways to cut the subject at
   the start position and at each span, C(n + 1 + spans, 1 + spans), times 2 per double, times
   the pattern length (the cost of one step). */
static double pattern_work_log10(size_t n, size_t plen, int spans, int doubles)
{
    double k = 1.0 + spans, m = (double)n + 1.0;
    return (lgamma(m + k + 1.0) - lgamma(m + 1.0) - lgamma(k + 1.0)) / log(10.0) +
           doubles * log10(2.0) + log10((double)plen + 1.0);
}

/* find, match, gmatch, gsub: refused when the worst case of the matcher exceeds
   CT_LUA_PATTERN_WORK_MAX steps, otherwise counted as that many instructions. A plain find has
   no items. */
static int bounded_pattern(lua_State *L)
{
    size_t n, plen;
    luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &plen);
    int spans = 0, doubles = 0;
    if (!(!strcmp(wrapped_name(L), "string.find") && lua_toboolean(L, 4)))
        pattern_items(p, plen, &spans, &doubles);
    double work = pattern_work_log10(n, plen, spans, doubles);
    if (work > log10(CT_LUA_PATTERN_WORK_MAX)) {
        char why[256]; /* lua_pushfstring knows no precision */
        snprintf(why, sizeof why, "on a subject of %zu bytes its %d repetition items (*, +, -, "
                 "%%b, %%1-9) and %d optional items (?) could take 1e%.0f matching steps, more "
                 "than 1e%.0f", n, spans, doubles, work, log10(CT_LUA_PATTERN_WORK_MAX));
        return luaL_error(L, "%s: pattern refused in the celltwin sandbox: %s; use a shorter "
                             "subject or a simpler pattern", wrapped_name(L), why);
    }
    ct_lua_charge(L, (long long)pow(10.0, work));
    return run_original(L);
}

static int bounded_move(lua_State *L)
{
    check_span(L, luaL_checkinteger(L, 2), luaL_checkinteger(L, 3));
    return run_original(L);
}

/* table.concat(t [, sep [, i [, j]]]): #t is read once here and passed on as j, so a __len that
   answers differently the second time cannot widen the loop. */
static int bounded_concat(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 4);
    lua_Integer first = luaL_optinteger(L, 3, 1);
    if (lua_isnil(L, 4))
        lua_pushinteger(L, luaL_len(L, 1)), lua_replace(L, 4);
    check_span(L, first, luaL_checkinteger(L, 4));
    return run_original(L);
}

/* table.sort: the library reads #t again itself, so a table with __len is refused. Its n log2 n
   comparisons count as instructions. */
static int bounded_sort(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (luaL_getmetafield(L, 1, "__len") != LUA_TNIL)
        return luaL_error(L, "table.sort: a table with a __len metamethod cannot be sorted in the "
                             "celltwin sandbox");
    lua_Integer n = luaL_len(L, 1);
    check_span(L, 1, n);
    if (n > 1)
        ct_lua_charge(L, (long long)((double)n * log2((double)n)));
    return run_original(L);
}

/* table.insert and table.remove as Lua 5.4 has them (ltablib.c), reading #t once: the shift is
   checked against the length it loops over. */
static int bounded_insert(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer e = luaL_len(L, 1);
    e = (lua_Integer)((lua_Unsigned)e + 1u); /* first empty element */
    lua_Integer pos = e;
    switch (lua_gettop(L)) {
    case 2:
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        if (e > pos) /* e - 1 cannot overflow */
            check_span(L, pos, e - 1);
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int bounded_remove(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    if (pos < size) /* size - 1 cannot overflow */
        check_span(L, pos, size - 1);
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* Replaces field name of the table at idx: fn runs with the original (upvalue 1) and the
   qualified name (upvalue 2). */
static void bound(lua_State *L, int idx, const char *lib, const char *name, lua_CFunction fn)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, idx, name);
    lua_pushfstring(L, "%s.%s", lib, name);
    lua_pushcclosure(L, fn, 2);
    lua_setfield(L, idx, name);
}

static void bound_library_loops(lua_State *L)
{
    static const struct {
        const char *name;
        lua_CFunction fn;
    } string_fns[] = {{"rep", bounded_rep},         {"find", bounded_pattern},
                      {"match", bounded_pattern},   {"gmatch", bounded_pattern},
                      {"gsub", bounded_pattern}},
      table_fns[] = {{"move", bounded_move},     {"concat", bounded_concat},
                     {"sort", bounded_sort},     {"insert", bounded_insert},
                     {"remove", bounded_remove}};
    lua_getglobal(L, LUA_STRLIBNAME);
    for (size_t k = 0; k < sizeof string_fns / sizeof *string_fns; k++)
        bound(L, -1, LUA_STRLIBNAME, string_fns[k].name, string_fns[k].fn);
    lua_getglobal(L, LUA_TABLIBNAME);
    for (size_t k = 0; k < sizeof table_fns / sizeof *table_fns; k++)
        bound(L, -1, LUA_TABLIBNAME, table_fns[k].name, table_fns[k].fn);
    lua_pop(L, 2);
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
    lua_pushcfunction(L, sandbox_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_getfield(L, -1, "xpcall");
    lua_pushcclosure(L, sandbox_xpcall, 1);
    lua_setfield(L, -2, "xpcall");
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
    bound_library_loops(L);
    ct_lua_install_random(L);
}
