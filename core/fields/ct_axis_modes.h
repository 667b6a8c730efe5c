/* The orthonormal eigenvectors ("modes") of one grid axis's second difference under a field
 * boundary, their eigenvalues, and O(n log n) transforms into and out of them (ct_fft): what the
 * implicit field solver diagonalises with. For an axis of n sites, component j of mode k is
 *   no flux (cosines, DCT-II):  c_k cos(pi k (j + 1/2) / n), c_0 = sqrt(1/n), c_k = sqrt(2/n);
 *   fixed (sines, DST-I):       sqrt(2 / (n + 1)) sin(pi (j + 1)(k + 1) / (n + 1));
 *   periodic (real Fourier):    modes 1, cos 1, sin 1, cos 2, sin 2, ... [, (-1)^j for even n],
 *                               "cos m" = sqrt(2/n) cos(2 pi m j / n), 1 and (-1)^j times
 *                               sqrt(1/n);
 * and lambda_k = 2 - 2 cos theta_k with theta_k = pi k / n, pi (k + 1) / (n + 1) and 2 pi m / n.
 * Fields layer: for the field solver. */
#ifndef CT_AXIS_MODES_H
#define CT_AXIS_MODES_H

#include <stddef.h>
#include <stdint.h>

/* Lines one transform call handles together (fewer are padded with zeros): two lines share one
   complex FFT lane, so this is twice the FFT's lane count. */
#define CT_AXIS_LINES 16

typedef struct ct_axis_modes ct_axis_modes;

/* Plans the modes of an axis of n >= 1 sites under boundary (enum ct_field_boundary). Returns
   CT_OK or CT_ENOMEM (*out is then NULL). Read-only once built: threads may share it. */
int ct_axis_modes_create(int boundary, uint32_t n, ct_axis_modes **out);
void ct_axis_modes_free(ct_axis_modes *md);

/* The n eigenvalues of -(second difference), in [0, 4], in mode order. */
const double *ct_axis_modes_lambda(const ct_axis_modes *md);

/* Estimated work of a transform per site, without planning one: ct_fft_work of its FFT length. */
double ct_axis_modes_work(int boundary, uint32_t n);

/* Doubles of scratch one ct_axis_modes_transform call needs. */
size_t ct_axis_modes_scratch_doubles(const ct_axis_modes *md);

/* Transforms `count` <= CT_AXIS_LINES lines in place, element j of line l being
   data[l * line_step + j * elem_step]. Forward: site values x -> mode amplitudes
   X[k] = sum_j q_k[j] x[j]; inverse: X -> x[j] = sum_k q_k[j] X[k]. A line's result depends only
   on the lines it is called with, never on threads. */
void ct_axis_modes_transform(const ct_axis_modes *md, double *data, size_t line_step,
                             size_t elem_step, size_t count, int inverse, double *scratch);

#endif
