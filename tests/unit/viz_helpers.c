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
