/* Validation of the built-in behaviours against analytic results. Each case states its reference,
 * its tolerance and its seed. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "ct_alloc.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

/* Pure death. Reference: each cell survives one step with probability exp(-d dt), so
   E[N(t)] = N0 exp(-d t) exactly at every step; N(t) is binomial(N0, exp(-d t)).
   Tolerance: 5 binomial standard deviations. Seed 11. */
TEST(validation_pure_death_follows_exponential_decay)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[400,250]},\"dt\":0.5,\"steps\":0,\"seed\":11,"
        "\"cell_types\":{\"a\":{\"death\":{\"rate\":0.01}}},"
        "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[4000,2500],"
        "\"fill\":true}]}");
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    double n0 = (double)th_count(sim, 0), d = 0.01;
    CHECK(n0 == 100000);
    for (int block = 1; block <= 4; block++) {
        CHECK(th_run_checked(sim, 100) == 0);
        double t = (double)sim->step * sim->dt, p = exp(-d * t);
        double want = n0 * p, sd = sqrt(n0 * p * (1 - p)), got = (double)th_count(sim, 0);
        printf("    t=%g min: N=%g, N0 exp(-d t)=%.1f (sd %.1f)\n", t, got, want, sd);
        CHECK_NEAR(got, want, 5 * sd);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Unconstrained growth. Reference: with division probability p = 1 - exp(-b dt) per step the
   exact mean is E[N_n] = N0 (1 + p)^n, which tends to N0 exp(b t) as dt -> 0: log(1 + p) =
   b dt - (b dt)^2 + O(dt^3), so the relative gap is below b^2 dt t. Variance of the Yule process N0 e^{bt}(e^{bt} - 1) gives the tolerance:
   4 standard deviations. Cells start 1 in 1000 sites so crowding is negligible. Seed 5. */
TEST(validation_unconstrained_growth_is_exponential)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[1000,1000],\"neighbourhood\":\"moore\"},\"dt\":0.5,\"steps\":0,"
        "\"seed\":5,\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.01}}},"
        "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[10000,10000],"
        "\"count\":1000}]}");
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    double n0 = 1000, b = 0.01, dt = 0.5;
    CHECK(th_run_checked(sim, 300) == 0);
    double t = 300 * dt, p = -expm1(-b * dt);
    double exact = n0 * pow(1 + p, 300), continuum = n0 * exp(b * t);
    double sd = sqrt(n0 * exp(b * t) * (exp(b * t) - 1)), got = (double)th_count(sim, 0);
    printf("    t=%g min: N=%g, discrete mean %.1f, N0 exp(b t) %.1f, sd %.1f\n", t, got, exact,
           continuum, sd);
    CHECK_NEAR(got, exact, 4 * sd);
    CHECK(fabs(exact - continuum) / continuum < b * b * dt * t);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Mean squared displacement of sparse random walkers. Reference: a walker hops to one of its
   2d von Neumann neighbours (distance dx) with probability p = 1 - exp(-m dt) per step, so
   MSD(n) = p n dx^2; with the Moore neighbourhood (2D) the mean squared hop is 1.5 dx^2, so
   MSD = 1.5 p n dx^2. 20000 walkers at density 0.005; tolerance 3% (about 4 standard errors).
   Seed 3. */
static void check_msd(const char *hood, double hop2, uint64_t seed)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[2000,2000],\"dx\":2,\"neighbourhood\":\"%s\"},\"dt\":1,"
             "\"steps\":0,\"seed\":%llu,\"cell_types\":{\"w\":{\"motility\":{\"rate\":0.5}}},"
             "\"initial\":[{\"shape\":\"rect\",\"type\":\"w\",\"min\":[0,0],\"max\":[4000,4000],"
             "\"count\":20000}]}",
             hood, (unsigned long long)seed);
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL);
    if (!sim)
        return;
    size_t n = sim->ag.n;
    uint32_t *prev = ct_malloc((n + 1) * sizeof *prev);
    double *dx = ct_calloc(n + 1, sizeof *dx), *dy = ct_calloc(n + 1, sizeof *dy);
    for (size_t i = 0; i < n; i++)
        prev[sim->ag.id[i]] = sim->ag.site[i];
    int steps = 200;
    for (int k = 0; k < steps; k++) {
        CHECK(ct_sim_step(sim) == CT_OK);
        for (size_t i = 0; i < sim->ag.n; i++) {
            uint64_t id = sim->ag.id[i];
            int64_t d[3];
            ct_lattice_displacement(&sim->lat, prev[id], sim->ag.site[i], d);
            dx[id] += (double)d[0];
            dy[id] += (double)d[1];
            prev[id] = sim->ag.site[i];
        }
    }
    double msd = 0;
    for (size_t id = 1; id <= n; id++)
        msd += (dx[id] * dx[id] + dy[id] * dy[id]) * 4.0; /* dx = 2 um */
    msd /= (double)n;
    double p = -expm1(-0.5), want = hop2 * p * steps * 4.0;
    printf("    %s, seed %llu: MSD %.2f um^2, p n dx^2 formula %.2f\n", hood,
           (unsigned long long)seed, msd, want);
    CHECK_NEAR(msd, want, 0.03 * want);
    ct_free(prev);
    ct_free(dx);
    ct_free(dy);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(validation_random_walk_msd_von_neumann)
{
    check_msd("von_neumann", 1.0, 3);
}

TEST(validation_random_walk_msd_moore)
{
    check_msd("moore", 1.5, 4);
}

/* A full lattice with fast division, motility, death and transitions: after every step no site
   holds two cells, the lattice and the store agree, and the population never exceeds capacity. */
TEST(validation_full_lattice_keeps_capacity)
{
    const char *json[] = {
        "{\"domain\":{\"size\":[40,30],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
        "\"seed\":9,\"cell_types\":{\"a\":{\"motility\":{\"rate\":2},\"proliferation\":"
        "{\"rate\":3},\"death\":{\"rate\":0.05},\"transition\":{\"rate\":0.1,\"to\":\"b\"}},"
        "\"b\":{\"proliferation\":{\"rate\":1},\"motility\":{\"rate\":1}}},"
        "\"initial\":[{\"shape\":\"disc\",\"type\":\"a\",\"centre\":[200,150],\"radius\":80,"
        "\"fill\":true}]}",
        "{\"domain\":{\"size\":[12,10,8],\"boundary\":[\"periodic\",\"closed\",\"periodic\"]},"
        "\"dt\":1,\"steps\":0,\"seed\":10,\"cell_types\":{\"a\":{\"motility\":{\"rate\":2},"
        "\"proliferation\":{\"rate\":3},\"death\":{\"rate\":0.02}}},"
        "\"initial\":[{\"shape\":\"disc\",\"type\":\"a\",\"centre\":[60,50,40],\"radius\":20,"
        "\"count\":30}]}"};
    for (int c = 0; c < 2; c++) {
        ct_scenario *sc = th_scenario(json[c]);
        ct_sim *sim = th_sim(sc);
        CHECK(sim != NULL);
        if (!sim)
            continue;
        CHECK(th_run_checked(sim, 300) == 0);
        size_t live = ct_sim_live_cells(sim);
        printf("    case %d: %zu cells on %zu sites\n", c, live, sim->lat.n_sites);
        CHECK(live > sim->lat.n_sites / 2 && live <= sim->lat.n_sites);
        ct_sim_free(sim);
        ct_scenario_free(sc);
    }
}
