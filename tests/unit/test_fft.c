/* The batched FFT against the O(n^2) DFT, and the per-axis mode transforms of the implicit field
 * solver against their bases written out from the textbook formulas. Inputs are pseudo-random
 * from a fixed seed (printed); tolerances are relative to the norm of the reference. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_axis_modes.h"
#include "ct_error.h"
#include "ct_fft.h"
#include "ct_field.h"
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

/* Reference: the DFT's definition. Every length 1..64 (every radix and the generic odd-prime
   butterfly up to 61), then lengths with awkward factors: primes 67, 97 and 101 (Bluestein),
   128 = 4^3 2, 210 = 2 3 5 7, 1000, 1414 = 2 7 101, 1600 and 1250 (the end-to-end grid),
   2050 = 2 5^2 41, 2 x 1601. 3 lanes, so that lanes are not a multiple of any vector width.
   Tolerance 1e-12 of the norm (rounding grows like log n; the naive sum's own error is about
   sqrt(n) 1e-16). */
TEST(fft_matches_naive_dft_for_every_length)
{
    static const size_t awkward[] = {67, 97, 101, 128, 210, 1000, 1414, 1600, 1250, 2050, 3202};
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

/* The work estimate "auto" relies on: one unit per radix-2..5 pass (1024 = 4^5, 1600 = 4^3 5^2),
   p / 4 for an odd-prime pass (2050 = 2 5^2 41), and Bluestein (1021, prime) well above the
   smooth lengths next to it. */
TEST(fft_work_counts_passes)
{
    CHECK(ct_fft_work(1) == 0.0);
    CHECK(ct_fft_work(1024) == 5.0);
    CHECK(ct_fft_work(1600) == 5.0);
    CHECK(ct_fft_work(2050) == 3.0 + 41.0 / 4.0);
    CHECK(ct_fft_work(1021) > 3.0 * ct_fft_work(1024));
    printf("    work per element: 1024 %.2f, 1021 %.2f, 2050 %.2f\n", ct_fft_work(1024),
           ct_fft_work(1021), ct_fft_work(2050));
}

/* ---- the axis modes -------------------------------------------------------------------------- */

/* Component j of mode k, from the textbook definitions: DCT-II and DST-I with orthonormal scaling
   (e.g. Strang, "The discrete cosine transform", SIAM Review 41, 1999, table 1) and the real
   Fourier basis 1, cos, sin, ..., (-1)^j. */
static double textbook_mode(int boundary, size_t n, size_t j, size_t k)
{
    double nn = (double)n; /* angles are reduced mod 2 pi in integers, so they stay exact */
    if (boundary == CT_FIELD_NO_FLUX) {
        double a = pi * (double)(k * (2 * j + 1) % (4 * n)) / (2 * nn);
        return sqrt((k ? 2.0 : 1.0) / nn) * cos(a);
    }
    if (boundary == CT_FIELD_FIXED) {
        double a = pi * (double)((j + 1) * (k + 1) % (2 * n + 2)) / (nn + 1);
        return sqrt(2.0 / (nn + 1)) * sin(a);
    }
    size_t m = (k + 1) / 2;
    if (k == 0)
        return 1.0 / sqrt(nn);
    if (2 * m == n)
        return (j % 2 ? -1.0 : 1.0) / sqrt(nn);
    double a = 2.0 * pi * (double)(m * j % n) / nn;
    return sqrt(2.0 / nn) * (k % 2 ? cos(a) : sin(a));
}

static const char *boundary_name(int b)
{
    return b == CT_FIELD_NO_FLUX ? "no_flux" : b == CT_FIELD_FIXED ? "fixed" : "periodic";
}

/* Lines of n values in one of the solver's two layouts: rows (line l at l n, contiguous) or
   lanes (element j of line l at j inner + l, with two more lanes that must stay untouched). */
typedef struct lines {
    size_t n, count, inner, line_step, elem_step, total;
    double *v;
} lines;

static lines make_lines(size_t n, size_t count, int rows, uint64_t *seed)
{
    lines L = {.n = n, .count = count, .inner = rows ? 1 : count + 2};
    L.line_step = rows ? n : 1;
    L.elem_step = rows ? 1 : L.inner;
    L.total = rows ? n * count : n * L.inner;
    L.v = random_array(L.total, seed);
    return L;
}

static double *at(const lines *L, size_t l, size_t j)
{
    return &L->v[l * L->line_step + j * L->elem_step];
}

/* The n x n basis: q[k n + j] = component j of mode k. */
static double *textbook_basis(int boundary, size_t n)
{
    double *q = malloc(n * n * sizeof *q);
    for (size_t k = 0; k < n && q; k++)
        for (size_t j = 0; j < n; j++)
            q[k * n + j] = textbook_mode(boundary, n, j, k);
    return q;
}

/* want = the reference transform of L: forward X[k] = sum_j q_k[j] x[j], inverse x[j] =
   sum_k q_k[j] X[k]; lanes beyond count are copied unchanged. */
static void reference_transform(const double *q, const lines *L, int inverse, double *want)
{
    size_t n = L->n;
    memcpy(want, L->v, L->total * sizeof *want);
    for (size_t l = 0; l < L->count; l++)
        for (size_t k = 0; k < n; k++) {
            double s = 0.0;
            for (size_t j = 0; j < n; j++)
                s += (inverse ? q[j * n + k] : q[k * n + j]) * *at(L, l, j);
            want[l * L->line_step + k * L->elem_step] = s;
        }
}

/* Worst relative error of forward, inverse and the round trip for one n, layout and line count,
   against the basis q. */
static double modes_error(int boundary, const double *q, size_t n, size_t count, int rows,
                          uint64_t *seed)
{
    ct_axis_modes *md;
    if (!q || ct_axis_modes_create(boundary, (uint32_t)n, &md) != CT_OK)
        return INFINITY;
    double *scratch = malloc(ct_axis_modes_scratch_doubles(md) * sizeof *scratch);
    lines L = make_lines(n, count, rows, seed);
    double *orig = malloc(L.total * sizeof *orig), *want = malloc(L.total * sizeof *want);
    memcpy(orig, L.v, L.total * sizeof *orig);
    double worst = 0.0;
    for (int inverse = 0; inverse <= 1; inverse++) {
        memcpy(L.v, orig, L.total * sizeof *orig);
        reference_transform(q, &L, inverse, want);
        ct_axis_modes_transform(md, L.v, L.line_step, L.elem_step, count, inverse, scratch);
        worst = fmax(worst, relative_error(L.v, want, L.total));
        ct_axis_modes_transform(md, L.v, L.line_step, L.elem_step, count, !inverse, scratch);
        worst = fmax(worst, relative_error(L.v, orig, L.total));
    }
    free(scratch), free(L.v), free(orig), free(want);
    ct_axis_modes_free(md);
    return worst;
}

/* Reference: the bases above, applied as O(n^2) sums. n = 1..40 (every small prime, both
   parities), then primes 97, 101 and 1601 (Bluestein; sines use n + 1: 98, 102, 1602 = 2 3^2 89),
   100, 128, 243 = 3^5, 250, 1000, 1001 (sines: 1002 = 2 3 167, Bluestein), 1250, 2048 = 2^11
   (sines: 2049 = 3 683, Bluestein) and 2049 (Bluestein); each in both layouts, with a full block
   of lines and with a partial one (the rest padded; two lines from 1250 on, to keep the O(n^2)
   reference quick). Tolerance 1e-12 (the sines' running sum makes theirs about 1e-14 to 1e-13). */
TEST(axis_modes_match_textbook_bases)
{
    static const size_t more[] = {97, 101, 100, 128, 243, 250, 1000, 1001, 1250, 1601, 2048, 2049};
    static const int boundaries[] = {CT_FIELD_NO_FLUX, CT_FIELD_FIXED, CT_FIELD_PERIODIC};
    uint64_t seed = SEED;
    for (int b = 0; b < 3; b++) {
        double worst = 0.0;
        size_t worst_n = 0;
        for (size_t k = 0; k < 40 + sizeof more / sizeof *more; k++) {
            size_t n = k < 40 ? k + 1 : more[k - 40];
            double *q = textbook_basis(boundaries[b], n);
            for (int layout = 0; layout < 4; layout++) {
                size_t count = n >= 1250              ? 2
                               : layout % 2 ? CT_AXIS_LINES
                                            : 5 + k % (CT_AXIS_LINES - 5);
                double e = modes_error(boundaries[b], q, n, count, layout / 2, &seed);
                if (!(e <= 1e-12))
                    printf("    %s n = %zu, %zu lines, %s: relative error %.2e\n",
                           boundary_name(boundaries[b]), n, count, layout / 2 ? "rows" : "lanes",
                           e);
                CHECK(e <= 1e-12);
                if (e > worst)
                    worst = e, worst_n = n;
            }
            free(q);
        }
        printf("    %s, seed %u: worst relative error %.2e (n = %zu)\n",
               boundary_name(boundaries[b]), SEED, worst, worst_n);
    }
}

/* -(x[j-1] - 2 x[j] + x[j+1]) with the boundary's ghost sites: the mirror, 0, or the wrap. */
static double minus_second_difference(int boundary, const double *x, size_t n, size_t j)
{
    double left = j > 0 ? x[j - 1] : boundary == CT_FIELD_NO_FLUX ? x[0]
                                   : boundary == CT_FIELD_FIXED   ? 0.0
                                                                  : x[n - 1];
    double right = j + 1 < n ? x[j + 1] : boundary == CT_FIELD_NO_FLUX ? x[n - 1]
                                        : boundary == CT_FIELD_FIXED   ? 0.0
                                                                       : x[0];
    return 2.0 * x[j] - left - right;
}

/* The module's eigenvalues belong to the textbook modes in the same order: -D2 q_k = lambda_k q_k
   to 1e-12, for every boundary and n = 1..30, 64, 99 (periodic from 3, as the solver requires). */
TEST(axis_modes_eigenvalues_match_the_second_difference)
{
    static const int boundaries[] = {CT_FIELD_NO_FLUX, CT_FIELD_FIXED, CT_FIELD_PERIODIC};
    double worst = 0.0;
    for (int b = 0; b < 3; b++)
        for (size_t k = 0; k < 32; k++) {
            size_t n = k < 30 ? k + 1 : k == 30 ? 64 : 99;
            ct_axis_modes *md;
            if (boundaries[b] == CT_FIELD_PERIODIC && n < 3)
                continue;
            CHECK(ct_axis_modes_create(boundaries[b], (uint32_t)n, &md) == CT_OK);
            if (!md)
                continue;
            const double *lambda = ct_axis_modes_lambda(md);
            double *q = malloc(n * sizeof *q);
            for (size_t m = 0; m < n; m++) {
                for (size_t j = 0; j < n; j++)
                    q[j] = textbook_mode(boundaries[b], n, j, m);
                for (size_t j = 0; j < n; j++)
                    worst = fmax(worst, fabs(minus_second_difference(boundaries[b], q, n, j) -
                                             lambda[m] * q[j]));
            }
            free(q);
            ct_axis_modes_free(md);
        }
    printf("    worst |-D2 q - lambda q| %.2e\n", worst);
    CHECK(worst <= 1e-12);
}

/* Failing each allocation of a plan in turn (a Bluestein length, so every kind of allocation is
   there) gives CT_ENOMEM and no plan, and (under make asan) leaks nothing. */
TEST(axis_modes_plans_fail_cleanly_without_memory)
{
    ct_axis_modes *md;
    ct_alloc_fail_after(0);
    CHECK(ct_axis_modes_create(CT_FIELD_FIXED, 100, &md) == CT_OK); /* sines: 101, prime */
    unsigned long total = ct_alloc_fail_after(0);
    ct_axis_modes_free(md);
    int clean = 1;
    for (unsigned long k = 1; k <= total; k++) {
        ct_alloc_fail_after(k);
        int rc = ct_axis_modes_create(CT_FIELD_FIXED, 100, &md);
        ct_alloc_fail_after(0);
        clean &= rc == CT_ENOMEM && md == NULL;
        ct_axis_modes_free(md);
    }
    printf("    %lu allocations, each failed in turn\n", total);
    CHECK(total > 10 && clean);
}
