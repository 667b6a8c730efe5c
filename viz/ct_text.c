/* Text and small marks drawn with Cairo's font API. */
#include "ct_text.h"

#include <math.h>
#include <stdio.h>

#define CAP_HEIGHT 0.72     /* of the font size, for vertical centring */
#define EXPONENT_SCALE 0.7  /* size of an exponent relative to its base */
#define TEXT_GREY 0.1

static void use_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, CT_VIZ_FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double ct_viz_text_width(cairo_t *cr, double size, int bold, const char *text)
{
    cairo_text_extents_t e;
    use_font(cr, size, bold);
    cairo_text_extents(cr, text, &e);
    return e.x_advance;
}

static double offset(ct_viz_align a, double length)
{
    return a == CT_VIZ_START ? 0 : a == CT_VIZ_MIDDLE ? length / 2 : length;
}

void ct_viz_text(cairo_t *cr, double x, double y, ct_viz_align ax, ct_viz_align ay, double size,
                 int bold, const char *text)
{
    double w = ct_viz_text_width(cr, size, bold, text);
    double cap = CAP_HEIGHT * size;
    cairo_set_source_rgb(cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
    cairo_move_to(cr, x - offset(ax, w), y + cap - offset(ay, cap));
    cairo_show_text(cr, text);
    cairo_new_path(cr);
}

void ct_viz_text_vertical(cairo_t *cr, double x, double y, double size, const char *text)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -M_PI / 2);
    ct_viz_text(cr, 0, 0, CT_VIZ_MIDDLE, CT_VIZ_MIDDLE, size, 0, text);
    cairo_restore(cr);
}

double ct_viz_text_power10_width(cairo_t *cr, double size, int k)
{
    char exponent[16];
    snprintf(exponent, sizeof exponent, "%d", k);
    return ct_viz_text_width(cr, size, 0, "10") +
           ct_viz_text_width(cr, EXPONENT_SCALE * size, 0, exponent);
}

void ct_viz_text_power10(cairo_t *cr, double x, double y, ct_viz_align ax, ct_viz_align ay,
                         double size, int k)
{
    char exponent[16];
    snprintf(exponent, sizeof exponent, "%d", k);
    double small = EXPONENT_SCALE * size;
    double base_w = ct_viz_text_width(cr, size, 0, "10");
    double w = ct_viz_text_power10_width(cr, size, k);
    double left = x - offset(ax, w);
    ct_viz_text(cr, left, y, CT_VIZ_START, ay, size, 0, "10");
    ct_viz_text(cr, left + base_w, y - 0.45 * size, CT_VIZ_START, ay, small, 0, exponent);
}

double ct_viz_side_width(double panel_width)
{
    double w = 0.3 * panel_width;
    return w < 56 ? 56 : w > 100 ? 100 : w;
}

void ct_viz_swatch(cairo_t *cr, double x, double y, double side, double r, double g, double b)
{
    cairo_rectangle(cr, x, y, side, side);
    cairo_set_source_rgb(cr, r, g, b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
}
