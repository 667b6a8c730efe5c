/* Region geometry to lattice sites, for the scenario layer and every layer above it: the field
 * solver's initial regions and fixed sources, and the placement of cells. */
#ifndef CT_REGION_H
#define CT_REGION_H

#include <stddef.h>
#include <stdint.h>

#include "ct_lattice.h"
#include "ct_scenario.h"

/* Sites of a list, rect or disc region (all of them, or only the free ones), rect and disc in
   site order; *out is allocated (ct_free; NULL on error). Messages name file and JSON path. */
int ct_placement_region_sites(const ct_lattice *lat, const ct_placement *pl, int free_only,
                              const char *file, uint32_t **out, size_t *n, ct_error *err);

#endif
