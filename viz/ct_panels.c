/* The multi-panel figure: snapshots in rows of three, one key right of them, the time series
   underneath. One key, not one per panel: the panels share the types, the field and (below)
   its colour range, so repeating them would only take room from the snapshots. */
#include "ct_panels.h"

#include <inttypes.h>
#include <math.h>

#include "ct_alloc.h"
#include "ct_figure.h"
#include "ct_plot.h"
#include "ct_run_dir.h"

#define PANELS_PER_ROW 3

/* Two asked-for steps nearest the same snapshot would draw it twice: refused, naming both. */
static int check_distinct_panel(const ct_viz_options *opt, const ct_viz_panels_figure *f, int i,
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

static int load_panels(const char *run_dir, const ct_viz_options *opt, ct_viz_panels_figure *f,
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
        f->styles[f->n].shared_key = 1;
    }
    return rc ? rc : ct_viz_run_read_counts(run_dir, opt->columns, &f->series, err);
}

/* One colour range for every panel, so that equal colours mean equal values and one colour
   bar is true for all of them. */
static void share_field_range(ct_viz_panels_figure *f, int log_scale)
{
    ct_viz_scale range = {INFINITY, -INFINITY, log_scale};
    for (int i = 0; i < f->n; i++)
        ct_viz_field_range_extend(&f->snapshots[i], &f->styles[i], &range);
    ct_viz_scale_fix(&range);
    for (int i = 0; i < f->n; i++)
        f->styles[i].field.scale = range;
}

/* The widest name of any panel sets the key's width. */
static void share_legend_width(ct_viz_panels_figure *f)
{
    double widest = 0;
    for (int i = 0; i < f->n; i++)
        widest = fmax(widest, f->styles[i].legend_text_pt);
    for (int i = 0; i < f->n; i++)
        f->styles[i].legend_text_pt = widest;
}

static int columns(int n)
{
    return n < PANELS_PER_ROW ? n : PANELS_PER_ROW;
}

static int rows(int n)
{
    return (n + columns(n) - 1) / columns(n);
}

/* The key is as wide as the side column of a panel that had its own; the snapshots share
   what is left. */
static void size_panels(ct_viz_panels_figure *f, double content_w)
{
    int cols = columns(f->n), n_rows = rows(f->n);
    ct_viz_rect probe = {0, 0, (content_w - (cols - 1) * CT_VIZ_PANEL_GAP) / cols, 0};
    probe = ct_viz_panel_letter_space(&probe);
    f->key_w = ct_viz_snapshot_key_width(probe.w, &f->styles[0], &f->key_font_pt);
    f->panel_w = (content_w - f->key_w - cols * CT_VIZ_PANEL_GAP) / cols;
    probe = (ct_viz_rect){0, 0, f->panel_w, 0};
    probe = ct_viz_panel_letter_space(&probe);
    f->row_h = 0;
    for (int i = 0; i < f->n; i++)
        f->row_h = fmax(f->row_h, ct_viz_snapshot_height(probe.w, &f->styles[i], 0));
    double key_h = ct_viz_snapshot_key_height(&f->styles[0], f->n_key);
    f->row_h = fmax(f->row_h, (key_h - (n_rows - 1) * CT_VIZ_PANEL_GAP) / n_rows);
    f->series_h = content_w * CT_VIZ_PLOT_ASPECT / 2 *
                  ct_viz_series_plot_count(&f->series, &f->snapshots[f->n - 1]);
}

int ct_viz_panels_make(const char *run_dir, const ct_viz_options *opt, ct_viz_panels_figure *f,
                       ct_error *err)
{
    int rc = load_panels(run_dir, opt, f, err);
    if (rc)
        return rc;
    f->key = ct_viz_legend_entries(f->snapshots, f->n, opt->by_state, &f->n_key);
    if (!f->key)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    f->width = ct_viz_page_width(opt->width_mm, CT_VIZ_DOUBLE_COLUMN_MM);
    share_field_range(f, opt->log_scale);
    share_legend_width(f);
    size_panels(f, f->width - 2 * CT_VIZ_MARGIN);
    f->log_y = opt->log_y;
    f->height = 2 * CT_VIZ_MARGIN + rows(f->n) * (f->row_h + CT_VIZ_PANEL_GAP) + f->series_h;
    return CT_OK;
}

void ct_viz_panels_free(ct_viz_panels_figure *f)
{
    for (int i = 0; i < f->n; i++)
        ct_snapshot_free(&f->snapshots[i]);
    f->n = 0;
    ct_free(f->key);
    f->key = NULL;
    ct_viz_series_free(&f->series);
}

static ct_viz_rect snapshot_box(const ct_viz_panels_figure *f, const ct_viz_rect *content, int i)
{
    return ct_viz_grid_cell(content, i, columns(f->n), f->panel_w, f->row_h);
}

/* Right of the snapshots, its first line level with the top of the first image. */
void ct_viz_panels_key_layout(const ct_viz_panels_figure *f, const ct_viz_rect *content,
                              ct_viz_snapshot_layout *l)
{
    ct_viz_rect box = snapshot_box(f, content, 0);
    box = ct_viz_panel_letter_space(&box);
    ct_viz_snapshot_layout first;
    ct_viz_snapshot_layout_make(&box, &f->styles[0], 0, &first);
    ct_viz_rect column = {content->x + content->w - f->key_w, first.image.y, f->key_w,
                          first.image.h};
    *l = first;
    ct_viz_snapshot_key_layout(&column, f->key_font_pt, f->styles[0].field.index >= 0, f->n_key,
                               l);
}

int ct_viz_panels_paint(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                        ct_error *err)
{
    const ct_viz_panels_figure *f = figure;
    int rc = CT_OK;
    for (int i = 0; !rc && i < f->n; i++) {
        ct_viz_rect box = snapshot_box(f, content, i);
        box = ct_viz_panel_letter(cr, &box, i);
        rc = ct_viz_draw_snapshot(cr, &box, &f->snapshots[i], &f->styles[i], err);
    }
    ct_viz_snapshot_layout key;
    ct_viz_panels_key_layout(f, content, &key);
    ct_viz_draw_snapshot_key(cr, &key, &f->snapshots[0], &f->styles[0], f->key, f->n_key);
    ct_viz_rect box = {content->x, content->y + rows(f->n) * (f->row_h + CT_VIZ_PANEL_GAP),
                       content->w, f->series_h};
    box = ct_viz_panel_letter(cr, &box, f->n);
    if (!rc)
        rc = ct_viz_draw_series(cr, &box, &f->series, &f->snapshots[f->n - 1], f->log_y, err);
    return rc;
}
