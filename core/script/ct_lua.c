/* Lua states of scripts: creation with a capped allocator, the instruction budget, protected calls
 * whose errors name script, line and cell, and the two runs of a script (declare, simulate). */
#include "ct_lua.h"

#include <inttypes.h>
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_lua_internal.h"
#include "ct_sim.h"

ct_lua *ct_lua_of(lua_State *L)
{
    return *(ct_lua **)lua_getextraspace(L);
}

/* ---- memory cap ------------------------------------------------------------------------------ */

/* "script:line:" of the innermost Lua function running, for errors raised outside Lua code. */
static void where(lua_State *L, char *buf, size_t n)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            snprintf(buf, n, "%s:%d:", ar.short_src, ar.currentline);
            return;
        }
    }
    snprintf(buf, n, "%s:", ct_lua_of(L)->script);
}

/* Every byte of the state goes through ct_alloc and counts against the cap. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ct_lua *lua = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        ct_free(ptr);
        lua->mem_used -= old;
        return NULL;
    }
    if (nsize > old && lua->mem_used - old + nsize > lua->mem_limit) {
        if (!lua->mem_exceeded && lua->L) /* reading the stack allocates nothing */
            where(lua->L, lua->mem_where, sizeof lua->mem_where);
        lua->mem_exceeded = 1;
        return NULL;
    }
    void *p = ct_realloc(ptr, nsize);
    if (p)
        lua->mem_used = lua->mem_used - old + nsize;
    return p;
}

/* ---- errors ---------------------------------------------------------------------------------- */

/* Count hook: the budget of the call is spent. */
static void instruction_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    char at[128];
    where(L, at, sizeof at);
    ct_lua *lua = ct_lua_of(L);
    lua_pushfstring(L, "%s instruction limit of %I exceeded", at,
                    (lua_Integer)lua->instruction_limit);
    lua_error(L);
}

/* The context of the call in progress, for the end of an error message. */
static void call_context(const ct_lua *lua, char *buf, size_t n)
{
    const ct_sim *sim = lua->sim;
    if (lua->calling == CT_LUA_IN_CELL) {
        int type = sim->ag.type[lua->cell];
        snprintf(buf, n, " (in per-cell function, cell id %" PRIu64 ", type %s, step %" PRIu64 ")",
                 sim->ag.id[lua->cell], type < sim->sc->n_types ? sim->sc->types[type].name : "dead",
                 sim->step);
    } else if (lua->calling == CT_LUA_IN_HOOK) {
        snprintf(buf, n, " (in per-step hook, step %" PRIu64 ")", sim->step);
    } else {
        buf[0] = '\0';
    }
}

static int report(ct_lua *lua, int status)
{
    lua_State *L = lua->L;
    char context[256];
    const char *msg = lua_tostring(L, -1);
    call_context(lua, context, sizeof context);
    int code = lua->mode == CT_LUA_SIMULATING ? CT_ESTATE : CT_EINVAL;
    if (status == LUA_ERRMEM && lua->mem_exceeded)
        ct_error_set(lua->err, code, "%s memory limit of %g MiB exceeded%s", lua->mem_where,
                     (double)lua->mem_limit / 1048576.0, context);
    else if (msg)
        ct_error_set(lua->err, code, "%s%s", msg, context);
    else
        ct_error_set(lua->err, code, "%s: error object is a %s value%s", lua->script,
                     luaL_typename(L, -1), context);
    lua->mem_exceeded = 0;
    lua_pop(L, 1);
    return code;
}

int ct_lua_call(ct_lua *lua, int nargs)
{
    lua_State *L = lua->L;
    lua->rng_ready = 0;
    if (lua->instruction_limit > 0) /* also restarts the count: the budget is per call */
        lua_sethook(L, instruction_hook, LUA_MASKCOUNT, (int)lua->instruction_limit);
    int status = lua_pcall(L, nargs, 0, 0);
    return status == LUA_OK ? CT_OK : report(lua, status);
}

/* ---- helpers for the API modules ------------------------------------------------------------- */

ct_sim *ct_lua_need_sim(lua_State *L, const char *fname)
{
    ct_lua *lua = ct_lua_of(L);
    if (!lua->sim)
        luaL_error(L, "%s can only be called from a per-cell function or a per-step hook", fname);
    return lua->sim;
}

static const ct_scenario *scenario_of(const ct_lua *lua)
{
    return lua->sim ? lua->sim->sc : lua->sc;
}

int ct_lua_check_type(lua_State *L, int arg)
{
    const char *name = luaL_checkstring(L, arg);
    const ct_scenario *sc = scenario_of(ct_lua_of(L));
    int t = ct_scenario_type_index(sc, name);
    if (t >= 0)
        return t;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int k = 0; k < sc->n_types; k++) {
        luaL_addstring(&b, k ? ", " : "");
        luaL_addstring(&b, sc->types[k].name);
    }
    luaL_pushresult(&b);
    return luaL_error(L, "unknown cell type \"%s\" (known: %s)", name, lua_tostring(L, -1));
}

int ct_lua_check_field(lua_State *L, int arg)
{
    const char *name = luaL_checkstring(L, arg);
    const ct_scenario *sc = scenario_of(ct_lua_of(L));
    int k = ct_scenario_field_index(sc, name);
    if (k >= 0)
        return k;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int f = 0; f < sc->n_fields; f++) {
        luaL_addstring(&b, f ? ", " : "");
        luaL_addstring(&b, sc->fields[f].name);
    }
    luaL_pushresult(&b);
    return luaL_error(L, "unknown field \"%s\" (scenario fields: %s)", name,
                      sc->n_fields ? lua_tostring(L, -1) : "none");
}

/* ---- params ---------------------------------------------------------------------------------- */

static void push_json(lua_State *L, const cJSON *v);

static void push_json_container(lua_State *L, const cJSON *v)
{
    lua_newtable(L);
    lua_Integer i = 1;
    for (const cJSON *e = v->child; e; e = e->next) {
        push_json(L, e);
        if (cJSON_IsArray(v))
            lua_rawseti(L, -2, i++);
        else
            lua_setfield(L, -2, e->string);
    }
}

/* JSON to Lua: whole numbers become integers, null becomes nil. */
static void push_json(lua_State *L, const cJSON *v)
{
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == (double)(lua_Integer)d && d > -9007199254740992.0 && d < 9007199254740992.0)
            lua_pushinteger(L, (lua_Integer)d);
        else
            lua_pushnumber(L, d);
    } else if (cJSON_IsString(v)) {
        lua_pushstring(L, v->valuestring);
    } else if (cJSON_IsBool(v)) {
        lua_pushboolean(L, cJSON_IsTrue(v));
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        push_json_container(L, v);
    } else {
        lua_pushnil(L);
    }
}

/* ---- state setup and script runs ------------------------------------------------------------- */

static int setup(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    ct_lua_open_sandbox(L);
    ct_lua_install_declare(L);
    if (lua->mode == CT_LUA_SIMULATING) {
        ct_lua_install_cell(L);
        ct_lua_install_sim(L);
    }
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(scenario_of(lua)->json, "parameters");
    if (params)
        push_json(L, params);
    else
        lua_newtable(L);
    lua_setglobal(L, "params");
    return 0;
}

static int open_state(const ct_scenario *sc, int mode, ct_error *err, ct_lua **out)
{
    ct_lua *lua = ct_calloc(1, sizeof *lua);
    *out = lua;
    if (!lua || !(lua->script = ct_strdup(sc->script)))
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", sc->script);
    lua->mode = mode;
    lua->err = err;
    lua->calling = CT_LUA_IN_SCRIPT;
    lua->mem_limit = (size_t)(sc->lua_limits.memory_limit_mb * 1048576.0);
    lua->instruction_limit = sc->lua_limits.instruction_limit;
    lua->rng_key = ct_rng_step_key(sc->seed, UINT64_MAX); /* the script's top level */
    lua->cell_fn_ref = lua->hooks_ref = lua->cell_obj_ref = LUA_NOREF;
    lua->sim_obj_ref = lua->type_names_ref = lua->kept_ref = LUA_NOREF;
    lua->L = lua_newstate(capped_alloc, lua);
    if (!lua->L)
        return ct_error_set(err, CT_ENOMEM, "%s: cannot create a Lua state", sc->script);
    *(ct_lua **)lua_getextraspace(lua->L) = lua;
    return CT_OK;
}

/* Installs the sandbox and the API, then loads and runs the script. */
static int run_script(ct_lua *lua, const ct_scenario *sc)
{
    lua_pushcfunction(lua->L, setup);
    if (ct_lua_call(lua, 0))
        return lua->err->code;
    char *text;
    size_t len;
    int rc = ct_io_read_file(sc->script_path, &text, &len, lua->err);
    if (rc)
        return ct_error_prefix(lua->err, "%s: script: ", sc->file);
    char chunkname[CT_NAME_MAX * 4];
    snprintf(chunkname, sizeof chunkname, "@%s", sc->script);
    int status = luaL_loadbufferx(lua->L, text, len, chunkname, "t");
    ct_free(text);
    if (status != LUA_OK)
        return report(lua, status);
    return ct_lua_call(lua, 0);
}

int ct_lua_declare(ct_scenario *sc, ct_error *err)
{
    ct_lua *lua;
    int rc = open_state(sc, CT_LUA_DECLARING, err, &lua);
    if (!rc) {
        lua->sc = sc;
        lua->declared_from = sc->n_types;
        rc = run_script(lua, sc);
    }
    if (!rc)
        rc = ct_lua_finish_declare(lua);
    ct_lua_close(lua);
    return rc;
}

static int register_behaviours(ct_lua *lua, ct_sim *sim)
{
    ct_behaviour b = {.user = lua, .thread_safe = 0};
    snprintf(b.owner, sizeof b.owner, "lua:%s", lua->script);
    int rc = CT_OK;
    if (lua->n_cell_fns) {
        snprintf(b.name, sizeof b.name, "lua per-cell functions");
        b.phases = CT_PHASE_DECIDE;
        b.decide = ct_lua_decide;
        rc = ct_registry_add(&sim->registry, &b, &sim->err);
    }
    if (!rc && (lua->n_hooks || lua->n_attrs)) {
        snprintf(b.name, sizeof b.name, "lua per-step hooks");
        b.phases = CT_PHASE_STEP_END;
        b.step_end = ct_lua_step_end;
        rc = ct_registry_add(&sim->registry, &b, &sim->err);
    }
    if (rc)
        ct_registry_remove_owner(&sim->registry, b.owner);
    return rc;
}

int ct_lua_attach(ct_sim *sim)
{
    const ct_scenario *sc = sim->sc;
    if (!sc->script)
        return CT_OK;
    int rc = open_state(sc, CT_LUA_SIMULATING, &sim->err, &sim->lua);
    ct_lua *lua = sim->lua;
    if (rc)
        return rc;
    lua->sim = sim;
    if ((rc = run_script(lua, sc)))
        return rc;
    ct_lua_settle_attributes(lua);
    return register_behaviours(lua, sim);
}

void ct_lua_close(ct_lua *lua)
{
    if (!lua)
        return;
    if (lua->L)
        lua_close(lua->L);
    ct_free(lua->acts);
    ct_free(lua->pending);
    ct_free(lua->script);
    ct_free(lua);
}
