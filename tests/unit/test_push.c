/* Pushing on the lattice (core/behaviour/ct_push.c): the chain shift, the radius limit, the front
   speed of a pushing tissue against its counting argument, determinism, checkpoints, refusals. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"

/* A 12 x 3 lattice with closed edges: rows 0 and 2 full of walls, in row 1 a mother at x = 0 (her
   type's keys: mother) and walls at x = 1..5, then extra top-level members. The only free sites are
   x = 6..11 of row 1: a daughter of the mother needs a chain of 6 sites (x = 0 -> 6). */
static const char row_scenario[] =
    "{\"domain\":{\"size\":[12,3],\"dx\":10,\"boundary\":\"closed\",\"neighbourhood\":"
    "\"von_neumann\"},\"dt\":1,\"steps\":1,\"seed\":3,\"cell_types\":{\"mother\":%s,\"wall\":{}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"wall\",\"min\":[0,0],\"max\":[119,9],"
    "\"fill\":true},"
    "{\"shape\":\"rect\",\"type\":\"wall\",\"min\":[0,20],\"max\":[119,29],\"fill\":true},"
    "{\"shape\":\"list\",\"type\":\"mother\",\"positions\":[[5,15]]},"
    "{\"shape\":\"rect\",\"type\":\"wall\",\"min\":[10,10],\"max\":[59,19],\"fill\":true}]%s}";

static uint32_t site_of(const ct_sim *sim, uint32_t x, uint32_t y)
{
    uint32_t c[3] = {x, y, 0};
    return ct_lattice_site(&sim->lat, c);
}

/* Runs the row scenario one step; returns 1 when the mother divided by pushing the five walls one
   site right (her daughter at x = 1), 0 when nothing moved, -1 for anything else. */
static int row_pushed(const char *mother, const char *extra)
{
    char json[2048];
    snprintf(json, sizeof json, row_scenario, mother, extra);
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    int result = -1;
    if (!sim || th_run_checked(sim, 0))
        goto done;
    uint32_t walls[5];
    for (uint32_t x = 1; x <= 5; x++)
        walls[x - 1] = sim->lat.slot[site_of(sim, x, 1)];
    size_t before = sim->ag.n;
    if (th_run_checked(sim, 1))
        goto done;
    if (sim->ag.n == before && sim->lat.slot[site_of(sim, 6, 1)] == CT_EMPTY) {
        result = 0;
        goto done;
    }
    uint32_t d = sim->lat.slot[site_of(sim, 1, 1)], mother_at = sim->lat.slot[site_of(sim, 0, 1)];
    int shifted = sim->ag.n == before + 1 && d == before && mother_at != CT_EMPTY &&
                  sim->ag.parent[d] == sim->ag.id[mother_at];
    for (uint32_t x = 2; x <= 6; x++)
        shifted = shifted && sim->lat.slot[site_of(sim, x, 1)] == walls[x - 2];
    result = shifted ? 1 : -1;
done:
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return result;
}

/* The chain of Drasdo & Hoehme's lattice model: every cell between the mother and the nearest free
   site moves one site along the shortest path, the daughter takes the first. A radius of 6 reaches
   the free site, 5 does not (nothing happens), and no push key means plain contact inhibition. */
TEST(push_division_shifts_the_chain_to_the_nearest_free_site_within_the_radius)
{
    CHECK(row_pushed("{\"proliferation\":{\"rate\":1000,\"push\":{\"radius\":6}}}", "") == 1);
    CHECK(row_pushed("{\"proliferation\":{\"rate\":1000,\"push\":{\"radius\":5}}}", "") == 0);
    CHECK(row_pushed("{\"proliferation\":{\"rate\":1000}}", "") == 0);
}

/* A plugin asks for the push through host->push (ABI 1.2); a radius out of range is refused. */
TEST(push_from_a_plugin_intent)
{
    char extra[512];
    snprintf(extra, sizeof extra, ",\"plugins\":[{\"path\":\"%s\",\"parameters\":{\"radius\":6}}]",
             th_plugin("tests/plugins/push_divide.so"));
    CHECK(row_pushed("{}", extra) == 1);
    snprintf(extra, sizeof extra, ",\"plugins\":[{\"path\":\"%s\",\"parameters\":{\"radius\":5}}]",
             th_plugin("tests/plugins/push_divide.so"));
    CHECK(row_pushed("{}", extra) == 0);
    snprintf(extra, sizeof extra, ",\"plugins\":[{\"path\":\"%s\",\"parameters\":{\"radius\":17}}]",
             th_plugin("tests/plugins/push_divide.so"));
    CHECK(row_pushed("{}", extra) == -1);
}

/* A move pushes too: the mover takes the first site of the chain and leaves its own free. */
TEST(push_move_shifts_the_chain_and_frees_the_movers_site)
{
    char json[2048];
    snprintf(json, sizeof json, row_scenario,
             "{\"motility\":{\"rate\":1000,\"push\":{\"radius\":6}}}", "");
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL))
        goto done;
    uint32_t mover = sim->lat.slot[site_of(sim, 0, 1)], wall = sim->lat.slot[site_of(sim, 5, 1)];
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(sim->lat.slot[site_of(sim, 0, 1)] == CT_EMPTY);
    CHECK(sim->lat.slot[site_of(sim, 1, 1)] == mover && sim->lat.slot[site_of(sim, 6, 1)] == wall);
done:
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Cells per unit of front length, measured as live cells / rows, at each of two steps: the front
   speed in sites per step. */
static double front_speed(ct_sim *sim, long from, long to)
{
    double rows = (double)sim->lat.size[1] * sim->lat.size[2];
    if (th_run_checked(sim, from))
        return NAN;
    double n0 = (double)ct_sim_live_cells(sim);
    if (th_run_checked(sim, to - from))
        return NAN;
    return ((double)ct_sim_live_cells(sim) - n0) / rows / (double)(to - from);
}

/* A slab of tissue, closed along x and periodic across, filling x < 20 with no motility and no
   death: a planar front. cross: the sizes across ("100" in 2D, "16,16" in 3D); radius 0: no
   pushing. */
static ct_sim *strip(int radius, const char *cross, const char *neighbourhood, ct_scenario **sc)
{
    char json[1024], push[64] = "";
    int ndim = strchr(cross, ',') ? 3 : 2;
    if (radius)
        snprintf(push, sizeof push, ",\"push\":{\"radius\":%d}", radius);
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[300,%s],\"dx\":10,\"boundary\":[\"closed\",\"periodic\"%s],"
             "\"neighbourhood\":\"%s\"},\"dt\":1,\"steps\":1,\"seed\":11,\"cell_types\":{\"t\":"
             "{\"proliferation\":{\"rate\":0.01%s}}},\"initial\":[{\"shape\":\"rect\",\"type\":"
             "\"t\",\"min\":[0,0%s],\"max\":[199,1e4%s],\"fill\":true}]}",
             cross, ndim == 3 ? ",\"periodic\"" : "", neighbourhood, push, ndim == 3 ? ",0" : "",
             ndim == 3 ? ",1e4" : "");
    *sc = th_scenario(json);
    return *sc ? th_sim(*sc) : NULL;
}

/* Front speed of pushing tissue. Reference (counting argument; Drasdo & Hoehme, Phys Biol 2:133,
   2005, whose lattice monolayers expand at a constant speed set by the thickness of the
   proliferating rim): a cell divides, with probability p = 1 - exp(-r dt) per step, only when a
   free site lies within distance R; behind a planar front every row holds exactly R such cells (the
   nearest free site of the cell at depth k is the front site of its own row, k away), so the front
   advances v0 = p R sites per step. A rough front has more cells within R of a free site, never
   fewer, so v0 is a lower bound in expectation; measured (400 x 200 sites, steps 200-2000) the
   excess is 0.11, 0.08 and 0.03 p at R = 2, 4 and 8, and v / v0 at R = 8 is 1.004, 0.998, 1.004,
   0.999 over seeds 5, 1, 2, 3; with von Neumann steps 1.008; in 3D (R = 6, 24^2 rows) 0.994.
   Tolerance: |v / v0 - 1| <= 5% at R = 8, 100 rows, steps 200-1000 (about 6400 divisions: 1.25%
   standard deviation), Moore and von Neumann; in 3D R = 6, 16^2 rows (about 9800 divisions).
   Without pushing (Eden growth) only cells next to a free site divide: p <= v <= 2 p. */
TEST(push_planar_front_speed_is_rate_times_radius)
{
    static const struct {
        int radius;
        const char *cross, *neighbourhood;
    } cases[] = {{8, "100", "moore"}, {8, "100", "von_neumann"}, {6, "16,16", "moore"}};
    double p = 1.0 - exp(-0.01);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        int R = cases[k].radius;
        ct_scenario *sc;
        ct_sim *sim = strip(R, cases[k].cross, cases[k].neighbourhood, &sc);
        double v = front_speed(sim, 200, 1000);
        printf("    seed 11, [300,%s] %s: R = %d: v = %.5f sites/step, v0 = p R = %.5f (ratio "
               "%.3f)\n", cases[k].cross, cases[k].neighbourhood, R, v, p * R, v / (p * R));
        CHECK(fabs(v / (p * R) - 1.0) <= 0.05);
        ct_sim_free(sim);
        ct_scenario_free(sc);
    }
    ct_scenario *sc0;
    ct_sim *eden = strip(0, "100", "moore", &sc0);
    double v_eden = front_speed(eden, 200, 1000);
    printf("    no push: %.5f = %.2f p\n", v_eden, v_eden / p);
    CHECK(v_eden >= p && v_eden <= 2.0 * p);
    ct_sim_free(eden);
    ct_scenario_free(sc0);
}

/* Equivalent radius sqrt(N / pi) of a tumour, in sites, after each of the steps marks[]. */
static void radii(ct_sim *sim, const long *marks, int n, double *rho)
{
    long done = 0;
    for (int k = 0; k < n; k++) {
        if (th_run_checked(sim, marks[k] - done))
            rho[k] = NAN;
        else
            rho[k] = sqrt((double)ct_sim_live_cells(sim) / M_PI);
        done = marks[k];
    }
}

/* Radial growth of a pushing tumour becomes linear in time. Reference: as above, a cell divides
   when a free site lies within Euclidean distance R, so a disc of radius rho has a proliferating
   annulus of area pi (2 rho R - R^2): dA/dt = p pi R (2 rho - R), and with A = pi rho^2,
   d rho / dt = p R (1 - R / (2 rho)), tending to p R (Drasdo & Hoehme 2005: linear expansion once
   the tumour is larger than its proliferating rim). Roughness adds a little (planar test: 4%).
   Checked: the speed of the equivalent radius sqrt(N / pi) between the first and last marks
   against p R (1 - R / (2 rho_mid)) within 10% (CT_LONG=1: 400 x 400 sites, radius to ~150,
   within 5%), and the late and early halves within 15% of each other, where an exponentially
   growing tumour's radius would speed up as e^(p t / 2). */
TEST(push_tumour_radius_grows_linearly)
{
    int lng = ct_test_long();
    char json[1024];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[%d,%d],\"dx\":10,\"boundary\":\"closed\",\"neighbourhood\":"
             "\"moore\"},\"dt\":1,\"steps\":1,\"seed\":13,\"cell_types\":{\"t\":{\"proliferation\":"
             "{\"rate\":0.01,\"push\":{\"radius\":8}}}},\"initial\":[{\"shape\":\"disc\",\"type\":"
             "\"t\",\"centre\":[%d,%d],\"radius\":100,\"fill\":true}]}",
             lng ? 400 : 200, lng ? 400 : 200, lng ? 2000 : 1000, lng ? 2000 : 1000);
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL))
        return;
    long marks[3] = {300, 450, 600};
    if (lng)
        marks[0] = 600, marks[1] = 1200, marks[2] = 1800;
    double rho[3], p = 1.0 - exp(-0.01);
    radii(sim, marks, 3, rho);
    double v0 = p * 8 * (1.0 - 8 / (rho[0] + rho[2]));
    double early = (rho[1] - rho[0]) / (double)(marks[1] - marks[0]);
    double late = (rho[2] - rho[1]) / (double)(marks[2] - marks[1]);
    double whole = (rho[2] - rho[0]) / (double)(marks[2] - marks[0]);
    printf("    seed 13: radius %.1f %.1f %.1f sites; speed early %.4f late %.4f, predicted %.4f "
           "(ratio %.3f)\n", rho[0], rho[1], rho[2], early, late, v0, whole / v0);
    CHECK(fabs(late / early - 1.0) < 0.15);
    CHECK(fabs(whole / v0 - 1.0) < (lng ? 0.05 : 0.10));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Tumour cells that divide by pushing, T cells that move by pushing through them, deaths. */
static const char mixed[] =
    "{\"domain\":{\"size\":[60,50],\"dx\":10,\"boundary\":\"periodic\",\"neighbourhood\":"
    "\"moore\"},\"dt\":1,\"steps\":200,\"seed\":17,\"cell_types\":{\"tumour\":{\"proliferation\":"
    "{\"rate\":0.05,"
    "\"push\":{\"radius\":4}},\"death\":{\"rate\":0.002}},\"tcell\":{\"motility\":{\"rate\":0.5,"
    "\"push\":{\"radius\":2}}}},\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":"
    "[300,250],\"radius\":150,\"fill\":true},{\"shape\":\"rect\",\"type\":\"tcell\",\"min\":[0,0],"
    "\"max\":[600,500],\"count\":150}]}";

TEST(push_is_deterministic_on_1_2_and_4_threads)
{
    int saved = omp_get_max_threads();
    uint64_t one = th_json_trajectory(mixed, 1, 120), two = th_json_trajectory(mixed, 2, 120);
    uint64_t four = th_json_trajectory(mixed, 4, 120);
    printf("    1 thread %016llx, 2 threads %016llx, 4 threads %016llx\n",
           (unsigned long long)one, (unsigned long long)two, (unsigned long long)four);
    CHECK(one != 0 && one == two && two == four);
    omp_set_num_threads(saved);
}

TEST(push_checkpoint_resume_continues_identically)
{
    ct_scenario *sc = th_scenario(mixed);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    ct_checkpoint ck;
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 13) == 0) &&
        CHECK(th_checkpoint_copy(sim, "push.ctck", &ck) == 0)) {
        CHECK(th_run_checked(sim, 60) == 0 && th_run_checked(ck.sim, 60) == 0);
        CHECK(th_state_digest(sim) == th_state_digest(ck.sim));
        ct_checkpoint_free(&ck);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(push_keys_are_checked_with_their_json_path)
{
    static const char tmpl[] =
        "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":1,\"cell_types\":{\"t\":{"
        "\"proliferation\":{\"rate\":0.1,\"push\":%s}}},\"initial\":[]}";
    static const struct {
        const char *push, *says;
    } bad[] = {
        {"{\"radius\":0}", "/cell_types/t/proliferation/push/radius"},
        {"{\"radius\":17}", "/cell_types/t/proliferation/push/radius"},
        {"{\"radius\":2.5}", "/cell_types/t/proliferation/push/radius"},
        {"{}", "/cell_types/t/proliferation/push/radius"},
        {"{\"radius\":2,\"radus\":3}", "radus"},
        {"true", "/cell_types/t/proliferation/push"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char json[512];
        snprintf(json, sizeof json, tmpl, bad[k].push);
        CHECK(th_says(th_scenario_error(json), bad[k].says));
    }
}

/* cell:divide{push = R} in a per-cell function: a band of 10 full rows on the periodic 30 x 30
   lattice of tl_sim, every cell dividing. Without pushing at most the 60 cells of the band's two
   edge rows can divide; with push = 3 the 180 cells of the three rows at each edge can. push = true
   and a plain cell:divide() take the radius the type declares. */
TEST(push_from_lua_and_its_refusals)
{
    const char *body = "\"initial\":[{\"shape\":\"rect\",\"type\":\"t\",\"min\":[0,0],"
                       "\"max\":[299,99],\"fill\":true}]";
    static const struct {
        const char *type_keys, *call;
        size_t min_births, max_births;
    } calls[] = {{"", "cell:divide()", 1, 60},
                 {"", "cell:divide{push = 3}", 61, 180},
                 {", push = {proliferation = 3}", "cell:divide{push = true}", 61, 180},
                 {", push = {proliferation = 3}", "cell:divide()", 61, 180}};
    for (size_t k = 0; k < sizeof calls / sizeof *calls; k++) {
        char script[256];
        snprintf(script, sizeof script,
                 "cell_type{name = 't'%s}\non_cell('t', function(cell) %s end)\n",
                 calls[k].type_keys, calls[k].call);
        ct_scenario *sc;
        ct_sim *sim = tl_sim(script, body, &sc);
        if (!CHECK(sim != NULL))
            return;
        CHECK(th_run_checked(sim, 1) == 0);
        size_t births = sim->ag.n - 300;
        printf("    %s%s: %zu births\n", calls[k].call, calls[k].type_keys, births);
        CHECK(births >= calls[k].min_births && births <= calls[k].max_births);
        ct_sim_free(sim);
        ct_scenario_free(sc);
    }
    ct_scenario *sc;
    ct_sim *sim = tl_sim("cell_type{name = 't'}\n"
                         "on_cell('t', function(cell) cell:move(0, 1, {push = 3}) end)\n",
                         body, &sc);
    if (CHECK(sim != NULL) && CHECK(th_run_checked(sim, 1) == 0)) {
        /* pushed straight up (+y): every column keeps its 10 cells, row 10 fills, row 29 stays
           free, and row 9, which plain moves would leave empty, is refilled from below */
        int columns_kept = 1, row9 = 0, row10 = 0, row29 = 0;
        for (uint32_t x = 0; x < 30; x++) {
            int n = 0;
            for (uint32_t y = 0; y < 30; y++)
                n += sim->lat.slot[site_of(sim, x, y)] != CT_EMPTY;
            columns_kept &= n == 10;
            row9 += sim->lat.slot[site_of(sim, x, 9)] != CT_EMPTY;
            row10 += sim->lat.slot[site_of(sim, x, 10)] != CT_EMPTY;
            row29 += sim->lat.slot[site_of(sim, x, 29)] != CT_EMPTY;
        }
        printf("    cell:move(0, 1, {push = 3}): row 9 holds %d cells\n", row9);
        CHECK(columns_kept && row10 == 30 && row29 == 0 && row9 > 0);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    ct_error err = {0};
    sc = tl_scenario("cell_type{name='p', proliferation=0.1, push={proliferation=4, motility=2}}\n",
                     "", NULL, 0, &err);
    if (CHECK(sc != NULL))
        CHECK(sc->types[0].push_radius[1] == 4 && sc->types[0].push_radius[0] == 2);
    ct_scenario_free(sc);
    CHECK(th_says(tl_error("cell_type{name='a', push={proliferation=2.5}}\n", "", 0),
                  ".lua:1: cell_type: push: proliferation = 2.5: "
                  "expected a whole number of sites"));
    CHECK(th_says(tl_error("cell_type{name='a', push={division=2}}\n", "", 0),
                  "cell_type: push: unknown field \"division\""));
    const char *one = "\"initial\":[{\"shape\":\"list\",\"type\":\"a\",\"positions\":[[5,5]]}]";
    CHECK(th_says(tl_error("cell_type{name='a'}\n"
                           "on_cell('a', function(c) c:divide{push = 17} end)\n", one, 1),
                  "cell:divide: push = 17: expected true or a radius from 1 to 16 sites"));
    CHECK(th_says(tl_error("cell_type{name='a'}\n"
                           "on_cell('a', function(c) c:move(1, 0, {pusj = 1}) end)\n", one, 1),
                  "cell:move: the options table takes only push"));
}
