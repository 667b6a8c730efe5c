/* Shared helpers for tests that check figures by their pixels. */
#ifndef CT_TEST_VIZ_HELPERS_H
#define CT_TEST_VIZ_HELPERS_H

#include <cairo.h>

#include "ct_colour.h"

#define TH_DPI 144.0 /* 2 pixels per point */

/* NAME in the test run's scratch directory. Static buffer, one of four in turn. */
const char *th_tmp_path(const char *name);
/* Colour of the pixel under page point (x, y) of a PNG drawn at TH_DPI. */
ct_viz_rgb th_pixel_at(cairo_surface_t *png, double x, double y);
/* Whether A and B differ by at most TOL in every channel. */
int th_same_rgb(ct_viz_rgb a, ct_viz_rgb b, double tol);

#endif
