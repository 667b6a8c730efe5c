/* Initial placement of cells: explicit lists, random cells or fills in a rectangle or disc, CSV.
 * State layer: for core/sim (ct_sim_create) and the Lua host (adding cells). */
#ifndef CT_PLACEMENT_H
#define CT_PLACEMENT_H

#include "ct_rng.h"
#include "ct_region.h"
#include "ct_sim.h"

/* Places every rule of the scenario, in order; messages name the rule's JSON path or CSV line. */
int ct_placement_apply(ct_sim *sim);
/* Places pl->count cells of pl->type (every free site if -1) on random free sites of a rect or
   disc region, drawing from r. Fewer free sites than asked: an error, or all of them if partial.
   *placed gets how many were placed. */
int ct_placement_region(ct_sim *sim, const ct_placement *pl, ct_rng *r, int partial,
                        size_t *placed);

#endif
