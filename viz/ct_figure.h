/* Figure files: a Cairo surface for PNG, SVG or PDF written through ct_outfile, and panel letters.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_FIGURE_H
#define CT_VIZ_FIGURE_H

#include <cairo.h>

#include "ct_io.h"
#include "ct_text.h"

typedef enum ct_viz_format { CT_VIZ_PNG, CT_VIZ_SVG, CT_VIZ_PDF } ct_viz_format;

#define CT_VIZ_PT_PER_MM (72.0 / 25.4)
#define CT_VIZ_MARGIN 4.0             /* around the page */
#define CT_VIZ_PANEL_GAP 10.0         /* between panels */
#define CT_VIZ_SINGLE_COLUMN_MM 89.0  /* one journal column */
#define CT_VIZ_DOUBLE_COLUMN_MM 183.0 /* a full page width */
#define CT_VIZ_PLOT_ASPECT 0.62       /* height / width of a plot panel */

typedef struct ct_viz_canvas {
    ct_viz_format format;
    ct_outfile out;
    cairo_surface_t *surface;
    cairo_t *cr; /* draws in points on a white page */
} ct_viz_canvas;

/* The format named by PATH's extension (.png, .svg, .pdf, any case). */
int ct_viz_format_from_path(const char *path, ct_viz_format *format, ct_error *err);
/* Starts a WIDTH x HEIGHT pt page for PATH (PNG at DPI pixels per inch). */
int ct_viz_canvas_open(ct_viz_canvas *c, const char *path, double width_pt, double height_pt,
                       double dpi, ct_error *err);
/* Finishes the page and renames the file into place. */
int ct_viz_canvas_close(ct_viz_canvas *c, ct_error *err);
/* Drops the page and its temporary file. */
void ct_viz_canvas_abort(ct_viz_canvas *c);

/* Fills the page inside its margins (CONTENT); returns a status. */
typedef int (*ct_viz_page_painter)(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                                   ct_error *err);
/* Opens a WIDTH x HEIGHT pt page for OUT_PATH, lets PAINT fill it, then closes it (or drops it
   on error). */
int ct_viz_paint_page(const char *out_path, double width, double height, double dpi,
                      ct_viz_page_painter paint, const void *figure, ct_error *err);
/* Page width in points: WIDTH_MM when > 0, else DEFAULT_MM. */
double ct_viz_page_width(double width_mm, double default_mm);
/* Box INDEX of a grid of W x H panels, COLUMNS per row, from the top left of CONTENT. */
ct_viz_rect ct_viz_grid_cell(const ct_viz_rect *content, int index, int columns, double w,
                             double h);

/* Panel letter A, B, ... at the top-left corner of BOX; returns the box left for the panel. */
ct_viz_rect ct_viz_panel_letter(cairo_t *cr, const ct_viz_rect *box, int index);
/* The box ct_viz_panel_letter leaves for the panel, without drawing. */
ct_viz_rect ct_viz_panel_letter_space(const ct_viz_rect *box);

#endif
