/* Simulation lifetime, scratch memory, reordering into lattice order and population counts. */
#include "ct_sim.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_field_solver.h"
#include "ct_rng.h"

#define SITE_BLOCK 65536 /* sites per block when scanning the lattice in parallel */

void ct_sim_event_probs(const double rate[4], int transition_to, double dt, ct_type_step *ts)
{
    double move = rate[0], divide = move + rate[1], die = divide + rate[2];
    double total = die + (transition_to >= 0 ? rate[3] : 0.0);
    /* Competing risks: one event at most per step, chosen in proportion to its rate, so an
       event alone happens with probability 1 - exp(-rate dt). */
    ts->p_any = total > 0 ? ct_rate_to_prob(total, dt) : 0.0;
    ts->cut_move = total > 0 ? move / total : 0.0;
    ts->cut_divide = total > 0 ? divide / total : 0.0;
    ts->cut_die = total > 0 ? die / total : 0.0;
    ts->transition_to = transition_to;
}

int ct_sim_set_rates(ct_sim *sim, int t, const double rate[4], const char *where)
{
    int rc = ct_scenario_check_rates(rate, sim->dt, where, &sim->err);
    if (rc)
        return rc;
    ct_type_step *ts = &sim->type_step[t];
    memcpy(ts->rate, rate, sizeof ts->rate);
    ct_sim_event_probs(ts->rate, ts->transition_to, sim->dt, ts);
    return CT_OK;
}

int ct_sim_set_rate(ct_sim *sim, int t, int behaviour, double per_minute, const char *where)
{
    double rate[4];
    memcpy(rate, sim->type_step[t].rate, sizeof rate);
    rate[behaviour] = per_minute;
    return ct_sim_set_rates(sim, t, rate, where);
}

static void derive_type_steps(ct_sim *sim)
{
    for (int t = 0; t < sim->sc->n_types; t++) {
        const ct_type_params *tp = &sim->sc->types[t];
        ct_type_step *ts = &sim->type_step[t];
        ct_scenario_type_rates(tp, ts->rate);
        ct_sim_event_probs(ts->rate, tp->transition_to, sim->dt, ts);
        for (int k = 0; k < tp->sig.n_rules; k++)
            ts->event_rules |= tp->sig.rule[k].behaviour <= CT_BEHAVIOUR_TRANSITION;
        for (int k = 0; k < tp->sig.n_secretions; k++)
            ts->uptake_fraction[k] = ct_rate_to_prob(tp->sig.secretion[k].uptake, sim->dt);
        sim->any_contacts |= tp->sig.n_contacts > 0;
    }
}

static void free_scratch(ct_sim *sim)
{
    ct_free(sim->intent);
    ct_free(sim->intent_arg);
    ct_free(sim->next_state);
    ct_free(sim->target);
    ct_free(sim->contact_action);
    ct_free(sim->contact_site);
    ct_free(sim->chunk_births);
    ct_free(sim->active);
    ct_free(sim->chunk_active);
}

static int check_agents_fit(ct_sim *sim, size_t n_agents);

int ct_sim_reserve(ct_sim *sim, size_t n_agents)
{
    int rc = n_agents > sim->ag.cap ? check_agents_fit(sim, n_agents) : CT_OK;
    if (!rc)
        rc = ct_agents_reserve(&sim->ag, n_agents, &sim->err);
    if (rc)
        return rc;
    size_t cap = sim->ag.cap;
    if (cap <= sim->scratch_cap)
        return CT_OK;
    uint8_t *intent = ct_aligned_alloc(cap);
    uint8_t *intent_arg = ct_aligned_alloc(cap);
    uint8_t *next_state = ct_aligned_alloc(cap);
    uint32_t *target = ct_aligned_alloc(cap * sizeof *target);
    uint8_t *contact_action = ct_aligned_alloc(cap);
    uint32_t *contact_site = ct_aligned_alloc(cap * sizeof *contact_site);
    uint32_t *chunk_births = ct_calloc(cap / CT_CHUNK + 1, sizeof *chunk_births);
    uint32_t *active = ct_aligned_alloc(cap * sizeof *active);
    uint32_t *chunk_active = ct_calloc(cap / CT_CHUNK + 1, sizeof *chunk_active);
    if (!intent || !intent_arg || !next_state || !target || !contact_action || !contact_site ||
        !chunk_births || !active || !chunk_active) {
        void *fresh[] = {intent, intent_arg, next_state, target, contact_action, contact_site,
                         chunk_births, active, chunk_active};
        for (size_t k = 0; k < sizeof fresh / sizeof *fresh; k++)
            ct_free(fresh[k]);
        return ct_error_set(&sim->err, CT_ENOMEM, "cannot allocate step memory for %zu agents",
                            cap);
    }
    if (sim->intent) { /* births grow the store after apply: the outcomes must survive (a death's
                          kind is in intent_arg, ct_intent.h) */
        memcpy(intent, sim->intent, sim->scratch_cap);
        memcpy(intent_arg, sim->intent_arg, sim->scratch_cap);
    }
    free_scratch(sim);
    sim->intent = intent;
    sim->intent_arg = intent_arg;
    sim->next_state = next_state;
    sim->target = target;
    sim->contact_action = contact_action;
    sim->contact_site = contact_site;
    sim->chunk_births = chunk_births;
    sim->active = active;
    sim->chunk_active = chunk_active;
    sim->scratch_cap = cap;
    return CT_OK;
}

/* Memory a run may use: physical memory, or less when CELLTWIN_MAX_MEMORY_MB says so (a batch
   job's share of a node). 0 when unknown. */
static double memory_limit(const char **what)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 0.0;
    const char *env = getenv("CELLTWIN_MAX_MEMORY_MB");
    double cap = env ? strtod(env, NULL) * 1048576.0 : 0.0;
    *what = "this machine's";
    if (cap > 0 && (have == 0 || cap < have)) {
        *what = "the CELLTWIN_MAX_MEMORY_MB limit of";
        return cap;
    }
    return have;
}

/* Bytes for people: MiB below 1 GiB, so that a limit of 10 MB does not read "0.0 GiB". */
static const char *human_bytes(double bytes, char buf[32])
{
    if (bytes < 1073741824.0)
        snprintf(buf, 32, "%.1f MiB", bytes / 1048576.0);
    else
        snprintf(buf, 32, "%.1f GiB", bytes / 1073741824.0);
    return buf;
}

static double grid_bytes_per_site(const ct_scenario *sc)
{
    return sizeof(uint32_t) + sizeof(uint64_t) + 2.0 * sizeof(float) * sc->n_fields;
}

static double lattice_sites(const ct_scenario *sc)
{
    return (double)sc->size[0] * sc->size[1] * sc->size[2];
}

static double grid_bytes(const ct_scenario *sc)
{
    return lattice_sites(sc) * grid_bytes_per_site(sc);
}

/* Bytes per agent slot: the store (its arrays, attributes and reordering spare) and the step's
   scratch (intent, intent_arg, next_state and contact_action of 1 byte, target, contact_site and
   the active list of 4). */
static double bytes_per_agent(const ct_sim *sim)
{
    return (double)ct_agents_bytes_per_agent() + sizeof(double) * (sim->ag.n_attr + 1.0) +
           4.0 * sizeof(uint8_t) + 3.0 * sizeof(uint32_t);
}

/* Refuses, before allocating anything, a lattice whose grids alone exceed the memory limit. */
static int check_machine_fits(ct_sim *sim, const ct_scenario *sc)
{
    double need = grid_bytes(sc);
    const char *what;
    char need_text[32], have_text[32];
    double have = memory_limit(&what);
    if (have > 0 && need > have)
        return ct_error_set(&sim->err, CT_ENOMEM,
                            "%s: a lattice of %.0f sites with %d fields needs %s for its grids "
                            "alone (%.0f bytes per site), more than %s %s",
                            sc->file, lattice_sites(sc), sc->n_fields,
                            human_bytes(need, need_text), grid_bytes_per_site(sc), what,
                            human_bytes(have, have_text));
    return CT_OK;
}

/* Refuses, before growing, an agent store that with the grids would exceed the memory limit: the
   store grows with the cells (placement, divisions, scripts), so the limit holds at every growth. */
static int check_agents_fit(ct_sim *sim, size_t n_agents)
{
    size_t cap = ct_agents_grown_cap(&sim->ag, n_agents);
    double agents = (double)cap * bytes_per_agent(sim), grids = grid_bytes(sim->sc);
    const char *what;
    char agents_text[32], grids_text[32], have_text[32];
    double have = memory_limit(&what);
    if (have > 0 && agents + grids > have)
        return ct_error_set(&sim->err, CT_ENOMEM,
                            "%s: room for %zu cells needs %s for the agent store (%.0f bytes per "
                            "cell, step memory included) besides %s for the grids, more than %s %s",
                            sim->sc->file, cap, human_bytes(agents, agents_text),
                            bytes_per_agent(sim), human_bytes(grids, grids_text), what,
                            human_bytes(have, have_text));
    return CT_OK;
}

static int init_memory(ct_sim *sim, const ct_scenario *sc)
{
    if (check_machine_fits(sim, sc))
        return sim->err.code;
    int rc = ct_lattice_init(&sim->lat, sc->ndim, sc->size, sc->dx, sc->boundary,
                             sc->neighbourhood, &sim->err);
    if (rc)
        return rc;
    sim->type_step = ct_calloc((size_t)sc->n_types, sizeof *sim->type_step);
    sim->claim = ct_aligned_alloc(sim->lat.n_sites * sizeof *sim->claim);
    if (!sim->type_step || !sim->claim)
        return ct_error_set(&sim->err, CT_ENOMEM,
                            "cannot allocate the claim grid of %zu sites (%.1f MiB)",
                            sim->lat.n_sites, sim->lat.n_sites * 8.0 / 1048576.0);
    memset(sim->claim, 0, sim->lat.n_sites * sizeof *sim->claim);
    if ((rc = ct_fields_init(&sim->fields, sc->fields, sc->n_fields, sim->lat.n_sites, &sim->err)) ||
        (rc = ct_field_solver_create(&sim->fields, sc, &sim->lat, sc->dt, &sim->err)) ||
        (rc = ct_agents_init(&sim->ag, 1024, &sim->err)))
        return rc;
    return ct_sim_reserve(sim, 1024);
}

int ct_sim_create_state(const ct_scenario *sc, ct_sim **out, ct_error *err)
{
    *out = NULL;
    ct_sim *sim = ct_calloc(1, sizeof *sim);
    if (!sim)
        return ct_error_set(err, CT_ENOMEM, "out of memory creating the simulation");
    sim->sc = sc;
    sim->seed = sc->seed;
    sim->dt = sc->dt;
    int rc = init_memory(sim, sc);
    if (rc) {
        if (err)
            *err = sim->err;
        ct_sim_free_state(sim);
        return rc;
    }
    derive_type_steps(sim);
    *out = sim;
    return CT_OK;
}

void ct_sim_free_state(ct_sim *sim)
{
    if (!sim)
        return;
    ct_lattice_free(&sim->lat);
    ct_agents_free(&sim->ag);
    ct_fields_free(&sim->fields);
    ct_registry_free(&sim->registry);
    ct_columns_free(&sim->columns);
    ct_free(sim->type_step);
    free_scratch(sim);
    ct_free(sim->claim);
    ct_free(sim->births);
    ct_free(sim);
}

int ct_sim_add_cell(ct_sim *sim, uint32_t site, int type, uint8_t state, uint64_t parent)
{
    if (site >= sim->lat.n_sites || sim->lat.slot[site] != CT_EMPTY)
        return ct_error_set(&sim->err, CT_EINVAL, "site %u is outside the lattice or occupied",
                            site);
    int rc = ct_sim_reserve(sim, sim->ag.n + 1);
    if (rc)
        return rc;
    size_t i = ct_agents_push(&sim->ag, site, (uint8_t)type, state, (int64_t)sim->step, parent);
    sim->lat.slot[site] = (uint32_t)i;
    return CT_OK;
}

/* Agents of each site block, in site order: counts first, then positions from a prefix sum. */
int ct_sim_reorder(ct_sim *sim)
{
    ct_lattice *lat = &sim->lat;
    size_t n_blocks = (lat->n_sites + SITE_BLOCK - 1) / SITE_BLOCK;
    size_t *offset = ct_calloc(n_blocks + 1, sizeof *offset);
    /* one spare entry per block: the fill loop writes every site's slot somewhere, without a
       branch, and an empty site's lands in its block's spare */
    uint32_t *order = ct_malloc((sim->ag.n - sim->ag.n_dead + n_blocks) * sizeof *order);
    if (!offset || !order) {
        ct_free(offset);
        ct_free(order);
        return ct_error_set(&sim->err, CT_ENOMEM, "cannot allocate memory to reorder agents");
    }
#pragma omp parallel for schedule(static) if (n_blocks > 1)
    for (size_t b = 0; b < n_blocks; b++) {
        size_t end = (b + 1) * SITE_BLOCK < lat->n_sites ? (b + 1) * SITE_BLOCK : lat->n_sites;
        size_t count = 0;
        for (size_t s = b * SITE_BLOCK; s < end; s++)
            count += lat->slot[s] != CT_EMPTY;
        offset[b + 1] = count;
    }
    for (size_t b = 0; b < n_blocks; b++)
        offset[b + 1] += offset[b];
    size_t n_live = offset[n_blocks];
#pragma omp parallel for schedule(static) if (n_blocks > 1)
    for (size_t b = 0; b < n_blocks; b++) {
        size_t end = (b + 1) * SITE_BLOCK < lat->n_sites ? (b + 1) * SITE_BLOCK : lat->n_sites;
        size_t j = offset[b];
        for (size_t s = b * SITE_BLOCK; s < end; s++) { /* a branch here is mispredicted often */
            uint32_t agent = lat->slot[s];
            int occupied = agent != CT_EMPTY;
            order[occupied ? j : n_live + b] = agent;
            lat->slot[s] = occupied ? (uint32_t)j : CT_EMPTY;
            j += (size_t)occupied;
        }
    }
    ct_free(offset);
    ct_agents_gather(&sim->ag, order, n_live);
    ct_free(order);
    sim->steps_since_reorder = 0;
    return CT_OK;
}

void ct_sim_count_types(const ct_sim *sim, uint64_t *counts)
{
    int n_types = sim->sc->n_types;
    memset(counts, 0, (size_t)n_types * sizeof *counts);
    const uint8_t *type = sim->ag.type;
    size_t n = sim->ag.n;
#pragma omp parallel if (n > CT_CHUNK)
    {
        uint64_t local[256] = {0};
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++)
            local[type[i]]++;
#pragma omp critical
        for (int t = 0; t < n_types; t++)
            counts[t] += local[t];
    }
}

void ct_sim_count_type_states(const ct_sim *sim, uint64_t *counts)
{
    int n_types = sim->sc->n_types;
    memset(counts, 0, (size_t)n_types * CT_MAX_STATES * sizeof *counts);
    /* the APIs refuse states a type does not have; a state beyond the table still never indexes
       out of it (a cell in such a state is in no column) */
    for (size_t i = 0; i < sim->ag.n; i++)
        if (sim->ag.type[i] < n_types && sim->ag.state[i] < CT_MAX_STATES)
            counts[(size_t)sim->ag.type[i] * CT_MAX_STATES + sim->ag.state[i]]++;
}

uint8_t ct_sim_initial_state(const ct_sim *sim, int type)
{
    return (uint8_t)sim->sc->types[type].sig.initial_state;
}

size_t ct_sim_live_cells(const ct_sim *sim)
{
    return sim->ag.n - sim->ag.n_dead;
}

int ct_sim_add_column(ct_sim *sim, const ct_column *c, ct_error *err)
{
    if (ct_scenario_type_index(sim->sc, c->name) >= 0)
        return ct_error_set(err, CT_EINVAL, "column \"%s\": counts.csv already has a cell type "
                            "column of that name", c->name);
    return ct_columns_add(&sim->columns, c, err);
}
