/* Colour maps, palette, scales, ticks, labels and the counts.csv reader. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_colormap.h"
#include "ct_csv_read.h"
#include "ct_io.h"
#include "ct_run_dir.h"
#include "ct_ticks.h"

static void check_rgb(ct_viz_rgb got, double r, double g, double b, double tol)
{
    CHECK_NEAR(got.r, r, tol);
    CHECK_NEAR(got.g, g, tol);
    CHECK_NEAR(got.b, b, tol);
}

TEST(viz_colormaps_match_published_entries)
{
    /* entries 0, 128 and 255 of matplotlib's 256-entry _viridis_data and _magma_data */
    check_rgb(ct_viz_colormap_eval(CT_VIZ_VIRIDIS, 0), 0.267004, 0.004874, 0.329415, 1e-6);
    check_rgb(ct_viz_colormap_eval(CT_VIZ_VIRIDIS, 128 / 255.0), 0.127568, 0.566949, 0.550556,
              0.003);
    check_rgb(ct_viz_colormap_eval(CT_VIZ_VIRIDIS, 1), 0.993248, 0.906157, 0.143936, 1e-6);
    check_rgb(ct_viz_colormap_eval(CT_VIZ_MAGMA, 0), 0.001462, 0.000466, 0.013866, 1e-6);
    check_rgb(ct_viz_colormap_eval(CT_VIZ_MAGMA, 128 / 255.0), 0.716387, 0.214982, 0.475290,
              0.003);
    check_rgb(ct_viz_colormap_eval(CT_VIZ_MAGMA, 1), 0.987053, 0.991438, 0.749504, 1e-6);
    check_rgb(ct_viz_colormap_eval(CT_VIZ_MAGMA, -3), 0.001462, 0.000466, 0.013866, 1e-6);
    ct_viz_colormap_id id;
    CHECK(ct_viz_colormap_parse("magma", &id) == CT_OK && id == CT_VIZ_MAGMA);
    CHECK(ct_viz_colormap_parse("jet", &id) == CT_EINVAL);
}

TEST(viz_colormaps_grow_lighter_monotonically)
{
    for (int m = CT_VIZ_VIRIDIS; m <= CT_VIZ_MAGMA; m++) {
        double last = -1;
        int monotonic = 1;
        for (int i = 0; i <= 200; i++) {
            ct_viz_rgb c = ct_viz_colormap_eval((ct_viz_colormap_id)m, i / 200.0);
            double luma = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
            monotonic &= luma > last;
            last = luma;
        }
        CHECK(monotonic);
    }
}

TEST(viz_palette_is_okabe_ito_with_overrides)
{
    check_rgb(ct_viz_palette(0), 0xE6 / 255.0, 0x9F / 255.0, 0, 1e-9);
    check_rgb(ct_viz_palette(4), 0, 0x72 / 255.0, 0xB2 / 255.0, 1e-9);
    ct_viz_rgb c;
    CHECK(ct_viz_parse_hex("#ff8000", &c) == CT_OK && c.r == 1 && c.b == 0);
    CHECK(ct_viz_parse_hex("ff8000", &c) == CT_EINVAL);
    CHECK(ct_viz_parse_hex("#ff80zz", &c) == CT_EINVAL);
    CHECK(ct_viz_parse_hex("#ff80001", &c) == CT_EINVAL);
    char *names[] = {"tumour", "tcell"}, *colours[] = {NULL, "#123456"}, *states[] = {"a", "b"};
    ct_snapshot s = {.n_types = 2, .type_names = names, .type_colours = colours, .n_states = 2,
                     .state_names = states};
    check_rgb(ct_viz_type_colour(&s, 0), 0xE6 / 255.0, 0x9F / 255.0, 0, 1e-9);
    check_rgb(ct_viz_type_colour(&s, 1), 0x12 / 255.0, 0x34 / 255.0, 0x56 / 255.0, 1e-9);
    ct_viz_rgb lighter = ct_viz_column_colour(&s, "tcell:b", 5);
    CHECK(lighter.r > 0x12 / 255.0 && lighter.b > 0x56 / 255.0);
    check_rgb(ct_viz_column_colour(&s, "tcell:a", 5), 0x12 / 255.0, 0x34 / 255.0, 0x56 / 255.0,
              1e-9);
    check_rgb(ct_viz_column_colour(&s, "macrophage", 2), 0, 0x9E / 255.0, 0x73 / 255.0, 1e-9);
    check_rgb(ct_viz_pixel_rgb(ct_viz_rgb_pixel(lighter)), lighter.r, lighter.g, lighter.b,
              0.5 / 255);
}

TEST(viz_scales_linear_and_log)
{
    ct_viz_scale lin = {10, 20, 0}, lg = {1, 1000, 1};
    CHECK_NEAR(ct_viz_scale_position(&lin, 15), 0.5, 1e-12);
    CHECK_NEAR(ct_viz_scale_position(&lin, 99), 1, 1e-12);
    CHECK_NEAR(ct_viz_scale_position(&lg, 10), 1 / 3.0, 1e-12);
    CHECK_NEAR(ct_viz_scale_position(&lg, 0), 0, 1e-12);
    CHECK(isnan(ct_viz_scale_position(&lg, NAN)));
    ct_viz_scale flat = {5, 5, 0}, empty_log = {INFINITY, -INFINITY, 1};
    ct_viz_scale_fix(&flat);
    ct_viz_scale_fix(&empty_log);
    CHECK(flat.hi > flat.lo && empty_log.lo > 0 && empty_log.hi > empty_log.lo);
}

TEST(viz_ticks_units_and_labels)
{
    CHECK_NEAR(ct_viz_nice_step(100, 5), 20, 1e-12);
    CHECK_NEAR(ct_viz_nice_step(0.7, 5), 0.1, 1e-12);
    CHECK_NEAR(ct_viz_nice_floor(0.3), 0.2, 1e-12);
    CHECK_NEAR(ct_viz_nice_floor(740), 500, 1e-9);
    double t[CT_VIZ_MAX_TICKS];
    int n = ct_viz_ticks(0, 100, 20, t, CT_VIZ_MAX_TICKS);
    CHECK(n == 6 && t[0] == 0 && t[5] == 100);
    CHECK(strcmp(ct_viz_time_unit_for(90).symbol, "min") == 0);
    CHECK(strcmp(ct_viz_time_unit_for(36 * 60).symbol, "h") == 0);
    CHECK(strcmp(ct_viz_time_unit_for(10 * 1440).symbol, "d") == 0);
    char buf[64];
    ct_viz_format_time(12 * 60, buf, sizeof buf);
    CHECK(strcmp(buf, "t = 12 h") == 0);
    ct_viz_format_time(5 * 1440 + 720, buf, sizeof buf);
    CHECK(strcmp(buf, "t = 5.5 d") == 0);
    CHECK_NEAR(ct_viz_scale_bar_um(1000), 200, 1e-9);
    ct_viz_format_length(200, buf, sizeof buf);
    CHECK(strcmp(buf, "200 \xc2\xb5m") == 0);
    ct_viz_format_length(2000, buf, sizeof buf);
    CHECK(strcmp(buf, "2 mm") == 0);
    ct_viz_format_number(0.30000000004, 0.1, buf, sizeof buf);
    CHECK(strcmp(buf, "0.3") == 0);
    ct_viz_format_number(2.5e6, 5e5, buf, sizeof buf);
    CHECK(strcmp(buf, "2.5e6") == 0);
}

static int read_csv_text(const char *text, ct_viz_series *s, ct_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "%s/counts.csv", ct_test_tmpdir());
    ct_io_write_file(path, text, strlen(text), err);
    return ct_viz_series_read(path, s, err);
}

TEST(viz_counts_csv_reads_and_refuses)
{
    ct_viz_series s;
    ct_error err;
    int rc = read_csv_text("step,time,tumour,tcell:active\r\n0,0,10,0\r\n10,5.5,12,3\r\n", &s, &err);
    if (CHECK(rc == CT_OK)) {
        CHECK(s.n_columns == 2 && s.n_rows == 2 && strcmp(s.names[1], "tcell:active") == 0);
        CHECK(s.time_min[1] == 5.5 && s.values[2] == 12 && s.values[3] == 3);
        ct_viz_series_free(&s);
    }
    CHECK(read_csv_text("time,step,a\n0,0,1\n", &s, &err) == CT_EINVAL &&
          strstr(err.msg, "counts.csv:1: header"));
    CHECK(read_csv_text("step,time,a,b\n0,0,1,2\n1,1,2\n", &s, &err) == CT_EINVAL &&
          strstr(err.msg, "counts.csv:3: expected 4 values, found 3"));
    CHECK(read_csv_text("step,time,a\n0,0,x\n", &s, &err) == CT_EINVAL &&
          strstr(err.msg, "expected a number"));
    CHECK(read_csv_text("step,time,a\n", &s, &err) == CT_EINVAL && strstr(err.msg, "no data"));
    CHECK(read_csv_text("", &s, &err) == CT_EINVAL && strstr(err.msg, "empty"));
}

TEST(viz_run_dir_without_snapshot_files)
{
    char dir[512], sub[600];
    snprintf(dir, sizeof dir, "%s/no_snapshots", ct_test_tmpdir());
    snprintf(sub, sizeof sub, "%s/snapshots", dir);
    ct_error err;
    CHECK(ct_io_mkdirs(sub, &err) == CT_OK);
    uint64_t *steps = NULL;
    size_t n = 1;
    CHECK(ct_viz_run_snapshot_steps(dir, &steps, &n, &err) == CT_OK && n == 0);
    ct_free(steps);
    ct_snapshot s;
    CHECK(ct_viz_run_load_snapshot(dir, -1, &s, &err) == CT_EINVAL &&
          strstr(err.msg, "no_snapshots/snapshots: no snapshot files"));
}
