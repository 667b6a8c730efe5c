/* Figures of a cohort directory: the first metric's distribution per arm (patients as points,
 * the median as a bar), a waterfall of its paired differences (each arm against the first, one
 * bar per patient, sorted), and the fraction of patients without the event over time for the
 * first extinction_time metric (patients without it count as event-free to the end). Reads only
 * cohort.csv and cohort_summary.csv. */
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

#define MAX_ARMS 16

typedef struct cohort_figure {
    ct_viz_table rows;
    int n_arms;
    const char *arms[MAX_ARMS];
    int metric, event;  /* columns of cohort.csv: the first metric, the first extinction time */
    long n_patients;
    int n_panels;
    double *buf;        /* n_patients */
} cohort_figure;

static int arm_of(const cohort_figure *f, size_t row)
{
    const char *name = f->rows.cells[row * (size_t)f->rows.n_cols + 1];
    for (int a = 0; a < f->n_arms; a++)
        if (!strcmp(f->arms[a], name))
            return a;
    return -1;
}

/* Value of column col for patient p in arm a (rows are patient-major, arms in order). */
static double value(const cohort_figure *f, long p, int a, int col)
{
    return ct_viz_table_value(&f->rows, (size_t)p * (size_t)f->n_arms + (size_t)a, col);
}

static void set_palette(cairo_t *cr, int i, double alpha)
{
    ct_viz_rgb c = ct_viz_palette(i);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void distributions(cairo_t *cr, const cohort_figure *f, ct_viz_plot_frame *fr)
{
    double hi = 0;
    for (long p = 0; p < f->n_patients; p++)
        for (int a = 0; a < f->n_arms; a++)
            if (isfinite(value(f, p, a, f->metric)))
                hi = fmax(hi, value(f, p, a, f->metric));
    fr->x = (ct_viz_scale){-0.5, f->n_arms - 0.5, 0};
    fr->y = ct_viz_plot_value_scale(0, hi, 0);
    snprintf(fr->x_title, sizeof fr->x_title, "arm 0 (%s) to %d (%s)", f->arms[0],
             f->n_arms - 1, f->arms[f->n_arms - 1]);
    snprintf(fr->y_title, sizeof fr->y_title, "%s", f->rows.names[f->metric]);
    ct_viz_plot_clip(cr, fr);
    for (int a = 0; a < f->n_arms; a++) {
        long n = 0;
        set_palette(cr, a, 0.45);
        for (long p = 0; p < f->n_patients; p++) {
            double v = value(f, p, a, f->metric), x, y;
            if (!isfinite(v))
                continue;
            f->buf[n++] = v;
            double jitter = 0.3 * (((double)((p * 2654435761u) % 1000) / 1000.0) - 0.5);
            ct_viz_plot_point(fr, a + jitter, v, &x, &y);
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, 1.1, 0, 2 * M_PI);
        }
        cairo_fill(cr);
        if (n == 0)
            continue;
        qsort(f->buf, (size_t)n, sizeof *f->buf, cmp_desc);
        double x0, x1, y;
        ct_viz_plot_point(fr, a - 0.3, f->buf[n / 2], &x0, &y);
        ct_viz_plot_point(fr, a + 0.3, f->buf[n / 2], &x1, &y);
        set_palette(cr, a, 1);
        cairo_set_line_width(cr, 1.6);
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x1, y);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static void waterfall(cairo_t *cr, const cohort_figure *f, ct_viz_plot_frame *fr)
{
    int a = f->n_arms - 1;
    long n = 0;
    double lo = 0, hi = 0;
    for (long p = 0; p < f->n_patients; p++) {
        double d = value(f, p, a, f->metric) - value(f, p, 0, f->metric);
        if (isfinite(d)) {
            f->buf[n++] = d;
            lo = fmin(lo, d);
            hi = fmax(hi, d);
        }
    }
    qsort(f->buf, (size_t)n, sizeof *f->buf, cmp_desc);
    fr->x = (ct_viz_scale){0, n > 0 ? (double)n : 1, 0};
    fr->y = (ct_viz_scale){lo, hi, 0};
    ct_viz_scale_fix(&fr->y);
    snprintf(fr->x_title, sizeof fr->x_title, "patients, sorted");
    snprintf(fr->y_title, sizeof fr->y_title, "paired difference, arm %d - arm 0", a);
    ct_viz_plot_clip(cr, fr);
    for (long i = 0; i < n; i++) {
        double x0, x1, y0, y1;
        ct_viz_plot_point(fr, (double)i, 0, &x0, &y0);
        ct_viz_plot_point(fr, (double)i + 0.85, f->buf[i], &x1, &y1);
        set_palette(cr, f->buf[i] < 0 ? 1 : 0, 0.9);
        cairo_rectangle(cr, x0, fmin(y0, y1), x1 - x0, fabs(y1 - y0));
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

/* Fraction of arm a's patients whose event time exceeds t (no event: never). */
static double event_free(const cohort_figure *f, int a, double t)
{
    long left = 0;
    for (long p = 0; p < f->n_patients; p++) {
        double v = value(f, p, a, f->event);
        left += !(v <= t);
    }
    return f->n_patients ? (double)left / (double)f->n_patients : NAN;
}

static void survival(cairo_t *cr, const cohort_figure *f, ct_viz_plot_frame *fr)
{
    double t_end = 0;
    for (size_t r = 0; r < f->rows.n_rows; r++)
        if (isfinite(ct_viz_table_value(&f->rows, r, f->event)))
            t_end = fmax(t_end, ct_viz_table_value(&f->rows, r, f->event));
    fr->x = (ct_viz_scale){0, t_end > 0 ? t_end * 1.05 : 1, 0};
    fr->x_unit = 60;
    fr->y = (ct_viz_scale){0, 1, 0};
    snprintf(fr->x_title, sizeof fr->x_title, "time (h)");
    snprintf(fr->y_title, sizeof fr->y_title, "fraction not yet extinct");
    ct_viz_plot_clip(cr, fr);
    cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
    for (int a = 0; a < f->n_arms; a++) {
        set_palette(cr, a, 1);
        for (int i = 0; i <= 200; i++) {
            double t = fr->x.hi * i / 200, x, y;
            ct_viz_plot_point(fr, t, event_free(f, a, t), &x, &y);
            if (i == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static int paint_cohort(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                        ct_error *err)
{
    const cohort_figure *f = figure;
    (void)err;
    double w = (content->w - (f->n_panels - 1) * CT_VIZ_PANEL_GAP) / f->n_panels;
    for (int i = 0; i < f->n_panels; i++) {
        ct_viz_rect box = ct_viz_grid_cell(content, i, f->n_panels, w, content->h);
        box = ct_viz_panel_letter(cr, &box, i);
        ct_viz_plot_frame fr;
        ct_viz_plot_frame_place(&box, 0, &fr);
        if (i == 0)
            distributions(cr, f, &fr);
        else if (i == 1)
            waterfall(cr, f, &fr);
        else
            survival(cr, f, &fr);
        ct_viz_plot_draw_axes(cr, &fr);
    }
    return CT_OK;
}

int ct_viz_is_cohort_dir(const char *dir)
{
    return ct_viz_dir_has(dir, "cohort.csv");
}

/* Arms in order of first appearance; metric columns: those before status back to the first
   dotted name (patient parameters are dotted scenario paths, metric names never are). */
static int load(cohort_figure *f, const char *dir, ct_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/cohort.csv", dir);
    int rc = ct_viz_table_read(path, &f->rows, err);
    if (rc)
        return rc;
    const ct_viz_table *t = &f->rows;
    for (size_t r = 0; r < t->n_rows && t->n_cols > 3 && arm_of(f, r) < 0; r++)
        if (f->n_arms < MAX_ARMS)
            f->arms[f->n_arms++] = t->cells[r * (size_t)t->n_cols + 1];
    f->metric = f->event = -1;
    for (int k = t->n_cols - 2; k >= 2 && !strchr(t->names[k], '.'); k--) {
        f->metric = k;
        if (!strncmp(t->names[k], "extinction_time", 15))
            f->event = k;
    }
    if (f->n_arms < 1 || f->metric < 0 || t->n_rows % (size_t)f->n_arms ||
        strcmp(t->names[t->n_cols - 1], "status"))
        return ct_error_set(err, CT_EINVAL,
                            "%s: expected a cohort.csv: patient,arm,<parameters>,<metrics>,status "
                            "with every patient in every arm",
                            path);
    f->n_patients = (long)(t->n_rows / (size_t)f->n_arms);
    f->buf = ct_malloc((size_t)f->n_patients * sizeof *f->buf + 1);
    return f->buf ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory");
}

int ct_viz_plot_cohort(const char *dir, const ct_viz_options *opt, const char *out_path,
                       ct_error *err)
{
    cohort_figure f = {0};
    ct_viz_format format;
    int rc = ct_viz_format_from_path(out_path, &format, err);
    if (!rc)
        rc = load(&f, dir, err);
    if (!rc) {
        f.n_panels = 1 + (f.n_arms > 1) + (f.event >= 0);
        double width = ct_viz_page_width(opt->width_mm, CT_VIZ_DOUBLE_COLUMN_MM);
        double panel_w = (width - 2 * CT_VIZ_MARGIN - 2 * CT_VIZ_PANEL_GAP) / 3;
        rc = ct_viz_paint_page(out_path, width, panel_w * CT_VIZ_PLOT_ASPECT + 40, opt->dpi,
                               paint_cohort, &f, err);
    }
    ct_free(f.buf);
    ct_viz_table_free(&f.rows);
    return rc;
}
