/* Exact Poisson and binomial samplers: inversion for small means, transformed rejection with
 * squeeze for large ones (W. Hormann). */
#include <math.h>
#include <stdio.h>

#include "ct_rng_dist.h"

/* Below this mean inversion walks few terms; at and above it the rejection constants of PTRS and
   BTRS hold (both papers state validity for means >= 10). */
#define CT_RNG_REJECTION_FROM 10.0

int ct_rng_poisson_check(double mean, char *why, int why_size)
{
    if (isfinite(mean) && mean >= 0 && mean <= CT_RNG_POISSON_MEAN_MAX)
        return 0;
    snprintf(why, (size_t)why_size, "the mean must be a finite number in [0, %g], got %g",
             CT_RNG_POISSON_MEAN_MAX, mean);
    return -1;
}

int ct_rng_binomial_check(long long n, double p, char *why, int why_size)
{
    if (n < 0 || n > CT_RNG_BINOMIAL_N_MAX) {
        snprintf(why, (size_t)why_size, "the number of trials must be in [0, %lld], got %lld",
                 CT_RNG_BINOMIAL_N_MAX, n);
        return -1;
    }
    if (!(isfinite(p) && p >= 0 && p <= 1)) {
        snprintf(why, (size_t)why_size, "the probability must be a finite number in [0, 1], "
                 "got %g", p);
        return -1;
    }
    return 0;
}

/* Inversion by sequential search (Devroye 1986, "Non-Uniform Random Variate Generation",
   X.3.3): one uniform, about mean + 1 terms. */
static long long poisson_inversion(ct_rng *r, double mean)
{
    double u = ct_rng_uniform(r), term = exp(-mean), cdf = term;
    long long k = 0;
    while (u > cdf && term > 0) { /* term underflows only in the far tail: stop there */
        k++;
        term *= mean / (double)k;
        cdf += term;
    }
    return k;
}

/* PTRS: W. Hormann, "The transformed rejection method for generating Poisson random variables",
   Insurance: Mathematics and Economics 12 (1993) 39-45, algorithm PTRS; exact for mean >= 10. */
static long long poisson_ptrs(ct_rng *r, double mean)
{
    double slam = sqrt(mean), loglam = log(mean);
    double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double inv_alpha = 1.1239 + 1.1328 / (b - 3.4), v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = ct_rng_uniform(r) - 0.5, v = ct_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= v_r)
            return (long long)k;
        if (k < 0 || (us < 0.013 && v > us))
            continue;
        if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
            -mean + k * loglam - lgamma(k + 1.0))
            return (long long)k;
    }
}

long long ct_rng_poisson(ct_rng *r, double mean)
{
    if (mean <= 0)
        return 0;
    return mean < CT_RNG_REJECTION_FROM ? poisson_inversion(r, mean) : poisson_ptrs(r, mean);
}

/* Inversion by sequential search for p <= 1/2 (Devroye 1986, X.4.3, recurrence of the pmf):
   about n p + 1 terms. A u beyond the rounded sum of the pmf draws again once the terms underflow
   (a few hundred terms past n p < 10), rather than walking on to n. */
static long long binomial_inversion(ct_rng *r, long long n, double p)
{
    double q = 1.0 - p, s = p / q, a = (double)(n + 1) * s, first = pow(q, (double)n);
    for (;;) {
        double u = ct_rng_uniform(r), term = first;
        long long k = 0;
        while (u > term && k < n && term > 0) {
            u -= term;
            k++;
            term *= a / (double)k - s;
        }
        if (u <= term)
            return k;
    }
}

/* BTRS: W. Hormann, "The generation of binomial random variates", Journal of Statistical
   Computation and Simulation 46 (1993) 101-110, algorithm BTRS (transformed rejection with
   squeeze); exact for n p >= 10 and p <= 1/2. */
static long long binomial_btrs(ct_rng *r, long long n, double p)
{
    double dn = (double)n, spq = sqrt(dn * p * (1.0 - p));
    double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = dn * p + 0.5;
    double v_r = 0.92 - 4.2 / b, alpha = (2.83 + 5.1 / b) * spq, lpq = log(p / (1.0 - p));
    double m = floor((dn + 1.0) * p), h = lgamma(m + 1.0) + lgamma(dn - m + 1.0);
    for (;;) {
        double u = ct_rng_uniform(r) - 0.5, v = ct_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + c);
        if (k < 0 || k > dn)
            continue;
        if (us >= 0.07 && v <= v_r)
            return (long long)k;
        v = log(v * alpha / (a / (us * us) + b));
        if (v <= h - lgamma(k + 1.0) - lgamma(dn - k + 1.0) + (k - m) * lpq)
            return (long long)k;
    }
}

long long ct_rng_binomial(ct_rng *r, long long n, double p)
{
    if (n == 0 || p <= 0)
        return 0;
    if (p >= 1)
        return n;
    if (p > 0.5) /* the samplers want p <= 1/2: count the failures instead */
        return n - ct_rng_binomial(r, n, 1.0 - p);
    return (double)n * p < CT_RNG_REJECTION_FROM ? binomial_inversion(r, n, p)
                                                  : binomial_btrs(r, n, p);
}
