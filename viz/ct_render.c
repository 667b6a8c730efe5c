/* The figures celltwin makes: one snapshot, the counts time series, or snapshots plus series. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_figure.h"
#include "ct_plot.h"
#include "ct_run_dir.h"
#include "ct_series_columns.h"
#include "ct_snapshot_draw.h"
#include "ct_viz.h"

#define PANELS_PER_ROW 3

void ct_viz_options_init(ct_viz_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->step = -1;
    opt->z_slice = -1;
    opt->colormap = CT_VIZ_VIRIDIS;
    opt->dpi = 300;
}

/* ---- one snapshot ---- */

typedef struct snapshot_figure {
    const ct_snapshot *s;
    ct_viz_snapshot_style style;
} snapshot_figure;

static int paint_snapshot(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                          ct_error *err)
{
    const snapshot_figure *f = figure;
    return ct_viz_draw_snapshot(cr, content, f->s, &f->style, err);
}

int ct_viz_render_snapshot(const ct_snapshot *s, const ct_viz_options *opt, const char *out_path,
                           ct_error *err)
{
    ct_viz_format format;
    snapshot_figure f = {.s = s};
    int rc = ct_viz_format_from_path(out_path, &format, err);
    if (!rc)
        rc = ct_viz_snapshot_style_make(s, opt, &f.style, err);
    if (rc)
        return rc;
    ct_viz_snapshot_style_fit_legend(s, &f.style);
    double width = ct_viz_page_width(opt->width_mm, CT_VIZ_SINGLE_COLUMN_MM);
    double height = ct_viz_snapshot_height(width - 2 * CT_VIZ_MARGIN, &f.style,
                                           ct_viz_snapshot_legend_size(s, opt->by_state)) +
                    2 * CT_VIZ_MARGIN;
    return ct_viz_paint_page(out_path, width, height, opt->dpi, paint_snapshot, &f, err);
}

/* ---- time series ---- */

typedef struct series_figure {
    const ct_viz_series *series;
    const ct_snapshot *colours; /* may be NULL */
    int log_y;
} series_figure;

static int paint_series(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                        ct_error *err)
{
    const series_figure *f = figure;
    return ct_viz_draw_series(cr, content, f->series, f->colours, f->log_y, err);
}

/* counts.csv, cut down to opt->columns when given. */
static int read_counts(const char *run_dir, const ct_viz_options *opt, ct_viz_series *series,
                       ct_error *err)
{
    char path[4096];
    int rc = ct_viz_run_path(run_dir, "counts.csv", path, sizeof path, err);
    if (!rc)
        rc = ct_viz_series_read(path, series, err);
    if (!rc && opt->columns && (rc = ct_viz_series_pick(series, opt->columns, path, err)))
        ct_viz_series_free(series);
    return rc;
}

/* The last snapshot, whose type colours the series lines take; none is not an error. */
static int read_colours(const char *run_dir, ct_snapshot *s, int *found, ct_error *err)
{
    uint64_t *steps;
    size_t n;
    *found = 0;
    if (ct_viz_run_snapshot_steps(run_dir, &steps, &n, err) != CT_OK || n == 0) {
        ct_free(steps);
        return CT_OK;
    }
    ct_free(steps);
    int rc = ct_viz_run_load_snapshot(run_dir, -1, s, err);
    *found = rc == CT_OK;
    return rc;
}

static int render_counts(const char *run_dir, const ct_viz_options *opt, const char *out_path,
                         ct_error *err)
{
    ct_viz_series series;
    ct_snapshot colours;
    int have_colours;
    int rc = read_counts(run_dir, opt, &series, err);
    if (rc)
        return rc;
    if ((rc = read_colours(run_dir, &colours, &have_colours, err))) {
        ct_viz_series_free(&series);
        return rc;
    }
    series_figure f = {&series, have_colours ? &colours : NULL, opt->log_y};
    double width = ct_viz_page_width(opt->width_mm, CT_VIZ_SINGLE_COLUMN_MM);
    double height = width * CT_VIZ_PLOT_ASPECT * ct_viz_series_plot_count(&series, f.colours);
    rc = ct_viz_paint_page(out_path, width, height, opt->dpi, paint_series, &f, err);
    if (have_colours)
        ct_snapshot_free(&colours);
    ct_viz_series_free(&series);
    return rc;
}

/* ---- snapshots at chosen steps plus the time series ---- */

typedef struct panels_figure {
    int n;
    ct_snapshot snapshots[CT_VIZ_MAX_PANELS];
    ct_viz_snapshot_style styles[CT_VIZ_MAX_PANELS];
    ct_viz_series series;
    int log_y;
    double panel_w, row_h, series_h;
} panels_figure;

/* Two asked-for steps nearest the same snapshot would draw it twice: refused, naming both. */
static int check_distinct_panel(const ct_viz_options *opt, const panels_figure *f, int i,
                                ct_error *err)
{
    for (int j = 0; j < i; j++)
        if (f->snapshots[j].step == f->snapshots[i].step)
            return ct_error_set(err, CT_EINVAL,
                                "--panels: steps %" PRId64 " and %" PRId64 " both resolve to "
                                "the snapshot of step %" PRIu64 "; give steps of distinct "
                                "snapshots",
                                opt->panel_steps[j], opt->panel_steps[i], f->snapshots[i].step);
    return CT_OK;
}

static int load_panels(const char *run_dir, const ct_viz_options *opt, panels_figure *f,
                       ct_error *err)
{
    int rc = CT_OK;
    for (f->n = 0; !rc && f->n < opt->n_panels; f->n++) {
        rc = ct_viz_run_load_snapshot(run_dir, opt->panel_steps[f->n], &f->snapshots[f->n], err);
        if (!rc)
            rc = check_distinct_panel(opt, f, f->n, err);
        if (!rc)
            rc = ct_viz_snapshot_style_make(&f->snapshots[f->n], opt, &f->styles[f->n], err);
        if (!rc)
            ct_viz_snapshot_style_fit_legend(&f->snapshots[f->n], &f->styles[f->n]);
    }
    return rc ? rc : read_counts(run_dir, opt, &f->series, err);
}

/* One colour range for every panel, so that equal colours mean equal values. */
static void share_field_range(panels_figure *f, int log_scale)
{
    ct_viz_scale range = {INFINITY, -INFINITY, log_scale};
    for (int i = 0; i < f->n; i++)
        ct_viz_field_range_extend(&f->snapshots[i], &f->styles[i], &range);
    ct_viz_scale_fix(&range);
    for (int i = 0; i < f->n; i++)
        f->styles[i].field.scale = range;
}

/* One legend column width for every panel, so that the snapshots come out the same size. */
static void share_legend_width(panels_figure *f)
{
    double widest = 0;
    for (int i = 0; i < f->n; i++)
        widest = fmax(widest, f->styles[i].legend_text_pt);
    for (int i = 0; i < f->n; i++)
        f->styles[i].legend_text_pt = widest;
}

static void free_panels(panels_figure *f)
{
    for (int i = 0; i < f->n; i++)
        ct_snapshot_free(&f->snapshots[i]);
    ct_viz_series_free(&f->series);
}

static int columns(int n)
{
    return n < PANELS_PER_ROW ? n : PANELS_PER_ROW;
}

static void size_panels(panels_figure *f, double content_w)
{
    int cols = columns(f->n);
    ct_viz_rect probe = {0, 0, (content_w - (cols - 1) * CT_VIZ_PANEL_GAP) / cols, 0};
    f->panel_w = probe.w;
    probe = ct_viz_panel_letter_space(&probe);
    f->row_h = 0;
    for (int i = 0; i < f->n; i++) {
        int n_legend = ct_viz_snapshot_legend_size(&f->snapshots[i], f->styles[i].by_state);
        double h = ct_viz_snapshot_height(probe.w, &f->styles[i], n_legend);
        f->row_h = h > f->row_h ? h : f->row_h;
    }
    f->series_h = content_w * CT_VIZ_PLOT_ASPECT / 2 *
                  ct_viz_series_plot_count(&f->series, &f->snapshots[f->n - 1]);
}

static int paint_panels(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                        ct_error *err)
{
    const panels_figure *f = figure;
    int cols = columns(f->n), rc = CT_OK;
    for (int i = 0; !rc && i < f->n; i++) {
        ct_viz_rect box = ct_viz_grid_cell(content, i, cols, f->panel_w, f->row_h);
        box = ct_viz_panel_letter(cr, &box, i);
        rc = ct_viz_draw_snapshot(cr, &box, &f->snapshots[i], &f->styles[i], err);
    }
    int rows = (f->n + cols - 1) / cols;
    ct_viz_rect box = {content->x, content->y + rows * (f->row_h + CT_VIZ_PANEL_GAP),
                       content->w, f->series_h};
    box = ct_viz_panel_letter(cr, &box, f->n);
    if (!rc)
        rc = ct_viz_draw_series(cr, &box, &f->series, &f->snapshots[f->n - 1], f->log_y, err);
    return rc;
}

static int render_panels(const char *run_dir, const ct_viz_options *opt, const char *out_path,
                         ct_error *err)
{
    if (opt->n_panels > CT_VIZ_MAX_PANELS)
        return ct_error_set(err, CT_EINVAL, "%d panels asked for, at most %d", opt->n_panels,
                            CT_VIZ_MAX_PANELS);
    panels_figure *f = ct_calloc(1, sizeof *f);
    if (!f)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    int rc = load_panels(run_dir, opt, f, err);
    if (!rc) {
        double width = ct_viz_page_width(opt->width_mm, CT_VIZ_DOUBLE_COLUMN_MM);
        share_field_range(f, opt->log_scale);
        share_legend_width(f);
        size_panels(f, width - 2 * CT_VIZ_MARGIN);
        f->log_y = opt->log_y;
        int rows = (f->n + columns(f->n) - 1) / columns(f->n);
        double height = 2 * CT_VIZ_MARGIN + rows * (f->row_h + CT_VIZ_PANEL_GAP) + f->series_h;
        rc = ct_viz_paint_page(out_path, width, height, opt->dpi, paint_panels, f, err);
    }
    free_panels(f);
    ct_free(f);
    return rc;
}

/* ---- entry point ---- */

static int render_last_snapshot(const char *run_dir, const ct_viz_options *opt,
                                const char *out_path, ct_error *err)
{
    ct_snapshot s;
    int rc = ct_viz_run_load_snapshot(run_dir, opt->step, &s, err);
    if (rc)
        return rc;
    rc = ct_viz_render_snapshot(&s, opt, out_path, err);
    ct_snapshot_free(&s);
    return rc;
}

int ct_viz_render_run(const char *run_dir, const ct_viz_options *opt, const char *out_path,
                      ct_error *err)
{
    ct_viz_format format;
    int rc = ct_viz_format_from_path(out_path, &format, err); /* fail before any work */
    if (rc)
        return rc;
    if (opt->counts_only)
        return render_counts(run_dir, opt, out_path, err);
    if (opt->n_panels > 0)
        return render_panels(run_dir, opt, out_path, err);
    return render_last_snapshot(run_dir, opt, out_path, err);
}
