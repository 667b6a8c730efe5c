/* Orthonormal cosine, sine and Fourier transforms of grid lines through FFTW3's real-input DFT
 * (r2c forward, c2r back), with O(n) work before and after it. Cosines (DCT-II and its inverse,
 * DCT-III) follow Makhoul (IEEE Trans. ASSP 28, 1980): the DFT of the even sites followed by the
 * odd ones reversed, and a quarter-sample rotation. Sines (DST-I, its own inverse) are minus the
 * imaginary parts of the DFT of the line's odd extension (0, x, 0, -x reversed), of length
 * 2 (n + 1). Fourier modes are the DFT's real and imaginary parts. FFTW's own real-to-real kinds
 * (REDFT10, RODFT00) compute the same bases but, in Debian's build (SSE2 only for doubles) with
 * FFTW_ESTIMATE, were 2 to 8 times slower than this (docs/performance.md).
 * Lines are copied into rows of the caller's scratch, transformed there and copied back, so one
 * plan per axis and direction, made once with FFTW_ESTIMATE, runs on memory of the same alignment
 * for every line: the same codelets, hence the same bits, on any thread count. */
#include "ct_axis_modes.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_error.h"
#include "ct_field.h"

#define ROW_ALIGN 8 /* doubles: every scratch row starts on a 64-byte boundary, as planned */

struct ct_axis_modes {
    int boundary;
    size_t n, len;         /* sites; DFT length (n, or 2 (n + 1) for sines) */
    size_t row;            /* doubles from one scratch row to the next: a spectrum of len */
    double *lambda;
    uint32_t *site_row;    /* cosines: the DFT input row of site j; NULL: j itself */
    double *rot_cos, *rot_sin; /* cosines: cos, sin (pi k / 2n) for k = 0..n/2 */
    fftw_plan forward, inverse; /* r2c rows -> spectra; c2r spectra -> rows (not for sines) */
};

/* ---- moving lines in and out of scratch rows --------------------------------------------------- */

/* Row l, element map(j) (map NULL: j) = element j of line l, for `count` lines. The innermost
   loop runs along whichever index is contiguous in data: elements of a line, or neighbouring
   lines. */
static void gather(const ct_axis_modes *md, const double *data, size_t line_step,
                   size_t elem_step, size_t count, const uint32_t *map, double *rows)
{
    if (elem_step == 1) {
        for (size_t l = 0; l < count; l++) {
            const double *x = data + l * line_step;
            double *y = rows + l * md->row;
            for (size_t j = 0; j < md->n; j++)
                y[map ? map[j] : j] = x[j];
        }
        return;
    }
    for (size_t j = 0; j < md->n; j++) {
        const double *x = data + j * elem_step;
        double *y = rows + (map ? map[j] : j);
        for (size_t l = 0; l < count; l++)
            y[l * md->row] = x[l * line_step];
    }
}

/* The reverse of gather. */
static void scatter(const ct_axis_modes *md, const double *rows, const uint32_t *map, double *data,
                    size_t line_step, size_t elem_step, size_t count)
{
    if (elem_step == 1) {
        for (size_t l = 0; l < count; l++) {
            const double *x = rows + l * md->row;
            double *y = data + l * line_step;
            for (size_t j = 0; j < md->n; j++)
                y[j] = x[map ? map[j] : j];
        }
        return;
    }
    for (size_t j = 0; j < md->n; j++) {
        const double *x = rows + (map ? map[j] : j);
        double *y = data + j * elem_step;
        for (size_t l = 0; l < count; l++)
            y[l * line_step] = x[l * md->row];
    }
}

/* Sines: the line, gathered into 1..n, extended to 0, x, 0, -x reversed over 2 (n + 1). */
static void odd_extension(const ct_axis_modes *md, double *y)
{
    size_t n = md->n;
    y[0] = y[n + 1] = 0.0;
    for (size_t j = 0; j < n; j++)
        y[2 * n + 1 - j] = -y[j + 1];
}

/* ---- spectra to modes and back ------------------------------------------------------------------
   z is an r2c spectrum, (re, im) of frequency k at z[2k], z[2k + 1]; a the n mode amplitudes. */

/* With Y_k = Re(exp(-i theta_k) V_k) the DCT (theta_k = pi k / 2n) and V_{n-k} = conj V_k:
   Y_k = cos re + sin im and Y_{n-k} = sin re - cos im; a_k = c_k Y_k. */
static void cosines_from_spectrum(const ct_axis_modes *md, const double *restrict z,
                                  double *restrict a)
{
    size_t n = md->n;
    const double c0 = sqrt(1.0 / (double)n), c = sqrt(2.0 / (double)n);
    for (size_t k = 0; 2 * k <= n; k++) {
        double re = z[2 * k], im = z[2 * k + 1], co = md->rot_cos[k], si = md->rot_sin[k];
        a[k] = (k ? c : c0) * (co * re + si * im);
        if (k > 0 && 2 * k < n)
            a[n - k] = c * (si * re - co * im);
    }
}

/* The inverse: V_k = exp(i theta_k) (Y_k - i Y_{n-k}) / n (Makhoul's eq. 23, Y_n = 0) is the
   spectrum whose c2r gives the reordered line. */
static void cosines_to_spectrum(const ct_axis_modes *md, const double *restrict a,
                                double *restrict z)
{
    size_t n = md->n;
    const double s0 = sqrt(1.0 / (double)n), s = sqrt(0.5 / (double)n);
    for (size_t k = 0; 2 * k <= n; k++) {
        double p = k ? s * a[k] : s0 * a[0], q = k ? s * a[n - k] : 0.0;
        double co = md->rot_cos[k], si = md->rot_sin[k];
        z[2 * k] = co * p + si * q;
        z[2 * k + 1] = si * p - co * q;
    }
}

/* Modes 1, cos 1, sin 1, cos 2, ... [, (-1)^j] are re 0, re 1, -im 1, re 2, ... [, re n/2]
   (the DFT's imaginary part is minus the sine sum), scaled by sqrt(1/n) or sqrt(2/n). */
static void fourier_from_spectrum(const ct_axis_modes *md, const double *restrict z,
                                  double *restrict a)
{
    size_t n = md->n;
    const double c0 = sqrt(1.0 / (double)n), c = sqrt(2.0 / (double)n);
    a[0] = c0 * z[0];
    for (size_t k = 1; k < n; k++)
        a[k] = (k % 2 ? c : -c) * z[k + 1];
    if (n % 2 == 0)
        a[n - 1] = c0 * z[n];
}

/* The inverse: c2r gives x_j = Y_0 + 2 sum_m (Re Y_m cos - Im Y_m sin) [+ Y_{n/2} (-1)^j]; the
   imaginary parts at 0 and n/2 are 0. */
static void fourier_to_spectrum(const ct_axis_modes *md, const double *restrict a,
                                double *restrict z)
{
    size_t n = md->n;
    const double s0 = sqrt(1.0 / (double)n), s = sqrt(0.5 / (double)n);
    z[0] = s0 * a[0];
    z[1] = 0.0;
    for (size_t k = 1; k < n; k++)
        z[k + 1] = (k % 2 ? s : -s) * a[k];
    if (n % 2 == 0) {
        z[n] = s0 * a[n - 1];
        z[n + 1] = 0.0;
    }
}

/* The odd extension's DFT is -2i sum_j x_j sin(pi (j + 1) k / (n + 1)): a_k is
   -sqrt(1 / (2 (n + 1))) times its imaginary part at k + 1. */
static void sines_from_spectrum(const ct_axis_modes *md, const double *restrict z,
                                double *restrict a)
{
    const double c = -sqrt(0.5 / (double)(md->n + 1));
    for (size_t k = 0; k < md->n; k++)
        a[k] = c * z[2 * k + 3];
}

static void modes_from_spectrum(const ct_axis_modes *md, const double *z, double *a)
{
    switch (md->boundary) {
    case CT_FIELD_FIXED:
        sines_from_spectrum(md, z, a);
        break;
    case CT_FIELD_PERIODIC:
        fourier_from_spectrum(md, z, a);
        break;
    default:
        cosines_from_spectrum(md, z, a);
    }
}

/* ---- the transform ------------------------------------------------------------------------- */

/* Scratch: CT_AXIS_LINES rows of line values or modes, then as many spectra. */
size_t ct_axis_modes_scratch_doubles(const ct_axis_modes *md)
{
    return 2 * CT_AXIS_LINES * md->row;
}

/* Site values in rows -> modes in rows, through the spectra. */
static void forward_rows(const ct_axis_modes *md, double *rows, double *spectra, size_t count)
{
    for (size_t l = 0; l < count; l++) {
        double *y = rows + l * md->row, *z = spectra + l * md->row;
        if (md->boundary == CT_FIELD_FIXED)
            odd_extension(md, y);
        fftw_execute_dft_r2c(md->forward, y, (fftw_complex *)z);
        modes_from_spectrum(md, z, y);
    }
}

/* Modes in rows -> site values in rows (cosines: in their DFT order), through the spectra. */
static void inverse_rows(const ct_axis_modes *md, double *rows, double *spectra, size_t count)
{
    for (size_t l = 0; l < count; l++) {
        double *y = rows + l * md->row, *z = spectra + l * md->row;
        if (md->boundary == CT_FIELD_PERIODIC)
            fourier_to_spectrum(md, y, z);
        else
            cosines_to_spectrum(md, y, z);
        fftw_execute_dft_c2r(md->inverse, (fftw_complex *)z, y);
    }
}

void ct_axis_modes_transform(const ct_axis_modes *md, double *data, size_t line_step,
                             size_t elem_step, size_t count, int inverse, double *scratch)
{
    double *rows = scratch, *spectra = scratch + CT_AXIS_LINES * md->row;
    if (inverse && md->boundary != CT_FIELD_FIXED) { /* sines are their own inverse */
        gather(md, data, line_step, elem_step, count, NULL, rows);
        inverse_rows(md, rows, spectra, count);
        scatter(md, rows, md->site_row, data, line_step, elem_step, count);
        return;
    }
    gather(md, data, line_step, elem_step, count, md->site_row, rows);
    forward_rows(md, rows, spectra, count);
    scatter(md, rows, NULL, data, line_step, elem_step, count);
}

/* ---- planning ------------------------------------------------------------------------------- */

/* Estimated work per site of a transform of DFT length m, in passes of a radix-2 to 5 butterfly:
   one per factor 2, 3, 4 or 5, p/4 for a prime factor p from 7 to 61, and for a larger prime
   3 + log2(2p) (FFTW's Rader algorithm: a cyclic convolution of length p - 1 through FFTs). */
static double length_work(size_t m)
{
    double work = 0.0;
    for (; m > 1 && m % 4 == 0; m /= 4)
        work += 1.0;
    for (size_t p = 2; m > 1; p++) {
        if (p * p > m)
            p = m; /* what is left is prime */
        for (; m % p == 0; m /= p)
            work += p <= 5 ? 1.0 : p <= 61 ? (double)p / 4.0 : 3.0 + log2((double)(2 * p));
    }
    return work;
}

/* A real DFT of length m costs about half a complex one. */
double ct_axis_modes_work(int boundary, uint32_t n)
{
    return boundary == CT_FIELD_FIXED ? length_work(2 * ((size_t)n + 1)) : length_work(n);
}

static double mode_angle(int boundary, size_t n, size_t k)
{
    const double pi = 3.14159265358979323846;
    if (boundary == CT_FIELD_FIXED)
        return pi * (double)(k + 1) / (double)(n + 1);
    if (boundary == CT_FIELD_NO_FLUX)
        return pi * (double)k / (double)n;
    return 2.0 * pi * (double)((k + 1) / 2) / (double)n;
}

/* FFTW's planner is not thread-safe: plans are made and destroyed one at a time. FFTW_ESTIMATE
   chooses from the sizes alone (no timing, no wisdom), so the plans, and the results, are the
   same on every run. Planned on rows of the alignment they have at every call. */
static int make_plans(ct_axis_modes *md)
{
    double *row = ct_aligned_alloc(2 * md->row * sizeof *row);
    if (!row)
        return CT_ENOMEM;
    fftw_complex *spectrum = (fftw_complex *)(row + md->row);
    int len = (int)md->len, sines = md->boundary == CT_FIELD_FIXED;
#pragma omp critical(ct_fftw_planner)
    {
        md->forward = fftw_plan_dft_r2c_1d(len, row, spectrum, FFTW_ESTIMATE);
        if (!sines)
            md->inverse = fftw_plan_dft_c2r_1d(len, spectrum, row, FFTW_ESTIMATE);
    }
    ct_free(row);
    return md->forward && (sines || md->inverse) ? CT_OK : CT_ENOMEM;
}

/* The DFT input row of site j: cosines take the even sites in order, then the odd ones backwards
   (Makhoul's v); sines leave row 0 for the odd extension's zero. */
static uint32_t site_row(int boundary, size_t n, size_t j)
{
    if (boundary == CT_FIELD_NO_FLUX)
        return (uint32_t)(j % 2 ? n - 1 - j / 2 : j / 2);
    return (uint32_t)(j + 1);
}

static int plan(ct_axis_modes *md)
{
    size_t n = md->n, half = n / 2 + 1;
    int cosines = md->boundary == CT_FIELD_NO_FLUX, periodic = md->boundary == CT_FIELD_PERIODIC;
    md->lambda = ct_malloc(n * sizeof *md->lambda);
    md->site_row = periodic ? NULL : ct_malloc(n * sizeof *md->site_row);
    md->rot_cos = cosines ? ct_malloc(half * sizeof *md->rot_cos) : NULL;
    md->rot_sin = cosines ? ct_malloc(half * sizeof *md->rot_sin) : NULL;
    if (!md->lambda || (!periodic && !md->site_row) || (cosines && (!md->rot_cos || !md->rot_sin)))
        return CT_ENOMEM;
    for (size_t k = 0; k < n; k++)
        md->lambda[k] = 2.0 - 2.0 * cos(mode_angle(md->boundary, n, k));
    for (size_t j = 0; !periodic && j < n; j++)
        md->site_row[j] = site_row(md->boundary, n, j);
    for (size_t k = 0; cosines && k < half; k++) {
        md->rot_cos[k] = cos(mode_angle(md->boundary, n, k) / 2.0);
        md->rot_sin[k] = sin(mode_angle(md->boundary, n, k) / 2.0);
    }
    return make_plans(md);
}

int ct_axis_modes_create(int boundary, uint32_t n, ct_axis_modes **out)
{
    *out = NULL;
    if (n == 0 || n > CT_AXIS_MAX_SITES)
        return CT_EINVAL;
    ct_axis_modes *md = ct_calloc(1, sizeof *md);
    if (!md)
        return CT_ENOMEM;
    md->boundary = boundary;
    md->n = n;
    md->len = boundary == CT_FIELD_FIXED ? 2 * ((size_t)n + 1) : n;
    size_t spectrum = 2 * (md->len / 2 + 1); /* r2c: len / 2 + 1 complex values */
    md->row = (spectrum + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
    int rc = plan(md);
    if (rc) {
        ct_axis_modes_free(md);
        return rc;
    }
    *out = md;
    return CT_OK;
}

void ct_axis_modes_free(ct_axis_modes *md)
{
    if (!md)
        return;
#pragma omp critical(ct_fftw_planner)
    {
        if (md->forward)
            fftw_destroy_plan(md->forward);
        if (md->inverse)
            fftw_destroy_plan(md->inverse);
    }
    ct_free(md->lambda);
    ct_free(md->site_row);
    ct_free(md->rot_cos);
    ct_free(md->rot_sin);
    ct_free(md);
}

const double *ct_axis_modes_lambda(const ct_axis_modes *md)
{
    return md->lambda;
}
