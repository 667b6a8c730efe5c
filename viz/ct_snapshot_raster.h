/* A snapshot view as pixels: one ARGB32 pixel per site, cells over an optional field.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_SNAPSHOT_RASTER_H
#define CT_VIZ_SNAPSHOT_RASTER_H

#include <cairo.h>

#include "ct_colormap.h"
#include "ct_viz.h"

/* The part of the lattice drawn: sites x0 <= x < x1, y0 <= y < y1 of slice z, or projected. */
typedef struct ct_viz_view {
    uint32_t x0, y0, x1, y1;
    uint32_t z;
    int project; /* cells: first occupied site from z = 0 up; field: maximum along z */
} ct_viz_view;

typedef struct ct_viz_field_layer {
    int index;             /* field of the snapshot drawn under the cells; -1: none */
    ct_viz_colormap_id map;
    ct_viz_scale scale;
} ct_viz_field_layer;

/* Everything that decides how a snapshot looks. */
typedef struct ct_viz_snapshot_style {
    ct_viz_view view;
    ct_viz_field_layer field;
    int by_state;
    double cell_size_pt; /* > 0: cells drawn as squares of at least this side */
    double field_alpha;  /* > 0: the field drawn over the cells too, with this opacity */
    double legend_text_pt; /* widest legend name at CT_VIZ_FONT_PT (ct_snapshot_draw.h); 0: unknown */
    int shared_key; /* legend and colour bar drawn once for a multi-panel figure, not beside
                       this panel (which then has no side column) */
} ct_viz_snapshot_style;

/* Background of empty sites, and of non-finite field values. */
#define CT_VIZ_EMPTY_GREY 0.93
#define CT_VIZ_MISSING_GREY 0.6

/* Checks the options against the snapshot (region inside the lattice, slice inside its depth,
   field present) and fills STYLE, with the field's colour range over the view. */
int ct_viz_snapshot_style_make(const ct_snapshot *s, const ct_viz_options *opt,
                               ct_viz_snapshot_style *style, ct_error *err);
/* Widens RANGE to include the finite field values of the view (positive ones on a log scale). */
void ct_viz_field_range_extend(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                               ct_viz_scale *range);

uint32_t ct_viz_view_width(const ct_viz_view *v);
uint32_t ct_viz_view_height(const ct_viz_view *v);

/* The view as an image surface, row 0 at the top (largest y). Caller destroys it. */
int ct_viz_snapshot_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                           cairo_surface_t **out, ct_error *err);

/* The cells alone, every other pixel transparent: where to draw enlarged cell markers. */
int ct_viz_snapshot_cells_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                                 cairo_surface_t **out, ct_error *err);

/* The field alone (no cells), as under the cells: for drawing it over them translucently. */
int ct_viz_snapshot_field_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                                 cairo_surface_t **out, ct_error *err);

#endif
