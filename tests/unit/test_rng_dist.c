/* Poisson and binomial deviates: moments and one pmf value against the distributions' formulas,
 * exact degenerate cases, and the argument checks. */
#include <math.h>

#include "ct_rng_dist.h"
#include "harness.h"

enum { DRAWS = 200000 };

/* Sample mean, variance and frequency of value `at`, from DRAWS deviates of one stream. */
typedef struct {
    double mean, var, freq_at;
} sample_stats;

static sample_stats summarise(const long long *x, long long at)
{
    sample_stats s = {0};
    for (int i = 0; i < DRAWS; i++)
        s.mean += (double)x[i], s.freq_at += x[i] == at;
    s.mean /= DRAWS;
    s.freq_at /= DRAWS;
    for (int i = 0; i < DRAWS; i++)
        s.var += ((double)x[i] - s.mean) * ((double)x[i] - s.mean);
    s.var /= DRAWS - 1;
    return s;
}

/* Reference: mean mu, variance s2, fourth central moment mu4 and pmf value pk at `at` of the
   distribution. The standard error of the sample mean is sqrt(s2/N), of the sample variance
   sqrt((mu4 - s2^2)/N) (Kendall & Stuart, "The Advanced Theory of Statistics" vol. 1, 10.5), of
   a frequency sqrt(pk(1-pk)/N). Each must lie within 5 standard errors (chance of a false alarm
   about 6e-7 per check). */
static void check_moments(const char *what, uint64_t seed, const long long *x, long long at,
                          double mu, double s2, double mu4, double pk)
{
    sample_stats s = summarise(x, at);
    double se_mean = sqrt(s2 / DRAWS), se_var = sqrt((mu4 - s2 * s2) / DRAWS);
    double se_freq = sqrt(pk * (1 - pk) / DRAWS);
    printf("    %s seed %llu: mean %.4f (%.4f +- %.4f), var %.4f (%.4f +- %.4f), P(%lld) %.5f "
           "(%.5f +- %.5f)\n", what, (unsigned long long)seed, s.mean, mu, se_mean, s.var, s2,
           se_var, at, s.freq_at, pk, se_freq);
    CHECK(fabs(s.mean - mu) < 5 * se_mean);
    CHECK(fabs(s.var - s2) < 5 * se_var);
    CHECK(fabs(s.freq_at - pk) < 5 * se_freq);
}

static long long draws[DRAWS];

/* Poisson(mu): variance mu, mu4 = mu (1 + 3 mu), pmf exp(k log mu - mu - lgamma(k + 1)).
   Means 3.5 (inversion) and 12, 250, 1e6 (PTRS). */
TEST(rng_poisson_moments_and_pmf)
{
    static const double means[] = {3.5, 12, 250, 1e6};
    for (int m = 0; m < 4; m++) {
        double mu = means[m];
        uint64_t seed = 1700 + (uint64_t)m;
        ct_rng r = ct_rng_stream(ct_rng_step_key(seed, 0), 1, CT_RNG_SCRIPT);
        for (int i = 0; i < DRAWS; i++)
            draws[i] = ct_rng_poisson(&r, mu);
        long long mode = (long long)floor(mu);
        double pk = exp((double)mode * log(mu) - mu - lgamma((double)mode + 1));
        check_moments("poisson", seed, draws, mode, mu, mu, mu * (1 + 3 * mu), pk);
    }
}

/* Binomial(n, p): variance npq, mu4 = npq (1 + 3 (n - 2) pq), pmf C(n,k) p^k q^(n-k).
   (20, 0.3) inversion, (1000, 0.3) BTRS, (1000, 0.9) BTRS on the failures, (1e8, 5e-8)
   inversion with a large n. */
TEST(rng_binomial_moments_and_pmf)
{
    static const struct {
        long long n;
        double p;
    } cases[] = {{20, 0.3}, {1000, 0.3}, {1000, 0.9}, {100000000, 5e-8}};
    for (int c = 0; c < 4; c++) {
        long long n = cases[c].n;
        double p = cases[c].p, q = 1 - p, dn = (double)n, s2 = dn * p * q;
        uint64_t seed = 1800 + (uint64_t)c;
        ct_rng r = ct_rng_stream(ct_rng_step_key(seed, 0), 1, CT_RNG_SCRIPT);
        for (int i = 0; i < DRAWS; i++)
            draws[i] = ct_rng_binomial(&r, n, p);
        long long mode = (long long)floor((dn + 1) * p);
        double k = (double)mode;
        double pk = exp(lgamma(dn + 1) - lgamma(k + 1) - lgamma(dn - k + 1) + k * log(p) +
                        (dn - k) * log1p(-p));
        check_moments("binomial", seed, draws, mode, dn * p, s2, s2 * (1 + 3 * (dn - 2) * p * q),
                      pk);
    }
}

/* Degenerate cases are exact and draw nothing: the stream is where it was. */
TEST(rng_dist_degenerate_cases_are_exact)
{
    ct_rng r = ct_rng_stream(ct_rng_step_key(5, 0), 1, CT_RNG_SCRIPT), before = r;
    CHECK(ct_rng_poisson(&r, 0) == 0);
    CHECK(ct_rng_binomial(&r, 0, 0.4) == 0);
    CHECK(ct_rng_binomial(&r, 17, 0) == 0);
    CHECK(ct_rng_binomial(&r, 17, 1) == 17);
    CHECK(ct_rng_binomial(&r, CT_RNG_BINOMIAL_N_MAX, 1) == CT_RNG_BINOMIAL_N_MAX);
    CHECK(r.state == before.state);
    for (int i = 0; i < 1000; i++) { /* results stay in range */
        long long b = ct_rng_binomial(&r, 12, 0.97), big = ct_rng_binomial(&r, 40, 0.5);
        CHECK(b >= 0 && b <= 12 && big >= 0 && big <= 40);
    }
}

TEST(rng_dist_checks_refuse_bad_arguments)
{
    char why[128];
    CHECK(ct_rng_poisson_check(0, why, sizeof why) == 0);
    CHECK(ct_rng_poisson_check(CT_RNG_POISSON_MEAN_MAX, why, sizeof why) == 0);
    CHECK(ct_rng_poisson_check(-1e-9, why, sizeof why) < 0);
    CHECK(ct_rng_poisson_check(NAN, why, sizeof why) < 0);
    CHECK(ct_rng_poisson_check(INFINITY, why, sizeof why) < 0);
    CHECK(ct_rng_poisson_check(2 * CT_RNG_POISSON_MEAN_MAX, why, sizeof why) < 0);
    CHECK(ct_rng_binomial_check(10, 0.5, why, sizeof why) == 0);
    CHECK(ct_rng_binomial_check(-1, 0.5, why, sizeof why) < 0);
    CHECK(ct_rng_binomial_check(CT_RNG_BINOMIAL_N_MAX + 1, 0.5, why, sizeof why) < 0);
    CHECK(ct_rng_binomial_check(10, 1.5, why, sizeof why) < 0);
    CHECK(ct_rng_binomial_check(10, NAN, why, sizeof why) < 0);
}
