/* Line plots: axes and legends shared by every plot, and time-series plots of cell counts. */
#include "ct_plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_colour.h"
#include "ct_series_columns.h"

#define LEFT 38.0                       /* y tick labels and axis title */
#define BOTTOM (3.4 * CT_VIZ_FONT_PT)   /* x tick labels and axis title */
#define TOP (1.2 * CT_VIZ_FONT_PT)
#define GAP 6.0
#define TICK 2.5
#define LEGEND_LINE (1.5 * CT_VIZ_FONT_PT)
#define HEADROOM 1.05 /* the extreme values stay clear of the edges */

/* ---- axes ---- */

void ct_viz_plot_frame_place(const ct_viz_rect *box, int n_legend, ct_viz_plot_frame *f)
{
    double side = n_legend > 0 ? ct_viz_side_width(box->w) : 0, gap = n_legend > 0 ? GAP : 0;
    memset(f, 0, sizeof *f);
    f->area = (ct_viz_rect){box->x + LEFT, box->y + TOP, box->w - LEFT - side - gap,
                            box->h - TOP - BOTTOM};
    f->legend = (ct_viz_rect){f->area.x + f->area.w + gap, f->area.y, side,
                              n_legend * LEGEND_LINE};
    f->x = (ct_viz_scale){0, 1, 0};
    f->y = f->x;
    f->x_unit = 1;
}

ct_viz_scale ct_viz_plot_value_scale(double lo, double hi, int log)
{
    ct_viz_scale y = {0, 1, log};
    if (log && lo <= hi) {
        y.lo = pow(10, floor(log10(lo / HEADROOM)));
        y.hi = pow(10, ceil(log10(hi * HEADROOM)));
    } else if (!log && lo <= hi) {
        y.lo = lo < 0 ? lo : 0;
        double step = ct_viz_nice_step(hi * HEADROOM - y.lo, 5);
        y.hi = ceil(hi * HEADROOM / step) * step;
    }
    ct_viz_scale_fix(&y);
    return y;
}

void ct_viz_plot_point(const ct_viz_plot_frame *f, double x, double y, double *px, double *py)
{
    *px = f->area.x + f->area.w * ct_viz_scale_position(&f->x, x);
    *py = f->area.y + f->area.h * (1 - ct_viz_scale_position(&f->y, y));
}

static void stroke_dark(cairo_t *cr)
{
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, CT_VIZ_LINE_PT);
    cairo_stroke(cr);
}

typedef struct axis_ticks {
    int n;
    double at[CT_VIZ_MAX_TICKS]; /* in label units (data / unit) */
    double step;                 /* label precision; 0: each tick's own */
    int power10;                 /* label as 10^k */
} axis_ticks;

/* Decades (at most about six labelled) when two or more fall inside, else 1-2-5 multiples. */
static void log_ticks(double lo, double hi, axis_ticks *t)
{
    int first = (int)ceil(log10(lo) - 1e-9), last = (int)floor(log10(hi) + 1e-9);
    t->power10 = last > first;
    if (t->power10) {
        int stride = (last - first + 5) / 6;
        for (int k = first; k <= last && t->n < CT_VIZ_MAX_TICKS; k += stride)
            t->at[t->n++] = pow(10, k);
        return;
    }
    static const double multiple[] = {1, 2, 5};
    for (int k = first - 1; k <= last; k++)
        for (int m = 0; m < 3 && t->n < CT_VIZ_MAX_TICKS; m++) {
            double v = multiple[m] * pow(10, k);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
                t->at[t->n++] = v;
        }
}

static axis_ticks make_ticks(const ct_viz_scale *s, double unit)
{
    axis_ticks t = {0};
    double lo = s->lo / unit, hi = s->hi / unit;
    if (s->log) {
        log_ticks(lo, hi, &t);
    } else {
        t.step = ct_viz_nice_step(hi - lo, 5);
        t.n = ct_viz_ticks(lo, hi, t.step, t.at, CT_VIZ_MAX_TICKS);
    }
    return t;
}

static void tick_label(cairo_t *cr, double x, double y, ct_viz_align ax, ct_viz_align ay,
                       const axis_ticks *t, double v)
{
    if (t->power10) {
        ct_viz_text_power10(cr, x, y, ax, ay, CT_VIZ_FONT_PT, (int)lround(log10(v)));
        return;
    }
    char label[32];
    ct_viz_format_number(v, t->step > 0 ? t->step : v, label, sizeof label);
    ct_viz_text(cr, x, y, ax, ay, CT_VIZ_FONT_PT, 0, label);
}

static void draw_x_axis(cairo_t *cr, const ct_viz_plot_frame *f)
{
    axis_ticks t = make_ticks(&f->x, f->x_unit);
    double y = f->area.y + f->area.h;
    for (int i = 0; i < t.n; i++) {
        double x, unused;
        ct_viz_plot_point(f, t.at[i] * f->x_unit, f->y.lo, &x, &unused);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + TICK);
        stroke_dark(cr);
        tick_label(cr, x, y + TICK + 2 + (t.power10 ? 0.3 * CT_VIZ_FONT_PT : 0), CT_VIZ_MIDDLE,
                   CT_VIZ_START, &t, t.at[i]);
    }
    ct_viz_text(cr, f->area.x + f->area.w / 2, y + BOTTOM - 0.3 * CT_VIZ_FONT_PT, CT_VIZ_MIDDLE,
                CT_VIZ_END, CT_VIZ_FONT_PT, 0, f->x_title);
}

static void draw_y_axis(cairo_t *cr, const ct_viz_plot_frame *f)
{
    axis_ticks t = make_ticks(&f->y, 1);
    for (int i = 0; i < t.n; i++) {
        double unused, y;
        ct_viz_plot_point(f, f->x.lo, t.at[i], &unused, &y);
        cairo_move_to(cr, f->area.x, y);
        cairo_line_to(cr, f->area.x - TICK, y);
        stroke_dark(cr);
        tick_label(cr, f->area.x - TICK - 2, y, CT_VIZ_END, CT_VIZ_MIDDLE, &t, t.at[i]);
    }
    ct_viz_text_vertical(cr, f->area.x - LEFT + 0.7 * CT_VIZ_FONT_PT, f->area.y + f->area.h / 2,
                         CT_VIZ_FONT_PT, f->y_title);
}

void ct_viz_plot_draw_axes(cairo_t *cr, const ct_viz_plot_frame *f)
{
    cairo_move_to(cr, f->area.x, f->area.y);
    cairo_line_to(cr, f->area.x, f->area.y + f->area.h);
    cairo_line_to(cr, f->area.x + f->area.w, f->area.y + f->area.h);
    stroke_dark(cr);
    draw_x_axis(cr, f);
    draw_y_axis(cr, f);
}

void ct_viz_plot_clip(cairo_t *cr, const ct_viz_plot_frame *f)
{
    cairo_save(cr);
    cairo_rectangle(cr, f->area.x, f->area.y, f->area.w, f->area.h);
    cairo_clip(cr);
}

double ct_viz_plot_legend_y(const ct_viz_plot_frame *f, int line)
{
    return f->legend.y + (line + 0.5) * LEGEND_LINE;
}

void ct_viz_plot_legend_entry(cairo_t *cr, const ct_viz_plot_frame *f, int line,
                              const char *text)
{
    double y = ct_viz_plot_legend_y(f, line);
    cairo_move_to(cr, f->legend.x, y);
    cairo_line_to(cr, f->legend.x + 12, y);
    cairo_stroke(cr);
    ct_viz_text(cr, f->legend.x + 15, y, CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0, text);
}

/* ---- time series ---- */

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

void ct_viz_plot_frame_make(const ct_viz_rect *box, const ct_viz_series *series, int log_y,
                            ct_viz_plot_frame *f)
{
    ct_viz_plot_frame_place(box, series->n_columns, f);
    double t_lo = series->time_min[0], t_hi = t_lo, v_lo, v_hi;
    for (size_t i = 0; i < series->n_rows; i++) {
        t_lo = fmin(t_lo, series->time_min[i]);
        t_hi = fmax(t_hi, series->time_min[i]);
    }
    if (t_hi <= t_lo)
        t_hi = t_lo + 1;
    ct_viz_time_unit unit = ct_viz_time_unit_for(t_hi - t_lo);
    f->x = (ct_viz_scale){t_lo, t_hi, 0};
    f->x_unit = unit.minutes;
    snprintf(f->x_title, sizeof f->x_title, "time (%s)", unit.symbol);
    snprintf(f->y_title, sizeof f->y_title, "cells");
    value_range(series, log_y, &v_lo, &v_hi);
    f->y = ct_viz_plot_value_scale(v_lo, v_hi, log_y);
}

/* A "type:state" column is dashed so that it stays apart from its type's solid line. */
static void set_line_style(cairo_t *cr, const char *column, ct_viz_rgb c)
{
    static const double dash[] = {3.0, 1.5};
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
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
        set_line_style(cr, s->names[col], ct_viz_column_colour(colours, s->names[col], col));
        ct_viz_plot_legend_entry(cr, f, col, s->names[col]);
    }
    cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_plot(cairo_t *cr, const ct_viz_rect *box, const ct_viz_series *series,
                      const ct_snapshot *colours, int log_y, const char *y_title)
{
    ct_viz_plot_frame f;
    ct_viz_plot_frame_make(box, series, log_y, &f);
    snprintf(f.y_title, sizeof f.y_title, "%s", y_title);
    ct_viz_plot_clip(cr, &f);
    for (int col = 0; col < series->n_columns; col++) {
        set_line_style(cr, series->names[col],
                       ct_viz_column_colour(colours, series->names[col], col));
        draw_line(cr, &f, series, col);
    }
    cairo_restore(cr);
    ct_viz_plot_draw_axes(cr, &f);
    draw_legend(cr, &f, series, colours);
}

int ct_viz_series_plot_count(const ct_viz_series *series, const ct_snapshot *colours)
{
    int cells = 0;
    for (int col = 0; col < series->n_columns; col++)
        cells += ct_viz_series_is_cell_column(colours, series->names[col]);
    return (cells > 0) + (cells < series->n_columns);
}

int ct_viz_draw_series(cairo_t *cr, const ct_viz_rect *box, const ct_viz_series *series,
                       const ct_snapshot *colours, int log_y, ct_error *err)
{
    ct_viz_series cells, other;
    int rc = ct_viz_series_split(series, colours, &cells, &other, err);
    if (rc)
        return rc;
    int n_plots = (cells.n_columns > 0) + (other.n_columns > 0);
    ct_viz_rect part = {box->x, box->y, box->w, box->h / (n_plots > 0 ? n_plots : 1)};
    if (cells.n_columns > 0) {
        draw_plot(cr, &part, &cells, colours, log_y, "cells");
        part.y += part.h;
    }
    /* script, plugin and phase columns count other things, often cumulatively: an axis of their own */
    if (other.n_columns > 0)
        draw_plot(cr, &part, &other, colours, log_y, "other columns");
    ct_viz_series_free(&cells);
    ct_viz_series_free(&other);
    return CT_OK;
}
