/* Time-series panel: one line per counts.csv column against time, with axes and a legend. */
#ifndef CT_VIZ_PLOT_H
#define CT_VIZ_PLOT_H

#include <cairo.h>

#include "ct_colormap.h"
#include "ct_csv_read.h"
#include "ct_text.h"
#include "ct_ticks.h"

typedef struct ct_viz_plot_frame {
    ct_viz_rect area;      /* the axes box */
    ct_viz_rect legend;
    ct_viz_time_unit unit; /* of the x axis */
    double t_lo, t_hi;     /* x range, minutes */
    ct_viz_scale y;        /* y range, linear from 0 or logarithmic by decades */
} ct_viz_plot_frame;

/* Axes ranges and placement for SERIES inside BOX. */
void ct_viz_plot_frame_make(const ct_viz_rect *box, const ct_viz_series *series, int log_y,
                            ct_viz_plot_frame *frame);
/* Page position of (time, value). */
void ct_viz_plot_point(const ct_viz_plot_frame *frame, double time_min, double value, double *px,
                       double *py);
/* Draws the panel; line colours follow the snapshot's type colours when COLOURS is given. */
void ct_viz_draw_series(cairo_t *cr, const ct_viz_rect *box, const ct_viz_series *series,
                        const ct_snapshot *colours, int log_y);

#endif
