/* The block decomposition: choosing the rank grid, cutting the axes, finding owners. */
#include "ct_decomp.h"

#include <string.h>

#include "ct_alloc.h"

/* Halo sites one block of grid p exchanges per layer of width 1: on each split axis, two faces
   of the block's extent along the other axes. The measure the grid choice minimises. */
static double halo_surface(const ct_decomp *d, const int p[3])
{
    double extent[3], surface = 0.0;
    for (int a = 0; a < 3; a++)
        extent[a] = (double)d->size[a] / p[a];
    for (int a = 0; a < d->ndim; a++)
        if (p[a] > 1)
            surface += 2.0 * extent[(a + 1) % 3] * extent[(a + 2) % 3];
    return surface;
}

/* Whether every block of grid p is thick enough along every split axis (even split: the
   thinnest block has size / p sites, rounded down). */
static int grid_fits(const ct_decomp *d, const int p[3])
{
    for (int a = 0; a < 3; a++)
        if (p[a] > 1 && d->size[a] / (uint32_t)p[a] < CT_DECOMP_MIN_THICKNESS)
            return 0;
    return 1;
}

/* Whether grid p beats grid best: less halo, or as much with more ranks along slower axes. */
static int grid_better(const ct_decomp *d, const int p[3], const int best[3])
{
    double sp = halo_surface(d, p), sb = halo_surface(d, best);
    if (sp != sb)
        return sp < sb;
    for (int a = 2; a >= 0; a--)
        if (p[a] != best[a])
            return p[a] > best[a];
    return 0;
}

/* Slabs along the slowest axis if they fit, else the best fitting grid; 0 when none fits. */
static int choose_grid(ct_decomp *d)
{
    int slowest = d->ndim - 1, k = d->n_ranks, found = 0, p[3], best[3] = {1, 1, 1};
    int slabs[3] = {1, 1, 1};
    slabs[slowest] = k;
    if (grid_fits(d, slabs)) {
        memcpy(d->p, slabs, sizeof slabs);
        return 1;
    }
    for (p[2] = 1; p[2] <= (d->ndim == 3 ? k : 1); p[2]++)
        for (p[1] = 1; k % p[2] == 0 && p[1] <= k / p[2]; p[1]++) {
            if ((k / p[2]) % p[1])
                continue;
            p[0] = k / p[2] / p[1];
            if (grid_fits(d, p) && (!found || grid_better(d, p, best))) {
                memcpy(best, p, sizeof best);
                found = 1;
            }
        }
    memcpy(d->p, best, sizeof best);
    return found;
}

static int cut_axes(ct_decomp *d, ct_error *err)
{
    for (int a = 0; a < 3; a++) {
        d->cut[a] = ct_malloc(((size_t)d->p[a] + 1) * sizeof *d->cut[a]);
        if (!d->cut[a])
            return ct_error_set(err, CT_ENOMEM, "out of memory for the cuts of %d ranks",
                                d->n_ranks);
        for (int g = 0; g <= d->p[a]; g++)
            d->cut[a][g] = (uint32_t)((uint64_t)g * d->size[a] / (uint64_t)d->p[a]);
    }
    return CT_OK;
}

int ct_decomp_plan(ct_decomp *d, int ndim, const uint32_t size[3], int n_ranks, ct_error *err)
{
    memset(d, 0, sizeof *d);
    d->ndim = ndim;
    memcpy(d->size, size, sizeof d->size);
    d->n_ranks = n_ranks;
    if (n_ranks < 1 || n_ranks > CT_DECOMP_MAX_RANKS)
        return ct_error_set(err, CT_ERANGE, "cannot split one simulation over %d ranks: "
                            "expected 1 to %d", n_ranks, CT_DECOMP_MAX_RANKS);
    if (!choose_grid(d))
        return ct_error_set(err, CT_EINVAL,
                            "cannot split the %u x %u x %u lattice over %d ranks: every block "
                            "needs at least %d sites along each axis it is split on, and no "
                            "grid of %d blocks allows that; use fewer ranks (or a count that "
                            "factors over the axes), or a larger lattice",
                            d->size[0], d->size[1], d->size[2], n_ranks, CT_DECOMP_MIN_THICKNESS,
                            n_ranks);
    int rc = cut_axes(d, err);
    if (rc)
        ct_decomp_free(d);
    return rc;
}

void ct_decomp_free(ct_decomp *d)
{
    for (int a = 0; a < 3; a++) {
        ct_free(d->cut[a]);
        d->cut[a] = NULL;
    }
}

void ct_decomp_rank_coords(const ct_decomp *d, int rank, int g[3])
{
    g[0] = rank % d->p[0];
    g[1] = rank / d->p[0] % d->p[1];
    g[2] = rank / d->p[0] / d->p[1];
}

void ct_decomp_block(const ct_decomp *d, int rank, uint32_t lo[3], uint32_t hi[3])
{
    int g[3];
    ct_decomp_rank_coords(d, rank, g);
    for (int a = 0; a < 3; a++) {
        lo[a] = d->cut[a][g[a]];
        hi[a] = d->cut[a][g[a] + 1];
    }
}

/* The block index along axis a holding coordinate c: the last cut at or below it. Cuts move
   when blocks are rebalanced, so they are searched, not computed. */
static int axis_block(const ct_decomp *d, int a, uint32_t c)
{
    int lo = 0, hi = d->p[a]; /* cut[a][lo] <= c < cut[a][hi] */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (d->cut[a][mid] <= c)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int ct_decomp_owner(const ct_decomp *d, const uint32_t c[3])
{
    int g[3];
    for (int a = 0; a < 3; a++)
        g[a] = axis_block(d, a, c[a]);
    return g[0] + d->p[0] * (g[1] + d->p[1] * g[2]);
}
