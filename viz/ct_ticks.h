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
