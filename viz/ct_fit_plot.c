/* Figures of a fit directory: the marginal posterior of each parameter (weighted histograms of
 * the last generation), the pairwise scatter of the first two, and the posterior predictive band
 * (weighted 5-95% of the accepted runs' counts) over the observed data. Reads only the files
 * `celltwin fit` writes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_colour.h"
#include "ct_figure.h"
#include "ct_plot.h"
#include "ct_table.h"
#include "ct_viz.h"

#define FIRST_PARAM 5 /* generation,particle,run,weight,distance */
#define BINS 20
#define MAX_MARGINALS 6

typedef struct band {
    size_t n;                    /* times */
    double *time, *lo, *mid, *hi;
} band;

typedef struct fit_figure {
    ct_viz_table post, data;
    size_t first, n;             /* rows of the last generation */
    int d;                       /* parameters */
    band b;
    int n_panels, columns;
    double width, panel_w, panel_h;
} fit_figure;

static double weight_of(const fit_figure *f, size_t i)
{
    return ct_viz_table_value(&f->post, f->first + i, 3);
}

static double param_of(const fit_figure *f, size_t i, int k)
{
    return ct_viz_table_value(&f->post, f->first + i, FIRST_PARAM + k);
}

typedef struct weighted {
    double x, w;
} weighted;

static int by_x(const void *a, const void *b)
{
    double x = ((const weighted *)a)->x, y = ((const weighted *)b)->x;
    return (x > y) - (x < y);
}

/* Weighted quantiles q[0..3) of v[0..n) (sorted in place). */
static void quantiles(weighted *v, size_t n, const double *q, double *out)
{
    qsort(v, n, sizeof *v, by_x);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += v[i].w;
    for (int k = 0; k < 3; k++) {
        double sum = 0;
        out[k] = n ? v[n - 1].x : NAN;
        for (size_t i = 0; i < n; i++)
            if ((sum += v[i].w) >= q[k] * total) {
                out[k] = v[i].x;
                break;
            }
    }
}

/* ---- the predictive band from the accepted runs ---- */

static int add_run(const char *dir, int gen, long run, const char *name, double w, size_t i,
                   size_t n_particles, band *b, weighted *at)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/gen%d/runs/%ld/counts.csv", dir, gen, run);
    ct_viz_series s;
    ct_error err;
    if (ct_viz_series_read(path, &s, &err))
        return 0;
    int col = -1;
    for (int k = 0; k < s.n_columns; k++)
        if (!strcmp(s.names[k], name))
            col = k;
    int ok = col >= 0 && (b->n == 0 || s.n_rows == b->n);
    if (ok && b->n == 0) {
        b->n = s.n_rows;
        b->time = ct_malloc(s.n_rows * 4 * sizeof(double));
        ok = b->time != NULL;
        if (ok)
            memcpy(b->time, s.time_min, s.n_rows * sizeof(double));
    }
    for (size_t r = 0; ok && r < s.n_rows && r < b->n; r++)
        at[r * n_particles + i] = (weighted){s.values[r * (size_t)s.n_columns + (size_t)col], w};
    ct_viz_series_free(&s);
    return ok;
}

static void make_band(fit_figure *f, const char *dir)
{
    static const double q[3] = {0.05, 0.5, 0.95};
    int gen = (int)ct_viz_table_value(&f->post, f->first, 0);
    size_t max_rows = 100000;
    weighted *at = ct_calloc(max_rows * f->n + 1, sizeof *at);
    size_t used = 0;
    for (size_t i = 0; at && i < f->n; i++) {
        long run = (long)ct_viz_table_value(&f->post, f->first + i, 2);
        if (add_run(dir, gen, run, f->data.names[1], weight_of(f, i), used, f->n, &f->b, at))
            used++;
        if (f->b.n > max_rows)
            f->b.n = 0;
    }
    if (used && f->b.time) {
        f->b.lo = f->b.time + f->b.n;
        f->b.mid = f->b.lo + f->b.n;
        f->b.hi = f->b.mid + f->b.n;
        for (size_t r = 0; r < f->b.n; r++) {
            double out[3];
            quantiles(&at[r * f->n], used, q, out);
            f->b.lo[r] = out[0];
            f->b.mid[r] = out[1];
            f->b.hi[r] = out[2];
        }
    } else {
        f->b.n = 0;
    }
    ct_free(at);
}

/* ---- panels ---- */

static void sample_range(const fit_figure *f, int k, ct_viz_scale *s)
{
    s->lo = INFINITY;
    s->hi = -INFINITY;
    for (size_t i = 0; i < f->n; i++) {
        s->lo = fmin(s->lo, param_of(f, i, k));
        s->hi = fmax(s->hi, param_of(f, i, k));
    }
    s->log = s->lo > 0 && s->hi / s->lo > 10;
    ct_viz_scale_fix(s);
}

static void set_palette(cairo_t *cr, int i, double alpha)
{
    ct_viz_rgb c = ct_viz_palette(i);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

static void marginal(cairo_t *cr, const fit_figure *f, int k, ct_viz_plot_frame *fr)
{
    double h[BINS] = {0}, top = 0;
    sample_range(f, k, &fr->x);
    for (size_t i = 0; i < f->n; i++) {
        double t = ct_viz_scale_position(&fr->x, param_of(f, i, k));
        h[t >= 1 ? BINS - 1 : (int)(t * BINS)] += weight_of(f, i);
    }
    for (int b = 0; b < BINS; b++)
        top = fmax(top, h[b]);
    fr->y = ct_viz_plot_value_scale(0, top, 0);
    snprintf(fr->x_title, sizeof fr->x_title, "%s", f->post.names[FIRST_PARAM + k]);
    snprintf(fr->y_title, sizeof fr->y_title, "posterior weight");
    ct_viz_plot_clip(cr, fr);
    set_palette(cr, 0, 0.8);
    for (int b = 0; b < BINS; b++) {
        double x0 = fr->area.x + fr->area.w * b / BINS, w = fr->area.w / BINS, y, unused;
        ct_viz_plot_point(fr, fr->x.lo, h[b], &unused, &y);
        cairo_rectangle(cr, x0, y, w * 0.9, fr->area.y + fr->area.h - y);
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

static void scatter(cairo_t *cr, const fit_figure *f, ct_viz_plot_frame *fr)
{
    sample_range(f, 0, &fr->x);
    sample_range(f, 1, &fr->y);
    snprintf(fr->x_title, sizeof fr->x_title, "%s", f->post.names[FIRST_PARAM]);
    snprintf(fr->y_title, sizeof fr->y_title, "%s", f->post.names[FIRST_PARAM + 1]);
    ct_viz_plot_clip(cr, fr);
    set_palette(cr, 0, 0.5);
    for (size_t i = 0; i < f->n; i++) {
        double x, y;
        ct_viz_plot_point(fr, param_of(f, i, 0), param_of(f, i, 1), &x, &y);
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, 1.2, 0, 2 * M_PI);
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

static void band_path(cairo_t *cr, const ct_viz_plot_frame *fr, const band *b, const double *v,
                      int reverse)
{
    for (size_t r = 0; r < b->n; r++) {
        size_t i = reverse ? b->n - 1 - r : r;
        double x, y;
        ct_viz_plot_point(fr, b->time[i], v[i], &x, &y);
        cairo_line_to(cr, x, y);
    }
}

static void predictive(cairo_t *cr, const fit_figure *f, ct_viz_plot_frame *fr)
{
    const ct_viz_table *d = &f->data;
    int sd_col = -1;
    char sd_name[300];
    snprintf(sd_name, sizeof sd_name, "sd_%s", d->names[1]);
    sd_col = ct_viz_table_column(d, sd_name);
    double hi = 0, t_end = 0;
    for (size_t r = 0; r < d->n_rows; r++) {
        hi = fmax(hi, ct_viz_table_value(d, r, 1));
        t_end = fmax(t_end, ct_viz_table_value(d, r, 0));
    }
    for (size_t r = 0; r < f->b.n; r++) {
        hi = fmax(hi, f->b.hi[r]);
        t_end = fmax(t_end, f->b.time[r]);
    }
    fr->x = (ct_viz_scale){0, t_end, 0};
    ct_viz_scale_fix(&fr->x);
    fr->x_unit = 60;
    fr->y = ct_viz_plot_value_scale(0, hi, 0);
    snprintf(fr->x_title, sizeof fr->x_title, "time (h)");
    snprintf(fr->y_title, sizeof fr->y_title, "%s (data, posterior 90%% band)", d->names[1]);
    ct_viz_plot_clip(cr, fr);
    if (f->b.n) {
        set_palette(cr, 0, 0.3);
        band_path(cr, fr, &f->b, f->b.lo, 0);
        band_path(cr, fr, &f->b, f->b.hi, 1);
        cairo_close_path(cr);
        cairo_fill(cr);
        set_palette(cr, 0, 1);
        cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
        band_path(cr, fr, &f->b, f->b.mid, 0);
        cairo_stroke(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    for (size_t r = 0; r < d->n_rows; r++) {
        double t = ct_viz_table_value(d, r, 0), v = ct_viz_table_value(d, r, 1);
        double sd = sd_col >= 0 ? ct_viz_table_value(d, r, sd_col) : 0, x, y, y0, y1;
        ct_viz_plot_point(fr, t, v, &x, &y);
        ct_viz_plot_point(fr, t, v - sd, &x, &y0);
        ct_viz_plot_point(fr, t, v + sd, &x, &y1);
        cairo_move_to(cr, x, y0);
        cairo_line_to(cr, x, y1);
        cairo_stroke(cr);
        cairo_arc(cr, x, y, 1.6, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

static int paint_fit(cairo_t *cr, const ct_viz_rect *content, const void *figure, ct_error *err)
{
    const fit_figure *f = figure;
    (void)err;
    for (int i = 0; i < f->n_panels; i++) {
        ct_viz_rect box = ct_viz_grid_cell(content, i, f->columns, f->panel_w, f->panel_h);
        box = ct_viz_panel_letter(cr, &box, i);
        ct_viz_plot_frame fr;
        ct_viz_plot_frame_place(&box, 0, &fr);
        int n_marg = f->d < MAX_MARGINALS ? f->d : MAX_MARGINALS;
        if (i < n_marg)
            marginal(cr, f, i, &fr);
        else if (i == n_marg && f->d >= 2)
            scatter(cr, f, &fr);
        else
            predictive(cr, f, &fr);
        ct_viz_plot_draw_axes(cr, &fr);
    }
    return CT_OK;
}

/* ---- entry points ---- */

int ct_viz_is_fit_dir(const char *dir)
{
    return ct_viz_dir_has(dir, "posterior.csv");
}

static int load(fit_figure *f, const char *dir, ct_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/posterior.csv", dir);
    int rc = ct_viz_table_read(path, &f->post, err);
    if (!rc && (f->post.n_cols <= FIRST_PARAM || f->post.n_rows == 0 ||
                strcmp(f->post.names[3], "weight") != 0))
        rc = ct_error_set(err, CT_EINVAL, "%s: expected a fit's posterior.csv with rows", path);
    snprintf(path, sizeof path, "%s/data.csv", dir);
    if (!rc && !(rc = ct_viz_table_read(path, &f->data, err)) && f->data.n_cols < 2)
        rc = ct_error_set(err, CT_EINVAL, "%s: expected time and a data column", path);
    if (rc)
        return rc;
    double last = ct_viz_table_value(&f->post, f->post.n_rows - 1, 0);
    for (f->first = f->post.n_rows; f->first > 0 &&
                                    ct_viz_table_value(&f->post, f->first - 1, 0) == last;)
        f->first--;
    f->n = f->post.n_rows - f->first;
    f->d = f->post.n_cols - FIRST_PARAM;
    return CT_OK;
}

int ct_viz_plot_fit(const char *dir, const ct_viz_options *opt, const char *out_path,
                    ct_error *err)
{
    fit_figure f = {0};
    ct_viz_format format;
    int rc = ct_viz_format_from_path(out_path, &format, err);
    if (!rc)
        rc = load(&f, dir, err);
    if (!rc) {
        make_band(&f, dir);
        f.n_panels = (f.d < MAX_MARGINALS ? f.d : MAX_MARGINALS) + (f.d >= 2) + 1;
        f.columns = f.n_panels < 3 ? f.n_panels : 3;
        f.width = ct_viz_page_width(opt->width_mm, f.n_panels > 2 ? CT_VIZ_DOUBLE_COLUMN_MM
                                                                  : CT_VIZ_SINGLE_COLUMN_MM);
        f.panel_w = (f.width - 2 * CT_VIZ_MARGIN - (f.columns - 1) * CT_VIZ_PANEL_GAP) / f.columns;
        f.panel_h = f.panel_w * CT_VIZ_PLOT_ASPECT + 14;
        int rows = (f.n_panels + f.columns - 1) / f.columns;
        double height = 2 * CT_VIZ_MARGIN + rows * f.panel_h + (rows - 1) * CT_VIZ_PANEL_GAP;
        rc = ct_viz_paint_page(out_path, f.width, height, opt->dpi, paint_fit, &f, err);
    }
    ct_free(f.b.time);
    ct_viz_table_free(&f.post);
    ct_viz_table_free(&f.data);
    return rc;
}
