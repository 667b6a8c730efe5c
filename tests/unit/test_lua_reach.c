/* What per-cell functions and hooks reach beyond the cell itself: neighbours one by one
 * (cell:each_neighbour), fields at a neighbour (cell:signal with an offset) and anywhere
 * (sim:field: get, set from hooks, total), and sim.counts per type and state. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"

/* Half a's and half b's (in states on/off by their own draw) at random on a 30x30 lattice. */
static const char *mixed =
    "\"fields\":{\"c\":{\"diffusion\":0,\"decay\":0}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[300,300],\"count\":250},"
    "{\"shape\":\"rect\",\"type\":\"b\",\"min\":[0,0],\"max\":[300,300],\"count\":250}]";

static const char *mixed_types =
    "cell_type{name='a'}\ncell_type{name='b', states={'on', 'off'}}\n"
    "attribute{type='b', name='w', dist='uniform', min=0, max=1}\n"
    "attribute{name='acc', default=0}\nattribute{name='east', default=0}\n";

/* The sum over neighbouring b cells in state "on" of w + x, as the lattice has them. */
static double reference_sum(const ct_sim *sim, size_t i, int w, int on)
{
    uint32_t nb[CT_MAX_NEIGHBOURS];
    int n = ct_lattice_neighbours(&sim->lat, sim->ag.site[i], nb);
    double sum = 0;
    for (int k = 0; k < n; k++) {
        uint32_t j = sim->lat.slot[nb[k]], c[3];
        if (j == CT_EMPTY || sim->ag.type[j] != 1 || sim->ag.state[j] != on)
            continue;
        ct_lattice_coords(&sim->lat, nb[k], c);
        sum += sim->ag.attr[w][j] + ((double)c[0] + 0.5) * sim->lat.dx;
    }
    return sum;
}

/* Cells do not move, so after one step each a holds the sum its function saw. The script also
   checks each_neighbour against cell:neighbours and the fields of a neighbour view. */
TEST(lua_each_neighbour_sees_the_neighbours_fields_and_attributes)
{
    char script[2048];
    snprintf(script, sizeof script, "%s"
             "on_step(function(sim) if sim.step == 1 then sim:add_cells('b', 0) end end)\n"
             "on_cell('b', function(cell) if cell.id %% 2 == 0 then cell:set_state('off') end end)\n"
             "on_cell('a', function(cell)\n"
             "  local s, all, on = 0, 0, 0\n"
             "  for n in cell:each_neighbour() do all = all + 1 end\n"
             "  assert(all == cell:neighbours(), 'all')\n"
             "  for n in cell:each_neighbour('b:on') do\n"
             "    assert(n.type == 'b' and n.state_name == 'on' and n:in_state('on'))\n"
             "    assert(n.w == n:attr('w') and n:signal('c') == 0)\n"
             "    s = s + n:attr('w') + n.x; on = on + 1\n"
             "  end\n"
             "  assert(on == cell:neighbours('b:on'), 'on')\n"
             "  cell.acc = s\nend)\n", mixed_types);
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, mixed, &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 2) == 0); /* step 1 sets the b states, step 2 sums */
    int w = ct_agents_attribute_index(&sim->ag, "w"), acc = ct_agents_attribute_index(&sim->ag, "acc");
    int on = ct_scenario_state_index(sc, "on"), checked = 0, nonzero = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        if (sim->ag.type[i] == 0) {
            double want = reference_sum(sim, i, w, on);
            checked += CHECK(fabs(sim->ag.attr[acc][i] - want) < 1e-9 * (1 + want));
            nonzero += want > 0;
        }
    printf("    seed %llu: %d a cells checked, %d with b:on neighbours\n",
           (unsigned long long)sc->seed, checked, nonzero);
    CHECK(checked == 250 && nonzero > 100);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_neighbour_views_are_refused_outside_their_call)
{
    char script[1024];
    const char *kept = "on_cell('a', function(cell) for n in cell:each_neighbour() do kept = n end "
                       "end)\n";
    snprintf(script, sizeof script, "%s%son_step(function(sim) local t = kept and kept.type end)\n",
             mixed_types, kept);
    CHECK(th_says(tl_error(script, mixed, 2), "neighbour: a neighbour from cell:each_neighbour() "
                                              "can only be used inside the per-cell call that got it"));
    snprintf(script, sizeof script, "%son_cell('a', function(cell)\n"
             "  for n in cell:each_neighbour('b') do local v = n:attr('nope') end end)\n", mixed_types);
    CHECK(th_says(tl_error(script, mixed, 1), ".lua:7: cell has no field \"nope\""));
    snprintf(script, sizeof script, "%son_cell('a', function(cell)\n"
             "  for n in cell:each_neighbour('b:asleep') do end end)\n", mixed_types);
    CHECK(th_says(tl_error(script, mixed, 1), ".lua:7: cell:each_neighbour: "));
    snprintf(script, sizeof script, "%son_cell('a', function(cell) kept = cell end)\n"
             "on_step(function(sim) for n in kept:each_neighbour() do end end)\n", mixed_types);
    CHECK(th_says(tl_error(script, mixed, 1), "each_neighbour can only be used inside a per-cell"));
}

/* A hook writes a field where x + 100 y (site centres) is known; per-cell functions then read it
   at the east neighbour (periodic axes wrap), and the total follows the writes exactly. */
TEST(lua_fields_are_written_in_hooks_and_read_at_neighbours)
{
    char script[2048];
    snprintf(script, sizeof script, "%s"
             "on_step(function(sim)\n"
             "  if sim.step ~= 1 then return end\n"
             "  local f = sim:field('c')\n"
             "  assert(f:name() == 'c' and f:total() == 0)\n"
             "  for i = 0, 29 do for j = 0, 29 do\n"
             "    f:set_site(i, j, (i + 0.5) * 10 + 100 * (j + 0.5) * 10)\n"
             "  end end\n"
             "  assert(f:get(5, 15) == 5 + 1500 and f:get_site(0, 1) == 5 + 1500)\n"
             "  local before = f:total()\n"
             "  f:set(5, 15, 0.25)\n"
             "  assert(f:total() - before == (0.25 - 1505) * 100, f:total() - before)\n"
             "  f:set(5, 15, 1505)\n"
             "end)\n"
             "on_cell('a', function(cell)\n"
             "  if sim.step == 1 then cell.east = cell:signal('c', 1, 0) end\n"
             "  assert(cell:signal('c', 0, 0) == cell:signal('c'))\n"
             "end)\n", mixed_types);
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, mixed, &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 2) == 0);
    int east = ct_agents_attribute_index(&sim->ag, "east"), wrong = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        if (sim->ag.type[i] == 0) {
            uint32_t c[3];
            ct_lattice_coords(&sim->lat, sim->ag.site[i], c);
            double x = ((c[0] + 1) % 30 + 0.5) * 10, y = (c[1] + 0.5) * 10;
            wrong += sim->ag.attr[east][i] != (double)(float)(x + 100 * y);
        }
    CHECK(wrong == 0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_field_handles_refuse_bad_places_and_values)
{
    static const struct {
        const char *call, *says;
    } bad[] = {
        {"sim:field('c'):set(5, 5, -1)", ".lua:3: f:set: field \"c\" holds concentrations: the "
                                         "value must be a finite number in [0, "},
        {"sim:field('c'):set(5, 5, 0/0)", "f:set: field \"c\" holds concentrations"},
        {"sim:field('c'):set(5, 5, math.huge)", "f:set: field \"c\" holds concentrations"},
        {"sim:field('c'):set(5, 5, 1e39)", "f:set: field \"c\" holds concentrations"},
        {"sim:field('c'):set(5, 1e9, 1)", ".lua:3: f:set: (5.0"},
        {"sim:field('c'):get(5, 0/0)", ".lua:3: f:get: a coordinate must be a finite number"},
        {"sim:field('c'):get(5)", ".lua:3: f:get: expected a position x, y [, z] in micrometres"},
        {"sim:field('c'):get_site(30, 0)", ".lua:3: f:get_site: site coordinate 1 is 30, outside "
                                          "[0, 29]"},
        {"sim:field('c'):get_site(1.5, 0)", ".lua:3: bad argument #1 to 'get_site' (number has no "
                                           "integer representation)"},
        {"sim:field('c').get(5, 5)", ".lua:3: f:get: call it on a field handle"},
        {"sim:field('nope')", ".lua:3: unknown field \"nope\" (scenario fields: c)"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char script[512];
        snprintf(script, sizeof script, "cell_type{name='a'}\ncell_type{name='b'}\n"
                 "on_step(function(sim) local v = %s end)\n", bad[k].call);
        CHECK(th_says(tl_error(script, mixed, 1), bad[k].says));
    }
    CHECK(th_says(tl_error("cell_type{name='a'}\ncell_type{name='b'}\non_cell('a', function(c)\n"
                           "  sim:field('c'):set(5, 5, 1) end)\n", mixed, 1),
                  ".lua:4: f:set can only be called from a per-step hook"));
    /* per-cell code writes fields through cell:secrete only, into a float source */
    static const char *const amounts[] = {"0/0", "math.huge", "-math.huge", "1e39"};
    for (size_t k = 0; k < sizeof amounts / sizeof *amounts; k++) {
        char script[512];
        snprintf(script, sizeof script, "cell_type{name='a'}\ncell_type{name='b'}\n"
                 "on_cell('a', function(c)\n  c:secrete('c', %s) end)\n", amounts[k]);
        CHECK(th_says(tl_error(script, mixed, 1), ".lua:4: cell:secrete: the amount must be a "
                                                  "finite number of at most"));
    }
}

/* sim.counts has "type:state" entries for the types that declare states, as counts.csv. */
TEST(lua_counts_include_type_and_state)
{
    char script[1024];
    snprintf(script, sizeof script, "%s"
             "on_cell('b', function(cell) if cell.id %% 2 == 0 then cell:set_state('off') end end)\n"
             "on_step(function(sim)\n"
             "  local c = sim.counts\n"
             "  assert(c['b:on'] + c['b:off'] == c.b and c['a:on'] == nil and c['a:default'] == nil)\n"
             "  if sim.step == 2 then assert(c['b:off'] > 0 and c['b:on'] > 0) sim:stop() end\n"
             "end)\n", mixed_types);
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, mixed, &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 2) == 0 && sim->stop_requested);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* "TYPE:STATE" where a script makes or changes cells: sim:add_cell(s) place cells in that state,
   cell:change_type and cell:act("change_type", ...) give the new type that state. */
TEST(lua_new_and_changed_cells_take_a_type_and_state)
{
    const char *script =
        "cell_type{name='a'}\ncell_type{name='b', states={'on', 'off'}}\ncell_type{name='k'}\n"
        "on_step(function(sim)\n"
        "  if sim.step == 1 then\n"
        "    assert(sim:add_cells('b:off', 20, {min = {0, 150}, max = {300, 300}}) == 20)\n"
        "    assert(sim:add_cell('b', 5, 145) and not sim:add_cell('b:off', 5, 145))\n"
        "  end\n"
        "end)\n"
        "on_cell('a', function(cell)\n"
        "  if sim.step == 1 and cell.x < 100 then cell:change_type('b:off') end\n"
        "  if sim.step == 1 and cell.x > 200 then cell:change_type('b') end\n"
        "end)\n"
        "on_cell('k', function(cell)\n"
        "  if sim.step == 2 then assert(cell:act('change_type', 'b:on', 'b:off')) end\n"
        "end)\n";
    const char *body = "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],"
                       "\"max\":[300,100],\"fill\":true},{\"shape\":\"list\",\"type\":\"k\","
                       "\"positions\":[[5,135]]}]";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, body, &sc);
    if (!CHECK(sim != NULL))
        return;
    int b = ct_scenario_type_index(sc, "b"), on = ct_scenario_state_index(sc, "on"),
        off = ct_scenario_state_index(sc, "off");
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count_in_state(sim, b, off) == 20 && th_count_in_state(sim, b, on) == 1);
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count_in_state(sim, b, off) == 120 && th_count_in_state(sim, b, on) == 101);
    CHECK(th_run_checked(sim, 1) == 0); /* k turns its one b:on neighbour (at 5, 145) off */
    CHECK(th_count_in_state(sim, b, off) == 121 && th_count_in_state(sim, b, on) == 100);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    CHECK(th_says(tl_error("cell_type{name='a'}\non_step(function(sim)\n"
                           "  sim:add_cells('a:on', 1) end)\n", "", 1),
                  ".lua:3: sim:add_cells: "));
}

/* The new reach keeps the determinism contract: counts drawn with math.poisson/binomial, neighbour
   views, field reads at neighbours and field writes in hooks give the same cells on 1, 2 and 4
   threads. */
TEST(lua_reach_same_result_on_one_two_and_four_threads)
{
    char script[2048];
    snprintf(script, sizeof script, "%s"
             "on_cell('a', function(cell)\n"
             "  local crowd = 0\n"
             "  for n in cell:each_neighbour('b') do crowd = crowd + n:attr('w') + n:signal('c') end\n"
             "  if math.poisson(crowd) > 2 then cell:die()\n"
             "  elseif math.binomial(4, sim:prob(0.1)) > 0 then cell:divide() end\n"
             "  if (cell:signal('c', 1, 0) or 0) > 0.5 then cell:move() end\n"
             "end)\n"
             "on_step(function(sim)\n"
             "  local f = sim:field('c')\n"
             "  f:set(math.random(0, 299), math.random(0, 299), math.poisson(2))\n"
             "  sim:add_cells('b:off', math.binomial(10, 0.3))\n"
             "end)\n", mixed_types);
    uint64_t d1 = tl_digest(script, mixed, 1, 20), d2 = tl_digest(script, mixed, 2, 20),
             d4 = tl_digest(script, mixed, 4, 20);
    printf("    seed 7: digest %016llx\n", (unsigned long long)d1);
    CHECK(d1 != 0 && d1 == d2 && d1 == d4);
}
