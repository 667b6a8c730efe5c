/* Field rows over MPI: halo exchange and gather at rank 0. */
#include "ct_dist_fields.h"

#include "ct_alloc.h"

void ct_dist_field_buf_free(ct_dist_field_buf *buf)
{
    ct_free(buf->data);
    buf->data = NULL;
    buf->cap = 0;
}

#ifdef CT_HAVE_MPI

#include <limits.h>
#include <mpi.h>

#include "ct_slab_fields.h"

/* Sends the edge rows on side `upper` to rank `to` while the halo rows on the other side come
   from rank `from`. */
static void swap_side(ct_slab *s, int upper, int to, int from, float *send, float *recv, int n)
{
    if (to != MPI_PROC_NULL)
        ct_slab_fields_pack(s, upper, send);
    MPI_Sendrecv(send, n, MPI_FLOAT, to, 3, recv, n, MPI_FLOAT, from, 3, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    if (from != MPI_PROC_NULL)
        ct_slab_fields_unpack(s, !upper, recv);
}

int ct_dist_fields_exchange(ct_slab *s, int below, int above, ct_dist_field_buf *buf,
                            ct_error *err)
{
    size_t n = ct_slab_fields_edge_floats(s);
    if (n == 0)
        return CT_OK;
    if (n > INT_MAX / 2)
        return ct_error_set(err, CT_EINVAL, "the field halo of %zu values per side is more than "
                            "one MPI message holds: use more ranks or fewer sub-steps", n);
    if (2 * n > buf->cap) {
        float *grown = ct_realloc(buf->data, 2 * n * sizeof *grown);
        if (!grown)
            return ct_error_set(err, CT_ENOMEM, "out of memory for %zu field halo values", 2 * n);
        buf->data = grown;
        buf->cap = 2 * n;
    }
    swap_side(s, 0, below, above, buf->data, buf->data + n, (int)n);
    swap_side(s, 1, above, below, buf->data, buf->data + n, (int)n);
    return CT_OK;
}

int ct_dist_fields_gather(const ct_slab *s, int rank, int n_ranks, ct_sim *whole,
                          ct_error *err)
{
    int mine = (int)((s->hi - s->lo) * s->row_sites), *counts = NULL, *offsets = NULL;
    if (rank == 0) {
        counts = ct_calloc((size_t)n_ranks, sizeof *counts);
        offsets = ct_calloc((size_t)n_ranks, sizeof *offsets);
    }
    int rc = rank == 0 && !(counts && offsets)
                 ? ct_error_set(err, CT_ENOMEM, "out of memory gathering the fields")
                 : CT_OK, all;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 0, at = 0; !all && rank == 0 && r < n_ranks; at += counts[r++])
        offsets[r] = at;
    for (int k = 0; !all && k < s->sim->fields.n; k++) {
        MPI_Gatherv(ct_slab_fields_owned(s, k), mine, MPI_FLOAT,
                    rank == 0 ? whole->fields.value[k] : NULL, counts, offsets, MPI_FLOAT, 0,
                    MPI_COMM_WORLD);
        MPI_Gatherv(ct_slab_fields_owned_sources(s, k), mine, MPI_FLOAT,
                    rank == 0 ? whole->fields.source[k] : NULL, counts, offsets, MPI_FLOAT, 0,
                    MPI_COMM_WORLD);
    }
    ct_free(counts);
    ct_free(offsets);
    return rc;
}

#endif
