/* Death as a process (core/behaviour/ct_death.c): the "death" keys and their refusals, Little's
 * law for the number of bodies, the Erlang distribution of their lifetimes, phagocytosis with a
 * conservation count, Lua access, determinism across threads and a checkpoint round trip. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_cycle.h"
#include "ct_death.h"
#include "ct_intent.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"

/* Tissue on a SIZE x SIZE lattice filled with COUNT cells that die at DEATH per minute into
   apoptotic bodies of mean MEAN min in STAGES stages and divide at PROLIF per minute into free
   sites; "eater" cells (EATERS of them, moving) phagocytose bodies with probability EAT per
   step. dt 1 min. */
#define DEATH_SCENARIO(SIZE, SEED, COUNT, DEATH, PROLIF, MEAN, STAGES, EATERS, EAT)              \
    "{\"domain\":{\"size\":[" #SIZE "," #SIZE "],\"neighbourhood\":\"moore\"},\"dt\":1,"        \
    "\"steps\":100000,\"seed\":" #SEED ",\"fields\":{\"debris\":{\"diffusion\":100,"               \
    "\"decay\":0.1}},\"cell_types\":{\"tissue\":{\"proliferation\":{\"rate\":" #PROLIF "},"        \
    "\"death\":{\"rate\":" #DEATH ",\"model\":\"apoptosis\",\"duration\":{\"mean\":" #MEAN         \
    ",\"stages\":" #STAGES "},\"secretes\":{\"debris\":1}}},\"eater\":{\"motility\":{\"rate\":"    \
    "0.5},\"chemotaxis\":{\"field\":\"debris\",\"sensitivity\":5},\"contact\":[{\"action\":"       \
    "\"phagocytose\",\"target\":\"tissue\",\"probability\":" #EAT "}]}},\"initial\":[{\"shape\":"  \
    "\"rect\",\"type\":\"tissue\",\"min\":[0,0],\"max\":[" #SIZE "0," #SIZE "0],\"count\":"        \
    #COUNT "},{\"shape\":\"rect\",\"type\":\"eater\",\"min\":[0,0],\"max\":[" #SIZE "0,"           \
    #SIZE "0],\"count\":" #EATERS "}]}"

/* Body events of each step, read from the outcomes in the step-end phase (ct_intent.h): a cell
   that became a body keeps its death intent; a removed body has CT_DIE_CLEARED or
   CT_DIE_EXPIRED. made_at[id] and gone_at[id] record the steps (ids below cap). */
typedef struct ledger {
    long made, cleared, expired;
    long *made_at, *gone_at;
    size_t cap;
} ledger;

static void note(long *at, size_t cap, uint64_t id, long step)
{
    if (at && id < cap)
        at[id] = step;
}

static int ledger_step_end(void *user, ct_sim *sim)
{
    ledger *l = user;
    long step = (long)sim->step;
    for (size_t i = 0; i < sim->n_outcomes; i++) {
        if (sim->intent[i] != CT_INTENT_DIE)
            continue;
        if (sim->ag.type[i] != CT_DEAD_TYPE) {
            l->made++;
            note(l->made_at, l->cap, sim->ag.id[i], step);
        } else if (sim->intent_arg[i] != CT_DIE_BY_MODEL) {
            *(sim->intent_arg[i] == CT_DIE_CLEARED ? &l->cleared : &l->expired) += 1;
            note(l->gone_at, l->cap, sim->ag.id[i], step);
        }
    }
    return CT_OK;
}

static int add_ledger(ct_sim *sim, ledger *l)
{
    ct_behaviour b;
    memset(&b, 0, sizeof b);
    snprintf(b.name, sizeof b.name, "test ledger");
    snprintf(b.owner, sizeof b.owner, "test");
    b.phases = CT_PHASE_STEP_END;
    b.step_end = ledger_step_end;
    b.user = l;
    return ct_registry_add(&sim->registry, &b, &sim->err);
}

static long bodies(const ct_sim *sim)
{
    long n = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        n += ct_death_is_body(sim, i);
    return n;
}

TEST(death_scenario_keys_and_refusals)
{
    ct_scenario *sc = th_scenario(DEATH_SCENARIO(20, 1, 100, 0.01, 0, 30, 3, 5, 0.5));
    if (!CHECK(sc != NULL))
        return;
    const ct_death_def *d = &sc->types[0].death;
    CHECK(d->model == CT_DEATH_APOPTOSIS && d->stages == 3 && d->n_secretions == 1);
    CHECK_NEAR(d->stage_prob, 3 * 1.0 / 30.0, 1e-15);
    CHECK(strcmp(sc->state_names[d->body_state], "apoptotic") == 0);
    CHECK(ct_scenario_state_index(sc, "default") == 0 && (sc->types[0].sig.states & 1u));
    CHECK(sc->types[1].death.model == CT_DEATH_INSTANT);
    ct_scenario_free(sc);
    const char *base = "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":0,\"fields\":{\"f\":{"
                       "\"diffusion\":1}},\"cell_types\":{\"c\":%s,\"m\":%s},\"initial\":[]}";
    const char *eat = "{\"contact\":[{\"action\":\"phagocytose\",\"target\":\"c\","
                      "\"probability\":1}]}";
    struct { const char *c, *m, *words; } bad[] = {
        {"{\"death\":{\"model\":\"pyroptosis\"}}", "{}", "/cell_types/c/death/model"},
        {"{\"death\":{\"model\":\"apoptosis\"}}", "{}", "/cell_types/c/death/duration"},
        {"{\"death\":{\"model\":\"necrosis\",\"duration\":{\"mean\":-5}}}", "{}",
         "/cell_types/c/death/duration/mean"},
        {"{\"death\":{\"model\":\"necrosis\",\"duration\":{\"mean\":1e8}}}", "{}",
         "/cell_types/c/death/duration/mean"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60,\"stages\":0}}}", "{}",
         "/cell_types/c/death/duration/stages"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60,\"stages\":65}}}", "{}",
         "/cell_types/c/death/duration/stages"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":3,\"stages\":4}}}", "{}",
         "/cell_types/c/death/duration/mean: 4 stages of mean 0.75 min each are shorter than dt"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60},\"secretes\":{\"g\":1}}}",
         "{}", "/cell_types/c/death/secretes/g: unknown field \"g\""},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60},\"secretes\":{\"f\":-1}}}",
         "{}", "/cell_types/c/death/secretes/f"},
        {"{\"death\":{\"model\":\"instant\",\"duration\":{\"mean\":60}}}", "{}",
         "/cell_types/c/death/model: an instant death leaves no body"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60},\"durations\":1}}", "{}",
         "/cell_types/c/death/durations"},
        {"{\"states\":[\"ok\",\"necrotic\"],\"death\":{\"model\":\"necrosis\",\"duration\":{"
         "\"mean\":60}}}", "{}", "/cell_types/c/death/model: cell type \"c\" declares a state"},
        {"{}", eat, "/cell_types/m/contact/0/target: cell type \"c\" leaves no bodies"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60}}}",
         "{\"contact\":[{\"action\":\"phagocytose\",\"target\":\"c\",\"target_state\":"
         "\"apoptotic\",\"probability\":1}]}", "/cell_types/m/contact/0/target_state"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60}}}",
         "{\"contact\":[{\"action\":\"phagocytose\",\"target\":\"c\",\"to\":\"m\","
         "\"probability\":1}]}", "/cell_types/m/contact/0/to"},
        {"{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":60}}}",
         "{\"contact\":[{\"action\":\"kill\",\"target\":\"c\",\"target_state\":\"apoptotic\","
         "\"probability\":1}]}", "/cell_types/m/contact/0/target_state: \"apoptotic\" is the state"},
        {"{\"death\":{\"model\":\"necrosis\",\"duration\":{\"mean\":60}}}",
         "{\"contact\":[{\"action\":\"activate\",\"target\":\"c\",\"to\":\"necrotic\","
         "\"probability\":1}]}", "/cell_types/m/contact/0/to: \"necrotic\" is the state"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char json[2048];
        snprintf(json, sizeof json, base, bad[k].c, bad[k].m);
        CHECK(th_says(th_scenario_error(json), bad[k].words));
    }
}

/* Reference: Little's law, L = lambda W (Little 1961, Oper Res 9:383): in a stationary system the
   mean number of bodies equals the rate at which they are made times their mean persistence,
   here W = T = 15 min exactly (the stage chain's mean, ct_death.c). A 70 x 70 tissue that dies
   at 0.004 per minute and refills its free sites by division (a steady state of about 4500 cells
   and 270 bodies) is measured for 2400 steps after 150 of burn-in, in 16 batches of 150 steps
   (10 T: batches nearly independent). Tolerance: 4 standard errors of the batch means of
   L_b - lambda_b T. Seed 51. */
TEST(death_bodies_at_steady_state_follow_littles_law)
{
    ct_scenario *sc = th_scenario(DEATH_SCENARIO(70, 51, 4500, 0.004, 0.1, 15, 2, 0, 0));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    ledger l = {0};
    if (!CHECK(sim != NULL) || !CHECK(add_ledger(sim, &l) == 0))
        return;
    enum { BURN = 150, BATCHES = 16, BATCH = 150 };
    int rc = 0;
    for (int k = 0; !rc && k < BURN; k++)
        rc = ct_sim_step(sim);
    double d[BATCHES], sum = 0, sum2 = 0, mean_l = 0, mean_rate = 0;
    for (int b = 0; !rc && b < BATCHES; b++) {
        long made0 = l.made, present = 0;
        for (int k = 0; !rc && k < BATCH; k++) {
            rc = ct_sim_step(sim);
            present += bodies(sim);
        }
        double lb = (double)present / BATCH, rate = (double)(l.made - made0) / (BATCH * sim->dt);
        d[b] = lb - rate * 15.0;
        sum += d[b];
        mean_l += lb / BATCHES;
        mean_rate += rate / BATCHES;
    }
    CHECK(rc == 0);
    for (int b = 0; b < BATCHES; b++)
        sum2 += (d[b] - sum / BATCHES) * (d[b] - sum / BATCHES);
    double se = sqrt(sum2 / (BATCHES - 1) / BATCHES);
    printf("    seed 51: mean bodies %.2f, deaths %.4f per min x 15 min = %.2f (difference %.2f, "
           "se %.2f)\n", mean_l, mean_rate, mean_rate * 15.0, sum / BATCHES, se);
    CHECK(mean_l > 150);
    CHECK(fabs(sum / BATCHES) < 4 * se);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Reference: a body leaves each of its k stages with probability p = k dt / T per step, from the
   step after its death, so its lifetime is dt times a sum of k geometric variables: mean T and
   variance (T^2 / k)(1 - p) exactly, which tends to the Erlang variance T^2 / k as dt -> 0
   (here T 40 min, k 4, dt 1: p 0.1, variance 360, Erlang 400). 20000 cells die at 0.002 per
   minute for 150 steps (about 5600 bodies), all gone 400 steps later (11 standard deviations
   past the mean). Tolerance: 5 standard errors for the mean; for the variance 5 times
   sigma^2 sqrt((2 + 6/k) / n), the standard error of a sample variance with the Erlang excess
   kurtosis 6/k. Seed 52. */
TEST(death_body_lifetimes_are_erlang)
{
    ct_scenario *sc = th_scenario(DEATH_SCENARIO(200, 52, 20000, 0.002, 0, 40, 4, 0, 0));
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    ledger l = {.cap = 40000};
    l.made_at = ct_calloc(l.cap, sizeof *l.made_at);
    l.gone_at = ct_calloc(l.cap, sizeof *l.gone_at);
    if (!CHECK(sim != NULL && l.made_at && l.gone_at) || !CHECK(add_ledger(sim, &l) == 0))
        return;
    CHECK(th_run_checked(sim, 150) == 0);
    CHECK(ct_sim_set_rate(sim, 0, CT_BEHAVIOUR_DEATH, 0.0, "test") == 0);
    CHECK(th_run_checked(sim, 400) == 0);
    double n = 0, sum = 0, sum2 = 0;
    for (size_t id = 0; id < l.cap; id++)
        if (l.made_at[id] && l.gone_at[id]) {
            double t = (double)(l.gone_at[id] - l.made_at[id]) * sim->dt;
            n += 1;
            sum += t;
            sum2 += t * t;
        }
    double mean = sum / n, var = (sum2 - n * mean * mean) / (n - 1), want_var = 1600.0 / 4 * 0.9;
    printf("    seed 52: %g lifetimes, mean %.2f min (T 40), variance %.1f (exact %.1f, Erlang "
           "%.1f)\n", n, mean, var, want_var, 400.0);
    CHECK(n > 4000 && n == (double)l.made && l.expired == l.made && bodies(sim) == 0);
    CHECK_NEAR(mean, 40.0, 5 * sqrt(want_var / n));
    CHECK_NEAR(var, want_var, 5 * want_var * sqrt((2 + 6.0 / 4) / n));
    ct_free(l.made_at);
    ct_free(l.gone_at);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Runs the tissue with eaters that phagocytose with probability eat for 600 steps, checking the
   conservation of bodies after every step: made = cleared + expired + present. Returns the mean
   number of bodies over the last 300 steps, -1 on failure. */
static double run_with_eaters(const char *json, ledger *l)
{
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    double mean = -1;
    if (CHECK(sim != NULL) && CHECK(add_ledger(sim, l) == 0)) {
        int conserved = 1, rc = 0;
        long present = 0;
        for (int k = 0; !rc && k < 600; k++) {
            rc = ct_sim_step(sim);
            conserved &= l->made == l->cleared + l->expired + bodies(sim);
            present += k >= 300 ? bodies(sim) : 0;
        }
        CHECK(rc == 0 && conserved);
        mean = present / 300.0;
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return mean;
}

/* Phagocytosis removes bodies: with eaters clearing them, fewer bodies than without (where all
   expire), and every body made is cleared, expired or still present after every step. Seed 53. */
TEST(death_phagocytosis_clears_bodies_and_conserves_them)
{
    ledger with = {0}, without = {0};
    double eaten = run_with_eaters(DEATH_SCENARIO(80, 53, 4000, 0.002, 0.01, 120, 2, 600, 1),
                                   &with),
           kept = run_with_eaters(DEATH_SCENARIO(80, 53, 4000, 0.002, 0.01, 120, 2, 600, 0),
                                  &without);
    printf("    seed 53: mean bodies %.1f with eaters (%ld cleared, %ld expired of %ld), %.1f "
           "without (%ld expired of %ld)\n", eaten, with.cleared, with.expired, with.made, kept,
           without.expired, without.made);
    CHECK(with.cleared > 100 && without.cleared == 0 && without.expired > 100);
    CHECK(eaten >= 0 && eaten < 0.7 * kept);
}

/* Same seed, bodies, secretion, chemotaxis and phagocytosis: the same trajectory (ids, sites,
   types, states and fields every step) on 1, 2 and 4 threads; and a checkpoint taken among
   bodies restores their stages, so both runs step on identically. */
TEST(death_same_trajectory_on_1_2_4_threads_and_after_a_checkpoint)
{
    int saved = omp_get_max_threads();
    const char *json = DEATH_SCENARIO(100, 54, 6000, 0.003, 0.01, 60, 3, 300, 0.5);
    uint64_t one = th_json_trajectory(json, 1, 300), two = th_json_trajectory(json, 2, 300),
             four = th_json_trajectory(json, 4, 300);
    CHECK(one != 0 && one == two && two == four);
    omp_set_num_threads(saved);
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 97) == 0) && CHECK(bodies(sim) > 100))
        CHECK(th_checkpoint_continues_identically(sim, "death.ctck", 200));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Lua: cell:die() follows the type's death model (the cells become bodies, none vanish), a body
   reads cell.state_name == "apoptotic", cell:act("phagocytose", ...) removes bodies and returns
   their ids (and finds none of a type without bodies: a no-op), cell:act("kill", ...) never
   takes a body, and sim.counts counts the bodies in "tissue:apoptotic". */
TEST(death_lua_die_state_and_phagocytose)
{
    ct_scenario *sc;
    ct_sim *sim = tl_sim(
        "attribute{name='seen', default=0}\nattribute{name='ate', default=0}\n"
        "on_cell('tissue', function(cell)\n"
        "  if cell.state_name == 'apoptotic' and cell:in_state('apoptotic') then cell.seen = 1\n"
        "  else cell:die() end end)\n"
        "on_cell('eater', function(cell)\n"
        "  if cell:act('kill', 'tissue:apoptotic') then error('a body was killed') end\n"
        "  if cell:act('phagocytose', 'eater') then error('a live cell was eaten') end\n"
        "  if cell:act('phagocytose', 'tissue') then cell.ate = cell.ate + 1 end end)\n"
        "on_step(function(sim) if sim.step == 1 and (sim.counts['tissue:apoptotic'] ~= 200 or "
        "sim.counts['tissue:default'] ~= 0) then error('bodies not in sim.counts') end end)\n",
        "\"cell_types\":{\"tissue\":{\"death\":{\"model\":\"apoptosis\",\"duration\":{\"mean\":"
        "1000}}},\"eater\":{}},\"initial\":[{\"shape\":\"rect\",\"type\":\"tissue\",\"min\":[0,0],"
        "\"max\":[300,300],\"count\":200},{\"shape\":\"rect\",\"type\":\"eater\",\"min\":[0,0],"
        "\"max\":[300,300],\"count\":100}]",
        &sc);
    if (!CHECK(sim != NULL))
        return;
    int body = sc->types[0].death.body_state;
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count_in_state(sim, 0, body) == 200 && th_count(sim, 0) == 200);
    CHECK(th_run_checked(sim, 1) == 0);
    const ct_agents *ag = &sim->ag;
    const double *seen = ag->attr[ct_agents_attribute_index(ag, "seen")],
                 *ate = ag->attr[ct_agents_attribute_index(ag, "ate")];
    double eaten = 0;
    int all_seen = 1;
    for (size_t i = 0; i < ag->n; i++) {
        eaten += ag->type[i] == 1 ? ate[i] : 0;
        all_seen &= !ct_death_is_body(sim, i) || seen[i] == 1;
    }
    long left = (long)th_count_in_state(sim, 0, body);
    printf("    %ld of 200 bodies left, %g phagocytoses recorded\n", left, eaten);
    CHECK(all_seen);
    CHECK(left < 200);
    CHECK(eaten >= 200 - left);
    CHECK(left == (long)th_count(sim, 0));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* A body's cell cycle stops: the cycle columns of a body stay as they were (and it never
   divides), while live cells of the type cycle on. */
TEST(death_stops_the_cycle_of_a_body)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[60,60]},\"dt\":1,\"steps\":0,\"seed\":55,\"cell_types\":{\"c\":{"
        "\"cycle\":{\"model\":\"live\",\"durations\":{\"live\":200}},\"death\":{\"rate\":0.01,"
        "\"model\":\"necrosis\",\"duration\":{\"mean\":1000}}}},\"initial\":[{\"shape\":\"rect\","
        "\"type\":\"c\",\"min\":[0,0],\"max\":[600,600],\"count\":1500}]}");
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL) || !CHECK(th_run_checked(sim, 30) == 0))
        return;
    const ct_agents *ag = &sim->ag;
    size_t n = ag->n;
    double *before = ct_malloc(n * sizeof *before);
    uint64_t *id = ct_malloc(n * sizeof *id);
    char *was_body = ct_malloc(n);
    const double *time = ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_TIME)];
    for (size_t i = 0; i < n; i++) {
        before[i] = time[i];
        id[i] = ag->id[i];
        was_body[i] = (char)ct_death_is_body(sim, i);
    }
    CHECK(th_run_checked(sim, 1) == 0);
    long kept = 0, changed = 0, live_moved = 0;
    time = ag->attr[ct_agents_attribute_index(ag, CT_CYCLE_ATTR_TIME)];
    for (size_t i = 0; i < n && i < ag->n; i++) {
        if (ag->id[i] != id[i]) /* the store was reordered: nothing to compare */
            continue;
        kept += was_body[i] && time[i] == before[i];
        changed += was_body[i] && time[i] != before[i];
        live_moved += !was_body[i] && time[i] != before[i];
    }
    printf("    seed 55: %ld bodies kept their cycle time, %ld changed; %ld live cells advanced\n",
           kept, changed, live_moved);
    CHECK(kept > 100 && changed == 0 && live_moved > 100);
    ct_free(before);
    ct_free(id);
    ct_free(was_body);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
