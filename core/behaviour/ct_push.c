/* Pushing on the lattice (ct_push.h): the breadth-first search for the nearest free site, the
 * shift of the chain of cells along it, and the serial resolution in key order. */
#include <stdlib.h>

#include "ct_alloc.h"
#include "ct_intent.h"
#include "ct_push.h"
#include "ct_rng.h"

/* One search's visited sites in breadth-first order, with an open-addressing table from site to
   position, so a search costs what it visits, never the lattice's size. */
typedef struct push_search {
    uint32_t *site;  /* visited sites; site[0] is the pusher's */
    uint32_t *from;  /* position in site[] of the site each was reached from */
    uint32_t *slot;  /* the table entry each visited site took, for clearing */
    uint32_t *table; /* position + 1 in site[], 0: not visited */
    uint32_t mask;   /* table size - 1 */
    uint32_t n;
} push_search;

int ct_push_defer(ct_sim *sim, size_t i, uint32_t asked)
{
    int divide = sim->intent[i] == CT_INTENT_DIVIDE;
    uint8_t radius = sim->intent_arg[i]; /* a script's or plugin's own radius first */
    if (!radius)
        radius = sim->sc->types[sim->ag.type[i]].push_radius[divide];
    if (!radius || asked == sim->ag.site[i] || (asked != CT_NO_SITE && asked >= sim->lat.n_sites))
        return 0;
    sim->intent[i] = divide ? CT_INTENT_PUSH_DIVIDE : CT_INTENT_PUSH_MOVE;
    sim->intent_arg[i] = radius;
    sim->target[i] = asked;
    return 1;
}

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

/* Room for a search of radius sites: at most (2 radius + 1)^ndim sites lie that close. */
static int search_init(push_search *s, const ct_lattice *lat, int radius)
{
    size_t side = 2 * (size_t)radius + 1, cap = side * side * (lat->ndim == 3 ? side : 1);
    size_t table = 1;
    while (table < 2 * cap)
        table *= 2;
    s->site = ct_malloc(cap * sizeof *s->site);
    s->from = ct_malloc(cap * sizeof *s->from);
    s->slot = ct_malloc(cap * sizeof *s->slot);
    s->table = ct_calloc(table, sizeof *s->table);
    s->mask = (uint32_t)(table - 1);
    s->n = 0;
    return s->site && s->from && s->slot && s->table ? CT_OK : CT_ENOMEM;
}

static void search_free(push_search *s)
{
    ct_free(s->site);
    ct_free(s->from);
    ct_free(s->slot);
    ct_free(s->table);
}

static void search_clear(push_search *s)
{
    for (uint32_t j = 0; j < s->n; j++)
        s->table[s->slot[j]] = 0;
    s->n = 0;
}

/* Adds site, reached from position from, unless already visited. */
static void visit(push_search *s, uint32_t site, uint32_t from)
{
    uint32_t h = (site * 2654435761u) & s->mask;
    while (s->table[h]) {
        if (s->site[s->table[h] - 1] == site)
            return;
        h = (h + 1) & s->mask;
    }
    s->table[h] = s->n + 1;
    s->site[s->n] = site;
    s->from[s->n] = from;
    s->slot[s->n++] = h;
}

/* Visits the neighbours of the site at position q, starting at neighbour rot so that no lattice
   direction is preferred; only is the one neighbour allowed, or CT_NO_SITE for all. */
static void expand(push_search *s, const ct_lattice *lat, uint32_t q, int rot, uint32_t only)
{
    uint32_t c[3];
    ct_lattice_coords(lat, s->site[q], c);
    for (int k = 0; k < lat->n_offsets; k++) {
        uint32_t nb = ct_lattice_step(lat, c, (k + rot) % lat->n_offsets);
        if (nb != CT_NO_SITE && (only == CT_NO_SITE || nb == only))
            visit(s, nb, q);
    }
}

/* Whether a free site lies within radius steps of c along every axis (periodic axes wrap). Every
   site a chain of that length can reach is among them, so a cell deep inside a tumour, which most
   dividing cells are, is turned down by reading (2 radius + 1)^ndim slots instead of searching. */
static int free_site_in_box(const ct_lattice *lat, const uint32_t c[3], int radius)
{
    int rz = lat->ndim == 3 ? radius : 0;
    for (int dz = -rz; dz <= rz; dz++)
        for (int dy = -radius; dy <= radius; dy++)
            for (int dx = -radius; dx <= radius; dx++) {
                int64_t d[3] = {dx, dy, dz};
                uint32_t s[3];
                int inside = 1;
                for (int a = 0; a < 3 && inside; a++) {
                    int64_t v = (int64_t)c[a] + d[a], n = lat->size[a];
                    if ((v < 0 || v >= n) && lat->boundary[a] == CT_PERIODIC)
                        v = (v % n + n) % n;
                    inside = v >= 0 && v < n;
                    s[a] = (uint32_t)v;
                }
                if (inside && lat->slot[ct_lattice_site(lat, s)] == CT_EMPTY)
                    return 1;
            }
    return 0;
}

/* The shortest chain from the pusher's site to a free site, at most rq->radius steps long, level
   by level; among the free sites of the nearest level one is drawn uniformly. Writes chain[0] (the
   pusher's site) to chain[len] (the free site) and returns len, or 0 when no free site is that
   close. */
static int find_chain(push_search *s, const ct_lattice *lat, const ct_push_request *rq,
                      uint32_t origin, ct_rng *r, uint32_t *chain)
{
    uint32_t c[3];
    ct_lattice_coords(lat, origin, c);
    if (!free_site_in_box(lat, c, rq->radius))
        return 0;
    int rot = (int)ct_rng_below(r, (uint32_t)lat->n_offsets);
    search_clear(s);
    visit(s, origin, 0);
    uint32_t begin = 0, end = 1;
    for (int depth = 1; depth <= rq->radius && begin < end; depth++) {
        for (uint32_t q = begin; q < end; q++)
            expand(s, lat, q, rot, depth == 1 ? rq->first : CT_NO_SITE);
        begin = end;
        end = s->n;
        uint32_t n_free = 0;
        for (uint32_t q = begin; q < end; q++)
            n_free += lat->slot[s->site[q]] == CT_EMPTY;
        if (n_free == 0)
            continue;
        uint32_t pick = ct_rng_below(r, n_free), q = begin;
        for (;; q++)
            if (lat->slot[s->site[q]] == CT_EMPTY && pick-- == 0)
                break;
        for (int d = depth; d >= 0; d--, q = s->from[q])
            chain[d] = s->site[q];
        return depth;
    }
    return 0;
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

static void resolve_one(ct_sim *sim, push_search *s, const ct_push_request *rq)
{
    uint32_t chain[CT_PUSH_MAX_RADIUS + 1];
    ct_rng r = ct_sim_agent_rng(sim, rq->agent, CT_RNG_PUSH);
    int len = find_chain(s, &sim->lat, rq, sim->ag.site[rq->agent], &r, chain);
    if (len == 0)
        return;
    shift_chain(sim, chain, len, rq->divide);
    if (!rq->divide)
        return;
    size_t d = ct_agents_extend(&sim->ag, 1);
    ct_agents_make_daughter(&sim->ag, d, rq->agent, chain[1], (int64_t)sim->step);
    sim->lat.slot[chain[1]] = (uint32_t)d;
}

int ct_push_resolve(ct_sim *sim, ct_push_list *list, int status)
{
    int radius = 0;
    size_t divisions = 0;
    for (size_t k = 0; k < list->n; k++) {
        radius = list->req[k].radius > radius ? list->req[k].radius : radius;
        divisions += list->req[k].divide;
    }
    push_search s = {0};
    if (!status && list->n) {
        status = ct_sim_reserve(sim, sim->ag.n + divisions);
        if (!status && search_init(&s, &sim->lat, radius))
            status = ct_error_set(&sim->err, CT_ENOMEM, "out of memory for a push search");
        for (size_t k = 0; !status && k < list->n; k++)
            resolve_one(sim, &s, &list->req[k]);
    }
    search_free(&s);
    ct_free(list->req);
    list->req = NULL;
    list->n = 0;
    return status;
}
