/* Initial placement of cells: explicit lists, random cells or fills in a rectangle or disc, CSV. */
#ifndef CT_PLACEMENT_H
#define CT_PLACEMENT_H

#include "ct_sim.h"

/* Places every rule of the scenario, in order; messages name the rule's JSON path or CSV line. */
int ct_placement_apply(ct_sim *sim);

/* Sites of a list, rect or disc region (all of them, or only the free ones), rect and disc in
   site order; *out is allocated (ct_free; NULL on error). Messages name file and JSON path. */
int ct_placement_region_sites(const ct_lattice *lat, const ct_placement *pl, int free_only,
                              const char *file, uint32_t **out, size_t *n, ct_error *err);

#endif
