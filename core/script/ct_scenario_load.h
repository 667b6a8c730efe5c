/* The complete scenario reader: the scenario layer's sections plus the script's cell_type{}
 * declarations, which need the Lua host. For the script layer and every layer above it (the run,
 * checkpoints, sweeps, the CLI); lower layers take a ct_scenario already read. */
#ifndef CT_SCENARIO_LOAD_H
#define CT_SCENARIO_LOAD_H

#include "ct_scenario.h"

/* Reads, overrides (each "PATH=VALUE"), validates and resolves a scenario file. */
int ct_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ct_scenario **out, ct_error *err);
/* Same from JSON text already in memory; file names the source in messages. */
int ct_scenario_parse(const char *text, const char *file, const char *const *overrides,
                      int n_overrides, ct_scenario **out, ct_error *err);

#endif
