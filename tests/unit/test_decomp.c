/* The block decomposition of one simulation over ranks (ct_decomp): the grid it chooses, that
   every site has exactly one owner whose block holds it, slabs in site order, refusals. */
#include <string.h>

#include "ct_decomp.h"
#include "harness.h"

static int plan(ct_decomp *d, int ndim, uint32_t w, uint32_t h, uint32_t depth, int k,
                ct_error *err)
{
    uint32_t size[3] = {w, h, depth};
    return ct_decomp_plan(d, ndim, size, k, err);
}

static int grid_is(const ct_decomp *d, int p0, int p1, int p2)
{
    return d->p[0] == p0 && d->p[1] == p1 && d->p[2] == p2;
}

/* Walks every site in site order: its owner's block holds it, each block holds as many sites as
   its extent says (so no site has two owners), and for slabs the owner never decreases. */
static void check_partition(const ct_decomp *d)
{
    size_t owned[64] = {0};
    int last_owner = 0, ordered = 1, inside = 1;
    uint32_t c[3];
    for (c[2] = 0; c[2] < d->size[2]; c[2]++)
        for (c[1] = 0; c[1] < d->size[1]; c[1]++)
            for (c[0] = 0; c[0] < d->size[0]; c[0]++) {
                int r = ct_decomp_owner(d, c);
                uint32_t lo[3], hi[3];
                ct_decomp_block(d, r, lo, hi);
                for (int a = 0; a < 3; a++)
                    inside &= lo[a] <= c[a] && c[a] < hi[a];
                ordered &= r >= last_owner;
                last_owner = r;
                owned[r]++;
            }
    CHECK(inside);
    if (d->p[0] == 1 && d->p[1] * d->p[2] == d->n_ranks && (d->ndim == 2 || d->p[1] == 1))
        CHECK(ordered); /* slabs along the slowest axis: ranks in site order */
    for (int r = 0; r < d->n_ranks; r++) {
        uint32_t lo[3], hi[3];
        ct_decomp_block(d, r, lo, hi);
        size_t volume = 1;
        for (int a = 0; a < 3; a++) {
            CHECK(hi[a] - lo[a] >= (d->p[a] > 1 ? CT_DECOMP_MIN_THICKNESS : 1));
            volume *= hi[a] - lo[a];
        }
        CHECK(owned[r] == volume);
    }
}

TEST(decomp_slabs_along_slowest_axis)
{
    ct_decomp d;
    CHECK(plan(&d, 2, 64, 40, 1, 4, NULL) == CT_OK);
    CHECK(grid_is(&d, 1, 4, 1));
    uint32_t want[5] = {0, 10, 20, 30, 40};
    CHECK(memcmp(d.cut[1], want, sizeof want) == 0);
    check_partition(&d);
    ct_decomp_free(&d);
    CHECK(plan(&d, 3, 8, 8, 9, 3, NULL) == CT_OK); /* 3D: slabs along z, 3 sites each */
    CHECK(grid_is(&d, 1, 1, 3));
    check_partition(&d);
    ct_decomp_free(&d);
}

/* Too thin for slabs: the grid with the least halo. 64 x 6 over 4: 4 x 1 exchanges 2 x 6 sites
   per block, 2 x 2 exchanges 2 x 3 + 2 x 32, 1 x 4 would leave blocks 1 site thick. */
TEST(decomp_grid_when_slabs_are_too_thin)
{
    ct_decomp d;
    CHECK(plan(&d, 2, 64, 6, 1, 4, NULL) == CT_OK);
    CHECK(grid_is(&d, 4, 1, 1));
    check_partition(&d);
    ct_decomp_free(&d);
    /* 16 x 16 x 4 over 4: 1 x 4 x 1 and 4 x 1 x 1 (2 x 16 x 4 each) tie with 2 x 2 x 1 (2 x 8 x 4
       twice); 1 x 2 x 2 costs 2 x 16 x 2 + 2 x 16 x 8. The tie goes to the slower axis. */
    CHECK(plan(&d, 3, 16, 16, 4, 4, NULL) == CT_OK);
    CHECK(grid_is(&d, 1, 4, 1));
    check_partition(&d);
    ct_decomp_free(&d);
    CHECK(plan(&d, 2, 9, 9, 1, 6, NULL) == CT_OK); /* 6 = 3 x 2 or 2 x 3: the slower axis */
    CHECK(grid_is(&d, 2, 3, 1));
    check_partition(&d);
    ct_decomp_free(&d);
}

TEST(decomp_every_site_has_one_owner)
{
    static const uint32_t shapes[][4] = {{2, 7, 5, 1}, {2, 5, 13, 1}, {3, 6, 5, 7}, {3, 12, 4, 3}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int k = 1; k <= 6; k++) {
            ct_decomp d;
            ct_error err = {0};
            int rc = plan(&d, (int)shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3], k,
                          &err);
            if (rc) { /* only when no grid fits: say so, and have nothing to free */
                CHECK(rc == CT_EINVAL && strstr(err.msg, "use fewer ranks") && !d.cut[0]);
                continue;
            }
            CHECK(d.p[0] * d.p[1] * d.p[2] == k);
            check_partition(&d);
            ct_decomp_free(&d);
        }
}

TEST(decomp_refusals_say_why)
{
    ct_decomp d;
    ct_error err = {0};
    CHECK(plan(&d, 2, 3, 3, 1, 2, &err) == CT_EINVAL); /* each axis 3 < 2 x 2 */
    CHECK(strstr(err.msg, "3 x 3 x 1 lattice over 2 ranks") && strstr(err.msg, "at least 2"));
    CHECK(plan(&d, 2, 64, 64, 1, 0, &err) == CT_ERANGE && strstr(err.msg, "expected 1 to"));
    CHECK(plan(&d, 2, 64, 64, 1, CT_DECOMP_MAX_RANKS + 1, &err) == CT_ERANGE);
    CHECK(plan(&d, 2, 13, 6, 1, 7, &err) == CT_EINVAL); /* 7 is prime: 7 x 1 too thin too */
}

TEST(decomp_one_rank_owns_all)
{
    ct_decomp d;
    CHECK(plan(&d, 2, 1, 1, 1, 1, NULL) == CT_OK);
    CHECK(grid_is(&d, 1, 1, 1));
    uint32_t c[3] = {0, 0, 0};
    CHECK(ct_decomp_owner(&d, c) == 0);
    ct_decomp_free(&d);
}
