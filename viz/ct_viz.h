/* celltwin figures: snapshots, time series, multi-panel figures and sweep summaries as PNG, SVG
   or PDF (Cairo).
   The one header the engine and the CLI need; it does not include Cairo. */
#ifndef CT_VIZ_H
#define CT_VIZ_H

#include <stdint.h>

#include "ct_error.h"
#include "ct_snapshot.h"

typedef enum ct_viz_colormap_id { CT_VIZ_VIRIDIS, CT_VIZ_MAGMA } ct_viz_colormap_id;

#define CT_VIZ_MAX_PANELS 12
#define CT_VIZ_MAX_CELL_SIZE_PT 20.0 /* --cell-size limit */

typedef struct ct_viz_options {
    int64_t step;                /* draw the snapshot nearest this step; < 0: the last one */
    const char *field;           /* field drawn under the cells; NULL: none */
    ct_viz_colormap_id colormap; /* colour map of the field */
    int log_scale;               /* logarithmic field colour scale */
    double field_alpha;          /* > 0: the field also over the cells, with this opacity (< 1) */
    int by_state;                /* colour cells by type and state, not type alone */
    double cell_size_pt;         /* > 0: each cell a square of at least this side in points, so
                                    that sparse cells on a large lattice stay visible */
    int has_region;              /* draw only region_um[] */
    double region_um[4];         /* x0, y0, x1, y1 in um, as scenario regions: the sites whose
                                    centres lie in [x0, x1] x [y0, y1] */
    int z_slice;                 /* 3D: the z drawn; < 0: the middle slice */
    int project;                 /* 3D: project along z instead of drawing one slice */
    int counts_only;             /* draw the time series from counts.csv alone */
    const char *columns;         /* time series: only these counts.csv columns ("a,b"); NULL: all */
    int log_y;                   /* logarithmic y axis for the time series and sweep summaries */
    int log_x;                   /* logarithmic x axis for sweep summaries (else automatic) */
    int n_panels;                /* > 0: panel_steps snapshots plus the time series */
    int64_t panel_steps[CT_VIZ_MAX_PANELS];
    double dpi;                  /* PNG resolution, pixels per inch */
    double width_mm;             /* figure width; <= 0: a journal column width for the kind */
} ct_viz_options;

/* Defaults: last snapshot, no field, viridis, linear scales, 300 dpi, automatic width. */
void ct_viz_options_init(ct_viz_options *opt);

/* Draws a figure of the run directory RUN_DIR (counts.csv, snapshots/state_<step>.ctsnap) into
   OUT_PATH; the format (png, svg, pdf) comes from its extension. Written atomically. */
int ct_viz_render_run(const char *run_dir, const ct_viz_options *opt, const char *out_path,
                      ct_error *err);

/* Draws one snapshot (field, region, slice and colour options apply) into OUT_PATH. */
int ct_viz_render_snapshot(const ct_snapshot *s, const ct_viz_options *opt, const char *out_path,
                           ct_error *err);

/* Nonzero when DIR holds a sweep's summary.csv. */
int ct_viz_is_sweep_dir(const char *dir);

/* Draws SWEEP_DIR/summary.csv into OUT_PATH: per metric (METRIC, or every metric as panels A,
   B, ... when NULL) the mean over replicates against parameter X_PARAM (NULL: the first), with
   a +-sd bar and a min-max band; points that differ in the other parameters are separate
   coloured series. The x axis is logarithmic with opt->log_x, or when the values are positive,
   span more than a decade and are closer to evenly spaced in log than linearly; opt->log_y,
   dpi and width_mm apply too. Unknown names are refused with the list of known ones. */
int ct_viz_plot_sweep_summary(const char *sweep_dir, const char *metric, const char *x_param,
                              const ct_viz_options *opt, const char *out_path, ct_error *err);

/* Nonzero when DIR holds a fit's posterior.csv. */
int ct_viz_is_fit_dir(const char *dir);
/* Draws a fit directory into OUT_PATH: the last generation's weighted marginal of each parameter
   (up to 6), the scatter of the first two, and for each observed data column the posterior
   predictive 5-95% band and median (from the accepted runs' counts.csv) over the data with
   +-sd bars. */
int ct_viz_plot_fit(const char *dir, const ct_viz_options *opt, const char *out_path,
                    ct_error *err);
/* Nonzero when DIR holds a cohort's cohort.csv. */
int ct_viz_is_cohort_dir(const char *dir);
/* Draws a cohort directory into OUT_PATH, a row per metric column (the metrics that
   cohort_summary.csv names; the first 16): the values per arm (points and median), the
   waterfall of their paired differences (last arm - first arm), and for an extinction_time
   metric the fraction of patients without the event over time per arm. */
int ct_viz_plot_cohort(const char *dir, const ct_viz_options *opt, const char *out_path,
                       ct_error *err);
#endif
