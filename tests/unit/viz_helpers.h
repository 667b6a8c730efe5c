/* Shared helpers for tests that check figures by their pixels. */
#ifndef CT_TEST_VIZ_HELPERS_H
#define CT_TEST_VIZ_HELPERS_H

#include <cairo.h>

#include "ct_colour.h"
#include "ct_figure.h"

#define TH_DPI 144.0 /* 2 pixels per point */

/* NAME in the test run's scratch directory. Static buffer, one of four in turn. */
const char *th_tmp_path(const char *name);
/* Colour of the pixel under page point (x, y) of a PNG drawn at TH_DPI. */
ct_viz_rgb th_pixel_at(cairo_surface_t *png, double x, double y);
/* Whether A and B differ by at most TOL in every channel. */
int th_same_rgb(ct_viz_rgb a, ct_viz_rgb b, double tol);

/* What a figure's painter drew, counted through a Cairo observer surface: real drawing
   operations, not the painter's own account of them. */
typedef struct th_draw_counts {
    ct_viz_rgb colour;  /* in: the colour whose solid fills are counted */
    int gradient_fills; /* fills with a linear gradient: colour bars */
    int colour_fills;   /* fills in COLOUR: for example a legend swatch */
    int colour_strokes; /* strokes in COLOUR: for example a curve */
    cairo_t *cr;        /* the context drawn with, while painting */
} th_draw_counts;
/* Paints FIGURE with PAINT on a WIDTH x HEIGHT pt page (margins as ct_viz_paint_page) and counts
   into COUNTS; returns the painter's status. */
int th_count_draws(ct_viz_page_painter paint, const void *figure, double width, double height,
                   th_draw_counts *counts);

#endif
