/* Fit and cohort figures: a panel for every observed data column and every cohort metric,
   metrics told from parameters by cohort_summary.csv (not by a dot in the name), and tick labels
   that never overlap on their narrow axes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "ct_cohort_plot.h"
#include "ct_fit_plot.h"
#include "ct_io.h"
#include "viz_helpers.h"

/* Writes TEXT to DIR/NAME, making the folders on the way. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    ct_error err;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    CHECK(ct_io_mkdirs(path, &err) == CT_OK);
    *slash = '/';
    CHECK(ct_io_write_file(path, text, strlen(text), &err) == CT_OK);
}

static int boxes_overlap(const ct_viz_rect *a, const ct_viz_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Every pair of tick labels on both axes of FRAME keeps apart; each axis has two or more. */
static void check_ticks_apart(cairo_t *cr, const ct_viz_plot_frame *frame, const char *panel)
{
    for (int axis = CT_VIZ_X_AXIS; axis <= CT_VIZ_Y_AXIS; axis++) {
        ct_viz_axis_ticks t = ct_viz_plot_axis_ticks(cr, frame, (ct_viz_axis)axis);
        if (!CHECK(t.n >= 2))
            printf("    %s, axis %d: %d labels\n", panel, axis, t.n);
        for (int i = 0; i < t.n; i++)
            for (int j = i + 1; j < t.n; j++)
                if (!CHECK(!boxes_overlap(&t.box[i], &t.box[j])))
                    printf("    %s, axis %d: labels %g and %g overlap\n", panel, axis, t.at[i],
                           t.at[j]);
    }
}

/* A fit of two parameters to two observed columns (each with an sd column; with SD_TYPE, to
   target and a cell type called sd_x), generation 1 of four accepted runs; values chosen so that 1-2-5 steps of five ticks would crowd the axes of a
   140 mm page. */
static const char *make_fit_dir(int sd_type)
{
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/fit", ct_test_tmpdir());
    write_file(dir, "posterior.csv",
               "generation,particle,run,weight,distance,cell_types.infected.death.rate,"
               "infection.max\n"
               "0,0,0,1,9,0.001,20000\n"
               "1,0,3,0.25,2,0.0016,12500\n1,1,5,0.25,2,0.0021,18750\n"
               "1,2,6,0.25,1,0.0033,24000\n1,3,9,0.25,3,0.0042,31500\n");
    write_file(dir, "data.csv", "time,target,infected,sd_target,sd_infected\n"
                                "240,2196,202,47.9,15.2\n480,1590,581,40.9,25.1\n"
                                "720,619,1038,25.9,33.2\n");
    if (sd_type) /* a cell type whose name starts with sd_ is observed like any other */
        write_file(dir, "data.csv", "time,target,sd_x,sd_target\n240,2196,5,47.9\n"
                                    "480,1590,7,40.9\n720,619,9,25.9\n");
    static const int runs[] = {3, 5, 6, 9};
    for (int i = 0; i < 4; i++) {
        char name[64], counts[256];
        snprintf(name, sizeof name, "gen1/runs/%d/counts.csv", runs[i]);
        snprintf(counts, sizeof counts, "step,time,target,infected,sd_x\n0,0,2500,10,3\n"
                 "240,240,%d,%d,5\n480,480,%d,%d,7\n720,720,%d,%d,9\n", 2200 - i, 200 + i,
                 1600 - i, 580 + i, 620 - i, 1040 + i);
        write_file(dir, name, counts);
    }
    return dir;
}

TEST(viz_fit_figure_draws_every_observed_column_with_ticks_apart)
{
    ct_viz_options opt;
    ct_viz_options_init(&opt);
    opt.width_mm = 140;
    ct_viz_fit_figure f;
    ct_error err;
    if (!CHECK(ct_viz_fit_figure_make(make_fit_dir(0), &opt, &f, &err) == CT_OK)) {
        printf("    %s\n", err.msg);
        return;
    }
    CHECK(f.n_panels == 5); /* 2 marginals, the scatter, target and infected */
    CHECK(f.n_observed == 2 && f.bands.n == 4);
    const char *want[] = {"target", "infected"};
    int index;
    for (int k = 0; k < 2; k++)
        CHECK(ct_viz_fit_panel(&f, 3 + k, &index) == CT_VIZ_FIT_PREDICTIVE && index == k &&
              !strcmp(f.data.names[f.observed[index]], want[k]));
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, f.width - 2 * CT_VIZ_MARGIN,
                           f.height - 2 * CT_VIZ_MARGIN};
    for (int i = 0; i < f.n_panels; i++) {
        ct_viz_plot_frame frame;
        char panel[32];
        ct_viz_fit_panel_frame(&f, &content, i, &frame);
        snprintf(panel, sizeof panel, "fit panel %d", i);
        check_ticks_apart(cr, &frame, panel);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    CHECK(th_count_draws(ct_viz_fit_paint, &f, f.width, f.height,
                         &(th_draw_counts){.colour = {0, 0, 0}}) == CT_OK);
    ct_viz_fit_figure_free(&f);
    CHECK(ct_viz_fit_figure_make(make_fit_dir(1), &opt, &f, &err) == CT_OK);
    CHECK(f.n_observed == 2 && !strcmp(f.data.names[f.observed[1]], "sd_x"));
    ct_viz_fit_figure_free(&f);
}

/* Three patients in two arms; the metric "peak.tumour" has a dot in its name, the parameter
   parameters.kill_per_dose too: cohort_summary.csv says which is which. */
static const char *make_cohort_dir(const char *summary)
{
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/cohort", ct_test_tmpdir());
    write_file(dir, "cohort.csv",
               "patient,arm,parameters.kill_per_dose,final_tumour,peak.tumour,"
               "extinction_time_tumour,status\n"
               "0,control,0.004,2038,2038,NA,ok\n0,triple,0.004,0,1900,3300,ok\n"
               "1,control,0.006,1500,2100,NA,ok\n1,triple,0.006,12,1850,NA,ok\n"
               "2,control,0.005,2900,2900,NA,ok\n2,triple,0.005,0,2000,3600,ok\n");
    write_file(dir, "cohort_summary.csv", summary);
    return dir;
}

static const char *summary_of(const char *a, const char *b, const char *c)
{
    static char text[512];
    snprintf(text, sizeof text, "metric,arm,n\n%s,control,3\n%s,triple,3\n%s,control,3\n"
             "%s,triple,3\n%s,control,3\n%s,triple,3\n", a, a, b, b, c, c);
    return text;
}

TEST(viz_cohort_figure_draws_every_metric_told_apart_by_the_summary)
{
    ct_viz_options opt;
    ct_viz_options_init(&opt);
    opt.width_mm = 120;
    ct_viz_cohort_figure *f = calloc(1, sizeof *f);
    ct_error err;
    const char *dir =
        make_cohort_dir(summary_of("final_tumour", "peak.tumour", "extinction_time_tumour"));
    if (!CHECK(f && ct_viz_cohort_figure_make(dir, &opt, f, &err) == CT_OK)) {
        printf("    %s\n", err.msg);
        free(f);
        return;
    }
    CHECK(f->n_params == 1 && f->n_metrics == 3);
    CHECK(f->metrics[0] == 3 && f->metrics[1] == 4 && f->metrics[2] == 5);
    CHECK(f->n_panels == 7); /* values and waterfall of each, the survival of the last */
    CHECK(f->panels[3].kind == CT_VIZ_COHORT_WATERFALL && f->panels[3].metric == 1);
    CHECK(f->panels[6].kind == CT_VIZ_COHORT_SURVIVAL && f->panels[6].metric == 2);
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, f->width - 2 * CT_VIZ_MARGIN,
                           f->height - 2 * CT_VIZ_MARGIN};
    for (int i = 0; i < f->n_panels; i++) {
        ct_viz_plot_frame frame;
        char panel[32];
        ct_viz_cohort_panel_frame(f, &content, i, &frame);
        snprintf(panel, sizeof panel, "cohort panel %d", i);
        check_ticks_apart(cr, &frame, panel);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    CHECK(th_count_draws(ct_viz_cohort_paint, f, f->width, f->height,
                         &(th_draw_counts){.colour = {0, 0, 0}}) == CT_OK);
    ct_viz_cohort_figure_free(f);
    /* a summary naming a column that is not a metric is refused, naming both files */
    dir = make_cohort_dir(summary_of("final_tumour", "parameters.kill_per_dose", "status"));
    CHECK(ct_viz_cohort_figure_make(dir, &opt, f, &err) == CT_EINVAL &&
          strstr(err.msg, "cohort.csv: metric \"parameters.kill_per_dose\" (from ") &&
          strstr(err.msg, "cohort_summary.csv"));
    ct_viz_cohort_figure_free(f);
    free(f);
}
