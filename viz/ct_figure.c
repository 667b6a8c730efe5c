/* Output surfaces for figures; every file goes through ct_outfile (temporary name, rename). */
#include "ct_figure.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#define MAX_PNG_SIDE 32767 /* Cairo's limit for an image surface */
#define LETTER_SPACE (1.6 * CT_VIZ_LETTER_PT)

int ct_viz_format_from_path(const char *path, ct_viz_format *format, ct_error *err)
{
    static const struct {
        const char *ext;
        ct_viz_format format;
    } known[] = {{".png", CT_VIZ_PNG}, {".svg", CT_VIZ_SVG}, {".pdf", CT_VIZ_PDF}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof known / sizeof *known; i++)
        if (strcasecmp(dot, known[i].ext) == 0) {
            *format = known[i].format;
            return CT_OK;
        }
    return ct_error_set(err, CT_EINVAL, "%s: unknown figure format (use .png, .svg or .pdf)", path);
}

static cairo_status_t write_to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_surface_t *create_surface(ct_viz_canvas *c, double width_pt, double height_pt,
                                       double scale)
{
    switch (c->format) {
    case CT_VIZ_SVG:
        return cairo_svg_surface_create_for_stream(write_to_file, c->out.fp, width_pt, height_pt);
    case CT_VIZ_PDF:
        return cairo_pdf_surface_create_for_stream(write_to_file, c->out.fp, width_pt, height_pt);
    case CT_VIZ_PNG:
        break;
    }
    return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(width_pt * scale),
                                      (int)ceil(height_pt * scale));
}

int ct_viz_canvas_open(ct_viz_canvas *c, const char *path, double width_pt, double height_pt,
                       double dpi, ct_error *err)
{
    memset(c, 0, sizeof *c);
    int rc = ct_viz_format_from_path(path, &c->format, err);
    if (rc)
        return rc;
    double scale = c->format == CT_VIZ_PNG ? dpi / 72.0 : 1.0;
    if (!(dpi > 0) || !(width_pt > 0 && height_pt > 0) || width_pt * scale > MAX_PNG_SIDE ||
        height_pt * scale > MAX_PNG_SIDE)
        return ct_error_set(err, CT_ERANGE, "%s: a %.0f x %.0f pt figure at %g dpi is too large",
                            path, width_pt, height_pt, dpi);
    if ((rc = ct_outfile_open(&c->out, path, err)))
        return rc;
    c->surface = create_surface(c, width_pt, height_pt, scale);
    c->cr = cairo_create(c->surface);
    if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
        ct_viz_canvas_abort(c);
        return ct_error_set(err, CT_ENOMEM, "%s: cannot create the page", path);
    }
    cairo_scale(c->cr, scale, scale);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    return CT_OK;
}

int ct_viz_canvas_close(ct_viz_canvas *c, ct_error *err)
{
    cairo_status_t status = cairo_status(c->cr);
    cairo_destroy(c->cr);
    c->cr = NULL;
    if (status == CAIRO_STATUS_SUCCESS && c->format == CT_VIZ_PNG)
        status = cairo_surface_write_to_png_stream(c->surface, write_to_file, c->out.fp);
    cairo_surface_finish(c->surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(c->surface);
    cairo_surface_destroy(c->surface);
    c->surface = NULL;
    if (status != CAIRO_STATUS_SUCCESS) {
        ct_outfile_abort(&c->out);
        return ct_error_set(err, CT_EIO, "%s: drawing failed: %s", c->out.path,
                            cairo_status_to_string(status));
    }
    return ct_outfile_commit(&c->out, err);
}

void ct_viz_canvas_abort(ct_viz_canvas *c)
{
    if (c->cr)
        cairo_destroy(c->cr);
    if (c->surface) {
        cairo_surface_finish(c->surface);
        cairo_surface_destroy(c->surface);
    }
    c->cr = NULL;
    c->surface = NULL;
    ct_outfile_abort(&c->out);
}

int ct_viz_paint_page(const char *out_path, double width, double height, double dpi,
                      ct_viz_page_painter paint, const void *figure, ct_error *err)
{
    ct_viz_canvas canvas;
    int rc = ct_viz_canvas_open(&canvas, out_path, width, height, dpi, err);
    if (rc)
        return rc;
    ct_viz_rect content = {CT_VIZ_MARGIN, CT_VIZ_MARGIN, width - 2 * CT_VIZ_MARGIN,
                           height - 2 * CT_VIZ_MARGIN};
    rc = paint(canvas.cr, &content, figure, err);
    if (rc) {
        ct_viz_canvas_abort(&canvas);
        return rc;
    }
    return ct_viz_canvas_close(&canvas, err);
}

double ct_viz_page_width(double width_mm, double default_mm)
{
    return (width_mm > 0 ? width_mm : default_mm) * CT_VIZ_PT_PER_MM;
}

ct_viz_rect ct_viz_grid_cell(const ct_viz_rect *content, int index, int columns, double w,
                             double h)
{
    ct_viz_rect box = {content->x + (index % columns) * (w + CT_VIZ_PANEL_GAP),
                       content->y + (index / columns) * (h + CT_VIZ_PANEL_GAP), w, h};
    return box;
}

ct_viz_rect ct_viz_panel_letter_space(const ct_viz_rect *box)
{
    ct_viz_rect rest = {box->x + LETTER_SPACE, box->y, box->w - LETTER_SPACE, box->h};
    return rest;
}

ct_viz_rect ct_viz_panel_letter(cairo_t *cr, const ct_viz_rect *box, int index)
{
    char letter[2] = {(char)('A' + index % 26), '\0'};
    ct_viz_text(cr, box->x, box->y, CT_VIZ_START, CT_VIZ_START, CT_VIZ_LETTER_PT, 1, letter);
    return ct_viz_panel_letter_space(box);
}
