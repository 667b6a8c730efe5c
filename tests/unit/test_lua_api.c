/* The Lua API: declarations merged into the scenario, params and --set, per-cell functions and
 * their intents, attributes, per-step hooks, and determinism across thread counts. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_lua.h"
#include "ct_sim_create.h"

static const char *half_tumour =
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"tumour\",\"min\":[0,0],\"max\":[300,150],"
    "\"fill\":true}]";

TEST(lua_cell_types_merge_with_json_and_clash_clearly)
{
    ct_error err = {0};
    ct_scenario *sc = tl_scenario(
        "cell_type{name='tcell', motility=0.5, transition={rate=0.1, to='exhausted'},"
        " colour='#0072b2'}\n"
        "cell_type{name='exhausted', death=0.01}\n",
        "\"cell_types\":{\"tumour\":{\"proliferation\":{\"rate\":0.002}}}", NULL, 0, &err);
    if (!CHECK(sc != NULL))
        return;
    CHECK(sc->n_types == 3);
    int t = ct_scenario_type_index(sc, "tcell");
    CHECK(t == 1 && sc->types[t].motility_rate == 0.5 && sc->types[t].transition_to == 2);
    CHECK(!strcmp(sc->types[t].colour, "#0072b2"));
    ct_scenario_free(sc);
    CHECK(th_says(tl_error("cell_type{name='a'}\ncell_type{name='a'}\n", "", 0),
               ".lua:2: cell_type: \"a\" is already declared at line 1"));
    CHECK(th_says(tl_error("cell_type{name='tumour'}\n", "\"cell_types\":{\"tumour\":{}}", 0),
               ".lua:1: cell_type: \"tumour\" is already defined in the scenario's \"cell_types\""));
    CHECK(th_says(tl_error("\ncell_type{name='a', transition={rate=1, to='b'}}\n", "", 0),
               ".lua:2: cell_type \"a\": transition to unknown cell type \"b\""));
    CHECK(th_says(tl_error("cell_type{name='a', prolifration=1}\n", "", 0),
               ".lua:1: cell_type: unknown field \"prolifration\" (did you mean \"proliferation\"?)"));
    CHECK(th_says(tl_error("-- nothing declared\n", "", 0),
               "/cell_types: expected at least one cell type (here or declared by the script)"));
}

TEST(lua_params_are_visible_and_overrides_reach_them)
{
    const char *script = "cell_type{name='a'}\n"
                         "assert(params.dose == 3 and params.schedule[2] == 12, 'dose ' .. params.dose)\n";
    ct_error err = {0};
    const char *set[] = {"parameters.dose=3"};
    ct_scenario *sc = tl_scenario(script, "\"parameters\":{\"dose\":1,\"schedule\":[0,12]}", set,
                                  1, &err);
    CHECK(sc != NULL);
    ct_scenario_free(sc);
    CHECK(th_says(tl_error(script, "\"parameters\":{\"dose\":1,\"schedule\":[0,12]}", 0),
               ".lua:2: dose 1"));
}

/* "[[...[1]...]]": levels nested arrays around 1. */
static void nested_arrays(char *buf, int levels)
{
    memset(buf, '[', (size_t)levels);
    buf[levels] = '1';
    memset(buf + levels + 1, ']', (size_t)levels);
    buf[2 * levels + 1] = '\0';
}

/* Deep nesting used to overflow the Lua stack (SIGSEGV); the limit counts "parameters" itself. */
TEST(lua_params_nesting_is_bounded_with_the_json_path)
{
    char deep[256], set[300];
    const char *script = "cell_type{name='a'}\nlocal v = params.x\n"
                         "while type(v) == 'table' do v = v[1] end\nassert(v == 1)\n";
    nested_arrays(deep, CT_LUA_PARAMS_MAX_DEPTH - 1);
    snprintf(set, sizeof set, "parameters.x=%s", deep);
    const char *sets[] = {set};
    ct_error err = {0};
    ct_scenario *sc = tl_scenario(script, "", sets, 1, &err);
    CHECK(sc != NULL);
    ct_scenario_free(sc);
    nested_arrays(deep, 100);
    snprintf(set, sizeof set, "parameters.x=%s", deep);
    sc = tl_scenario(script, "", sets, 1, &err);
    CHECK(sc == NULL && th_says(err.msg, ".json: /parameters/x/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/"
                                         "0/0/0/0/0/0/0/0/0/0/0/0/0/0/0: nested deeper than 32 "
                                         "levels"));
    ct_scenario_free(sc);
}

/* Lua strings may hold NUL bytes, which C cut silently ("a\0evil" became the type "a"), and
   any bytes, which made run.json undecodable. */
TEST(lua_names_with_nul_or_bad_utf8_are_refused)
{
    static const char *const cases[][2] = {
        {"cell_type{name = 'a\\0evil'}",
         ".lua:1: cell_type: field \"name\" holds a NUL byte (\\0) at byte 2"},
        {"\ncell_type{name = 'caf\\xe9'}", ".lua:2: cell_type: field \"name\" is not UTF-8 text"},
        {"cell_type{name = 'a', states = {'on', 'off\\0'}}",
         ".lua:1: cell_type: states: a state name holds a NUL byte"},
        {"cell_type{name = 'a', states = {'\\xff'}}",
         ".lua:1: cell_type: states: a state name is not UTF-8 text"},
        {"cell_type{name = 'a'}\nattribute{name = 'p\\0q'}",
         ".lua:2: attribute: field \"name\" holds a NUL byte"},
        {"cell_type{name = 'a'}\ncell_type{name = 'b'}\n"
         "rule{type = 'a\\0b', behaviour = 'death', neighbours = 'b', max = 1, half = 1}",
         ".lua:3: rule: field \"type\" holds a NUL byte"},
        {"cell_type{name = 'a'}\non_cell('a', function(cell)\n  cell:neighbours('a\\0b')\nend)",
         ".lua:3: cell:neighbours: the cell type holds a NUL byte"},
        {"cell_type{name = 'a'}\non_step(function(sim)\n  sim:add_cells('a\\0b', 1)\nend)",
         ".lua:3: sim:add_cells: the cell type holds a NUL byte"},
        {"cell_type{name = 'a'}\non_step(function(sim)\n  local s = sim['step\\0x']\nend)",
         ".lua:3: sim: a field name holds a NUL byte"},
        {"cell_type{name = 'a'}\non_cell('a', function(cell)\n  local v = cell['id\\0x']\nend)",
         ".lua:3: cell: a field name holds a NUL byte"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        CHECK(th_says(tl_error(cases[k][0],
                               "\"initial\":[{\"shape\":\"list\",\"type\":\"a\",\"positions\":"
                               "[[5,5]]}]", 1),
                      cases[k][1]));
}

/* Death through a per-cell function and through the built-in rate: the same law, drawn from
   different streams (CT_RNG_SCRIPT and CT_RNG_DECIDE), so the counts agree statistically. */
TEST(lua_death_rule_matches_the_builtin_death_rate)
{
    const char *body = "\"initial\":[{\"shape\":\"rect\",\"type\":\"lua\",\"min\":[0,0],"
                       "\"max\":[2000,1000],\"fill\":true},{\"shape\":\"rect\",\"type\":\"builtin\","
                       "\"min\":[0,1000],\"max\":[2000,2000],\"fill\":true}]";
    const char *script = "cell_type{name='lua'}\n"
                         "cell_type{name='builtin', death=0.02}\n"
                         "local p = 1 - math.exp(-0.02 * 1)\n"
                         "on_cell('lua', function(cell)\n"
                         "  if math.random() < p then cell:die() end\n"
                         "end)\n";
    ct_error err = {0};
    const char *set[] = {"domain.size=[200,200]"};
    ct_scenario *sc = tl_scenario(script, body, set, 1, &err);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL))
        return;
    double n0 = (double)th_count(sim, 0);
    CHECK(th_run_checked(sim, 50) == 0);
    double want = n0 * exp(-0.02 * 50), sd = sqrt(n0 * exp(-1.0) * (1 - exp(-1.0)));
    printf("    seed 7: lua %llu, builtin %llu, expected %.1f +- %.1f\n",
           (unsigned long long)th_count(sim, 0), (unsigned long long)th_count(sim, 1), want, sd);
    CHECK_NEAR((double)th_count(sim, 0), want, 4 * sd);
    CHECK_NEAR((double)th_count(sim, 1), want, 4 * sd);
    CHECK_NEAR((double)th_count(sim, 0), (double)th_count(sim, 1), 4 * sqrt(2.0) * sd);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_cell_fields_and_intents)
{
    const char *script =
        "cell_type{name='tumour'}\n"
        "cell_type{name='dead_soon'}\n"
        "on_cell('tumour', function(cell)\n"
        "  assert(cell.type == 'tumour' and cell.state == 0 and cell.state_name == 'default')\n"
        "  assert(cell:in_state('default') and cell.age == 0 and cell.parent == 0)\n"
        "  assert(cell.x == 155 and cell.y == 155 and math.abs(cell:signal('o2') - 0.5) < 1e-6)\n"
        "  assert(cell:neighbours() == 0 and cell:neighbours('tumour') == 0)\n"
        "  cell:secrete('o2', 2.5)\n"
        "  cell:set_state(0)\n"
        "  cell:change_type('dead_soon')\n"
        "end)\n";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, "\"fields\":{\"o2\":{\"diffusion\":0,\"initial\":0.5}},"
                                 "\"initial\":[{\"shape\":\"list\",\"type\":\"tumour\","
                                 "\"positions\":[[155,155]]}]", &sc);
    if (!CHECK(sim != NULL))
        return;
    uint32_t site = sim->ag.site[0];
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count(sim, 1) == 1 && sim->ag.state[0] == 0);
    CHECK(sim->fields.source[0][site] == 2.5f);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* One T cell in the middle; a naive and an active T cell and a tumour cell beside it. */
static const char *tcell_states =
    "cell_type{name='tcell', states={'naive', 'active'}}\n"
    "cell_type{name='tumour'}\n";
static const char *tcell_neighbourhood =
    "\"initial\":[{\"shape\":\"list\",\"type\":\"tcell\",\"positions\":[[155,155],[165,155]]},"
    "{\"shape\":\"list\",\"type\":\"tumour\",\"positions\":[[145,155]]}]";

/* The first error of one step of tcell_states plus `code`, on tcell_neighbourhood. */
static const char *tcell_error(const char *code)
{
    char script[1024];
    snprintf(script, sizeof script, "%s%s\n", tcell_states, code);
    return tl_error(script, tcell_neighbourhood, 1);
}

/* One step of tcell_states plus `code`; the simulation, or NULL after a failed check. */
static ct_sim *tcell_step(const char *code, ct_scenario **sc)
{
    char script[2048];
    snprintf(script, sizeof script, "%s%s\n", tcell_states, code);
    ct_sim *sim = tl_sim(script, tcell_neighbourhood, sc);
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 1) == 0))
        return sim;
    ct_sim_free(sim);
    ct_scenario_free(*sc);
    return NULL;
}

/* A state out of a type's range used to overflow the heap in the type:state counts. */
TEST(lua_set_state_refuses_states_the_type_lacks)
{
    CHECK(th_says(tcell_error("on_cell('tumour', function(cell) cell:set_state(254) end)"),
                  ".lua:3: cell:set_state: cell type \"tumour\" has no state 254 (its states: "
                  "default = 0) (in per-cell function"));
    CHECK(th_says(tcell_error("on_cell('tcell', function(cell) cell:set_state('activ') end)"),
                  ".lua:3: cell:set_state: cell type \"tcell\" has no state \"activ\" (its states: "
                  "naive = 1, active = 2)"));
    CHECK(th_says(tcell_error("on_cell('tcell', function(cell) cell:set_state(0) end)"),
                  "cell type \"tcell\" has no state 0 (its states: naive = 1, active = 2)"));
    CHECK(th_says(tcell_error("on_cell('tcell', function(cell) "
                              "cell:act('set_state', 'tumour', 'active') end)"),
                  ".lua:3: cell:act: cell type \"tumour\" has no state \"active\""));
    CHECK(th_says(tcell_error("on_cell('tcell', function(cell) cell:in_state('sleepy') end)"),
                  ".lua:3: cell:in_state: cell type \"tcell\" has no state \"sleepy\""));
}

/* States by name: set, test, look up; a type change drops a state the new type lacks. */
TEST(lua_states_by_name)
{
    ct_scenario *sc;
    ct_sim *sim = tcell_step(
        "on_cell('tcell', function(cell)\n"
        "  assert(cell:in_state('naive') and not cell:in_state('active'))\n"
        "  assert(cell.state == sim:state_index('tcell', 'naive') and cell.state_name == 'naive')\n"
        "  assert(sim:state_index('tumour', 'default') == 0)\n"
        "  if cell.x < 160 then cell:set_state('active') else cell:set_state(2) end\n"
        "end)\n"
        "on_cell('tumour', function(cell) cell:set_state('default') end)", &sc);
    if (!sim)
        return;
    CHECK(th_count_in_state(sim, 0, ct_scenario_state_index(sc, "active")) == 2);
    CHECK(th_count_in_state(sim, 1, 0) == 1);
    ct_sim_free(sim);
    ct_scenario_free(sc);

    sim = tcell_step("on_cell('tcell', function(cell) cell:set_state('active'); "
                     "cell:change_type('tumour') end)", &sc);
    if (!sim)
        return;
    CHECK(th_count_in_state(sim, 1, 0) == 3);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* cell:neighbours and cell:act take "TYPE:STATE" as rule{neighbours = ...} does. */
TEST(lua_neighbours_take_a_type_and_state)
{
    ct_scenario *sc;
    ct_sim *sim = tcell_step(
        "on_cell('tumour', function(cell)\n"
        "  assert(cell:neighbours('tcell') == 1 and cell:neighbours('tcell:naive') == 1)\n"
        "  assert(cell:neighbours('tcell:active') == 0)\n"
        "  assert(cell:act('set_state', 'tcell:active', 'naive') == nil)\n"
        "  assert(cell:act('set_state', 'tcell:naive', 'active') ~= nil)\n"
        "end)", &sc);
    if (!sim)
        return;
    CHECK(th_count_in_state(sim, 0, ct_scenario_state_index(sc, "active")) == 1);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    CHECK(th_says(tcell_error("on_cell('tumour', function(cell) cell:neighbours('tcell:tired') end)"),
                  ".lua:3: cell:neighbours: cell type \"tcell\" has no state \"tired\" (its states: "
                  "naive = 1, active = 2)"));
    CHECK(th_says(tcell_error("on_cell('tumour', function(cell) cell:neighbours('bcell:naive') end)"),
                  ".lua:3: cell:neighbours: unknown cell type \"bcell\" (known: tcell, tumour)"));
}

TEST(lua_act_kills_a_neighbour)
{
    const char *script = "cell_type{name='tcell'}\ncell_type{name='tumour'}\n"
                         "on_cell('tcell', function(cell)\n"
                         "  assert(cell:act('kill', 'tumour') ~= nil)\n"
                         "end)\n";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, "\"initial\":[{\"shape\":\"list\",\"type\":\"tcell\","
                                 "\"positions\":[[155,155]]},{\"shape\":\"list\",\"type\":\"tumour\","
                                 "\"positions\":[[165,155]]}]", &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count(sim, 0) == 1 && th_count(sim, 1) == 0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_attributes_are_drawn_and_inherited)
{
    const char *script =
        "cell_type{name='tumour', proliferation=0.05}\n"
        "attribute{type='tumour', name='growth', dist='normal', mean=2, sd=0.5}\n"
        "attribute{type='tumour', name='clock', dist='uniform', min=0, max=1, inherit=false}\n"
        "attribute{name='other', default=7}\n";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, half_tumour, &sc);
    if (!CHECK(sim != NULL))
        return;
    int g = ct_agents_attribute_index(&sim->ag, "growth");
    int c = ct_agents_attribute_index(&sim->ag, "clock");
    int o = ct_agents_attribute_index(&sim->ag, "other");
    if (!CHECK(g >= 0 && c >= 0 && o >= 0))
        return;
    double sum = 0, sum2 = 0;
    size_t n = sim->ag.n;
    for (size_t i = 0; i < n; i++) {
        sum += sim->ag.attr[g][i];
        sum2 += sim->ag.attr[g][i] * sim->ag.attr[g][i];
    }
    double mean = sum / (double)n, sd = sqrt(sum2 / (double)n - mean * mean);
    CHECK_NEAR(mean, 2.0, 4 * 0.5 / sqrt((double)n));
    CHECK_NEAR(sd, 0.5, 0.1);
    CHECK(sim->ag.attr[o][0] == 7.0);
    CHECK(th_run_checked(sim, 5) == 0);
    int daughters = 0, same_growth = 0, same_clock = 0;
    for (size_t i = 0; i < sim->ag.n; i++) {
        if (sim->ag.parent[i] == 0 || sim->ag.type[i] == CT_DEAD_TYPE)
            continue;
        for (size_t m = 0; m < sim->ag.n; m++)
            if (sim->ag.id[m] == sim->ag.parent[i]) {
                daughters++;
                same_growth += sim->ag.attr[g][i] == sim->ag.attr[g][m];
                same_clock += sim->ag.attr[c][i] == sim->ag.attr[c][m];
            }
    }
    printf("    seed 7: %d daughters\n", daughters);
    CHECK(daughters > 0 && same_growth == daughters && same_clock == 0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_step_hooks_add_cells_change_rates_and_stop)
{
    const char *script =
        "cell_type{name='tumour'}\ncell_type{name='tcell'}\n"
        "on_step(function(sim)\n"
        "  if sim.step == 3 then\n"
        "    assert(sim:add_cells('tcell', 20, {centre = {150, 150}, radius = 60}) == 20)\n"
        "    assert(sim:add_cell('tcell', 5, 5) == true and sim:add_cell('tcell', 5, 5) == false)\n"
        "    sim:set_rate('tumour', 'death', 1e9)\n"
        "  end\n"
        "  if sim.step == 4 then assert(sim.counts.tumour == 0 and sim.time == 4) sim:stop() end\n"
        "end)\n";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, "\"initial\":[{\"shape\":\"rect\",\"type\":\"tumour\","
                                 "\"min\":[0,200],\"max\":[300,300],\"fill\":true}]", &sc);
    if (!CHECK(sim != NULL))
        return;
    for (int k = 0; k < 10 && !sim->stop_requested; k++)
        CHECK(th_run_checked(sim, 1) == 0);
    CHECK(sim->step == 4 && th_count(sim, 1) == 21 && th_count(sim, 0) == 0);
    CHECK(sc->types[0].death_rate == 0); /* the scenario itself is unchanged */
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* sim:set_rate and cell_type{} go through the one rate check: a sum that overflows, a NaN or a
   negative rate is refused with the script line. */
TEST(lua_rates_whose_sum_overflows_are_refused)
{
    const char *hook = "cell_type{name='a'}\n"
                       "on_step(function(sim)\n"
                       "  sim:set_rate('a', 'motility', 1e308)\n"
                       "  sim:set_rate('a', 'proliferation', 1e308)\n"
                       "end)\n";
    CHECK(th_says(tl_error(hook, "", 1), ".lua:4: sim:set_rate: motility 1e+308 + proliferation "
                                         "1e+308 + death 0 + transition 0 per minute"));
    CHECK(th_says(tl_error("cell_type{name='a'}\non_step(function(sim)\n"
                           "  sim:set_rate('a', 'death', 0/0)\nend)\n", "", 1),
                  ".lua:3: sim:set_rate: death rate "));
    CHECK(th_says(tl_error("cell_type{name='a', motility=1e308,\n death=1e308}\n", "", 0),
                  ".lua:1: cell_type: motility 1e+308 + proliferation 0 + death 1e+308"));
}

/* Per-cell functions run serially in the fixed chunk order, so even a script that keeps global
   state gives the same result on any thread count. */
/* The message of a hook that runs `call` at the first step end. */
static const char *hook_error(const char *call)
{
    char script[1024];
    snprintf(script, sizeof script,
             "cell_type{name='a'}\ncell_type{name='b', transition={rate=0.1, to='a'}}\n"
             "on_step(function(sim)\n  %s\nend)\n", call);
    return tl_error(script, "", 1);
}

/* NaN or 1e300 in a region used to overflow int64 in the site span (with a misleading message);
   a rate for a transition with no target did nothing. */
TEST(lua_add_cells_regions_and_set_rate_refuse_bad_values)
{
    static const char *const cases[][2] = {
        {"sim:add_cells('a', 5, {centre = {0/0, 10}, radius = 5})",
         ".lua:4: sim:add_cells: region field \"centre\"[1] = "},
        {"sim:add_cells('a', 5, {centre = {0/0, 10}, radius = 5})",
         ": expected a coordinate in [-1e+12, 1e+12] um"},
        {"sim:add_cells('a', 5, {min = {0, 0}, max = {1e300, 10}})",
         "sim:add_cells: region field \"max\"[1] = 1e+300: expected a coordinate"},
        {"sim:add_cells('a', 5, {min = {0, 'x'}, max = {10, 10}})",
         "sim:add_cells: region field \"min\"[2] = x: expected a coordinate"},
        {"sim:add_cells('a', 5, {centre = {10, 10}, radius = math.huge})",
         "sim:add_cells region: field \"radius\" = inf is outside [0.0, 1000000000000.0]"},
        {"sim:add_cells('a', 5, {min = {50, 0}, max = {10, 10}})",
         "sim:add_cells: region \"max\" must not be below \"min\" on any axis (axis 0)"},
        {"sim:set_rate('a', 'transition', 0.5)",
         ".lua:4: sim:set_rate: cell type \"a\" has no transition to change"},
        {"sim:set_rate('b', 'transition', 0.5)", "(no error)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        CHECK(th_says(hook_error(cases[k][0]), cases[k][1]));
}

/* Infinite bounds drew NaN or infinite attribute values. */
TEST(lua_attribute_distributions_refuse_non_finite_parameters)
{
    static const char *const cases[][2] = {
        {"dist='uniform', min=-math.huge, max=1",
         "attribute: field \"min\" = -inf is outside [-1e+300, 1e+300]"},
        {"dist='normal', sd=1/0", "attribute: field \"sd\" = inf is outside [0.0, 1e+300]"},
        {"default=0/0", "attribute: field \"default\" = "},
        {"dist='lognormal', meanlog=1000",
         "attribute: field \"meanlog\" = 1000.0 is outside [-300.0, 300.0]"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char script[256];
        snprintf(script, sizeof script, "cell_type{name='a'}\nattribute{name='k', %s}\n",
                 cases[k][0]);
        CHECK(th_says(tl_error(script, "", 0), cases[k][1]));
    }
}

TEST(lua_same_result_on_one_and_two_threads)
{
    const char *script =
        "cell_type{name='tumour', proliferation=0.02, motility=0.05}\ncell_type{name='tcell'}\n"
        "attribute{type='tumour', name='g', dist='lognormal', meanlog=0, sdlog=0.3}\n"
        "calls = 0\n"
        "on_cell('tumour', function(cell)\n"
        "  calls = calls + 1\n"
        "  if cell:neighbours('tumour') >= 3 and math.random() < 0.05 * cell.g then cell:die()\n"
        "  elseif calls % 7 == 0 then cell:move(math.random(-1, 1), math.random(-1, 1)) end\n"
        "end)\n"
        "on_cell('tcell', function(cell) if math.random(4) == 1 then cell:act('kill', 'tumour') end end)\n"
        "on_step(function(sim) if sim.step % 10 == 0 then sim:add_cells('tcell', 5) end end)\n";
    const char *body = "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":[150,150],"
                       "\"radius\":80,\"fill\":true}]";
    uint64_t digest[2] = {tl_digest(script, body, 1, 40), tl_digest(script, body, 2, 40)};
    CHECK(digest[0] != 0);
    printf("    seed 7: digest %016llx\n", (unsigned long long)digest[0]);
    CHECK(digest[0] == digest[1]);
}
