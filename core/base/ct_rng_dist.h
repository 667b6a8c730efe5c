/* Exact Poisson and binomial deviates drawn from one engine stream (ct_rng), for the Lua
 * sandbox's math.poisson / math.binomial and any layer that needs counts of events.
 * Base layer: for every layer of core/. The arguments are checked by the caller
 * (ct_rng_dist_check_*); the samplers assume them valid. */
#ifndef CT_RNG_DIST_H
#define CT_RNG_DIST_H

#include <stdint.h>

#include "ct_rng.h"

/* Largest Poisson mean and binomial trial count accepted: far beyond any count of cells, and
   small enough that lgamma's rounding (relative 1e-16 of about n log n) stays below 1e-5 in the
   acceptance tests of the rejection samplers. */
#define CT_RNG_POISSON_MEAN_MAX 1e9
#define CT_RNG_BINOMIAL_N_MAX 1000000000LL

/* 0 if mean is a finite number in [0, CT_RNG_POISSON_MEAN_MAX]; otherwise -1 and why (a
   sentence fragment: "mean must be ...") in why[why_size]. */
int ct_rng_poisson_check(double mean, char *why, int why_size);
/* 0 if n is in [0, CT_RNG_BINOMIAL_N_MAX] and p a finite number in [0, 1]; otherwise -1 and why. */
int ct_rng_binomial_check(long long n, double p, char *why, int why_size);

/* A Poisson deviate of the mean; mean 0 gives 0 without a draw. */
long long ct_rng_poisson(ct_rng *r, double mean);
/* A binomial deviate of n trials of probability p; n 0, p 0 and p 1 give 0, 0 and n without a
   draw. */
long long ct_rng_binomial(ct_rng *r, long long n, double p);

#endif
