/* Categorical colours: the colour-blind-safe palette for cell types, state variants, #rrggbb.
 * Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_COLOUR_H
#define CT_VIZ_COLOUR_H

#include <stdint.h>

#include "ct_snapshot.h"

typedef struct ct_viz_rgb {
    double r, g, b; /* 0..1, sRGB */
} ct_viz_rgb;

#define CT_VIZ_PALETTE_SIZE 8

/* Okabe-Ito colour i (cycled; each further round is darker). */
ct_viz_rgb ct_viz_palette(int i);
/* Parses "#rrggbb"; returns 0 on success, CT_EINVAL otherwise. */
int ct_viz_parse_hex(const char *text, ct_viz_rgb *out);
/* The colour of a cell type: its "#rrggbb" override in the snapshot, else the palette. */
ct_viz_rgb ct_viz_type_colour(const ct_snapshot *s, int type);
/* A lighter variant of BASE for state STATE of N_STATES (state 0 is BASE itself). */
ct_viz_rgb ct_viz_state_colour(ct_viz_rgb base, int state, int n_states);
/* The colour of a counts.csv column ("type" or "type:state"), matched by name against the
   snapshot's types and states; an unknown name (or S == NULL) takes palette colour INDEX. */
ct_viz_rgb ct_viz_column_colour(const ct_snapshot *s, const char *column, int index);
/* Opaque ARGB32 pixel as Cairo stores it. */
uint32_t ct_viz_rgb_pixel(ct_viz_rgb c);
/* Inverse of ct_viz_rgb_pixel (ignores alpha). */
ct_viz_rgb ct_viz_pixel_rgb(uint32_t pixel);

#endif
