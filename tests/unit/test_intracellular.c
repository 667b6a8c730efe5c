/* Intracellular SBML models in running simulations: species columns against the closed form,
 * inputs from fields, split and copy at division (conservation), species as a rule signal,
 * determinism on 1, 2 and 4 threads, and refusals of bad "intracellular" keys. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "ct_rng.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

static char *scenario(const char *intra, const char *type_extra, const char *initial)
{
    static char json[4096];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[40,40],\"dx\":10},\"dt\":1,\"steps\":100,\"seed\":7,"
             "\"fields\":{\"drug\":{\"diffusion\":0,\"initial\":0.2}},"
             "\"cell_types\":{\"T\":{\"intracellular\":{\"sbml\":\"tests/data/sbml/a_to_b.xml\"%s}"
             "%s}},\"initial\":[%s]}",
             intra, type_extra, initial);
    return json;
}

static const char *one_cell = "{\"shape\":\"list\",\"type\":\"T\",\"positions\":[[205,205]]}";

static double species_of(const ct_sim *sim, size_t i, const char *name)
{
    int k = ct_agents_attribute_index(&sim->ag, name);
    return k < 0 ? NAN : sim->ag.attr[k][i];
}

/* Reference: A(t) = A0 exp(-k t), A0 = 10, k = 0.1/min (tests/data/sbml/a_to_b.xml), t = 30 steps
   of 1 min integrated in 10 RK4 steps each; tolerance 1e-8 relative (RK4 error ~ (k h)^4 / 120). */
TEST(intracellular_species_follow_closed_form_in_a_cell)
{
    ct_scenario *sc = th_scenario(scenario(",\"dt\":0.1", "", one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    CHECK(sim != NULL);
    if (!sim)
        return;
    CHECK(th_run_checked(sim, 30) == 0);
    CHECK_NEAR(species_of(sim, 0, "sbml.A"), 10.0 * exp(-3.0), 1e-8 * 10.0);
    CHECK_NEAR(species_of(sim, 0, "sbml.A") + species_of(sim, 0, "sbml.B"), 10.0, 1e-12);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* A body's network stops (docs/scenario.md, "Death"): the cell dies in its first step (death rate
   1000/min), after that step's network update, and keeps A = 10 exp(-0.1) as a necrotic body. */
TEST(intracellular_network_of_a_body_stops)
{
    ct_scenario *sc = th_scenario(scenario(",\"dt\":0.1", ",\"death\":{\"rate\":1000,\"model\":"
                                           "\"necrosis\",\"duration\":{\"mean\":1e6}}", one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 30) == 0);
    CHECK(sim->ag.state[0] == sc->types[0].death.body_state);
    CHECK_NEAR(species_of(sim, 0, "sbml.A"), 10.0 * exp(-0.1), 1e-8 * 10.0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* The parameter k is the field value at the cell's site (0.2): A = 10 exp(-0.2 t). */
TEST(intracellular_input_sets_a_parameter_from_a_field)
{
    ct_scenario *sc = th_scenario(
        scenario(",\"dt\":0.1,\"inputs\":{\"k\":\"field:drug\"}", "", one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    CHECK(sim != NULL);
    if (!sim)
        return;
    CHECK(th_run_checked(sim, 10) == 0);
    double k = (double)0.2f; /* fields are floats */
    CHECK_NEAR(species_of(sim, 0, "sbml.A"), 10.0 * exp(-k * 10.0), 1e-8 * 10.0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* A + B is conserved in each cell; at division "split" halves it between mother and daughter, so
   the total over all cells stays A0 = 10, while "copy" gives every cell the whole. */
static double total_after_growth(const char *division, uint64_t *cells)
{
    char intra[128];
    snprintf(intra, sizeof intra, ",\"dt\":0.5,\"division\":\"%s\"", division);
    ct_scenario *sc = th_scenario(scenario(intra, ",\"proliferation\":{\"rate\":0.1}", one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    double total = NAN;
    if (sim && th_run_checked(sim, 40) == 0) {
        total = 0.0;
        for (size_t i = 0; i < sim->ag.n; i++)
            if (sim->ag.type[i] != CT_DEAD_TYPE)
                total += species_of(sim, i, "sbml.A") + species_of(sim, i, "sbml.B");
        *cells = th_count(sim, 0);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return total;
}

TEST(intracellular_division_splits_or_copies)
{
    uint64_t n_split = 0, n_copy = 0;
    double split = total_after_growth("split", &n_split);
    double copy = total_after_growth("copy", &n_copy);
    CHECK(n_split > 4 && n_copy > 4);
    CHECK_NEAR(split, 10.0, 1e-9);
    CHECK_NEAR(copy, 10.0 * (double)n_copy, 1e-9 * (double)n_copy);
}

/* Proliferation follows species B through a Hill rule (max 1/min at half 1e-6): the cell divides
   only once B has appeared, and with a model whose A is 0 it never does. */
TEST(intracellular_species_drive_a_rule)
{
    const char *rule = ",\"rules\":[{\"behaviour\":\"proliferation\",\"signal\":\"species:B\","
                       "\"max\":1,\"half\":1e-6,\"hill\":1}]";
    ct_scenario *sc = th_scenario(scenario("", rule, one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    CHECK(sim != NULL);
    if (!sim)
        return;
    CHECK(th_run_checked(sim, 5) == 0);
    CHECK(th_count(sim, 0) > 1);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    CHECK(th_scenario_says(scenario("", ",\"rules\":[{\"behaviour\":\"proliferation\","
                                        "\"signal\":\"species:Q\",\"max\":1,\"half\":1}]",
                                    one_cell),
                           "has no intracellular species \"Q\""));
}

/* Digest of every live cell's (id, species bits): order-independent (sum of mixed words). */
static uint64_t species_digest(const ct_sim *sim)
{
    uint64_t d = th_state_digest(sim);
    for (size_t i = 0; i < sim->ag.n; i++)
        for (int k = 0; sim->ag.type[i] != CT_DEAD_TYPE && k < sim->ag.n_attr; k++) {
            uint64_t bits;
            memcpy(&bits, &sim->ag.attr[k][i], sizeof bits);
            d += ct_mix64((sim->ag.id[i] * 31 + (uint64_t)k) ^ bits);
        }
    return d;
}

/* Dividing, moving cells whose k is their neighbour count: species differ from cell to cell. */
static ct_scenario *busy_scenario(void)
{
    return th_scenario(scenario(
        ",\"dt\":0.25,\"division\":\"split\",\"inputs\":{\"k\":\"neighbours:T\"}",
        ",\"proliferation\":{\"rate\":0.05},\"motility\":{\"rate\":0.2}",
        "{\"shape\":\"rect\",\"type\":\"T\",\"min\":[0,0],\"max\":[400,400],\"count\":600}"));
}

static uint64_t run_on(int threads)
{
    int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    ct_scenario *sc = busy_scenario();
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    uint64_t d = 0;
    if (sim && th_run_checked(sim, 20) == 0)
        d = species_digest(sim);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    omp_set_num_threads(saved);
    return d;
}

TEST(intracellular_bit_identical_on_1_2_4_threads)
{
    uint64_t one = run_on(1);
    CHECK(one != 0);
    CHECK(run_on(2) == one);
    CHECK(run_on(4) == one);
}

/* Checkpoint at step 13, resume, and 20 more steps: the same species as the uninterrupted run. */
TEST(intracellular_resumes_identically_from_a_checkpoint)
{
    ct_scenario *sc = busy_scenario();
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    ct_checkpoint ck;
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 13) == 0) &&
        CHECK(th_checkpoint_copy(sim, "intracellular.ctck", &ck) == 0)) {
        CHECK(species_digest(sim) == species_digest(ck.sim));
        CHECK(th_run_checked(sim, 20) == 0 && th_run_checked(ck.sim, 20) == 0);
        CHECK(species_digest(sim) == species_digest(ck.sim));
        ct_checkpoint_free(&ck);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(intracellular_refuses_bad_keys)
{
    CHECK(th_scenario_says(scenario(",\"dt\":0.3", "", one_cell),
                           "/cell_types/T/intracellular/dt: 0.3 min: expected the step's dt"));
    CHECK(th_scenario_says(scenario(",\"inputs\":{\"zz\":\"field:drug\"}", "", one_cell),
                           "intracellular/inputs/zz: not a species or parameter"));
    CHECK(th_scenario_says(scenario(",\"inputs\":{\"A\":\"field:drug\"}", "", one_cell),
                           "species \"A\" is changed by reactions"));
    CHECK(th_scenario_says(scenario(",\"inputs\":{\"k\":\"field:nope\"}", "", one_cell),
                           "inputs/k"));
    CHECK(th_scenario_says(scenario(",\"secrete\":{\"drug\":{\"species\":\"Z\",\"rate\":1}}", "",
                                    one_cell),
                           "no species \"Z\""));
    CHECK(th_scenario_says(scenario(",\"divison\":\"copy\"", "", one_cell), "divison"));
    CHECK(th_scenario_says(
        "{\"domain\":{\"size\":[4,4]},\"dt\":1,\"steps\":0,\"cell_types\":{\"T\":"
        "{\"intracellular\":{\"sbml\":\"tests/data/sbml/none.xml\"}}}}",
        "/cell_types/T/intracellular/sbml: "));
}
