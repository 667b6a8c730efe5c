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
#define HEADROOM 1.05 /* the extreme values stay clear of the edges */
#define MIN_TITLE_PT 5.0 /* long axis titles are set smaller, down to this */

/* ---- axes ---- */

void ct_viz_plot_frame_place(const ct_viz_rect *box, int n_legend, ct_viz_plot_frame *f)
{
    double side = n_legend > 0 ? ct_viz_side_width(box->w) : 0, gap = n_legend > 0 ? GAP : 0;
    memset(f, 0, sizeof *f);
    f->area = (ct_viz_rect){box->x + LEFT, box->y + TOP, box->w - LEFT - side - gap,
                            box->h - TOP - BOTTOM};
    f->legend = (ct_viz_rect){f->area.x + f->area.w + gap, f->area.y, side,
                              n_legend * CT_VIZ_PLOT_LEGEND_LINE};
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

#define LABEL_GAP (0.8 * CT_VIZ_FONT_PT) /* at least between two x tick labels */
#define MAX_DECADE_LABELS 6

/* What a tick label's room depends on: the axis, and its labels' sizes. */
typedef struct axis_measure {
    cairo_t *cr;
    ct_viz_axis axis;
    double lo, hi; /* in label units */
} axis_measure;

static double label_width(cairo_t *cr, double v, double step, int power10)
{
    char text[32];
    if (power10)
        return ct_viz_text_power10_width(cr, CT_VIZ_FONT_PT, (int)lround(log10(v)));
    ct_viz_format_number(v, step, text, sizeof text);
    return ct_viz_text_width(cr, CT_VIZ_FONT_PT, 0, text);
}

static double linear_room(double step, const void *ctx)
{
    const axis_measure *m = ctx;
    if (m->axis == CT_VIZ_Y_AXIS)
        return CT_VIZ_TICK_LABEL_PITCH;
    double at[CT_VIZ_MAX_TICKS], widest = 0;
    int n = ct_viz_ticks(m->lo, m->hi, step, at, CT_VIZ_MAX_TICKS);
    for (int i = 0; i < n; i++)
        widest = fmax(widest, label_width(m->cr, at[i], step, 0));
    return widest + LABEL_GAP;
}

/* Room between the centres of two labels of a log axis. */
static double log_room(const axis_measure *m, double a, double b, int power10)
{
    if (m->axis == CT_VIZ_Y_AXIS)
        return CT_VIZ_TICK_LABEL_PITCH;
    return (label_width(m->cr, a, a, power10) + label_width(m->cr, b, b, power10)) / 2 +
           LABEL_GAP;
}

/* Decades, every stride-th one so that their labels keep apart, when two or more fall inside;
   else the 1-2-5 multiples that keep apart. LENGTH_PT: the axis on the page. */
static void log_ticks(const axis_measure *m, double length_pt, ct_viz_axis_ticks *t)
{
    double lo = m->lo, hi = m->hi, pt_per_decade = length_pt / log10(hi / lo);
    int first = (int)ceil(log10(lo) - 1e-9), last = (int)floor(log10(hi) + 1e-9);
    t->power10 = last > first;
    if (t->power10) {
        double room = log_room(m, pow(10, first), pow(10, last), 1);
        int stride = ct_viz_decade_stride(first, last, pt_per_decade, room, MAX_DECADE_LABELS);
        for (int k = first; k <= last && t->n < CT_VIZ_MAX_TICKS; k += stride)
            t->at[t->n++] = pow(10, k);
        return;
    }
    static const double multiple[] = {1, 2, 5};
    for (int k = first - 1; k <= last; k++)
        for (int i = 0; i < 3 && t->n < CT_VIZ_MAX_TICKS; i++) {
            double v = multiple[i] * pow(10, k);
            if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
                continue;
            double prev = t->n ? t->at[t->n - 1] : 0;
            if (!t->n || log10(v / prev) * pt_per_decade >= log_room(m, prev, v, 0))
                t->at[t->n++] = v;
        }
}

ct_viz_axis_ticks ct_viz_plot_axis_ticks(cairo_t *cr, const ct_viz_plot_frame *f,
                                         ct_viz_axis axis)
{
    ct_viz_axis_ticks t = {0};
    const ct_viz_scale *s = axis == CT_VIZ_X_AXIS ? &f->x : &f->y;
    double unit = axis == CT_VIZ_X_AXIS ? f->x_unit : 1;
    double length = axis == CT_VIZ_X_AXIS ? f->area.w : f->area.h;
    axis_measure m = {cr, axis, s->lo / unit, s->hi / unit};
    if (s->log) {
        log_ticks(&m, length, &t);
    } else {
        t.step = ct_viz_spaced_step(m.lo, m.hi, length, 5, linear_room, &m);
        t.n = ct_viz_ticks(m.lo, m.hi, t.step, t.at, CT_VIZ_MAX_TICKS);
    }
    for (int i = 0; i < t.n; i++) {
        double x, y, w = label_width(cr, t.at[i], t.step > 0 ? t.step : t.at[i], t.power10);
        double h = 0.72 * CT_VIZ_FONT_PT + (t.power10 ? 0.45 * CT_VIZ_FONT_PT : 0);
        if (axis == CT_VIZ_X_AXIS) {
            ct_viz_plot_point(f, t.at[i] * unit, f->y.lo, &x, &y);
            y = f->area.y + f->area.h + TICK + 2;
            t.box[i] = (ct_viz_rect){x - w / 2, y, w, h};
        } else {
            ct_viz_plot_point(f, f->x.lo, t.at[i], &x, &y);
            x = f->area.x - TICK - 2;
            t.box[i] = (ct_viz_rect){x - w, y - h / 2, w, h};
        }
    }
    return t;
}

static void tick_label(cairo_t *cr, double x, double y, ct_viz_align ax, ct_viz_align ay,
                       const ct_viz_axis_ticks *t, double v)
{
    if (t->power10) {
        ct_viz_text_power10(cr, x, y, ax, ay, CT_VIZ_FONT_PT, (int)lround(log10(v)));
        return;
    }
    char label[32];
    ct_viz_format_number(v, t->step > 0 ? t->step : v, label, sizeof label);
    ct_viz_text(cr, x, y, ax, ay, CT_VIZ_FONT_PT, 0, label);
}

/* An axis title at the default size, or smaller (down to MIN_TITLE_PT) where it is longer than
   LENGTH. */
static double title_size(cairo_t *cr, const char *title, double length)
{
    double w = ct_viz_text_width(cr, CT_VIZ_FONT_PT, 0, title);
    return w <= length ? CT_VIZ_FONT_PT : fmax(MIN_TITLE_PT, CT_VIZ_FONT_PT * length / w);
}

static void draw_x_axis(cairo_t *cr, const ct_viz_plot_frame *f)
{
    ct_viz_axis_ticks t = ct_viz_plot_axis_ticks(cr, f, CT_VIZ_X_AXIS);
    double y = f->area.y + f->area.h;
    for (int i = 0; i < t.n; i++) {
        double x = t.box[i].x + t.box[i].w / 2;
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + TICK);
        stroke_dark(cr);
        tick_label(cr, x, y + TICK + 2 + (t.power10 ? 0.3 * CT_VIZ_FONT_PT : 0), CT_VIZ_MIDDLE,
                   CT_VIZ_START, &t, t.at[i]);
    }
    ct_viz_text(cr, f->area.x + f->area.w / 2, y + BOTTOM - 0.3 * CT_VIZ_FONT_PT, CT_VIZ_MIDDLE,
                CT_VIZ_END, title_size(cr, f->x_title, f->area.w + LEFT), 0, f->x_title);
}

/* The y title sits left of the widest tick label, within the LEFT margin. */
static void draw_y_axis(cairo_t *cr, const ct_viz_plot_frame *f)
{
    ct_viz_axis_ticks t = ct_viz_plot_axis_ticks(cr, f, CT_VIZ_Y_AXIS);
    double left = f->area.x;
    for (int i = 0; i < t.n; i++) {
        double y = t.box[i].y + t.box[i].h / 2;
        cairo_move_to(cr, f->area.x, y);
        cairo_line_to(cr, f->area.x - TICK, y);
        stroke_dark(cr);
        tick_label(cr, f->area.x - TICK - 2, y, CT_VIZ_END, CT_VIZ_MIDDLE, &t, t.at[i]);
        left = fmin(left, t.box[i].x);
    }
    double size = title_size(cr, f->y_title, f->area.h + TOP);
    double x = fmax(left - 0.4 * CT_VIZ_FONT_PT - size / 2, f->area.x - LEFT + size / 2);
    ct_viz_text_vertical(cr, x, f->area.y + f->area.h / 2, size, f->y_title);
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
    return f->legend.y + (line + 0.5) * CT_VIZ_PLOT_LEGEND_LINE;
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
