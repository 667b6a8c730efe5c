/* The cell cycle as scripts, plugins and counts.csv see it: the "TYPE.PHASE" counts.csv columns
 * (against a direct count of the cycle.phase attribute), sim.counts in Lua, a plugin reading the
 * phase through the attribute view, and cycle = {...} in cell_type{} (the JSON key's twin). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_cycle.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"

/* The value of counts.csv column name in values (the row of sim's columns); -1 if none. */
static double column_value(const ct_sim *sim, const double *values, const char *name)
{
    for (int c = 0; c < sim->columns.n; c++)
        if (!strcmp(sim->columns.items[c].name, name))
            return values[c];
    return -1;
}

/* Whether every phase column of type t holds the cells of t whose cycle.phase is that phase, and
   the columns add up to the type's count. */
static int phase_columns_agree(const ct_sim *sim, const double *values, const char *type,
                               const char *const *phases, int n_phases)
{
    int t = ct_scenario_type_index(sim->sc, type), ok = 1;
    const double *phase = sim->ag.attr[ct_agents_attribute_index(&sim->ag, CT_CYCLE_ATTR_PHASE)];
    double sum = 0;
    for (int p = 0; p < n_phases; p++) {
        char name[80];
        snprintf(name, sizeof name, "%s.%s", type, phases[p]);
        double direct = 0, v = column_value(sim, values, name);
        for (size_t i = 0; i < sim->ag.n; i++)
            direct += sim->ag.type[i] == t && phase[i] == p;
        printf("    step %llu: %s %g (cells in the phase: %g)\n",
               (unsigned long long)sim->step, name, v, direct);
        ok &= v == direct;
        sum += v;
    }
    return ok && sum == (double)th_count(sim, t);
}

static int columns_agree(ct_sim *sim)
{
    static const char *const flow[] = {"G0G1", "S", "G2", "M"}, *const ki67[] = {"Ki67-", "Ki67+"};
    double *values = ct_malloc((size_t)sim->columns.n * sizeof *values);
    ct_error err;
    int ok = values && ct_columns_evaluate(&sim->columns, sim, sim->step, values, &err) == 0 &&
             phase_columns_agree(sim, values, "c", flow, 4) &&
             phase_columns_agree(sim, values, "k", ki67, 2) &&
             column_value(sim, values, "lua_S") == column_value(sim, values, "c.S") &&
             column_value(sim, values, "phase_count") == column_value(sim, values, "c.S");
    ct_free(values);
    return ok;
}

/* The phase columns hold the cells of each phase from step 0 on (placed cells take their place in
   the cycle when the simulation is created), the type without a cycle has none, and they come
   before the script's and the plugins' columns. A Lua column reads the same count from sim.counts,
   a hook finds the phases adding up to the type, and a plugin counts from the cycle.phase
   attribute. */
TEST(cycle_phase_columns_in_counts_lua_and_plugins)
{
    char body[2048], plugin[4096];
    /* absolute: the scenario file is in the test's scratch folder */
    if (!CHECK(realpath(th_plugin("tests/plugins/cycle_phase.so"), plugin) != NULL))
        return;
    snprintf(body, sizeof body,
             "\"cell_types\":{\"c\":{\"motility\":{\"rate\":0.5},\"cycle\":{\"model\":\"G1_S_G2_M\","
             "\"stages\":4,\"durations\":{\"G0G1\":60,\"S\":80,\"G2\":40,\"M\":20}}},\"k\":{"
             "\"cycle\":{\"model\":\"ki67\",\"durations\":{\"Ki67-\":30,\"Ki67+\":50}}},\"q\":{}},"
             "\"initial\":[{\"shape\":\"rect\",\"type\":\"c\",\"min\":[0,0],\"max\":[300,300],"
             "\"count\":200},{\"shape\":\"rect\",\"type\":\"k\",\"min\":[0,0],\"max\":[300,300],"
             "\"count\":100},{\"shape\":\"rect\",\"type\":\"q\",\"min\":[0,0],\"max\":[300,300],"
             "\"count\":20}],\"plugins\":[{\"path\":\"%s\"}]",
             plugin);
    ct_scenario *sc;
    ct_sim *sim = tl_sim("column{name = 'lua_S', integer = true, value = function(sim) "
                         "return sim.counts['c.S'] end}\n"
                         "on_step(function(sim) local n = sim.counts\n"
                         "  if n['c.G0G1'] + n['c.S'] + n['c.G2'] + n['c.M'] ~= n.c then\n"
                         "    error('a hook counts the phases of c: they miss cells') end end)\n",
                         body, &sc);
    if (!CHECK(sim != NULL))
        return;
    static const char *const order[] = {"c.G0G1", "c.S", "c.G2", "c.M", "k.Ki67-", "k.Ki67+",
                                        "lua_S", "phase_count"};
    CHECK(sim->columns.n == 8);
    for (int c = 0; c < sim->columns.n && c < 8; c++)
        CHECK(!strcmp(sim->columns.items[c].name, order[c]));
    CHECK(columns_agree(sim));
    CHECK(th_run_checked(sim, 40) == 0);
    CHECK(columns_agree(sim));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* The names "TYPE.PHASE" are taken before scripts and plugins add columns, and one that does not
   fit a column name is refused naming the type. */
TEST(cycle_phase_column_names_are_checked)
{
    const char *body = "\"cell_types\":{\"c\":{\"cycle\":{\"model\":\"live\",\"durations\":{"
                       "\"live\":60}}}}";
    CHECK(th_says(tl_error("column{name = 'c.live', value = function(sim) return 1 end}\n", body,
                           1),
                  "\"c.live\" is already added by cycle"));
    char json[1024], name[61];
    memset(name, 't', 60);
    name[60] = '\0';
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":1,\"cell_types\":{\"%s\":{\"cycle\":"
             "{\"model\":\"ki67\",\"durations\":{\"Ki67-\":9,\"Ki67+\":9}}}},\"initial\":[]}",
             name);
    CHECK(th_scenario_says(json, "/cycle: the counts.csv column of each phase is \"TYPE.PHASE\", "
                                 "at most 63 bytes: use a shorter type name"));
}

static const char cycle_cells[] =
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"c\",\"min\":[0,0],\"max\":[300,300],\"count\":150}]";

/* cell_type{cycle = ...} declares the same cycle as the JSON key: the same definition and, for
   the same seed, the same trajectory. */
TEST(cycle_declared_in_lua_as_in_json)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[30,30]},\"dt\":1,\"steps\":10,\"seed\":7,\"cell_types\":{\"c\":"
             "{\"motility\":{\"rate\":0.5},\"cycle\":{\"model\":\"G1_S_G2_M\",\"stages\":{\"S\":4,"
             "\"M\":2},\"durations\":{\"G0G1\":60,\"S\":80,\"G2\":40,\"M\":20}}}},%s}",
             cycle_cells);
    ct_scenario *from_json = th_scenario(json), *from_lua;
    ct_sim *a = from_json ? th_sim(from_json) : NULL;
    ct_sim *b = tl_sim("cell_type{name = 'c', motility = 0.5, cycle = {model = 'G1_S_G2_M',\n"
                       "  stages = {S = 4, M = 2}, durations = {G0G1 = 60, S = 80, G2 = 40, M = 20}}}\n",
                       cycle_cells, &from_lua);
    if (CHECK(a && b)) {
        CHECK(memcmp(&from_json->types[0].cycle, &from_lua->types[0].cycle,
                     sizeof(ct_cycle_def)) == 0);
        CHECK(th_run_checked(a, 60) == 0 && th_run_checked(b, 60) == 0);
        printf("    after 60 steps: %llu and %llu cells\n", (unsigned long long)th_count(a, 0),
               (unsigned long long)th_count(b, 0));
        CHECK(th_state_digest(a) == th_state_digest(b));
    }
    ct_sim_free(a);
    ct_sim_free(b);
    ct_scenario_free(from_json);
    ct_scenario_free(from_lua);
}

/* Each wrong cycle = {...} is refused with the script line and what was expected. */
TEST(cycle_in_lua_refusals)
{
    static const struct {
        const char *cycle, *words;
    } bad[] = {
        {"proliferation = 0.01, cycle = {model = 'live', durations = {live = 9}}",
         ":1: cell_type: a type divides either by proliferation (rate 0.01) or by its cycle"},
        {"cycle = {model = 'G2', durations = {}}",
         ":1: cell_type: cycle: model \"G2\" is not a cycle model"},
        {"cycle = {modle = 'live'}", "cell_type: cycle: unknown field \"modle\" (did you mean "
                                     "\"model\"?)"},
        {"cycle = {durations = {live = 9}}", "cell_type: cycle: field \"model\" is required"},
        {"cycle = {model = 'ki67', durations = {['Ki67-'] = 9}}",
         "cell_type: cycle: durations: field \"Ki67+\" is required"},
        {"cycle = {model = 'ki67', durations = {Ki67 = 9}}",
         "cell_type: cycle: durations: unknown field \"Ki67\" (did you mean"},
        {"cycle = {model = 'live', durations = 9}",
         "cell_type: cycle: field \"durations\" must be a table"},
        {"cycle = {model = 'live', durations = {live = -1}}",
         "cell_type: cycle: durations: field \"live\" = -1.0 is outside"},
        {"cycle = {model = 'live', stages = 65, durations = {live = 900}}",
         "cell_type: cycle: field \"stages\" = 65.0 is outside [1.0, 64.0]"},
        {"cycle = {model = 'live', stages = {live = 2.5}, durations = {live = 900}}",
         "cell_type: cycle: stages: field \"live\": expected a whole number of stages"},
        {"cycle = {model = 'live', stages = 'many', durations = {live = 900}}",
         "field \"stages\" must be a number or a table"},
        {"cycle = {model = 'live', stages = 4, durations = {live = 3}}",
         "cell_type: cycle: durations: field \"live\": 4 stages of mean 0.75 min each are "
         "shorter than dt (1 min)"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char script[512];
        snprintf(script, sizeof script, "cell_type{name = 'c', %s}\n", bad[k].cycle);
        CHECK(th_says(tl_error(script, "", 0), bad[k].words));
    }
}

/* Whether every cell born in the last step, and its mother, start the first stage of the cycle. */
static int daughters_and_mothers_restarted(const ct_sim *sim, int *born)
{
    const ct_agents *ag = &sim->ag;
    const double *phase = ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_PHASE)],
                 *stage = ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_STAGE)];
    int ok = 1;
    for (size_t d = 0; d < ag->n; d++) {
        if (ag->type[d] == CT_DEAD_TYPE || ag->parent[d] == 0 ||
            ag->birth_step[d] != (int64_t)sim->step - 1)
            continue;
        (*born)++;
        for (size_t m = 0; m < ag->n; m++)
            if (ag->id[m] == ag->parent[d])
                ok &= phase[m] == 0 && stage[m] == 0;
        ok &= phase[d] == 0 && stage[d] == 0;
    }
    return ok;
}

/* Divisions that push (a packed colony, where most divisions find no free neighbour) restart the
   cycle of mother and daughter as plain divisions do. */
TEST(cycle_divisions_by_pushing_restart_mother_and_daughter)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[40,40],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":1,"
        "\"seed\":3,\"cell_types\":{\"c\":{\"proliferation\":{\"push\":{\"radius\":6}},\"cycle\":"
        "{\"model\":\"ki67\",\"durations\":{\"Ki67-\":10,\"Ki67+\":20}}}},\"initial\":[{\"shape\":"
        "\"disc\",\"type\":\"c\",\"centre\":[200,200],\"radius\":60,\"fill\":true}]}");
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL))
        return;
    int born = 0, ok = 1;
    size_t first = ct_sim_live_cells(sim);
    for (int k = 0; k < 60 && ok; k++)
        ok = th_run_checked(sim, 1) == 0 && daughters_and_mothers_restarted(sim, &born);
    printf("    seed 3: %zu cells, then %zu after 60 steps (%d born)\n", first,
           ct_sim_live_cells(sim), born);
    CHECK(ok && born > 100);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
