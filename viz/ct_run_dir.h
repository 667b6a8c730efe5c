/* A run directory as viz sees it: counts.csv and snapshots/state_<step, 8 digits>.ctsnap.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_RUN_DIR_H
#define CT_VIZ_RUN_DIR_H

#include <stddef.h>
#include <stdint.h>

#include "ct_csv_read.h"
#include "ct_snapshot.h"

/* Steps of the snapshot files in RUN_DIR/snapshots, ascending (ct_free *steps); *n may be 0. */
int ct_viz_run_snapshot_steps(const char *run_dir, uint64_t **steps, size_t *n, ct_error *err);
/* Index of the step nearest WANT (ties: the earlier one); WANT < 0: the last. N > 0. */
size_t ct_viz_run_nearest_step(const uint64_t *steps, size_t n, int64_t want);
/* Reads the snapshot nearest WANT; fails, naming the folder, when there is none. */
int ct_viz_run_load_snapshot(const char *run_dir, int64_t want, ct_snapshot *out, ct_error *err);
/* RUN_DIR/counts.csv, cut down to COLUMNS ("a,b", as --columns) unless NULL. */
int ct_viz_run_read_counts(const char *run_dir, const char *columns, ct_viz_series *series,
                           ct_error *err);
/* RUN_DIR/NAME into buf, or CT_EINVAL when it does not fit. */
int ct_viz_run_path(const char *run_dir, const char *name, char *buf, size_t size, ct_error *err);

#endif
