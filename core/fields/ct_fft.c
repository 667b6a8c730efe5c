/* Batched complex FFT: the mixed-radix Cooley-Tukey algorithm (Cooley & Tukey, Math. Comp. 19,
 * 1965) in Stockham's autosorting form (Cochran et al., Proc. IEEE 55, 1967; Van Loan,
 * "Computational Frameworks for the FFT", SIAM 1992, sec. 1.7), and Bluestein's chirp-z algorithm
 * (Bluestein, IEEE Trans. Audio Electroacoust. 18, 1970) for lengths with a large prime factor.
 *
 * Layout: element j of lane l at [j * lanes + l], so the lanes of one element are contiguous and
 * every butterfly's innermost loop runs over them (and, after the first pass, over the
 * interleaved sub-sequences as well): it vectorises for any length. */
#include "ct_fft.h"

#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_error.h"

#define MAX_PASSES 64           /* every radix is at least 2 */
/* A prime factor above this sends the length through Bluestein. The odd-radix butterfly costs
   O(p) per element and Bluestein a constant factor (two FFTs of >= 2n points); measured on
   implicit solver steps, 41, 53 and 61 are clearly faster direct, and 67 to 101 about even. */
#define LARGEST_DIRECT_PRIME 61

static const double two_pi = 6.28318530717958647692;

/* One Stockham pass: each of the s interleaved sub-sequences of length radix * m (element p at
   q + s p) splits into radix sub-sequences of length m, written interleaved with stride s radix
   (Van Loan's Algorithm 1.7.2, decimation in frequency). */
typedef struct fft_pass {
    size_t radix, m;
    double *tw_re, *tw_im;     /* [p (radix - 1) + u - 1] = exp(-2 pi i p u / (radix m)) */
    double *root_re, *root_im; /* odd primes from 7: exp(-2 pi i q / radix), q < radix */
} fft_pass;

struct ct_fft {
    size_t n;
    int n_passes;
    fft_pass pass[MAX_PASSES];
    /* Bluestein: a circular convolution of length conv->n >= 2n - 1 with 2, 3, 5 as factors */
    ct_fft *conv;
    double *chirp_re, *chirp_im;   /* n values: exp(-i pi j^2 / n) */
    double *kernel_re, *kernel_im; /* conv->n values: FFT of the conjugate chirp / conv->n */
};

/* ---- butterflies ---------------------------------------------------------------------------- */
/* Each reads radix inputs of `blk` contiguous doubles m blocks apart (x + (p + t m) blk) and
   writes the twiddled radix-point DFT to y + (radix p + u) blk. blk = lanes x stride. x and y
   never overlap; `restrict` alone does not convince gcc 12 of it for the 16 to 20 streams of the
   radix-4 and radix-5 loops, hence `ivdep` (checked with -fopt-info-vec). */

static inline void put(double *yr, double *yi, size_t i, double ar, double ai, double wr,
                       double wi)
{
    yr[i] = ar * wr - ai * wi;
    yi[i] = ar * wi + ai * wr;
}

static void pass2(const fft_pass *ps, const double *restrict xr, const double *restrict xi,
                  double *restrict yr, double *restrict yi, size_t blk)
{
    size_t m = ps->m, sm = m * blk;
    for (size_t p = 0; p < m; p++) {
        const double wr = ps->tw_re[p], wi = ps->tw_im[p];
        const double *ar = xr + p * blk, *ai = xi + p * blk;
        double *br = yr + 2 * p * blk, *bi = yi + 2 * p * blk;
        #pragma GCC ivdep
        for (size_t i = 0; i < blk; i++) {
            double a0r = ar[i], a0i = ai[i], a1r = ar[i + sm], a1i = ai[i + sm];
            br[i] = a0r + a1r;
            bi[i] = a0i + a1i;
            put(br + blk, bi + blk, i, a0r - a1r, a0i - a1i, wr, wi);
        }
    }
}

/* b1,2 = a0 - (a1 + a2) / 2 -+ i sin(2 pi / 3) (a1 - a2) */
static void pass3(const fft_pass *ps, const double *restrict xr, const double *restrict xi,
                  double *restrict yr, double *restrict yi, size_t blk)
{
    const double s3 = 0.86602540378443864676; /* sin(2 pi / 3) */
    size_t m = ps->m, sm = m * blk;
    for (size_t p = 0; p < m; p++) {
        const double *w_r = ps->tw_re + 2 * p, *w_i = ps->tw_im + 2 * p;
        const double w1r = w_r[0], w1i = w_i[0], w2r = w_r[1], w2i = w_i[1];
        const double *ar = xr + p * blk, *ai = xi + p * blk;
        double *br = yr + 3 * p * blk, *bi = yi + 3 * p * blk;
        #pragma GCC ivdep
        for (size_t i = 0; i < blk; i++) {
            double a0r = ar[i], a0i = ai[i];
            double sr = ar[i + sm] + ar[i + 2 * sm], si = ai[i + sm] + ai[i + 2 * sm];
            double dr = s3 * (ar[i + sm] - ar[i + 2 * sm]), di = s3 * (ai[i + sm] - ai[i + 2 * sm]);
            double mr = a0r - 0.5 * sr, mi = a0i - 0.5 * si;
            br[i] = a0r + sr;
            bi[i] = a0i + si;
            put(br + blk, bi + blk, i, mr + di, mi - dr, w1r, w1i);
            put(br + 2 * blk, bi + 2 * blk, i, mr - di, mi + dr, w2r, w2i);
        }
    }
}

/* b0,2 = (a0 + a2) +- (a1 + a3); b1,3 = (a0 - a2) -+ i (a1 - a3) */
static void pass4(const fft_pass *ps, const double *restrict xr, const double *restrict xi,
                  double *restrict yr, double *restrict yi, size_t blk)
{
    size_t m = ps->m, sm = m * blk;
    for (size_t p = 0; p < m; p++) {
        const double *w_r = ps->tw_re + 3 * p, *w_i = ps->tw_im + 3 * p;
        const double w1r = w_r[0], w1i = w_i[0], w2r = w_r[1], w2i = w_i[1];
        const double w3r = w_r[2], w3i = w_i[2];
        const double *ar = xr + p * blk, *ai = xi + p * blk;
        double *br = yr + 4 * p * blk, *bi = yi + 4 * p * blk;
        #pragma GCC ivdep
        for (size_t i = 0; i < blk; i++) {
            double t0r = ar[i] + ar[i + 2 * sm], t0i = ai[i] + ai[i + 2 * sm];
            double t1r = ar[i] - ar[i + 2 * sm], t1i = ai[i] - ai[i + 2 * sm];
            double t2r = ar[i + sm] + ar[i + 3 * sm], t2i = ai[i + sm] + ai[i + 3 * sm];
            double t3r = ar[i + sm] - ar[i + 3 * sm], t3i = ai[i + sm] - ai[i + 3 * sm];
            br[i] = t0r + t2r;
            bi[i] = t0i + t2i;
            put(br + blk, bi + blk, i, t1r + t3i, t1i - t3r, w1r, w1i);
            put(br + 2 * blk, bi + 2 * blk, i, t0r - t2r, t0i - t2i, w2r, w2i);
            put(br + 3 * blk, bi + 3 * blk, i, t1r - t3i, t1i + t3r, w3r, w3i);
        }
    }
}

/* With s_t = a_t + a_{5-t}, d_t = a_t - a_{5-t}: b_u, b_{5-u} = a0 + sum_t cos(2 pi t u / 5) s_t
   -+ i sum_t sin(2 pi t u / 5) d_t. */
static void pass5(const fft_pass *ps, const double *restrict xr, const double *restrict xi,
                  double *restrict yr, double *restrict yi, size_t blk)
{
    const double c1 = 0.30901699437494742410, c2 = -0.80901699437494742410; /* cos 2pi/5, 4pi/5 */
    const double s1 = 0.95105651629515357212, s2 = 0.58778525229247312917;  /* sin 2pi/5, 4pi/5 */
    size_t m = ps->m, sm = m * blk;
    for (size_t p = 0; p < m; p++) {
        const double *w_r = ps->tw_re + 4 * p, *w_i = ps->tw_im + 4 * p;
        const double *ar = xr + p * blk, *ai = xi + p * blk;
        double *br = yr + 5 * p * blk, *bi = yi + 5 * p * blk;
        #pragma GCC ivdep
        for (size_t i = 0; i < blk; i++) {
            double a0r = ar[i], a0i = ai[i];
            double s1r = ar[i + sm] + ar[i + 4 * sm], s1i = ai[i + sm] + ai[i + 4 * sm];
            double d1r = ar[i + sm] - ar[i + 4 * sm], d1i = ai[i + sm] - ai[i + 4 * sm];
            double s2r = ar[i + 2 * sm] + ar[i + 3 * sm], s2i = ai[i + 2 * sm] + ai[i + 3 * sm];
            double d2r = ar[i + 2 * sm] - ar[i + 3 * sm], d2i = ai[i + 2 * sm] - ai[i + 3 * sm];
            double m1r = a0r + c1 * s1r + c2 * s2r, m1i = a0i + c1 * s1i + c2 * s2i;
            double m2r = a0r + c2 * s1r + c1 * s2r, m2i = a0i + c2 * s1i + c1 * s2i;
            double n1r = s1 * d1r + s2 * d2r, n1i = s1 * d1i + s2 * d2i;
            double n2r = s2 * d1r - s1 * d2r, n2i = s2 * d1i - s1 * d2i;
            br[i] = a0r + s1r + s2r;
            bi[i] = a0i + s1i + s2i;
            put(br + blk, bi + blk, i, m1r + n1i, m1i - n1r, w_r[0], w_i[0]);
            put(br + 2 * blk, bi + 2 * blk, i, m2r + n2i, m2i - n2r, w_r[1], w_i[1]);
            put(br + 3 * blk, bi + 3 * blk, i, m2r - n2i, m2i + n2r, w_r[2], w_i[2]);
            put(br + 4 * blk, bi + 4 * blk, i, m1r - n1i, m1i + n1r, w_r[3], w_i[3]);
        }
    }
}

/* Accumulates, for one u, P_u = a0 + sum_t cos(2 pi t u / r) s_t into b_u and
   Q_u = sum_t sin(2 pi t u / r) d_t into b_{r-u} (s_t, d_t as in pass5). */
static void odd_sums(const fft_pass *ps, const double *restrict ar, const double *restrict ai,
                     double *restrict br, double *restrict bi, size_t u, size_t sm, size_t blk)
{
    size_t r = ps->radix;
    double *pr = br + u * blk, *pi = bi + u * blk, *qr = br + (r - u) * blk,
           *qi = bi + (r - u) * blk;
    for (size_t i = 0; i < blk; i++) {
        pr[i] = ar[i];
        pi[i] = ai[i];
        qr[i] = qi[i] = 0.0;
    }
    for (size_t t = 1; 2 * t < r; t++) {
        const double c = ps->root_re[t * u % r], s = -ps->root_im[t * u % r];
        const double *xr = ar + t * sm, *xi = ai + t * sm, *zr = ar + (r - t) * sm,
                     *zi = ai + (r - t) * sm;
        for (size_t i = 0; i < blk; i++) {
            pr[i] += c * (xr[i] + zr[i]);
            pi[i] += c * (xi[i] + zi[i]);
            qr[i] += s * (xr[i] - zr[i]);
            qi[i] += s * (xi[i] - zi[i]);
        }
    }
}

/* Any odd prime radix from 7 to LARGEST_DIRECT_PRIME: b_u, b_{r-u} = P_u -+ i Q_u, then the
   twiddles; O(r^2) per butterfly, with the symmetry halving the multiplications. */
static void pass_odd(const fft_pass *ps, const double *restrict xr, const double *restrict xi,
                     double *restrict yr, double *restrict yi, size_t blk)
{
    size_t r = ps->radix, m = ps->m, sm = m * blk;
    for (size_t p = 0; p < m; p++) {
        const double *ar = xr + p * blk, *ai = xi + p * blk;
        const double *w_r = ps->tw_re + (r - 1) * p, *w_i = ps->tw_im + (r - 1) * p;
        double *br = yr + r * p * blk, *bi = yi + r * p * blk;
        for (size_t i = 0; i < blk; i++) {
            br[i] = ar[i];
            bi[i] = ai[i];
        }
        for (size_t t = 1; t < r; t++)
            for (size_t i = 0; i < blk; i++) {
                br[i] += ar[i + t * sm];
                bi[i] += ai[i + t * sm];
            }
        for (size_t u = 1; 2 * u < r; u++) {
            odd_sums(ps, ar, ai, br, bi, u, sm, blk);
            double *pr = br + u * blk, *pi = bi + u * blk, *qr = br + (r - u) * blk,
                   *qi = bi + (r - u) * blk;
            const double wr = w_r[u - 1], wi = w_i[u - 1], vr = w_r[r - u - 1],
                         vi = w_i[r - u - 1];
            for (size_t i = 0; i < blk; i++) {
                double p_r = pr[i], p_i = pi[i], q_r = qr[i], q_i = qi[i];
                put(pr, pi, i, p_r + q_i, p_i - q_r, wr, wi);
                put(qr, qi, i, p_r - q_i, p_i + q_r, vr, vi);
            }
        }
    }
}

static void run_pass(const fft_pass *ps, const double *xr, const double *xi, double *yr,
                     double *yi, size_t blk)
{
    switch (ps->radix) {
    case 2:
        pass2(ps, xr, xi, yr, yi, blk);
        break;
    case 3:
        pass3(ps, xr, xi, yr, yi, blk);
        break;
    case 4:
        pass4(ps, xr, xi, yr, yi, blk);
        break;
    case 5:
        pass5(ps, xr, xi, yr, yi, blk);
        break;
    default:
        pass_odd(ps, xr, xi, yr, yi, blk);
    }
}

/* ---- transforms ----------------------------------------------------------------------------- */

/* The passes, ping-ponging between the data and scratch; the result ends in the data. */
static void stockham(const ct_fft *p, double *re, double *im, size_t lanes, double *scratch)
{
    double *xr = re, *xi = im, *yr = scratch, *yi = scratch + p->n * lanes;
    size_t blk = lanes;
    for (int k = 0; k < p->n_passes; k++) {
        run_pass(&p->pass[k], xr, xi, yr, yi, blk);
        blk *= p->pass[k].radix;
        double *t = xr;
        xr = yr;
        yr = t;
        t = xi;
        xi = yi;
        yi = t;
    }
    if (xr != re) {
        memcpy(re, xr, p->n * lanes * sizeof *re);
        memcpy(im, xi, p->n * lanes * sizeof *im);
    }
}

/* y[j][l] = x[j][l] w[j] for `rows` elements of `lanes` lanes (y may be x). */
static void multiply_rows(const double *xr, const double *xi, const double *wr, const double *wi,
                          double *yr, double *yi, size_t rows, size_t lanes)
{
    for (size_t j = 0; j < rows; j++)
        for (size_t l = 0; l < lanes; l++) {
            size_t i = j * lanes + l;
            put(yr, yi, i, xr[i], xi[i], wr[j], wi[j]);
        }
}

/* X[k] = w_k sum_j (x_j w_j) conj(w_{k-j}), w_j = exp(-i pi j^2 / n), since jk = (j^2 + k^2 -
   (k-j)^2) / 2: a circular convolution of length >= 2n - 1, done with FFTs of that length. */
static void bluestein(const ct_fft *p, double *re, double *im, size_t lanes, double *scratch)
{
    size_t n = p->n, len = p->conv->n;
    double *ar = scratch, *ai = scratch + len * lanes, *rest = scratch + 2 * len * lanes;
    multiply_rows(re, im, p->chirp_re, p->chirp_im, ar, ai, n, lanes);
    memset(ar + n * lanes, 0, (len - n) * lanes * sizeof *ar);
    memset(ai + n * lanes, 0, (len - n) * lanes * sizeof *ai);
    ct_fft_forward(p->conv, ar, ai, lanes, rest);
    multiply_rows(ar, ai, p->kernel_re, p->kernel_im, ar, ai, len, lanes);
    ct_fft_inverse(p->conv, ar, ai, lanes, rest);
    multiply_rows(ar, ai, p->chirp_re, p->chirp_im, re, im, n, lanes);
}

void ct_fft_forward(const ct_fft *p, double *re, double *im, size_t lanes, double *scratch)
{
    if (p->conv)
        bluestein(p, re, im, lanes, scratch);
    else
        stockham(p, re, im, lanes, scratch);
}

/* Swapping the real and imaginary parts conjugates and multiplies by i; doing it before and after
   the forward transform gives the unnormalised inverse. With split arrays it costs nothing. */
void ct_fft_inverse(const ct_fft *p, double *re, double *im, size_t lanes, double *scratch)
{
    ct_fft_forward(p, im, re, lanes, scratch);
}

size_t ct_fft_scratch_doubles(const ct_fft *p, size_t lanes)
{
    if (!p->conv)
        return 2 * p->n * lanes;
    return 2 * p->conv->n * lanes + ct_fft_scratch_doubles(p->conv, lanes);
}

/* ---- planning ------------------------------------------------------------------------------- */

/* The radices of n's passes (4s first, the cheapest per element, then 2, then odd primes in
   increasing order) and their count; -1 when a prime factor exceeds LARGEST_DIRECT_PRIME. */
static int radices(size_t n, size_t radix[MAX_PASSES])
{
    int count = 0;
    for (size_t f = 4; n > 1 && f <= LARGEST_DIRECT_PRIME; f = f == 4 ? 2 : f == 2 ? 3 : f + 2)
        while (n % f == 0) {
            n /= f;
            radix[count++] = f;
        }
    return n > 1 ? -1 : count;
}

/* The smallest length >= n whose prime factors are 2, 3 and 5. */
static size_t smooth_length(size_t n)
{
    for (;; n++) {
        size_t k = n;
        for (size_t f = 2; f <= 5; f++)
            while (k % f == 0)
                k /= f;
        if (k == 1)
            return n;
    }
}

/* Per pass and element, the radix 2 to 5 butterflies cost about the same here (1.0-1.2 ns for 8
   lanes), the odd-prime one about p / 4 times that; Bluestein adds three pointwise products to
   its two transforms. This predicts the measured 2 ns per element for 1024 and 1600, 5.3 vs 7.3
   for 2050 = 2 5^2 41, 11 vs 11 for 1026 through Bluestein. */
double ct_fft_work(size_t n)
{
    size_t radix[MAX_PASSES];
    int count = radices(n, radix);
    if (count < 0) {
        size_t len = smooth_length(2 * n - 1);
        return 3.0 + 2.0 * (double)len / (double)n * ct_fft_work(len);
    }
    double work = 0.0;
    for (int k = 0; k < count; k++)
        work += radix[k] <= 5 ? 1.0 : (double)radix[k] / 4.0;
    return work;
}

/* exp(-2 pi i k / n), the angle reduced mod 2 pi exactly in integers. */
static void root(size_t k, size_t n, double *re, double *im)
{
    double a = two_pi * (double)(k % n) / (double)n;
    *re = cos(a);
    *im = -sin(a);
}

static int plan_pass(fft_pass *ps, size_t radix, size_t m)
{
    size_t count = (radix - 1) * m;
    ps->radix = radix;
    ps->m = m;
    ps->tw_re = ct_malloc(count * sizeof *ps->tw_re);
    ps->tw_im = ct_malloc(count * sizeof *ps->tw_im);
    if (!ps->tw_re || !ps->tw_im)
        return CT_ENOMEM;
    for (size_t p = 0; p < m; p++)
        for (size_t u = 1; u < radix; u++) {
            size_t k = p * (radix - 1) + u - 1;
            root(p * u, radix * m, &ps->tw_re[k], &ps->tw_im[k]);
        }
    if (radix <= 5) /* only the odd-prime butterfly reads the radix's roots */
        return CT_OK;
    ps->root_re = ct_malloc(radix * sizeof *ps->root_re);
    ps->root_im = ct_malloc(radix * sizeof *ps->root_im);
    if (!ps->root_re || !ps->root_im)
        return CT_ENOMEM;
    for (size_t q = 0; q < radix; q++)
        root(q, radix, &ps->root_re[q], &ps->root_im[q]);
    return CT_OK;
}

static int plan_passes(ct_fft *p, const size_t *radix, int count)
{
    size_t rest = p->n;
    for (int k = 0; k < count; k++) {
        rest /= radix[k];
        int rc = plan_pass(&p->pass[p->n_passes++], radix[k], rest);
        if (rc)
            return rc;
    }
    return CT_OK;
}

static int plan_bluestein(ct_fft *p)
{
    size_t n = p->n;
    int rc = ct_fft_create(smooth_length(2 * n - 1), &p->conv);
    if (rc)
        return rc;
    size_t len = p->conv->n;
    p->chirp_re = ct_malloc(n * sizeof *p->chirp_re);
    p->chirp_im = ct_malloc(n * sizeof *p->chirp_im);
    p->kernel_re = ct_calloc(len, sizeof *p->kernel_re);
    p->kernel_im = ct_calloc(len, sizeof *p->kernel_im);
    double *scratch = ct_malloc(ct_fft_scratch_doubles(p->conv, 1) * sizeof *scratch);
    if (!p->chirp_re || !p->chirp_im || !p->kernel_re || !p->kernel_im || !scratch) {
        ct_free(scratch);
        return CT_ENOMEM;
    }
    for (size_t j = 0; j < n; j++) /* exp(-i pi j^2 / n) = exp(-2 pi i (j^2 mod 2n) / 2n) */
        root((size_t)((unsigned long long)j * j % (2 * n)), 2 * n, &p->chirp_re[j],
             &p->chirp_im[j]);
    for (size_t d = 0; d < n; d++) { /* conj(w_d) at d and at -d, wrapped */
        p->kernel_re[d] = p->kernel_re[(len - d) % len] = p->chirp_re[d] / (double)len;
        p->kernel_im[d] = p->kernel_im[(len - d) % len] = -p->chirp_im[d] / (double)len;
    }
    ct_fft_forward(p->conv, p->kernel_re, p->kernel_im, 1, scratch);
    ct_free(scratch);
    return CT_OK;
}

int ct_fft_create(size_t n, ct_fft **out)
{
    *out = NULL;
    ct_fft *p = ct_calloc(1, sizeof *p);
    if (!p)
        return CT_ENOMEM;
    p->n = n;
    size_t radix[MAX_PASSES];
    int count = radices(n, radix);
    int rc = count < 0 ? plan_bluestein(p) : plan_passes(p, radix, count);
    if (rc) {
        ct_fft_free(p);
        return rc;
    }
    *out = p;
    return CT_OK;
}

void ct_fft_free(ct_fft *p)
{
    if (!p)
        return;
    for (int k = 0; k < p->n_passes; k++) {
        ct_free(p->pass[k].tw_re);
        ct_free(p->pass[k].tw_im);
        ct_free(p->pass[k].root_re);
        ct_free(p->pass[k].root_im);
    }
    ct_fft_free(p->conv);
    ct_free(p->chirp_re);
    ct_free(p->chirp_im);
    ct_free(p->kernel_re);
    ct_free(p->kernel_im);
    ct_free(p);
}
