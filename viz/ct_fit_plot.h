/* The figure of a fit directory, laid out before it is drawn so that tests can check its panels
 * and axes: the weighted marginal of each parameter (up to six), the scatter of the first two,
 * and one posterior predictive panel per observed column of data.csv.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_FIT_PLOT_H
#define CT_VIZ_FIT_PLOT_H

#include <cairo.h>

#include "ct_plot.h"
#include "ct_table.h"
#include "ct_viz.h"

#define CT_VIZ_FIT_MAX_MARGINALS 6
#define CT_VIZ_FIT_MAX_OBSERVED 32 /* data columns, as a fit's data file allows */

typedef enum ct_viz_fit_panel_kind {
    CT_VIZ_FIT_MARGINAL,  /* index: the parameter */
    CT_VIZ_FIT_SCATTER,   /* the first two parameters */
    CT_VIZ_FIT_PREDICTIVE /* index: the observed column, in data.csv order */
} ct_viz_fit_panel_kind;

/* Weighted 5%, 50% and 95% of each observed column over the accepted runs, per output time. */
typedef struct ct_viz_fit_bands {
    size_t n;      /* times; 0: no run could be read */
    double *time;  /* n, then lo, mid, hi of each observed column in turn */
} ct_viz_fit_bands;

typedef struct ct_viz_fit_figure {
    ct_viz_table post, data;
    size_t first, n;    /* rows of the last generation in posterior.csv */
    int d;              /* parameters */
    int n_observed;
    int observed[CT_VIZ_FIT_MAX_OBSERVED]; /* data.csv columns: not time, not sd_<name> */
    ct_viz_fit_bands bands;
    int n_panels, columns;
    double width, height, panel_w, panel_h;
} ct_viz_fit_figure;

/* Reads DIR's posterior.csv, data.csv and the last generation's counts.csv files, and lays the
   page out (opt->width_mm). F is freed with ct_viz_fit_figure_free, also on error. */
int ct_viz_fit_figure_make(const char *dir, const ct_viz_options *opt, ct_viz_fit_figure *f,
                           ct_error *err);
void ct_viz_fit_figure_free(ct_viz_fit_figure *f);
/* What panel I shows, and of which parameter or observed column (*INDEX). */
ct_viz_fit_panel_kind ct_viz_fit_panel(const ct_viz_fit_figure *f, int i, int *index);
/* The axes of panel I (place, scales, titles) on a page whose margins leave CONTENT. */
void ct_viz_fit_panel_frame(const ct_viz_fit_figure *f, const ct_viz_rect *content, int i,
                            ct_viz_plot_frame *frame);
/* Draws F (a ct_viz_fit_figure); a ct_viz_page_painter. */
int ct_viz_fit_paint(cairo_t *cr, const ct_viz_rect *content, const void *f, ct_error *err);

#endif
