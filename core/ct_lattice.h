/* The lattice: 2D or 3D grid of sites, at most one cell per site, with neighbourhoods and boundaries. */
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
    uint32_t *slot;       /* n_sites agent indices, CT_EMPTY where free */
} ct_lattice;

/* Sets the geometry and allocates empty slots. Refuses sizes that do not fit 32-bit site indices. */
int ct_lattice_init(ct_lattice *lat, int ndim, const uint32_t size[3], double dx,
                    const int boundary[3], int neighbourhood, ct_error *err);
void ct_lattice_free(ct_lattice *lat);

static inline void ct_lattice_coords(const ct_lattice *lat, uint32_t site, uint32_t c[3])
{
    uint32_t w = lat->size[0], h = lat->size[1];
    c[0] = site % w;
    uint32_t rest = site / w;
    c[1] = rest % h;
    c[2] = rest / h;
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

/* Fills out[] with the free neighbour sites of site (slot == CT_EMPTY); returns their count. */
int ct_lattice_free_neighbours(const ct_lattice *lat, uint32_t site,
                               uint32_t out[CT_MAX_NEIGHBOURS]);

/* Site containing the point (micrometres), or CT_NO_SITE if outside the domain. */
uint32_t ct_lattice_site_at(const ct_lattice *lat, const double pos_um[3]);

/* Shortest displacement in sites from a to b along each axis (periodic axes wrap). */
void ct_lattice_displacement(const ct_lattice *lat, uint32_t a, uint32_t b, int64_t d[3]);

#endif
