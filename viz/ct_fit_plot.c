/* Figures of a fit directory: the marginal posterior of each parameter (weighted histograms of
 * the last generation), the pairwise scatter of the first two, and for each observed data column
 * the posterior predictive band (weighted 5-95% of the accepted runs' counts) over the data.
 * Reads only the files `celltwin fit` writes. */
#include "ct_fit_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_colour.h"
#include "ct_figure.h"

#define FIRST_PARAM 5 /* generation,particle,run,weight,distance */
#define BINS 20
#define MAX_BAND_VALUES (1u << 24) /* particles x times x columns held at once for the bands */

static double weight_of(const ct_viz_fit_figure *f, size_t i)
{
    return ct_viz_table_value(&f->post, f->first + i, 3);
}

static double param_of(const ct_viz_fit_figure *f, size_t i, int k)
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

/* ---- the predictive bands from the accepted runs ---- */

/* The band values of observed column O: lo, mid and hi, each bands.n long. */
static double *band_of(const ct_viz_fit_figure *f, int o)
{
    return f->bands.time + f->bands.n * (size_t)(1 + 3 * o);
}

/* Columns of S holding the observed columns, in order; 0 when one is missing. */
static int find_columns(const ct_viz_fit_figure *f, const ct_viz_series *s, int *col)
{
    for (int o = 0; o < f->n_observed; o++) {
        col[o] = -1;
        for (int k = 0; k < s->n_columns; k++)
            if (!strcmp(s->names[k], f->data.names[f->observed[o]]))
                col[o] = k;
        if (col[o] < 0)
            return 0;
    }
    return 1;
}

/* Takes run I's counts into AT (observed column, then time, then particle), allocating AT and
   the times at the first run read. Returns 0 for a run that cannot be used. */
static int add_run(ct_viz_fit_figure *f, const char *dir, size_t i, size_t used, weighted **at)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/gen%d/runs/%ld/counts.csv", dir,
             (int)ct_viz_table_value(&f->post, f->first, 0),
             (long)ct_viz_table_value(&f->post, f->first + i, 2));
    ct_viz_series s;
    ct_error err;
    if (ct_viz_series_read(path, &s, &err))
        return 0;
    int col[CT_VIZ_FIT_MAX_OBSERVED];
    size_t rows = s.n_rows, per_time = f->n * (size_t)f->n_observed;
    int fits = *at ? rows == f->bands.n : rows * per_time <= MAX_BAND_VALUES;
    int ok = fits && find_columns(f, &s, col);
    if (ok && !*at) {
        f->bands.time = ct_malloc(rows * (1 + 3 * (size_t)f->n_observed) * sizeof(double));
        *at = ct_calloc(rows * per_time, sizeof **at);
        ok = f->bands.time && *at;
        if (ok) {
            f->bands.n = rows;
            memcpy(f->bands.time, s.time_min, rows * sizeof(double));
        }
    }
    for (int o = 0; ok && o < f->n_observed; o++)
        for (size_t r = 0; r < rows; r++)
            (*at)[((size_t)o * rows + r) * f->n + used] =
                (weighted){s.values[r * (size_t)s.n_columns + (size_t)col[o]], weight_of(f, i)};
    ct_viz_series_free(&s);
    return ok;
}

static void make_bands(ct_viz_fit_figure *f, const char *dir)
{
    static const double q[3] = {0.05, 0.5, 0.95};
    weighted *at = NULL;
    size_t used = 0;
    for (size_t i = 0; i < f->n; i++)
        used += add_run(f, dir, i, used, &at);
    for (int o = 0; used && o < f->n_observed; o++) {
        double *lo = band_of(f, o), *mid = lo + f->bands.n, *hi = mid + f->bands.n;
        for (size_t r = 0; r < f->bands.n; r++) {
            double out[3];
            quantiles(&at[((size_t)o * f->bands.n + r) * f->n], used, q, out);
            lo[r] = out[0];
            mid[r] = out[1];
            hi[r] = out[2];
        }
    }
    if (!used)
        f->bands.n = 0;
    ct_free(at);
}

/* ---- panels ---- */

static int n_marginals(const ct_viz_fit_figure *f)
{
    return f->d < CT_VIZ_FIT_MAX_MARGINALS ? f->d : CT_VIZ_FIT_MAX_MARGINALS;
}

ct_viz_fit_panel_kind ct_viz_fit_panel(const ct_viz_fit_figure *f, int i, int *index)
{
    int n_marg = n_marginals(f), scatter = f->d >= 2;
    *index = i < n_marg ? i : i - n_marg - scatter;
    if (i < n_marg)
        return CT_VIZ_FIT_MARGINAL;
    return scatter && i == n_marg ? CT_VIZ_FIT_SCATTER : CT_VIZ_FIT_PREDICTIVE;
}

static void sample_range(const ct_viz_fit_figure *f, int k, ct_viz_scale *s)
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

/* The weighted histogram of parameter K over the x scale of FR. */
static void histogram(const ct_viz_fit_figure *f, int k, const ct_viz_plot_frame *fr, double *h)
{
    memset(h, 0, BINS * sizeof *h);
    for (size_t i = 0; i < f->n; i++) {
        double t = ct_viz_scale_position(&fr->x, param_of(f, i, k));
        h[t >= 1 ? BINS - 1 : (int)(t * BINS)] += weight_of(f, i);
    }
}

static void marginal_frame(const ct_viz_fit_figure *f, int k, ct_viz_plot_frame *fr)
{
    double h[BINS], top = 0;
    sample_range(f, k, &fr->x);
    histogram(f, k, fr, h);
    for (int b = 0; b < BINS; b++)
        top = fmax(top, h[b]);
    fr->y = ct_viz_plot_value_scale(0, top, 0);
    snprintf(fr->x_title, sizeof fr->x_title, "%s", f->post.names[FIRST_PARAM + k]);
    snprintf(fr->y_title, sizeof fr->y_title, "posterior weight");
}

static void marginal(cairo_t *cr, const ct_viz_fit_figure *f, int k, const ct_viz_plot_frame *fr)
{
    double h[BINS];
    histogram(f, k, fr, h);
    set_palette(cr, 0, 0.8);
    for (int b = 0; b < BINS; b++) {
        double x0 = fr->area.x + fr->area.w * b / BINS, w = fr->area.w / BINS, y, unused;
        ct_viz_plot_point(fr, fr->x.lo, h[b], &unused, &y);
        cairo_rectangle(cr, x0, y, w * 0.9, fr->area.y + fr->area.h - y);
    }
    cairo_fill(cr);
}

static void scatter_frame(const ct_viz_fit_figure *f, ct_viz_plot_frame *fr)
{
    sample_range(f, 0, &fr->x);
    sample_range(f, 1, &fr->y);
    snprintf(fr->x_title, sizeof fr->x_title, "%s", f->post.names[FIRST_PARAM]);
    snprintf(fr->y_title, sizeof fr->y_title, "%s", f->post.names[FIRST_PARAM + 1]);
}

static void scatter(cairo_t *cr, const ct_viz_fit_figure *f, const ct_viz_plot_frame *fr)
{
    set_palette(cr, 0, 0.5);
    for (size_t i = 0; i < f->n; i++) {
        double x, y;
        ct_viz_plot_point(fr, param_of(f, i, 0), param_of(f, i, 1), &x, &y);
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, 1.2, 0, 2 * M_PI);
    }
    cairo_fill(cr);
}

static void predictive_frame(const ct_viz_fit_figure *f, int o, ct_viz_plot_frame *fr)
{
    const ct_viz_table *d = &f->data;
    int col = f->observed[o];
    double hi = 0, t_end = 0;
    for (size_t r = 0; r < d->n_rows; r++) {
        hi = fmax(hi, ct_viz_table_value(d, r, col));
        t_end = fmax(t_end, ct_viz_table_value(d, r, 0));
    }
    for (size_t r = 0; r < f->bands.n; r++) {
        hi = fmax(hi, band_of(f, o)[2 * f->bands.n + r]);
        t_end = fmax(t_end, f->bands.time[r]);
    }
    fr->x = (ct_viz_scale){0, t_end, 0};
    ct_viz_scale_fix(&fr->x);
    fr->x_unit = 60;
    fr->y = ct_viz_plot_value_scale(0, hi, 0);
    snprintf(fr->x_title, sizeof fr->x_title, "time (h)");
    snprintf(fr->y_title, sizeof fr->y_title, "%s", d->names[col]);
}

static void band_path(cairo_t *cr, const ct_viz_plot_frame *fr, const ct_viz_fit_bands *b,
                      const double *v, int reverse)
{
    for (size_t r = 0; r < b->n; r++) {
        size_t i = reverse ? b->n - 1 - r : r;
        double x, y;
        ct_viz_plot_point(fr, b->time[i], v[i], &x, &y);
        cairo_line_to(cr, x, y);
    }
}

/* The data of column COL as points with +-sd bars (sd_<name> when the data give it). */
static void data_points(cairo_t *cr, const ct_viz_table *d, int col, const ct_viz_plot_frame *fr)
{
    char sd_name[300];
    snprintf(sd_name, sizeof sd_name, "sd_%s", d->names[col]);
    int sd_col = ct_viz_table_column(d, sd_name);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    for (size_t r = 0; r < d->n_rows; r++) {
        double t = ct_viz_table_value(d, r, 0), v = ct_viz_table_value(d, r, col);
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
}

static void predictive(cairo_t *cr, const ct_viz_fit_figure *f, int o,
                       const ct_viz_plot_frame *fr)
{
    if (f->bands.n) {
        const double *lo = band_of(f, o), *mid = lo + f->bands.n, *hi = mid + f->bands.n;
        set_palette(cr, 0, 0.3);
        band_path(cr, fr, &f->bands, lo, 0);
        band_path(cr, fr, &f->bands, hi, 1);
        cairo_close_path(cr);
        cairo_fill(cr);
        set_palette(cr, 0, 1);
        cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
        band_path(cr, fr, &f->bands, mid, 0);
        cairo_stroke(cr);
    }
    data_points(cr, &f->data, f->observed[o], fr);
}

void ct_viz_fit_panel_frame(const ct_viz_fit_figure *f, const ct_viz_rect *content, int i,
                            ct_viz_plot_frame *fr)
{
    ct_viz_rect box = ct_viz_grid_cell(content, i, f->columns, f->panel_w, f->panel_h);
    box = ct_viz_panel_letter_space(&box);
    ct_viz_plot_frame_place(&box, 0, fr);
    int index;
    switch (ct_viz_fit_panel(f, i, &index)) {
    case CT_VIZ_FIT_MARGINAL:
        marginal_frame(f, index, fr);
        break;
    case CT_VIZ_FIT_SCATTER:
        scatter_frame(f, fr);
        break;
    case CT_VIZ_FIT_PREDICTIVE:
        predictive_frame(f, index, fr);
        break;
    }
}

int ct_viz_fit_paint(cairo_t *cr, const ct_viz_rect *content, const void *figure, ct_error *err)
{
    const ct_viz_fit_figure *f = figure;
    (void)err;
    for (int i = 0; i < f->n_panels; i++) {
        ct_viz_rect box = ct_viz_grid_cell(content, i, f->columns, f->panel_w, f->panel_h);
        ct_viz_panel_letter(cr, &box, i);
        ct_viz_plot_frame fr;
        ct_viz_fit_panel_frame(f, content, i, &fr);
        int index;
        ct_viz_fit_panel_kind kind = ct_viz_fit_panel(f, i, &index);
        ct_viz_plot_clip(cr, &fr);
        if (kind == CT_VIZ_FIT_MARGINAL)
            marginal(cr, f, index, &fr);
        else if (kind == CT_VIZ_FIT_SCATTER)
            scatter(cr, f, &fr);
        else
            predictive(cr, f, index, &fr);
        cairo_restore(cr);
        ct_viz_plot_draw_axes(cr, &fr);
    }
    return CT_OK;
}

/* ---- entry points ---- */

int ct_viz_is_fit_dir(const char *dir)
{
    return ct_viz_dir_has(dir, "posterior.csv");
}

/* Whether column K of data.csv is the sd of another column (sd_<name>, <name> there too). */
static int is_sd_column(const ct_viz_table *data, int k)
{
    return !strncmp(data->names[k], "sd_", 3) && ct_viz_table_column(data, data->names[k] + 3) > 0;
}

/* The observed columns of data.csv: every one after time but the sd_<name> ones. */
static int find_observed(ct_viz_fit_figure *f, const char *path, ct_error *err)
{
    for (int k = 1; k < f->data.n_cols; k++) {
        if (is_sd_column(&f->data, k))
            continue;
        if (f->n_observed == CT_VIZ_FIT_MAX_OBSERVED)
            return ct_error_set(err, CT_EINVAL, "%s: more than %d data columns", path,
                                CT_VIZ_FIT_MAX_OBSERVED);
        f->observed[f->n_observed++] = k;
    }
    return f->n_observed ? CT_OK
                         : ct_error_set(err, CT_EINVAL, "%s: expected time and a data column",
                                        path);
}

static int load(ct_viz_fit_figure *f, const char *dir, ct_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/posterior.csv", dir);
    int rc = ct_viz_table_read(path, &f->post, err);
    if (!rc && (f->post.n_cols <= FIRST_PARAM || f->post.n_rows == 0 ||
                strcmp(f->post.names[3], "weight") != 0))
        rc = ct_error_set(err, CT_EINVAL, "%s: expected a fit's posterior.csv with rows", path);
    snprintf(path, sizeof path, "%s/data.csv", dir);
    if (!rc && !(rc = ct_viz_table_read(path, &f->data, err)))
        rc = find_observed(f, path, err);
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

int ct_viz_fit_figure_make(const char *dir, const ct_viz_options *opt, ct_viz_fit_figure *f,
                           ct_error *err)
{
    memset(f, 0, sizeof *f);
    int rc = load(f, dir, err);
    if (rc)
        return rc;
    make_bands(f, dir);
    f->n_panels = n_marginals(f) + (f->d >= 2) + f->n_observed;
    f->columns = f->n_panels < 3 ? f->n_panels : 3;
    f->width = ct_viz_page_width(opt->width_mm, f->n_panels > 2 ? CT_VIZ_DOUBLE_COLUMN_MM
                                                                : CT_VIZ_SINGLE_COLUMN_MM);
    f->panel_w = (f->width - 2 * CT_VIZ_MARGIN - (f->columns - 1) * CT_VIZ_PANEL_GAP) / f->columns;
    f->panel_h = f->panel_w * CT_VIZ_PLOT_ASPECT + 14;
    int rows = (f->n_panels + f->columns - 1) / f->columns;
    f->height = 2 * CT_VIZ_MARGIN + rows * f->panel_h + (rows - 1) * CT_VIZ_PANEL_GAP;
    return CT_OK;
}

void ct_viz_fit_figure_free(ct_viz_fit_figure *f)
{
    ct_free(f->bands.time);
    f->bands = (ct_viz_fit_bands){0};
    ct_viz_table_free(&f->post);
    ct_viz_table_free(&f->data);
}

int ct_viz_plot_fit(const char *dir, const ct_viz_options *opt, const char *out_path,
                    ct_error *err)
{
    ct_viz_fit_figure f;
    ct_viz_format format;
    int rc = ct_viz_format_from_path(out_path, &format, err);
    if (rc)
        return rc;
    rc = ct_viz_fit_figure_make(dir, opt, &f, err);
    if (!rc)
        rc = ct_viz_paint_page(out_path, f.width, f.height, opt->dpi, ct_viz_fit_paint, &f, err);
    ct_viz_fit_figure_free(&f);
    return rc;
}
