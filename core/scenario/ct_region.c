/* Regions of a scenario (a list of points, a rect, a disc or ball) as lattice sites: where cells
 * are placed and where fields start or are fed. */
#include "ct_region.h"

#include <math.h>
#include <stdio.h>

#include "ct_alloc.h"

static double site_centre(const ct_lattice *lat, uint32_t c)
{
    return ((double)c + 0.5) * lat->dx;
}

static int inside_region(const ct_lattice *lat, const ct_placement *pl, const uint32_t c[3])
{
    double r2 = 0.0;
    for (int a = 0; a < lat->ndim; a++) {
        double x = site_centre(lat, c[a]);
        if (pl->kind == CT_PLACE_RECT && (x < pl->min[a] || x > pl->max[a]))
            return 0;
        r2 += (x - pl->centre[a]) * (x - pl->centre[a]);
    }
    return pl->kind == CT_PLACE_RECT || r2 <= pl->radius * pl->radius;
}

/* Range of lattice coordinates that can hold region sites along axis a. */
static void region_span(const ct_lattice *lat, const ct_placement *pl, int a, int64_t *lo,
                        int64_t *hi)
{
    double min = pl->kind == CT_PLACE_RECT ? pl->min[a] : pl->centre[a] - pl->radius;
    double max = pl->kind == CT_PLACE_RECT ? pl->max[a] : pl->centre[a] + pl->radius;
    double l = floor(min / lat->dx), h = floor(max / lat->dx);
    *lo = l < 0 ? 0 : (int64_t)l;
    *hi = h >= lat->size[a] ? (int64_t)lat->size[a] - 1 : (int64_t)h;
}

/* Sites of a list: the site of each position, in list order. */
static int list_sites(const ct_lattice *lat, const ct_placement *pl, const char *file,
                      uint32_t *out, ct_error *err)
{
    for (size_t k = 0; k < pl->n_positions; k++) {
        const double *pos = pl->positions + 3 * k;
        out[k] = ct_lattice_site_at(lat, pos);
        if (out[k] == CT_NO_SITE)
            return ct_error_set(err, CT_EINVAL,
                                "%s: %s/positions/%zu: position (%g, %g, %g) um lies outside the "
                                "domain",
                                file, pl->json_path, k, pos[0], pos[1], pos[2]);
    }
    return CT_OK;
}

int ct_placement_region_sites(const ct_lattice *lat, const ct_placement *pl, int free_only,
                              const char *file, uint32_t **out, size_t *n, ct_error *err)
{
    int64_t lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
    double cap = pl->kind == CT_PLACE_LIST ? (double)pl->n_positions : 1.0;
    for (int a = 0; pl->kind != CT_PLACE_LIST && a < lat->ndim; a++) {
        region_span(lat, pl, a, &lo[a], &hi[a]);
        cap *= hi[a] >= lo[a] ? (double)(hi[a] - lo[a] + 1) : 0.0;
    }
    *n = 0;
    *out = ct_malloc((size_t)cap * sizeof **out + 1);
    if (!*out)
        return ct_error_set(err, CT_ENOMEM, "%s: %s: out of memory listing %.0f sites", file,
                            pl->json_path, cap);
    if (pl->kind == CT_PLACE_LIST) {
        *n = pl->n_positions;
        int rc = list_sites(lat, pl, file, *out, err);
        if (rc) {
            ct_free(*out);
            *out = NULL;
        }
        return rc;
    }
    uint32_t c[3];
    for (int64_t z = lo[2]; cap > 0 && z <= hi[2]; z++)
        for (int64_t y = lo[1]; y <= hi[1]; y++)
            for (int64_t x = lo[0]; x <= hi[0]; x++) {
                c[0] = (uint32_t)x, c[1] = (uint32_t)y, c[2] = (uint32_t)z;
                uint32_t s = ct_lattice_site(lat, c);
                if ((!free_only || lat->slot[s] == CT_EMPTY) && inside_region(lat, pl, c))
                    (*out)[(*n)++] = s;
            }
    return CT_OK;
}
