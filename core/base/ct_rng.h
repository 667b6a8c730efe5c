/* PCG32 random numbers and counter-based stream derivation for determinism.
 *
 * Generator: PCG-XSH-RR 64/32 from M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient
 * Statistically Good Algorithms for Random Number Generation", Harvey Mudd College technical report
 * HMC-CS-2014-0905 (2014), section 6.3; LCG multiplier 6364136223846793005 (Knuth, MMIX).
 *
 * Streams: every random number the engine draws comes from a stream keyed by
 * (seed, step, agent id, purpose), so it does not depend on thread count, rank or memory order.
 * The key is folded into the PCG state and increment with the SplitMix64 finaliser
 * (G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014),
 * which is a bijection on 64-bit words.
 * Base layer: for every layer of core/.
 */
#ifndef CT_RNG_H
#define CT_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct ct_rng {
    uint64_t state;
    uint64_t inc; /* always odd: selects the stream */
} ct_rng;

/* What a stream is for; one agent draws from independent streams for each purpose. */
enum ct_rng_purpose {
    CT_RNG_DECIDE = 1,   /* built-in event choice */
    CT_RNG_PRIORITY = 2, /* conflict resolution */
    CT_RNG_PLACE = 3,    /* initial placement */
    CT_RNG_CONTACT = 4,  /* contact actions */
    CT_RNG_SCRIPT = 5,   /* Lua math.random */
    CT_RNG_PLUGIN = 6,   /* plugin draws */
    CT_RNG_FIELD = 7,    /* field-related draws (sources, noise) */
    CT_RNG_CHEMOTAXIS = 8,
    CT_RNG_TARGET = 9,   /* choice of a free neighbour site */
    CT_RNG_PUSH = 10,    /* push chains: search direction, choice among the nearest free sites */
    CT_RNG_CYCLE = 11,   /* cell cycle stage transitions */
    CT_RNG_CYCLE_START = 12, /* the place of initial cells in their cycle */
    CT_RNG_DEATH = 13,   /* stage transitions of apoptotic and necrotic bodies */
    CT_RNG_USER = 16     /* first purpose free for extensions */
};

static inline uint64_t ct_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint32_t ct_rng_next(ct_rng *r)
{
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* pcg32_srandom_r from the reference: any (initstate, initseq) pair gives a valid generator. */
static inline void ct_rng_seed(ct_rng *r, uint64_t initstate, uint64_t initseq)
{
    r->state = 0u;
    r->inc = (initseq << 1u) | 1u;
    (void)ct_rng_next(r);
    r->state += initstate;
    (void)ct_rng_next(r);
}

/* The key of one step of one run: combine once per step, then derive agent streams from it. */
static inline uint64_t ct_rng_step_key(uint64_t seed, uint64_t step)
{
    return ct_mix64(ct_mix64(seed ^ 0x6a09e667f3bcc908ULL) ^ (step + 0x3c6ef372fe94f82bULL));
}

/* The stream of (step key, agent id, purpose). */
static inline ct_rng ct_rng_stream(uint64_t step_key, uint64_t id, uint32_t purpose)
{
    ct_rng r;
    uint64_t h = ct_mix64(step_key ^ ct_mix64(id * 0x9e3779b97f4a7c15ULL + purpose));
    ct_rng_seed(&r, h, ct_mix64(h ^ 0xa54ff53a5f1d36f1ULL));
    return r;
}

/* Uniform double in [0, 1) with 53 random bits. */
static inline double ct_rng_uniform(ct_rng *r)
{
    uint64_t hi = ct_rng_next(r) >> 5, lo = ct_rng_next(r) >> 6;
    return (double)(hi * 67108864u + lo) * (1.0 / 9007199254740992.0);
}

/* One try of ct_rng_below with the output x (Lemire, ACM TOMACS 29(1), 2019): sets *out and
   returns 1 if x is accepted, which fails only with probability below bound / 2^32. A vectorised
   loop can draw x for many agents and reseed a stream only for the rare rejection. */
static inline int ct_rng_below_try(uint32_t x, uint32_t bound, uint32_t *out)
{
    uint64_t m = (uint64_t)x * bound;
    uint32_t low = (uint32_t)m;
    *out = (uint32_t)(m >> 32);
    return low >= bound || low >= (uint32_t)(-bound) % bound;
}

/* Uniform integer in [0, bound) without modulo bias. */
static inline uint32_t ct_rng_below(ct_rng *r, uint32_t bound)
{
    uint32_t out;
    while (!ct_rng_below_try(ct_rng_next(r), bound, &out))
        ;
    return out;
}

/* Standard normal deviate (Box-Muller; two uniforms per call, deterministic). */
static inline double ct_rng_normal(ct_rng *r)
{
    double u1 = 1.0 - ct_rng_uniform(r), u2 = ct_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Probability that an event of this rate (per minute) happens within dt minutes. */
static inline double ct_rate_to_prob(double rate, double dt)
{
    return -expm1(-rate * dt);
}

#endif
