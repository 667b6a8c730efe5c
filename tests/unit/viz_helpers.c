/* Pixel helpers for the viz tests, and the release of Cairo's font caches at exit. */
#include "viz_helpers.h"

#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "../harness.h"

const char *th_tmp_path(const char *name)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", ct_test_tmpdir(), name);
    return p;
}

ct_viz_rgb th_pixel_at(cairo_surface_t *png, double x, double y)
{
    int px = (int)(x * TH_DPI / 72), py = (int)(y * TH_DPI / 72);
    const uint8_t *row = cairo_image_surface_get_data(png) +
                         (size_t)py * (size_t)cairo_image_surface_get_stride(png);
    return ct_viz_pixel_rgb(((const uint32_t *)row)[px]);
}

int th_same_rgb(ct_viz_rgb a, ct_viz_rgb b, double tol)
{
    return fabs(a.r - b.r) <= tol && fabs(a.g - b.g) <= tol && fabs(a.b - b.b) <= tol;
}

/* Whether the current source of C's context is a solid C->colour. */
static int source_is_colour(const th_draw_counts *c)
{
    double r, g, b, a;
    return cairo_pattern_get_rgba(cairo_get_source(c->cr), &r, &g, &b, &a) == CAIRO_STATUS_SUCCESS &&
           th_same_rgb((ct_viz_rgb){r, g, b}, c->colour, 1e-9);
}

static void count_fill(cairo_surface_t *observer, cairo_surface_t *target, void *data)
{
    (void)observer;
    (void)target;
    th_draw_counts *c = data;
    if (cairo_pattern_get_type(cairo_get_source(c->cr)) == CAIRO_PATTERN_TYPE_LINEAR)
        c->gradient_fills++;
    else if (source_is_colour(c))
        c->colour_fills++;
}

static void count_stroke(cairo_surface_t *observer, cairo_surface_t *target, void *data)
{
    (void)observer;
    (void)target;
    th_draw_counts *c = data;
    c->colour_strokes += source_is_colour(c);
}

int th_count_draws(ct_viz_page_painter paint, const void *figure, double width, double height,
                   th_draw_counts *counts)
{
    cairo_surface_t *target = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_surface_t *observer =
        cairo_surface_create_observer(target, CAIRO_SURFACE_OBSERVER_NORMAL);
    counts->gradient_fills = counts->colour_fills = counts->colour_strokes = 0;
    counts->cr = cairo_create(observer);
    cairo_surface_observer_add_fill_callback(observer, count_fill, counts);
    cairo_surface_observer_add_stroke_callback(observer, count_stroke, counts);
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, width - 2 * CT_VIZ_MARGIN,
                           height - 2 * CT_VIZ_MARGIN};
    ct_error err;
    int rc = paint(counts->cr, &content, figure, &err);
    if (rc)
        printf("    painter: %s\n", err.msg);
    cairo_destroy(counts->cr);
    counts->cr = NULL;
    cairo_surface_destroy(observer);
    cairo_surface_destroy(target);
    return rc;
}

/* Cairo and fontconfig keep font caches to the end; free them so that leak checkers (make asan)
   see only our leaks. FcFini is looked up because the build does not link fontconfig itself. */
__attribute__((destructor)) static void release_font_caches(void)
{
    cairo_debug_reset_static_data();
    void (*fc_fini)(void);
    *(void **)&fc_fini = dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini)
        fc_fini();
}
