/* The figures celltwin makes: one snapshot, the counts time series, or snapshots plus series. */
#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_figure.h"
#include "ct_panels.h"
#include "ct_plot.h"
#include "ct_run_dir.h"
#include "ct_series_columns.h"
#include "ct_snapshot_draw.h"
#include "ct_viz.h"

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
    int rc = ct_viz_run_read_counts(run_dir, opt->columns, &series, err);
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

static int render_panels(const char *run_dir, const ct_viz_options *opt, const char *out_path,
                         ct_error *err)
{
    if (opt->n_panels > CT_VIZ_MAX_PANELS)
        return ct_error_set(err, CT_EINVAL, "%d panels asked for, at most %d", opt->n_panels,
                            CT_VIZ_MAX_PANELS);
    ct_viz_panels_figure *f = ct_calloc(1, sizeof *f);
    if (!f)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    int rc = ct_viz_panels_make(run_dir, opt, f, err);
    if (!rc)
        rc = ct_viz_paint_page(out_path, f->width, f->height, opt->dpi, ct_viz_panels_paint, f,
                               err);
    ct_viz_panels_free(f);
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
