/* A rank's slab: the window's simulation, filled from records and collected back. */
#include "ct_slab.h"

#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"

static int refuse(ct_error *err, const ct_scenario *sc, const char *what)
{
    return ct_error_set(err, CT_EINVAL,
                        "%s: %s cannot be split over ranks yet (issue 19: agents only so "
                        "far); run it without --ranks, on one process with threads",
                        sc->file, what);
}

int ct_slab_check(const ct_scenario *sc, const ct_decomp *d, ct_error *err)
{
    char what[160];
    int axis = d->ndim - 1;
    if (sc->script)
        return refuse(err, sc, "a script (\"script\")");
    if (sc->n_plugins)
        return refuse(err, sc, "a plugin (\"plugins\")");
    if (sc->n_fields) {
        snprintf(what, sizeof what, "field \"%s\"", sc->fields[0].name);
        return refuse(err, sc, what);
    }
    for (int t = 0; t < sc->n_types; t++)
        if (sc->types[t].death.model != CT_DEATH_INSTANT) { /* bodies' stages are not carried */
            snprintf(what, sizeof what, "the bodies of cell type \"%s\" (\"death\" \"model\")",
                     sc->types[t].name);
            return refuse(err, sc, what);
        }
    if (d->n_ranks == 1)
        return CT_OK;
    uint32_t rows = d->size[axis];
    uint32_t thinnest = rows / (uint32_t)d->n_ranks, thickest = thinnest + (rows % d->n_ranks > 0);
    uint32_t enough = rows / (3 * CT_SLAB_HALO); /* ranks that always fit, periodic or not */
    if (d->p[axis] != d->n_ranks || thinnest < CT_SLAB_HALO ||
        (sc->boundary[axis] == CT_PERIODIC && rows - thickest < 2 * CT_SLAB_HALO))
        return ct_error_set(err, CT_EINVAL,
                            "%s: %u sites along %c are too few for %d slabs of at least %d rows "
                            "(and, the axis being periodic, %d rows besides each slab): use at "
                            "most %u ranks, or run without --ranks",
                            sc->file, rows, "xyz"[axis], d->n_ranks, CT_SLAB_HALO,
                            2 * CT_SLAB_HALO, enough > 1 ? enough : 1);
    return CT_OK;
}

/* The window: the owned rows and CT_SLAB_HALO rows on each side, cut at a closed edge. One rank
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
    s->periodic = d->n_ranks > 1 && sc->boundary[s->axis] == CT_PERIODIC;
    if (d->n_ranks == 1) {
        s->win_lo = 0;
        s->win_rows = s->n_rows;
    } else if (s->periodic) {
        s->win_lo = (s->lo + s->n_rows - CT_SLAB_HALO) % s->n_rows;
        s->win_rows = s->hi - s->lo + 2 * CT_SLAB_HALO;
    } else {
        s->win_lo = s->lo > CT_SLAB_HALO ? s->lo - CT_SLAB_HALO : 0;
        uint32_t end = s->hi + CT_SLAB_HALO < s->n_rows ? s->hi + CT_SLAB_HALO : s->n_rows;
        s->win_rows = end - s->win_lo;
    }
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
    int rc = ct_sim_create_state(s->window_sc, &s->sim, err);
    if (rc)
        ct_slab_close(s);
    return rc;
}

void ct_slab_close(ct_slab *s)
{
    ct_sim_free_state(s->sim);
    ct_free(s->window_sc);
    s->sim = NULL;
    s->window_sc = NULL;
}

/* The window's row of a lattice row, or UINT32_MAX when the window does not see it. */
static uint32_t window_row(const ct_slab *s, uint32_t row)
{
    uint32_t w = s->periodic ? (row + s->n_rows - s->win_lo) % s->n_rows : row - s->win_lo;
    return row >= s->win_lo || s->periodic ? (w < s->win_rows ? w : UINT32_MAX) : UINT32_MAX;
}

int ct_slab_sees(const ct_slab *s, uint32_t site)
{
    return window_row(s, (uint32_t)(site / s->row_sites)) != UINT32_MAX;
}

int ct_slab_fill(ct_slab *s, const ct_cell_record *rec, size_t n, uint64_t step,
                 uint64_t next_id, ct_error *err)
{
    ct_sim *sim = s->sim;
    memset(sim->lat.slot, 0xff, sim->lat.n_sites * sizeof *sim->lat.slot); /* CT_EMPTY */
    sim->ag.n = 0;
    sim->ag.n_dead = 0;
    sim->step = step;
    int rc = ct_sim_reserve(sim, n);
    if (rc) {
        *err = sim->err;
        return rc;
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t row = window_row(s, (uint32_t)(rec[k].site / s->row_sites));
        if (row == UINT32_MAX)
            continue;
        uint32_t site = (uint32_t)(row * s->row_sites + rec[k].site % s->row_sites);
        size_t i = ct_agents_push(&sim->ag, site, rec[k].type, rec[k].state, rec[k].birth_step,
                                  rec[k].parent);
        sim->ag.id[i] = rec[k].id;
        sim->lat.slot[site] = (uint32_t)i;
    }
    sim->ag.next_id = next_id;
    return CT_OK;
}

int ct_cell_records_reserve(ct_cell_record **rec, size_t *cap, size_t need, ct_error *err)
{
    if (need <= *cap)
        return CT_OK;
    size_t room = need > 2 * *cap ? need : 2 * *cap;
    ct_cell_record *grown = ct_realloc(*rec, room * sizeof *grown);
    if (!grown)
        return ct_error_set(err, CT_ENOMEM, "out of memory for %zu cell records", room);
    *rec = grown;
    *cap = room;
    return CT_OK;
}

/* Appends the live cells of rows lo..hi of the lattice, which are rows from sim_row on in sim. */
static int collect_rows(const ct_sim *sim, uint32_t sim_row, uint32_t lo, uint32_t hi,
                        size_t row_sites, uint64_t next_id, ct_cell_record **out, size_t *n,
                        size_t *cap, size_t *n_born, ct_error *err)
{
    size_t begin = sim_row * row_sites, end = begin + (hi - lo) * row_sites;
    *n_born = 0;
    for (size_t site = begin; site < end; site++) {
        uint32_t i = sim->lat.slot[site];
        if (i == CT_EMPTY)
            continue;
        int rc = ct_cell_records_reserve(out, cap, *n + 1, err);
        if (rc)
            return rc;
        (*out)[(*n)++] = (ct_cell_record){
            .id = sim->ag.id[i],
            .parent = sim->ag.parent[i],
            .birth_step = sim->ag.birth_step[i],
            .site = (uint32_t)((site / row_sites - sim_row + lo) * row_sites + site % row_sites),
            .type = sim->ag.type[i],
            .state = sim->ag.state[i],
        };
        *n_born += sim->ag.id[i] >= next_id;
    }
    return CT_OK;
}

int ct_slab_collect(const ct_slab *s, uint64_t next_id, ct_cell_record **out, size_t *n,
                    size_t *cap, size_t *n_born, ct_error *err)
{
    return collect_rows(s->sim, window_row(s, s->lo), s->lo, s->hi, s->row_sites, next_id, out,
                        n, cap, n_born, err);
}

int ct_slab_take_owned(const ct_slab *s, const ct_sim *whole, ct_cell_record **out, size_t *n,
                       size_t *cap, ct_error *err)
{
    size_t born;
    return collect_rows(whole, s->lo, s->lo, s->hi, s->row_sites, whole->ag.next_id, out, n, cap,
                        &born, err);
}

void ct_slab_number_births(ct_cell_record *rec, size_t n, uint64_t next_id, uint64_t first_id)
{
    for (size_t k = 0; k < n; k++)
        if (rec[k].id >= next_id)
            rec[k].id = first_id++;
}
