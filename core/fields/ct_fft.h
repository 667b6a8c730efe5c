/* Batched complex FFT of any length on split real/imaginary arrays: many independent sequences
 * ("lanes") transformed together, so that every butterfly's inner loop runs over contiguous lanes
 * and vectorises. O(n log n) for every n.
 * Fields layer: for ct_axis_modes. */
#ifndef CT_FFT_H
#define CT_FFT_H

#include <stddef.h>

/* A plan for one length: factors, twiddles, Bluestein chirps. Read-only once built, so threads
   may share it (each with its own scratch). */
typedef struct ct_fft ct_fft;

/* Plans transforms of length n >= 1. Returns CT_OK or CT_ENOMEM (*out is then NULL). */
int ct_fft_create(size_t n, ct_fft **out);
void ct_fft_free(ct_fft *p);

/* Estimated work of a transform of length n, per element, in passes of a radix-2 to 5 butterfly
   (about log n / log 4 for lengths whose prime factors are small; more through Bluestein): what
   the field solver weighs its implicit step's cost with. Needs no plan. */
double ct_fft_work(size_t n);

/* Doubles of scratch one transform of `lanes` lanes needs. */
size_t ct_fft_scratch_doubles(const ct_fft *p, size_t lanes);

/* X[k] = sum_j x[j] exp(-2 pi i j k / n), in place, for each of `lanes` sequences: element j of
   lane l is (re, im)[j * lanes + l]. */
void ct_fft_forward(const ct_fft *p, double *re, double *im, size_t lanes, double *scratch);

/* x[j] = sum_k X[k] exp(+2 pi i j k / n): the inverse times n (no normalisation). */
void ct_fft_inverse(const ct_fft *p, double *re, double *im, size_t lanes, double *scratch);

#endif
