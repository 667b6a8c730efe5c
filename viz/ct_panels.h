/* The multi-panel figure of a run (`render --panels`): the snapshots nearest chosen steps
 * (A, B, ...), one key for all of them (the union of their legends and one colour bar, true
 * because every panel shares one field colour range) and the time series underneath.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_PANELS_H
#define CT_VIZ_PANELS_H

#include <cairo.h>

#include "ct_csv_read.h"
#include "ct_snapshot_draw.h"

typedef struct ct_viz_panels_figure {
    int n;
    ct_snapshot snapshots[CT_VIZ_MAX_PANELS];
    ct_viz_snapshot_style styles[CT_VIZ_MAX_PANELS]; /* shared_key: no legend of their own */
    ct_viz_legend_entry *key; /* every panel's legend entries, once each */
    int n_key;
    double key_w, key_font_pt;
    ct_viz_series series;
    int log_y;
    double width, height;     /* the page, pt */
    double panel_w, row_h, series_h;
} ct_viz_panels_figure;

/* Loads the snapshots nearest opt->panel_steps and counts.csv of RUN_DIR and lays the page out.
   Refuses two steps nearest the same snapshot. F is freed with ct_viz_panels_free, also on
   error. */
int ct_viz_panels_make(const char *run_dir, const ct_viz_options *opt, ct_viz_panels_figure *f,
                       ct_error *err);
void ct_viz_panels_free(ct_viz_panels_figure *f);
/* Where the key goes on a page whose margins leave CONTENT: L's legend and colour_bar. */
void ct_viz_panels_key_layout(const ct_viz_panels_figure *f, const ct_viz_rect *content,
                              ct_viz_snapshot_layout *l);
/* Draws the figure F (a ct_viz_panels_figure) into CONTENT; a ct_viz_page_painter. */
int ct_viz_panels_paint(cairo_t *cr, const ct_viz_rect *content, const void *f, ct_error *err);

#endif
