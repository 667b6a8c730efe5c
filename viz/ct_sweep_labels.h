/* A sweep's labels.csv read back: what figures call each parameter (the sweep file's "label",
 * else the dotted path). Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_SWEEP_LABELS_H
#define CT_VIZ_SWEEP_LABELS_H

#include "ct_sweep_summary.h"

#define CT_VIZ_LABELS_FILE "labels.csv"
#define CT_VIZ_LABELS_MAX_BYTES ((size_t)1 << 20)

/* Reads PATH (header "parameter,label", then one row per parameter of S) into S->labels. A
   missing file is no error (sweeps from before labels.csv): S->labels stays NULL. Refuses a
   file over CT_VIZ_LABELS_MAX_BYTES, a wrong header, a row that is not two cells, a parameter
   not in summary.csv and a label longer than 80 bytes, naming the file and line. */
int ct_viz_summary_read_labels(const char *path, ct_viz_summary *s, ct_error *err);
/* What to call parameter P: its label, else its path. */
const char *ct_viz_summary_param_label(const ct_viz_summary *s, int p);

#endif
