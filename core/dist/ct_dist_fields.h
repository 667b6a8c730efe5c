/* Field rows between the ranks of a distributed run: the halo rows each step (ct_slab_fields
 * packs and unpacks them) and rank 0's gather of every field for counts.csv and snapshots. MPI
 * is used only when built with CT_HAVE_MPI; for ct_dist_run. */
#ifndef CT_DIST_FIELDS_H
#define CT_DIST_FIELDS_H

#include <stddef.h>

#include "ct_slab.h"

/* Scratch of the exchange: two sides' rows, grown as needed. */
typedef struct ct_dist_field_buf {
    float *data;
    size_t cap;
} ct_dist_field_buf;

/* Refreshes the slab's halo rows from the ranks below and above (MPI ranks, or MPI_PROC_NULL
   where the window has no halo). Every rank calls it. */
int ct_dist_fields_exchange(ct_slab *s, int below, int above, ct_dist_field_buf *buf,
                            ct_error *err);
/* Gathers every rank's owned rows of every field (values and the step's sources, which a
   checkpoint holds) into whole's fields at rank 0 (whole is NULL
   elsewhere); ranks are in site order. Every rank calls it; when rank 0
   cannot, nobody gathers, and rank 0 returns why. */
int ct_dist_fields_gather(const ct_slab *s, int rank, int n_ranks, ct_sim *whole,
                          ct_error *err);
void ct_dist_field_buf_free(ct_dist_field_buf *buf);

#endif
