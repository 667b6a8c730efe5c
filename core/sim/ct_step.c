/* The synchronous, deterministic step (docs/ARCHITECTURE.md):
 *   fields  the field solver (sources, diffusion, decay), then registered field behaviours;
 *   decide  built-in rules (with secretion and contact choices), then registered decide kernels,
 *           write intents from the old state;
 *   contact every contact action claims its target cell's site; the highest key wins and
 *           overrides the target's intent;
 *   claim   every move or division claims a free site with the agent's unique random key;
 *   apply   the highest key wins its site; deaths, type and state changes need no claim; a
 *           death removes the cell or makes it a body (ct_death.h), and bodies advance;
 *   births  daughters are added in site order, so their ids never depend on memory order;
 *   push    moves and divisions with no free target that may push are resolved serially in key
 *           order against the lattice as it stands (ct_push.h).
 * Agents are handled in fixed chunks of CT_CHUNK, so no result depends on the thread count. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_cell_signals.h"
#include "ct_death.h"
#include "ct_field_solver.h"
#include "ct_intent.h"
#include "ct_push.h"
#include "ct_rng.h"
#include "ct_rules.h"
#include "ct_signals_decl.h"
#include "ct_sim.h"
#include "ct_step.h"

static size_t chunk_count(size_t n)
{
    return (n + CT_CHUNK - 1) / CT_CHUNK;
}

static size_t chunk_end(size_t c, size_t n)
{
    return (c + 1) * CT_CHUNK < n ? (c + 1) * CT_CHUNK : n;
}

/* The step's loops deal chunks out to threads in runs of neighbouring chunks, round robin, about
   16 runs per thread: the same chunks go to the same thread in every loop of a step, so the
   slots, claims and intents that claim writes are still in that core's cache when apply reads
   them, and only the lattice rows at the ends of a run are shared with another core. Dealt one
   chunk at a time, or taken dynamically, those cache lines travelled between cores on every
   step: 2 threads were 5-12% slower on benchmark 1 (paired runs, schedule chosen at run time:
   5.1-5.2 ms per step dealt in runs, 5.5-5.8 taken dynamically in runs, 5.5-5.7 one chunk at a
   time). Many runs per thread keep the load even where cells differ across the lattice. Which
   thread takes what never changes a result. */
static int chunks_per_run(size_t n_chunks)
{
    size_t run = n_chunks / (16 * (size_t)omp_get_max_threads());
    return run > 1 ? (int)run : 1;
}

/* ---- decide --------------------------------------------------------------------------------- */

/* Built-in rules: one competing-risks draw per cell (ct_sim.c derives the probabilities, or
   ct_rules.c per cell when rules modulate them). u and v are the first two uniforms of the
   agent's decide stream (drawn by decide_chunk): u decides whether an event happens, v which. */
static void decide_builtin(ct_sim *sim, size_t i, double u, double v)
{
    uint8_t type = sim->ag.type[i];
    const ct_type_step *ts = &sim->type_step[type];
    ct_type_step own;
    if (ts->event_rules) {
        ct_rules_event_probs(sim, i, &own);
        ts = &own;
    }
    if (u >= ts->p_any) /* u is in [0, 1): also no event when p_any is 0 */
        return;
    if (v < ts->cut_move)
        ct_intent_move(sim, i, CT_NO_SITE);
    else if (v < ts->cut_divide)
        ct_intent_divide(sim, i, CT_NO_SITE);
    else if (v < ts->cut_die)
        ct_intent_die(sim, i);
    else if (ts->transition_to >= 0) /* never a type change without a target type, even if a
                                        cut point is not a number */
        ct_intent_change_type(sim, i, ts->transition_to);
}

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

/* The winner of a claimed site clears the claim as it takes it; losers then read 0 or the winner's
   key, never their own. */
static int won_site(ct_sim *sim, size_t i, uint32_t site)
{
    uint64_t *claim = &sim->claim[site];
    if (__atomic_load_n(claim, __ATOMIC_RELAXED) != claim_key(sim->step_key, sim->ag.id[i]))
        return 0;
    __atomic_store_n(claim, 0, __ATOMIC_RELAXED);
    return 1;
}

/* Every decision of one live agent from the old state: events, contact choice. A
   contact claims the target's site: moves and divisions only claim free sites, so the two never
   meet. The caller has cleared the agent's intent, next state and contact action. */
static void decide_agent(ct_sim *sim, size_t i, double u, double v)
{
    uint8_t type = sim->ag.type[i];
    if (ct_death_is_body(sim, i)) /* bodies decide nothing */
        return;
    decide_builtin(sim, i, u, v);
    const ct_type_signals *sig = &sim->sc->types[type].sig;
    if (!sig->n_contacts)
        return;
    uint32_t site;
    int action = ct_contact_decide(sim, i, &site);
    if (action == CT_NO_CONTACT)
        return;
    uint64_t key = claim_key(sim->step_key, sim->ag.id[i]);
    if (key == 0)
        return;
    sim->contact_action[i] = (uint8_t)action;
    sim->contact_site[i] = site;
    claim_max(&sim->claim[site], key);
}

/* Settles the target of a move or division: a uniformly chosen free neighbour unless the decider
   gave one, which must be free. No free target means no event (contact inhibition). first is the
   first output of the agent's target stream, drawn by claim_chunk's vectorised loop. */
static void settle_target(ct_sim *sim, size_t i, uint32_t first)
{
    int kind = sim->intent[i];
    if (sim->ag.type[i] == CT_DEAD_TYPE) {
        sim->intent[i] = CT_INTENT_NONE;
        return;
    }
    if (kind != CT_INTENT_MOVE && kind != CT_INTENT_DIVIDE)
        return;
    if (ct_death_is_body(sim, i)) { /* a script's or plugin's move or division of a body */
        sim->intent[i] = CT_INTENT_NONE;
        return;
    }
    uint32_t asked = sim->target[i], t = asked;
    if (t == CT_NO_SITE) {
        uint32_t nb[CT_MAX_NEIGHBOURS];
        int n_free = ct_lattice_free_neighbours(&sim->lat, sim->ag.site[i], nb);
        int chemotaxis = kind == CT_INTENT_MOVE &&
                         sim->sc->types[sim->ag.type[i]].sig.chemotaxis_field >= 0;
        if (n_free > 0 && chemotaxis) {
            t = ct_chemotaxis_pick(sim, i, nb, n_free);
        } else if (n_free > 0) {
            uint32_t k;
            if (!ct_rng_below_try(first, (uint32_t)n_free, &k)) {
                ct_rng r = ct_sim_agent_rng(sim, i, CT_RNG_TARGET);
                k = ct_rng_below(&r, (uint32_t)n_free); /* rejected: redraw from the start */
            }
            t = nb[k];
        }
    } else if (t >= sim->lat.n_sites || sim->lat.slot[t] != CT_EMPTY) {
        t = CT_NO_SITE;
    }
    if (t == CT_NO_SITE && ct_push_defer(sim, i, asked))
        return;
    if (t == CT_NO_SITE)
        sim->intent[i] = CT_INTENT_LOST;
    sim->target[i] = t;
}

/* Brings the slots around a site towards the cache; a slot outside the lattice is never read. */
static void prefetch_neighbourhood(const ct_lattice *lat, uint32_t site)
{
    for (int k = 0; k < lat->n_offsets; k++) {
        int64_t s = (int64_t)site + lat->delta[k];
        if (s >= 0 && s < (int64_t)lat->n_sites)
            __builtin_prefetch(&lat->slot[s]);
    }
}

static int wants_site(const ct_sim *sim, size_t i)
{
    return sim->intent[i] == CT_INTENT_MOVE || sim->intent[i] == CT_INTENT_DIVIDE;
}

static int has_work(const ct_sim *sim, size_t i)
{
    return sim->intent[i] != CT_INTENT_NONE || sim->next_state[i] != CT_STATE_KEEP;
}

/* Lists the agents of chunk c that have something to do this step (an intent or a state change),
   so that claim, apply and births visit those (often a tenth of all) instead of every agent. */
static void list_active(ct_sim *sim, size_t c)
{
    size_t begin = c * CT_CHUNK, end = chunk_end(c, sim->ag.n);
    uint32_t *list = sim->active + begin, k = 0;
    for (size_t i = begin; i < end; i++) {
        list[k] = (uint32_t)i;
        k += has_work(sim, i);
    }
    sim->chunk_active[c] = k;
}

/* Settles and claims the targets of the listed agents of chunk c. Claims are scattered over a grid
   far larger than the caches: the targets are settled first, then claimed with prefetching. */
static void claim_chunk(ct_sim *sim, size_t c)
{
    enum { AHEAD = 16 };
    const ct_lattice *lat = &sim->lat;
    const uint32_t *list = sim->active + c * CT_CHUNK;
    uint32_t k_end = sim->chunk_active[c], first[CT_CHUNK];
    for (uint32_t k = 0; k < k_end; k++) {
        ct_rng r = ct_sim_agent_rng(sim, list[k], CT_RNG_TARGET);
        first[k] = ct_rng_next(&r);
    }
    for (uint32_t k = 0; k < k_end; k++) {
        if (k + AHEAD < k_end) {
            uint32_t ahead = list[k + AHEAD];
            if (wants_site(sim, ahead) && sim->target[ahead] == CT_NO_SITE)
                prefetch_neighbourhood(lat, sim->ag.site[ahead]);
        }
        settle_target(sim, list[k], first[k]);
    }
    for (uint32_t k = 0; k < k_end; k++) {
        size_t i = list[k];
        if (k + AHEAD < k_end && wants_site(sim, list[k + AHEAD]))
            __builtin_prefetch(&sim->claim[sim->target[list[k + AHEAD]]], 1);
        if (!wants_site(sim, i))
            continue;
        uint64_t key = claim_key(sim->step_key, sim->ag.id[i]);
        if (key == 0) /* one agent in 2^64: it sits this step out */
            sim->intent[i] = CT_INTENT_LOST;
        else
            claim_max(&sim->claim[sim->target[i]], key);
    }
}

/* Below which first decide uniform an agent of each type needs decide_agent: p_any for types
   whose only decision is the competing-risks draw, 2 (always) for types with event rules or
   contacts, 0 (never) for the dead. Rates change between steps (ct_sim_set_rate): built per step. */
static void decide_thresholds(const ct_sim *sim, double act_below[256])
{
    for (int t = 0; t < 256; t++)
        act_below[t] = 0.0;
    for (int t = 0; t < sim->sc->n_types; t++) {
        const ct_type_signals *sig = &sim->sc->types[t].sig;
        int plain = !sim->type_step[t].event_rules && !sig->n_contacts;
        act_below[t] = plain ? sim->type_step[t].p_any : 2.0;
    }
}

/* Decides every agent of chunk c and lists those with work (as list_active). Seeding a stream
   per agent is most of the cost of a step where few cells act, so the draws are taken in loops
   of pure arithmetic that the compiler vectorises: the first decide uniform of every agent, then
   the second of those whose first says they act. The others (usually most) are only cleared.
   Secretion and uptake, which every secreting cell does each step, are a pass of their own. */
static void decide_chunk(ct_sim *sim, size_t c, const double act_below[256])
{
    double u[CT_CHUNK], v[CT_CHUNK];
    uint32_t acts[CT_CHUNK], n_acts = 0, *list = sim->active + c * CT_CHUNK, n_list = 0;
    size_t begin = c * CT_CHUNK, n = chunk_end(c, sim->ag.n) - begin;
    const uint8_t *type = sim->ag.type + begin;
    for (size_t k = 0; k < n; k++) {
        ct_rng r = ct_sim_agent_rng(sim, begin + k, CT_RNG_DECIDE);
        u[k] = ct_rng_uniform(&r);
    }
    for (size_t k = 0; k < n; k++) {
        acts[n_acts] = (uint32_t)k;
        n_acts += u[k] < act_below[type[k]];
    }
    for (uint32_t j = 0; j < n_acts; j++) {
        ct_rng r = ct_sim_agent_rng(sim, begin + acts[j], CT_RNG_DECIDE);
        (void)ct_rng_uniform(&r);
        v[j] = ct_rng_uniform(&r);
    }
    memset(sim->intent + begin, CT_INTENT_NONE, n);
    memset(sim->next_state + begin, CT_STATE_KEEP, n);
    memset(sim->contact_action + begin, CT_NO_CONTACT, n);
    ct_secretion_apply(sim, begin, begin + n);
    for (uint32_t j = 0; j < n_acts; j++) {
        size_t i = begin + acts[j];
        decide_agent(sim, i, u[acts[j]], v[j]);
        list[n_list] = (uint32_t)i;
        n_list += has_work(sim, i);
    }
    sim->chunk_active[c] = n_list;
}

static int run_decide_kernel(ct_sim *sim, const ct_behaviour *b)
{
    size_t n = sim->ag.n;
    int rc = CT_OK;
    if (!b->thread_safe) { /* chunk order fixed: the same sequence on any thread count */
        for (size_t c = 0; !rc && c < chunk_count(n); c++)
            rc = b->decide(b->user, sim, c * CT_CHUNK, chunk_end(c, n));
        return rc;
    }
    int per_run = chunks_per_run(chunk_count(n));
#pragma omp parallel for schedule(static, per_run) reduction(min : rc) if (chunk_count(n) > 1)
    for (size_t c = 0; c < chunk_count(n); c++) {
        int r = b->decide(b->user, sim, c * CT_CHUNK, chunk_end(c, n));
        rc = r < rc ? r : rc;
    }
    return rc;
}

/* Contact winners override their targets' intents before moves and divisions claim sites, so a
   killed or infected cell claims nothing. Each target has one winner: writes never collide. */
static void resolve_contacts(ct_sim *sim)
{
    size_t n = sim->ag.n;
    int per_run = chunks_per_run(chunk_count(n));
#pragma omp parallel for schedule(static, per_run) if (chunk_count(n) > 1)
    for (size_t c = 0; c < chunk_count(n); c++)
        for (size_t i = c * CT_CHUNK; i < chunk_end(c, n); i++) {
            uint32_t site = sim->contact_site[i];
            if (sim->contact_action[i] != CT_NO_CONTACT && won_site(sim, i, site))
                ct_contact_apply(sim, i, sim->lat.slot[site]);
        }
}

static int decide_all(ct_sim *sim)
{
    size_t n = sim->ag.n;
    int kernels = ct_registry_has_phase(&sim->registry, CT_PHASE_DECIDE);
    int fused = !kernels && !sim->any_contacts; /* nothing can change intents before claims */
    double act_below[256];
    decide_thresholds(sim, act_below);
    int per_run = chunks_per_run(chunk_count(n));
#pragma omp parallel for schedule(static, per_run) if (chunk_count(n) > 1)
    for (size_t c = 0; c < chunk_count(n); c++) {
        decide_chunk(sim, c, act_below);
        if (fused)
            claim_chunk(sim, c);
    }
    if (fused)
        return CT_OK;
    for (int k = 0; kernels && k < sim->registry.n; k++) {
        const ct_behaviour *b = &sim->registry.items[k];
        if (b->phases & CT_PHASE_DECIDE) {
            int rc = run_decide_kernel(sim, b);
            if (rc)
                return rc;
        }
    }
    if (sim->any_contacts)
        resolve_contacts(sim);
#pragma omp parallel for schedule(static, per_run) if (chunk_count(n) > 1)
    for (size_t c = 0; c < chunk_count(n); c++) {
        list_active(sim, c);
        claim_chunk(sim, c);
    }
    return CT_OK;
}

/* ---- apply ---------------------------------------------------------------------------------- */

static int won_claim(ct_sim *sim, size_t i)
{
    return won_site(sim, i, sim->target[i]);
}

/* Applies one agent's intent; returns 1 for a death. A mother that won her daughter's site is
   appended to mothers. */
static int apply_agent(ct_sim *sim, size_t i, uint32_t *mothers, uint32_t *n_mothers)
{
    ct_agents *ag = &sim->ag;
    if (ct_death_is_body(sim, i))
        return ct_death_apply_body(sim, i);
    if (sim->next_state[i] != CT_STATE_KEEP && ag->type[i] != CT_DEAD_TYPE &&
        !ct_death_body_state(sim, ag->type[i], sim->next_state[i])) /* only a death makes one */
        ag->state[i] = sim->next_state[i];
    switch (sim->intent[i]) {
    case CT_INTENT_MOVE:
        if (won_claim(sim, i)) {
            sim->lat.slot[ag->site[i]] = CT_EMPTY;
            sim->lat.slot[sim->target[i]] = (uint32_t)i;
            ag->site[i] = sim->target[i];
        } else {
            sim->intent[i] = CT_INTENT_LOST;
        }
        return 0;
    case CT_INTENT_DIVIDE:
        if (won_claim(sim, i))
            mothers[(*n_mothers)++] = (uint32_t)i;
        else
            sim->intent[i] = CT_INTENT_LOST;
        return 0;
    case CT_INTENT_DIE:
        return ct_death_apply(sim, i);
    case CT_INTENT_CHANGE_TYPE:
        ag->type[i] = sim->intent_arg[i];
        /* a new type starts in its initial state, unless the cell also chose a state it has */
        if (sim->next_state[i] == CT_STATE_KEEP ||
            !ct_decl_state_allowed(&sim->sc->types[ag->type[i]], ag->state[i]))
            ag->state[i] = ct_sim_initial_state(sim, ag->type[i]);
        return 0;
    default:
        return 0;
    }
}

/* Applies the listed agents of every chunk. The mothers that won are written over the front of
   the chunk's list as it is consumed (never ahead of the entry being read), so that births need
   not scan the list again; chunk_births counts them. */
static void apply_all(ct_sim *sim)
{
    size_t n = sim->ag.n, deaths = 0;
    int per_run = chunks_per_run(chunk_count(n));
#pragma omp parallel for schedule(static, per_run) reduction(+ : deaths) if (chunk_count(n) > 1)
    for (size_t c = 0; c < chunk_count(n); c++) {
        uint32_t *list = sim->active + c * CT_CHUNK;
        uint32_t mothers = 0, k_end = sim->chunk_active[c];
        for (uint32_t k = 0; k < k_end; k++) {
            if (k + 16 < k_end && wants_site(sim, list[k + 16]))
                __builtin_prefetch(&sim->claim[sim->target[list[k + 16]]], 1);
            deaths += (size_t)apply_agent(sim, list[k], list, &mothers);
        }
        sim->chunk_births[c] = mothers;
    }
    sim->ag.n_dead += deaths;
}

/* ---- births --------------------------------------------------------------------------------- */

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Collects winning divisions as (daughter site << 32 | mother) sorted by site. */
static int collect_births(ct_sim *sim, size_t *n_births)
{
    size_t n = sim->ag.n, total = 0, chunks = chunk_count(n);
    for (size_t c = 0; c < chunks; c++) {
        size_t k = sim->chunk_births[c];
        sim->chunk_births[c] = (uint32_t)total; /* becomes the chunk's write offset */
        total += k;
    }
    *n_births = total;
    if (total == 0)
        return CT_OK;
    if (total > sim->births_cap) {
        uint64_t *b = ct_realloc(sim->births, total * sizeof *b);
        if (!b)
            return ct_error_set(&sim->err, CT_ENOMEM, "out of memory for %zu births", total);
        sim->births = b;
        sim->births_cap = total;
    }
    int per_run = chunks_per_run(chunks);
#pragma omp parallel for schedule(static, per_run) if (chunks > 1)
    for (size_t c = 0; c < chunks; c++) {
        const uint32_t *mothers = sim->active + c * CT_CHUNK; /* apply_all put them there */
        size_t w = sim->chunk_births[c], end = c + 1 < chunks ? sim->chunk_births[c + 1] : total;
        for (size_t j = 0; w < end; j++)
            sim->births[w++] = (uint64_t)sim->target[mothers[j]] << 32 | mothers[j];
    }
    if (total > 1) /* births is NULL until the first division; qsort must not see NULL */
        qsort(sim->births, total, sizeof *sim->births, compare_u64);
    return CT_OK;
}

/* Daughters take the mother's type, state and attributes; ids follow site order. Each daughter has
   its own site and index, so they are made in parallel. */
static int add_births(ct_sim *sim)
{
    size_t n_births;
    int rc = collect_births(sim, &n_births);
    if (rc || n_births == 0)
        return rc;
    if ((rc = ct_sim_reserve(sim, sim->ag.n + n_births)))
        return rc;
    size_t first = ct_agents_extend(&sim->ag, n_births);
#pragma omp parallel for schedule(static) if (n_births >= 1024)
    for (size_t k = 0; k < n_births; k++) {
        uint32_t site = (uint32_t)(sim->births[k] >> 32);
        size_t mother = (size_t)(sim->births[k] & 0xffffffffu);
        ct_agents_make_daughter(&sim->ag, first + k, mother, site, (int64_t)sim->step);
        sim->lat.slot[site] = (uint32_t)(first + k);
        sim->intent[first + k] = CT_INTENT_BORN;
    }
    return CT_OK;
}

/* ---- the step ------------------------------------------------------------------------------- */

static int run_step_hooks(ct_sim *sim, unsigned phase)
{
    for (int k = 0; k < sim->registry.n; k++) {
        const ct_behaviour *b = &sim->registry.items[k];
        if (!(b->phases & phase))
            continue;
        int rc = phase == CT_PHASE_FIELDS ? b->fields(b->user, sim) : b->step_end(b->user, sim);
        if (rc)
            return rc;
    }
    return CT_OK;
}

/* A NaN or infinity spreads through diffusion and every rule that reads it: stop at once, saying
   where it appeared. */
static int check_fields_finite(ct_sim *sim)
{
    int k;
    size_t s;
    if (!sim->fields.n || !ct_fields_find_nonfinite(&sim->fields, &k, &s))
        return CT_OK;
    uint32_t c[3];
    ct_lattice_coords(&sim->lat, (uint32_t)s, c);
    float v = sim->fields.value[k][s];
    return ct_error_set(&sim->err, CT_ESTATE,
                        "field \"%s\" became %s at site %zu (x %u, y %u, z %u) in the field update "
                        "of step %llu: check the secretion and uptake rates, plugin reactions and "
                        "script secretions that write it",
                        sim->sc->fields[k].name, v != v ? "NaN" : v > 0 ? "+infinity" : "-infinity",
                        s, c[0], c[1], c[2], (unsigned long long)sim->step);
}

int ct_sim_step(ct_sim *sim)
{
    int rc = ct_sim_reserve(sim, sim->ag.n);
    if (rc)
        return rc;
    sim->step_key = ct_rng_step_key(sim->seed, sim->step);
    ct_field_solver_step(&sim->fields);
    if ((rc = run_step_hooks(sim, CT_PHASE_FIELDS)) || (rc = check_fields_finite(sim)) ||
        (rc = decide_all(sim)))
        return rc;
    apply_all(sim);
    ct_death_advance(sim);
    ct_push_list pushes; /* collected before births reallocate the intents, resolved after */
    if ((rc = ct_push_collect(sim, &pushes)) ||
        (rc = ct_push_resolve(sim, &pushes, add_births(sim))))
        return rc;
    sim->step++;
    sim->n_outcomes = sim->ag.n; /* cells added by step-end hooks have none */
    rc = run_step_hooks(sim, CT_PHASE_STEP_END);
    sim->n_outcomes = 0;
    if (rc)
        return rc;
    if (sim->ag.n_dead > sim->ag.n / 8 || ++sim->steps_since_reorder >= CT_REORDER_INTERVAL)
        rc = ct_sim_reorder(sim);
    return rc;
}
