/* A script's on_step hooks over MPI ranks: every rank runs them alike on the whole lattice. */
#include "ct_dist_hooks.h"

#include <string.h>

#include "ct_alloc.h"
#include "ct_lua.h"

int ct_dist_hooks_open(ct_dist_hooks *h, const ct_scenario *sc, ct_slab *slab, int rank,
                       int n_ranks, ct_error *err)
{
    memset(h, 0, sizeof *h);
    if (!ct_lua_hook_count(slab->sim->lua))
        return CT_OK;
    ct_lua_defer_hooks(slab->sim->lua, rank != 0);
    h->active = 1;
    ct_cell_records_init(&h->all, slab->sim->ag.n_attr);
    h->counts = ct_calloc((size_t)n_ranks, sizeof *h->counts);
    h->offsets = ct_calloc((size_t)n_ranks, sizeof *h->offsets);
    if (!h->counts || !h->offsets)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the on_step hooks of %d ranks",
                            n_ranks);
    int rc = ct_decomp_plan(&h->board_d, sc->ndim, sc->size, 1, err);
    return rc ? rc : ct_slab_open(&h->board, sc, &h->board_d, 0, err);
}

void ct_dist_hooks_close(ct_dist_hooks *h)
{
    if (!h->active)
        return;
    ct_slab_close(&h->board);
    ct_decomp_free(&h->board_d);
    ct_cell_records_free(&h->all);
    ct_free(h->counts);
    ct_free(h->offsets);
    h->active = 0;
}

#ifdef CT_HAVE_MPI

#include <limits.h>
#include <mpi.h>

#include "ct_rng.h"
#include "ct_slab_fields.h"

/* The worst status of any rank, on every rank: a collective that follows runs everywhere or
   nowhere. */
static int on_all_ranks(int rc)
{
    int worst;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return worst;
}

/* h->all = every rank's own cells, in rank order. */
static int gather_all(ct_dist_hooks *h, const ct_cell_records *own, ct_error *err)
{
    int n_ranks, mine = 0, rc = CT_OK;
    MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
    if (own->n * own->size > INT_MAX)
        rc = ct_error_set(err, CT_ENOMEM, "%zu cells are too many for one rank to send to the "
                          "on_step hooks (at most %d bytes)", own->n, INT_MAX);
    else
        mine = (int)(own->n * own->size);
    MPI_Allgather(&mine, 1, MPI_INT, h->counts, 1, MPI_INT, MPI_COMM_WORLD);
    size_t total = 0;
    for (int r = 0; r < n_ranks; r++) {
        h->offsets[r] = (int)total;
        total += (size_t)h->counts[r];
    }
    if (!rc && total > INT_MAX)
        rc = ct_error_set(err, CT_ENOMEM, "%zu cells are too many for the on_step hooks of a "
                          "run over ranks (at most %d bytes of cells)", total / own->size,
                          INT_MAX);
    if (!rc)
        rc = ct_cell_records_reserve(&h->all, total / own->size + 1, err);
    if ((rc = on_all_ranks(rc)))
        return rc;
    MPI_Allgatherv(own->data, mine, MPI_BYTE, h->all.data, h->counts, h->offsets, MPI_BYTE,
                   MPI_COMM_WORLD);
    h->all.n = total / own->size;
    return CT_OK;
}

/* The board's field values = every rank's owned rows (exact: the halo keeps them so), so that a
   hook reads what one process reads and f:total sums the same values in the same block order. */
static void gather_fields(ct_dist_hooks *h, const ct_slab *slab)
{
    int n_ranks, mine = (int)((slab->hi - slab->lo) * slab->row_sites);
    ct_sim *board = h->board.sim;
    if (!board->fields.n)
        return;
    MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
    MPI_Allgather(&mine, 1, MPI_INT, h->counts, 1, MPI_INT, MPI_COMM_WORLD);
    for (int r = 0, at = 0; r < n_ranks; at += h->counts[r++])
        h->offsets[r] = at;
    for (int k = 0; k < board->fields.n; k++)
        MPI_Allgatherv(ct_slab_fields_owned(slab, k), mine, MPI_FLOAT, board->fields.value[k],
                       h->counts, h->offsets, MPI_FLOAT, MPI_COMM_WORLD);
}

/* The rates a hook set (sim:set_rate) hold from the next step on, in every simulation. */
static void share_rates(const ct_sim *from, ct_sim *to)
{
    if (to)
        memcpy(to->type_step, from->type_step, (size_t)from->sc->n_types * sizeof *to->type_step);
}

int ct_dist_hooks_run(ct_dist_hooks *h, ct_slab *slab, ct_sim *whole, ct_cell_records *own,
                      uint64_t step, uint64_t *next_id, ct_error *err)
{
    if (!h->active)
        return CT_OK;
    int rc = gather_all(h, own, err);
    if (!rc)
        rc = ct_slab_fill(&h->board, &h->all, step, *next_id, err);
    if (rc)
        return rc;
    ct_sim *board = h->board.sim;
    gather_fields(h, slab);
    board->step_key = ct_rng_step_key(board->seed, step - 1); /* that of the step just done */
    board->stop_requested = 0;
    if ((rc = ct_lua_run_hooks_on(slab->sim->lua, board))) {
        *err = board->err;
        return rc;
    }
    share_rates(board, slab->sim);
    share_rates(board, whole);
    ct_slab_fields_take_values(slab, board); /* what a hook set with f:set */
    h->stop = board->stop_requested;
    *next_id = board->ag.next_id;
    own->n = 0;
    return ct_slab_take_owned(slab, board, own, err);
}

#endif
