/* The phased cell cycle (core/behaviour/ct_cycle.c): its scenario keys and refusals, the stable
 * phase distribution and mean cycle time against analytic results, determinism across threads
 * and a checkpoint round trip. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "ct_cycle.h"
#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"

/* G0G1 60, S 80, G2 40, M 20 min, 4 stages each, dt 0.5 min; SIZE and SEED and COUNT set the
   lattice, the seed and the initial cells (spread at random, moving fast so that almost every
   division finds a free site). */
#define CYCLE_SCENARIO(SIZE, SEED, COUNT)                                                        \
    "{\"domain\":{\"size\":[" #SIZE "," #SIZE "],\"neighbourhood\":\"moore\"},\"dt\":0.5,"      \
    "\"steps\":100000,\"seed\":" #SEED ",\"cell_types\":{\"c\":{\"motility\":{\"rate\":0.5},"        \
    "\"cycle\":{\"model\":\"G1_S_G2_M\",\"stages\":4,\"durations\":{\"G0G1\":60,\"S\":80,"       \
    "\"G2\":40,\"M\":20}}}},\"initial\":[{\"shape\":\"rect\",\"type\":\"c\",\"min\":[0,0],"      \
    "\"max\":[" #SIZE "0," #SIZE "0],\"count\":" #COUNT "}]}"

/* Steps sim (no lattice check each step: the long validation runs would spend most of their
   time in it); 0 if every step succeeded. */
static int run_steps(ct_sim *sim, long steps)
{
    int rc = 0;
    for (long k = 0; !rc && k < steps; k++)
        rc = ct_sim_step(sim);
    return rc;
}

static const double durations[4] = {60, 80, 40, 20};
enum { STAGES = 4 };

TEST(cycle_scenario_keys_and_refusals)
{
    ct_scenario *sc = th_scenario(CYCLE_SCENARIO(50, 1, 10));
    if (!CHECK(sc != NULL))
        return;
    const ct_cycle_def *cd = &sc->types[0].cycle;
    CHECK(cd->model == CT_CYCLE_FLOW && cd->n_phases == 4 && cd->stages[3] == 4);
    CHECK_NEAR(cd->stage_prob[3], 4 * 0.5 / 20.0, 1e-15);
    ct_scenario_free(sc);
    const char *base = "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":0,\"cell_types\":{"
                       "\"c\":%s},\"initial\":[]}";
    struct { const char *type, *words; } bad[] = {
        {"{\"proliferation\":{\"rate\":0.1},\"cycle\":{\"model\":\"live\",\"durations\":"
         "{\"live\":100}}}", "/cell_types/c/cycle: a type divides either by \"proliferation\""},
        {"{\"cycle\":{\"model\":\"G2\",\"durations\":{}}}", "/cell_types/c/cycle/model"},
        {"{\"cycle\":{\"model\":\"ki67\",\"durations\":{\"Ki67-\":100}}}",
         "/cell_types/c/cycle/durations/Ki67+"},
        {"{\"cycle\":{\"model\":\"live\",\"stages\":4,\"durations\":{\"live\":3}}}",
         "/cell_types/c/cycle/durations/live: 4 stages of mean 0.75 min each are shorter than dt"},
        {"{\"cycle\":{\"model\":\"live\",\"stages\":65,\"durations\":{\"live\":300}}}",
         "/cell_types/c/cycle/stages"},
        {"{\"cycle\":{\"model\":\"ki67\",\"stages\":{\"Ki67+\":0},\"durations\":{\"Ki67-\":9,"
         "\"Ki67+\":9}}}", "/cell_types/c/cycle/stages/Ki67+"},
        {"{\"cycle\":{\"model\":\"live\",\"durations\":{\"live\":-1}}}",
         "/cell_types/c/cycle/durations/live"},
        {"{\"cycle\":{\"model\":\"live\",\"durations\":{\"live\":9},\"stage\":2}}", "stage"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char json[1024];
        snprintf(json, sizeof json, base, bad[k].type);
        CHECK(th_says(th_scenario_error(json), bad[k].words));
    }
}

/* Continuous-time stable distribution of the stage chain: stage j (rate r_j = k/T of its phase)
   holds c_j e^{lambda t} cells with c_1 = 1, c_j = c_{j-1} r_{j-1} / (lambda + r_j), lambda
   solving prod_j (1 + lambda / r_j) = 2, i.e. prod_p (1 + lambda T_p / k_p)^{k_p} = 2 (Yates,
   Ford, Mort 2017, Bull Math Biol 79:2905, eqs. for the multi-stage model; Powell 1956). */
static double stable_fractions(double frac[4])
{
    double lo = 0, hi = 1;
    for (int it = 0; it < 200; it++) {
        double lam = 0.5 * (lo + hi), prod = 1;
        for (int p = 0; p < 4; p++)
            prod *= pow(1 + lam * durations[p] / STAGES, STAGES);
        *(prod > 2 ? &hi : &lo) = lam;
    }
    double lam = lo, c = 1, total = 0, prev_rate = 0;
    for (int p = 0; p < 4; p++) {
        frac[p] = 0;
        double rate = STAGES / durations[p];
        for (int s = 0; s < STAGES; s++) {
            c = (p == 0 && s == 0) ? 1 / (lam + rate) : c * prev_rate / (lam + rate);
            frac[p] += c;
            prev_rate = rate;
        }
        total += frac[p];
    }
    for (int p = 0; p < 4; p++)
        frac[p] /= total;
    return lam;
}

/* Reference: the stable phase distribution above (at this dt the discrete-time chain's stable
   distribution agrees with it to 1e-6; the growth rate to 0.05%). 1000 cells grown 4 doubling
   times (to about 16000, 4.5% of the sites). Tolerance: 0.015 absolute per phase (about 4
   standard errors of a fraction of 16000 cells, widened for the clonal correlation). Seed 41. */
TEST(cycle_phase_fractions_match_the_stable_age_distribution)
{
    ct_scenario *sc = th_scenario(CYCLE_SCENARIO(600, 41, 1000));
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    double want[4], lam = stable_fractions(want);
    long steps = (long)(4 * log(2) / lam / sim->dt);
    CHECK(run_steps(sim, steps) == 0);
    const double *phase = sim->ag.attr[ct_agents_attribute_index(&sim->ag, CT_CYCLE_ATTR_PHASE)];
    double got[4] = {0}, n = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        if (sim->ag.type[i] != CT_DEAD_TYPE) {
            got[(int)phase[i]] += 1;
            n += 1;
        }
    double growth = log(n / 1000.0) / (steps * sim->dt);
    printf("    %g cells after %ld steps: growth rate %.5f /min (analytic %.5f)\n", n, steps,
           growth, lam);
    for (int p = 0; p < 4; p++) {
        printf("    phase %d: fraction %.4f, stable distribution %.4f\n", p, got[p] / n, want[p]);
        CHECK_NEAR(got[p] / n, want[p], 0.015);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

static int compare_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Reference: a cell leaves each of a phase's k stages with probability k dt / T per step, so the
   steps of a cycle are a sum of geometric variables with mean sum_p T_p / dt: the mean cycle
   time is the sum of the durations, 200 min (exactly, at any dt). A cycle runs from one division
   event of a cell (its birth, or a division as mother: both restart the cycle) to the next; the
   cycles begun in the first 100 min are all complete 600 min later (the cycle time has a
   standard deviation of 55 min: 600 min is 7 of them past the mean). Tolerance: 5 standard errors of the sample mean.
   Seed 42. */
TEST(cycle_mean_cycle_time_is_the_sum_of_durations)
{
    ct_scenario *sc = th_scenario(CYCLE_SCENARIO(600, 42, 2000));
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    const long begun_by = 200, steps = 1400;
    CHECK(run_steps(sim, steps) == 0);
    const ct_agents *ag = &sim->ag;
    /* (parent id << 20 | birth step) of every daughter, and each daughter's own birth: sorted,
       each cell's division events lie together in time order. */
    int64_t *events = ct_malloc(2 * ag->n * sizeof *events);
    size_t n_events = 0;
    for (size_t i = 0; i < ag->n; i++)
        if (ag->parent[i]) {
            events[n_events++] = (int64_t)(ag->parent[i] << 20 | (uint64_t)ag->birth_step[i]);
            events[n_events++] = (int64_t)(ag->id[i] << 20 | (uint64_t)ag->birth_step[i]);
        }
    qsort(events, n_events, sizeof *events, compare_i64);
    double sum = 0, sum2 = 0, n = 0;
    for (size_t k = 1; k < n_events; k++) {
        int64_t start = events[k - 1] & 0xfffff, end = events[k] & 0xfffff;
        if (events[k] >> 20 != events[k - 1] >> 20 || start >= begun_by)
            continue;
        double t = (double)(end - start) * sim->dt;
        sum += t;
        sum2 += t * t;
        n += 1;
    }
    double mean = sum / n, se = sqrt((sum2 / n - mean * mean) / n);
    printf("    %g cycles begun in the first %g min: mean %.2f min (se %.2f), sum of "
           "durations 200\n", n, begun_by * sim->dt, mean, se);
    CHECK(n > 1000);
    CHECK_NEAR(mean, 200.0, 5 * se);
    ct_free(events);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Same seed: the same trajectory on 1, 2 and 4 threads (the digest covers every cell's id, site,
   type and state, so any difference in a cycle's timing shows as a different division). The
   population grows past the store's first capacity (1024), which replaces the step's scratch
   arrays mid-step: a cycle that trusted them diverged there. */
TEST(cycle_same_trajectory_on_1_2_4_threads)
{
    int saved = omp_get_max_threads();
    const char *json = CYCLE_SCENARIO(120, 43, 600);
    uint64_t one = th_json_trajectory(json, 1, 500), two = th_json_trajectory(json, 2, 500),
             four = th_json_trajectory(json, 4, 500);
    CHECK(one != 0 && one == two && two == four);
    omp_set_num_threads(saved);
}

/* A checkpoint taken mid-cycle restores every cell's phase, stage and time in phase, and both
   runs step on identically. */
TEST(cycle_checkpoint_round_trip_continues_identically)
{
    ct_scenario *sc = th_scenario(CYCLE_SCENARIO(120, 44, 400));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 57) == 0))
        CHECK(th_checkpoint_continues_identically(sim, "cycle.ctck", 200));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Lua reads cell.phase (the phase name) and cell.phase_time: a script copies them into attributes
   every step, and they agree with the cycle's own columns wherever the cell did not divide after
   the script ran (division restarts the cycle at the end of the step). A type without a cycle
   has neither. */
TEST(cycle_phase_and_phase_time_in_lua)
{
    ct_scenario *sc;
    ct_sim *sim = tl_sim(
        "attribute{name='seen', default=-1}\nattribute{name='seen_time', default=-1}\n"
        "local code = {G0G1 = 0, S = 1, G2 = 2, M = 3}\n"
        "on_cell('c', function(cell) cell.seen = code[cell.phase]; "
        "cell.seen_time = cell.phase_time end)\n"
        "on_cell('q', function(cell) if cell.phase ~= nil or cell.phase_time ~= nil then "
        "error('q has a phase') end end)\n",
        "\"cell_types\":{\"c\":{\"cycle\":{\"model\":\"G1_S_G2_M\",\"durations\":{"
        "\"G0G1\":10,\"S\":10,\"G2\":10,\"M\":10}}},\"q\":{}},\"initial\":[{\"shape\":\"rect\","
        "\"type\":\"c\",\"min\":[0,0],\"max\":[300,300],\"count\":100},{\"shape\":\"rect\","
        "\"type\":\"q\",\"min\":[0,0],\"max\":[300,300],\"count\":10}]",
        &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(run_steps(sim, 30) == 0);
    const ct_agents *ag = &sim->ag;
    const double *seen = ag->attr[ct_agents_attribute_index(ag, "seen")],
                 *seen_time = ag->attr[ct_agents_attribute_index(ag, "seen_time")],
                 *phase = ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_PHASE)],
                 *time = ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_TIME)];
    int compared = 0, agree = 1;
    for (size_t i = 0; i < ag->n; i++)
        if (ag->type[i] == 0 && seen_time[i] == time[i]) {
            compared++;
            agree &= seen[i] == phase[i];
        }
    printf("    %d cells compared\n", compared);
    CHECK(compared > 50 && agree);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
