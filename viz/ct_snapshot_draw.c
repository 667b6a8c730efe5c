/* Snapshot panels: the raster scaled onto the page, with the labels a reader needs. */
#include "ct_snapshot_draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_colour_bar.h"
#include "ct_ticks.h"

#define HEADER (1.9 * CT_VIZ_FONT_PT) /* time label strip */
#define FOOTER (2.6 * CT_VIZ_FONT_PT) /* scale bar strip */
#define GAP 6.0
#define LEGEND_LINE (1.5 * CT_VIZ_FONT_PT)
#define SWATCH (0.9 * CT_VIZ_FONT_PT)
#define SWATCH_GAP 3.0
#define MAX_SIDE_SHARE 0.45 /* of the panel width, for a legend of long names at full size */
#define MAX_SIDE_SHARE_SMALL 0.6 /* the same for names set at MIN_LEGEND_FONT_PT */
#define MIN_LEGEND_FONT_PT 5.0
#define METRICS_SLACK 1.04 /* names measured on a scratch surface come out a little narrower
                              than on a scaled page (hinting), so the key leaves them room */
#define BAR_TITLE (1.6 * CT_VIZ_FONT_PT)
#define BAR_WIDTH 7.0
#define BAR_MIN 36.0
#define BAR_MAX 110.0
#define SCALE_BAR_THICKNESS 1.5
#define MAX_ASPECT 1.25 /* tallest image relative to its width */

/* Legend entries of S[0..n_snapshots); with by_state only the (type, state) pairs that occur in
   any of them. Caller frees. */
ct_viz_legend_entry *ct_viz_legend_entries(const ct_snapshot *s, int n_snapshots, int by_state,
                                           int *n)
{
    int n_states = s->n_states > 0 ? s->n_states : 1;
    int pairs = (s->n_types > 0 ? s->n_types : 1) * n_states;
    ct_viz_legend_entry *entries = ct_malloc((size_t)pairs * sizeof *entries);
    uint8_t *seen = by_state ? ct_calloc((size_t)pairs, 1) : NULL;
    *n = 0;
    if (!entries || (by_state && !seen)) {
        ct_free(entries);
        ct_free(seen);
        return NULL;
    }
    for (int k = 0; by_state && k < n_snapshots; k++)
        for (uint64_t i = 0; i < s[k].n_cells; i++)
            seen[s[k].type[i] * n_states + s[k].state[i]] = 1;
    for (int t = 0; t < s->n_types; t++)
        for (int st = 0; st < (by_state ? n_states : 1); st++)
            if (!by_state || seen[t * n_states + st])
                entries[(*n)++] = (ct_viz_legend_entry){t, st};
    ct_free(seen);
    return entries;
}

int ct_viz_snapshot_legend_size(const ct_snapshot *s, int by_state)
{
    int n;
    ct_free(ct_viz_legend_entries(s, 1, by_state, &n));
    return n;
}

static double side_height(int n_legend, int has_field)
{
    return n_legend * LEGEND_LINE + (has_field ? GAP + BAR_TITLE + BAR_MIN : 0);
}

void ct_viz_snapshot_style_fit_legend(const ct_snapshot *s, ct_viz_snapshot_style *style)
{
    int n;
    ct_viz_legend_entry *entries = ct_viz_legend_entries(s, 1, style->by_state, &n);
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    char label[CT_VIZ_LEGEND_LABEL_MAX];
    style->legend_text_pt = 0;
    for (int i = 0; entries && i < n; i++) {
        ct_viz_legend_label(s, entries[i].type, entries[i].state, label, sizeof label);
        double w = ct_viz_text_width(cr, CT_VIZ_FONT_PT, 0, label);
        style->legend_text_pt = w > style->legend_text_pt ? w : style->legend_text_pt;
    }
    if (style->field.index >= 0) { /* the colour bar's title starts where the swatches do */
        ct_viz_colour_bar_title(s, &style->field, label, sizeof label);
        double w = ct_viz_text_width(cr, CT_VIZ_FONT_PT, 0, label) - SWATCH - SWATCH_GAP;
        style->legend_text_pt = w > style->legend_text_pt ? w : style->legend_text_pt;
    }
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    ct_free(entries);
}

/* Size of the legend's names: full size when the longest fits MAX_SIDE_SHARE of the panel, else
   smaller, down to MIN_LEGEND_FONT_PT. */
static double legend_font(double panel_w, const ct_viz_snapshot_style *style)
{
    double room = MAX_SIDE_SHARE * panel_w - SWATCH - SWATCH_GAP;
    if (style->legend_text_pt <= room)
        return CT_VIZ_FONT_PT;
    return fmax(MIN_LEGEND_FONT_PT, CT_VIZ_FONT_PT * room / style->legend_text_pt);
}

/* The legend column: the default width, or wider for the longest name at its size, up to
   MAX_SIDE_SHARE_SMALL of the panel (names longer still are cut short with an ellipsis). */
static double side_width(double panel_w, const ct_viz_snapshot_style *style)
{
    double side = ct_viz_side_width(panel_w);
    double wanted = style->legend_text_pt * legend_font(panel_w, style) / CT_VIZ_FONT_PT +
                    SWATCH + SWATCH_GAP;
    double most = MAX_SIDE_SHARE_SMALL * panel_w;
    return wanted <= side ? side : wanted < most ? wanted : most > side ? most : side;
}

/* The key stands once beside all the panels, so it may take the larger share at full size
   before its names shrink. */
double ct_viz_snapshot_key_width(double panel_w, const ct_viz_snapshot_style *style,
                                 double *font_pt)
{
    double side = ct_viz_side_width(panel_w), most = MAX_SIDE_SHARE_SMALL * panel_w;
    double wanted = style->legend_text_pt * METRICS_SLACK + SWATCH + SWATCH_GAP;
    *font_pt = wanted <= most ? CT_VIZ_FONT_PT
                              : fmax(MIN_LEGEND_FONT_PT, CT_VIZ_FONT_PT * (most - SWATCH -
                                                                           SWATCH_GAP) /
                                                             style->legend_text_pt);
    return wanted <= side ? side : wanted < most ? wanted : most > side ? most : side;
}

/* The side column beside the image: none when the figure draws one shared key instead. */
static double own_side_width(double panel_w, const ct_viz_snapshot_style *style)
{
    return style->shared_key ? 0 : side_width(panel_w, style) + GAP;
}

double ct_viz_snapshot_key_height(const ct_viz_snapshot_style *style, int n_legend)
{
    return HEADER + side_height(n_legend, style->field.index >= 0) + FOOTER;
}

double ct_viz_snapshot_height(double width, const ct_viz_snapshot_style *style, int n_legend)
{
    const ct_viz_view *v = &style->view;
    double image_w = width - own_side_width(width, style);
    double image_h = image_w * ct_viz_view_height(v) / ct_viz_view_width(v);
    if (image_h > MAX_ASPECT * image_w)
        image_h = MAX_ASPECT * image_w;
    double side = style->shared_key ? 0 : side_height(n_legend, style->field.index >= 0);
    return HEADER + (image_h > side ? image_h : side) + FOOTER;
}

void ct_viz_snapshot_key_layout(const ct_viz_rect *column, double font_pt, int has_field,
                                int n_legend, ct_viz_snapshot_layout *l)
{
    l->legend_font_pt = font_pt;
    l->legend = (ct_viz_rect){column->x, column->y, column->w, n_legend * LEGEND_LINE};
    l->colour_bar = (ct_viz_rect){l->legend.x, l->legend.y + l->legend.h + GAP + BAR_TITLE, 0, 0};
    if (has_field) {
        double h = column->y + column->h - l->colour_bar.y;
        l->colour_bar.w = BAR_WIDTH;
        l->colour_bar.h = h < BAR_MIN ? BAR_MIN : h > BAR_MAX ? BAR_MAX : h;
    }
}

void ct_viz_snapshot_layout_make(const ct_viz_rect *box, const ct_viz_snapshot_style *style,
                                 int n_legend, ct_viz_snapshot_layout *l)
{
    const ct_viz_view *v = &style->view;
    double fit_w = (box->w - own_side_width(box->w, style)) / ct_viz_view_width(v);
    double fit_h = (box->h - HEADER - FOOTER) / ct_viz_view_height(v);
    l->site_pt = fit_w < fit_h ? fit_w : fit_h;
    l->image = (ct_viz_rect){box->x, box->y + HEADER, ct_viz_view_width(v) * l->site_pt,
                             ct_viz_view_height(v) * l->site_pt};
    ct_viz_rect column = {l->image.x + l->image.w + GAP, l->image.y, side_width(box->w, style),
                          l->image.h};
    if (style->shared_key) /* nothing beside the image */
        column = (ct_viz_rect){l->image.x + l->image.w, l->image.y, 0, 0};
    ct_viz_snapshot_key_layout(&column, legend_font(box->w, style),
                               !style->shared_key && style->field.index >= 0,
                               style->shared_key ? 0 : n_legend, l);
}

void ct_viz_snapshot_site_centre(const ct_viz_snapshot_layout *l, const ct_viz_view *view,
                                 uint32_t x, uint32_t y, double *px, double *py)
{
    *px = l->image.x + (x - view->x0 + 0.5) * l->site_pt;
    *py = l->image.y + (view->y1 - 1 - y + 0.5) * l->site_pt;
}

/* RASTER scaled onto the view with opacity ALPHA. */
static void paint_view(cairo_t *cr, const ct_viz_snapshot_layout *l, cairo_surface_t *raster,
                       double alpha)
{
    cairo_save(cr);
    cairo_translate(cr, l->image.x, l->image.y);
    cairo_scale(cr, l->site_pt, l->site_pt);
    cairo_set_source_surface(cr, raster, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST); /* crisp sites */
    cairo_rectangle(cr, 0, 0, cairo_image_surface_get_width(raster),
                    cairo_image_surface_get_height(raster));
    cairo_clip(cr);
    cairo_paint_with_alpha(cr, alpha);
    cairo_restore(cr);
}

static void draw_frame(cairo_t *cr, const ct_viz_snapshot_layout *l)
{
    cairo_rectangle(cr, l->image.x, l->image.y, l->image.w, l->image.h);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, CT_VIZ_LINE_PT);
    cairo_stroke(cr);
}

/* Cells smaller than style->cell_size_pt on the page are drawn again as squares of that side
   centred on their sites (clipped to the view), so that a few cells on a large lattice show. */
static int draw_cell_markers(cairo_t *cr, const ct_viz_snapshot_layout *l, const ct_snapshot *s,
                             const ct_viz_snapshot_style *style, ct_error *err)
{
    double side = style->cell_size_pt;
    if (side <= l->site_pt)
        return CT_OK;
    cairo_surface_t *cells;
    int rc = ct_viz_snapshot_cells_raster(s, style, &cells, err);
    if (rc)
        return rc;
    const uint8_t *data = cairo_image_surface_get_data(cells);
    int stride = cairo_image_surface_get_stride(cells);
    int w = cairo_image_surface_get_width(cells), h = cairo_image_surface_get_height(cells);
    cairo_save(cr);
    cairo_rectangle(cr, l->image.x, l->image.y, l->image.w, l->image.h);
    cairo_clip(cr);
    for (int row = 0; row < h; row++)
        for (int col = 0; col < w; col++) {
            uint32_t pixel = ((const uint32_t *)(data + (size_t)row * (size_t)stride))[col];
            if (!(pixel >> 24))
                continue; /* no cell here */
            cairo_set_source_rgb(cr, (pixel >> 16 & 0xff) / 255.0, (pixel >> 8 & 0xff) / 255.0,
                                 (pixel & 0xff) / 255.0);
            cairo_rectangle(cr, l->image.x + (col + 0.5) * l->site_pt - side / 2,
                            l->image.y + (row + 0.5) * l->site_pt - side / 2, side, side);
            cairo_fill(cr);
        }
    cairo_restore(cr);
    cairo_surface_destroy(cells);
    return CT_OK;
}

/* With style->field_alpha the field is painted over the cells too, so that it shows where the
   tissue is dense (else it shows on empty sites only). */
static int draw_field_over_cells(cairo_t *cr, const ct_viz_snapshot_layout *l,
                                 const ct_snapshot *s, const ct_viz_snapshot_style *style,
                                 ct_error *err)
{
    if (style->field.index < 0 || style->field_alpha <= 0)
        return CT_OK;
    cairo_surface_t *field;
    int rc = ct_viz_snapshot_field_raster(s, style, &field, err);
    if (!rc) {
        paint_view(cr, l, field, style->field_alpha);
        cairo_surface_destroy(field);
    }
    return rc;
}

static void draw_header(cairo_t *cr, const ct_viz_snapshot_layout *l, const ct_snapshot *s,
                        const ct_viz_view *v)
{
    char text[64];
    double y = l->image.y - HEADER / 2;
    ct_viz_format_time(s->time_min, text, sizeof text);
    ct_viz_text(cr, l->image.x, y, CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0, text);
    if (s->ndim < 3)
        return;
    if (v->project)
        snprintf(text, sizeof text, "projected along z");
    else
        snprintf(text, sizeof text, "z = %u", v->z);
    ct_viz_text(cr, l->image.x + l->image.w, y, CT_VIZ_END, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0, text);
}

static void draw_scale_bar(cairo_t *cr, const ct_viz_snapshot_layout *l, const ct_snapshot *s,
                           const ct_viz_view *v)
{
    char label[32];
    double um = ct_viz_scale_bar_um(ct_viz_view_width(v) * s->dx_um);
    double length = um / s->dx_um * l->site_pt;
    double y = l->image.y + l->image.h + FOOTER / 2;
    cairo_rectangle(cr, l->image.x, y - SCALE_BAR_THICKNESS / 2, length, SCALE_BAR_THICKNESS);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
    ct_viz_format_length(um, label, sizeof label);
    ct_viz_text(cr, l->image.x + length + 4, y, CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_FONT_PT, 0,
                label);
}

void ct_viz_legend_label(const ct_snapshot *s, int type, int state, char *buf, size_t size)
{
    if (state == 0) /* every cell's default state: "tumour", not "tumour (default)" */
        snprintf(buf, size, "%s", s->type_names[type]);
    else
        snprintf(buf, size, "%s (%s)", s->type_names[type], s->state_names[state]);
}

void ct_viz_legend_fitted_label(cairo_t *cr, const ct_viz_snapshot_layout *l,
                                const ct_snapshot *s, int type, int state, char *buf,
                                size_t size)
{
    static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026, UTF-8 */
    double room = l->legend.w - SWATCH - SWATCH_GAP;
    ct_viz_legend_label(s, type, state, buf, size);
    size_t n = strlen(buf);
    if (ct_viz_text_width(cr, l->legend_font_pt, 0, buf) <= room || size < sizeof ellipsis)
        return;
    do { /* drop whole UTF-8 characters until the name and the ellipsis fit */
        while (n > 0 && ((unsigned char)buf[--n] & 0xc0) == 0x80)
            ;
        if (n + sizeof ellipsis > size)
            continue;
        memcpy(buf + n, ellipsis, sizeof ellipsis);
    } while (n > 0 && ct_viz_text_width(cr, l->legend_font_pt, 0, buf) > room);
}

static void draw_legend(cairo_t *cr, const ct_viz_snapshot_layout *l, const ct_snapshot *s,
                        const ct_viz_legend_entry *entries, int n, int by_state)
{
    for (int i = 0; i < n; i++) {
        const ct_viz_legend_entry *e = &entries[i];
        ct_viz_rgb c = ct_viz_type_colour(s, e->type);
        char label[CT_VIZ_LEGEND_LABEL_MAX];
        if (by_state)
            c = ct_viz_state_colour(c, e->state, s->n_states);
        ct_viz_legend_fitted_label(cr, l, s, e->type, by_state ? e->state : 0, label,
                                   sizeof label);
        double y = l->legend.y + (i + 0.5) * LEGEND_LINE;
        ct_viz_swatch(cr, l->legend.x, y - SWATCH / 2, SWATCH, c.r, c.g, c.b);
        ct_viz_text(cr, l->legend.x + SWATCH + SWATCH_GAP, y, CT_VIZ_START, CT_VIZ_MIDDLE,
                    l->legend_font_pt, 0, label);
    }
}

void ct_viz_draw_snapshot_key(cairo_t *cr, const ct_viz_snapshot_layout *l, const ct_snapshot *s,
                              const ct_viz_snapshot_style *style,
                              const ct_viz_legend_entry *entries, int n)
{
    draw_legend(cr, l, s, entries, n, style->by_state);
    if (style->field.index >= 0)
        ct_viz_draw_colour_bar(cr, &l->colour_bar, BAR_TITLE, s, &style->field);
}

int ct_viz_draw_snapshot(cairo_t *cr, const ct_viz_rect *box, const ct_snapshot *s,
                         const ct_viz_snapshot_style *style, ct_error *err)
{
    int n_legend;
    ct_viz_legend_entry *entries = ct_viz_legend_entries(s, 1, style->by_state, &n_legend);
    if (!entries)
        return ct_error_set(err, CT_ENOMEM, "out of memory drawing the legend");
    cairo_surface_t *raster;
    int rc = ct_viz_snapshot_raster(s, style, &raster, err);
    if (rc) {
        ct_free(entries);
        return rc;
    }
    ct_viz_snapshot_layout l;
    ct_viz_snapshot_layout_make(box, style, n_legend, &l);
    paint_view(cr, &l, raster, 1);
    cairo_surface_destroy(raster);
    rc = draw_cell_markers(cr, &l, s, style, err);
    if (!rc)
        rc = draw_field_over_cells(cr, &l, s, style, err);
    if (rc) {
        ct_free(entries);
        return rc;
    }
    draw_frame(cr, &l);
    draw_header(cr, &l, s, &style->view);
    draw_scale_bar(cr, &l, s, &style->view);
    if (!style->shared_key)
        ct_viz_draw_snapshot_key(cr, &l, s, style, entries, n_legend);
    ct_free(entries);
    return CT_OK;
}
