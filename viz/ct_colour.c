/* Categorical colours for cell types and states. */
#include "ct_colour.h"

#include <stdio.h>
#include <string.h>

/* Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
   deficiencies. Black comes last: it is kept for text and outlines where possible. */
static const char *const okabe_ito[CT_VIZ_PALETTE_SIZE] = {
    "#E69F00", /* orange */
    "#56B4E9", /* sky blue */
    "#009E73", /* bluish green */
    "#F0E442", /* yellow */
    "#0072B2", /* blue */
    "#D55E00", /* vermillion */
    "#CC79A7", /* reddish purple */
    "#000000", /* black */
};

static ct_viz_rgb mix(ct_viz_rgb a, ct_viz_rgb b, double t)
{
    ct_viz_rgb c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
    return c;
}

int ct_viz_parse_hex(const char *text, ct_viz_rgb *out)
{
    unsigned r, g, b;
    int used = 0;
    if (!text || strlen(text) != 7 || sscanf(text, "#%2x%2x%2x%n", &r, &g, &b, &used) != 3 ||
        used != 7 || strspn(text + 1, "0123456789abcdefABCDEF") != 6)
        return CT_EINVAL;
    out->r = r / 255.0;
    out->g = g / 255.0;
    out->b = b / 255.0;
    return CT_OK;
}

ct_viz_rgb ct_viz_palette(int i)
{
    static const ct_viz_rgb black = {0, 0, 0};
    ct_viz_rgb c = black;
    if (i < 0)
        i = 0;
    ct_viz_parse_hex(okabe_ito[i % CT_VIZ_PALETTE_SIZE], &c);
    int round = i / CT_VIZ_PALETTE_SIZE;
    return round ? mix(c, black, 0.35 * (round % 3)) : c;
}

ct_viz_rgb ct_viz_type_colour(const ct_snapshot *s, int type)
{
    ct_viz_rgb c;
    const char *override = s->type_colours ? s->type_colours[type] : NULL;
    if (override && ct_viz_parse_hex(override, &c) == CT_OK)
        return c;
    return ct_viz_palette(type);
}

ct_viz_rgb ct_viz_state_colour(ct_viz_rgb base, int state, int n_states)
{
    static const ct_viz_rgb white = {1, 1, 1};
    if (state <= 0 || n_states <= 1)
        return base;
    return mix(base, white, 0.6 * state / (n_states - 1));
}

static int index_of(char **names, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
            return i;
    return -1;
}

ct_viz_rgb ct_viz_column_colour(const ct_snapshot *s, const char *column, int index)
{
    const char *colon = strchr(column, ':');
    size_t type_len = colon ? (size_t)(colon - column) : strlen(column);
    int type = s ? index_of(s->type_names, s->n_types, column, type_len) : -1;
    if (type < 0)
        return ct_viz_palette(index);
    ct_viz_rgb c = ct_viz_type_colour(s, type);
    if (!colon)
        return c;
    int state = index_of(s->state_names, s->n_states, colon + 1, strlen(colon + 1));
    return state < 0 ? c : ct_viz_state_colour(c, state, s->n_states);
}

static uint32_t channel(double v)
{
    if (v <= 0)
        return 0;
    if (v >= 1)
        return 255;
    return (uint32_t)(v * 255.0 + 0.5);
}

uint32_t ct_viz_rgb_pixel(ct_viz_rgb c)
{
    return 0xff000000u | channel(c.r) << 16 | channel(c.g) << 8 | channel(c.b);
}

ct_viz_rgb ct_viz_pixel_rgb(uint32_t pixel)
{
    ct_viz_rgb c = {(pixel >> 16 & 0xff) / 255.0, (pixel >> 8 & 0xff) / 255.0,
                    (pixel & 0xff) / 255.0};
    return c;
}
