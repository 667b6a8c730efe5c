/* Axis arithmetic: nice round numbers, tick positions, time units and number labels.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_TICKS_H
#define CT_VIZ_TICKS_H

#include <stddef.h>

#define CT_VIZ_MAX_TICKS 32

typedef struct ct_viz_time_unit {
    const char *symbol; /* "min", "h" or "d" */
    double minutes;     /* length of one unit */
} ct_viz_time_unit;

/* The unit a time span reads best in: minutes below 2 h, hours below 3 days, else days. */
ct_viz_time_unit ct_viz_time_unit_for(double span_min);
/* Largest 1, 2 or 5 times a power of ten that is <= x (x > 0). */
double ct_viz_nice_floor(double x);
/* A 1-2-5 step that cuts RANGE into about TARGET intervals. */
double ct_viz_nice_step(double range, int target);
/* Room, in points along its axis, that each label of ticks STEP apart needs: the widest label
   and a gap on a horizontal axis, a line of text on a vertical one. */
typedef double (*ct_viz_label_room)(double step, const void *ctx);
/* The 1-2-5 step that gives the most ticks over [LO, HI] (at most about MAX_TARGET intervals)
   whose neighbours lie at least ROOM(step, CTX) apart on an axis LENGTH_PT long; the step of
   about one interval when even that crowds. Colour bars and plot axes place their labels with
   it, so that no two labels overlap. */
double ct_viz_spaced_step(double lo, double hi, double length_pt, int max_target,
                          ct_viz_label_room room, const void *ctx);
/* Every how many decades a log axis from decade FIRST to LAST, DECADE_PT points each, gets a
   label: at most MAX_LABELS of them, at least ROOM_PT apart. */
int ct_viz_decade_stride(int first, int last, double decade_pt, double room_pt, int max_labels);
/* Multiples of STEP within [lo, hi] (with a little tolerance); returns how many (<= max). */
int ct_viz_ticks(double lo, double hi, double step, double *ticks, int max);
/* Formats v with as many decimals as STEP needs; large numbers as 1.5e6. */
void ct_viz_format_number(double v, double step, char *buf, size_t n);
/* "t = 12 h": a snapshot time in the unit that suits it. */
void ct_viz_format_time(double minutes, char *buf, size_t n);
/* A round scale-bar length, about a fifth of a view VIEW_UM wide, and its label ("50 µm"). */
double ct_viz_scale_bar_um(double view_um);
void ct_viz_format_length(double um, char *buf, size_t n);

#endif
