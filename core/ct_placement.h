/* Initial placement of cells: explicit lists, random cells or fills in a rectangle or disc, CSV. */
#ifndef CT_PLACEMENT_H
#define CT_PLACEMENT_H

#include "ct_sim.h"

/* Places every rule of the scenario, in order; messages name the rule's JSON path or CSV line. */
int ct_placement_apply(ct_sim *sim);

#endif
