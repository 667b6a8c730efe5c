/* Choosing the columns of a time series: the user's --columns list, and the split of counts.csv
 * into cell counts (type and type:state columns) and the plugins' columns, which count other
 * things (often cumulatively) and get their own plot. Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_SERIES_COLUMNS_H
#define CT_VIZ_SERIES_COLUMNS_H

#include "ct_csv_read.h"
#include "ct_snapshot.h"

#define CT_VIZ_MAX_PICKED_COLUMNS 64 /* names in a --columns list */

/* Keeps only the columns named in LIST ("a,b,c", in that order) of SERIES, read from PATH.
   Refuses an unknown name (listing the columns there are), an empty or repeated one, and more
   than CT_VIZ_MAX_PICKED_COLUMNS names. SERIES is unchanged on error. */
int ct_viz_series_pick(ct_viz_series *series, const char *list, const char *path, ct_error *err);
/* Whether column NAME counts cells: a type of TYPES, or type:state. */
int ct_viz_series_is_cell_column(const ct_snapshot *types, const char *name);
/* Copies the cell columns of SERIES into CELLS and the rest into OTHER (each may end with no
   columns). Both are freed with ct_viz_series_free. */
int ct_viz_series_split(const ct_viz_series *series, const ct_snapshot *types,
                        ct_viz_series *cells, ct_viz_series *other, ct_error *err);

#endif
