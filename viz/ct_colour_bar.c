/* The field colour bar: a gradient through the colour map, its title, and ticks thinned to the
   bar's height (a short bar in a multi-panel figure gets fewer labels, never crowded ones). */
#include "ct_colour_bar.h"

#include <math.h>
#include <stdio.h>

#include "ct_ticks.h"

#define TICK 2.0
#define MAX_DECADE_LABELS 5

static void fill_gradient(cairo_t *cr, const ct_viz_rect *bar, ct_viz_colormap_id map)
{
    int n;
    const ct_viz_rgb *anchors = ct_viz_colormap_anchors(map, &n);
    cairo_pattern_t *g = cairo_pattern_create_linear(0, bar->y + bar->h, 0, bar->y);
    for (int i = 0; i < n; i++)
        cairo_pattern_add_color_stop_rgb(g, (double)i / (n - 1), anchors[i].r, anchors[i].g,
                                         anchors[i].b);
    cairo_rectangle(cr, bar->x, bar->y, bar->w, bar->h);
    cairo_set_source(cr, g);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
}

static double tick_y(const ct_viz_rect *bar, const ct_viz_scale *scale, double value)
{
    return bar->y + bar->h * (1 - ct_viz_scale_position(scale, value));
}

/* Whole decades, every stride-th one: at most MAX_DECADE_LABELS and a pitch apart. Returns -1
   when the range holds fewer than two decades (linear ticks read better then). */
static int decade_ticks(const ct_viz_rect *bar, const ct_viz_scale *scale,
                        ct_viz_bar_tick *ticks, int max)
{
    int first = (int)ceil(log10(scale->lo) - 1e-9), last = (int)floor(log10(scale->hi) + 1e-9);
    if (last <= first)
        return -1;
    double decade_pt = bar->h / (log10(scale->hi) - log10(scale->lo));
    int stride = ct_viz_decade_stride(first, last, decade_pt, CT_VIZ_TICK_LABEL_PITCH,
                                      MAX_DECADE_LABELS);
    int n = 0;
    for (int k = first; k <= last && n < max; k += stride)
        ticks[n++] = (ct_viz_bar_tick){pow(10, k), tick_y(bar, scale, pow(10, k)), 1, 1};
    return n;
}

static double bar_label_room(double step, const void *ctx)
{
    (void)step;
    (void)ctx;
    return CT_VIZ_TICK_LABEL_PITCH;
}

/* Round values with the most labels that keep a pitch apart (four at most). */
static int linear_ticks(const ct_viz_rect *bar, const ct_viz_scale *scale,
                        ct_viz_bar_tick *ticks, int max)
{
    double step = ct_viz_spaced_step(scale->lo, scale->hi, bar->h, 4, bar_label_room, NULL);
    double values[CT_VIZ_MAX_TICKS];
    int n = ct_viz_ticks(scale->lo, scale->hi, step, values, max < CT_VIZ_MAX_TICKS ? max
                                                                          : CT_VIZ_MAX_TICKS);
    for (int i = 0; i < n; i++)
        ticks[i] = (ct_viz_bar_tick){values[i], tick_y(bar, scale, values[i]), step, 0};
    return n;
}

int ct_viz_colour_bar_ticks(const ct_viz_rect *bar, const ct_viz_scale *scale,
                            ct_viz_bar_tick *ticks, int max)
{
    int n = scale->log ? decade_ticks(bar, scale, ticks, max) : -1;
    return n >= 0 ? n : linear_ticks(bar, scale, ticks, max);
}

static void draw_tick(cairo_t *cr, const ct_viz_rect *bar, const ct_viz_bar_tick *tick)
{
    double x = bar->x + bar->w;
    cairo_move_to(cr, x, tick->y);
    cairo_line_to(cr, x + TICK, tick->y);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, CT_VIZ_LINE_PT);
    cairo_stroke(cr);
    if (tick->power_of_ten) {
        ct_viz_text_power10(cr, x + TICK + 2, tick->y, CT_VIZ_START, CT_VIZ_MIDDLE,
                            CT_VIZ_FONT_PT, (int)lround(log10(tick->value)));
        return;
    }
    char label[32];
    ct_viz_format_number(tick->value, tick->step, label, sizeof label);
    ct_viz_text(cr, x + TICK + 2, tick->y, CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0, label);
}

void ct_viz_colour_bar_title(const ct_snapshot *s, const ct_viz_field_layer *field, char *buf,
                             size_t size)
{
    const char *units = s->field_units[field->index];
    if (*units)
        snprintf(buf, size, "%s (%s)", s->field_names[field->index], units);
    else
        snprintf(buf, size, "%s", s->field_names[field->index]);
}

void ct_viz_draw_colour_bar(cairo_t *cr, const ct_viz_rect *bar, double title_h,
                            const ct_snapshot *s, const ct_viz_field_layer *field)
{
    char title[CT_VIZ_BAR_TITLE_MAX];
    ct_viz_colour_bar_title(s, field, title, sizeof title);
    ct_viz_text(cr, bar->x, bar->y - title_h / 2, CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0,
                title);
    fill_gradient(cr, bar, field->map);
    cairo_rectangle(cr, bar->x, bar->y, bar->w, bar->h);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, CT_VIZ_LINE_PT / 2);
    cairo_stroke(cr);
    ct_viz_bar_tick ticks[CT_VIZ_MAX_TICKS];
    int n = ct_viz_colour_bar_ticks(bar, &field->scale, ticks, CT_VIZ_MAX_TICKS);
    for (int i = 0; i < n; i++)
        draw_tick(cr, bar, &ticks[i]);
}
