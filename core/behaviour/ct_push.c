/* Pushing on the lattice (ct_push.h): the search for the nearest free site, the straight chain of
 * cells towards it and its shift, and the serial resolution in key order. */
#include <math.h>
#include <stdlib.h>

#include "ct_alloc.h"
#include "ct_intent.h"
#include "ct_push.h"
#include "ct_rng.h"

/* Whether any agent can have deferred a push this step: a type pushes, or a script or plugin
   decides (either may ask for a push). Otherwise collecting would scan the store for nothing. */
static int pushes_possible(const ct_sim *sim)
{
    if (ct_registry_has_phase(&sim->registry, CT_PHASE_DECIDE))
        return 1;
    for (int t = 0; t < sim->sc->n_types; t++)
        if (sim->sc->types[t].push_radius[0] || sim->sc->types[t].push_radius[1])
            return 1;
    return 0;
}

static int compare_keys(const void *a, const void *b)
{
    uint64_t x = ((const ct_push_request *)a)->key, y = ((const ct_push_request *)b)->key;
    return (x > y) - (x < y);
}

static int is_pending(uint8_t intent)
{
    return intent == CT_INTENT_PUSH_MOVE || intent == CT_INTENT_PUSH_DIVIDE;
}

int ct_push_collect(ct_sim *sim, ct_push_list *list)
{
    list->req = NULL;
    list->n = 0;
    if (!pushes_possible(sim))
        return CT_OK;
    size_t n = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        n += is_pending(sim->intent[i]);
    if (n == 0)
        return CT_OK;
    if (sim->refuse_pushes)
        return ct_error_set(&sim->err, CT_EINVAL,
                            "%s: step %llu: %zu cells asked to push (cell:move or cell:divide with "
                            "push, or a plugin's push), and pushes are not split over ranks (a "
                            "chain of them reaches any distance): run it without --ranks",
                            sim->sc->file, (unsigned long long)sim->step, n);
    list->req = ct_malloc(n * sizeof *list->req);
    if (!list->req)
        return ct_error_set(&sim->err, CT_ENOMEM, "out of memory for %zu pushes", n);
    for (size_t i = 0; i < sim->ag.n; i++) {
        if (!is_pending(sim->intent[i]))
            continue;
        /* a key of the id alone: its order is random, unrelated to memory order or threads */
        list->req[list->n++] = (ct_push_request){
            .key = ct_mix64(sim->step_key ^ 0x9b05688c2b3e6c1fULL ^ sim->ag.id[i]),
            .agent = (uint32_t)i,
            .first = sim->target[i],
            .divide = sim->intent[i] == CT_INTENT_PUSH_DIVIDE,
            .radius = sim->intent_arg[i]};
    }
    qsort(list->req, list->n, sizeof *list->req, compare_keys);
    return CT_OK;
}

/* ---- the search ----------------------------------------------------------------------------- */

/* The site at displacement d from coordinates c (periodic axes wrap), or CT_NO_SITE off a closed
   edge. */
static uint32_t displaced(const ct_lattice *lat, const uint32_t c[3], const int d[3])
{
    uint32_t s[3];
    for (int a = 0; a < 3; a++) {
        int64_t v = (int64_t)c[a] + d[a], n = lat->size[a];
        if ((v < 0 || v >= n) && lat->boundary[a] == CT_PERIODIC)
            v = (v % n + n) % n;
        if (v < 0 || v >= n)
            return CT_NO_SITE;
        s[a] = (uint32_t)v;
    }
    return ct_lattice_site(lat, s);
}

static int is_free(const ct_lattice *lat, uint32_t site)
{
    return site != CT_NO_SITE && lat->slot[site] == CT_EMPTY;
}

/* Whether the row of sites c + (x, y, z), |x| <= half, holds a free site. Most pushes are asked
   for deep inside tissue, where every row is full: away from the edges the row is read straight
   from the slots, a loop gcc vectorises. */
static int row_has_free(const ct_lattice *lat, const uint32_t c[3], int y, int z, int half)
{
    int inside = c[0] >= (uint32_t)half && c[0] + (uint32_t)half < lat->size[0];
    int e[3] = {-half, y, z};
    uint32_t start = displaced(lat, c, e);
    if (!inside || start == CT_NO_SITE) {
        for (int x = -half; x <= half; x++) {
            e[0] = x;
            if (is_free(lat, displaced(lat, c, e)))
                return 1;
        }
        return 0;
    }
    const uint32_t *slot = lat->slot + start;
    int n_free = 0;
    for (int x = 0; x <= 2 * half; x++)
        n_free += slot[x] == CT_EMPTY;
    return n_free > 0;
}

/* The half width of the row y, z of the disc of radius radius (-1 outside it). */
static int row_half(int radius, int y, int z)
{
    int half = -1, left = radius * radius - y * y - z * z;
    while ((half + 1) * (half + 1) <= left)
        half++;
    return half;
}

/* Whether a free site lies within Euclidean distance radius of c. */
static int free_within(const ct_lattice *lat, const uint32_t c[3], int radius)
{
    int rz = lat->ndim == 3 ? radius : 0;
    for (int z = -rz; z <= rz; z++)
        for (int y = -radius; y <= radius; y++) {
            int half = row_half(radius, y, z);
            if (half >= 0 && row_has_free(lat, c, y, z, half))
                return 1;
        }
    return 0;
}

/* The nearest free site within Euclidean distance radius of c (ties drawn uniformly from r, one
   draw per tie, in the fixed scan order): its displacement into d. Euclidean, not the lattice's own
   distance, so that the proliferating rim is equally thick in every direction and a tumour grows
   round: with the Moore distance it grows into a square, with von Neumann's into a diamond. */
static int nearest_free(const ct_lattice *lat, const uint32_t c[3], int radius, ct_rng *r,
                        int d[3])
{
    int rz = lat->ndim == 3 ? radius : 0, best = radius * radius, ties = 0;
    for (int z = -rz; z <= rz; z++)
        for (int y = -radius; y <= radius; y++) {
            int half = row_half(radius, y, z);
            if (half < 0 || !row_has_free(lat, c, y, z, half))
                continue;
            for (int x = -half; x <= half; x++) {
                int e[3] = {x, y, z}, d2 = x * x + y * y + z * z;
                if (d2 > best || d2 == 0 || !is_free(lat, displaced(lat, c, e)))
                    continue;
                ties = d2 < best ? 0 : ties;
                best = d2;
                if (ct_rng_below(r, (uint32_t)++ties) == 0) /* reservoir: uniform among ties */
                    d[0] = x, d[1] = y, d[2] = z;
            }
        }
    return ties > 0;
}

/* The first free site straight ahead along the neighbour direction towards first (a neighbour of
   c), within radius: its displacement into d. */
static int free_ahead(const ct_lattice *lat, const uint32_t c[3], uint32_t first, int radius,
                      int d[3])
{
    int64_t e[3];
    ct_lattice_displacement(lat, ct_lattice_site(lat, c), first, e);
    int len2 = (int)(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
    if (len2 == 0 || llabs(e[0]) > 1 || llabs(e[1]) > 1 || llabs(e[2]) > 1)
        return 0;
    for (int k = 1; k * k * len2 <= radius * radius; k++) {
        for (int a = 0; a < 3; a++)
            d[a] = k * (int)e[a];
        uint32_t s = displaced(lat, c, d);
        if (s == CT_NO_SITE)
            return 0;
        if (lat->slot[s] == CT_EMPTY)
            return 1;
    }
    return 0;
}

/* The chain from c towards c + d: a digital straight line of neighbour steps, as short as the
   neighbourhood allows (max |d_a| steps with Moore's, sum |d_a| with von Neumann's), ending at the
   first free site on it. Writes chain[0] = c's site .. chain[len] and returns len. */
static int line_chain(const ct_lattice *lat, const uint32_t c[3], const int d[3], uint32_t *chain)
{
    int len = 0, pos[3] = {0, 0, 0};
    for (int a = 0; a < 3; a++) {
        int moore_len = abs(d[a]) > len ? abs(d[a]) : len;
        len = lat->neighbourhood == CT_MOORE ? moore_len : len + abs(d[a]);
    }
    chain[0] = ct_lattice_site(lat, c);
    for (int k = 1; k <= len; k++) {
        if (lat->neighbourhood == CT_MOORE) { /* each axis at its rounded share: steps of 0 or 1 */
            for (int a = 0; a < 3; a++)
                pos[a] = (int)lround((double)d[a] * k / len);
        } else { /* one axis per step: the one furthest behind its share */
            int step = -1;
            for (int a = 0; a < 3; a++)
                if (pos[a] != d[a] &&
                    (step < 0 || (long)abs(d[a] - pos[a]) * abs(d[step]) >
                                     (long)abs(d[step] - pos[step]) * abs(d[a])))
                    step = a;
            pos[step] += d[step] > 0 ? 1 : -1;
        }
        chain[k] = displaced(lat, c, pos);
        if (lat->slot[chain[k]] == CT_EMPTY)
            return k;
    }
    return len;
}

/* The chain of a push: towards the nearest free site, or straight ahead from the neighbour the
   decider named; 0 when no free site is within the radius. */
static int find_chain(const ct_lattice *lat, const ct_push_request *rq, uint32_t origin, ct_rng *r,
                      uint32_t *chain)
{
    uint32_t c[3];
    int d[3];
    ct_lattice_coords(lat, origin, c);
    int found = rq->first == CT_NO_SITE ? nearest_free(lat, c, rq->radius, r, d)
                                        : free_ahead(lat, c, rq->first, rq->radius, d);
    return found ? line_chain(lat, c, d, chain) : 0;
}

int ct_push_defer(ct_sim *sim, size_t i, uint32_t asked)
{
    int divide = sim->intent[i] == CT_INTENT_DIVIDE;
    uint8_t radius = sim->intent_arg[i]; /* a script's or plugin's own radius first */
    if (!radius)
        radius = sim->sc->types[sim->ag.type[i]].push_radius[divide];
    if (!radius || asked == sim->ag.site[i] || (asked != CT_NO_SITE && asked >= sim->lat.n_sites))
        return 0;
    /* Reach is judged on the lattice at the start of the step, like every other decision, and here
       in the parallel claim phase: the many cells deep in tissue sit the step out at once instead
       of in the serial resolution, which checks again on the lattice as it then stands. */
    uint32_t c[3];
    int d[3];
    ct_lattice_coords(&sim->lat, sim->ag.site[i], c);
    if (asked == CT_NO_SITE ? !free_within(&sim->lat, c, radius)
                            : !free_ahead(&sim->lat, c, asked, radius, d))
        return 0;
    sim->intent[i] = divide ? CT_INTENT_PUSH_DIVIDE : CT_INTENT_PUSH_MOVE;
    sim->intent_arg[i] = radius;
    sim->target[i] = asked;
    return 1;
}

/* ---- resolution ----------------------------------------------------------------------------- */

/* Moves the cells on chain[lowest .. len - 1] one site along it, the last into the free chain[len];
   a move shifts the pusher too (lowest 0), leaving its site free. */
static void shift_chain(ct_sim *sim, const uint32_t *chain, int len, int lowest)
{
    for (int d = len - 1; d >= lowest; d--) {
        uint32_t a = sim->lat.slot[chain[d]];
        sim->lat.slot[chain[d + 1]] = a;
        sim->ag.site[a] = chain[d + 1];
    }
    if (lowest == 0)
        sim->lat.slot[chain[0]] = CT_EMPTY;
}

static void resolve_one(ct_sim *sim, const ct_push_request *rq)
{
    uint32_t chain[3 * CT_PUSH_MAX_RADIUS + 1]; /* von Neumann: up to sqrt(3) radius steps */
    ct_rng r = ct_sim_agent_rng(sim, rq->agent, CT_RNG_PUSH);
    int len = find_chain(&sim->lat, rq, sim->ag.site[rq->agent], &r, chain);
    /* the outcome the step-end phase reports (sim->n_outcomes), as for any move or division */
    sim->intent[rq->agent] = len == 0    ? CT_INTENT_LOST
                             : rq->divide ? CT_INTENT_DIVIDE
                                          : CT_INTENT_MOVE;
    if (len == 0)
        return;
    shift_chain(sim, chain, len, rq->divide);
    if (!rq->divide)
        return;
    size_t d = ct_agents_extend(&sim->ag, 1);
    ct_agents_make_daughter(&sim->ag, d, rq->agent, chain[1], (int64_t)sim->step);
    sim->lat.slot[chain[1]] = (uint32_t)d;
    sim->intent[d] = CT_INTENT_BORN;
}

int ct_push_resolve(ct_sim *sim, ct_push_list *list, int status)
{
    size_t divisions = 0;
    for (size_t k = 0; k < list->n; k++)
        divisions += list->req[k].divide;
    if (!status && list->n)
        status = ct_sim_reserve(sim, sim->ag.n + divisions);
    for (size_t k = 0; !status && k < list->n; k++)
        resolve_one(sim, &list->req[k]);
    ct_free(list->req);
    list->req = NULL;
    list->n = 0;
    return status;
}
