/* Orthonormal cosine, sine and Fourier transforms of grid lines through one complex FFT each way.
 * Two real lines travel as the real and imaginary parts of one complex lane and are separated
 * afterwards by the symmetry of real spectra, X[n - k] = conj X[k]. Cosines (DCT-II and its
 * inverse, DCT-III) follow Makhoul (IEEE Trans. ASSP 28, 1980): an n-point FFT of the even sites
 * followed by the odd ones reversed, and a quarter-sample rotation. Sines (DST-I, its own inverse)
 * fold the line into a real sequence of length n + 1 whose FFT gives the even outputs directly
 * and the odd ones as a running sum (Press et al., "Numerical Recipes", 3rd ed., sec. 12.4.1,
 * sinft): the same work as the others, but it is the factors of n + 1 that set the speed. */
#include "ct_axis_modes.h"

#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_error.h"
#include "ct_fft.h"
#include "ct_field_def.h"

#define LANES (CT_AXIS_LINES / 2) /* line l is the real part of lane l, line LANES + l its imag */

struct ct_axis_modes {
    int boundary;
    size_t n, len;           /* sites; FFT length (n, or n + 1 for sines) */
    ct_fft *fft;
    double *lambda;
    uint32_t *row;           /* the FFT row that site j goes to */
    double *rot_re, *rot_im; /* cosines: exp(i pi k / 2n) / sqrt(2n); sines: sin(pi j / (n + 1)) */
};

/* ---- moving lines in and out ----------------------------------------------------------------- */

/* (ar, ai)[row(j) LANES + l] = element j of line l (ar) or of line LANES + l (ai), for a buffer
   of `rows` rows, lines beyond count reading 0; row NULL: row(j) = j. The innermost loop runs
   along whichever index is contiguous in data: elements of a row, or neighbouring lines. */
static void gather(const double *data, size_t line_step, size_t elem_step, size_t count, size_t n,
                   const uint32_t *row, size_t rows, double *ar, double *ai)
{
    if (count < CT_AXIS_LINES) {
        memset(ar, 0, rows * LANES * sizeof *ar);
        memset(ai, 0, rows * LANES * sizeof *ai);
    }
    if (elem_step == 1) {
        for (size_t l = 0; l < count; l++) {
            const double *x = data + l * line_step;
            double *y = l < LANES ? ar + l : ai + (l - LANES);
            for (size_t j = 0; j < n; j++)
                y[(row ? row[j] : j) * LANES] = x[j];
        }
        return;
    }
    size_t low = count < LANES ? count : LANES;
    for (size_t j = 0; j < n; j++) {
        const double *x = data + j * elem_step;
        double *yr = ar + (row ? row[j] : j) * LANES, *yi = ai + (row ? row[j] : j) * LANES;
        for (size_t l = 0; l < low; l++)
            yr[l] = x[l * line_step];
        for (size_t l = LANES; l < count; l++)
            yi[l - LANES] = x[l * line_step];
    }
}

/* The reverse of gather, for the first `count` lines. */
static void scatter(const double *ar, const double *ai, const uint32_t *row, size_t n,
                    double *data, size_t line_step, size_t elem_step, size_t count)
{
    if (elem_step == 1) {
        for (size_t l = 0; l < count; l++) {
            double *y = data + l * line_step;
            const double *x = l < LANES ? ar + l : ai + (l - LANES);
            for (size_t j = 0; j < n; j++)
                y[j] = x[(row ? row[j] : j) * LANES];
        }
        return;
    }
    size_t low = count < LANES ? count : LANES;
    for (size_t j = 0; j < n; j++) {
        double *y = data + j * elem_step;
        const double *xr = ar + (row ? row[j] : j) * LANES, *xi = ai + (row ? row[j] : j) * LANES;
        for (size_t l = 0; l < low; l++)
            y[l * line_step] = xr[l];
        for (size_t l = LANES; l < count; l++)
            y[l * line_step] = xi[l - LANES];
    }
}

/* Sines: with f_j in rows 1..n (f_0 = f_{n+1} = 0, N = n + 1), the folded line
   y_j = sin(pi j / N) (f_j + f_{N-j}) + (f_j - f_{N-j}) / 2, in place, row j with row N - j. */
static void sines_fold(const ct_axis_modes *md, double *zr, double *zi)
{
    size_t len = md->len;
    for (size_t l = 0; l < LANES; l++)
        zr[l] = zi[l] = 0.0;
    for (size_t j = 1; 2 * j < len; j++) { /* rows j and len - j are distinct here */
        const double s = md->rot_re[j];
        double *restrict ar = zr + j * LANES, *restrict ai = zi + j * LANES;
        double *restrict br = zr + (len - j) * LANES, *restrict bi = zi + (len - j) * LANES;
        for (size_t l = 0; l < LANES; l++) {
            double sr = s * (ar[l] + br[l]), si = s * (ai[l] + bi[l]);
            double dr = 0.5 * (ar[l] - br[l]), di = 0.5 * (ai[l] - bi[l]);
            ar[l] = sr + dr;
            ai[l] = si + di;
            br[l] = sr - dr;
            bi[l] = si - di;
        }
    }
    if (len % 2 == 0) /* the middle row pairs with itself: y = 2 sin(pi / 2) f */
        for (size_t l = 0; l < LANES; l++) {
            zr[len / 2 * LANES + l] *= 2.0;
            zi[len / 2 * LANES + l] *= 2.0;
        }
}

/* ---- spectra to modes and back ------------------------------------------------------------------
   Z is the FFT of (line a) + i (line b); A, B = (ar, ai) the modes of lines a and b. With
   V_a[k] = (Z[k] + conj Z[n-k]) / 2 and V_b[k] = (Z[k] - conj Z[n-k]) / 2i the FFTs of a and b:
   cosines A[k] = c_k Re(exp(-i pi k / 2n) V_a[k]); Fourier A[2m-1], A[2m] = sqrt(2/n) (Re, -Im)
   V_a[m]; sines, below. */

static void cosines_from_fft(const ct_axis_modes *md, const double *restrict zr,
                             const double *restrict zi, double *restrict ar, double *restrict ai)
{
    size_t n = md->n;
    const double c0 = sqrt(1.0 / (double)n);
    for (size_t l = 0; l < LANES; l++) {
        ar[l] = c0 * zr[l];
        ai[l] = c0 * zi[l];
    }
    for (size_t k = 1; k < n; k++) {
        const double c = md->rot_re[k], s = md->rot_im[k];
        const double *z1r = zr + k * LANES, *z1i = zi + k * LANES;
        const double *z2r = zr + (n - k) * LANES, *z2i = zi + (n - k) * LANES;
        for (size_t l = 0; l < LANES; l++) {
            ar[k * LANES + l] = c * (z1r[l] + z2r[l]) + s * (z1i[l] - z2i[l]);
            ai[k * LANES + l] = c * (z1i[l] + z2i[l]) + s * (z2r[l] - z1r[l]);
        }
    }
}

/* The inverse: with Y = A / c the unscaled DCT, V_a[k] = exp(i pi k / 2n) (Y[k] - i Y[n-k]) is the
   FFT of the reordered line (Makhoul's eq. 23); Z = (V_a + i V_b) / n. */
static void cosines_to_fft(const ct_axis_modes *md, const double *restrict ar,
                           const double *restrict ai, double *restrict zr, double *restrict zi)
{
    size_t n = md->n;
    const double c0 = sqrt(1.0 / (double)n);
    for (size_t l = 0; l < LANES; l++) {
        zr[l] = c0 * ar[l];
        zi[l] = c0 * ai[l];
    }
    for (size_t k = 1; k < n; k++) {
        const double c = md->rot_re[k], s = md->rot_im[k];
        const double *a1 = ar + k * LANES, *b1 = ai + k * LANES;
        const double *a2 = ar + (n - k) * LANES, *b2 = ai + (n - k) * LANES;
        for (size_t l = 0; l < LANES; l++) {
            double p = a1[l] + b2[l], q = b1[l] - a2[l];
            zr[k * LANES + l] = c * p - s * q;
            zi[k * LANES + l] = s * p + c * q;
        }
    }
}

static void fourier_from_fft(const ct_axis_modes *md, const double *restrict zr,
                             const double *restrict zi, double *restrict ar, double *restrict ai)
{
    size_t n = md->n;
    const double c0 = sqrt(1.0 / (double)n), h = sqrt(0.5 / (double)n);
    for (size_t l = 0; l < LANES; l++) {
        ar[l] = c0 * zr[l];
        ai[l] = c0 * zi[l];
    }
    for (size_t m = 1; 2 * m < n; m++) {
        const double *z1r = zr + m * LANES, *z1i = zi + m * LANES;
        const double *z2r = zr + (n - m) * LANES, *z2i = zi + (n - m) * LANES;
        double *cr = ar + (2 * m - 1) * LANES, *ci = ai + (2 * m - 1) * LANES;
        for (size_t l = 0; l < LANES; l++) {
            cr[l] = h * (z1r[l] + z2r[l]);
            ci[l] = h * (z1i[l] + z2i[l]);
            cr[LANES + l] = h * (z2i[l] - z1i[l]);
            ci[LANES + l] = h * (z1r[l] - z2r[l]);
        }
    }
    if (n % 2 == 0)
        for (size_t l = 0; l < LANES; l++) {
            ar[(n - 1) * LANES + l] = c0 * zr[n / 2 * LANES + l];
            ai[(n - 1) * LANES + l] = c0 * zi[n / 2 * LANES + l];
        }
}

/* The inverse: V[m] = (C - i S) / sqrt(2n) and V[n-m] = conj V[m] from "cos m" C and "sin m" S,
   V[0] and V[n/2] real; Z = V_a + i V_b. */
static void fourier_to_fft(const ct_axis_modes *md, const double *restrict ar,
                           const double *restrict ai, double *restrict zr, double *restrict zi)
{
    size_t n = md->n;
    const double c0 = sqrt(1.0 / (double)n), h = sqrt(0.5 / (double)n);
    for (size_t l = 0; l < LANES; l++) {
        zr[l] = c0 * ar[l];
        zi[l] = c0 * ai[l];
    }
    for (size_t m = 1; 2 * m < n; m++) {
        const double *ca = ar + (2 * m - 1) * LANES, *cb = ai + (2 * m - 1) * LANES;
        const double *sa = ca + LANES, *sb = cb + LANES;
        double *z1r = zr + m * LANES, *z1i = zi + m * LANES;
        double *z2r = zr + (n - m) * LANES, *z2i = zi + (n - m) * LANES;
        for (size_t l = 0; l < LANES; l++) {
            z1r[l] = h * (ca[l] + sb[l]);
            z1i[l] = h * (cb[l] - sa[l]);
            z2r[l] = h * (ca[l] - sb[l]);
            z2i[l] = h * (sa[l] + cb[l]);
        }
    }
    if (n % 2 == 0)
        for (size_t l = 0; l < LANES; l++) {
            zr[n / 2 * LANES + l] = c0 * ar[(n - 1) * LANES + l];
            zi[n / 2 * LANES + l] = c0 * ai[(n - 1) * LANES + l];
        }
}

/* With R_k, I_k = Re, -Im V_a[k] of the folded line (N = n + 1): sum_j f_j sin(pi j m / N) is
   I_k for m = 2k, and for odd m the running sum F_{2k+1} = F_{2k-1} + R_k from F_1 = R_0 / 2
   (sinft's recurrence; its rounding grows like the sum's length, 1e-13 at n = 1000). */
static void sines_from_fft(const ct_axis_modes *md, const double *restrict zr,
                           const double *restrict zi, double *restrict ar, double *restrict ai)
{
    size_t n = md->n, len = md->len;
    const double h = sqrt(0.5 / (double)len); /* sqrt(2 / N) / 2 */
    for (size_t l = 0; l < LANES; l++) {
        ar[l] = h * zr[l];
        ai[l] = h * zi[l];
    }
    for (size_t k = 1; 2 * k <= n; k++) {
        const double *z1r = zr + k * LANES, *z1i = zi + k * LANES;
        const double *z2r = zr + (len - k) * LANES, *z2i = zi + (len - k) * LANES;
        double *even_a = ar + (2 * k - 1) * LANES, *even_b = ai + (2 * k - 1) * LANES;
        for (size_t l = 0; l < LANES; l++) {
            even_a[l] = h * (z2i[l] - z1i[l]);
            even_b[l] = h * (z1r[l] - z2r[l]);
        }
        if (2 * k == n)
            break;
        const double *prev_a = even_a - LANES, *prev_b = even_b - LANES;
        for (size_t l = 0; l < LANES; l++) {
            even_a[LANES + l] = prev_a[l] + h * (z1r[l] + z2r[l]);
            even_b[LANES + l] = prev_b[l] + h * (z1i[l] + z2i[l]);
        }
    }
}

static void modes_from_fft(const ct_axis_modes *md, const double *zr, const double *zi,
                           double *ar, double *ai)
{
    switch (md->boundary) {
    case CT_FIELD_FIXED:
        sines_from_fft(md, zr, zi, ar, ai);
        break;
    case CT_FIELD_PERIODIC:
        fourier_from_fft(md, zr, zi, ar, ai);
        break;
    default:
        cosines_from_fft(md, zr, zi, ar, ai);
    }
}

/* ---- the transform ------------------------------------------------------------------------- */

/* Scratch: the FFT rows (2 len LANES), then the FFT's own scratch, which holds the mode
   amplitudes while the FFT is not running. */
size_t ct_axis_modes_scratch_doubles(const ct_axis_modes *md)
{
    size_t fft = ct_fft_scratch_doubles(md->fft, LANES), modes = 2 * md->n * LANES;
    return 2 * md->len * LANES + (fft > modes ? fft : modes);
}

void ct_axis_modes_transform(const ct_axis_modes *md, double *data, size_t line_step,
                             size_t elem_step, size_t count, int inverse, double *scratch)
{
    double *zr = scratch, *zi = scratch + md->len * LANES, *rest = scratch + 2 * md->len * LANES;
    double *ar = rest, *ai = rest + md->n * LANES;
    if (inverse && md->boundary != CT_FIELD_FIXED) { /* sines are their own inverse */
        gather(data, line_step, elem_step, count, md->n, NULL, md->n, ar, ai);
        if (md->boundary == CT_FIELD_PERIODIC)
            fourier_to_fft(md, ar, ai, zr, zi);
        else
            cosines_to_fft(md, ar, ai, zr, zi);
        ct_fft_inverse(md->fft, zr, zi, LANES, rest);
        scatter(zr, zi, md->row, md->n, data, line_step, elem_step, count);
        return;
    }
    gather(data, line_step, elem_step, count, md->n, md->row, md->len, zr, zi);
    if (md->boundary == CT_FIELD_FIXED)
        sines_fold(md, zr, zi);
    ct_fft_forward(md->fft, zr, zi, LANES, rest);
    modes_from_fft(md, zr, zi, ar, ai);
    scatter(ar, ai, NULL, md->n, data, line_step, elem_step, count);
}

/* ---- planning ------------------------------------------------------------------------------- */

/* Sines transform through n + 1 points, the others through n. */
static size_t fft_length(int boundary, size_t n)
{
    return boundary == CT_FIELD_FIXED ? n + 1 : n;
}

double ct_axis_modes_work(int boundary, uint32_t n)
{
    return ct_fft_work(fft_length(boundary, n));
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

/* Cosines take the even sites in order, then the odd ones backwards (Makhoul's v); sines leave
   row 0 for the odd extension's zero. */
static uint32_t fft_row(int boundary, size_t n, size_t j)
{
    if (boundary == CT_FIELD_NO_FLUX)
        return (uint32_t)(j % 2 ? n - 1 - j / 2 : j / 2);
    return (uint32_t)(boundary == CT_FIELD_FIXED ? j + 1 : j);
}

static int plan(ct_axis_modes *md)
{
    size_t n = md->n;
    int cosines = md->boundary == CT_FIELD_NO_FLUX, sines = md->boundary == CT_FIELD_FIXED;
    md->lambda = ct_malloc(n * sizeof *md->lambda);
    md->row = ct_malloc(n * sizeof *md->row);
    md->rot_re = cosines || sines ? ct_malloc(md->len * sizeof *md->rot_re) : NULL;
    md->rot_im = cosines ? ct_malloc(n * sizeof *md->rot_im) : NULL;
    if (!md->lambda || !md->row || ((cosines || sines) && !md->rot_re) || (cosines && !md->rot_im))
        return CT_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        md->lambda[k] = 2.0 - 2.0 * cos(mode_angle(md->boundary, n, k));
        md->row[k] = fft_row(md->boundary, n, k);
    }
    const double pi = 3.14159265358979323846;
    for (size_t j = 0; sines && j < md->len; j++)
        md->rot_re[j] = sin(pi * (double)j / (double)md->len);
    for (size_t k = 0; cosines && k < n; k++) {
        double a = mode_angle(md->boundary, n, k) / 2.0, scale = sqrt(0.5 / (double)n);
        md->rot_re[k] = scale * cos(a);
        md->rot_im[k] = scale * sin(a);
    }
    return ct_fft_create(md->len, &md->fft);
}

int ct_axis_modes_create(int boundary, uint32_t n, ct_axis_modes **out)
{
    *out = NULL;
    ct_axis_modes *md = ct_calloc(1, sizeof *md);
    if (!md)
        return CT_ENOMEM;
    md->boundary = boundary;
    md->n = n;
    md->len = fft_length(boundary, n);
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
    ct_fft_free(md->fft);
    ct_free(md->lambda);
    ct_free(md->row);
    ct_free(md->rot_re);
    ct_free(md->rot_im);
    ct_free(md);
}

const double *ct_axis_modes_lambda(const ct_axis_modes *md)
{
    return md->lambda;
}
