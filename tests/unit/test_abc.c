/* ABC-SMC against closed-form posteriors, its determinism and its refusals. */
#include <math.h>
#include <string.h>

#include "../harness.h"
#include "ct_abc.h"

/* Toy model: n observations x_i ~ N(theta, 1); the simulator returns |mean_sim - mean_obs|, the
   distance on the sufficient statistic, with mean_sim ~ N(theta, 1/n) drawn from a stream keyed
   by (generation, candidate), so the batch order cannot matter. */
typedef struct toy {
    int n;
    double xbar;
    long calls;
} toy;

static int toy_simulate(void *ctx, int gen, long first, long n, const double *theta, double *dist,
                        ct_error *err)
{
    toy *t = ctx;
    (void)err;
    for (long i = 0; i < n; i++) {
        ct_rng r = ct_rng_stream(ct_rng_step_key(99, (uint64_t)gen), (uint64_t)(first + i), 3);
        double sim = theta[i] + ct_rng_normal(&r) / sqrt(t->n);
        dist[i] = fabs(sim - t->xbar);
    }
    t->calls += n;
    return CT_OK;
}

static ct_abc_settings toy_settings(long population, int generations)
{
    ct_abc_settings s = {.n_params = 1, .seed = 7, .population = population, .batch = population,
                         .max_generations = generations, .quantile = 0.5, .max_runs = 10000000};
    s.priors[0] = (ct_prior){.kind = CT_PRIOR_NORMAL, .min = -50, .max = 50, .mean = 0, .sd = 10};
    return s;
}

static double weighted_mean(const ct_abc_generation *g, long n)
{
    double m = 0;
    for (long i = 0; i < n; i++)
        m += g->weight[i] * g->theta[i];
    return m;
}

static double weighted_sd(const ct_abc_generation *g, long n)
{
    double m = weighted_mean(g, n), v = 0;
    for (long i = 0; i < n; i++)
        v += g->weight[i] * (g->theta[i] - m) * (g->theta[i] - m);
    return sqrt(v);
}

/* Reference: normal-normal conjugacy (Gelman et al., Bayesian Data Analysis, 3rd ed., sec. 2.5):
   prior N(0, 10^2), n = 10 observations of variance 1 with mean 2.3 give the posterior
   N(mu_n, s_n^2), 1/s_n^2 = 1/100 + 10, mu_n = s_n^2 * 10 * 2.3. The ABC posterior with a box
   of half-width eps adds eps^2/3 to the variance; after 9 generations eps < 0.05 (under 0.4%
   in sd). Tolerances: mean within 0.03 (about 3 Monte Carlo standard errors of a
   weighted mean of 2000 particles, s_n / sqrt(ESS ~ 1000) = 0.01), sd within 8%. */
TEST(abc_normal_mean_matches_conjugate_posterior)
{
    toy t = {10, 2.3, 0};
    long pop = ct_test_long() ? 10000 : 2000;
    ct_abc_settings s = toy_settings(pop, 9);
    ct_abc_result r;
    ct_error err;
    CHECK(ct_abc_run(&s, toy_simulate, NULL, &t, &r, &err) == CT_OK);
    double s2 = 1 / (1 / 100.0 + 10), mu = s2 * 10 * 2.3;
    const ct_abc_generation *last = &r.gens[r.n_generations - 1];
    printf("  seed 7: %d generations, eps %.4f, runs %ld, mean %.4f (want %.4f), sd %.4f (want "
           "%.4f)\n",
           r.n_generations, last->tolerance, r.runs, weighted_mean(last, pop), mu,
           weighted_sd(last, pop), sqrt(s2));
    CHECK(r.n_generations == 9);
    CHECK(last->tolerance < 0.05);
    CHECK_NEAR(weighted_mean(last, pop), mu, 0.03);
    CHECK_NEAR(weighted_sd(last, pop) / sqrt(s2), 1.0, 0.08);
    /* tolerances shrink, acceptance falls, and the runs add up */
    long runs = 0;
    for (int g = 0; g < r.n_generations; g++) {
        runs += r.gens[g].candidates;
        CHECK(g == 0 || r.gens[g].tolerance < r.gens[g - 1].tolerance);
    }
    CHECK(runs == r.runs && t.calls == r.runs);
    ct_abc_result_free(&r);
}

/* Reference: a log-uniform prior on a rate k with n = 20 exponential waiting times of mean 1/k
   (sufficient statistic: their sum S = 10) gives the posterior Gamma(n, S), mean n/S = 2,
   sd sqrt(n)/S = 0.447 (conjugacy of the exponential with the Jeffreys prior 1/k, truncated to
   [0.01, 100] where the gamma has negligible mass). Checks the log-scale kernel and the
   Jacobian of the weights. Tolerances: mean within 0.05, sd within 10%. */
static int exp_simulate(void *ctx, int gen, long first, long n, const double *theta, double *dist,
                        ct_error *err)
{
    (void)ctx;
    (void)err;
    for (long i = 0; i < n; i++) {
        ct_rng r = ct_rng_stream(ct_rng_step_key(5, (uint64_t)gen), (uint64_t)(first + i), 4);
        double sum = 0;
        for (int j = 0; j < 20; j++)
            sum += -log(1 - ct_rng_uniform(&r)) / theta[i];
        dist[i] = fabs(sum - 10);
    }
    return CT_OK;
}

TEST(abc_exponential_rate_matches_gamma_posterior)
{
    ct_abc_settings s = toy_settings(2000, 10);
    s.priors[0] = (ct_prior){.kind = CT_PRIOR_LOG_UNIFORM, .min = 0.01, .max = 100};
    ct_abc_result r;
    ct_error err;
    CHECK(ct_abc_run(&s, exp_simulate, NULL, NULL, &r, &err) == CT_OK);
    const ct_abc_generation *last = &r.gens[r.n_generations - 1];
    printf("  seed 7: eps %.4f, mean %.4f (want 2), sd %.4f (want 0.4472)\n", last->tolerance,
           weighted_mean(last, s.population), weighted_sd(last, s.population));
    CHECK_NEAR(weighted_mean(last, s.population), 2.0, 0.05);
    CHECK_NEAR(weighted_sd(last, s.population) / 0.4472, 1.0, 0.10);
    ct_abc_result_free(&r);
}

/* The batch size changes how candidates are grouped, never which are accepted: with the
   population a multiple of both batches, the same particles come out bit for bit. */
TEST(abc_result_independent_of_batching)
{
    toy t = {10, 2.3, 0};
    ct_abc_settings a = toy_settings(200, 4), b = a;
    b.batch = 50;
    ct_abc_result ra, rb;
    ct_error err;
    CHECK(ct_abc_run(&a, toy_simulate, NULL, &t, &ra, &err) == CT_OK);
    CHECK(ct_abc_run(&b, toy_simulate, NULL, &t, &rb, &err) == CT_OK);
    CHECK(ra.n_generations == rb.n_generations);
    for (int g = 0; g < ra.n_generations && g < rb.n_generations; g++) {
        CHECK(memcmp(ra.gens[g].theta, rb.gens[g].theta, 200 * sizeof(double)) == 0);
        CHECK(memcmp(ra.gens[g].weight, rb.gens[g].weight, 200 * sizeof(double)) == 0);
    }
    ct_abc_result_free(&ra);
    ct_abc_result_free(&rb);
}

TEST(abc_stops_when_runs_are_spent_and_refuses_bad_settings)
{
    toy t = {10, 2.3, 0};
    ct_abc_settings s = toy_settings(100, 50);
    s.max_runs = 1000;
    ct_abc_result r;
    ct_error err;
    CHECK(ct_abc_run(&s, toy_simulate, NULL, &t, &r, &err) == CT_OK);
    CHECK(r.stop == CT_ABC_RUNS_SPENT && r.n_generations >= 1 && r.runs <= 1000);
    ct_abc_result_free(&r);
    s.max_runs = 50; /* not even generation 0 */
    CHECK(ct_abc_run(&s, toy_simulate, NULL, &t, &r, &err) == CT_ERANGE);
    CHECK(strstr(err.msg, "max_runs") != NULL);
    s = toy_settings(100, 5);
    s.quantile = 1;
    CHECK(ct_abc_run(&s, toy_simulate, NULL, &t, &r, &err) == CT_ERANGE);
    s = toy_settings(1, 5);
    CHECK(ct_abc_run(&s, toy_simulate, NULL, &t, &r, &err) == CT_ERANGE);
}
