/* Figures checked by their pixels: cell colours where the cells are, the colour bar, 3D views,
   the time-series lines, multi-panel output (with its one key) and the errors of
   ct_viz_render_run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_figure.h"
#include "ct_io.h"
#include "ct_panels.h"
#include "ct_plot.h"
#include "ct_snapshot_draw.h"
#include "viz_helpers.h"

#define TOL (3 / 255.0)

/* 12 x 8 lattice: cells of three types (type 2 with its own colour), a field rising along x. */
static char *names[] = {"tumour", "tcell", "macrophage"}, *colours[] = {NULL, NULL, "#123456"};
static char *state_names[] = {"alive", "active"}, *field_names[] = {"oxygen"};
static char *field_units[] = {"mmHg"};
static uint32_t sites[] = {0, 13, 30, 47, 60, 95};
static uint8_t types[] = {0, 1, 2, 0, 1, 2}, states[] = {0, 1, 0, 0, 0, 1};
static uint8_t later_states[] = {1, 1, 0, 0, 0, 0}; /* the run's second snapshot: tumour (active) */
static uint64_t ids[] = {1, 2, 3, 4, 5, 6};
static float oxygen[96];
static float *field_values[] = {oxygen};

static ct_snapshot small_snapshot(void)
{
    for (int i = 0; i < 96; i++)
        oxygen[i] = (float)(i % 12) * 10.0f;
    ct_snapshot s = {.ndim = 2, .size = {12, 8, 1}, .dx_um = 10, .step = 1440, .time_min = 720,
                     .n_types = 3, .type_names = names, .type_colours = colours,
                     .n_states = 2, .state_names = state_names,
                     .n_cells = 6, .site = sites, .type = types, .state = states, .id = ids,
                     .n_fields = 1, .field_names = field_names, .field_units = field_units,
                     .field_values = field_values};
    return s;
}

static void default_options(ct_viz_options *opt)
{
    ct_viz_options_init(opt);
    opt->dpi = TH_DPI;
}

/* Draws S with STYLE into BOX on a PNG page, writes it and reads it back. */
static cairo_surface_t *draw_png(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                                 const ct_viz_rect *box, const char *name)
{
    ct_viz_canvas canvas;
    ct_error err;
    const char *path = th_tmp_path(name);
    if (!CHECK(ct_viz_canvas_open(&canvas, path, box->x * 2 + box->w, box->y * 2 + box->h, TH_DPI,
                                  &err) == CT_OK))
        return NULL;
    CHECK(ct_viz_draw_snapshot(canvas.cr, box, s, style, &err) == CT_OK);
    CHECK(ct_viz_canvas_close(&canvas, &err) == CT_OK);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    CHECK(cairo_surface_status(png) == CAIRO_STATUS_SUCCESS);
    return png;
}

static void check_cells(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                        const ct_viz_rect *box, cairo_surface_t *png)
{
    ct_viz_snapshot_layout l;
    ct_viz_snapshot_layout_make(box, style, ct_viz_snapshot_legend_size(s, style->by_state), &l);
    for (uint64_t i = 0; i < s->n_cells; i++) {
        double x, y;
        ct_viz_rgb want = ct_viz_type_colour(s, s->type[i]);
        if (style->by_state)
            want = ct_viz_state_colour(want, s->state[i], s->n_states);
        ct_viz_snapshot_site_centre(&l, &style->view, s->site[i] % s->size[0],
                                    s->site[i] / s->size[0], &x, &y);
        if (!CHECK(th_same_rgb(th_pixel_at(png, x, y), want, TOL)))
            printf("    cell %llu (type %u) at (%.1f, %.1f)\n", (unsigned long long)i,
                   s->type[i], x, y);
    }
}

TEST(viz_snapshot_png_shows_each_cell_in_its_type_colour)
{
    ct_snapshot s = small_snapshot();
    ct_viz_options opt;
    ct_viz_snapshot_style style;
    ct_error err;
    default_options(&opt);
    for (int by_state = 0; by_state <= 1; by_state++) {
        opt.by_state = by_state;
        CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK);
        ct_viz_rect box = {4, 4, 250, 200};
        cairo_surface_t *png = draw_png(&s, &style, &box, "cells.png");
        if (!png)
            return;
        check_cells(&s, &style, &box, png);
        ct_viz_snapshot_layout l;
        ct_viz_snapshot_layout_make(&box, &style, 3, &l);
        double x, y; /* site (1, 0) is empty */
        ct_viz_snapshot_site_centre(&l, &style.view, 1, 0, &x, &y);
        ct_viz_rgb grey = {CT_VIZ_EMPTY_GREY, CT_VIZ_EMPTY_GREY, CT_VIZ_EMPTY_GREY};
        CHECK(th_same_rgb(th_pixel_at(png, x, y), grey, TOL));
        cairo_surface_destroy(png);
    }
}

TEST(viz_colour_bar_runs_through_the_colormap)
{
    ct_snapshot s = small_snapshot();
    ct_viz_options opt;
    ct_viz_snapshot_style style;
    ct_error err;
    default_options(&opt);
    opt.field = "oxygen";
    for (int map = CT_VIZ_VIRIDIS; map <= CT_VIZ_MAGMA; map++) {
        opt.colormap = (ct_viz_colormap_id)map;
        CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK);
        CHECK(style.field.scale.lo == 0 && style.field.scale.hi == 110);
        ct_viz_rect box = {4, 4, 250, 200};
        cairo_surface_t *png = draw_png(&s, &style, &box, "bar.png");
        if (!png)
            return;
        ct_viz_snapshot_layout l;
        ct_viz_snapshot_layout_make(&box, &style, 3, &l);
        const ct_viz_rect *bar = &l.colour_bar;
        CHECK(bar->w > 0 && bar->h > 30);
        for (int i = 1; i < 20; i++) {
            double t = i / 20.0;
            ct_viz_rgb want = ct_viz_colormap_eval(style.field.map, t);
            if (!CHECK(th_same_rgb(th_pixel_at(png, bar->x + bar->w / 2, bar->y + bar->h * (1 - t)),
                                want, 4 / 255.0)))
                printf("    map %d at %.2f\n", map, t);
        }
        double x, y; /* the empty site (5, 2) shows the field, 50 of 0..110 */
        ct_viz_snapshot_site_centre(&l, &style.view, 5, 2, &x, &y);
        CHECK(th_same_rgb(th_pixel_at(png, x, y), ct_viz_colormap_eval(style.field.map, 50 / 110.0),
                       TOL));
        check_cells(&s, &style, &box, png);
        cairo_surface_destroy(png);
    }
}

static uint32_t raster_pixel(cairo_surface_t *img, int col, int row)
{
    const uint8_t *p = cairo_image_surface_get_data(img) +
                       (size_t)row * (size_t)cairo_image_surface_get_stride(img);
    return ((const uint32_t *)p)[col];
}

TEST(viz_region_slice_and_projection_pick_the_right_sites)
{
    /* 4 x 3 x 3: at (1, 1) a tumour cell on z = 2 under a tcell on z = 1; at (3, 0) z = 2 only */
    uint32_t site3[] = {1 + 4 * (1 + 3 * 2), 1 + 4 * (1 + 3 * 1), 3 + 4 * (0 + 3 * 2)};
    uint8_t type3[] = {0, 1, 0}, state3[] = {0, 0, 0};
    ct_snapshot s = {.ndim = 3, .size = {4, 3, 3}, .dx_um = 5, .n_types = 2, .type_names = names,
                     .n_states = 1, .state_names = state_names, .n_cells = 3, .site = site3,
                     .type = type3, .state = state3};
    ct_viz_options opt;
    ct_viz_snapshot_style style;
    ct_error err;
    cairo_surface_t *img;
    uint32_t tumour = ct_viz_rgb_pixel(ct_viz_palette(0)), tcell = ct_viz_rgb_pixel(ct_viz_palette(1));
    default_options(&opt);
    opt.z_slice = 2;
    CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK);
    CHECK(ct_viz_snapshot_raster(&s, &style, &img, &err) == CT_OK);
    CHECK(raster_pixel(img, 1, 1) == tumour && raster_pixel(img, 3, 2) == tumour);
    cairo_surface_destroy(img);
    opt.z_slice = -1;
    opt.project = 1;
    CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK);
    CHECK(ct_viz_snapshot_raster(&s, &style, &img, &err) == CT_OK);
    CHECK(raster_pixel(img, 1, 1) == tcell && raster_pixel(img, 3, 2) == tumour);
    cairo_surface_destroy(img);
    /* a region is in um, as in scenarios: the sites whose centres (i + 0.5) 5 um lie in it */
    opt.has_region = 1;
    double region_um[4] = {5, 5, 20, 10}; /* x sites 1..3 (centres 7.5 to 17.5), y site 1 */
    memcpy(opt.region_um, region_um, sizeof region_um);
    CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK);
    CHECK(ct_viz_snapshot_raster(&s, &style, &img, &err) == CT_OK);
    CHECK(cairo_image_surface_get_width(img) == 3 && cairo_image_surface_get_height(img) == 1);
    CHECK(raster_pixel(img, 0, 0) == tcell);
    cairo_surface_destroy(img);
    opt.region_um[2] = 1000; /* past the lattice's 20 um: clipped, as scenario regions are */
    CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK);
    CHECK(ct_viz_snapshot_raster(&s, &style, &img, &err) == CT_OK);
    CHECK(cairo_image_surface_get_width(img) == 3);
    cairo_surface_destroy(img);
    opt.region_um[0] = 20; /* from 20 um on, no site centre */
    CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_EINVAL &&
          strstr(err.msg, "region 20,5,1000,10 um holds no site centre of the 20 x 15 um"));
    opt.has_region = 0;
    opt.z_slice = 3;
    CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_EINVAL &&
          strstr(err.msg, "slice z = 3"));
}

TEST(viz_million_site_snapshot_renders_in_seconds)
{
    enum { SIDE = 1500 };
    ct_snapshot s = small_snapshot();
    uint64_t n = (uint64_t)SIDE * SIDE / 2;
    s.size[0] = s.size[1] = SIDE;
    s.n_fields = 0;
    s.n_cells = n;
    s.site = ct_malloc(n * sizeof *s.site);
    s.type = ct_malloc(n);
    s.state = ct_calloc(n, 1);
    if (!CHECK(s.site && s.type && s.state))
        return;
    for (uint64_t i = 0; i < n; i++) {
        s.site[i] = (uint32_t)(2 * i + (i / (SIDE / 2)) % 2); /* checkerboard */
        s.type[i] = (uint8_t)(i % 3);
    }
    ct_viz_options opt;
    ct_error err;
    default_options(&opt);
    opt.dpi = 300;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = ct_viz_render_snapshot(&s, &opt, th_tmp_path("big.png"), &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("    %d x %d sites, %llu cells: %.2f s\n", SIDE, SIDE, (unsigned long long)n, seconds);
    CHECK(rc == CT_OK);
    CHECK(seconds < 10);
    ct_free(s.site);
    ct_free(s.type);
    ct_free(s.state);
}

static ct_viz_series two_flat_lines(double *time, double *values, char **columns)
{
    for (int i = 0; i < 5; i++) {
        time[i] = i * 360.0;
        values[2 * i] = 300;
        values[2 * i + 1] = 1000;
    }
    ct_viz_series series = {2, columns, 5, time, values};
    return series;
}

TEST(viz_time_series_lines_have_their_column_colours)
{
    double time[5], values[10];
    char *columns[] = {"tumour", "tcell"};
    ct_viz_series series = two_flat_lines(time, values, columns);
    for (int log_y = 0; log_y <= 1; log_y++) {
        ct_viz_canvas canvas;
        ct_error err;
        const char *path = th_tmp_path("series.png");
        ct_viz_rect box = {4, 4, 250, 150};
        if (!CHECK(ct_viz_canvas_open(&canvas, path, 258, 158, TH_DPI, &err) == CT_OK))
            return;
        CHECK(ct_viz_draw_series(canvas.cr, &box, &series, NULL, log_y, &err) == CT_OK);
        CHECK(ct_viz_canvas_close(&canvas, &err) == CT_OK);
        cairo_surface_t *png = cairo_image_surface_create_from_png(path);
        ct_viz_plot_frame f;
        ct_viz_plot_frame_make(&box, &series, log_y, &f);
        CHECK(strcmp(f.x_title, "time (h)") == 0 && f.x.hi == 1440 && f.x_unit == 60);
        for (int col = 0; col < 2; col++)
            for (int i = 1; i < 4; i++) {
                double x, y;
                ct_viz_plot_point(&f, 300.0 * i + 100, values[col], &x, &y);
                CHECK(y > f.area.y + 2 && y < f.area.y + f.area.h - 2);
                if (!CHECK(th_same_rgb(th_pixel_at(png, x, y), ct_viz_palette(col), 6 / 255.0)))
                    printf("    column %d, log_y %d, at (%.1f, %.1f)\n", col, log_y, x, y);
            }
        double x, y; /* halfway between the lines: background */
        ct_viz_plot_point(&f, 700, log_y ? 550 : 650, &x, &y);
        ct_viz_rgb white = {1, 1, 1};
        CHECK(th_same_rgb(th_pixel_at(png, x, y), white, TOL));
        cairo_surface_destroy(png);
    }
}

/* A run directory with counts.csv and snapshots at steps 0 and 1440. */
static const char *make_run_dir(void)
{
    static char run[512];
    char path[600];
    snprintf(run, sizeof run, "%s/run", ct_test_tmpdir());
    ct_error err;
    snprintf(path, sizeof path, "%s/snapshots", run);
    ct_io_mkdirs(path, &err);
    const char *csv = "step,time,tumour,tcell,macrophage\n0,0,2,1,1\n1440,720,2,2,2\n";
    snprintf(path, sizeof path, "%s/counts.csv", run);
    ct_io_write_file(path, csv, strlen(csv), &err);
    ct_snapshot s = small_snapshot();
    for (int step = 0; step <= 1440; step += 1440) {
        s.step = (uint64_t)step;
        s.state = step ? later_states : states;
        snprintf(path, sizeof path, "%s/snapshots/state_%08d.ctsnap", run, step);
        CHECK(ct_snapshot_write(&s, path, &err) == CT_OK);
    }
    return run;
}

/* Oxygen under the cells; panels at steps 0 and SECOND when N_PANELS is 2. */
static void oxygen_options(ct_viz_options *opt, int n_panels, int64_t second)
{
    default_options(opt);
    opt->field = "oxygen";
    opt->n_panels = n_panels;
    opt->panel_steps[0] = 0;
    opt->panel_steps[1] = second;
}

TEST(viz_render_run_draws_each_kind_of_figure)
{
    const char *run = make_run_dir();
    ct_viz_options opt;
    ct_error err;
    oxygen_options(&opt, 0, 0);
    const char *png = th_tmp_path("figure.png");
    CHECK(ct_viz_render_run(run, &opt, png, &err) == CT_OK);
    oxygen_options(&opt, 2, 1000);
    CHECK(ct_viz_render_run(run, &opt, th_tmp_path("panels.pdf"), &err) == CT_OK);
    CHECK(ct_viz_render_run(run, &opt, png, &err) == CT_OK);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    CHECK(cairo_surface_status(img) == CAIRO_STATUS_SUCCESS);
    CHECK(abs(cairo_image_surface_get_width(img) - (int)lround(183 / 25.4 * TH_DPI)) <= 1);
    cairo_surface_destroy(img);
    opt.n_panels = 0;
    opt.counts_only = 1;
    opt.log_y = 1;
    CHECK(ct_viz_render_run(run, &opt, th_tmp_path("counts.svg"), &err) == CT_OK);
}

/* A multi-panel figure draws one key: one colour bar (the panels share the field's range) and
   each legend entry once, the union of the panels' legends in type-then-state order. */
TEST(viz_panels_draw_one_shared_legend_and_colour_bar)
{
    const char *run = make_run_dir();
    ct_viz_options opt;
    ct_error err;
    oxygen_options(&opt, 2, 1440);
    opt.by_state = 1;
    ct_viz_panels_figure *f = calloc(1, sizeof *f);
    if (!CHECK(f && ct_viz_panels_make(run, &opt, f, &err) == CT_OK))
        return;
    /* step 0 has (0,0) (1,0) (1,1) (2,0) (2,1); step 1440 adds tumour (active), (0,1) */
    static const ct_viz_legend_entry want[] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}};
    CHECK(f->n_key == 6);
    for (int i = 0; i < f->n_key && i < 6; i++)
        CHECK(f->key[i].type == want[i].type && f->key[i].state == want[i].state);
    /* the key stands once, so its longest name ("macrophage (active)") keeps full size */
    CHECK(f->key_font_pt == CT_VIZ_FONT_PT && f->key_w > f->styles[0].legend_text_pt);
    CHECK(f->styles[0].field.scale.lo == f->styles[1].field.scale.lo &&
          f->styles[0].field.scale.hi == f->styles[1].field.scale.hi);
    th_draw_counts drawn = {.colour = {0x12 / 255.0, 0x34 / 255.0, 0x56 / 255.0}};
    CHECK(th_count_draws(ct_viz_panels_paint, f, f->width, f->height, &drawn) == CT_OK);
    CHECK(drawn.gradient_fills == 1); /* one colour bar, not one per panel */
    CHECK(drawn.colour_fills == 1);   /* the macrophage swatch (its state 0), once */
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, f->width - 2 * CT_VIZ_MARGIN,
                           f->height - 2 * CT_VIZ_MARGIN};
    ct_viz_snapshot_layout key;
    ct_viz_panels_key_layout(f, &content, &key);
    CHECK(key.legend.x + key.legend.w <= content.x + content.w + 1e-9);
    CHECK(key.colour_bar.y > key.legend.y + key.legend.h && key.colour_bar.h > 30);
    ct_viz_panels_free(f);
    free(f);
}

TEST(viz_render_run_errors_name_the_problem)
{
    const char *run = make_run_dir();
    ct_viz_options opt;
    ct_error err;
    default_options(&opt);
    CHECK(ct_viz_render_run(run, &opt, th_tmp_path("x.jpg"), &err) == CT_EINVAL &&
          strstr(err.msg, "x.jpg: unknown figure format"));
    opt.field = "glucose";
    CHECK(ct_viz_render_run(run, &opt, th_tmp_path("x.png"), &err) == CT_EINVAL &&
          strstr(err.msg, "no field \"glucose\"") && strstr(err.msg, "oxygen"));
    opt.field = NULL;
    CHECK(ct_viz_render_run(th_tmp_path("nowhere"), &opt, th_tmp_path("x.png"), &err) == CT_EIO &&
          strstr(err.msg, "nowhere/snapshots"));
    char path[600];
    snprintf(path, sizeof path, "%s/snapshots/state_00002000.ctsnap", run);
    ct_io_write_file(path, "CTSNAP01 but short", 18, &err);
    if (!CHECK(ct_viz_render_run(run, &opt, th_tmp_path("x.png"), &err) == CT_EFORMAT &&
               strstr(err.msg, "state_00002000.ctsnap: truncated")))
        printf("    %s\n", err.msg);
    struct stat st;
    CHECK(stat(th_tmp_path("x.png"), &st) != 0); /* no figure left behind */
}
