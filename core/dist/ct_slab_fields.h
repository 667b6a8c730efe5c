/* The field values of a rank's slab (docs/ARCHITECTURE.md, "One simulation over MPI", "Fields"):
 * the window holds them on its own rows and its halo rows. Each step starts with the halo rows
 * refreshed from the neighbours' edge rows (values and the sources cells wrote during the last
 * step); the explicit solver then updates every site with the same arithmetic on the same values
 * as one process, and the made-up edge of the window spoils one row per sub-step, which the halo
 * (ct_slab_halo_rows) keeps away from what the owned cells read. No MPI here: the caller moves
 * the packed rows. For the dist layer and above. */
#ifndef CT_SLAB_FIELDS_H
#define CT_SLAB_FIELDS_H

#include <stddef.h>

#include "ct_slab.h"

/* The window's fields at the start: the values of a simulation of the whole lattice (initial
   values and regions) on every window row, and the fixed sources that fall on its sites. */
int ct_slab_fields_start(ct_slab *s, const ct_sim *whole, ct_error *err);
/* The field values of a simulation of the whole lattice on every window row (after the hooks of
   a step, which may have set some); sources stay. */
void ct_slab_fields_take_values(ct_slab *s, const ct_sim *whole);
/* Floats in the rows one side exchanges: values and sources of every field, halo rows. */
size_t ct_slab_fields_edge_floats(const ct_slab *s);
/* Whether the window has halo rows below (upper 0) or above (upper 1) the owned rows: not where
   it is cut at a closed edge of the lattice, nor on a single rank. */
int ct_slab_fields_has_halo(const ct_slab *s, int upper);
/* Packs into buf the owned rows at the lower (upper 0) or upper edge, which the neighbour on that
   side holds as its halo. */
void ct_slab_fields_pack(const ct_slab *s, int upper, float *buf);
/* Unpacks buf, packed by the neighbour on that side, into the halo rows there. */
void ct_slab_fields_unpack(ct_slab *s, int upper, const float *buf);
/* Field k's values on the owned rows: (hi - lo) row_sites floats, in site order. */
const float *ct_slab_fields_owned(const ct_slab *s, int k);
/* Field k's sources on the owned rows (what the cells wrote in the step, applied in the next),
   as ct_slab_fields_owned: a checkpoint holds them. */
const float *ct_slab_fields_owned_sources(const ct_slab *s, int k);

#endif
