/* Model 2 of docs/models.md: T cells searching for APCs, scenarios/lymph_node_search.json with
 * scripts/lymph_node.lua (first contact time per T cell).
 *
 * Reference: trapping of a simple random walk on the cubic lattice among static traps placed at
 * random (Rosenstock 1969, Phys Rev 187:1166; Montroll & Weiss 1965, J Math Phys 6:167). A T cell
 * is in contact when an APC sits on one of its 6 neighbour sites, so the walk is trapped when its
 * range R_n, widened by the 7-site cross B (a site and its 6 neighbours), holds an APC. With M APCs
 * on N sites, lambda = -ln(1 - M / (N - 1)) (the walker's own start site is free), Rosenstock's
 * approximation of the probability of no contact during the first n hops is
 *     Phi(n) = exp(-lambda (E|R_n + B| - 1)),  E|R_n + B| = 7 + cap n + b sqrt(n),
 * where cap = 1 / (G0 - 1) is the capacity of B (its equilibrium charge is 1 / (6 G(e1)) on each
 * arm and 0 at the centre, since G is harmonic at e1; G(e1) = G0 - 1), G0 = 1.516386... the
 * Green function of the walk at the origin (Watson 1939, Q J Math 10:266; the closed form with
 * four Gamma functions is Glasser & Zucker 1977, PNAS 74:1800), and b sqrt(n) the next term of
 * the expected sausage volume, b = 4 cap^2 (3 / (2 pi))^(3/2) (Spitzer 1964 for the Wiener
 * sausage; for one site it is Vineyard's 0.5738, J Math Phys 4:1191, 1963). Contact is seen at the
 * start of a step and the walker hops with probability p = 1 - exp(-m dt) per step, so the first
 * contact step k_c satisfies P(k_c >= k) = E Phi(H), H ~ Binomial(k - 1, p).
 *
 * Test: the mean over T cells of min(k_c + 1, K + 1) after K steps (= sum_{k=0..K} P(k_c >= k))
 * within 4 standard errors plus 2% (the Rosenstock approximation neglects the fluctuations of the
 * sausage volume, a relative error of order lambda ln(1/lambda); the constant term of E|R_n + B|
 * is not known beyond n = 0; walkers at density below 1% block each other's hops now and then).
 * The theory without its sqrt(n) term (rate lambda cap alone) is printed for comparison. Seeds printed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ct_alloc.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "model_helpers.h"
#include "sim_helpers.h"

/* sum_{k=0..K} P(k_c >= k) under the approximation above. */
static double theory_truncated_mean(double lambda, double p, long K, int with_sqrt)
{
    const double pi = acos(-1.0);
    double g0 = sqrt(6.0) / (32 * pi * pi * pi) * tgamma(1.0 / 24) * tgamma(5.0 / 24) *
                tgamma(7.0 / 24) * tgamma(11.0 / 24);
    double cap = 1.0 / (g0 - 1.0), b = with_sqrt ? 4 * cap * cap * pow(3.0 / (2 * pi), 1.5) : 0.0;
    double *pmf = ct_calloc((size_t)K + 1, sizeof *pmf), *phi = ct_calloc((size_t)K + 1, sizeof *phi);
    if (!pmf || !phi) {
        ct_free(pmf);
        ct_free(phi);
        return NAN;
    }
    for (long h = 0; h <= K; h++)
        phi[h] = exp(-lambda * (6.0 + cap * (double)h + b * sqrt((double)h)));
    double sum = 1.0; /* k = 0 */
    pmf[0] = 1.0;     /* H ~ Binomial(k - 1, p), from k = 1 */
    for (long k = 1; k <= K; k++) {
        double e = 0;
        for (long h = 0; h < k; h++)
            e += pmf[h] * phi[h];
        sum += e;
        for (long h = k; h >= 1; h--) /* Binomial(k - 1) -> Binomial(k) */
            pmf[h] = pmf[h] * (1 - p) + pmf[h - 1] * p;
        pmf[0] *= 1 - p;
    }
    ct_free(pmf);
    ct_free(phi);
    if (with_sqrt)
        printf("    G0=%.9f cap=1/(G0-1)=%.6f b=%.4f\n", g0, cap, b);
    return sum;
}

static void check_search(int side, int n_apc, int n_tcell, int reps, long K, unsigned long long seed0)
{
    double *x = ct_calloc((size_t)reps * (size_t)n_tcell, sizeof *x);
    CHECK(x != NULL);
    if (!x)
        return;
    int n = 0;
    double dt = 0, p = 0, lambda = 0;
    for (int rep = 0; rep < reps; rep++) {
        char o[6][96];
        snprintf(o[0], sizeof o[0], "domain.size=[%d,%d,%d]", side, side, side);
        snprintf(o[1], sizeof o[1], "initial.0.max=[%d,%d,%d]", side * 10, side * 10, side * 10);
        snprintf(o[2], sizeof o[2], "initial.1.max=[%d,%d,%d]", side * 10, side * 10, side * 10);
        snprintf(o[3], sizeof o[3], "initial.0.count=%d", n_apc);
        snprintf(o[4], sizeof o[4], "initial.1.count=%d", n_tcell);
        snprintf(o[5], sizeof o[5], "seed=%llu", seed0 + (unsigned long long)rep);
        const char *ov[6] = {o[0], o[1], o[2], o[3], o[4], o[5]};
        ct_scenario *sc = mh_load("lymph_node_search.json", ov, 6);
        ct_sim *sim = th_sim(sc);
        CHECK(sim != NULL);
        if (!sim) {
            ct_scenario_free(sc);
            break;
        }
        int tc = ct_scenario_type_index(sc, "tcell");
        CHECK(ct_scenario_state_index(sc, "naive") == 1 &&
              ct_scenario_state_index(sc, "contacted") == 2); /* as scripts/lymph_node.lua says */
        dt = sc->dt;
        p = -expm1(-sc->types[tc].motility_rate * dt);
        double n_sites = (double)side * side * side;
        lambda = -log1p(-(double)n_apc / (n_sites - 1));
        for (long k = 0; k < K; k++)
            CHECK(ct_sim_step(sim) == CT_OK);
        int a = ct_agents_attribute_index(&sim->ag, "first_contact");
        CHECK(a >= 0);
        long contacted = mh_count(sim, "tcell", "contacted") + mh_count(sim, "tcell", "activated");
        long seen = 0;
        for (size_t i = 0; a >= 0 && i < sim->ag.n; i++) {
            if (sim->ag.type[i] != tc)
                continue;
            double fc = sim->ag.attr[a][i];
            seen += fc >= 0;
            x[n++] = fc >= 0 ? fc / dt + 1 : (double)K + 1;
        }
        CHECK(seen == contacted); /* the attribute and the state agree */
        ct_sim_free(sim);
        ct_scenario_free(sc);
    }
    double mean, se;
    mh_mean_se(x, n, &mean, &se);
    ct_free(x);
    double want = theory_truncated_mean(lambda, p, K, 1);
    double leading = theory_truncated_mean(lambda, p, K, 0);
    double tol = 4 * se + 0.02 * want;
    printf("    %d^3 sites, %d APCs (lambda %.3g), %d T cells x %d runs (seeds %llu..%llu), p=%.4f, "
           "K=%ld steps\n      mean min(k_c+1, K+1) = %.1f steps (se %.1f); Rosenstock %.1f "
           "(tolerance %.1f); without the sqrt(n) term %.1f\n",
           side, n_apc, lambda, n_tcell, reps, seed0, seed0 + (unsigned long long)reps - 1, p, K,
           mean, se, want, tol, leading);
    CHECK(n == reps * n_tcell);
    CHECK_NEAR(mean, want, tol);
}

TEST(model_search_first_contact_matches_trapping_theory)
{
    int threads = mh_single_thread();
    if (ct_test_long())
        check_search(64, 66, 1000, 10, 8000, 1965);
    else
        check_search(48, 110, 1000, 3, 1500, 1965);
    mh_restore_threads(threads);
}
