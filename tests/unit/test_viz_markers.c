/* Cells and fields that hide each other: --cell-size draws sparse cells large enough to see, and
   --field-alpha the field over the cells. Checked by their pixels. */
#include <stdio.h>
#include <string.h>

#include "../harness.h"
#include "ct_figure.h"
#include "ct_snapshot_draw.h"
#include "viz_helpers.h"

#define SIDE 400 /* sites along x and y */

static char *names[] = {"tcell"}, *colours[] = {"#cc2200"}, *state_names[] = {"default"};
static uint32_t sites[] = {SIDE * (SIDE / 2) + SIDE / 2};
static uint8_t types[] = {0}, states[] = {0};
static uint64_t ids[] = {1};

/* Pixels of the cell's colour inside the view, drawn with --cell-size CELL_PT (0: none). */
static int cell_footprint(double cell_pt)
{
    ct_snapshot s = {.ndim = 2, .size = {SIDE, SIDE, 1}, .dx_um = 10, .n_types = 1,
                     .type_names = names, .type_colours = colours, .n_states = 1,
                     .state_names = state_names, .n_cells = 1, .site = sites, .type = types,
                     .state = states, .id = ids};
    ct_viz_options opt;
    ct_viz_snapshot_style style;
    ct_viz_canvas canvas;
    ct_error err;
    ct_viz_options_init(&opt);
    opt.cell_size_pt = cell_pt;
    const char *path = th_tmp_path("marker.png");
    ct_viz_rect box = {4, 4, 250, 200};
    if (!CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK) ||
        !CHECK(ct_viz_canvas_open(&canvas, path, 258, 208, TH_DPI, &err) == CT_OK))
        return -1;
    CHECK(ct_viz_draw_snapshot(canvas.cr, &box, &s, &style, &err) == CT_OK);
    CHECK(ct_viz_canvas_close(&canvas, &err) == CT_OK);
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    ct_viz_snapshot_layout l;
    ct_viz_snapshot_layout_make(&box, &style, 1, &l);
    ct_viz_rgb want = ct_viz_type_colour(&s, 0);
    int n = 0;
    for (double y = l.image.y + 0.25; y < l.image.y + l.image.h; y += 72 / TH_DPI)
        for (double x = l.image.x + 0.25; x < l.image.x + l.image.w; x += 72 / TH_DPI)
            n += th_same_rgb(th_pixel_at(png, x, y), want, 0.02);
    cairo_surface_destroy(png);
    return n;
}

TEST(viz_cell_size_draws_sparse_cells_as_squares_of_that_side)
{
    int px_per_pt = (int)(TH_DPI / 72);
    int plain = cell_footprint(0), marked = cell_footprint(4);
    int side_px = 4 * px_per_pt; /* 8 x 8 pixels, give or take an edge row */
    if (!CHECK(plain <= 1) ||
        !CHECK(marked >= (side_px - 1) * (side_px - 1) && marked <= (side_px + 1) * (side_px + 1)))
        printf("    footprint %d px without --cell-size, %d px with 4 pt\n", plain, marked);
}

/* --field-alpha: at a cell's site the pixel is the cell's colour and the field's colour mixed
   by the opacity (Porter-Duff over); without it, the cell's colour alone. */
TEST(viz_field_alpha_draws_the_field_over_the_cells)
{
    static float values[4 * 4];
    static float *field_values[] = {values};
    static char *field_names[] = {"virus"}, *units[] = {""};
    for (int i = 0; i < 16; i++)
        values[i] = (float)i;
    static uint32_t cell_site[] = {5}; /* (1, 1) */
    ct_snapshot s = {.ndim = 2, .size = {4, 4, 1}, .dx_um = 10, .n_types = 1,
                     .type_names = names, .type_colours = colours, .n_states = 1,
                     .state_names = state_names, .n_cells = 1, .site = cell_site, .type = types,
                     .state = states, .id = ids, .n_fields = 1, .field_names = field_names,
                     .field_units = units, .field_values = field_values};
    for (double alpha = 0; alpha <= 0.5; alpha += 0.5) {
        ct_viz_options opt;
        ct_viz_snapshot_style style;
        ct_viz_canvas canvas;
        ct_error err;
        ct_viz_options_init(&opt);
        opt.field = "virus";
        opt.field_alpha = alpha;
        const char *path = th_tmp_path("overlay.png");
        ct_viz_rect box = {4, 4, 250, 200};
        if (!CHECK(ct_viz_snapshot_style_make(&s, &opt, &style, &err) == CT_OK) ||
            !CHECK(ct_viz_canvas_open(&canvas, path, 258, 208, TH_DPI, &err) == CT_OK))
            return;
        CHECK(ct_viz_draw_snapshot(canvas.cr, &box, &s, &style, &err) == CT_OK);
        CHECK(ct_viz_canvas_close(&canvas, &err) == CT_OK);
        cairo_surface_t *png = cairo_image_surface_create_from_png(path);
        ct_viz_snapshot_layout l;
        ct_viz_snapshot_layout_make(&box, &style, 1, &l);
        double x, y;
        ct_viz_snapshot_site_centre(&l, &style.view, 1, 1, &x, &y);
        ct_viz_rgb cell = ct_viz_type_colour(&s, 0);
        ct_viz_rgb field = ct_viz_colormap_eval(
            style.field.map, ct_viz_scale_position(&style.field.scale, values[5]));
        ct_viz_rgb want = {cell.r + alpha * (field.r - cell.r), cell.g + alpha * (field.g - cell.g),
                           cell.b + alpha * (field.b - cell.b)};
        ct_viz_rgb got = th_pixel_at(png, x, y);
        if (!CHECK(th_same_rgb(got, want, 4 / 255.0)))
            printf("    alpha %.1f: %.3f %.3f %.3f, wanted %.3f %.3f %.3f\n", alpha, got.r, got.g,
                   got.b, want.r, want.g, want.b);
        cairo_surface_destroy(png);
    }
}
