/* Line plots: axes (linear or logarithmic on either axis), legends, and the time-series panel of
   counts.csv built on them.
   Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_PLOT_H
#define CT_VIZ_PLOT_H

#include <cairo.h>

#include "ct_colormap.h"
#include "ct_csv_read.h"
#include "ct_text.h"
#include "ct_ticks.h"

#define CT_VIZ_PLOT_LINE_WIDTH 1.2
#define CT_VIZ_PLOT_LEGEND_LINE (1.5 * CT_VIZ_FONT_PT) /* a legend's line pitch */

typedef struct ct_viz_plot_frame {
    ct_viz_rect area;   /* the axes box */
    ct_viz_rect legend; /* the column beside it */
    ct_viz_scale x, y;  /* data ranges, each linear or by log10 */
    double x_unit;      /* the x tick labels show x / x_unit (60 for a time axis in hours) */
    char x_title[160], y_title[160];
} ct_viz_plot_frame;

/* Places the axes box and a legend column of N_LEGEND lines (none: the axes take the width)
   inside BOX; scales and titles are left to the caller. */
void ct_viz_plot_frame_place(const ct_viz_rect *box, int n_legend, ct_viz_plot_frame *frame);
/* A value axis for data in [LO, HI] (LO > HI: no data): linear from min(LO, 0) to a round number
   above HI, or by log10 over whole decades. */
ct_viz_scale ct_viz_plot_value_scale(double lo, double hi, int log);
/* Page position of the data point (x, y), clamped to the axes box. */
void ct_viz_plot_point(const ct_viz_plot_frame *frame, double x, double y, double *px, double *py);
typedef enum ct_viz_axis { CT_VIZ_X_AXIS, CT_VIZ_Y_AXIS } ct_viz_axis;

/* The labelled ticks of an axis: round values spaced by ct_viz_spaced_step (decades, or 1-2-5
   multiples, on a log axis) so that no two labels overlap, with the box each label takes. */
typedef struct ct_viz_axis_ticks {
    int n;
    double at[CT_VIZ_MAX_TICKS];     /* in label units (data / x_unit) */
    ct_viz_rect box[CT_VIZ_MAX_TICKS]; /* each label's extent on the page */
    double step;                     /* label precision; 0: each tick's own */
    int power10;                     /* labels are 10^k */
} ct_viz_axis_ticks;

/* The ticks that ct_viz_plot_draw_axes draws on AXIS of frame F (CR measures the labels). */
ct_viz_axis_ticks ct_viz_plot_axis_ticks(cairo_t *cr, const ct_viz_plot_frame *f,
                                         ct_viz_axis axis);
/* Axis lines, ticks with labels (decades as powers of ten on a log axis) and axis titles (set
   smaller, down to 5 pt, where longer than their axis). */
void ct_viz_plot_draw_axes(cairo_t *cr, const ct_viz_plot_frame *frame);
/* Saves the state and clips drawing to the axes box (cairo_restore ends it). */
void ct_viz_plot_clip(cairo_t *cr, const ct_viz_plot_frame *frame);
/* Legend line LINE: a short stroke in the current source colour and dash, then TEXT. */
void ct_viz_plot_legend_entry(cairo_t *cr, const ct_viz_plot_frame *frame, int line,
                              const char *text);
/* Vertical centre of legend line LINE. */
double ct_viz_plot_legend_y(const ct_viz_plot_frame *frame, int line);

/* The time-series frame: time on x (unit chosen by the span), counts on y. */
void ct_viz_plot_frame_make(const ct_viz_rect *box, const ct_viz_series *series, int log_y,
                            ct_viz_plot_frame *frame);
/* Plots the time series the panel BOX holds: 1, or 2 when COLOURS tells cell columns from
   plugin columns and both are there. */
int ct_viz_series_plot_count(const ct_viz_series *series, const ct_snapshot *colours);
/* Draws the panel; line colours follow the snapshot's type colours when COLOURS is given, and
   plugin columns (not a type of COLOURS) get their own plot below the cell counts. */
int ct_viz_draw_series(cairo_t *cr, const ct_viz_rect *box, const ct_viz_series *series,
                       const ct_snapshot *colours, int log_y, ct_error *err);

#endif
