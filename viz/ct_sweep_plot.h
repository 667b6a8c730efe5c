/* Sweep summary plots: per metric, the mean over replicates against one parameter with a +-sd
   bar and a min-max band, one coloured series per combination of the other parameters.
   Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_SWEEP_PLOT_H
#define CT_VIZ_SWEEP_PLOT_H

#include "ct_plot.h"
#include "ct_sweep_summary.h"
#include "ct_viz.h"

#define CT_VIZ_BAND_ALPHA 0.25 /* opacity of the min-max band over white */
#define CT_VIZ_MARKER_PT 1.8   /* radius of a mean marker */

/* A point of a panel: its series (palette colour), x value and summary row. */
typedef struct ct_viz_summary_point {
    int series;
    double x;
    const ct_viz_summary_row *row;
} ct_viz_summary_point;

typedef struct ct_viz_summary_panel {
    int metric;
    size_t n;
    ct_viz_summary_point *points; /* by series, then by x */
    int n_series;
    int joined; /* 0: too many series to tell apart, so one series of unjoined points */
} ct_viz_summary_panel;

typedef struct ct_viz_summary_plot {
    const ct_viz_summary *summary;
    int x_param;
    ct_viz_scale x; /* shared by every panel */
    int log_y;
    int n_panels;
    ct_viz_summary_panel *panels;
    double width, height;     /* the page, pt */
    double panel_w, panel_h;
    int columns;
    int shared_legend;        /* every panel has the same series: one legend, right of them */
    double legend_w;
} ct_viz_summary_plot;

/* Prepares the panels of S (METRIC or every metric, against X_PARAM or the first parameter);
   PATH names the file in messages. */
int ct_viz_summary_plot_make(const ct_viz_summary *s, const char *path, const char *metric,
                             const char *x_param, const ct_viz_options *opt,
                             ct_viz_summary_plot *plot, ct_error *err);
void ct_viz_summary_plot_free(ct_viz_summary_plot *plot);
/* The axes of panel I on the page (its legend column: none when the legend is shared). */
void ct_viz_summary_plot_frame(const ct_viz_summary_plot *plot, int i, ct_viz_plot_frame *f);
/* With plot->shared_legend, the one legend's place: F's legend, right of every panel. */
void ct_viz_summary_plot_legend_frame(const ct_viz_summary_plot *plot, ct_viz_plot_frame *f);
/* Draws the whole page. */
void ct_viz_summary_plot_draw(cairo_t *cr, const ct_viz_summary_plot *plot);

#endif
