/* Figure labels a reader must be able to read: legend names and colour bar tick labels that
   do not overlap, measured with Cairo's own text extents. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../harness.h"
#include "ct_colour_bar.h"
#include "ct_snapshot_draw.h"
#include "ct_ticks.h"

static char *type_names[] = {"tumour", "tcell"}, *state_names[] = {"default", "active"};

TEST(viz_legend_names_types_without_states_alone)
{
    ct_snapshot s = {.n_types = 2, .type_names = type_names, .n_states = 2,
                     .state_names = state_names};
    char label[CT_VIZ_LEGEND_LABEL_MAX];
    ct_viz_legend_label(&s, 0, 0, label, sizeof label);
    CHECK(strcmp(label, "tumour") == 0);
    ct_viz_legend_label(&s, 1, 1, label, sizeof label);
    CHECK(strcmp(label, "tcell (active)") == 0);
}

/* Height of a tick label's box: the font's ascent + descent, and for 10^k the exponent raised
   0.45 font sizes above it (as ct_viz_text_power10 draws it). */
static double label_height(cairo_t *cr, int power_of_ten)
{
    cairo_font_extents_t fe;
    cairo_select_font_face(cr, CT_VIZ_FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, CT_VIZ_FONT_PT);
    cairo_font_extents(cr, &fe);
    return fe.ascent + fe.descent + (power_of_ten ? 0.45 * CT_VIZ_FONT_PT : 0);
}

/* The shortest colour bar a panel gets (36 pt) with ranges whose round steps used to crowd it:
   every label box, centred on its tick, clears the next one. */
TEST(viz_colour_bar_tick_labels_do_not_overlap_on_short_bars)
{
    static const ct_viz_scale scales[] = {{0, 0.59, 0}, {0, 1.39, 0}, {3, 117, 0},
                                          {0, 1e-3, 0}, {1e-3, 1e3, 1}, {1, 1e8, 1},
                                          {0.5, 40, 1}};
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(surface);
    for (double h = 36; h <= 110; h += 74) {
        ct_viz_rect bar = {0, 0, 7, h};
        for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
            ct_viz_bar_tick t[CT_VIZ_MAX_TICKS];
            int n = ct_viz_colour_bar_ticks(&bar, &scales[i], t, CT_VIZ_MAX_TICKS);
            if (!CHECK(n >= 2))
                printf("    bar %.0f pt, range %g..%g: %d ticks\n", h, scales[i].lo,
                       scales[i].hi, n);
            for (int k = 1; k < n; k++) {
                double room = (label_height(cr, t[k - 1].power_of_ten) +
                               label_height(cr, t[k].power_of_ten)) / 2;
                if (!CHECK(fabs(t[k].y - t[k - 1].y) >= room))
                    printf("    bar %.0f pt, range %g..%g: labels %g and %g %.1f pt apart, "
                           "need %.1f\n", h, scales[i].lo, scales[i].hi, t[k - 1].value,
                           t[k].value, fabs(t[k].y - t[k - 1].y), room);
            }
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}
