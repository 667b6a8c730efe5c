/* Validation of what cells do with fields and neighbours: secretion and uptake, chemotactic drift,
 * Hill rules, contact actions, and determinism of all of it on 1, 2 and 4 threads. Each case
 * states its reference, tolerance and seed. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "ct_rng.h"
#include "ct_rules.h"
#include "ct_sim_create.h"
#include "harness.h"
#include "sim_helpers.h"

static double pending_total(const ct_sim *sim, int k, double site_volume)
{
    double sum = 0.0;
    for (size_t s = 0; s < sim->lat.n_sites; s++)
        sum += sim->fields.source[k][s];
    return sum * site_volume;
}

/* Secretion and fixed sources. Reference: with no decay and no flux nothing leaves the domain,
   so after m steps the field total plus the secretion still pending in fields.source is exactly
   m dt V (N_cells s + N_sites R) (cells write each step, fixed sources are added each step).
   Tolerance 1e-5 relative (float sums). Seed 3. */
TEST(secretion_adds_exactly_what_the_rates_say)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[60,60],\"dx\":10},\"dt\":0.5,\"steps\":0,\"seed\":3,"
        "\"fields\":{\"c\":{\"diffusion\":50,\"sources\":[{\"shape\":\"rect\",\"min\":[0,0],"
        "\"max\":[95,95],\"rate\":0.1}]}},"
        "\"cell_types\":{\"s\":{\"secretion\":{\"c\":0.3}}},"
        "\"initial\":[{\"shape\":\"rect\",\"type\":\"s\",\"min\":[200,200],\"max\":[500,500],"
        "\"count\":200}]}");
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    int m = 40;
    CHECK(th_run_checked(sim, m) == 0);
    double v = 100.0, got = ct_fields_total(&sim->fields, 0, v) + pending_total(sim, 0, v);
    double want = m * 0.5 * v * (200 * 0.3 + 100 * 0.1);
    printf("    after %d steps: total + pending %.8g, m dt V (N s + n R) = %.8g\n", m, got, want);
    CHECK_NEAR(got / want, 1.0, 1e-5);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Uptake. Reference: first-order uptake over one step removes exactly c (1 - exp(-u dt)), so the
   value left is c exp(-u dt) up to float rounding, and never below 0 even for u dt = 50.
   Tolerance: one float rounding of 1 - (1 - e^-50). Seed 4. */
TEST(uptake_is_first_order_and_never_negative)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[30,30],\"dx\":10},\"dt\":1,\"steps\":0,\"seed\":4,"
        "\"fields\":{\"o2\":{\"diffusion\":0,\"initial\":1}},"
        "\"cell_types\":{\"u\":{\"uptake\":{\"o2\":50}},\"w\":{\"uptake\":{\"o2\":0.2}}},"
        "\"initial\":[{\"shape\":\"list\",\"type\":\"u\",\"positions\":[[55,55]]},"
        "{\"shape\":\"list\",\"type\":\"w\",\"positions\":[[155,155]]}]}");
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    CHECK(th_run_checked(sim, 2) == 0); /* step 1 decides the uptake, step 2 applies it */
    float hard = sim->fields.value[0][5 * 30 + 5], soft = sim->fields.value[0][15 * 30 + 15];
    float want_soft = 1.0f - (float)(1.0 * -expm1(-0.2));
    printf("    after one uptake: u dt = 50: %.9g; u dt = 0.2: %.9g (exp(-0.2) = %.9g)\n", hard,
           soft, exp(-0.2));
    CHECK(hard >= 0.0f && hard <= 1e-7f);
    CHECK(soft == want_soft);
    CHECK_NEAR(soft, exp(-0.2), 1e-7);
    CHECK(th_run_checked(sim, 20) == 0);
    for (size_t s = 0; s < sim->lat.n_sites; s++)
        CHECK(sim->fields.value[0][s] >= 0.0f || (printf("    negative at %zu\n", s), 0));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Chemotactic drift in a fixed linear gradient c = g x. Reference (docs/fields.md): a moving cell
   picks free neighbour k with probability exp(chi c_k) / sum_j exp(chi c_j); in the von Neumann
   neighbourhood with all four neighbours free the mean step along x is dx tanh(beta / 2),
   beta = chi g dx, so v = (1 - exp(-m dt)) / dt * dx * tanh(beta / 2). Tolerance: 4 standard errors
   of the mean displacement of N cells over T steps (per-step variance p dx^2 cosh(beta) /
   (cosh(beta) + 1) - mu^2). Cells fill 0.4% of sites, so blocked moves bias v by < 0.5%. Seed 9. */
TEST(chemotaxis_drift_matches_the_model)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[600,400],\"dx\":10,\"boundary\":\"closed\"},\"dt\":1,"
        "\"steps\":0,\"seed\":9,\"fields\":{\"attractant\":{\"diffusion\":0}},"
        "\"cell_types\":{\"t\":{\"motility\":{\"rate\":0.5},"
        "\"chemotaxis\":{\"field\":\"attractant\",\"sensitivity\":5}}},"
        "\"initial\":[{\"shape\":\"rect\",\"type\":\"t\",\"min\":[2000,0],\"max\":[4000,4000],"
        "\"count\":1000}]}");
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    double g = 0.01, chi = 5, dx = 10, m = 0.5, dt = 1;
    for (size_t s = 0; s < sim->lat.n_sites; s++)
        sim->fields.value[0][s] = (float)(g * ((double)(s % 600) + 0.5) * dx);
    double x0 = 0.0;
    for (size_t i = 0; i < sim->ag.n; i++)
        x0 += (double)(sim->ag.site[i] % 600) * dx;
    int T = ct_test_long() ? 800 : 200;
    CHECK(th_run_checked(sim, T) == 0);
    double x1 = 0.0, n = (double)ct_sim_live_cells(sim);
    for (size_t i = 0; i < sim->ag.n; i++)
        x1 += (double)(sim->ag.site[i] % 600) * dx;
    double beta = chi * g * dx, p = -expm1(-m * dt), mu = p * dx * tanh(beta / 2);
    double var = p * dx * dx * cosh(beta) / (cosh(beta) + 1) - mu * mu;
    double got = (x1 - x0) / n / (T * dt), want = mu / dt, se = sqrt(T * var / n) / (T * dt);
    printf("    seed 9, %g cells, %d steps: drift %.5f um/min, model %.5f um/min (se %.5f)\n", n,
           T, got, want, se);
    CHECK_NEAR(got, want, 4 * se);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Hill rule. Reference: b0 + (bmax - b0) s^n / (h^n + s^n) is exactly b0 + (bmax - b0) / 2 at
   s = h for any n (h^n / (2 h^n)); checked bit for bit, in the formula and in a running cell
   whose proliferation follows a field held at h. */
TEST(hill_rule_gives_the_midpoint_at_half)
{
    const double n_values[] = {0.5, 1, 2, 3.7, 8};
    for (int k = 0; k < 5; k++) {
        double b = ct_rules_hill(2.5, 0.01, 0.21, 2.5, n_values[k]);
        CHECK(b == 0.01 + (0.21 - 0.01) * 0.5);
    }
    CHECK(ct_rules_hill(0.0, 0.3, 1.0, 2.0, 2.0) == 0.3);
    CHECK(ct_rules_hill(1e9, 0.3, 1.0, 2.0, 2.0) > 0.999999);
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[10,10]},\"dt\":2,\"steps\":0,"
        "\"fields\":{\"gf\":{\"diffusion\":0,\"initial\":0.75}},"
        "\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.01},\"rules\":[{\"behaviour\":"
        "\"proliferation\",\"signal\":\"field:gf\",\"max\":0.05,\"half\":0.75,\"hill\":3}]}},"
        "\"initial\":[{\"shape\":\"list\",\"type\":\"a\",\"positions\":[[50,50]]}]}");
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    ct_type_step ts;
    ct_rules_event_probs(sim, 0, &ts);
    double mid = 0.01 + (0.05 - 0.01) * 0.5;
    printf("    field at half: p = %.17g, 1 - exp(-b_mid dt) = %.17g\n", ts.p_any,
           ct_rate_to_prob(mid, 2.0));
    CHECK(ts.p_any == ct_rate_to_prob(mid, 2.0));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

#define CONTACT_SCENARIO(actions, extra)                                                      \
    "{\"domain\":{\"size\":[9,9],\"neighbourhood\":\"moore\",\"boundary\":\"closed\"},"       \
    "\"dt\":1,\"steps\":0,\"seed\":12,\"cell_types\":{\"prey\":{\"motility\":{\"rate\":50},"  \
    "\"proliferation\":{\"rate\":50},\"states\":[\"calm\",\"alert\"]},\"sick\":{},"          \
    "\"hunter\":{\"states\":[\"naive\",\"active\"]" extra ",\"contact\":[" actions "]}},"    \
    "\"initial\":[{\"shape\":\"list\",\"type\":\"prey\",\"positions\":[[45,45]]},"            \
    "{\"shape\":\"rect\",\"type\":\"hunter\",\"min\":[30,30],\"max\":[60,60],\"fill\":true}]}"

/* One step of the contact scenario; returns the simulation (caller frees) or NULL. */
static ct_sim *contact_step(ct_scenario **sc, const char *json)
{
    *sc = th_scenario(json);
    ct_sim *sim = th_sim(*sc);
    if (sim && th_run_checked(sim, 1) != 0) {
        ct_sim_free(sim);
        return NULL;
    }
    return sim;
}

/* Contact actions. Eight hunters surround one prey and all act with probability 1: exactly one wins
   (the claim with the highest key), the prey's own move or division is cancelled, and the lattice
   stays consistent. Seed 12. */
TEST(contact_actions_resolve_one_winner_and_override_the_target)
{
    ct_scenario *sc;
    ct_sim *sim = contact_step(&sc, CONTACT_SCENARIO(
        "{\"action\":\"kill\",\"target\":\"prey\",\"probability\":1}", ""));
    CHECK(sim != NULL);
    if (sim) {
        CHECK(th_count(sim, 0) == 0 && th_count(sim, 2) == 8);
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);

    sim = contact_step(&sc, CONTACT_SCENARIO(
        "{\"action\":\"infect\",\"target\":\"prey\",\"to\":\"sick\",\"probability\":1}", ""));
    CHECK(sim != NULL);
    if (sim) { /* infected: changed type in place, neither moved nor divided */
        CHECK(th_count(sim, 0) == 0 && th_count(sim, 1) == 1);
        CHECK(sim->lat.slot[4 * 9 + 4] != CT_EMPTY);
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);

    sim = contact_step(&sc, CONTACT_SCENARIO(
        "{\"action\":\"activate\",\"target\":\"prey\",\"to\":\"alert\",\"rate\":1e9}", ""));
    CHECK(sim != NULL);
    if (sim) { /* activated: state changes, its own event still happens (it moved or divided) */
        uint64_t counts[CT_MAX_TYPES * CT_MAX_STATES];
        ct_sim_count_type_states(sim, counts);
        int alert = ct_scenario_state_index(sc, "alert");
        CHECK(counts[0 * CT_MAX_STATES + alert] >= 1);
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);

    sim = contact_step(&sc, CONTACT_SCENARIO(
        "{\"action\":\"kill\",\"target\":\"prey\",\"state\":\"active\",\"probability\":1}", ""));
    CHECK(sim != NULL);
    if (sim) { /* naive hunters may not kill: the prey lives */
        CHECK(th_count(sim, 0) >= 1);
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);
}

/* A rule on a contact action: kill probability 0 without a signal, rising with the count of
   neighbouring hunters (8 here, half 1, max 1, hill 8: about 1). Seed 12. */
/* A state no type has (from a checkpoint or a plugin of old) used to be counted at
   type * CT_MAX_STATES + state, past the end of the counts. */
TEST(type_state_counts_never_index_out_of_range)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[4,4]},\"dt\":1,\"steps\":1,\"cell_types\":{\"a\":{\"states\":[\"x\"]}},"
        "\"initial\":[{\"shape\":\"list\",\"type\":\"a\",\"positions\":[[5,5],[15,5]]}]}");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL)) {
        ct_scenario_free(sc);
        return;
    }
    enum { GUARD = 256 };
    uint64_t counts[CT_MAX_STATES + GUARD];
    memset(counts, 0xab, sizeof counts);
    sim->ag.state[1] = 254;
    ct_sim_count_type_states(sim, counts);
    CHECK(counts[ct_scenario_state_index(sc, "x")] == 1);
    for (int k = CT_MAX_STATES; k < CT_MAX_STATES + GUARD; k++)
        CHECK(counts[k] == 0xababababababababULL);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(contact_probability_follows_a_neighbour_rule)
{
    ct_scenario *sc;
    ct_sim *sim = contact_step(&sc, CONTACT_SCENARIO(
        "{\"action\":\"kill\",\"target\":\"prey\",\"probability\":0}",
        ",\"rules\":[{\"behaviour\":\"contact:kill\",\"signal\":\"neighbours:hunter\","
        "\"max\":1,\"half\":0.5,\"hill\":8}]"));
    CHECK(sim != NULL);
    if (sim) {
        CHECK(th_count(sim, 0) == 0);
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);
}

static const char *const signal_scenarios[] = {
    "{\"domain\":{\"size\":[130,130],\"dx\":10,\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
    "\"seed\":31,\"fields\":{\"chemokine\":{\"diffusion\":500,\"decay\":0.01,\"solver\":\"spectral\"},"
    "\"oxygen\":{\"diffusion\":1e5,\"decay\":0.1,\"boundary\":\"fixed\",\"boundary_value\":1,"
    "\"solver\":\"implicit\",\"initial\":1}},"
    "\"cell_types\":{\"tumour\":{\"proliferation\":{\"rate\":0.01},\"secretion\":{\"chemokine\":1},"
    "\"uptake\":{\"oxygen\":0.5},\"rules\":[{\"behaviour\":\"proliferation\",\"signal\":"
    "\"field:oxygen\",\"max\":0.03,\"half\":0.5,\"hill\":2},{\"behaviour\":\"death\",\"signal\":"
    "\"neighbours:tumour\",\"max\":0.01,\"half\":6}],\"contact\":[{\"action\":\"activate\","
    "\"target\":\"t\",\"to\":\"active\",\"probability\":0.5}]},"
    "\"t\":{\"states\":[\"naive\",\"active\"],\"motility\":{\"rate\":0.8},\"chemotaxis\":"
    "{\"field\":\"chemokine\",\"sensitivity\":20},\"contact\":[{\"action\":\"kill\",\"target\":"
    "\"tumour\",\"state\":\"active\",\"probability\":0.3},{\"action\":\"infect\",\"target\":"
    "\"tumour\",\"to\":\"t\",\"rate\":0.01}]}},"
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":[650,650],\"radius\":150,"
    "\"fill\":true},{\"shape\":\"rect\",\"type\":\"t\",\"min\":[0,0],\"max\":[1300,1300],"
    "\"count\":1500}]}",
    "{\"domain\":{\"size\":[26,26,26],\"dx\":10},\"dt\":1,\"steps\":0,\"seed\":32,"
    "\"fields\":{\"c\":{\"diffusion\":300,\"boundary\":\"periodic\"},\"o\":{\"diffusion\":3000,"
    "\"decay\":0.1,\"boundary\":\"fixed\",\"boundary_value\":1,\"solver\":\"spectral\","
    "\"initial\":1}},"
    "\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.02},\"secretion\":{\"c\":1},"
    "\"uptake\":{\"o\":1},\"contact\":[{\"action\":\"kill\",\"target\":\"b\",\"probability\":0.2}]},"
    "\"b\":{\"motility\":{\"rate\":1},\"chemotaxis\":{\"field\":\"c\",\"sensitivity\":3},"
    "\"rules\":[{\"behaviour\":\"motility\",\"signal\":\"field:o\",\"max\":0.1,\"half\":0.5}]}},"
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"a\",\"centre\":[130,130,130],\"radius\":40,"
    "\"fill\":true},{\"shape\":\"rect\",\"type\":\"b\",\"min\":[0,0,0],\"max\":[260,260,260],"
    "\"count\":1500}]}"};

/* Fields, secretion, uptake, chemotaxis, rules and contact actions together: bit-identical on 1,
   2 and 4 threads, in 2D and 3D. Seeds 31 and 32. */
TEST(determinism_with_fields_rules_and_contacts)
{
    int saved = omp_get_max_threads();
    for (int c = 0; c < 2; c++) {
        uint64_t one = th_json_trajectory(signal_scenarios[c], 1, 25);
        uint64_t two = th_json_trajectory(signal_scenarios[c], 2, 25);
        uint64_t four = th_json_trajectory(signal_scenarios[c], 4, 25);
        printf("    %dD: 1 thread %016llx, 2 threads %016llx, 4 threads %016llx\n", c + 2,
               (unsigned long long)one, (unsigned long long)two, (unsigned long long)four);
        CHECK(one != 0 && one == two && two == four);
    }
    omp_set_num_threads(saved);
}
