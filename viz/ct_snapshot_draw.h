/* A snapshot panel: the lattice view, time label, scale bar, legend and field colour bar.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_SNAPSHOT_DRAW_H
#define CT_VIZ_SNAPSHOT_DRAW_H

#include <cairo.h>

#include "ct_snapshot_raster.h"
#include "ct_text.h"

typedef struct ct_viz_snapshot_layout {
    ct_viz_rect image;      /* the view, one square of side site_pt per site */
    double site_pt;
    ct_viz_rect legend;     /* swatches and names */
    double legend_font_pt;  /* their size: CT_VIZ_FONT_PT unless names too long had to shrink */
    ct_viz_rect colour_bar; /* the field's gradient, bottom = low; w == 0 without a field */
} ct_viz_snapshot_layout;

typedef struct ct_viz_legend_entry {
    int type, state;
} ct_viz_legend_entry;

/* The legend of the snapshots S[0..N_SNAPSHOTS) (of one run: the same types and states), by
   type then state: every type, or with by_state every (type, state) present in any of them.
   Caller frees; NULL when out of memory. */
ct_viz_legend_entry *ct_viz_legend_entries(const ct_snapshot *s, int n_snapshots, int by_state,
                                           int *n);
/* Number of legend entries of one snapshot. */
int ct_viz_snapshot_legend_size(const ct_snapshot *s, int by_state);
#define CT_VIZ_LEGEND_LABEL_MAX (2 * CT_SNAPSHOT_MAX_NAME + 8)
/* The legend's name for TYPE in STATE: "tcell (active)", or the type alone for state 0, the
   default state every cell starts in (types without states have no other). */
void ct_viz_legend_label(const ct_snapshot *s, int type, int state, char *buf, size_t size);
/* The name as drawn in layout L's legend: ct_viz_legend_label, cut short with an ellipsis
   where even the smallest legend size leaves it too long for the column. */
void ct_viz_legend_fitted_label(cairo_t *cr, const ct_viz_snapshot_layout *l,
                                const ct_snapshot *s, int type, int state, char *buf,
                                size_t size);
/* Measures the legend's names into STYLE, so that the legend column fits them (up to 45% of
   the panel at full size; past that they are set smaller, down to 5 pt, in up to 60% of it).
   Without it the column has the default width. */
void ct_viz_snapshot_style_fit_legend(const ct_snapshot *s, ct_viz_snapshot_style *style);
/* Height a panel of this width needs (without a side column when style->shared_key). */
double ct_viz_snapshot_height(double width, const ct_viz_snapshot_style *style, int n_legend);
/* Where the parts of a panel go inside BOX; with style->shared_key the legend and colour bar
   are empty (w == 0). */
void ct_viz_snapshot_layout_make(const ct_viz_rect *box, const ct_viz_snapshot_style *style,
                                 int n_legend, ct_viz_snapshot_layout *layout);

/* A multi-panel figure's one key (legend and colour bar), drawn once beside the panels: its
   width for panels PANEL_W wide (were they to have their own column), wide enough for the
   longest name and the bar's title at full size up to 60% of PANEL_W, and its names' size in
   *FONT_PT (smaller, down to 5 pt, past that). style->shared_key is not looked at. */
double ct_viz_snapshot_key_width(double panel_w, const ct_viz_snapshot_style *style,
                                 double *font_pt);
/* Height a panel needs to hold a key of N_LEGEND lines (and a colour bar with a field) beside
   its image. */
double ct_viz_snapshot_key_height(const ct_viz_snapshot_style *style, int n_legend);
/* Lays the key out in COLUMN (top: the first line; bottom: where the colour bar may end, but
   it is never shorter than its minimum); sets L's legend, legend_font_pt and colour_bar. */
void ct_viz_snapshot_key_layout(const ct_viz_rect *column, double font_pt, int has_field,
                                int n_legend, ct_viz_snapshot_layout *l);
/* Draws the legend ENTRIES[0..N) and, with a field, the colour bar of STYLE into L's places. */
void ct_viz_draw_snapshot_key(cairo_t *cr, const ct_viz_snapshot_layout *l, const ct_snapshot *s,
                              const ct_viz_snapshot_style *style,
                              const ct_viz_legend_entry *entries, int n);
/* Page position of the centre of site (x, y) of the view (y grows upwards on the page). */
void ct_viz_snapshot_site_centre(const ct_viz_snapshot_layout *layout, const ct_viz_view *view,
                                 uint32_t x, uint32_t y, double *px, double *py);
/* Draws the panel into BOX. */
int ct_viz_draw_snapshot(cairo_t *cr, const ct_viz_rect *box, const ct_snapshot *s,
                         const ct_viz_snapshot_style *style, ct_error *err);

#endif
