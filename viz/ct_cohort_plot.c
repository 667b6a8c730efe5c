/* Figures of a cohort directory, one row per metric column: its distribution per arm (patients
 * as points, the median as a bar), a waterfall of its paired differences (the last arm against
 * the first, one bar per patient, sorted), and for a time to an event (extinction_time_..., or
 * time_to_... with its reached_... column) the Kaplan-Meier event-free curve per arm with
 * censoring ticks. One key above the panels names the arms by colour. Reads only cohort.csv and
 * cohort_summary.csv. */
#include "ct_cohort_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_colour.h"
#include "ct_figure.h"

#define COLUMNS 3
#define KEY_COLUMNS 4   /* arms per line of the key */
#define CENSOR_TICK 2.5 /* half height of a censoring tick, pt */
/* Waterfall bars are grey, darker above zero: arm colours would read as arms in the key. */
#define GREY_ABOVE 0.35
#define GREY_BELOW 0.7
#define EXTINCTION_PREFIX "extinction_time"
#define TIME_TO_PREFIX "time_to_"
#define REACHED_PREFIX "reached_"

static int arm_of(const ct_viz_cohort_figure *f, size_t row)
{
    const char *name = f->rows.cells[row * (size_t)f->rows.n_cols + 1];
    for (int a = 0; a < f->n_arms; a++)
        if (!strcmp(f->arms[a], name))
            return a;
    return -1;
}

/* Value of column col for patient p in arm a (rows are patient-major, arms in order). */
static double value(const ct_viz_cohort_figure *f, long p, int a, int col)
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

/* ---- per arm ---- */

static void values_frame(const ct_viz_cohort_figure *f, int col, ct_viz_plot_frame *fr)
{
    double hi = 0;
    for (long p = 0; p < f->n_patients; p++)
        for (int a = 0; a < f->n_arms; a++)
            if (isfinite(value(f, p, a, col)))
                hi = fmax(hi, value(f, p, a, col));
    fr->x = (ct_viz_scale){-0.5, f->n_arms - 0.5, 0};
    fr->y = ct_viz_plot_value_scale(0, hi, 0);
    snprintf(fr->x_title, sizeof fr->x_title, "arm 0 (%s) to %d (%s)", f->arms[0],
             f->n_arms - 1, f->arms[f->n_arms - 1]);
    snprintf(fr->y_title, sizeof fr->y_title, "%s", f->rows.names[col]);
}

static void values(cairo_t *cr, const ct_viz_cohort_figure *f, int col,
                   const ct_viz_plot_frame *fr)
{
    for (int a = 0; a < f->n_arms; a++) {
        long n = 0;
        set_palette(cr, a, 0.45);
        for (long p = 0; p < f->n_patients; p++) {
            double v = value(f, p, a, col), x, y;
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
}

/* ---- paired differences ---- */

/* The paired differences of column COL, last arm - first, sorted descending into f->buf;
   returns how many are defined. */
static long differences(const ct_viz_cohort_figure *f, int col)
{
    long n = 0;
    for (long p = 0; p < f->n_patients; p++) {
        double d = value(f, p, f->n_arms - 1, col) - value(f, p, 0, col);
        if (isfinite(d))
            f->buf[n++] = d;
    }
    qsort(f->buf, (size_t)n, sizeof *f->buf, cmp_desc);
    return n;
}

static void waterfall_frame(const ct_viz_cohort_figure *f, int col, ct_viz_plot_frame *fr)
{
    long n = differences(f, col);
    fr->x = (ct_viz_scale){0, n > 0 ? (double)n : 1, 0};
    fr->y = (ct_viz_scale){n > 0 ? fmin(f->buf[n - 1], 0) : 0, n > 0 ? fmax(f->buf[0], 0) : 0, 0};
    ct_viz_scale_fix(&fr->y);
    snprintf(fr->x_title, sizeof fr->x_title, "patients, sorted");
    snprintf(fr->y_title, sizeof fr->y_title, "%s, arm %d - arm 0", f->rows.names[col],
             f->n_arms - 1);
}

static void waterfall(cairo_t *cr, const ct_viz_cohort_figure *f, int col,
                      const ct_viz_plot_frame *fr)
{
    long n = differences(f, col);
    for (long i = 0; i < n; i++) {
        double x0, x1, y0, y1;
        ct_viz_plot_point(fr, (double)i, 0, &x0, &y0);
        ct_viz_plot_point(fr, (double)i + 0.85, f->buf[i], &x1, &y1);
        double grey = f->buf[i] < 0 ? GREY_BELOW : GREY_ABOVE;
        cairo_set_source_rgb(cr, grey, grey, grey);
        cairo_rectangle(cr, x0, fmin(y0, y1), x1 - x0, fabs(y1 - y0));
        cairo_fill(cr);
    }
}

/* ---- event-free fraction (Kaplan-Meier) ---- */

static int run_ok(const ct_viz_cohort_figure *f, size_t row)
{
    return !strcmp(f->rows.cells[(row + 1) * (size_t)f->rows.n_cols - 1], "ok");
}

int ct_viz_cohort_km(const ct_viz_cohort_figure *f, int panel, int arm, ct_viz_km *km,
                     ct_error *err)
{
    const ct_viz_cohort_panel *p = &f->panels[panel];
    int col = f->metrics[p->metric];
    double *time = ct_malloc((size_t)f->n_patients * sizeof *time + 1);
    int *event = ct_malloc((size_t)f->n_patients * sizeof *event + 1);
    int rc = time && event ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory");
    for (long i = 0; !rc && i < f->n_patients; i++) {
        size_t row = (size_t)i * (size_t)f->n_arms + (size_t)arm;
        time[i] = run_ok(f, row) ? value(f, i, arm, col) : NAN; /* failed runs: left out */
        event[i] = p->event_column >= 0 ? value(f, i, arm, p->event_column) == 1
                                        : isfinite(time[i]);
        if (p->event_column < 0 && run_ok(f, row) && !event[i])
            time[i] = INFINITY; /* no extinction: event-free past every event, time unknown */
    }
    if (!rc)
        rc = ct_viz_km_make(time, event, f->n_patients, km, err);
    ct_free(time);
    ct_free(event);
    return rc;
}

static void survival_frame(const ct_viz_cohort_figure *f, int col, ct_viz_plot_frame *fr)
{
    double t_end = 0;
    for (size_t r = 0; r < f->rows.n_rows; r++)
        if (isfinite(ct_viz_table_value(&f->rows, r, col)))
            t_end = fmax(t_end, ct_viz_table_value(&f->rows, r, col));
    fr->x = (ct_viz_scale){0, t_end > 0 ? t_end * 1.05 : 1, 0};
    fr->x_unit = 60;
    fr->y = (ct_viz_scale){0, 1, 0};
    snprintf(fr->x_title, sizeof fr->x_title, "%s (h)", f->rows.names[col]);
    snprintf(fr->y_title, sizeof fr->y_title, "event-free fraction (Kaplan-Meier)");
}

/* The step curve from (0, 1) to the frame's end, and a vertical tick on it at each censoring,
   in one stroke. */
static void km_path(cairo_t *cr, const ct_viz_km *km, const ct_viz_plot_frame *fr)
{
    double x, y, s = 1;
    ct_viz_plot_point(fr, 0, 1, &x, &y);
    cairo_move_to(cr, x, y);
    for (long k = 0; k < km->n_steps; k++) {
        ct_viz_plot_point(fr, km->time[k], s, &x, &y);
        cairo_line_to(cr, x, y);
        s = km->survival[k];
        ct_viz_plot_point(fr, km->time[k], s, &x, &y);
        cairo_line_to(cr, x, y);
    }
    ct_viz_plot_point(fr, fr->x.hi, s, &x, &y);
    cairo_line_to(cr, x, y);
    for (long c = 0; c < km->n_censored; c++) {
        ct_viz_plot_point(fr, km->censored[c], ct_viz_km_survival(km, km->censored[c]), &x, &y);
        cairo_move_to(cr, x, y - CENSOR_TICK);
        cairo_line_to(cr, x, y + CENSOR_TICK);
    }
}

static int survival(cairo_t *cr, const ct_viz_cohort_figure *f, int panel,
                    const ct_viz_plot_frame *fr, ct_error *err)
{
    int rc = CT_OK;
    cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
    for (int a = 0; !rc && a < f->n_arms; a++) {
        ct_viz_km km;
        if (!(rc = ct_viz_cohort_km(f, panel, a, &km, err))) {
            set_palette(cr, a, 1);
            km_path(cr, &km, fr);
            cairo_stroke(cr);
        }
        ct_viz_km_free(&km);
    }
    return rc;
}

/* ---- the key: the arms by colour, once for every panel ---- */

static int key_lines(const ct_viz_cohort_figure *f)
{
    return (f->n_arms + KEY_COLUMNS - 1) / KEY_COLUMNS;
}

static void draw_key(cairo_t *cr, const ct_viz_cohort_figure *f, const ct_viz_rect *content)
{
    double w = content->w / KEY_COLUMNS;
    cairo_set_line_width(cr, CT_VIZ_PLOT_LINE_WIDTH);
    for (int a = 0; a < f->n_arms; a++) {
        ct_viz_plot_frame entry = {.legend = {content->x + (a % KEY_COLUMNS) * w,
                                              content->y + (a / KEY_COLUMNS) *
                                                               CT_VIZ_PLOT_LEGEND_LINE,
                                              w, CT_VIZ_PLOT_LEGEND_LINE}};
        set_palette(cr, a, 1);
        ct_viz_plot_legend_entry(cr, &entry, 0, f->arms[a]);
    }
}

/* The panels' part of the page: CONTENT below the key. */
static ct_viz_rect panels_area(const ct_viz_cohort_figure *f, const ct_viz_rect *content)
{
    double key_h = key_lines(f) * CT_VIZ_PLOT_LEGEND_LINE + CT_VIZ_PANEL_GAP;
    return (ct_viz_rect){content->x, content->y + key_h, content->w, content->h - key_h};
}

/* ---- the page ---- */

static ct_viz_rect panel_box(const ct_viz_cohort_figure *f, const ct_viz_rect *content, int i)
{
    const ct_viz_cohort_panel *p = &f->panels[i];
    ct_viz_rect area = panels_area(f, content);
    return ct_viz_grid_cell(&area, p->row * COLUMNS + p->column, COLUMNS, f->panel_w,
                            f->panel_h);
}

void ct_viz_cohort_panel_frame(const ct_viz_cohort_figure *f, const ct_viz_rect *content, int i,
                               ct_viz_plot_frame *fr)
{
    ct_viz_rect box = panel_box(f, content, i);
    box = ct_viz_panel_letter_space(&box);
    ct_viz_plot_frame_place(&box, 0, fr);
    int col = f->metrics[f->panels[i].metric];
    if (f->panels[i].kind == CT_VIZ_COHORT_VALUES)
        values_frame(f, col, fr);
    else if (f->panels[i].kind == CT_VIZ_COHORT_WATERFALL)
        waterfall_frame(f, col, fr);
    else
        survival_frame(f, col, fr);
}

int ct_viz_cohort_paint(cairo_t *cr, const ct_viz_rect *content, const void *figure,
                        ct_error *err)
{
    const ct_viz_cohort_figure *f = figure;
    int rc = CT_OK;
    draw_key(cr, f, content);
    for (int i = 0; !rc && i < f->n_panels; i++) {
        ct_viz_rect box = panel_box(f, content, i);
        ct_viz_panel_letter(cr, &box, i);
        ct_viz_plot_frame fr;
        ct_viz_cohort_panel_frame(f, content, i, &fr);
        int col = f->metrics[f->panels[i].metric];
        ct_viz_plot_clip(cr, &fr);
        if (f->panels[i].kind == CT_VIZ_COHORT_VALUES)
            values(cr, f, col, &fr);
        else if (f->panels[i].kind == CT_VIZ_COHORT_WATERFALL)
            waterfall(cr, f, col, &fr);
        else
            rc = survival(cr, f, i, &fr, err);
        cairo_restore(cr);
        ct_viz_plot_draw_axes(cr, &fr);
    }
    return rc;
}

/* ---- reading ---- */

int ct_viz_is_cohort_dir(const char *dir)
{
    return ct_viz_dir_has(dir, "cohort.csv");
}

/* Arms in order of first appearance. */
static void find_arms(ct_viz_cohort_figure *f)
{
    const ct_viz_table *t = &f->rows;
    for (size_t r = 0; r < t->n_rows && t->n_cols > 3 && arm_of(f, r) < 0; r++)
        if (f->n_arms < CT_VIZ_COHORT_MAX_ARMS)
            f->arms[f->n_arms++] = t->cells[r * (size_t)t->n_cols + 1];
}

/* The metric columns: the names in cohort_summary.csv's metric column, in order; each must be
   a column of cohort.csv after the patient parameters. The first CT_VIZ_COHORT_MAX_METRICS are
   drawn. */
static int find_metrics(ct_viz_cohort_figure *f, const char *rows_path,
                        const char *summary_path, ct_error *err)
{
    const ct_viz_table *s = &f->summary;
    if (s->n_cols < 1 || strcmp(s->names[0], "metric") != 0)
        return ct_error_set(err, CT_EINVAL, "%s: expected a header metric,arm,...",
                            summary_path);
    int last = 1; /* patient, arm */
    for (size_t r = 0; r < s->n_rows; r++) {
        const char *name = s->cells[r * (size_t)s->n_cols];
        int col = ct_viz_table_column(&f->rows, name);
        int next_arm = r > 0 && !strcmp(name, s->cells[(r - 1) * (size_t)s->n_cols]);
        if (next_arm)
            continue;
        /* metric columns follow the parameters, in the summary's order, before status */
        if (col <= last || col >= f->rows.n_cols - 1)
            return ct_error_set(err, CT_EINVAL, "%s: metric \"%s\" (from %s) is not one of its "
                                "metric columns", rows_path, name, summary_path);
        last = col;
        if (f->n_metrics < CT_VIZ_COHORT_MAX_METRICS)
            f->metrics[f->n_metrics++] = col;
    }
    f->n_params = f->n_metrics ? f->metrics[0] - 2 : 0;
    return CT_OK;
}

static int load(ct_viz_cohort_figure *f, const char *dir, ct_error *err)
{
    char rows_path[4200], summary_path[4200];
    snprintf(rows_path, sizeof rows_path, "%s/cohort.csv", dir);
    snprintf(summary_path, sizeof summary_path, "%s/cohort_summary.csv", dir);
    int rc = ct_viz_table_read(rows_path, &f->rows, err);
    if (!rc)
        rc = ct_viz_table_read(summary_path, &f->summary, err);
    if (rc)
        return rc;
    const ct_viz_table *t = &f->rows;
    find_arms(f);
    if (f->n_arms < 1 || t->n_rows % (size_t)f->n_arms ||
        strcmp(t->names[t->n_cols - 1], "status"))
        return ct_error_set(err, CT_EINVAL,
                            "%s: expected a cohort.csv: patient,arm,<parameters>,<metrics>,status "
                            "with every patient in every arm",
                            rows_path);
    if ((rc = find_metrics(f, rows_path, summary_path, err)))
        return rc;
    if (f->n_metrics == 0)
        return ct_error_set(err, CT_EINVAL, "%s: no metric rows", summary_path);
    f->n_patients = (long)(t->n_rows / (size_t)f->n_arms);
    f->buf = ct_malloc((size_t)f->n_patients * sizeof *f->buf + 1);
    return f->buf ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory");
}

/* Whether column NAME is a time to an event, and its event column into *event_column (-1: the
   time is defined only when the event happened, as extinction_time_...). */
static int is_time_to_event(const ct_viz_cohort_figure *f, const char *name, int *event_column)
{
    char reached[200];
    *event_column = -1;
    if (!strncmp(name, EXTINCTION_PREFIX, strlen(EXTINCTION_PREFIX)))
        return 1;
    if (strncmp(name, TIME_TO_PREFIX, strlen(TIME_TO_PREFIX)))
        return 0;
    snprintf(reached, sizeof reached, REACHED_PREFIX "%s", name + strlen(TIME_TO_PREFIX));
    *event_column = ct_viz_table_column(&f->rows, reached);
    return *event_column >= 0; /* time_to_peak_... has none: not an event */
}

/* One row per metric: its values, the waterfall with two arms or more, the Kaplan-Meier curve
   for a time to an event. */
static void lay_out(ct_viz_cohort_figure *f, const ct_viz_options *opt)
{
    for (int m = 0; m < f->n_metrics; m++) {
        int column = 0, event_column;
        const char *name = f->rows.names[f->metrics[m]];
        f->panels[f->n_panels++] =
            (ct_viz_cohort_panel){CT_VIZ_COHORT_VALUES, m, m, column++, -1};
        if (f->n_arms > 1)
            f->panels[f->n_panels++] =
                (ct_viz_cohort_panel){CT_VIZ_COHORT_WATERFALL, m, m, column++, -1};
        if (is_time_to_event(f, name, &event_column))
            f->panels[f->n_panels++] =
                (ct_viz_cohort_panel){CT_VIZ_COHORT_SURVIVAL, m, m, column, event_column};
    }
    f->width = ct_viz_page_width(opt->width_mm, CT_VIZ_DOUBLE_COLUMN_MM);
    f->panel_w = (f->width - 2 * CT_VIZ_MARGIN - (COLUMNS - 1) * CT_VIZ_PANEL_GAP) / COLUMNS;
    f->panel_h = f->panel_w * CT_VIZ_PLOT_ASPECT + 32;
    f->height = 2 * CT_VIZ_MARGIN + key_lines(f) * CT_VIZ_PLOT_LEGEND_LINE +
                f->n_metrics * (f->panel_h + CT_VIZ_PANEL_GAP);
}

int ct_viz_cohort_figure_make(const char *dir, const ct_viz_options *opt,
                              ct_viz_cohort_figure *f, ct_error *err)
{
    memset(f, 0, sizeof *f);
    int rc = load(f, dir, err);
    if (!rc)
        lay_out(f, opt);
    return rc;
}

void ct_viz_cohort_figure_free(ct_viz_cohort_figure *f)
{
    ct_free(f->buf);
    f->buf = NULL;
    ct_viz_table_free(&f->rows);
    ct_viz_table_free(&f->summary);
}

int ct_viz_plot_cohort(const char *dir, const ct_viz_options *opt, const char *out_path,
                       ct_error *err)
{
    ct_viz_format format;
    int rc = ct_viz_format_from_path(out_path, &format, err);
    if (rc)
        return rc;
    ct_viz_cohort_figure *f = ct_calloc(1, sizeof *f);
    if (!f)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    rc = ct_viz_cohort_figure_make(dir, opt, f, err);
    if (!rc)
        rc = ct_viz_paint_page(out_path, f->width, f->height, opt->dpi, ct_viz_cohort_paint, f,
                               err);
    ct_viz_cohort_figure_free(f);
    ct_free(f);
    return rc;
}
