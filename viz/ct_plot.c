/* Time-series plots of cell counts. */
#include "ct_plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_colour.h"

#define LEFT 38.0                       /* y tick labels and axis title */
#define BOTTOM (3.4 * CT_VIZ_FONT_PT)   /* x tick labels and axis title */
#define TOP (1.2 * CT_VIZ_FONT_PT)
#define GAP 6.0
#define TICK 2.5
#define LINE_WIDTH 1.2
#define LEGEND_LINE (1.5 * CT_VIZ_FONT_PT)
#define HEADROOM 1.05 /* the extreme values stay clear of the edges */

static void value_range(const ct_viz_series *s, int log_y, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < s->n_rows * (size_t)s->n_columns; i++) {
        double v = s->values[i];
        if (log_y && v <= 0)
            continue;
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
}

static ct_viz_scale y_scale(const ct_viz_series *s, int log_y)
{
    double lo, hi;
    value_range(s, log_y, &lo, &hi);
    ct_viz_scale y = {0, 1, log_y};
    if (log_y && lo <= hi) {
        y.lo = pow(10, floor(log10(lo / HEADROOM)));
        y.hi = pow(10, ceil(log10(hi * HEADROOM)));
    } else if (!log_y && lo <= hi) {
        y.lo = lo < 0 ? lo : 0;
        double step = ct_viz_nice_step(hi * HEADROOM - y.lo, 5);
        y.hi = ceil(hi * HEADROOM / step) * step;
    }
    ct_viz_scale_fix(&y);
    return y;
}

void ct_viz_plot_frame_make(const ct_viz_rect *box, const ct_viz_series *series, int log_y,
                            ct_viz_plot_frame *f)
{
    double side = ct_viz_side_width(box->w);
    f->area = (ct_viz_rect){box->x + LEFT, box->y + TOP, box->w - LEFT - side - GAP,
                            box->h - TOP - BOTTOM};
    f->legend = (ct_viz_rect){f->area.x + f->area.w + GAP, f->area.y, side,
                              series->n_columns * LEGEND_LINE};
    f->t_lo = series->time_min[0];
    f->t_hi = series->time_min[series->n_rows - 1];
    for (size_t i = 0; i < series->n_rows; i++) {
        f->t_lo = fmin(f->t_lo, series->time_min[i]);
        f->t_hi = fmax(f->t_hi, series->time_min[i]);
    }
    if (f->t_hi <= f->t_lo)
        f->t_hi = f->t_lo + 1;
    f->unit = ct_viz_time_unit_for(f->t_hi - f->t_lo);
    f->y = y_scale(series, log_y);
}

void ct_viz_plot_point(const ct_viz_plot_frame *f, double time_min, double value, double *px,
                       double *py)
{
    *px = f->area.x + f->area.w * (time_min - f->t_lo) / (f->t_hi - f->t_lo);
    *py = f->area.y + f->area.h * (1 - ct_viz_scale_position(&f->y, value));
}

static void stroke_dark(cairo_t *cr)
{
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, CT_VIZ_LINE_PT);
    cairo_stroke(cr);
}

static void draw_x_axis(cairo_t *cr, const ct_viz_plot_frame *f)
{
    double ticks[CT_VIZ_MAX_TICKS], lo = f->t_lo / f->unit.minutes, hi = f->t_hi / f->unit.minutes;
    double step = ct_viz_nice_step(hi - lo, 5);
    int n = ct_viz_ticks(lo, hi, step, ticks, CT_VIZ_MAX_TICKS);
    double y = f->area.y + f->area.h;
    for (int i = 0; i < n; i++) {
        char label[32];
        double x, unused;
        ct_viz_plot_point(f, ticks[i] * f->unit.minutes, f->y.lo, &x, &unused);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + TICK);
        stroke_dark(cr);
        ct_viz_format_number(ticks[i], step, label, sizeof label);
        ct_viz_text(cr, x, y + TICK + 2, CT_VIZ_MIDDLE, CT_VIZ_START, CT_VIZ_FONT_PT, 0, label);
    }
    char title[32];
    snprintf(title, sizeof title, "time (%s)", f->unit.symbol);
    ct_viz_text(cr, f->area.x + f->area.w / 2, y + BOTTOM - 0.3 * CT_VIZ_FONT_PT, CT_VIZ_MIDDLE,
                CT_VIZ_END, CT_VIZ_FONT_PT, 0, title);
}

static void draw_y_tick(cairo_t *cr, const ct_viz_plot_frame *f, double value, double step)
{
    double x = f->area.x, y = f->area.y + f->area.h * (1 - ct_viz_scale_position(&f->y, value));
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x - TICK, y);
    stroke_dark(cr);
    if (f->y.log) {
        ct_viz_text_power10(cr, x - TICK - 2, y, CT_VIZ_END, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT,
                            (int)lround(log10(value)));
    } else {
        char label[32];
        ct_viz_format_number(value, step, label, sizeof label);
        ct_viz_text(cr, x - TICK - 2, y, CT_VIZ_END, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0, label);
    }
}

static void draw_y_axis(cairo_t *cr, const ct_viz_plot_frame *f)
{
    if (f->y.log) {
        int first = (int)lround(log10(f->y.lo)), last = (int)lround(log10(f->y.hi));
        int stride = (last - first + 5) / 6; /* at most about six labelled decades */
        for (int k = first; k <= last; k += stride)
            draw_y_tick(cr, f, pow(10, k), 1);
    } else {
        double ticks[CT_VIZ_MAX_TICKS], step = ct_viz_nice_step(f->y.hi - f->y.lo, 5);
        int n = ct_viz_ticks(f->y.lo, f->y.hi, step, ticks, CT_VIZ_MAX_TICKS);
        for (int i = 0; i < n; i++)
            draw_y_tick(cr, f, ticks[i], step);
    }
    ct_viz_text_vertical(cr, f->area.x - LEFT + 0.7 * CT_VIZ_FONT_PT, f->area.y + f->area.h / 2,
                         CT_VIZ_FONT_PT, "cells");
}

static void draw_axes(cairo_t *cr, const ct_viz_plot_frame *f)
{
    cairo_move_to(cr, f->area.x, f->area.y);
    cairo_line_to(cr, f->area.x, f->area.y + f->area.h);
    cairo_line_to(cr, f->area.x + f->area.w, f->area.y + f->area.h);
    stroke_dark(cr);
    draw_x_axis(cr, f);
    draw_y_axis(cr, f);
}

/* A "type:state" column is dashed so that it stays apart from its type's solid line. */
static void set_line_style(cairo_t *cr, const char *column, ct_viz_rgb c)
{
    static const double dash[] = {3.0, 1.5};
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, LINE_WIDTH);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, dash, strchr(column, ':') ? 2 : 0, 0);
}

static void draw_line(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_series *s, int col)
{
    int pen_down = 0;
    for (size_t i = 0; i < s->n_rows; i++) {
        double v = s->values[i * (size_t)s->n_columns + col], x, y;
        if (f->y.log && v <= 0) { /* no place on a log axis: break the line */
            pen_down = 0;
            continue;
        }
        ct_viz_plot_point(f, s->time_min[i], v, &x, &y);
        if (pen_down)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
        pen_down = 1;
    }
    cairo_stroke(cr);
}

static void draw_legend(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_series *s,
                        const ct_snapshot *colours)
{
    for (int col = 0; col < s->n_columns; col++) {
        double y = f->legend.y + (col + 0.5) * LEGEND_LINE;
        set_line_style(cr, s->names[col], ct_viz_column_colour(colours, s->names[col], col));
        cairo_move_to(cr, f->legend.x, y);
        cairo_line_to(cr, f->legend.x + 12, y);
        cairo_stroke(cr);
        ct_viz_text(cr, f->legend.x + 15, y, CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0,
                    s->names[col]);
    }
    cairo_set_dash(cr, NULL, 0, 0);
}

void ct_viz_draw_series(cairo_t *cr, const ct_viz_rect *box, const ct_viz_series *series,
                        const ct_snapshot *colours, int log_y)
{
    ct_viz_plot_frame f;
    ct_viz_plot_frame_make(box, series, log_y, &f);
    cairo_save(cr);
    cairo_rectangle(cr, f.area.x, f.area.y, f.area.w, f.area.h);
    cairo_clip(cr);
    for (int col = 0; col < series->n_columns; col++) {
        set_line_style(cr, series->names[col],
                       ct_viz_column_colour(colours, series->names[col], col));
        draw_line(cr, &f, series, col);
    }
    cairo_restore(cr);
    draw_axes(cr, &f);
    draw_legend(cr, &f, series, colours);
}
