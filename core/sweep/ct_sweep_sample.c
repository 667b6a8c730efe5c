/* Sweep seeds and samples: each run's seed from (sweep seed, point, replicate), evenly spaced
 * values, and uniform or Latin hypercube samples of the unit cube (see docs/sweeps.md). */
#include "ct_sweep.h"

#include <math.h>

#include "ct_alloc.h"
#include "ct_rng.h"

/* Run seeds stay below 2^49 (< 10^15): cJSON prints such integers exactly in run.json. */
#define SEED_MASK ((UINT64_C(1) << 49) - 1)

/* A bijection of 49-bit words: xor-shifts and odd multipliers modulo 2^49. */
static uint64_t permute49(uint64_t x)
{
    x &= SEED_MASK;
    x ^= x >> 25;
    x = (x * 0x3c79ac492ba7b653ULL) & SEED_MASK;
    x ^= x >> 29;
    x = (x * 0x1c69b3f74ac4ae35ULL) & SEED_MASK;
    return x ^ (x >> 25);
}

uint64_t ct_sweep_seed(uint64_t sweep_seed, long point, long replicate)
{
    return permute49(ct_mix64(sweep_seed) + ((uint64_t)point << 24 | (uint64_t)replicate));
}

/* The point a fraction t in [0, 1] of the way from lo to hi, for any finite lo and hi: hi - lo
   exceeds the largest double when the range spans more than it (-1e308 to 1e308), and then the
   two halves of the way are taken one after the other, each of them finite. */
static double point_between(double lo, double hi, double t)
{
    double span = hi - lo;
    if (isfinite(span))
        return lo + span * t;
    double half_span = hi / 2 - lo / 2;
    return (lo + half_span * t) + half_span * t;
}

void ct_sweep_linspace(double a, double b, int n, int log_scale, double *out)
{
    double lo = log_scale ? log10(a) : a, hi = log_scale ? log10(b) : b;
    for (int i = 0; i < n; i++) {
        double v = n > 1 ? point_between(lo, hi, (double)i / (n - 1)) : lo;
        out[i] = log_scale ? pow(10.0, v) : v;
    }
    if (n > 1) { /* the ends exactly as given */
        out[0] = a;
        out[n - 1] = b;
    }
}

/* Fisher-Yates shuffle of 0..n-1. */
static void shuffle(ct_rng *r, uint32_t *perm, long n)
{
    for (long i = 0; i < n; i++)
        perm[i] = (uint32_t)i;
    for (long i = n - 1; i > 0; i--) {
        uint32_t j = ct_rng_below(r, (uint32_t)i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

int ct_sweep_sample_unit(uint64_t seed, int method, long n, int d, double *out, ct_error *err)
{
    uint32_t *perm = ct_malloc((size_t)n * sizeof *perm);
    if (!perm)
        return ct_error_set(err, CT_ENOMEM, "out of memory for %ld samples", n);
    uint64_t key = ct_rng_step_key(seed, 0);
    for (int k = 0; k < d; k++) {
        ct_rng r = ct_rng_stream(key, (uint64_t)k, CT_RNG_USER + (uint32_t)method);
        if (method == CT_SAMPLE_LATIN_HYPERCUBE)
            shuffle(&r, perm, n);
        for (long i = 0; i < n; i++) {
            double u = ct_rng_uniform(&r);
            out[i * d + k] = method == CT_SAMPLE_LATIN_HYPERCUBE ? (perm[i] + u) / (double)n : u;
        }
    }
    ct_free(perm);
    return CT_OK;
}

/* The value of a sampled parameter at u in [0, 1), without overflow for any finite bounds (a
   ratio max / min above the largest double is taken in log10). */
double ct_sweep_sample_value(const ct_sweep_param *par, double u)
{
    if (!par->log_scale)
        return point_between(par->min, par->max, u);
    double ratio = par->max / par->min;
    if (isfinite(ratio))
        return par->min * pow(ratio, u);
    return pow(10.0, point_between(log10(par->min), log10(par->max), u));
}
