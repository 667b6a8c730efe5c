/* Sweep summary plots checked by their pixels: mean markers where the means are, in their series'
   colours, the +-sd bars and min-max bands, the log x axis, and the errors that name the
   problem. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../harness.h"
#include "ct_io.h"
#include "ct_sweep_labels.h"
#include "ct_sweep_plot.h"
#include "viz_helpers.h"

#define TOL (4 / 255.0)

/* x = rate (1, 10, 100: log-spaced over two decades) in two series of "mode" (one value quoted,
   as the sweep quotes a cell with a comma), a metric that is NA everywhere, a third metric. */
static const char summary_csv[] =
    "point,cell_types.a.rate,mode,metric,n,mean,sd,min,max\n"
    "0,1,\"p,q\",count,3,10,4,4,16\n"
    "0,1,\"p,q\",extinct,0,NA,NA,NA,NA\n"
    "0,1,\"p,q\",peak,3,5,NA,5,5\n"
    "1,10,\"p,q\",count,3,20,4,14,26\n"
    "1,10,\"p,q\",extinct,0,NA,NA,NA,NA\n"
    "1,10,\"p,q\",peak,1,6,NA,6,6\n"
    "2,100,\"p,q\",count,3,30,4,24,36\n"
    "2,100,\"p,q\",extinct,0,NA,NA,NA,NA\n"
    "2,100,\"p,q\",peak,1,7,NA,7,7\n"
    "3,1,y,count,3,60,2,54,66\n"
    "3,1,y,extinct,0,NA,NA,NA,NA\n"
    "3,1,y,peak,1,8,NA,8,8\n"
    "4,10,y,count,3,70,2,64,76\n"
    "4,10,y,extinct,0,NA,NA,NA,NA\n"
    "4,10,y,peak,1,9,NA,9,9\n"
    "5,100,y,count,3,80,2,74,86\n"
    "5,100,y,extinct,0,NA,NA,NA,NA\n"
    "5,100,y,peak,1,9,NA,9,9\n";

/* A sweep directory holding TEXT as summary.csv. */
static const char *sweep_dir(const char *name, const char *text)
{
    static char dir[512];
    char path[600];
    ct_error err;
    snprintf(dir, sizeof dir, "%s/%s", ct_test_tmpdir(), name);
    ct_io_mkdirs(dir, &err);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    CHECK(ct_io_write_file(path, text, strlen(text), &err) == CT_OK);
    return dir;
}

static void default_options(ct_viz_options *opt)
{
    ct_viz_options_init(opt);
    opt->dpi = TH_DPI;
}

/* The prepared plot of summary_csv as ct_viz_plot_sweep_summary draws it. */
static int summary_plot(ct_viz_summary *s, const char *metric, const ct_viz_options *opt,
                        ct_viz_summary_plot *plot)
{
    ct_error err;
    char path[600];
    snprintf(path, sizeof path, "%s/summary.csv", sweep_dir("sweep", summary_csv));
    if (!CHECK(ct_viz_summary_read(path, s, &err) == CT_OK))
        return -1;
    return CHECK(ct_viz_summary_plot_make(s, path, metric, NULL, opt, plot, &err) == CT_OK) ? 0
                                                                                          : -1;
}

static ct_viz_rgb over_white(ct_viz_rgb c, double alpha)
{
    ct_viz_rgb out = {1 + (c.r - 1) * alpha, 1 + (c.g - 1) * alpha, 1 + (c.b - 1) * alpha};
    return out;
}

static void check_colour(cairo_surface_t *png, double x, double y, ct_viz_rgb want,
                         const char *what)
{
    ct_viz_rgb got = th_pixel_at(png, x, y);
    if (!CHECK(th_same_rgb(got, want, TOL)))
        printf("    %s at (%.1f, %.1f): %.3f %.3f %.3f, wanted %.3f %.3f %.3f\n", what, x, y,
               got.r, got.g, got.b, want.r, want.g, want.b);
}

TEST(viz_sweep_summary_reads_quoted_cells_and_na)
{
    ct_viz_summary s;
    ct_viz_summary_plot plot;
    ct_viz_options opt;
    default_options(&opt);
    if (summary_plot(&s, "count", &opt, &plot))
        return;
    CHECK(s.n_params == 2 && strcmp(s.params[1], "mode") == 0);
    CHECK(s.n_metrics == 3 && strcmp(s.metrics[2], "peak") == 0 && s.n_rows == 18);
    CHECK(strcmp(s.rows[0].values[1], "p,q") == 0 && s.rows[0].sd == 4);
    CHECK(isnan(s.rows[1].mean) && s.rows[1].metric == 1);
    CHECK(plot.x.log && plot.x.lo < 1 && plot.x.hi > 100); /* log-spaced: a log axis */
    CHECK(plot.n_panels == 1 && plot.panels[0].n_series == 2 && plot.panels[0].n == 6);
    CHECK(plot.panels[0].points[3].series == 1 && plot.panels[0].points[3].x == 1);
    ct_viz_summary_plot_free(&plot);
    ct_viz_summary_free(&s);
}

TEST(viz_sweep_summary_png_has_means_bars_and_bands)
{
    ct_viz_summary s;
    ct_viz_summary_plot plot;
    ct_viz_options opt;
    ct_error err;
    default_options(&opt);
    const char *png_path = th_tmp_path("summary.png");
    CHECK(ct_viz_plot_sweep_summary(sweep_dir("sweep", summary_csv), "count", NULL, &opt,
                                    png_path, &err) == CT_OK);
    if (summary_plot(&s, "count", &opt, &plot))
        return;
    cairo_surface_t *png = cairo_image_surface_create_from_png(png_path);
    CHECK(cairo_surface_status(png) == CAIRO_STATUS_SUCCESS);
    ct_viz_plot_frame f;
    ct_viz_summary_plot_frame(&plot, 0, &f);
    const ct_viz_summary_panel *panel = &plot.panels[0];
    for (size_t i = 0; i < panel->n; i++) { /* markers, and the sd bar above them */
        const ct_viz_summary_point *pt = &panel->points[i];
        ct_viz_rgb colour = ct_viz_palette(pt->series);
        double x, y, unused, y_bar;
        ct_viz_plot_point(&f, pt->x, pt->row->mean, &x, &y);
        ct_viz_plot_point(&f, pt->x, pt->row->mean + 0.8 * pt->row->sd, &unused, &y_bar);
        CHECK(x > f.area.x + 2 && x < f.area.x + f.area.w - 2);
        check_colour(png, x, y, colour, "mean marker");
        check_colour(png, x, y_bar, colour, "sd bar");
    }
    for (int series = 0; series < 2; series++) { /* band and line halfway from x = 1 to 10 */
        const ct_viz_summary_point *pt = &panel->points[3 * series];
        double x0, x1, mean0, mean1, max0, max1;
        ct_viz_plot_point(&f, pt[0].x, pt[0].row->mean, &x0, &mean0);
        ct_viz_plot_point(&f, pt[1].x, pt[1].row->mean, &x1, &mean1);
        ct_viz_plot_point(&f, pt[0].x, pt[0].row->max, &x0, &max0);
        ct_viz_plot_point(&f, pt[1].x, pt[1].row->max, &x1, &max1);
        double x = (x0 + x1) / 2, line = (mean0 + mean1) / 2, top = (max0 + max1) / 2;
        if (!CHECK(x1 - x0 > 40 && line - top > 4)) /* a log axis spreads the points evenly */
            printf("    x %.1f..%.1f, line %.1f, top %.1f\n", x0, x1, line, top);
        ct_viz_rgb colour = ct_viz_palette(series);
        check_colour(png, x, line, colour, "mean line");
        check_colour(png, x, line + 0.7 * (top - line), over_white(colour, CT_VIZ_BAND_ALPHA),
                     "band");
        check_colour(png, x, top - 3, (ct_viz_rgb){1, 1, 1}, "above the band");
    }
    cairo_surface_destroy(png);
    ct_viz_summary_plot_free(&plot);
    ct_viz_summary_free(&s);
}

TEST(viz_sweep_summary_draws_every_metric_in_each_format)
{
    ct_viz_options opt;
    ct_error err;
    default_options(&opt);
    const char *dir = sweep_dir("sweep", summary_csv), *png = th_tmp_path("all.png");
    CHECK(ct_viz_is_sweep_dir(dir) && !ct_viz_is_sweep_dir(ct_test_tmpdir()));
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, NULL, &opt, png, &err) == CT_OK);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    CHECK(abs(cairo_image_surface_get_width(img) - (int)lround(183 / 25.4 * TH_DPI)) <= 1);
    cairo_surface_destroy(img);
    opt.log_y = 1;
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, "mode", &opt, th_tmp_path("all.svg"), &err) ==
              CT_EINVAL &&
          strstr(err.msg, "parameter mode has the value \"p,q\", not a number"));
    CHECK(ct_viz_plot_sweep_summary(dir, "peak", NULL, &opt, th_tmp_path("peak.pdf"), &err) ==
          CT_OK);
    CHECK(ct_viz_plot_sweep_summary(dir, "extinct", NULL, &opt, th_tmp_path("na.svg"), &err) ==
          CT_OK);
}

/* Every panel has the series "p,q" and "y": one legend right of all the panels, none beside
   each; a single panel keeps its own. */
TEST(viz_sweep_summary_panels_share_one_legend)
{
    ct_viz_summary s;
    ct_viz_summary_plot plot;
    ct_viz_options opt;
    ct_error err;
    default_options(&opt);
    const char *png_path = th_tmp_path("shared.png");
    CHECK(ct_viz_plot_sweep_summary(sweep_dir("sweep", summary_csv), NULL, NULL, &opt, png_path,
                                    &err) == CT_OK);
    if (summary_plot(&s, NULL, &opt, &plot))
        return;
    CHECK(plot.n_panels == 3 && plot.shared_legend);
    ct_viz_plot_frame legend, f;
    ct_viz_summary_plot_legend_frame(&plot, &legend);
    for (int i = 0; i < plot.n_panels; i++) {
        ct_viz_summary_plot_frame(&plot, i, &f);
        CHECK(f.legend.w == 0 && f.area.x + f.area.w < legend.legend.x);
    }
    cairo_surface_t *png = cairo_image_surface_create_from_png(png_path);
    for (int series = 0; series < 2; series++) /* line 0 names the other parameter */
        check_colour(png, legend.legend.x + 6, ct_viz_plot_legend_y(&legend, series + 1),
                     ct_viz_palette(series), "shared legend entry");
    cairo_surface_destroy(png);
    ct_viz_summary_plot_free(&plot);
    ct_viz_summary_free(&s);
    if (summary_plot(&s, "count", &opt, &plot))
        return;
    CHECK(!plot.shared_legend);
    ct_viz_summary_plot_frame(&plot, 0, &f);
    CHECK(f.legend.w > 0);
    ct_viz_summary_plot_free(&plot);
    ct_viz_summary_free(&s);
}

TEST(viz_sweep_summary_errors_name_the_problem)
{
    ct_viz_options opt;
    ct_error err;
    default_options(&opt);
    const char *dir = sweep_dir("sweep", summary_csv), *out = th_tmp_path("bad.png");
    CHECK(ct_viz_plot_sweep_summary(dir, "final_b", NULL, &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "summary.csv: no metric \"final_b\" (metrics: count, extinct, peak)"));
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, "rate", &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "no parameter \"rate\" (parameters: cell_types.a.rate, mode)"));
    dir = sweep_dir("bad_value", "point,a,metric,n,mean,sd,min,max\n0,1,m,2,3,oops,1,4\n");
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, NULL, &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "summary.csv:2: sd: expected a number or NA, found \"oops\""));
    dir = sweep_dir("bad_header", "step,time,a\n0,0,1\n");
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, NULL, &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "summary.csv:1: header must be point,"));
    dir = sweep_dir("short_row", "point,a,metric,n,mean,sd,min,max\n0,1,m,2,3,1\n");
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, NULL, &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "summary.csv:2: expected 8 values"));
    dir = sweep_dir("no_params", "point,metric,n,mean,sd,min,max\n0,m,2,3,1,2,4\n");
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, NULL, &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "no parameters to plot against"));
    dir = sweep_dir("negative", "point,a,metric,n,mean,sd,min,max\n0,-1,m,2,3,1,2,4\n");
    opt.log_x = 1;
    CHECK(ct_viz_plot_sweep_summary(dir, NULL, NULL, &opt, out, &err) == CT_EINVAL &&
          strstr(err.msg, "a log x axis needs values above 0"));
    struct stat st;
    CHECK(stat(out, &st) != 0); /* no figure left behind */
}

/* labels.csv, written by the sweep from each parameter's "label", titles the x axis; without
   the file the dotted path does; a broken file is refused naming file, line and problem. */
TEST(viz_sweep_labels_title_the_axes)
{
    ct_viz_options opt;
    ct_viz_summary s;
    ct_viz_summary_plot plot;
    ct_viz_plot_frame f;
    ct_error err;
    default_options(&opt);
    char summary[600], labels[600];
    const char *dir = sweep_dir("labelled", summary_csv);
    snprintf(summary, sizeof summary, "%s/summary.csv", dir);
    snprintf(labels, sizeof labels, "%s/labels.csv", dir);
    static const char *const cases[][2] = {
        {NULL, "cell_types.a.rate"},
        {"parameter,label\ncell_types.a.rate,growth rate (1/min)\nmode,\"mode, p or y\"\n",
         "growth rate (1/min)"}};
    for (int i = 0; i < 2; i++) {
        if (cases[i][0])
            CHECK(ct_io_write_file(labels, cases[i][0], strlen(cases[i][0]), &err) == CT_OK);
        if (!CHECK(ct_viz_summary_read(summary, &s, &err) == CT_OK))
            return;
        CHECK(ct_viz_summary_read_labels(labels, &s, &err) == CT_OK);
        if (CHECK(ct_viz_summary_plot_make(&s, summary, "count", NULL, &opt, &plot, &err) ==
                  CT_OK)) {
            ct_viz_summary_plot_frame(&plot, 0, &f);
            CHECK(strcmp(f.x_title, cases[i][1]) == 0);
            ct_viz_summary_plot_free(&plot);
        }
        CHECK(strcmp(ct_viz_summary_param_label(&s, 1), i ? "mode, p or y" : "mode") == 0);
        ct_viz_summary_free(&s);
    }
    static const char *const bad[][2] = {
        {"param,label\n", "labels.csv:1: expected the header \"parameter,label\""},
        {"parameter,label\nrate,r\n", "labels.csv:2: \"rate\" is not a parameter of summary.csv"},
        {"parameter,label\nmode\n", "labels.csv:2: expected two cells: parameter,label"},
        {"parameter,label\nmode,\n", "labels.csv:2: a label of 1 to 80 bytes expected, got 0"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(ct_io_write_file(labels, bad[i][0], strlen(bad[i][0]), &err) == CT_OK);
        CHECK(ct_viz_summary_read(summary, &s, &err) == CT_OK);
        int rc = ct_viz_summary_read_labels(labels, &s, &err);
        if (!CHECK(rc == CT_EINVAL && strstr(err.msg, bad[i][1])))
            printf("    got: %s\n", rc ? err.msg : "(no error)");
        CHECK(s.labels == NULL);
        ct_viz_summary_free(&s);
    }
}
