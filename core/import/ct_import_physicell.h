/* `celltwin import physicell`: translates a PhysiCell 1.12+ project (PhysiCell_settings.xml and
 * its cell rules CSV) into a celltwin scenario that `celltwin check` accepts, and lists in the
 * scenario's "notes" everything that does not map. The mapping is documented in docs/import.md.
 * Import layer: for `celltwin import` (core/cli) and the tests. */
#ifndef CT_IMPORT_PHYSICELL_H
#define CT_IMPORT_PHYSICELL_H

#include <cJSON.h>

#include "ct_error.h"

#define CT_PHYSICELL_XML_MAX_BYTES (16 << 20)   /* a settings file larger than 16 MiB is refused */
#define CT_PHYSICELL_CELLS_MAX_BYTES (64 << 20) /* and a cells.csv larger than 64 MiB */

/* Reads config_path (and rules_path, or when NULL the rules file the config enables) and
   returns the scenario as a JSON tree (cJSON_Delete it). scenario_path is where it will be
   written: the scenario is validated under that name before it is returned. */
int ct_import_physicell(const char *config_path, const char *rules_path, const char *scenario_path,
                        cJSON **scenario, ct_error *err);

#endif
