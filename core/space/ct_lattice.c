/* Lattice geometry: neighbour offsets, boundary handling and site lookups. */
#include "ct_lattice.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"

static void build_offsets(ct_lattice *lat)
{
    int zr = lat->ndim == 3 ? 1 : 0;
    lat->n_offsets = 0;
    for (int dz = -zr; dz <= zr; dz++)
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                int manhattan = abs(dx) + abs(dy) + abs(dz);
                if (manhattan == 0)
                    continue;
                if (lat->neighbourhood == CT_VON_NEUMANN && manhattan != 1)
                    continue;
                int8_t *o = lat->offset[lat->n_offsets];
                o[0] = (int8_t)dx;
                o[1] = (int8_t)dy;
                o[2] = (int8_t)dz;
                lat->delta[lat->n_offsets++] =
                    dx + (int64_t)lat->size[0] * (dy + (int64_t)lat->size[1] * dz);
            }
}

int ct_lattice_init(ct_lattice *lat, int ndim, const uint32_t size[3], double dx,
                    const int boundary[3], int neighbourhood, ct_error *err)
{
    memset(lat, 0, sizeof *lat);
    if (ndim != 2 && ndim != 3)
        return ct_error_set(err, CT_EINVAL, "lattice must be 2D or 3D, got %dD", ndim);
    lat->ndim = ndim;
    double sites = 1.0;
    for (int a = 0; a < 3; a++) {
        lat->size[a] = a < ndim ? size[a] : 1;
        lat->boundary[a] = a < ndim ? boundary[a] : CT_CLOSED;
        if (lat->size[a] == 0)
            return ct_error_set(err, CT_EINVAL, "lattice size must be positive on every axis");
        if (a < ndim && lat->boundary[a] == CT_PERIODIC && lat->size[a] < 3)
            return ct_error_set(err, CT_EINVAL,
                                "a periodic axis needs at least 3 sites, axis %d has %u", a,
                                lat->size[a]);
        sites *= lat->size[a];
    }
    if (sites > (double)(UINT32_MAX - 1))
        return ct_error_set(err, CT_ERANGE,
                            "lattice of %.0f sites exceeds the limit of %u sites (32-bit site index)",
                            sites, UINT32_MAX - 1);
    lat->n_sites = (size_t)sites;
    lat->dx = dx;
    lat->neighbourhood = neighbourhood;
    lat->inv_size[0] = 1.0 / lat->size[0];
    lat->inv_size[1] = 1.0 / lat->size[1];
    build_offsets(lat);
    lat->slot = ct_aligned_alloc(lat->n_sites * sizeof *lat->slot);
    if (!lat->slot)
        return ct_error_set(err, CT_ENOMEM, "cannot allocate a lattice of %zu sites (%.1f MiB)",
                            lat->n_sites, lat->n_sites * 4.0 / 1048576.0);
    memset(lat->slot, 0xff, lat->n_sites * sizeof *lat->slot);
    return CT_OK;
}

void ct_lattice_free(ct_lattice *lat)
{
    ct_free(lat->slot);
    lat->slot = NULL;
}

int ct_lattice_neighbours(const ct_lattice *lat, uint32_t site, uint32_t out[CT_MAX_NEIGHBOURS])
{
    uint32_t c[3];
    ct_lattice_coords(lat, site, c);
    int n = 0;
    for (int k = 0; k < lat->n_offsets; k++) {
        uint32_t s = ct_lattice_step(lat, c, k);
        if (s != CT_NO_SITE)
            out[n++] = s;
    }
    return n;
}

uint32_t ct_lattice_site_at(const ct_lattice *lat, const double pos_um[3])
{
    uint32_t c[3];
    for (int a = 0; a < 3; a++) {
        double v = a < lat->ndim ? floor(pos_um[a] / lat->dx) : 0.0;
        if (!(v >= 0.0) || v >= lat->size[a])
            return CT_NO_SITE;
        c[a] = (uint32_t)v;
    }
    return ct_lattice_site(lat, c);
}

void ct_lattice_displacement(const ct_lattice *lat, uint32_t a, uint32_t b, int64_t d[3])
{
    uint32_t ca[3], cb[3];
    ct_lattice_coords(lat, a, ca);
    ct_lattice_coords(lat, b, cb);
    for (int k = 0; k < 3; k++) {
        int64_t s = lat->size[k], v = (int64_t)cb[k] - (int64_t)ca[k];
        if (lat->boundary[k] == CT_PERIODIC) {
            if (v > s / 2)
                v -= s;
            else if (v < -(s / 2))
                v += s;
        }
        d[k] = v;
    }
}
