/* Sweep summary figures: panels of mean, +-sd and min-max against a parameter. */
#include "ct_sweep_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_colour.h"
#include "ct_figure.h"
#include "ct_run_dir.h"
#include "ct_sweep_labels.h"

#define MAX_SERIES CT_VIZ_PALETTE_SIZE /* beyond this, colours no longer tell series apart */
#define X_PAD 0.05                     /* of the x span, either side */
#define CAP 1.5                        /* half width of an error bar's caps */
#define ISOLATED_BAND 3.0              /* width of the band of a point with no neighbour */

/* ---- preparing the panels ---- */

/* Appends TEXT to the list in BUF ("a, b, c"), cut short when it does not fit. */
static void append_item(char *buf, size_t size, size_t *used, const char *text)
{
    if (*used == 0)
        buf[0] = '\0';
    if (*used < size)
        *used += (size_t)snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", text);
}

static int unknown_name(const char *path, const char *kind, const char *name, char *const *known,
                        int n, ct_error *err)
{
    char list[768];
    size_t used = 0;
    for (int i = 0; i < n; i++)
        append_item(list, sizeof list, &used, known[i]);
    return ct_error_set(err, CT_EINVAL, "%s: no %s \"%s\" (%ss: %s)", path, kind, name, kind,
                        list);
}

static int parse_x(const char *path, const ct_viz_summary *s, int p, const char *text, double *x,
                   ct_error *err)
{
    char *end;
    *x = strtod(text, &end);
    if (end == text || *end || !isfinite(*x))
        return ct_error_set(err, CT_EINVAL,
                            "%s: parameter %s has the value \"%s\", not a number, so it cannot "
                            "be the x axis",
                            path, s->params[p], text);
    return CT_OK;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct values evenly spaced in log10 rather than linearly, spanning over a decade. */
static int looks_log_spaced(const double *v, size_t n)
{
    if (n < 2 || v[0] <= 0 || v[n - 1] / v[0] <= 10)
        return 0;
    double r_lo = INFINITY, r_hi = 0, d_lo = INFINITY, d_hi = 0;
    for (size_t i = 1; i < n; i++) {
        double r = v[i] / v[i - 1], d = v[i] - v[i - 1];
        r_lo = fmin(r_lo, r), r_hi = fmax(r_hi, r);
        d_lo = fmin(d_lo, d), d_hi = fmax(d_hi, d);
    }
    return r_hi / r_lo <= d_hi / d_lo;
}

static ct_viz_scale padded_scale(double lo, double hi, int log)
{
    if (log) {
        ct_viz_scale s = padded_scale(log10(lo), log10(hi), 0);
        return (ct_viz_scale){pow(10, s.lo), pow(10, s.hi), 1};
    }
    double pad = hi > lo ? X_PAD * (hi - lo) : fmax(fabs(lo) / 2, 1);
    return (ct_viz_scale){lo - pad, hi + pad, 0};
}

/* The x scale over every row's value of the x parameter (checked to be numbers). */
static int x_scale(ct_viz_summary_plot *plot, const char *path, int log_x, ct_error *err)
{
    const ct_viz_summary *s = plot->summary;
    double *v = ct_malloc(s->n_rows * sizeof *v);
    if (!v)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    int rc = CT_OK;
    for (size_t i = 0; !rc && i < s->n_rows; i++)
        rc = parse_x(path, s, plot->x_param, s->rows[i].values[plot->x_param], &v[i], err);
    size_t n = 0;
    if (!rc) {
        qsort(v, s->n_rows, sizeof *v, compare_doubles);
        for (size_t i = 0; i < s->n_rows; i++)
            if (n == 0 || v[i] != v[n - 1])
                v[n++] = v[i];
        if (log_x && v[0] <= 0)
            rc = ct_error_set(err, CT_EINVAL, "%s: a log x axis needs values above 0; parameter "
                              "%s has %g", path, s->params[plot->x_param], v[0]);
    }
    if (!rc)
        plot->x = padded_scale(v[0], v[n - 1], log_x || looks_log_spaced(v, n));
    ct_free(v);
    return rc;
}

/* Whether rows A and B agree on every parameter but the x one. */
static int same_series(const ct_viz_summary *s, int x_param, const ct_viz_summary_row *a,
                       const ct_viz_summary_row *b)
{
    for (int p = 0; p < s->n_params; p++)
        if (p != x_param && strcmp(a->values[p], b->values[p]) != 0)
            return 0;
    return 1;
}

static int series_of(const ct_viz_summary_plot *plot, const ct_viz_summary_panel *panel,
                     const ct_viz_summary_row *row)
{
    for (size_t i = 0; i < panel->n; i++)
        if (same_series(plot->summary, plot->x_param, panel->points[i].row, row))
            return panel->points[i].series;
    return panel->n_series;
}

static int compare_points(const void *a, const void *b)
{
    const ct_viz_summary_point *p = a, *q = b;
    if (p->series != q->series)
        return p->series - q->series;
    return (p->x > q->x) - (p->x < q->x);
}

static void group_points(const ct_viz_summary_plot *plot, ct_viz_summary_panel *panel)
{
    const ct_viz_summary *s = plot->summary;
    panel->joined = 1;
    for (size_t i = 0; i < s->n_rows; i++) {
        const ct_viz_summary_row *row = &s->rows[i];
        if (row->metric != panel->metric)
            continue;
        int series = series_of(plot, panel, row);
        panel->n_series += series == panel->n_series;
        double x = strtod(row->values[plot->x_param], NULL); /* checked by x_scale */
        panel->points[panel->n++] = (ct_viz_summary_point){series, x, row};
    }
    if (panel->n_series > MAX_SERIES) {
        panel->joined = 0;
        panel->n_series = 1;
        for (size_t i = 0; i < panel->n; i++)
            panel->points[i].series = 0;
    }
    qsort(panel->points, panel->n, sizeof *panel->points, compare_points);
}

static int make_panels(ct_viz_summary_plot *plot, const char *path, int metric, ct_error *err)
{
    const ct_viz_summary *s = plot->summary;
    plot->n_panels = metric >= 0 ? 1 : s->n_metrics;
    plot->panels = ct_calloc((size_t)plot->n_panels, sizeof *plot->panels);
    if (!plot->panels)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    for (int i = 0; i < plot->n_panels; i++) {
        ct_viz_summary_panel *panel = &plot->panels[i];
        panel->metric = metric >= 0 ? metric : i;
        if (!(panel->points = ct_malloc(s->n_rows * sizeof *panel->points)))
            return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
        group_points(plot, panel);
    }
    return CT_OK;
}

static size_t series_end(const ct_viz_summary_panel *panel, size_t i)
{
    size_t j = i;
    while (j < panel->n && panel->points[j].series == panel->points[i].series)
        j++;
    return j;
}

/* Whether panels A and B have the same series, in the same order (the same legend). */
static int same_legend(const ct_viz_summary_plot *plot, const ct_viz_summary_panel *a,
                       const ct_viz_summary_panel *b)
{
    if (a->n_series != b->n_series || a->joined != b->joined)
        return 0;
    for (size_t i = 0, j = 0; i < a->n || j < b->n; i = series_end(a, i), j = series_end(b, j))
        if (i >= a->n || j >= b->n ||
            !same_series(plot->summary, plot->x_param, a->points[i].row, b->points[j].row))
            return 0;
    return 1;
}

/* One legend for every panel when they all have the same series: repeated beside each panel
   it only took width from the plots. */
static int legend_is_shared(const ct_viz_summary_plot *plot)
{
    if (plot->n_panels < 2 || plot->panels[0].n_series < 2)
        return 0;
    for (int i = 1; i < plot->n_panels; i++)
        if (!same_legend(plot, &plot->panels[0], &plot->panels[i]))
            return 0;
    return 1;
}

/* Page and panel sizes: one column for one panel, else a page width with two per row (and the
   shared legend's column right of them). */
static void size_page(ct_viz_summary_plot *plot, const ct_viz_options *opt)
{
    int many = plot->n_panels > 1;
    plot->columns = many ? 2 : 1;
    plot->width = ct_viz_page_width(opt->width_mm, many ? CT_VIZ_DOUBLE_COLUMN_MM
                                                        : CT_VIZ_SINGLE_COLUMN_MM);
    double content_w = plot->width - 2 * CT_VIZ_MARGIN;
    plot->panel_w = (content_w - (plot->columns - 1) * CT_VIZ_PANEL_GAP) / plot->columns;
    plot->panel_h = plot->panel_w * CT_VIZ_PLOT_ASPECT;
    plot->shared_legend = legend_is_shared(plot);
    if (plot->shared_legend) {
        plot->legend_w = ct_viz_side_width(plot->panel_w);
        plot->panel_w = (content_w - plot->legend_w - plot->columns * CT_VIZ_PANEL_GAP) /
                        plot->columns;
    }
    int rows = (plot->n_panels + plot->columns - 1) / plot->columns;
    plot->height = 2 * CT_VIZ_MARGIN + rows * plot->panel_h + (rows - 1) * CT_VIZ_PANEL_GAP;
}

int ct_viz_summary_plot_make(const ct_viz_summary *s, const char *path, const char *metric,
                             const char *x_param, const ct_viz_options *opt,
                             ct_viz_summary_plot *plot, ct_error *err)
{
    memset(plot, 0, sizeof *plot);
    plot->summary = s;
    plot->log_y = opt->log_y;
    if (s->n_params == 0)
        return ct_error_set(err, CT_EINVAL, "%s: the sweep has no parameters to plot against",
                            path);
    plot->x_param = x_param ? ct_viz_summary_param(s, x_param) : 0;
    if (plot->x_param < 0)
        return unknown_name(path, "parameter", x_param, s->params, s->n_params, err);
    int m = metric ? ct_viz_summary_metric(s, metric) : -1;
    if (metric && m < 0)
        return unknown_name(path, "metric", metric, s->metrics, s->n_metrics, err);
    int rc = x_scale(plot, path, opt->log_x, err);
    if (!rc)
        rc = make_panels(plot, path, m, err);
    if (rc)
        ct_viz_summary_plot_free(plot);
    else
        size_page(plot, opt);
    return rc;
}

void ct_viz_summary_plot_free(ct_viz_summary_plot *plot)
{
    for (int i = 0; plot->panels && i < plot->n_panels; i++)
        ct_free(plot->panels[i].points);
    ct_free(plot->panels);
    plot->panels = NULL;
}

/* ---- drawing ---- */

static int drawable(const ct_viz_plot_frame *f, double v)
{
    return isfinite(v) && (!f->y.log || v > 0);
}

/* The y scale over every mean +- sd, min and max of the panel. */
static ct_viz_scale y_scale(const ct_viz_summary_panel *panel, int log_y)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < panel->n; i++) {
        const ct_viz_summary_row *r = panel->points[i].row;
        double v[] = {r->mean, r->min, r->max, r->mean - r->sd, r->mean + r->sd};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++)
            if (isfinite(v[k]) && (!log_y || v[k] > 0)) {
                lo = fmin(lo, v[k]);
                hi = fmax(hi, v[k]);
            }
    }
    return ct_viz_plot_value_scale(lo, hi, log_y);
}

/* "death.rate" from "cell_types.tumour.death.rate": the last two parts of a path. */
static const char *short_name(const char *path)
{
    const char *end = path + strlen(path), *p = end;
    for (int dots = 0; p > path; p--)
        if (p[-1] == '.' && ++dots == 2)
            break;
    return p;
}

void ct_viz_summary_plot_frame(const ct_viz_summary_plot *plot, int i, ct_viz_plot_frame *f)
{
    const ct_viz_summary_panel *panel = &plot->panels[i];
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, plot->width - 2 * CT_VIZ_MARGIN,
                           plot->height - 2 * CT_VIZ_MARGIN};
    ct_viz_rect box = ct_viz_grid_cell(&content, i, plot->columns, plot->panel_w, plot->panel_h);
    if (plot->n_panels > 1)
        box = ct_viz_panel_letter_space(&box);
    int own_legend = panel->n_series > 1 && !plot->shared_legend;
    ct_viz_plot_frame_place(&box, own_legend ? panel->n_series + 1 : 0, f);
    f->x = plot->x;
    f->y = y_scale(panel, plot->log_y);
    snprintf(f->x_title, sizeof f->x_title, "%s",
             ct_viz_summary_param_label(plot->summary, plot->x_param));
    snprintf(f->y_title, sizeof f->y_title, "%s", plot->summary->metrics[panel->metric]);
}

void ct_viz_summary_plot_legend_frame(const ct_viz_summary_plot *plot, ct_viz_plot_frame *f)
{
    ct_viz_summary_plot_frame(plot, 0, f);
    f->legend = (ct_viz_rect){plot->width - CT_VIZ_MARGIN - plot->legend_w, f->area.y,
                              plot->legend_w,
                              (plot->panels[0].n_series + 1) * CT_VIZ_PLOT_LEGEND_LINE};
}

static void set_colour(cairo_t *cr, int series, double alpha)
{
    ct_viz_rgb c = ct_viz_palette(series);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

typedef void (*stretch_fn)(cairo_t *cr, const ct_viz_plot_frame *f,
                           const ct_viz_summary_point *pt, size_t n);

/* Calls FN on each run of consecutive drawable means (single points when not JOINED). */
static void each_stretch(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_summary_point *pt,
                         size_t n, int joined, stretch_fn fn)
{
    for (size_t i = 0, j; i < n; i = j > i ? j : i + 1) {
        for (j = i; j < n && drawable(f, pt[j].row->mean) && (joined || j == i); j++)
            ;
        if (j > i)
            fn(cr, f, pt + i, j - i);
    }
}

static void band(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_summary_point *pt,
                 size_t n)
{
    double x, y_lo, y_hi;
    if (n == 1) {
        ct_viz_plot_point(f, pt->x, pt->row->min, &x, &y_lo);
        ct_viz_plot_point(f, pt->x, pt->row->max, &x, &y_hi);
        cairo_rectangle(cr, x - ISOLATED_BAND / 2, y_hi, ISOLATED_BAND, y_lo - y_hi);
    }
    for (size_t i = 0; n > 1 && i < n; i++) {
        ct_viz_plot_point(f, pt[i].x, pt[i].row->min, &x, &y_lo);
        cairo_line_to(cr, x, y_lo);
    }
    for (size_t i = n; n > 1 && i-- > 0;) {
        ct_viz_plot_point(f, pt[i].x, pt[i].row->max, &x, &y_hi);
        cairo_line_to(cr, x, y_hi);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
}

static void mean_line(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_summary_point *pt,
                      size_t n)
{
    for (size_t i = 0; n > 1 && i < n; i++) {
        double x, y;
        ct_viz_plot_point(f, pt[i].x, pt[i].row->mean, &x, &y);
        cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
}

/* The +-sd bar with caps and the mean's marker. */
static void marker(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_summary_point *pt,
                   size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ct_viz_summary_row *r = pt[i].row;
        double x, y, y_lo, y_hi;
        ct_viz_plot_point(f, pt[i].x, r->mean, &x, &y);
        if (isfinite(r->sd)) {
            ct_viz_plot_point(f, pt[i].x, r->mean - r->sd, &x, &y_lo);
            ct_viz_plot_point(f, pt[i].x, r->mean + r->sd, &x, &y_hi);
            cairo_move_to(cr, x, y_lo);
            cairo_line_to(cr, x, y_hi);
            cairo_move_to(cr, x - CAP, y_lo);
            cairo_line_to(cr, x + CAP, y_lo);
            cairo_move_to(cr, x - CAP, y_hi);
            cairo_line_to(cr, x + CAP, y_hi);
            cairo_stroke(cr);
        }
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, CT_VIZ_MARKER_PT, 0, 2 * M_PI);
        cairo_fill(cr);
    }
}

static void draw_data(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_summary_panel *panel)
{
    cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = 0, j; i < panel->n; i = j) {
        j = series_end(panel, i);
        const ct_viz_summary_point *pt = panel->points + i;
        set_colour(cr, pt->series, CT_VIZ_BAND_ALPHA);
        each_stretch(cr, f, pt, j - i, panel->joined, band);
        set_colour(cr, pt->series, 1);
        each_stretch(cr, f, pt, j - i, panel->joined, mean_line);
        each_stretch(cr, f, pt, j - i, 0, marker);
    }
}

/* The other parameters' values of ROW ("0.0012, true"), as the sweep wrote them (50, 1500). */
static void series_label(const ct_viz_summary_plot *plot, const ct_viz_summary_row *row,
                         char *buf, size_t size)
{
    size_t used = 0;
    for (int p = 0; p < plot->summary->n_params; p++)
        if (p != plot->x_param)
            append_item(buf, size, &used, row->values[p]);
}

/* A line naming the other parameters, then each series' values of them. */
static void draw_legend(cairo_t *cr, const ct_viz_plot_frame *f, const ct_viz_summary_plot *plot,
                        const ct_viz_summary_panel *panel)
{
    const ct_viz_summary *s = plot->summary;
    char text[512];
    size_t used = 0;
    for (int p = 0; p < s->n_params; p++)
        if (p != plot->x_param)
            append_item(text, sizeof text, &used,
                        s->labels ? ct_viz_summary_param_label(s, p) : short_name(s->params[p]));
    ct_viz_text(cr, f->legend.x, ct_viz_plot_legend_y(f, 0), CT_VIZ_START, CT_VIZ_MIDDLE,
                CT_VIZ_FONT_PT, 0, text);
    cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH); /* as the series' lines */
    for (size_t i = 0; i < panel->n; i = series_end(panel, i)) {
        series_label(plot, panel->points[i].row, text, sizeof text);
        set_colour(cr, panel->points[i].series, 1);
        ct_viz_plot_legend_entry(cr, f, panel->points[i].series + 1, text);
    }
}

static void draw_panel(cairo_t *cr, const ct_viz_summary_plot *plot, int i)
{
    const ct_viz_summary_panel *panel = &plot->panels[i];
    ct_viz_plot_frame f;
    ct_viz_summary_plot_frame(plot, i, &f);
    ct_viz_plot_clip(cr, &f);
    draw_data(cr, &f, panel);
    cairo_restore(cr);
    ct_viz_plot_draw_axes(cr, &f);
    if (panel->n_series > 1 && !plot->shared_legend)
        draw_legend(cr, &f, plot, panel);
    int any = 0;
    for (size_t k = 0; k < panel->n; k++)
        any |= drawable(&f, panel->points[k].row->mean);
    if (!any)
        ct_viz_text(cr, f.area.x + f.area.w / 2, f.area.y + f.area.h / 2, CT_VIZ_MIDDLE,
                    CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0, "no values (NA at every point)");
}

void ct_viz_summary_plot_draw(cairo_t *cr, const ct_viz_summary_plot *plot)
{
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, plot->width - 2 * CT_VIZ_MARGIN,
                           plot->height - 2 * CT_VIZ_MARGIN};
    for (int i = 0; i < plot->n_panels; i++) {
        if (plot->n_panels > 1) {
            ct_viz_rect box = ct_viz_grid_cell(&content, i, plot->columns, plot->panel_w,
                                               plot->panel_h);
            ct_viz_panel_letter(cr, &box, i);
        }
        draw_panel(cr, plot, i);
    }
    if (plot->shared_legend) {
        ct_viz_plot_frame f;
        ct_viz_summary_plot_legend_frame(plot, &f);
        draw_legend(cr, &f, plot, &plot->panels[0]);
    }
}

/* ---- entry points ---- */

int ct_viz_is_sweep_dir(const char *dir)
{
    char path[4096];
    struct stat st;
    ct_error err;
    return ct_viz_run_path(dir, CT_VIZ_SUMMARY_FILE, path, sizeof path, &err) == CT_OK &&
           stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int paint_summary(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                         ct_error *err)
{
    (void)content;
    (void)err;
    ct_viz_summary_plot_draw(cr, figure);
    return CT_OK;
}

int ct_viz_plot_sweep_summary(const char *sweep_dir, const char *metric, const char *x_param,
                              const ct_viz_options *opt, const char *out_path, ct_error *err)
{
    ct_viz_format format;
    char path[4096], labels[4096];
    ct_viz_summary s;
    ct_viz_summary_plot plot;
    int rc = ct_viz_format_from_path(out_path, &format, err);
    if (!rc)
        rc = ct_viz_run_path(sweep_dir, CT_VIZ_SUMMARY_FILE, path, sizeof path, err);
    if (!rc)
        rc = ct_viz_summary_read(path, &s, err);
    if (rc)
        return rc;
    if (!(rc = ct_viz_run_path(sweep_dir, CT_VIZ_LABELS_FILE, labels, sizeof labels, err)))
        rc = ct_viz_summary_read_labels(labels, &s, err);
    if (rc) {
        ct_viz_summary_free(&s);
        return rc;
    }
    if (!(rc = ct_viz_summary_plot_make(&s, path, metric, x_param, opt, &plot, err))) {
        rc = ct_viz_paint_page(out_path, plot.width, plot.height, opt->dpi, paint_summary, &plot,
                               err);
        ct_viz_summary_plot_free(&plot);
    }
    ct_viz_summary_free(&s);
    return rc;
}
