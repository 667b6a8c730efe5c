/* The synchronous, deterministic step: decide from the old state, claim target sites by random
 * priority, apply the winners, then add daughters in site order. See docs/ARCHITECTURE.md. */
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_rng.h"
#include "ct_sim.h"

enum intent_kind { INTENT_NONE = 0, INTENT_MOVE, INTENT_DIVIDE, INTENT_DIE, INTENT_TRANSITION };

/* Claim key of an agent this step: a bijection of its id, so keys are unique and their order is
   random, independent of where the agent sits in memory or which thread handles it. */
static inline uint64_t claim_key(uint64_t step_key, uint64_t id)
{
    return ct_mix64(step_key ^ 0x510e527fade682d1ULL ^ id);
}

static inline void claim_max(uint64_t *claim, uint64_t key)
{
    uint64_t cur = __atomic_load_n(claim, __ATOMIC_RELAXED);
    while (cur < key &&
           !__atomic_compare_exchange_n(claim, &cur, key, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

/* Picks a free neighbour site and claims it; INTENT_NONE when none is free (contact inhibition). */
static int claim_free_neighbour(ct_sim *sim, size_t i, ct_rng *r, uint64_t step_key, int kind)
{
    uint32_t nb[CT_MAX_NEIGHBOURS];
    int n_free = ct_lattice_free_neighbours(&sim->lat, sim->ag.site[i], nb);
    uint64_t key = claim_key(step_key, sim->ag.id[i]);
    if (n_free == 0 || key == 0)
        return INTENT_NONE;
    uint32_t t = nb[ct_rng_below(r, (uint32_t)n_free)];
    sim->target[i] = t;
    claim_max(&sim->claim[t], key);
    return kind;
}

static int decide_agent(ct_sim *sim, size_t i, uint64_t step_key)
{
    uint8_t type = sim->ag.type[i];
    if (type == CT_DEAD_TYPE)
        return INTENT_NONE;
    const ct_type_step *ts = &sim->type_step[type];
    if (ts->p_any <= 0.0)
        return INTENT_NONE;
    ct_rng r = ct_rng_stream(step_key, sim->ag.id[i], CT_RNG_DECIDE);
    if (ct_rng_uniform(&r) >= ts->p_any)
        return INTENT_NONE;
    double v = ct_rng_uniform(&r);
    if (v < ts->cut_move)
        return claim_free_neighbour(sim, i, &r, step_key, INTENT_MOVE);
    if (v < ts->cut_divide)
        return claim_free_neighbour(sim, i, &r, step_key, INTENT_DIVIDE);
    if (v < ts->cut_die)
        return INTENT_DIE;
    return INTENT_TRANSITION;
}

static void decide_all(ct_sim *sim, uint64_t step_key)
{
    size_t n = sim->ag.n, n_chunks = (n + CT_CHUNK - 1) / CT_CHUNK;
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t c = 0; c < n_chunks; c++) {
        size_t end = (c + 1) * CT_CHUNK < n ? (c + 1) * CT_CHUNK : n;
        for (size_t i = c * CT_CHUNK; i < end; i++)
            sim->intent[i] = (uint8_t)decide_agent(sim, i, step_key);
    }
}

/* The winner of a claimed site clears the claim as it takes it; losers then read 0 or the winner's
   key, never their own. */
static int won_claim(ct_sim *sim, size_t i, uint64_t step_key)
{
    uint64_t *claim = &sim->claim[sim->target[i]];
    if (__atomic_load_n(claim, __ATOMIC_RELAXED) != claim_key(step_key, sim->ag.id[i]))
        return 0;
    __atomic_store_n(claim, 0, __ATOMIC_RELAXED);
    return 1;
}

/* Applies one agent's intent; returns 1 for a death. */
static int apply_agent(ct_sim *sim, size_t i, uint64_t step_key, uint32_t *births)
{
    ct_agents *ag = &sim->ag;
    switch (sim->intent[i]) {
    case INTENT_MOVE:
        if (won_claim(sim, i, step_key)) {
            sim->lat.slot[ag->site[i]] = CT_EMPTY;
            sim->lat.slot[sim->target[i]] = (uint32_t)i;
            ag->site[i] = sim->target[i];
        }
        return 0;
    case INTENT_DIVIDE:
        if (won_claim(sim, i, step_key))
            (*births)++;
        else
            sim->intent[i] = INTENT_NONE;
        return 0;
    case INTENT_DIE:
        sim->lat.slot[ag->site[i]] = CT_EMPTY;
        ag->type[i] = CT_DEAD_TYPE;
        return 1;
    case INTENT_TRANSITION:
        ag->type[i] = (uint8_t)sim->type_step[ag->type[i]].transition_to;
        ag->state[i] = 0;
        return 0;
    default:
        return 0;
    }
}

static size_t apply_all(ct_sim *sim, uint64_t step_key)
{
    size_t n = sim->ag.n, n_chunks = (n + CT_CHUNK - 1) / CT_CHUNK, deaths = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : deaths)
    for (size_t c = 0; c < n_chunks; c++) {
        size_t end = (c + 1) * CT_CHUNK < n ? (c + 1) * CT_CHUNK : n;
        uint32_t births = 0;
        for (size_t i = c * CT_CHUNK; i < end; i++)
            deaths += (size_t)apply_agent(sim, i, step_key, &births);
        sim->chunk_births[c] = births;
    }
    sim->ag.n_dead += deaths;
    return n_chunks;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Collects winning divisions as (daughter site, mother) sorted by site: daughters then get ids in
   an order that depends on the lattice only. */
static int collect_births(ct_sim *sim, size_t n_chunks, size_t *n_births)
{
    size_t total = 0;
    for (size_t c = 0; c < n_chunks; c++) {
        size_t k = sim->chunk_births[c];
        sim->chunk_births[c] = (uint32_t)total; /* becomes the chunk's write offset */
        total += k;
    }
    *n_births = total;
    if (total > sim->births_cap) {
        uint64_t *b = ct_realloc(sim->births, total * sizeof *b);
        if (!b)
            return ct_error_set(&sim->err, CT_ENOMEM, "out of memory for %zu births", total);
        sim->births = b;
        sim->births_cap = total;
    }
    size_t n = sim->ag.n;
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t c = 0; c < n_chunks; c++) {
        size_t end = (c + 1) * CT_CHUNK < n ? (c + 1) * CT_CHUNK : n;
        size_t w = sim->chunk_births[c];
        for (size_t i = c * CT_CHUNK; i < end; i++)
            if (sim->intent[i] == INTENT_DIVIDE)
                sim->births[w++] = (uint64_t)sim->target[i] << 32 | i;
    }
    if (total > 1) /* births is NULL until the first division; qsort must not see NULL */
        qsort(sim->births, total, sizeof *sim->births, compare_u64);
    return CT_OK;
}

static int add_births(ct_sim *sim, size_t n_chunks)
{
    size_t n_births;
    int rc = collect_births(sim, n_chunks, &n_births);
    if (rc || n_births == 0)
        return rc;
    if ((rc = ct_sim_reserve(sim, sim->ag.n + n_births)))
        return rc;
    ct_agents *ag = &sim->ag;
    for (size_t k = 0; k < n_births; k++) {
        uint32_t site = (uint32_t)(sim->births[k] >> 32);
        size_t mother = (size_t)(sim->births[k] & 0xffffffffu);
        size_t d = ct_agents_push(ag, site, ag->type[mother], ag->state[mother],
                                  (int64_t)sim->step, ag->id[mother]);
        sim->lat.slot[site] = (uint32_t)d;
    }
    return CT_OK;
}

int ct_sim_step(ct_sim *sim)
{
    int rc = ct_sim_reserve(sim, sim->ag.n);
    if (rc)
        return rc;
    uint64_t step_key = ct_rng_step_key(sim->seed, sim->step);
    decide_all(sim, step_key);
    size_t n_chunks = apply_all(sim, step_key);
    if ((rc = add_births(sim, n_chunks)))
        return rc;
    sim->step++;
    if (sim->ag.n_dead > sim->ag.n / 8 || ++sim->steps_since_reorder >= CT_REORDER_INTERVAL)
        rc = ct_sim_reorder(sim);
    return rc;
}
