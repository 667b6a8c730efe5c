/* Plugins at work: contact killing, the intracellular ODE and its release into a field, a field
 * reaction, equivalence with the built-in death rule, thread-count independence, and failures
 * reported with the plugin and item name. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "ct_plugin.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

/* A scenario from a template whose "%s" marks are filled with plugin paths. */
static ct_scenario *scenario_with(const char *tmpl, const char *p1, const char *p2)
{
    char json[8192];
    snprintf(json, sizeof json, tmpl, p1, p2);
    return th_scenario(json);
}

static double column(const ct_sim *sim, const char *name)
{
    for (int c = 0; c < sim->columns.n; c++)
        if (!strcmp(sim->columns.items[c].name, name))
            return sim->columns.items[c].value(sim->columns.items[c].user, sim);
    return NAN;
}

TEST(plugin_contact_kill_kills_the_neighbours_of_a_killer)
{
    ct_scenario *sc = scenario_with(
        "{\"domain\":{\"size\":[20,20],\"boundary\":\"closed\"},\"dt\":1,\"steps\":0,\"seed\":5,"
        "\"cell_types\":{\"cd8\":{},\"tumour\":{}},\"initial\":[{\"shape\":\"list\",\"type\":"
        "\"cd8\",\"positions\":[[55,55]]},{\"shape\":\"rect\",\"type\":\"tumour\",\"min\":[0,0],"
        "\"max\":[200,200],\"fill\":true}],\"plugins\":[{\"path\":\"%s\",\"parameters\":"
        "{\"rate\":1e9}}]}%s",
        th_plugin("plugins/contact_kill.so"), "");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_count(sim, 1) == 399);
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count(sim, 1) == 395); /* the four von Neumann neighbours */
    CHECK(column(sim, "kills") == 4.0);
    CHECK(sim->lat.slot[5 * 20 + 4] == CT_EMPTY && sim->lat.slot[4 * 20 + 5] == CT_EMPTY);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

static const char *viral_tmpl =
    "{\"domain\":{\"size\":[30,30]},\"dt\":0.5,\"steps\":0,\"seed\":9,"
    "\"fields\":{\"virus\":{\"diffusion\":0,\"initial\":2},\"antibody\":{\"diffusion\":0,"
    "\"initial\":1.5}},\"cell_types\":{\"infected\":{},\"epithelial\":{}},"
    "\"initial\":[{\"shape\":\"list\",\"type\":\"infected\",\"positions\":[[15,15],[105,205]]}],"
    "\"plugins\":[{\"path\":\"%s\",\"parameters\":{\"production\":10,\"release\":0.1,"
    "\"antibody\":\"antibody\",\"binding\":0.2}}]}%s";

/* V after one exact step from V = 0, computed as the plugin does; returns the amount released. */
static double one_step_from_zero(double p, double c, double dt, double *v)
{
    double steady = p / c;
    *v = steady + (0.0 - steady) * exp(-c * dt);
    return p * dt - (*v - 0.0);
}

TEST(plugin_viral_ode_releases_exactly_what_it_integrates)
{
    ct_scenario *sc = scenario_with(viral_tmpl, th_plugin("plugins/viral_replication.so"), "");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    int load = ct_agents_attribute_index(&sim->ag, "viral_load");
    CHECK(load == 0);
    CHECK(th_run_checked(sim, 1) == 0);
    double v1, released = one_step_from_zero(10, 0.1, 0.5, &v1);
    uint32_t site = 1 + 30 * 1; /* the cell at (15, 15) um */
    size_t i = sim->lat.slot[site];
    if (!CHECK(i != CT_EMPTY))
        return;
    CHECK(sim->ag.attr[load][i] == v1);
    CHECK(sim->fields.source[0][site] == (float)released);
    CHECK(sim->fields.source[0][site + 1] == 0.0f);
    CHECK(column(sim, "viral_load_total") == 2 * v1);
    CHECK(th_run_checked(sim, 9) == 0);
    double exact = 100.0 * -expm1(-0.1 * 0.5 * 10); /* p/c (1 - exp(-c t)) at t = 10 dt */
    printf("    V after 10 steps: %.15g, exact %.15g\n", sim->ag.attr[load][sim->lat.slot[site]],
           exact);
    CHECK_NEAR(sim->ag.attr[load][sim->lat.slot[site]], exact, 1e-12 * exact);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(plugin_field_reaction_binds_antibody_to_virus_at_every_site)
{
    ct_scenario *sc = scenario_with(viral_tmpl, th_plugin("plugins/viral_replication.so"), "");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(ct_registry_find(&sim->registry, "antibody_binding") != NULL);
    CHECK(th_run_checked(sim, 1) == 0);
    double bound = 2.0 * -expm1(-0.2 * 1.5 * 0.5);
    int ok = 1;
    for (size_t s = 0; s < sim->lat.n_sites; s++)
        ok &= sim->fields.value[0][s] == (float)(2.0 - bound) &&
              sim->fields.value[1][s] == (float)(1.5 - bound);
    CHECK(ok);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

static const char *death_tmpl =
    "{\"domain\":{\"size\":[120,120]},\"dt\":2,\"steps\":0,\"seed\":%s,"
    "\"cell_types\":{\"a\":{%s},\"b\":{\"motility\":{\"rate\":0.1}}},\"initial\":[{\"shape\":"
    "\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[1200,1200],\"count\":9000},{\"shape\":\"rect\","
    "\"type\":\"b\",\"min\":[0,0],\"max\":[1200,1200],\"count\":2000}]%s}";

/* Steps the scenario with type a's keys builtin_keys and the death_rate plugin's with plugin_keys
   side by side for 100 steps; 1 if counts and cells agree after every step. left gets the cells
   of a then, and of those the bodies. */
static int death_kernels_agree(const char *builtin_keys, const char *plugin_keys, uint64_t left[2])
{
    char plugins[1200], builtin[2048], plugin[4096];
    snprintf(plugins, sizeof plugins, ",\"plugins\":[{\"path\":\"%s\",\"parameters\":"
             "{\"type\":\"a\",\"rate\":0.01}}]", th_plugin("tests/plugins/death_rate.so"));
    snprintf(builtin, sizeof builtin, death_tmpl, "77", builtin_keys, "");
    snprintf(plugin, sizeof plugin, death_tmpl, "77", plugin_keys, plugins);
    printf("    seed 77\n");
    ct_scenario *sa = th_scenario(builtin), *sb = th_scenario(plugin);
    ct_sim *a = th_sim(sa), *b = th_sim(sb);
    int same = a && b;
    CHECK(same && b->registry.n == 1 && a->registry.n == 0);
    for (int k = 0; k < 100 && same; k++) {
        same = ct_sim_step(a) == CT_OK && ct_sim_step(b) == CT_OK &&
               th_count(a, 0) == th_count(b, 0) && th_count(a, 1) == th_count(b, 1) &&
               th_state_digest(a) == th_state_digest(b);
    }
    if (same) {
        left[0] = th_count(b, 0);
        left[1] = sb->types[0].death.model ? th_count_in_state(b, 0, sb->types[0].death.body_state)
                                           : 0;
        printf("    after 100 steps: %llu cells of a (of 9000), %llu bodies, both ways\n",
               (unsigned long long)left[0], (unsigned long long)left[1]);
    }
    ct_sim_free(a);
    ct_sim_free(b);
    ct_scenario_free(sa);
    ct_scenario_free(sb);
    return same;
}

TEST(plugin_death_kernel_counts_bit_identically_to_the_builtin_rule)
{
    uint64_t left[2];
    CHECK(death_kernels_agree("\"death\":{\"rate\":0.01}", "", left) && left[0] < 9000 / 2);
}

/* With a death model, a plugin's die makes a body as the built-in death does, and bodies drop
   the plugin's further deaths: the same bodies, bit for bit. */
TEST(plugin_death_follows_the_death_model)
{
    uint64_t left[2];
    CHECK(death_kernels_agree("\"death\":{\"rate\":0.01,\"model\":\"apoptosis\","
                              "\"duration\":{\"mean\":30}}",
                              "\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":30}}",
                              left) &&
          left[1] > 100);
}

static const char *both_tmpl =
    "{\"domain\":{\"size\":[160,160],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
    "\"seed\":31,\"fields\":{\"virus\":{\"diffusion\":0}},\"cell_types\":{\"cd8\":{\"motility\":"
    "{\"rate\":0.5}},\"infected\":{\"proliferation\":{\"rate\":0.02}},\"epithelial\":{"
    "\"proliferation\":{\"rate\":0.01}}},\"initial\":[{\"shape\":\"rect\",\"type\":\"cd8\","
    "\"min\":[0,0],\"max\":[1600,1600],\"count\":1500},{\"shape\":\"disc\",\"type\":\"infected\","
    "\"centre\":[800,800],\"radius\":500,\"fill\":true},{\"shape\":\"rect\",\"type\":"
    "\"epithelial\",\"min\":[0,0],\"max\":[1600,1600],\"count\":4000}],\"plugins\":["
    "{\"path\":\"%s\",\"parameters\":{\"target\":\"infected\",\"rate\":0.05}},{\"path\":\"%s\"}]}";

/* Folds the state, the kills and the total viral load of each step. */
static uint64_t plugin_trajectory(int threads, int steps)
{
    omp_set_num_threads(threads);
    ct_scenario *sc = scenario_with(both_tmpl, th_plugin("plugins/contact_kill.so"),
                                    th_plugin("plugins/viral_replication.so"));
    ct_sim *sim = th_sim(sc);
    uint64_t h = 0;
    for (int k = 0; sim && k < steps; k++) {
        if (ct_sim_step(sim))
            break;
        double load = column(sim, "viral_load_total");
        uint64_t bits;
        memcpy(&bits, &load, sizeof bits);
        h = (h * 1099511628211ULL ^ th_state_digest(sim)) + bits + (uint64_t)column(sim, "kills");
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return h;
}

TEST(plugin_kernels_give_the_same_trajectory_on_any_thread_count)
{
    int saved = omp_get_max_threads();
    uint64_t one = plugin_trajectory(1, 60), two = plugin_trajectory(2, 60),
             four = plugin_trajectory(4, 60);
    printf("    seed 31: 1 thread %016llx, 2 threads %016llx, 4 threads %016llx\n",
           (unsigned long long)one, (unsigned long long)two, (unsigned long long)four);
    CHECK(one != 0 && one == two && two == four);
    omp_set_num_threads(saved);
}

TEST(plugin_kernel_failure_stops_the_step_naming_plugin_and_item)
{
    ct_scenario *sc = scenario_with(
        "{\"domain\":{\"size\":[100,100]},\"dt\":1,\"steps\":0,\"seed\":4,\"cell_types\":"
        "{\"a\":{\"motility\":{\"rate\":0.1}}},\"initial\":[{\"shape\":\"rect\",\"type\":\"a\","
        "\"min\":[0,0],\"max\":[1000,1000],\"fill\":true}],\"plugins\":[{\"path\":\"%s\","
        "\"parameters\":{\"fail_step\":3}}]}%s",
        th_plugin("tests/plugins/misbehave.so"), "");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 3) == 0); /* the guards held on every chunk */
    CHECK(ct_sim_step(sim) == CT_ESTATE);
    printf("    %s\n", sim->err.msg);
    char want[1200];
    snprintf(want, sizeof want, "plugin %s: misbehave: gave up at step 3",
             sc->plugins[0].path);
    CHECK(!strcmp(sim->err.msg, want));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* A scenario of 3 cells of "a" (states naive, active) and 1 of "b" (none), with the set_state
   test plugin given these parameters. */
static ct_scenario *set_state_scenario(const char *params)
{
    return scenario_with(
        "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":0,\"seed\":4,\"cell_types\":"
        "{\"a\":{\"states\":[\"naive\",\"active\"]},\"b\":{}},\"initial\":[{\"shape\":\"list\","
        "\"type\":\"a\",\"positions\":[[5,5],[15,5],[25,5]]},{\"shape\":\"list\",\"type\":\"b\","
        "\"positions\":[[5,15]]}],\"plugins\":[{\"path\":\"%s\",\"parameters\":%s}]}",
        th_plugin("tests/plugins/set_state.so"), params);
}

/* A plugin's set_state(200) used to overflow the heap in the type:state counts. */
TEST(plugin_set_state_refuses_states_the_type_lacks)
{
    ct_scenario *sc = set_state_scenario("{\"type\":\"b\",\"number\":200}");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(ct_sim_step(sim) == CT_ESTATE);
    printf("    %s\n", sim->err.msg);
    char want[1200];
    snprintf(want, sizeof want, "plugin %s: set_state: set_state(cell id 4, 200): cell type \"b\" "
             "has no state 200 (its states: default = 0)", sc->plugins[0].path);
    CHECK(!strcmp(sim->err.msg, want));
    ct_sim_free(sim);
    ct_scenario_free(sc);
    sc = set_state_scenario("{\"number\":0}");
    sim = th_sim(sc);
    CHECK(sim != NULL && ct_sim_step(sim) == CT_ESTATE &&
          th_says(sim->err.msg, "cell type \"a\" has no state 0 (its states: naive = 1, active = 2)"));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* state_index (ABI 1.1) finds a state of a type by name, or says which states the type has. */
TEST(plugin_state_index_looks_a_state_up_by_name)
{
    ct_scenario *sc = set_state_scenario("{\"state\":\"active\"}");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count_in_state(sim, 0, ct_scenario_state_index(sc, "active")) == 3);
    CHECK(th_count_in_state(sim, 1, 0) == 1);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    sc = set_state_scenario("{\"state\":\"activ\"}");
    CHECK(sc != NULL && th_sim(sc) == NULL);
    ct_scenario_free(sc);
    char json[4096];
    snprintf(json, sizeof json, "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":0,\"cell_types\":"
             "{\"a\":{\"states\":[\"naive\",\"active\"]}},\"plugins\":[{\"path\":\"%s\","
             "\"parameters\":{\"state\":\"activ\"}}]}", th_plugin("tests/plugins/set_state.so"));
    CHECK(th_scenario_says(json, "set_state.so: init failed: cell type \"a\" has no state \"activ\" "
                                 "(its states: naive = 1, active = 2)"));
}

/* A name that is not UTF-8 would make counts.csv and run.json undecodable. */
TEST(plugin_names_must_be_utf8)
{
    ct_scenario *sc = set_state_scenario("{\"state\":\"active\",\"latin1\":1}");
    CHECK(sc != NULL && th_sim(sc) == NULL);
    ct_scenario_free(sc);
    char json[4096];
    const char *tmpl = "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":0,\"cell_types\":"
                       "{\"a\":{}},\"plugins\":[{\"path\":\"%s\",\"parameters\":{\"latin1\":%d}}]}";
    snprintf(json, sizeof json, tmpl, th_plugin("tests/plugins/set_state.so"), 1);
    CHECK(th_scenario_says(json, "set_state.so: init failed: add_column(): a name needs 1 to 63 "
                                 "bytes of UTF-8"));
    /* a lookup's message quotes the name only when it is UTF-8 */
    snprintf(json, sizeof json, tmpl, th_plugin("tests/plugins/set_state.so"), 2);
    CHECK(th_scenario_says(json, "init failed: cell type \"a\" has no state \"(a name that is not "
                                 "UTF-8)\" (its states: default = 0)"));
}
