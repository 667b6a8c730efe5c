/* Page geometry and text: rectangles in points, aligned labels, powers of ten.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_TEXT_H
#define CT_VIZ_TEXT_H

#include <cairo.h>

/* Sizes are in points (1/72 inch); y grows downwards, as in Cairo. */
#define CT_VIZ_FONT_PT 7.0     /* labels, ticks, legends */
#define CT_VIZ_LETTER_PT 10.0  /* panel letters */
#define CT_VIZ_LINE_PT 0.6     /* axes, frames */
#define CT_VIZ_FONT_FAMILY "sans-serif"
/* Closest two tick labels on a vertical axis or colour bar may come: more than a label's height
   (7 pt text, and a power of ten with its raised exponent), so their boxes stay apart. */
#define CT_VIZ_TICK_LABEL_PITCH (1.8 * CT_VIZ_FONT_PT)

typedef struct ct_viz_rect {
    double x, y, w, h;
} ct_viz_rect;

typedef enum ct_viz_align { CT_VIZ_START, CT_VIZ_MIDDLE, CT_VIZ_END } ct_viz_align;

/* Draws TEXT in the text colour with its anchor (START/MIDDLE/END of its width and of its cap
   height) at (x, y). */
void ct_viz_text(cairo_t *cr, double x, double y, ct_viz_align ax, ct_viz_align ay, double size,
                 int bold, const char *text);
/* The same, turned 90 degrees anticlockwise and centred on (x, y): a y-axis label. */
void ct_viz_text_vertical(cairo_t *cr, double x, double y, double size, const char *text);
double ct_viz_text_width(cairo_t *cr, double size, int bold, const char *text);
/* Width of "10" with the raised exponent K, as ct_viz_text_power10 draws it. */
double ct_viz_text_power10_width(cairo_t *cr, double size, int k);
/* "10" with a raised exponent K, anchored like ct_viz_text. */
void ct_viz_text_power10(cairo_t *cr, double x, double y, ct_viz_align ax, ct_viz_align ay,
                         double size, int k);
/* Width of the column beside a panel that holds its legend (and colour bar). */
double ct_viz_side_width(double panel_width);

/* A filled rectangle with a thin dark outline: legend swatches. */
void ct_viz_swatch(cairo_t *cr, double x, double y, double side, double r, double g, double b);

#endif
