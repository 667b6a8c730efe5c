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

/* Long type (state) names in a third-of-a-page panel, where the legend used to run past the
   panel's edge ("epithelial (susceptibl"): every name, measured at the size it is drawn, ends
   inside the panel. */
TEST(viz_legend_names_fit_inside_their_panel)
{
    static char *long_types[] = {"epithelial", "cd8_effector"};
    static char *long_states[] = {"default", "susceptible", "eclipse_phase_infected"};
    static uint32_t sites[] = {0, 1, 2};
    static uint8_t types[] = {0, 0, 1}, states[] = {1, 2, 0};
    ct_snapshot s = {.ndim = 2, .size = {50, 50, 1}, .dx_um = 10, .n_types = 2,
                     .type_names = long_types, .type_colours = (char *[]){NULL, NULL},
                     .n_states = 3, .state_names = long_states, .n_cells = 3, .site = sites,
                     .type = types, .state = states};
    ct_viz_options opt;
    ct_viz_snapshot_style style;
    ct_error err;
    ct_viz_options_init(&opt);
    opt.by_state = 1;
    if (!CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK))
        return;
    ct_viz_snapshot_style_fit_legend(&s, &style);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(surface);
    for (double w = 120; w <= 260; w += 70) { /* a panel of three per page, and wider */
        ct_viz_rect box = {10, 10, w, 200};
        ct_viz_snapshot_layout l;
        ct_viz_snapshot_layout_make(&box, &style, 3, &l);
        CHECK(l.legend_font_pt >= 5.0);
        for (int i = 0; i < 3; i++) {
            char label[CT_VIZ_LEGEND_LABEL_MAX];
            ct_viz_legend_fitted_label(cr, &l, &s, types[i], states[i], label, sizeof label);
            double end = l.legend.x + 0.9 * CT_VIZ_FONT_PT + 3 +
                         ct_viz_text_width(cr, l.legend_font_pt, 0, label);
            if (!CHECK(end <= box.x + box.w + 0.01))
                printf("    panel %.0f pt: \"%s\" ends at %.1f, the panel at %.1f\n", w, label,
                       end, box.x + box.w);
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}
