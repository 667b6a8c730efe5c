/* Lua states of scripts: creation with a capped allocator, the instruction budget, protected calls
 * whose errors name script, line and cell, and the two runs of a script (declare, simulate). */
#include "ct_lua.h"

#include <inttypes.h>
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_json.h"
#include "ct_lua_internal.h"
#include "ct_sim.h"

ct_lua *ct_lua_of(lua_State *L)
{
    return *(ct_lua **)lua_getextraspace(L);
}

/* ---- limits --------------------------------------------------------------------------------- */

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

/* Records why the call in progress must stop; the first reason wins. Reading the stack allocates
   nothing, so this is safe inside the allocator. */
static void trip(ct_lua *lua, int code, const char *what)
{
    if (lua->tripped[0])
        return;
    char at[128];
    if (lua->L)
        where(lua->L, at, sizeof at);
    else
        snprintf(at, sizeof at, "%s:", lua->script);
    snprintf(lua->tripped, sizeof lua->tripped, "%s %s", at, what);
    lua->tripped_code = code;
}

static void trip_memory(ct_lua *lua)
{
    char what[96];
    snprintf(what, sizeof what, "memory limit of %g MiB exceeded",
             (double)lua->mem_limit / 1048576.0);
    trip(lua, 0, what);
}

static int signal_pending(const ct_lua *lua)
{
    return lua->sim && lua->sim->interrupted && *lua->sim->interrupted;
}

/* Takes n instructions from the call's budget; trips on a pending signal or an empty budget. */
static void spend(ct_lua *lua, long long n)
{
    char what[96];
    if (signal_pending(lua)) {
        snprintf(what, sizeof what, "stopped by signal %d (SIGINT or SIGTERM)",
                 (int)*lua->sim->interrupted);
        trip(lua, CT_EINTR, what);
    } else if (lua->instruction_limit > 0 && (lua->budget_left -= n) <= 0) {
        snprintf(what, sizeof what, "instruction limit of %lld exceeded", lua->instruction_limit);
        trip(lua, 0, what);
    }
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* Once tripped, the hook runs at every instruction: a pcall, xpcall or error handler that catches
   the error gets it again at its next instruction, until the call has unwound to the host. */
static void arm_hook(lua_State *L, ct_lua *lua)
{
    long long count = CT_LUA_HOOK_PERIOD;
    if (lua->tripped[0])
        count = 1;
    else if (lua->instruction_limit > 0 && lua->budget_left < count)
        count = lua->budget_left > 0 ? lua->budget_left : 1; /* a count of 0 would never fire */
    lua->hook_count = (int)count;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, lua->hook_count);
}

static int raise_tripped(lua_State *L, ct_lua *lua)
{
    arm_hook(L, lua);
    lua_pushstring(L, lua->tripped);
    return lua_error(L);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    ct_lua *lua = ct_lua_of(L);
    spend(lua, lua->hook_count);
    if (lua->tripped[0])
        raise_tripped(L, lua);
    arm_hook(L, lua); /* the count for the rest of the budget, or back to the period */
}

void ct_lua_charge(lua_State *L, long long cost)
{
    ct_lua *lua = ct_lua_of(L);
    spend(lua, cost);
    if (lua->tripped[0])
        raise_tripped(L, lua);
}

/* New bytes are written in C (a string copies its bytes): they count against the budget, and once
   it is spent the count hook runs at the next instruction, so that a few instructions cannot
   copy gigabytes before it runs. Changing the hook allocates nothing. */
static void charge_bytes(ct_lua *lua, size_t bytes)
{
    lua->budget_left -= (long long)(bytes / CT_LUA_BYTES_PER_INSTRUCTION);
    if (lua->L && lua->instruction_limit > 0 && lua->budget_left <= 0 && lua->hook_count > 1)
        arm_hook(lua->L, lua);
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
    int retry = lua->mem_refused.armed && lua->mem_refused.ptr == ptr &&
                lua->mem_refused.osize == osize && lua->mem_refused.nsize == nsize;
    if (nsize > old)
        lua->mem_refused.armed = 0;
    if (nsize > old && lua->mem_used - old + nsize > lua->mem_limit) {
        if (!lua->tripped[0]) {
            trip_memory(lua);
            lua->mem_refused.ptr = ptr;
            lua->mem_refused.osize = osize;
            lua->mem_refused.nsize = nsize;
            lua->mem_refused.armed = 1;
            if (lua->L) /* the next instruction raises it */
                arm_hook(lua->L, lua);
        }
        return NULL;
    }
    void *p = ct_realloc(ptr, nsize);
    if (p) {
        lua->mem_used = lua->mem_used - old + nsize;
        if (retry) /* the emergency collection made room: nothing was raised */
            lua->tripped[0] = '\0';
        if (nsize > old)
            charge_bytes(lua, nsize - old);
    }
    return p;
}

void *ct_lua_host_realloc(lua_State *L, void *p, size_t old_bytes, size_t new_bytes)
{
    ct_lua *lua = ct_lua_of(L);
    if (new_bytes > old_bytes && lua->mem_used - old_bytes + new_bytes > lua->mem_limit) {
        trip_memory(lua);
        raise_tripped(L, lua);
    }
    void *q = ct_realloc(p, new_bytes);
    if (!q)
        luaL_error(L, "out of memory");
    lua->mem_used = lua->mem_used - old_bytes + new_bytes;
    return q;
}

/* ---- errors ---------------------------------------------------------------------------------- */

/* Stack index of the message handler of every call, pushed once when the state is created: a
   push and a removal per call cost a tenth of a trivial per-cell call. */
#define CT_LUA_MESSAGE_HANDLER 1

/* Whether a message already starts with a place: "source:line:". */
static int names_a_line(const char *msg)
{
    for (const char *c = strchr(msg, ':'); c; c = strchr(c + 1, ':')) {
        const char *d = c + 1;
        while (*d >= '0' && *d <= '9')
            d++;
        if (d > c + 1 && *d == ':')
            return 1;
    }
    return 0;
}

/* Message handler of every call: an error value that is not a string, or a message from C code
   that names no place (a C stack overflow, "pattern too complex"), gets the script line where it
   was raised. */
static int locate_error(lua_State *L)
{
    int type = lua_type(L, 1);
    if (type == LUA_TSTRING && names_a_line(lua_tostring(L, 1)))
        return 1;
    char at[128];
    where(L, at, sizeof at);
    if (type == LUA_TSTRING)
        lua_pushfstring(L, "%s %s", at, lua_tostring(L, 1));
    else if (type == LUA_TNUMBER || type == LUA_TBOOLEAN || type == LUA_TNIL)
        lua_pushfstring(L, "%s error object is a %s value (%s)", at, luaL_typename(L, 1),
                        luaL_tolstring(L, 1, NULL));
    else
        lua_pushfstring(L, "%s error object is a %s value", at, luaL_typename(L, 1));
    return 1;
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
    } else if (lua->calling == CT_LUA_IN_COLUMN) {
        snprintf(buf, n, " (in counts.csv column \"%s\", step %" PRIu64 ")",
                 lua->column_slots[lua->column_now].name, sim->step);
    } else {
        buf[0] = '\0';
    }
}

/* Formats the error on top of the stack (pops it) or the limit that tripped into lua->err. */
static int report(ct_lua *lua)
{
    lua_State *L = lua->L;
    char context[256];
    const char *msg = lua_tostring(L, -1);
    call_context(lua, context, sizeof context);
    int code = lua->mode == CT_LUA_SIMULATING ? CT_ESTATE : CT_EINVAL;
    if (lua->tripped[0])
        ct_error_set(lua->err, lua->tripped_code ? lua->tripped_code : code, "%s%s", lua->tripped,
                     context);
    else if (msg)
        ct_error_set(lua->err, code, "%s%s", msg, context);
    else
        ct_error_set(lua->err, code, "%s: error object is a %s value%s", lua->script,
                     luaL_typename(L, -1), context);
    lua->tripped[0] = '\0';
    lua->mem_refused.armed = 0;
    lua_pop(L, 1);
    return lua->err->code;
}

int ct_lua_call(ct_lua *lua, int nargs)
{
    return ct_lua_call_returning(lua, nargs, 0);
}

int ct_lua_call_returning(ct_lua *lua, int nargs, int nresults)
{
    lua_State *L = lua->L;
    lua->rng_ready = 0;
    lua->tripped[0] = '\0';
    lua->tripped_code = 0;
    lua->budget_left = lua->instruction_limit; /* the budget is per call */
    arm_hook(L, lua);
    int status = lua_pcall(L, nargs, nresults, CT_LUA_MESSAGE_HANDLER);
    if (status == LUA_OK && lua->tripped[0]) /* a memory error caught just before returning */
        lua_pushnil(L);
    return status == LUA_OK && !lua->tripped[0] ? CT_OK : report(lua);
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

const char *ct_lua_text(lua_State *L, int idx, const char *fname, const char *what)
{
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    if (!s)
        luaL_error(L, "%s: %s must be a string, got %s", fname, what, luaL_typename(L, idx));
    size_t ascii = 0; /* the usual name is ASCII: one pass, as this runs per cell */
    while (ascii < len && s[ascii] > 0)
        ascii++;
    if (ascii == len)
        return s;
    size_t nul = strlen(s);
    if (nul != len)
        luaL_error(L, "%s: %s holds a NUL byte (\\0) at byte %d: names and text cannot", fname,
                   what, (int)nul + 1);
    if (!ct_utf8_valid(s + ascii, len - ascii))
        luaL_error(L, "%s: %s is not UTF-8 text", fname, what);
    return s;
}

/* The name (of a type, field, ...) at arg: a string, checked by ct_lua_text. */
static const char *name_arg(lua_State *L, int arg, const char *fname, const char *what)
{
    luaL_checktype(L, arg, LUA_TSTRING);
    return ct_lua_text(L, arg, fname, what);
}

/* Pushes the names of the scenario's types, comma separated. */
static const char *push_type_names(lua_State *L, const ct_scenario *sc)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int k = 0; k < sc->n_types; k++) {
        luaL_addstring(&b, k ? ", " : "");
        luaL_addstring(&b, sc->types[k].name);
    }
    luaL_pushresult(&b);
    return lua_tostring(L, -1);
}

int ct_lua_check_type(lua_State *L, int arg)
{
    const char *name = name_arg(L, arg, "cell type", "the name");
    const ct_scenario *sc = scenario_of(ct_lua_of(L));
    int t = ct_scenario_type_index(sc, name);
    if (t >= 0)
        return t;
    return luaL_error(L, "unknown cell type \"%s\" (known: %s)", name, push_type_names(L, sc));
}

void ct_lua_check_selector(lua_State *L, int arg, const char *fname, int *type, int *state)
{
    const char *selector = name_arg(L, arg, fname, "the cell type");
    const ct_scenario *sc = scenario_of(ct_lua_of(L));
    ct_decl_error e;
    if (!ct_decl_neighbour_selector(sc, selector, NULL, type, state, &e))
        return;
    if (*type < 0)
        luaL_error(L, "%s: %s (known: %s)", fname, e.why.msg, push_type_names(L, sc));
    char states[512];
    ct_decl_describe_states(sc, &sc->types[*type], states, sizeof states);
    luaL_error(L, "%s: %s (its states: %s)", fname, e.why.msg, states);
}

int ct_lua_check_state(lua_State *L, int arg, int type, const char *fname)
{
    const ct_scenario *sc = scenario_of(ct_lua_of(L));
    const ct_type_params *tp = &sc->types[type];
    int state = -1, by_name = lua_type(L, arg) == LUA_TSTRING;
    if (by_name) {
        state = ct_decl_state_index(sc, tp, ct_lua_text(L, arg, fname, "the state"));
    } else {
        lua_Integer s = luaL_checkinteger(L, arg);
        if (s >= 0 && s < CT_MAX_STATES && ct_decl_state_allowed(tp, (int)s))
            state = (int)s;
    }
    if (state >= 0)
        return state;
    char states[512];
    ct_decl_describe_states(sc, tp, states, sizeof states);
    lua_pushfstring(L, by_name ? "\"%s\"" : "%s", lua_tostring(L, arg));
    return luaL_error(L, "%s: cell type \"%s\" has no state %s (its states: %s)", fname, tp->name,
                      lua_tostring(L, -1), states);
}

int ct_lua_check_field(lua_State *L, int arg)
{
    const char *name = name_arg(L, arg, "field", "the name");
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

void ct_lua_install_handle(lua_State *L, const char *name, const luaL_Reg *methods,
                           lua_CFunction index, int owner, const char *key,
                           lua_CFunction constructor)
{
    owner = lua_absindex(L, owner);
    luaL_newmetatable(L, name);
    if (index) { /* index finds the methods in the metatable itself */
        luaL_setfuncs(L, methods, 0);
        lua_pushcfunction(L, index);
    } else {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
    }
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0); /* getmetatable() gives false: scripts cannot reach or change it */
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_pushcfunction(L, constructor);
    lua_setfield(L, owner, key);
}

/* ---- params ---------------------------------------------------------------------------------- */

/* The conversion of "parameters" in progress: where it is, for the message that refuses it. */
typedef struct json_walk {
    const char *file;
    char path[512]; /* JSON pointer of the value being converted */
    int depth;      /* containers open around it, "parameters" included */
} json_walk;

static void push_json(lua_State *L, const cJSON *v, json_walk *w);

/* Pushes the elements or members of v into a new table, one level deeper (bounded, so the C and
   Lua stacks are too). */
static void push_json_container(lua_State *L, const cJSON *v, json_walk *w)
{
    if (++w->depth > CT_LUA_PARAMS_MAX_DEPTH)
        luaL_error(L, "%s: %s: nested deeper than %d levels of arrays and objects", w->file,
                   w->path, CT_LUA_PARAMS_MAX_DEPTH);
    luaL_checkstack(L, 3, "parameters");
    lua_newtable(L);
    size_t end = strlen(w->path);
    lua_Integer i = 1;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        if (cJSON_IsArray(v))
            snprintf(w->path + end, sizeof w->path - end, "/%lld", (long long)i - 1);
        else
            snprintf(w->path + end, sizeof w->path - end, "/%s", e->string);
        push_json(L, e, w);
        if (cJSON_IsArray(v))
            lua_rawseti(L, -2, i);
        else
            lua_setfield(L, -2, e->string);
    }
    w->path[end] = '\0';
    w->depth--;
}

/* JSON to Lua: whole numbers become integers, null becomes nil. */
static void push_json(lua_State *L, const cJSON *v, json_walk *w)
{
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(lua_Integer)d)
            lua_pushinteger(L, (lua_Integer)d);
        else
            lua_pushnumber(L, d);
    } else if (cJSON_IsString(v)) {
        lua_pushstring(L, v->valuestring);
    } else if (cJSON_IsBool(v)) {
        lua_pushboolean(L, cJSON_IsTrue(v));
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        push_json_container(L, v, w);
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
    ct_lua_install_column(L);
    if (lua->mode == CT_LUA_SIMULATING) {
        ct_lua_install_cell(L);
        ct_lua_install_sim(L);
    }
    const ct_scenario *sc = scenario_of(lua);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(sc->json, "parameters");
    json_walk w = {.file = sc->file, .path = "/parameters"};
    if (params)
        push_json(L, params, &w);
    else
        lua_newtable(L);
    lua_setglobal(L, "params");
    return 0;
}

int ct_lua_open(const char *script, const ct_lua_limits *limits, uint64_t rng_key, int mode,
                ct_error *err, ct_lua **out)
{
    ct_lua *lua = ct_calloc(1, sizeof *lua);
    *out = lua;
    if (!lua || !(lua->script = ct_strdup(script)))
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", script);
    lua->mode = mode;
    lua->err = err;
    lua->calling = CT_LUA_IN_SCRIPT;
    lua->mem_limit = (size_t)(limits->memory_limit_mb * 1048576.0);
    lua->instruction_limit = limits->instruction_limit;
    lua->rng_key = rng_key;
    lua->cell_fn_ref = lua->hooks_ref = lua->cell_obj_ref = LUA_NOREF;
    lua->sim_obj_ref = lua->type_names_ref = lua->kept_ref = lua->columns_ref = LUA_NOREF;
    lua->L = lua_newstate(capped_alloc, lua);
    if (!lua->L)
        return ct_error_set(err, CT_ENOMEM, "%s: cannot create a Lua state", script);
    *(ct_lua **)lua_getextraspace(lua->L) = lua;
    lua_pushcfunction(lua->L, locate_error); /* stays at CT_LUA_MESSAGE_HANDLER for good */
    return CT_OK;
}

static int open_state(const ct_scenario *sc, int mode, ct_error *err, ct_lua **out)
{
    /* random numbers of the script's top level */
    return ct_lua_open(sc->script, &sc->lua_limits, ct_rng_step_key(sc->seed, UINT64_MAX), mode,
                       err, out);
}

/* Installs the sandbox and the API, then loads and runs the script. */
static int run_script(ct_lua *lua, const ct_scenario *sc)
{
    lua_pushcfunction(lua->L, setup);
    if (ct_lua_call(lua, 0))
        return lua->err->code;
    char *text;
    size_t len;
    int rc = ct_io_read_file_max(sc->script_path, CT_IO_MAX_SCRIPT_BYTES, "Lua script", &text, &len,
                                 lua->err);
    if (rc)
        return ct_error_prefix(lua->err, "%s: script: ", sc->file);
    char chunkname[CT_NAME_MAX * 4];
    snprintf(chunkname, sizeof chunkname, "@%s", sc->script);
    int status = luaL_loadbufferx(lua->L, text, len, chunkname, "t");
    ct_free(text);
    if (status != LUA_OK)
        return report(lua);
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

void ct_lua_set_window(ct_lua *lua, const uint32_t offset[3], const uint32_t size[3],
                       const uint64_t *counts)
{
    if (!lua)
        return;
    for (int a = 0; a < 3; a++) {
        lua->window_offset[a] = offset[a];
        lua->window_size[a] = size[a];
    }
    lua->whole_counts = counts;
}

int ct_lua_hook_count(const ct_lua *lua)
{
    return lua ? lua->n_hooks : 0;
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
