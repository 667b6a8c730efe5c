/* Bacteria and phagocytes, reduced well-mixed setting (scenarios/bacteria_threshold.json).
 * Reference: the well-mixed model B' = (r - k P) B with clearance when k P > r (see
 * docs/models.md, model 5). On the lattice, with per-step probabilities:
 *   - growth alone: E[B_n] = B_0 (1 + p_div)^n, p_div = (r / R)(1 - exp(-R dt)), R = r + m_b
 *     (competing risks with the bacteria's motility m_b), so lambda_0 = ln(1 + p_div) / dt;
 *   - killing: a phagocyte touching a bacterium kills it with q = 1 - exp(-kappa dt) per step.
 *     With phagocytes at density rho = P / N and z = 8 neighbours the well-mixed hazard is
 *     k P with k = z kappa / N. A phagocyte walks to a uniformly chosen *free* neighbour, so its
 *     stationary density next to an occupied site is (z - 1)/z of the mean (detailed balance of
 *     the "myopic" walk: pi(x) ~ number of free neighbours of x); the reference is therefore
 *     k = (z - 1) kappa / N, i.e. P* = r N / ((z - 1) kappa) = 1143 here.
 * Checks (4 replicates, 16 under CT_LONG; seeds printed): lambda_0 against ln(1 + p_div)/dt
 * within 4 standard errors; below the threshold (P = P* / 2 rounded to 500) the bacteria spread
 * (lambda > 0 by more than 4 standard errors), above it (P = 2000) they decline (lambda < 0 by
 * 4 standard errors); and the measured kill coefficient k = (lambda_0 - lambda) / P within 35% of
 * the reference at both P (the lattice departs from well mixing: daughters start next to their
 * mothers and bacteria exclude phagocytes; measured 0.73-0.78 of the reference). */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "ct_scenario.h"
#include "ct_scenario_load.h"
#include "ct_sim.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"

#define BT_R 0.01      /* bacterial division rate, 1/min (scenario) */
#define BT_MB 0.2      /* bacterial motility, 1/min (scenario) */
#define BT_KAPPA 0.05  /* contact kill rate of a phagocyte, 1/min (scenario) */
#define BT_N 40000.0   /* sites (200 x 200) */
#define BT_STEPS 200   /* dt = 1 min */

/* Growth rate per minute of one replicate: ln(B(end) / B(20)) / (end - 20 min). Returns NAN on
   error or extinction. */
static double bt_lambda(int phagocytes, uint64_t seed)
{
    const char *root = getenv("CT_ROOT");
    char path[4096], o[2][64];
    snprintf(path, sizeof path, "%s/scenarios/bacteria_threshold.json", root ? root : ".");
    snprintf(o[0], sizeof o[0], "initial.1.count=%d", phagocytes);
    snprintf(o[1], sizeof o[1], "seed=%llu", (unsigned long long)seed);
    const char *ov[2] = {o[0], o[1]};
    ct_scenario *sc;
    ct_sim *sim = NULL;
    ct_error err = {0};
    if (ct_scenario_load(path, ov, 2, &sc, &err) || ct_sim_create(sc, &sim, &err)) {
        printf("    %s\n", err.msg);
        return NAN;
    }
    uint64_t c[CT_MAX_TYPES];
    double b20 = 0, lambda = NAN;
    int rc = 0;
    for (int n = 1; n <= BT_STEPS && !rc; n++) {
        rc = ct_sim_step(sim);
        if (n == 20) {
            ct_sim_count_types(sim, c);
            b20 = (double)c[0];
        }
    }
    ct_sim_count_types(sim, c);
    if (!rc && b20 > 0 && c[0] > 0)
        lambda = log((double)c[0] / b20) / (BT_STEPS - 20);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return lambda;
}

static void bt_stats(int phagocytes, int R, uint64_t seed0, double *mean, double *se)
{
    double s1 = 0, s2 = 0;
    for (int i = 0; i < R; i++) {
        double l = bt_lambda(phagocytes, seed0 + (uint64_t)i);
        s1 += l, s2 += l * l;
    }
    *mean = s1 / R;
    *se = sqrt(fmax(s2 / R - *mean * *mean, 0) / (R - 1.0));
}

TEST(model_bacteria_clearance_threshold_matches_the_well_mixed_model)
{
    int R = ct_test_long() ? 16 : 4;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    double l0, se0, lo, selo, hi, sehi;
    bt_stats(0, R, 300, &l0, &se0);
    bt_stats(500, R, 400, &lo, &selo);
    bt_stats(2000, R, 500, &hi, &sehi);
    omp_set_num_threads(saved);
    double Rt = BT_R + BT_MB, pdiv = BT_R / Rt * -expm1(-Rt);
    double want0 = log1p(pdiv), k = 7 * BT_KAPPA / BT_N, pstar = BT_R / k;
    printf("    %d replicates each, seeds 300-, 400-, 500-; P* = r N / ((z-1) kappa) = %.0f\n", R,
           pstar);
    printf("    no phagocytes: lambda %.5f (se %.1e) vs ln(1 + p_div) = %.5f /min (r = %g)\n", l0,
           se0, want0, BT_R);
    CHECK_NEAR(l0, want0, 4 * se0);
    printf("    P = 500:  lambda %.5f (se %.1e), well mixed %.5f -> spread\n", lo, selo,
           want0 - k * 500);
    printf("    P = 2000: lambda %.5f (se %.1e), well mixed %.5f -> clearance\n", hi, sehi,
           want0 - k * 2000);
    CHECK(lo > 4 * selo);
    CHECK(hi < -4 * sehi);
    double k_lo = (l0 - lo) / 500, k_hi = (l0 - hi) / 2000;
    printf("    kill coefficient k: %.3g (P = 500), %.3g (P = 2000) vs (z-1) kappa / N = %.3g "
           "(ratios %.2f, %.2f)\n",
           k_lo, k_hi, k, k_lo / k, k_hi / k);
    CHECK_NEAR(k_lo, k, 0.35 * k);
    CHECK_NEAR(k_hi, k, 0.35 * k);
}
