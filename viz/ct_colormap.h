/* Perceptual colour maps (viridis, magma) and the linear or logarithmic value scale behind them.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_COLORMAP_H
#define CT_VIZ_COLORMAP_H

#include "ct_colour.h"
#include "ct_viz.h"

/* Colour at position t in [0, 1] (clamped). */
ct_viz_rgb ct_viz_colormap_eval(ct_viz_colormap_id map, double t);
/* Anchor colours the map interpolates linearly between, evenly spaced from t = 0 to 1
   (a gradient through them with linear interpolation reproduces the map exactly). */
const ct_viz_rgb *ct_viz_colormap_anchors(ct_viz_colormap_id map, int *n);
/* "viridis" or "magma"; returns CT_EINVAL for anything else. */
int ct_viz_colormap_parse(const char *name, ct_viz_colormap_id *out);
const char *ct_viz_colormap_name(ct_viz_colormap_id map);

/* Maps values in [lo, hi] to [0, 1], linearly or by log10 (then lo > 0). */
typedef struct ct_viz_scale {
    double lo, hi;
    int log;
} ct_viz_scale;

/* Position of v on the scale, clamped to [0, 1]; NaN for a non-finite v, 0 for v <= 0 on a
   log scale. */
double ct_viz_scale_position(const ct_viz_scale *s, double v);
/* Widens an empty or invalid range so that it can be drawn (lo == hi, or lo <= 0 on log). */
void ct_viz_scale_fix(ct_viz_scale *s);

#endif
