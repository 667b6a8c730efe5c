/* The cycle = {...} field of cell_type{}: the Lua form of a type's JSON "cycle" (docs/scenario.md,
 * "Cell cycle"), with the same models, phase names, limits and check against dt. */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>

#include "ct_lua_internal.h"

#define FNAME "cell_type: cycle"

/* The number key of the table at tbl (fname names it in messages): limits[0] when absent unless
   required; within [limits[1], limits[2]], and a whole number when whole. */
static double phase_number(lua_State *L, int tbl, const char *fname, const char *key,
                           const double limits[3], int required, int whole)
{
    int absent = lua_getfield(L, tbl, key) == LUA_TNIL;
    lua_pop(L, 1);
    if (absent && required)
        luaL_error(L, "%s: field \"%s\" is required (a duration per phase)", fname, key);
    double v = ct_lua_field_number(L, tbl, fname, key, limits[0], limits[1], limits[2]);
    if (whole && v != floor(v))
        luaL_error(L, "%s: field \"%s\": expected a whole number of stages", fname, key);
    return v;
}

/* The field key of the cycle table at cycle as a table keyed by the model's phase names: its stack
   index, its keys checked (did-you-mean), or 0 when it is not a table (left on the stack). */
static int phase_table(lua_State *L, int cycle, const char *key, const char *const *names, int n)
{
    const char *keys[CT_CYCLE_MAX_PHASES + 1] = {NULL};
    char fname[64];
    for (int p = 0; p < n; p++)
        keys[p] = names[p];
    snprintf(fname, sizeof fname, FNAME ": %s", key);
    if (lua_getfield(L, cycle, key) != LUA_TTABLE)
        return 0;
    ct_lua_check_keys(L, lua_gettop(L), fname, keys);
    return lua_gettop(L);
}

/* stages = k (every phase) or {PHASE = k, ...} (default 1), k in 1..CT_CYCLE_MAX_STAGES. */
static void read_stages(lua_State *L, int cycle, ct_cycle_def *cd, const char *const *names)
{
    static const double limits[3] = {1, 1, CT_CYCLE_MAX_STAGES};
    int tbl = phase_table(L, cycle, "stages", names, cd->n_phases);
    if (!tbl && !lua_isnil(L, -1) && !lua_isnumber(L, -1))
        luaL_error(L, FNAME ": field \"stages\" must be a number or a table of a number per "
                      "phase, got %s", luaL_typename(L, -1));
    for (int p = 0; p < cd->n_phases; p++)
        cd->stages[p] = (int)(tbl ? phase_number(L, tbl, FNAME ": stages", names[p], limits, 0, 1)
                                  : phase_number(L, cycle, FNAME, "stages", limits, 0, 1));
    lua_pop(L, 1);
}

/* durations = {PHASE = T, ...}: every phase's mean duration in minutes. */
static void read_durations(lua_State *L, int cycle, ct_cycle_def *cd, const char *const *names)
{
    static const double limits[3] = {0, CT_CYCLE_MIN_DURATION, CT_CYCLE_MAX_DURATION};
    int tbl = phase_table(L, cycle, "durations", names, cd->n_phases);
    if (!tbl)
        luaL_error(L, FNAME ": field \"durations\" must be a table of a duration per phase "
                      "(minutes), got %s", luaL_typename(L, -1));
    for (int p = 0; p < cd->n_phases; p++)
        cd->duration[p] = phase_number(L, tbl, FNAME ": durations", names[p], limits, 1, 0);
    lua_pop(L, 1);
}

void ct_lua_type_cycle(lua_State *L, double dt, ct_type_params *tp)
{
    static const char *const keys[] = {"model", "durations", "stages", NULL};
    int cycle = ct_lua_sub_table(L, "cycle", FNAME, keys);
    if (!cycle)
        return;
    char text[256]; /* luaL_error knows no %g */
    if (tp->proliferation_rate > 0) {
        snprintf(text, sizeof text, "%g", tp->proliferation_rate);
        luaL_error(L, "cell_type: a type divides either by proliferation (rate %s) or by its "
                      "cycle, not both: remove one", text);
    }
    const char *model = ct_lua_field_string(L, cycle, FNAME, "model", 1);
    ct_cycle_def *cd = &tp->cycle;
    const char *const *names;
    cd->model = ct_cycle_model_of(model);
    if (cd->model == CT_CYCLE_NONE)
        luaL_error(L, FNAME ": model \"%s\" is not a cycle model (\"live\", \"G1_S_G2_M\" or "
                      "\"ki67\")", model);
    cd->n_phases = ct_cycle_phase_names(cd->model, &names);
    read_stages(L, cycle, cd, names);
    read_durations(L, cycle, cd, names);
    int p = ct_cycle_check_durations(cd, dt, text, sizeof text);
    if (p >= 0)
        luaL_error(L, FNAME ": durations: field \"%s\": %s", names[p], text);
    lua_pop(L, 1);
}
