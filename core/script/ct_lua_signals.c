/* The signal declarations of a script: the states, secretion, uptake and chemotaxis keys of
 * cell_type{}, and rule{} and contact{}. They fill the same structures as the scenario JSON,
 * through the same validation (ct_signals_decl.c), and so run in the built-in kernels. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_lua_internal.h"

/* ---- reading ------------------------------------------------------------------------------- */

/* A number key of the table at idx with its shared default and range; required: must be there. */
static double number(lua_State *L, int idx, const char *fname, const ct_decl_number *n,
                     int required)
{
    int absent = lua_getfield(L, idx, n->key) == LUA_TNIL;
    lua_pop(L, 1);
    if (absent && required)
        luaL_error(L, "%s: field \"%s\" is required", fname, n->key);
    return ct_lua_field_number(L, idx, fname, n->key, n->def, n->min, n->max);
}

/* The string s kept alive until the state closes (pending declarations point into it). */
static const char *keep(lua_State *L, const char *s)
{
    if (!s)
        return NULL;
    ct_lua *lua = ct_lua_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, lua->kept_ref);
    s = lua_pushstring(L, s);
    luaL_ref(L, -2);
    lua_pop(L, 1);
    return s;
}

static const char *kept_field(lua_State *L, const char *fname, const char *key, int required)
{
    return keep(L, ct_lua_field_string(L, 1, fname, key, required));
}

static void refuse(lua_State *L, const char *fname, const ct_decl_error *e)
{
    luaL_error(L, "%s: %s", fname, e->why.msg);
}

/* ---- cell_type{}: states, secretion, uptake, chemotaxis ------------------------------------ */

static void read_states(lua_State *L, ct_lua *lua, ct_type_params *tp)
{
    const char *fname = "cell_type: states", *first = NULL, *initial;
    ct_decl_error e;
    int t = lua_getfield(L, 1, "states"), n = t == LUA_TTABLE ? (int)lua_rawlen(L, -1) : 0;
    if (t != LUA_TNIL && n == 0)
        luaL_error(L, "%s: expected a non-empty list of state names", fname);
    for (int k = 1; k <= n; k++) {
        if (lua_rawgeti(L, -1, k) != LUA_TSTRING)
            luaL_error(L, "%s: expected a list of state names", fname);
        const char *name = ct_lua_text(L, -1, fname, "a state name");
        first = first ? first : name; /* the list on the stack holds it */
        if (ct_decl_add_state(lua->sc, tp, name, &e))
            refuse(L, fname, &e);
        lua_pop(L, 1);
    }
    initial = ct_lua_field_string(L, 1, "cell_type", "initial_state", 0);
    if (ct_decl_initial_state(lua->sc, tp, first, initial, &e))
        refuse(L, "cell_type: initial_state", &e);
    lua_pop(L, 1);
}

/* secretion = {FIELD = rate, ...} or uptake = {...}, applied in the order of the scenario's
   fields (a Lua table has no order). */
static void read_field_rates(lua_State *L, ct_lua *lua, ct_type_params *tp, const char *key)
{
    const ct_scenario *sc = lua->sc;
    char fname[64];
    double v[CT_MAX_FIELDS];
    int given[CT_MAX_FIELDS] = {0}, uptake = strcmp(key, "uptake") == 0;
    ct_decl_error e;
    snprintf(fname, sizeof fname, "cell_type: %s", key);
    if (lua_getfield(L, 1, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int idx = lua_gettop(L);
    luaL_checktype(L, idx, LUA_TTABLE);
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        const char *field =
            lua_type(L, -2) == LUA_TSTRING ? ct_lua_text(L, -2, fname, "a field name") : "";
        int f = ct_scenario_field_index(sc, field);
        if (f < 0) { /* refused, with the shared message */
            ct_decl_field_rate(sc, &tp->sig, field, uptake, 0, &e);
            refuse(L, fname, &e);
            continue;
        }
        ct_decl_number n = ct_num_field_rate;
        n.key = field;
        v[f] = number(L, idx, fname, &n, 1);
        given[f] = 1;
    }
    for (int f = 0; f < sc->n_fields; f++)
        if (given[f] && ct_decl_field_rate(sc, &tp->sig, sc->fields[f].name, uptake, v[f], &e))
            refuse(L, fname, &e);
    lua_pop(L, 1);
}

static void read_chemotaxis(lua_State *L, ct_lua *lua, ct_type_params *tp)
{
    static const char *const keys[] = {"field", "sensitivity", NULL};
    const char *fname = "cell_type: chemotaxis";
    ct_decl_error e;
    if (lua_getfield(L, 1, "chemotaxis") == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int idx = lua_gettop(L);
    ct_lua_check_keys(L, idx, fname, keys);
    const char *field = ct_lua_field_string(L, idx, fname, "field", 1);
    double chi = number(L, idx, fname, &ct_num_sensitivity, 1);
    if (ct_decl_chemotaxis(lua->sc, &tp->sig, field, chi, &e))
        refuse(L, fname, &e);
    lua_pop(L, 1);
}

void ct_lua_type_signals(lua_State *L, ct_lua *lua, ct_type_params *tp)
{
    read_states(L, lua, tp);
    read_field_rates(L, lua, tp, "secretion");
    read_field_rates(L, lua, tp, "uptake");
    read_chemotaxis(L, lua, tp);
}

/* ---- rule{} and contact{} ------------------------------------------------------------------- */

/* A new pending declaration of the current line, after checking the keys of the table and
   reading the type it belongs to (owner); NULL when simulating (nothing to do). */
static ct_lua_pending *add_pending(lua_State *L, int is_rule, const char *const *keys,
                                   const char *owner)
{
    ct_lua *lua = ct_lua_of(L);
    const char *fname = is_rule ? "rule" : "contact";
    ct_lua_check_keys(L, 1, fname, keys);
    if (lua->mode == CT_LUA_SIMULATING)
        return NULL;
    if (lua->n_pending == lua->pending_cap) {
        int cap = lua->pending_cap ? 2 * lua->pending_cap : 16;
        ct_lua_pending *p = ct_realloc(lua->pending, (size_t)cap * sizeof *p);
        if (!p)
            luaL_error(L, "%s: out of memory", fname);
        lua->pending = p;
        lua->pending_cap = cap;
    }
    ct_lua_pending *p = &lua->pending[lua->n_pending++];
    memset(p, 0, sizeof *p);
    p->is_rule = is_rule;
    p->line = ct_lua_current_line(L);
    p->type = kept_field(L, fname, owner, 1);
    return p;
}

/* signal = FIELD or neighbours = TYPE[:STATE], as the JSON's "field:..." or "neighbours:...". */
static const char *rule_signal(lua_State *L)
{
    const char *field = ct_lua_field_string(L, 1, "rule", "signal", 0);
    const char *type = ct_lua_field_string(L, 1, "rule", "neighbours", 0);
    if (!field == !type)
        luaL_error(L, "rule: give either signal = FIELD or neighbours = TYPE");
    const char *s = lua_pushfstring(L, "%s:%s", field ? "field" : "neighbours",
                                    field ? field : type);
    s = keep(L, s);
    lua_pop(L, 1);
    return s;
}

int ct_lua_rule(lua_State *L)
{
    static const char *const keys[] = {"type", "behaviour", "signal", "neighbours", "max",
                                       "half", "hill", "state", NULL};
    ct_lua_pending *p = add_pending(L, 1, keys, "type");
    if (!p)
        return 0;
    ct_rule_decl *d = &p->rule;
    d->behaviour = kept_field(L, "rule", "behaviour", 1);
    d->signal = rule_signal(L);
    d->state = kept_field(L, "rule", "state", 0);
    d->max = number(L, 1, "rule", &ct_num_rule_max, 1);
    d->half = number(L, 1, "rule", &ct_num_rule_half, 1);
    d->hill = number(L, 1, "rule", &ct_num_rule_hill, 0);
    return 0;
}

static int contact_action(lua_State *L)
{
    const char *a = ct_lua_field_string(L, 1, "contact", "action", 1);
    for (int k = 0; ct_contact_actions[k]; k++)
        if (strcmp(a, ct_contact_actions[k]) == 0)
            return k;
    return luaL_error(L, "contact: action must be \"kill\", \"infect\", \"activate\" or "
                         "\"phagocytose\", got \"%s\"", a);
}

/* What the target becomes: become = TYPE (infect) or state = STATE (activate). */
static const char *contact_to(lua_State *L, int action)
{
    const char *become = kept_field(L, "contact", "become", 0);
    const char *state = kept_field(L, "contact", "state", 0);
    if ((action == CT_CONTACT_INFECT && state) || (action == CT_CONTACT_ACTIVATE && become))
        luaL_error(L, "contact: %s", action == CT_CONTACT_INFECT
                                         ? "infect names the new type with become = TYPE"
                                         : "activate names the new state with state = STATE");
    return become ? become : state;
}

static void contact_value(lua_State *L, const ct_decl_number *n, int *has, double *v)
{
    *has = lua_getfield(L, 1, n->key) != LUA_TNIL;
    lua_pop(L, 1);
    *v = number(L, 1, "contact", n, 0);
}

int ct_lua_contact(lua_State *L)
{
    static const char *const keys[] = {"from",  "to",         "action",   "probability",
                                       "rate",  "become",     "state",    "from_state",
                                       "to_state", "name",    NULL};
    ct_lua_pending *p = add_pending(L, 0, keys, "from");
    if (!p)
        return 0;
    ct_contact_decl *d = &p->contact;
    d->target = kept_field(L, "contact", "to", 1);
    d->action = contact_action(L);
    d->to = contact_to(L, d->action);
    d->state = kept_field(L, "contact", "from_state", 0);
    d->target_state = kept_field(L, "contact", "to_state", 0);
    d->name = kept_field(L, "contact", "name", 0);
    contact_value(L, &ct_num_probability, &d->has_probability, &d->probability);
    contact_value(L, &ct_num_rate, &d->has_rate, &d->rate);
    return 0;
}

/* ---- resolution ----------------------------------------------------------------------------- */

/* The Lua key of a JSON contact key, for messages. */
static const char *contact_key(const char *key, int action)
{
    static const char *const names[][2] = {
        {"target", "to"}, {"target_state", "to_state"}, {"state", "from_state"}};
    for (int k = 0; k < 3; k++)
        if (key && strcmp(key, names[k][0]) == 0)
            return names[k][1];
    if (key && strcmp(key, "to") == 0)
        return action == CT_CONTACT_INFECT   ? "become"
               : action == CT_CONTACT_ACTIVATE ? "state"
                                               : "become, state";
    return key;
}

static int resolve(ct_lua *lua, const ct_lua_pending *p)
{
    ct_scenario *sc = lua->sc;
    const char *what = p->is_rule ? "rule" : "contact";
    ct_decl_error e = {0};
    int t = ct_scenario_type_index(sc, p->type);
    if (t < 0)
        return ct_error_set(lua->err, CT_EINVAL, "%s:%d: %s (%s): unknown cell type \"%s\"",
                            lua->script, p->line, what, p->is_rule ? "type" : "from", p->type);
    int rc = p->is_rule ? ct_decl_rule(sc, &sc->types[t], &p->rule, &e)
                        : ct_decl_contact(sc, &sc->types[t], &p->contact, &e);
    if (!rc)
        return CT_OK;
    const char *key = p->is_rule ? e.key : contact_key(e.key, p->contact.action);
    return ct_error_set(lua->err, CT_EINVAL, "%s:%d: %s%s%s%s: %s", lua->script, p->line, what,
                        key ? " (" : "", key ? key : "", key ? ")" : "", e.why.msg);
}

/* Contact actions first: rules may name them ("contact:NAME"). */
int ct_lua_resolve_signals(ct_lua *lua)
{
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < lua->n_pending; k++) {
            int rc = lua->pending[k].is_rule == pass ? resolve(lua, &lua->pending[k]) : CT_OK;
            if (rc)
                return rc;
        }
    return CT_OK;
}
