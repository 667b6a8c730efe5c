/* The lattice: 2D or 3D grid of sites, at most one cell per site, with neighbourhoods and
 * boundaries. Space layer: for every layer above it. */
#ifndef CT_LATTICE_H
#define CT_LATTICE_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_EMPTY UINT32_MAX   /* slot value of a free site */
#define CT_NO_SITE UINT32_MAX /* neighbour outside a closed boundary */
#define CT_MAX_NEIGHBOURS 26

enum ct_neighbourhood { CT_VON_NEUMANN = 0, CT_MOORE = 1 };
enum ct_boundary { CT_PERIODIC = 0, CT_CLOSED = 1 };

typedef struct ct_lattice {
    int ndim;             /* 2 or 3 */
    uint32_t size[3];     /* W, H, D; D = 1 in 2D */
    size_t n_sites;       /* W * H * D, at most 2^32 - 2 */
    double dx;            /* spacing, micrometres */
    int boundary[3];      /* per axis: CT_PERIODIC or CT_CLOSED */
    int neighbourhood;
    int n_offsets;
    int8_t offset[CT_MAX_NEIGHBOURS][3];
    int64_t delta[CT_MAX_NEIGHBOURS]; /* site index change of each offset away from edges */
    double inv_size[2];   /* 1 / W, 1 / H: coordinates without integer division */
    uint32_t *slot;       /* n_sites agent indices, CT_EMPTY where free */
} ct_lattice;

/* Sets the geometry and allocates empty slots. Refuses sizes that do not fit 32-bit site indices. */
int ct_lattice_init(ct_lattice *lat, int ndim, const uint32_t size[3], double dx,
                    const int boundary[3], int neighbourhood, ct_error *err);
void ct_lattice_free(ct_lattice *lat);

/* n / d and n % d through a double reciprocal: for n < 2^32 the estimate is off by at most one,
   which one correction fixes. About five times faster than the integer division. */
static inline uint32_t ct__divmod(uint32_t n, uint32_t d, double inv_d, uint32_t *rem)
{
    uint32_t q = (uint32_t)((double)n * inv_d);
    int64_t r = (int64_t)n - (int64_t)q * d;
    if (r < 0) {
        q--;
        r += d;
    } else if (r >= d) {
        q++;
        r -= d;
    }
    *rem = (uint32_t)r;
    return q;
}

static inline void ct_lattice_coords(const ct_lattice *lat, uint32_t site, uint32_t c[3])
{
    uint32_t rest = ct__divmod(site, lat->size[0], lat->inv_size[0], &c[0]);
    c[2] = ct__divmod(rest, lat->size[1], lat->inv_size[1], &c[1]);
}

/* Whether every neighbour of c lies inside the lattice without wrapping. */
static inline int ct_lattice_interior(const ct_lattice *lat, const uint32_t c[3])
{
    return c[0] >= 1 && c[0] + 1 < lat->size[0] && c[1] >= 1 && c[1] + 1 < lat->size[1] &&
           (lat->ndim == 2 || (c[2] >= 1 && c[2] + 1 < lat->size[2]));
}

static inline uint32_t ct_lattice_site(const ct_lattice *lat, const uint32_t c[3])
{
    return c[0] + lat->size[0] * (c[1] + lat->size[1] * c[2]);
}

/* Site reached from coordinates c by neighbour offset k, or CT_NO_SITE across a closed boundary. */
static inline uint32_t ct_lattice_step(const ct_lattice *lat, const uint32_t c[3], int k)
{
    uint32_t n[3];
    for (int a = 0; a < 3; a++) {
        int64_t v = (int64_t)c[a] + lat->offset[k][a];
        int64_t s = lat->size[a];
        if (v < 0 || v >= s) {
            if (lat->boundary[a] == CT_CLOSED)
                return CT_NO_SITE;
            v = v < 0 ? v + s : v - s;
        }
        n[a] = (uint32_t)v;
    }
    return ct_lattice_site(lat, n);
}

/* Fills out[] with the in-domain neighbour sites of site in a fixed order; returns their count. */
int ct_lattice_neighbours(const ct_lattice *lat, uint32_t site, uint32_t out[CT_MAX_NEIGHBOURS]);

/* Fills out[] with the free neighbour sites of site (slot == CT_EMPTY), in the same fixed order
   as ct_lattice_neighbours; returns their count. Inline: the step calls it for every mover. */
static inline int ct_lattice_free_neighbours(const ct_lattice *lat, uint32_t site,
                                             uint32_t out[CT_MAX_NEIGHBOURS])
{
    uint32_t c[3];
    ct_lattice_coords(lat, site, c);
    int n = 0;
    if (ct_lattice_interior(lat, c)) { /* branch-free: at half occupancy a branch on the slot
                                           is mispredicted every other neighbour */
        for (int k = 0; k < lat->n_offsets; k++) {
            uint32_t s = (uint32_t)((int64_t)site + lat->delta[k]);
            out[n] = s;
            n += lat->slot[s] == CT_EMPTY;
        }
        return n;
    }
    for (int k = 0; k < lat->n_offsets; k++) {
        uint32_t s = ct_lattice_step(lat, c, k);
        if (s != CT_NO_SITE && lat->slot[s] == CT_EMPTY)
            out[n++] = s;
    }
    return n;
}

/* Site containing the point (micrometres), or CT_NO_SITE if outside the domain. */
uint32_t ct_lattice_site_at(const ct_lattice *lat, const double pos_um[3]);

/* Shortest displacement in sites from a to b along each axis (periodic axes wrap). */
void ct_lattice_displacement(const ct_lattice *lat, uint32_t a, uint32_t b, int64_t d[3]);

#endif
