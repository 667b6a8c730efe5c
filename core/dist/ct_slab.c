/* A rank's slab: the window's simulation, filled from records and collected back. */
#include "ct_slab.h"

#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_field_solver.h"
#include "ct_lua.h"
#include "ct_sim_create.h"

/* what ends with "or" or ";" : the message goes on with running without --ranks. */
static int refuse(ct_error *err, const ct_scenario *sc, const char *what)
{
    return ct_error_set(err, CT_EINVAL,
                        "%s: %s run it without --ranks, on one process with threads (issue 19: "
                        "not split over ranks yet)",
                        sc->file, what);
}

uint32_t ct_slab_halo_rows(const ct_scenario *sc)
{
    int most = 0;
    for (int k = 0; k < sc->n_fields; k++) {
        const ct_field_def *f = &sc->fields[k];
        int sub = ct_field_explicit_substeps(f->diffusion, f->decay, sc->dx, sc->ndim, sc->dt);
        most = sub > most ? sub : most;
    }
    return CT_SLAB_HALO + (uint32_t)(most < CT_FIELD_MAX_SUBSTEPS ? most : CT_FIELD_MAX_SUBSTEPS);
}

/* A field's values in a window are exact only when the window cuts the field as the lattice:
   explicit (each site's update reads its neighbours, nothing else), and periodic along the cut
   axis exactly when the lattice is (a window of a periodic lattice joins both ends). */
static int check_fields(const ct_scenario *sc, int axis, ct_error *err)
{
    static const char *const solvers[] = {"explicit", "implicit", "auto", "spectral"};
    char what[200];
    for (int k = 0; k < sc->n_fields; k++) {
        const ct_field_def *f = &sc->fields[k];
        if (f->solver != CT_SOLVER_EXPLICIT) {
            snprintf(what, sizeof what, "field \"%s\" with \"solver\": \"%s\" (whole-line "
                     "transforms); give it \"solver\": \"explicit\", or", f->name,
                     solvers[f->solver]);
            return refuse(err, sc, what);
        }
        if ((f->boundary == CT_FIELD_PERIODIC) != (sc->boundary[axis] == CT_PERIODIC)) {
            snprintf(what, sizeof what, "field \"%s\" with a boundary %speriodic along %c where "
                     "the lattice's is %s; give both the same boundary, or", f->name,
                     f->boundary == CT_FIELD_PERIODIC ? "" : "not ", "xyz"[axis],
                     sc->boundary[axis] == CT_PERIODIC ? "periodic" : "closed");
            return refuse(err, sc, what);
        }
    }
    return CT_OK;
}

int ct_slab_check(const ct_scenario *sc, const ct_decomp *d, ct_error *err)
{
    int axis = d->ndim - 1;
    for (int t = 0; t < sc->n_types; t++)
        if (sc->types[t].push_radius[0] || sc->types[t].push_radius[1]) {
            char what[160];
            snprintf(what, sizeof what, "pushing (cell type \"%s\"; pushes are resolved one "
                     "after another across the whole lattice, so a chain of them reaches any "
                     "distance);", sc->types[t].name);
            return refuse(err, sc, what);
        }
    for (int t = 0; t < sc->n_types; t++)
        if (sc->types[t].death.model != CT_DEATH_INSTANT) { /* not tested over ranks yet */
            char what[160];
            snprintf(what, sizeof what, "the bodies of cell type \"%s\" (\"death\" \"model\")",
                     sc->types[t].name);
            return refuse(err, sc, what);
        }
    int rc = check_fields(sc, axis, err);
    if (rc || d->n_ranks == 1)
        return rc;
    uint32_t halo = ct_slab_halo_rows(sc), rows = d->size[axis];
    uint32_t thinnest = rows / (uint32_t)d->n_ranks, thickest = thinnest + (rows % d->n_ranks > 0);
    uint32_t enough = rows / (3 * halo); /* ranks that always fit, periodic or not */
    if (d->p[axis] != d->n_ranks || thinnest < halo ||
        (sc->boundary[axis] == CT_PERIODIC && rows - thickest < 2 * halo))
        return ct_error_set(err, CT_EINVAL,
                            "%s: %u sites along %c are too few for %d slabs of at least %u rows "
                            "(the halo: %d, plus the fields' most explicit sub-steps per step; "
                            "the axis being periodic, twice that besides each slab): use at most "
                            "%u ranks, or run without --ranks",
                            sc->file, rows, "xyz"[axis], d->n_ranks, halo, CT_SLAB_HALO,
                            enough > 1 ? enough : 1);
    return CT_OK;
}

/* The window: the owned rows and the halo rows on each side, cut at a closed edge. One rank
   owns everything and keeps the lattice's own boundary. */
static void place_window(ct_slab *s, const ct_scenario *sc, const ct_decomp *d, int rank)
{
    uint32_t lo[3], hi[3];
    ct_decomp_block(d, rank, lo, hi);
    s->axis = d->ndim - 1;
    s->n_rows = d->size[s->axis];
    s->row_sites = (size_t)d->size[0] * (d->ndim == 3 ? d->size[1] : 1);
    s->lo = lo[s->axis];
    s->hi = hi[s->axis];
    s->halo = ct_slab_halo_rows(sc);
    s->periodic = d->n_ranks > 1 && sc->boundary[s->axis] == CT_PERIODIC;
    if (d->n_ranks == 1) {
        s->win_lo = 0;
        s->win_rows = s->n_rows;
    } else if (s->periodic) {
        s->win_lo = (s->lo + s->n_rows - s->halo) % s->n_rows;
        s->win_rows = s->hi - s->lo + 2 * s->halo;
    } else {
        s->win_lo = s->lo > s->halo ? s->lo - s->halo : 0;
        uint32_t end = s->hi + s->halo < s->n_rows ? s->hi + s->halo : s->n_rows;
        s->win_rows = end - s->win_lo;
    }
}

/* A plugin's step-end behaviour acts on the whole simulation (global counts, cells added
   anywhere, a stop): in a window it would see a part. A script's on_step hooks run after the step
   on the whole lattice instead (ct_dist_hooks); drawing its attributes at birth is a step-end
   kernel too, but per cell: allowed. */
static int refuse_step_hooks(const ct_sim *sim, ct_error *err)
{
    char what[200];
    for (int k = 0; k < sim->registry.n; k++) {
        const ct_behaviour *b = &sim->registry.items[k];
        if ((b->phases & CT_PHASE_STEP_END) && !strncmp(b->owner, "plugin ", 7)) {
            snprintf(what, sizeof what, "the step-end behaviour \"%s\" of %s (it would see one "
                     "rank's part of the simulation);", b->name, b->owner);
            return refuse(err, sim->sc, what);
        }
    }
    return CT_OK;
}

/* The window's script sees positions and counts of the whole simulation, and a push, which the
   scenario cannot announce when a script or plugin asks for it, stops the run. */
static int show_whole(ct_slab *s, const ct_scenario *sc, ct_error *err)
{
    s->sim->refuse_pushes = 1;
    if (!s->sim->lua)
        return CT_OK;
    s->whole_counts = ct_calloc((size_t)sc->n_types * CT_MAX_STATES, sizeof *s->whole_counts);
    if (!s->whole_counts)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the counts of %d cell types",
                            sc->n_types);
    uint32_t offset[3] = {0, 0, 0};
    offset[s->axis] = s->win_lo;
    ct_lua_set_window(s->sim->lua, offset, sc->size, s->whole_counts);
    return CT_OK;
}

int ct_slab_open(ct_slab *s, const ct_scenario *sc, const ct_decomp *d, int rank, ct_error *err)
{
    memset(s, 0, sizeof *s);
    place_window(s, sc, d, rank);
    s->window_sc = ct_malloc(sizeof *s->window_sc);
    if (!s->window_sc)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the slab of rank %d", rank);
    *s->window_sc = *sc; /* shallow: the window's sim reads it, nobody frees its pointers */
    s->window_sc->size[s->axis] = s->win_rows;
    if (d->n_ranks > 1)
        s->window_sc->boundary[s->axis] = CT_CLOSED; /* the made-up edge of the outer halo rows */
    s->window_sc->n_placements = 0;
    s->window_sc->n_field_regions = 0; /* lattice coordinates: ct_slab_fields_start moves them */
    int rc = ct_sim_create_empty(s->window_sc, &s->sim, err);
    if (!rc)
        rc = refuse_step_hooks(s->sim, err);
    if (!rc && d->n_ranks > 1)
        rc = show_whole(s, sc, err);
    if (rc)
        ct_slab_close(s);
    return rc;
}

void ct_slab_close(ct_slab *s)
{
    ct_sim_free(s->sim);
    ct_free(s->whole_counts);
    s->whole_counts = NULL;
    ct_free(s->window_sc);
    s->sim = NULL;
    s->window_sc = NULL;
}

uint32_t ct_slab_window_row(const ct_slab *s, uint32_t row)
{
    uint32_t w = (row + s->n_rows - s->win_lo) % s->n_rows; /* large below a closed window */
    return w < s->win_rows ? w : UINT32_MAX;
}

int ct_slab_sees(const ct_slab *s, uint32_t site)
{
    return ct_slab_window_row(s, (uint32_t)(site / s->row_sites)) != UINT32_MAX;
}

/* Places every record whose site the window sees after the agents already there, attributes and
   all; sets the step and the next id (those of the whole simulation). */
static int place_records(ct_slab *s, const ct_cell_records *rec, uint64_t step,
                         uint64_t next_id, ct_error *err)
{
    ct_sim *sim = s->sim;
    sim->step = step;
    int rc = ct_sim_reserve(sim, sim->ag.n + rec->n);
    if (rc) {
        *err = sim->err;
        return rc;
    }
    for (size_t k = 0; k < rec->n; k++) {
        const ct_cell_record *c = ct_cell_record_at(rec, k);
        uint32_t row = ct_slab_window_row(s, (uint32_t)(c->site / s->row_sites));
        if (row == UINT32_MAX)
            continue;
        uint32_t site = (uint32_t)(row * s->row_sites + c->site % s->row_sites);
        size_t i = ct_agents_push(&sim->ag, site, c->type, c->state, c->birth_step, c->parent);
        sim->ag.id[i] = c->id;
        ct_cell_record_attributes_to(rec, k, &sim->ag, i);
        sim->lat.slot[site] = (uint32_t)i;
    }
    sim->ag.next_id = next_id;
    ct_lua_attributes_settled_below(sim->lua, next_id);
    return CT_OK;
}

int ct_slab_fill(ct_slab *s, const ct_cell_records *rec, uint64_t step, uint64_t next_id,
                 ct_error *err)
{
    ct_sim *sim = s->sim;
    memset(sim->lat.slot, 0xff, sim->lat.n_sites * sizeof *sim->lat.slot); /* CT_EMPTY */
    sim->ag.n = 0;
    sim->ag.n_dead = 0;
    return place_records(s, rec, step, next_id, err);
}

/* The agents on window rows [first, end) die as the step's deaths do: their sites empty, the
   store compacts them away at its next reorder. */
static void clear_rows(ct_slab *s, uint32_t first, uint32_t end)
{
    ct_agents *ag = &s->sim->ag;
    uint32_t *slot = s->sim->lat.slot;
    for (size_t site = first * s->row_sites; site < end * s->row_sites; site++) {
        uint32_t i = slot[site];
        if (i == CT_EMPTY)
            continue;
        ag->type[i] = CT_DEAD_TYPE;
        ag->n_dead++;
        slot[site] = CT_EMPTY;
    }
}

int ct_slab_refill_halo(ct_slab *s, const ct_cell_records *halo, uint64_t step,
                        uint64_t next_id, ct_error *err)
{
    uint32_t owned = ct_slab_window_row(s, s->lo), end = owned + (s->hi - s->lo);
    clear_rows(s, 0, owned);
    clear_rows(s, end, s->win_rows);
    return place_records(s, halo, step, next_id, err);
}

/* The agents on owned rows [lo + first, lo + end) of sim (whose row lo is sim_row), in site
   order, each to visit(sim, agent, site of the whole lattice, arg) until one returns nonzero. */
static int each_owned(const ct_slab *s, const ct_sim *sim, uint32_t sim_row, uint32_t first,
                      uint32_t end,
                      int (*visit)(const ct_sim *sim, uint32_t i, uint32_t site, void *arg),
                      void *arg)
{
    for (size_t site = (sim_row + first) * s->row_sites; site < (sim_row + end) * s->row_sites;
         site++) {
        uint32_t i = sim->lat.slot[site];
        if (i == CT_EMPTY)
            continue;
        uint32_t global = (uint32_t)((site / s->row_sites - sim_row + s->lo) * s->row_sites +
                                     site % s->row_sites);
        int rc = visit(sim, i, global, arg);
        if (rc)
            return rc;
    }
    return CT_OK;
}

typedef struct collecting {
    ct_cell_records *out;
    ct_error *err;
} collecting;

static int collect_one(const ct_sim *sim, uint32_t i, uint32_t site, void *arg)
{
    collecting *c = arg;
    return ct_cell_records_append(c->out, &sim->ag, i, site, c->err);
}

int ct_slab_collect(const ct_slab *s, ct_cell_records *out, ct_error *err)
{
    collecting c = {out, err};
    return each_owned(s, s->sim, ct_slab_window_row(s, s->lo), 0, s->hi - s->lo, collect_one,
                      &c);
}

int ct_slab_collect_edges(const ct_slab *s, ct_cell_records *out, ct_error *err)
{
    collecting c = {out, err};
    uint32_t rows = s->hi - s->lo, sim_row = ct_slab_window_row(s, s->lo);
    uint32_t low_end = s->halo < rows ? s->halo : rows;
    uint32_t high_begin = rows - low_end > low_end ? rows - low_end : low_end;
    int rc = each_owned(s, s->sim, sim_row, 0, low_end, collect_one, &c);
    return rc ? rc : each_owned(s, s->sim, sim_row, high_begin, rows, collect_one, &c);
}

int ct_slab_take_owned(const ct_slab *s, const ct_sim *whole, ct_cell_records *out,
                       ct_error *err)
{
    collecting c = {out, err};
    return each_owned(s, whole, s->lo, 0, s->hi - s->lo, collect_one, &c);
}

/* The window's sites on the owned rows: one range, [*begin, *end). */
static void owned_sites(const ct_slab *s, size_t *begin, size_t *end)
{
    *begin = ct_slab_window_row(s, s->lo) * s->row_sites;
    *end = *begin + (s->hi - s->lo) * s->row_sites;
}

static int owned_live(const ct_agents *ag, size_t i, size_t begin, size_t end)
{
    return ag->type[i] != CT_DEAD_TYPE && ag->site[i] >= begin && ag->site[i] < end;
}

void ct_slab_count_owned(const ct_slab *s, uint64_t *counts)
{
    const ct_agents *ag = &s->sim->ag;
    size_t begin, end;
    owned_sites(s, &begin, &end);
    for (size_t i = 0; i < ag->n; i++)
        if (owned_live(ag, i, begin, end))
            counts[(size_t)ag->type[i] * CT_MAX_STATES + ag->state[i]]++;
}

/* The owned cells born in the last step (ids from next_id on); *lowest gets their least id. A
   step gives its daughters ids in site order (docs/ARCHITECTURE.md, "Births' ids do not depend on
   K"), and the owned
   rows are one range of the window's sites, so the owned births hold consecutive ids from
   *lowest on, in site order: they are found by scanning the store, not the lattice. */
static size_t scan_owned_births(const ct_slab *s, uint64_t next_id, uint64_t *lowest)
{
    const ct_agents *ag = &s->sim->ag;
    size_t begin, end, n = 0;
    owned_sites(s, &begin, &end);
    *lowest = UINT64_MAX;
    for (size_t i = 0; i < ag->n; i++)
        if (ag->id[i] >= next_id && owned_live(ag, i, begin, end)) {
            n++;
            *lowest = ag->id[i] < *lowest ? ag->id[i] : *lowest;
        }
    return n;
}

size_t ct_slab_owned_births(const ct_slab *s, uint64_t next_id)
{
    uint64_t lowest;
    return scan_owned_births(s, next_id, &lowest);
}

void ct_slab_number_births(ct_slab *s, uint64_t next_id, uint64_t first_id)
{
    ct_agents *ag = &s->sim->ag;
    size_t begin, end;
    uint64_t lowest;
    if (!scan_owned_births(s, next_id, &lowest))
        return;
    owned_sites(s, &begin, &end);
    for (size_t i = 0; i < ag->n; i++)
        if (ag->id[i] >= next_id && owned_live(ag, i, begin, end)) {
            ag->id[i] = ag->id[i] - lowest + first_id;
            ct_lua_settle_cell(s->sim->lua, i);
        }
}
