/* The field colour bar beside a snapshot: gradient, title and tick labels spaced so that they
 * never overlap, however short the bar. Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_COLOUR_BAR_H
#define CT_VIZ_COLOUR_BAR_H

#include <cairo.h>

#include "ct_snapshot_raster.h"
#include "ct_text.h"

typedef struct ct_viz_bar_tick {
    double value, y;  /* y: page position of the tick */
    double step;      /* linear: the tick spacing, which sets the decimals of the label */
    int power_of_ten; /* label as 10^k */
} ct_viz_bar_tick;

/* The labelled ticks of a colour bar BAR (bottom = SCALE's low end), at least
   CT_VIZ_TICK_LABEL_PITCH apart; returns how many (<= MAX). */
int ct_viz_colour_bar_ticks(const ct_viz_rect *bar, const ct_viz_scale *scale,
                            ct_viz_bar_tick *ticks, int max);
#define CT_VIZ_BAR_TITLE_MAX (2 * CT_SNAPSHOT_MAX_NAME + 8)
/* The bar's title: the field's name and its units ("virus (TCID50/ml)"). */
void ct_viz_colour_bar_title(const ct_snapshot *s, const ct_viz_field_layer *field, char *buf,
                             size_t size);
/* Draws FIELD's colour bar into BAR, its title TITLE_H above it. */
void ct_viz_draw_colour_bar(cairo_t *cr, const ct_viz_rect *bar, double title_h,
                            const ct_snapshot *s, const ct_viz_field_layer *field);

#endif
