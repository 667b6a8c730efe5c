/* Declarations a script makes at its top level: cell_type{} (merged into the scenario's types;
 * its signal keys, rule{} and contact{} are in ct_lua_signals.c), on_cell() and on_step() (kept
 * for the simulation), plus the table-reading helpers. */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_json.h"
#include "ct_lua_internal.h"

/* ---- reading declaration tables ------------------------------------------------------------- */

void ct_lua_check_keys(lua_State *L, int idx, const char *fname, const char *const *keys)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: expected only named fields (name = value)", fname);
        const char *key = ct_lua_text(L, -1, fname, "a field name"), *best = NULL;
        int best_d = 3, known = 0;
        for (int k = 0; keys[k] && !known; k++) {
            int d = ct_edit_distance(key, keys[k]);
            known = d == 0;
            if (d < best_d) {
                best_d = d;
                best = keys[k];
            }
        }
        if (!known && best)
            luaL_error(L, "%s: unknown field \"%s\" (did you mean \"%s\"?)", fname, key, best);
        if (!known)
            luaL_error(L, "%s: unknown field \"%s\"", fname, key);
    }
}

double ct_lua_field_number(lua_State *L, int idx, const char *fname, const char *key, double def,
                           double min, double max)
{
    int t = lua_getfield(L, idx, key);
    double v = def;
    if (t != LUA_TNIL) {
        int ok;
        v = lua_tonumberx(L, -1, &ok);
        if (!ok)
            luaL_error(L, "%s: field \"%s\" must be a number, got %s", fname, key,
                       luaL_typename(L, -1));
        if (!(v >= min && v <= max))
            luaL_error(L, "%s: field \"%s\" = %f is outside [%f, %f]", fname, key, v, min, max);
    }
    lua_pop(L, 1);
    return v;
}

/* The string stays valid while the table at idx holds it. */
const char *ct_lua_field_string(lua_State *L, int idx, const char *fname, const char *key,
                                int required)
{
    int t = lua_getfield(L, idx, key);
    const char *s = NULL;
    if (t == LUA_TSTRING) {
        char what[96];
        snprintf(what, sizeof what, "field \"%s\"", key);
        s = ct_lua_text(L, -1, fname, what);
    }
    lua_pop(L, 1);
    if (t != LUA_TNIL && !s)
        luaL_error(L, "%s: field \"%s\" must be a string, got %s", fname, key, lua_typename(L, t));
    if (!s && required)
        luaL_error(L, "%s: field \"%s\" is required", fname, key);
    return s;
}

int ct_lua_current_line(lua_State *L)
{
    lua_Debug ar;
    if (!lua_getstack(L, 1, &ar))
        return 0;
    lua_getinfo(L, "l", &ar);
    return ar.currentline;
}

/* ---- cell_type{} ---------------------------------------------------------------------------- */

static void check_type_name(lua_State *L, const ct_lua *lua, const char *name)
{
    if (!ct_scenario_name_ok(name))
        luaL_error(L, "cell_type: a name needs 1 to %d bytes of UTF-8 and no , : or quotes",
                   CT_NAME_MAX - 1);
    int t = ct_scenario_type_index(lua->sc, name);
    if (t >= lua->declared_from)
        luaL_error(L, "cell_type: \"%s\" is already declared at line %d", name,
                   lua->type_line[t]);
    if (t >= 0)
        luaL_error(L, "cell_type: \"%s\" is already defined in the scenario's \"cell_types\"",
                   name);
    if (lua->sc->n_types == CT_MAX_TYPES)
        luaL_error(L, "cell_type: at most %d cell types are supported", CT_MAX_TYPES);
}

static void read_colour(lua_State *L, ct_type_params *tp)
{
    const char *c = ct_lua_field_string(L, 1, "cell_type", "colour", 0);
    if (!c)
        return;
    int ok = strlen(c) == 7 && c[0] == '#' && strspn(c + 1, "0123456789abcdefABCDEF") == 6;
    if (!ok)
        luaL_error(L, "cell_type: colour must be \"#rrggbb\", got \"%s\"", c);
    memcpy(tp->colour, c, 8);
}

int ct_lua_sub_table(lua_State *L, const char *key, const char *fname, const char *const *keys)
{
    if (lua_getfield(L, 1, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    ct_lua_check_keys(L, lua_gettop(L), fname, keys);
    return lua_gettop(L);
}

static void read_transition(lua_State *L, ct_lua *lua, int t)
{
    static const char *const keys[] = {"rate", "to", NULL};
    ct_type_params *tp = &lua->sc->types[t];
    int idx = ct_lua_sub_table(L, "transition", "cell_type: transition", keys);
    if (!idx)
        return;
    tp->transition_rate = ct_lua_field_number(L, idx, "cell_type: transition", "rate", 0, 0,
                                              HUGE_VAL);
    const char *to = ct_lua_field_string(L, idx, "cell_type: transition", "to", 1);
    snprintf(lua->transition_to[t], CT_NAME_MAX, "%s", to);
    lua_pop(L, 1);
}

/* push = {motility = R, proliferation = R}: the type's push radii in sites, 0 (none) to
   CT_PUSH_MAX_RADIUS, as the JSON keys motility.push.radius and proliferation.push.radius. */
static void read_push(lua_State *L, ct_type_params *tp)
{
    static const char *const keys[] = {"motility", "proliferation", NULL}; /* push_radius order */
    int idx = ct_lua_sub_table(L, "push", "cell_type: push", keys);
    for (int k = 0; idx && k < 2; k++) {
        double r = ct_lua_field_number(L, idx, "cell_type: push", keys[k], 0, 0,
                                       CT_PUSH_MAX_RADIUS);
        char value[32]; /* luaL_error knows no %g */
        snprintf(value, sizeof value, "%g", r);
        if (r != floor(r))
            luaL_error(L, "cell_type: push: %s = %s: expected a whole number of sites", keys[k],
                       value);
        tp->push_radius[k] = (uint8_t)r;
    }
    if (idx)
        lua_pop(L, 1);
}

/* The declared rates together (ct_scenario_check_rates). */
static void check_rates(lua_State *L, const ct_lua *lua, const ct_type_params *tp)
{
    double rate[4];
    ct_error e;
    ct_scenario_type_rates(tp, rate);
    if (ct_scenario_check_rates(rate, lua->sc->dt, "cell_type", &e))
        luaL_error(L, "%s", e.msg);
}

static int decl_cell_type(lua_State *L)
{
    static const char *const keys[] = {"name",       "motility",      "proliferation", "death",
                                       "transition", "colour",        "states",
                                       "initial_state", "secretion", "uptake", "chemotaxis",
                                       "push", "cycle", NULL};
    ct_lua *lua = ct_lua_of(L);
    ct_lua_check_keys(L, 1, "cell_type", keys);
    const char *name = ct_lua_field_string(L, 1, "cell_type", "name", 1);
    if (lua->mode == CT_LUA_SIMULATING)
        return 0; /* merged into the scenario while declaring */
    check_type_name(L, lua, name);
    int t = lua->sc->n_types;
    ct_type_params *tp = &lua->sc->types[t];
    ct_scenario_type_init(tp, name);
    tp->motility_rate = ct_lua_field_number(L, 1, "cell_type", "motility", 0, 0, HUGE_VAL);
    tp->proliferation_rate = ct_lua_field_number(L, 1, "cell_type", "proliferation", 0, 0, HUGE_VAL);
    tp->death_rate = ct_lua_field_number(L, 1, "cell_type", "death", 0, 0, HUGE_VAL);
    read_colour(L, tp);
    lua->transition_to[t][0] = '\0';
    read_transition(L, lua, t);
    read_push(L, tp);
    ct_lua_type_cycle(L, lua->sc->dt, tp);
    check_rates(L, lua, tp);
    ct_lua_type_signals(L, lua, tp);
    lua->type_line[t] = ct_lua_current_line(L);
    lua->sc->n_types++;
    return 0;
}

int ct_lua_finish_declare(ct_lua *lua)
{
    ct_scenario *sc = lua->sc;
    for (int t = lua->declared_from; t < sc->n_types; t++) {
        if (!lua->transition_to[t][0])
            continue;
        sc->types[t].transition_to = ct_scenario_type_index(sc, lua->transition_to[t]);
        if (sc->types[t].transition_to < 0)
            return ct_error_set(lua->err, CT_EINVAL,
                                "%s:%d: cell_type \"%s\": transition to unknown cell type \"%s\"",
                                lua->script, lua->type_line[t], sc->types[t].name,
                                lua->transition_to[t]);
    }
    return ct_lua_resolve_signals(lua);
}

/* ---- on_cell() and on_step() ---------------------------------------------------------------- */

static int decl_on_cell(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (lua->mode == CT_LUA_DECLARING)
        return 0;
    int t = ct_lua_check_type(L, 1);
    if (lua->has_cell_fn[t])
        return luaL_error(L, "on_cell: cell type \"%s\" already has a per-cell function",
                          lua_tostring(L, 1));
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->cell_fn_ref);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, t + 1);
    lua->has_cell_fn[t] = 1;
    lua->n_cell_fns++;
    return 0;
}

static int decl_on_step(lua_State *L)
{
    ct_lua *lua = ct_lua_of(L);
    luaL_checktype(L, 1, LUA_TFUNCTION);
    if (lua->mode == CT_LUA_DECLARING)
        return 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->hooks_ref);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, ++lua->n_hooks);
    return 0;
}

void ct_lua_install_declare(lua_State *L)
{
    static const luaL_Reg fns[] = {{"cell_type", decl_cell_type}, {"attribute", ct_lua_attribute},
                                   {"rule", ct_lua_rule},         {"contact", ct_lua_contact},
                                   {"on_cell", decl_on_cell},     {"on_step", decl_on_step},
                                   {NULL, NULL}};
    ct_lua *lua = ct_lua_of(L);
    lua_pushglobaltable(L);
    luaL_setfuncs(L, fns, 0);
    lua_pop(L, 1);
    lua_newtable(L);
    lua->cell_fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    lua->hooks_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    lua->kept_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}
