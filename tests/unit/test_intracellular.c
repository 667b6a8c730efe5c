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

/* Type T runs tests/data/sbml/MODEL with the further intracellular keys intra. */
static char *model_scenario(const char *model, const char *intra, const char *type_extra,
                            const char *initial)
{
    static char json[4096];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[40,40],\"dx\":10},\"dt\":1,\"steps\":100,\"seed\":7,"
             "\"fields\":{\"drug\":{\"diffusion\":0,\"initial\":0.2}},"
             "\"cell_types\":{\"T\":{\"intracellular\":{\"sbml\":\"tests/data/sbml/%s\"%s}"
             "%s}},\"initial\":[%s]}",
             model, intra, type_extra, initial);
    return json;
}

static char *scenario(const char *intra, const char *type_extra, const char *initial)
{
    return model_scenario("a_to_b.xml", intra, type_extra, initial);
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

/* Dividing, moving cells whose k is their neighbour count: species differ from cell to cell.
   method: further intracellular keys (the integrator). */
static ct_scenario *busy_scenario(const char *method)
{
    char intra[256];
    snprintf(intra, sizeof intra,
             "%s,\"division\":\"split\",\"inputs\":{\"k\":\"neighbours:T\"}", method);
    return th_scenario(scenario(
        intra, ",\"proliferation\":{\"rate\":0.05},\"motility\":{\"rate\":0.2}",
        "{\"shape\":\"rect\",\"type\":\"T\",\"min\":[0,0],\"max\":[400,400],\"count\":600}"));
}

static const char *busy_rk4 = ",\"dt\":0.25";

static uint64_t run_on(const char *method, long steps, int threads)
{
    int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    ct_scenario *sc = busy_scenario(method);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    uint64_t d = 0;
    if (sim && th_run_checked(sim, steps) == 0)
        d = species_digest(sim);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    omp_set_num_threads(saved);
    return d;
}

TEST(intracellular_bit_identical_on_1_2_4_threads)
{
    uint64_t one = run_on(busy_rk4, 20, 1);
    CHECK(one != 0);
    CHECK(run_on(busy_rk4, 20, 2) == one);
    CHECK(run_on(busy_rk4, 20, 4) == one);
}

/* The same with CVODE (fewer steps: a CVODE cell costs about 20 RK4 cells): one solver per thread,
   re-initialised for every cell. */
TEST(intracellular_cvode_bit_identical_on_1_2_4_threads)
{
    const char *cvode = ",\"method\":\"cvode\"";
    uint64_t one = run_on(cvode, 8, 1);
    CHECK(one != 0 && one != run_on(busy_rk4, 8, 1));
    CHECK(run_on(cvode, 8, 2) == one);
    CHECK(run_on(cvode, 8, 4) == one);
}

/* Checkpoint at step `at`, resume, and `more` steps: the same species as the uninterrupted run. */
static void check_resume(const char *method, long at, long more)
{
    ct_scenario *sc = busy_scenario(method);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    ct_checkpoint ck;
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, at) == 0) &&
        CHECK(th_checkpoint_copy(sim, "intracellular.ctck", &ck) == 0)) {
        CHECK(species_digest(sim) == species_digest(ck.sim));
        CHECK(th_run_checked(sim, more) == 0 && th_run_checked(ck.sim, more) == 0);
        CHECK(species_digest(sim) == species_digest(ck.sim));
        ct_checkpoint_free(&ck);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(intracellular_resumes_identically_from_a_checkpoint)
{
    check_resume(busy_rk4, 13, 20);
    check_resume(",\"method\":\"cvode\"", 4, 4);
}

/* Robertson's stiff kinetics in one cell, 40 steps of 1 min with CVODE: the published values at
   t = 40, y1 = 0.7158, y2 = 9.185e-6, y3 = 0.2842 (Hairer & Wanner, Solving ODEs II, IV.1 and
   IV.10), within one unit of their last digit (test_sbml_cvode.c). */
TEST(intracellular_cvode_robertson_in_a_cell)
{
    ct_scenario *sc = th_scenario(model_scenario(
        "robertson.xml", ",\"method\":\"cvode\",\"rtol\":1e-8,\"atol\":1e-14", "", one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 40) == 0)) {
        CHECK_NEAR(species_of(sim, 0, "sbml.y1"), 0.7158, 1e-4);
        CHECK_NEAR(species_of(sim, 0, "sbml.y2"), 9.185e-6, 1e-9);
        CHECK_NEAR(species_of(sim, 0, "sbml.y3"), 0.2842, 1e-4);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* A' = 0.01 A^2 from 1 goes to infinity at t = 100 min (blowup.xml): the step that cannot be
   integrated fails naming the type, the file, the method, the step and the cell, and the cell keeps
   the species it had. */
static void check_failure(const char *method, const char *want)
{
    ct_scenario *sc = th_scenario(model_scenario("blowup.xml", method, "", one_cell));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (CHECK(sim != NULL)) {
        int rc = 0;
        double before = NAN;
        while (sim->step < 200 && !rc) {
            before = species_of(sim, 0, "sbml.A");
            rc = ct_sim_step(sim);
        }
        CHECK(rc == CT_ESTATE);
        printf("    %s\n", sim->err.msg);
        CHECK(strstr(sim->err.msg, want) != NULL);
        CHECK(species_of(sim, 0, "sbml.A") == before && isfinite(before));
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(intracellular_failure_names_type_file_and_time)
{
    check_failure(",\"method\":\"cvode\"",
                  "cell type \"T\": intracellular model ./tests/data/sbml/blowup.xml (method "
                  "cvode) failed in step 99 (t = 99 to 100 min), cell id 1 at site (x 20, y 20, "
                  "z 0): CVODE failed");
    check_failure(",\"method\":\"rk4\"", "(method rk4) failed in step ");
}

/* An unknown method, tolerances outside their limits (negative, zero, huge, not a number), and a
   key of the other method. */
TEST(intracellular_refuses_bad_method_keys)
{
    static const struct {
        const char *keys, *want;
    } bad[] = {
        {",\"method\":\"euler\"", "intracellular/method"},
        {",\"method\":\"cvode\",\"rtol\":-1",
         "intracellular/rtol: expected a number in [1e-12, 0.1]"},
        {",\"method\":\"cvode\",\"rtol\":1e300", "intracellular/rtol: expected a number in"},
        {",\"method\":\"cvode\",\"rtol\":\"nan\"", "intracellular/rtol: expected a number in"},
        {",\"method\":\"cvode\",\"atol\":0",
         "intracellular/atol: expected a number in [1e-30, 1e+06]"},
        {",\"method\":\"cvode\",\"atol\":1e9", "intracellular/atol: expected a number in"},
        {",\"rtol\":1e-6", "intracellular/rtol: applies to \"method\": \"cvode\" only"},
        {",\"method\":\"cvode\",\"dt\":0.5", "intracellular/dt: is the RK4 step"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        CHECK(th_scenario_says(scenario(bad[k].keys, "", one_cell), bad[k].want));
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
