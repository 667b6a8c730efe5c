/* Snapshot pixels written straight into an image surface: O(sites + cells), no paths per cell. */
#include "ct_snapshot_raster.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"

#define MAX_IMAGE_SIDE 32767 /* Cairo's limit for an image surface */

uint32_t ct_viz_view_width(const ct_viz_view *v)
{
    return v->x1 - v->x0;
}

uint32_t ct_viz_view_height(const ct_viz_view *v)
{
    return v->y1 - v->y0;
}

/* The sites [*lo, *hi) of an axis of n sites whose centres (i + 0.5) dx lie in [min_um, max_um]. */
static void sites_within(double min_um, double max_um, double dx, uint32_t n, uint32_t *lo,
                         uint32_t *hi)
{
    double first = ceil(min_um / dx - 0.5), last = floor(max_um / dx - 0.5);
    *lo = first <= 0 ? 0 : first >= n ? n : (uint32_t)first;
    *hi = last < 0 ? 0 : last >= n - 1 ? n : (uint32_t)last + 1;
}

static int resolve_view(const ct_snapshot *s, const ct_viz_options *opt, ct_viz_view *v,
                        ct_error *err)
{
    const double *r = opt->region_um;
    v->x0 = v->y0 = 0;
    v->x1 = s->size[0];
    v->y1 = s->size[1];
    if (opt->has_region) {
        sites_within(r[0], r[2], s->dx_um, s->size[0], &v->x0, &v->x1);
        sites_within(r[1], r[3], s->dx_um, s->size[1], &v->y0, &v->y1);
        if (v->x0 >= v->x1 || v->y0 >= v->y1)
            return ct_error_set(err, CT_EINVAL,
                                "region %g,%g,%g,%g um holds no site centre of the %g x %g um "
                                "lattice (%u x %u sites of %g um)",
                                r[0], r[1], r[2], r[3], s->size[0] * s->dx_um,
                                s->size[1] * s->dx_um, s->size[0], s->size[1], s->dx_um);
    }
    if (opt->z_slice >= 0 && (uint32_t)opt->z_slice >= s->size[2])
        return ct_error_set(err, CT_EINVAL, "slice z = %d is outside the lattice depth %u",
                            opt->z_slice, s->size[2]);
    v->z = opt->z_slice >= 0 ? (uint32_t)opt->z_slice : s->size[2] / 2;
    v->project = opt->project && s->size[2] > 1;
    if (ct_viz_view_width(v) > MAX_IMAGE_SIDE || ct_viz_view_height(v) > MAX_IMAGE_SIDE)
        return ct_error_set(err, CT_ERANGE, "a view of %u x %u sites is too large; use a region",
                            ct_viz_view_width(v), ct_viz_view_height(v));
    return CT_OK;
}

static int find_field(const ct_snapshot *s, const char *name, int *index, ct_error *err)
{
    *index = name ? ct_snapshot_field_index(s, name) : -1;
    if (!name || *index >= 0)
        return CT_OK;
    char known[512] = "";
    for (int f = 0; f < s->n_fields; f++) {
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", f ? ", " : "", s->field_names[f]);
    }
    return ct_error_set(err, CT_EINVAL, "no field \"%s\" in the snapshot (fields: %s)", name,
                        s->n_fields ? known : "none");
}

int ct_viz_snapshot_style_make(const ct_snapshot *s, const ct_viz_options *opt,
                               ct_viz_snapshot_style *style, ct_error *err)
{
    memset(style, 0, sizeof *style);
    int rc = resolve_view(s, opt, &style->view, err);
    if (!rc)
        rc = find_field(s, opt->field, &style->field.index, err);
    if (rc)
        return rc;
    style->by_state = opt->by_state;
    style->cell_size_pt = opt->cell_size_pt;
    style->field_alpha = opt->field_alpha;
    style->field.map = opt->colormap;
    ct_viz_scale range = {INFINITY, -INFINITY, opt->log_scale};
    ct_viz_field_range_extend(s, style, &range);
    ct_viz_scale_fix(&range);
    style->field.scale = range;
    return CT_OK;
}

/* The value shown for column x, row y: the slice's value, or the maximum along z. */
static float field_value(const ct_snapshot *s, const ct_viz_view *v, const float *values,
                         uint32_t x, uint32_t y)
{
    uint64_t plane = (uint64_t)s->size[0] * s->size[1];
    uint64_t column = x + (uint64_t)s->size[0] * y;
    if (!v->project)
        return values[column + plane * v->z];
    float best = NAN;
    for (uint32_t z = 0; z < s->size[2]; z++) {
        float f = values[column + plane * z];
        if (isfinite(f) && !(f <= best))
            best = f;
    }
    return best;
}

void ct_viz_field_range_extend(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                               ct_viz_scale *range)
{
    if (style->field.index < 0)
        return;
    const ct_viz_view *v = &style->view;
    const float *values = s->field_values[style->field.index];
    for (uint32_t y = v->y0; y < v->y1; y++)
        for (uint32_t x = v->x0; x < v->x1; x++) {
            double f = field_value(s, v, values, x, y);
            if (!isfinite(f) || (range->log && f <= 0))
                continue;
            range->lo = f < range->lo ? f : range->lo;
            range->hi = f > range->hi ? f : range->hi;
        }
}

static uint32_t grey_pixel(double level)
{
    ct_viz_rgb c = {level, level, level};
    return ct_viz_rgb_pixel(c);
}

static void paint_background(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                             uint8_t *data, int stride)
{
    const ct_viz_view *v = &style->view;
    const ct_viz_field_layer *layer = &style->field;
    uint32_t empty = grey_pixel(CT_VIZ_EMPTY_GREY), missing = grey_pixel(CT_VIZ_MISSING_GREY);
    for (uint32_t row = 0; row < ct_viz_view_height(v); row++) {
        uint32_t *pixel = (uint32_t *)(data + (size_t)row * (size_t)stride);
        uint32_t y = v->y1 - 1 - row;
        for (uint32_t x = v->x0; x < v->x1; x++, pixel++) {
            if (layer->index < 0) {
                *pixel = empty;
                continue;
            }
            double t = ct_viz_scale_position(
                &layer->scale, field_value(s, v, s->field_values[layer->index], x, y));
            *pixel = isnan(t) ? missing : ct_viz_rgb_pixel(ct_viz_colormap_eval(layer->map, t));
        }
    }
}

/* Pixel colour of every (type, state) pair, indexed type * n_states + state. */
static uint32_t *cell_colours(const ct_snapshot *s, int by_state)
{
    int n_states = s->n_states > 0 ? s->n_states : 1;
    uint32_t *table = ct_malloc((size_t)(s->n_types > 0 ? s->n_types : 1) * n_states *
                                sizeof *table);
    for (int t = 0; table && t < s->n_types; t++)
        for (int st = 0; st < n_states; st++) {
            ct_viz_rgb c = ct_viz_type_colour(s, t);
            if (by_state)
                c = ct_viz_state_colour(c, st, n_states);
            table[t * n_states + st] = ct_viz_rgb_pixel(c);
        }
    return table;
}

/* Paints cells; in projection keeps, per pixel, the cell of smallest z (depth buffer). */
static int paint_cells(const ct_snapshot *s, const ct_viz_snapshot_style *style, uint8_t *data,
                       int stride, ct_error *err)
{
    const ct_viz_view *v = &style->view;
    uint32_t w = ct_viz_view_width(v), h = ct_viz_view_height(v);
    uint32_t *colours = cell_colours(s, style->by_state);
    uint32_t *depth = v->project ? ct_malloc((size_t)w * h * sizeof *depth) : NULL;
    if (!colours || (v->project && !depth)) {
        ct_free(colours);
        ct_free(depth);
        return ct_error_set(err, CT_ENOMEM, "out of memory drawing %u x %u sites", w, h);
    }
    if (depth)
        memset(depth, 0xff, (size_t)w * h * sizeof *depth);
    uint64_t plane = (uint64_t)s->size[0] * s->size[1];
    int n_states = s->n_states > 0 ? s->n_states : 1;
    for (uint64_t i = 0; i < s->n_cells; i++) {
        uint64_t site = s->site[i];
        uint32_t x = (uint32_t)(site % s->size[0]);
        uint32_t y = (uint32_t)(site / s->size[0] % s->size[1]);
        uint32_t z = (uint32_t)(site / plane);
        if (x < v->x0 || x >= v->x1 || y < v->y0 || y >= v->y1 || (!v->project && z != v->z))
            continue;
        uint32_t col = x - v->x0, row = v->y1 - 1 - y;
        if (depth) {
            if (z >= depth[(size_t)row * w + col])
                continue;
            depth[(size_t)row * w + col] = z;
        }
        uint32_t *pixel = (uint32_t *)(data + (size_t)row * (size_t)stride) + col;
        *pixel = colours[s->type[i] * n_states + s->state[i]];
    }
    ct_free(colours);
    ct_free(depth);
    return CT_OK;
}

/* A blank image of the view (transparent black), flushed for direct pixel access. */
static int blank_image(const ct_viz_view *v, cairo_surface_t **out, ct_error *err)
{
    *out = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ct_viz_view_width(v),
                                      (int)ct_viz_view_height(v));
    if (cairo_surface_status(*out) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(*out);
        *out = NULL;
        return ct_error_set(err, CT_ENOMEM, "cannot create a %u x %u image",
                            ct_viz_view_width(v), ct_viz_view_height(v));
    }
    cairo_surface_flush(*out);
    return CT_OK;
}

enum { LAYER_BACKGROUND = 1, LAYER_CELLS = 2 };

static int paint_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style, int layers,
                        cairo_surface_t **out, ct_error *err)
{
    cairo_surface_t *img;
    int rc = blank_image(&style->view, &img, err);
    if (rc)
        return rc;
    uint8_t *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    if (layers & LAYER_BACKGROUND)
        paint_background(s, style, data, stride);
    if ((layers & LAYER_CELLS) && (rc = paint_cells(s, style, data, stride, err))) {
        cairo_surface_destroy(img);
        return rc;
    }
    cairo_surface_mark_dirty(img);
    *out = img;
    return CT_OK;
}

int ct_viz_snapshot_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                           cairo_surface_t **out, ct_error *err)
{
    return paint_raster(s, style, LAYER_BACKGROUND | LAYER_CELLS, out, err);
}

int ct_viz_snapshot_cells_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                                 cairo_surface_t **out, ct_error *err)
{
    return paint_raster(s, style, LAYER_CELLS, out, err);
}

int ct_viz_snapshot_field_raster(const ct_snapshot *s, const ct_viz_snapshot_style *style,
                                 cairo_surface_t **out, ct_error *err)
{
    return paint_raster(s, style, LAYER_BACKGROUND, out, err);
}
