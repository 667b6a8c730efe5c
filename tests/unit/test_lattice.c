/* Lattice geometry: neighbourhood sizes, periodic wrapping, closed edges, point lookup. */
#include <string.h>

#include "ct_lattice.h"
#include "harness.h"

static int make(ct_lattice *lat, int ndim, uint32_t w, uint32_t h, uint32_t d, int boundary,
                int hood)
{
    uint32_t size[3] = {w, h, d};
    int b[3] = {boundary, boundary, boundary};
    return ct_lattice_init(lat, ndim, size, 10.0, b, hood, NULL);
}

TEST(lattice_neighbourhood_sizes)
{
    struct { int ndim, hood, want; } cases[] = {
        {2, CT_VON_NEUMANN, 4}, {2, CT_MOORE, 8}, {3, CT_VON_NEUMANN, 6}, {3, CT_MOORE, 26}};
    for (int c = 0; c < 4; c++) {
        ct_lattice lat;
        CHECK(make(&lat, cases[c].ndim, 5, 5, 5, CT_PERIODIC, cases[c].hood) == CT_OK);
        uint32_t nb[CT_MAX_NEIGHBOURS];
        CHECK(ct_lattice_neighbours(&lat, 0, nb) == cases[c].want);
        ct_lattice_free(&lat);
    }
}

TEST(lattice_periodic_wraps_and_closed_stops)
{
    ct_lattice lat;
    uint32_t nb[CT_MAX_NEIGHBOURS];
    CHECK(make(&lat, 2, 4, 3, 1, CT_PERIODIC, CT_VON_NEUMANN) == CT_OK);
    CHECK(ct_lattice_neighbours(&lat, 0, nb) == 4);
    int saw_wrap_x = 0, saw_wrap_y = 0;
    for (int k = 0; k < 4; k++) {
        saw_wrap_x |= nb[k] == 3;      /* (3,0) */
        saw_wrap_y |= nb[k] == 2 * 4;  /* (0,2) */
    }
    CHECK(saw_wrap_x && saw_wrap_y);
    ct_lattice_free(&lat);

    CHECK(make(&lat, 2, 4, 3, 1, CT_CLOSED, CT_MOORE) == CT_OK);
    CHECK(ct_lattice_neighbours(&lat, 0, nb) == 3);
    CHECK(ct_lattice_neighbours(&lat, 1 + 4, nb) == 8);
    ct_lattice_free(&lat);
}

TEST(lattice_mixed_boundaries_per_axis)
{
    ct_lattice lat;
    uint32_t size[3] = {5, 5, 1};
    int b[3] = {CT_PERIODIC, CT_CLOSED, CT_CLOSED};
    CHECK(ct_lattice_init(&lat, 2, size, 1.0, b, CT_VON_NEUMANN, NULL) == CT_OK);
    uint32_t nb[CT_MAX_NEIGHBOURS];
    CHECK(ct_lattice_neighbours(&lat, 0, nb) == 3); /* wraps in x, stops at y = 0 */
    ct_lattice_free(&lat);
}

TEST(lattice_point_lookup_and_displacement)
{
    ct_lattice lat;
    CHECK(make(&lat, 3, 10, 10, 10, CT_PERIODIC, CT_MOORE) == CT_OK);
    double p[3] = {25.0, 5.0, 99.9};
    uint32_t s = ct_lattice_site_at(&lat, p);
    uint32_t c[3];
    ct_lattice_coords(&lat, s, c);
    CHECK(c[0] == 2 && c[1] == 0 && c[2] == 9);
    double out[3] = {-1.0, 0, 0};
    CHECK(ct_lattice_site_at(&lat, out) == CT_NO_SITE);
    int64_t d[3];
    uint32_t a[3] = {9, 0, 0}, b[3] = {0, 0, 0};
    ct_lattice_displacement(&lat, ct_lattice_site(&lat, a), ct_lattice_site(&lat, b), d);
    CHECK(d[0] == 1 && d[1] == 0 && d[2] == 0);
    ct_lattice_free(&lat);
}

TEST(lattice_refuses_too_many_sites)
{
    ct_lattice lat;
    ct_error err = {0};
    uint32_t size[3] = {100000, 100000, 1};
    int b[3] = {CT_CLOSED, CT_CLOSED, CT_CLOSED};
    CHECK(ct_lattice_init(&lat, 2, size, 1.0, b, CT_MOORE, &err) == CT_ERANGE);
    CHECK(strstr(err.msg, "exceeds") != NULL);
}

/* The reciprocal division agrees with integer division over awkward sizes and the whole range. */
TEST(lattice_coords_match_integer_division)
{
    uint32_t sizes[][3] = {{3, 3, 1}, {7, 1000003, 1}, {65535, 65535, 1}, {1625, 1625, 1626}};
    int bad = 0;
    for (int c = 0; c < 4; c++) {
        ct_lattice lat;
        lat.size[0] = sizes[c][0];
        lat.size[1] = sizes[c][1];
        lat.inv_size[0] = 1.0 / sizes[c][0];
        lat.inv_size[1] = 1.0 / sizes[c][1];
        uint64_t n = (uint64_t)sizes[c][0] * sizes[c][1] * sizes[c][2];
        for (uint64_t s = 0; s < n; s += 1 + n / 2000003) {
            uint32_t got[3];
            ct_lattice_coords(&lat, (uint32_t)s, got);
            uint64_t w = sizes[c][0], h = sizes[c][1];
            bad += got[0] != s % w || got[1] != (s / w) % h || got[2] != s / w / h;
        }
    }
    CHECK(bad == 0);
}

/* The interior fast path gives the same free neighbours, in the same order, as the general one. */
TEST(lattice_free_neighbours_fast_path_matches_general)
{
    for (int hood = 0; hood < 2; hood++) {
        ct_lattice lat;
        CHECK(make(&lat, 3, 6, 5, 4, CT_PERIODIC, hood) == CT_OK);
        for (size_t s = 0; s < lat.n_sites; s += 3)
            lat.slot[s] = 0;
        int bad = 0;
        for (uint32_t s = 0; s < lat.n_sites; s++) {
            uint32_t fast[CT_MAX_NEIGHBOURS], all[CT_MAX_NEIGHBOURS];
            int nf = ct_lattice_free_neighbours(&lat, s, fast), na = ct_lattice_neighbours(&lat, s, all);
            int j = 0;
            for (int k = 0; k < na; k++)
                if (lat.slot[all[k]] == CT_EMPTY)
                    bad += j >= nf || fast[j++] != all[k];
            bad += j != nf;
        }
        CHECK(bad == 0);
        ct_lattice_free(&lat);
    }
}
