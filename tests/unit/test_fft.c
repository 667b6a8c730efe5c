/* The batched FFT against the O(n^2) DFT. Inputs are pseudo-random from a fixed seed (printed);
 * tolerances are relative to the norm of the reference. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_error.h"
#include "ct_fft.h"
#include "harness.h"

#define SEED 20261128u
static const double pi = 3.14159265358979323846;

/* Uniform in [-1, 1): xorshift64*, enough to make every coefficient matter. */
static double uniform(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) * 0x1.0p-52 - 1.0;
}

static double *random_array(size_t count, uint64_t *s)
{
    double *v = malloc(count * sizeof *v);
    for (size_t i = 0; i < count && v; i++)
        v[i] = uniform(s);
    return v;
}

/* ||got - want|| / ||want|| over count values. */
static double relative_error(const double *got, const double *want, size_t count)
{
    double e = 0.0, w = 0.0;
    for (size_t i = 0; i < count; i++) {
        e += (got[i] - want[i]) * (got[i] - want[i]);
        w += want[i] * want[i];
    }
    return sqrt(e / (w > 0.0 ? w : 1.0));
}

/* ---- the complex FFT ------------------------------------------------------------------------- */

/* The definition: X[k] = sum_j x[j] exp(sign 2 pi i j k / n), lane by lane. */
static void naive_dft(const double *xr, const double *xi, double *yr, double *yi, size_t n,
                      size_t lanes, int sign)
{
    for (size_t k = 0; k < n; k++)
        for (size_t l = 0; l < lanes; l++) {
            double sr = 0.0, si = 0.0;
            for (size_t j = 0; j < n; j++) {
                double a = sign * 2.0 * pi * (double)(j * k % n) / (double)n;
                sr += xr[j * lanes + l] * cos(a) - xi[j * lanes + l] * sin(a);
                si += xr[j * lanes + l] * sin(a) + xi[j * lanes + l] * cos(a);
            }
            yr[k * lanes + l] = sr;
            yi[k * lanes + l] = si;
        }
}

/* Worst relative error of ct_fft_forward and ct_fft_inverse on `lanes` random lanes of length n. */
static double fft_error(size_t n, size_t lanes, uint64_t *seed)
{
    ct_fft *p;
    if (ct_fft_create(n, &p) != CT_OK)
        return INFINITY;
    size_t count = n * lanes;
    double *xr = random_array(count, seed), *xi = random_array(count, seed);
    double *yr = malloc(count * sizeof *yr), *yi = malloc(count * sizeof *yi);
    double *wr = malloc(count * sizeof *wr), *wi = malloc(count * sizeof *wi);
    double *scratch = malloc(ct_fft_scratch_doubles(p, lanes) * sizeof *scratch);
    double worst = 0.0;
    for (int sign = -1; sign <= 1; sign += 2) {
        memcpy(yr, xr, count * sizeof *yr);
        memcpy(yi, xi, count * sizeof *yi);
        (sign < 0 ? ct_fft_forward : ct_fft_inverse)(p, yr, yi, lanes, scratch);
        naive_dft(xr, xi, wr, wi, n, lanes, sign);
        double e = fmax(relative_error(yr, wr, count), relative_error(yi, wi, count));
        worst = fmax(worst, e);
    }
    free(xr), free(xi), free(yr), free(yi), free(wr), free(wi), free(scratch);
    ct_fft_free(p);
    return worst;
}

/* Reference: the DFT's definition. Every length 1..64 (every radix, the generic odd primes 7, 11,
   13 and, from 17 on, Bluestein for the larger primes), then lengths with awkward factors: primes
   97 and 101, 128 = 4^3 2, 210 = 2 3 5 7, 1000, 1414 = 2 7 101, 1600 and 1250 (the end-to-end
   grid), 2 x 1601. 3 lanes, so that lanes are not a multiple of any vector width. Tolerance 1e-12
   of the norm (rounding grows like log n; the naive sum's own error is about sqrt(n) 1e-16). */
TEST(fft_matches_naive_dft_for_every_length)
{
    static const size_t awkward[] = {97, 101, 128, 210, 1000, 1414, 1600, 1250, 3202};
    uint64_t seed = SEED;
    double worst = 0.0;
    size_t worst_n = 0;
    for (size_t k = 0; k < 64 + sizeof awkward / sizeof *awkward; k++) {
        size_t n = k < 64 ? k + 1 : awkward[k - 64];
        double e = fft_error(n, 3, &seed);
        if (!(e <= 1e-12))
            printf("    n = %zu: relative error %.2e\n", n, e);
        CHECK(e <= 1e-12);
        if (e > worst)
            worst = e, worst_n = n;
    }
    printf("    seed %u: worst relative error %.2e (n = %zu)\n", SEED, worst, worst_n);
}

/* One lane and many lanes give the same bits: the lane count only changes loop lengths (and
   -std=c11 contracts no multiply-adds, so vector and scalar code round alike). */
TEST(fft_lanes_are_independent)
{
    uint64_t seed = SEED;
    size_t n = 210, lanes = 11;
    ct_fft *p;
    CHECK(ct_fft_create(n, &p) == CT_OK);
    double *xr = random_array(n * lanes, &seed), *xi = random_array(n * lanes, &seed);
    double *yr = malloc(n * lanes * sizeof *yr), *yi = malloc(n * lanes * sizeof *yi);
    double *scratch = malloc(ct_fft_scratch_doubles(p, lanes) * sizeof *scratch);
    memcpy(yr, xr, n * lanes * sizeof *yr);
    memcpy(yi, xi, n * lanes * sizeof *yi);
    ct_fft_forward(p, yr, yi, lanes, scratch);
    int same = 1;
    for (size_t l = 0; l < lanes; l++) {
        double lr[210], li[210];
        for (size_t j = 0; j < n; j++)
            lr[j] = xr[j * lanes + l], li[j] = xi[j * lanes + l];
        ct_fft_forward(p, lr, li, 1, scratch);
        for (size_t j = 0; j < n; j++)
            same &= lr[j] == yr[j * lanes + l] && li[j] == yi[j * lanes + l];
    }
    CHECK(same);
    free(xr), free(xi), free(yr), free(yi), free(scratch);
    ct_fft_free(p);
}
