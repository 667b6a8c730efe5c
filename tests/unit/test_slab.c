/* Slabs (ct_slab): the lattice cut into K slabs, each stepped on its own window by the ordinary
   step and collected back, gives exactly the cells of one simulation of the whole lattice, step
   after step: same ids (births numbered across slabs), sites, types, states, parents, birth
   steps. The reference is the one-process run itself; the exchange of records between ranks is
   what this test does in one process. */
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_decomp.h"
#include "ct_sim_create.h"
#include "ct_slab.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

/* 2D, periodic: every event kind, states, and contacts that kill, infect and activate under a
   neighbour-count rule, so that cells on both sides of a slab edge compete for sites and act on
   each other. Dense enough that many claims cross the edges. */
static const char scenario_2d[] =
    "{\"domain\":{\"size\":[40,48],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
    "\"seed\":5,\"cell_types\":{\"tumour\":{\"states\":[\"calm\",\"alert\"],\"motility\":"
    "{\"rate\":0.2},\"proliferation\":{\"rate\":0.08},\"death\":{\"rate\":0.01},\"transition\":"
    "{\"rate\":0.005,\"to\":\"necrotic\"}},\"necrotic\":{\"death\":{\"rate\":0.05}},"
    "\"t\":{\"states\":[\"naive\",\"active\"],\"motility\":{\"rate\":0.8},\"rules\":"
    "[{\"behaviour\":\"death\",\"signal\":\"neighbours:tumour\",\"max\":0.02,\"half\":4}],"
    "\"contact\":[{\"action\":\"kill\",\"target\":\"tumour\",\"probability\":0.3},"
    "{\"action\":\"activate\",\"target\":\"t\",\"to\":\"active\",\"probability\":0.5},"
    "{\"action\":\"infect\",\"target\":\"necrotic\",\"to\":\"t\",\"rate\":0.05}]}},"
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\","
    "\"centre\":[200,240],\"radius\":120,\"fill\":true},{\"shape\":\"rect\",\"type\":\"t\","
    "\"min\":[0,0],\"max\":[400,480],\"count\":500}]}";

/* 3D, closed: slabs along z, the first and last cut at the lattice's own edge. */
static const char scenario_3d[] =
    "{\"domain\":{\"size\":[12,10,26],\"boundary\":\"closed\"},\"dt\":1,\"steps\":0,"
    "\"seed\":6,\"cell_types\":{\"a\":{\"motility\":{\"rate\":0.5},\"proliferation\":{\"rate\":"
    "0.1},\"death\":{\"rate\":0.02},\"contact\":[{\"action\":\"kill\",\"target\":\"b\","
    "\"probability\":0.2}]},\"b\":{\"motility\":{\"rate\":1},\"proliferation\":{\"rate\":0.05}}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0,0],\"max\":[120,100,260],"
    "\"count\":600},{\"shape\":\"rect\",\"type\":\"b\",\"min\":[0,0,0],\"max\":[120,100,260],"
    "\"count\":600}]}";

/* The live cells of a whole simulation as records, in site order. */
static size_t records_of(const ct_sim *sim, ct_cell_record *out)
{
    size_t n = 0;
    for (uint32_t site = 0; site < sim->lat.n_sites; site++) {
        uint32_t i = sim->lat.slot[site];
        if (i != CT_EMPTY)
            out[n++] = (ct_cell_record){sim->ag.id[i], sim->ag.parent[i], sim->ag.birth_step[i],
                                        site, sim->ag.type[i], sim->ag.state[i]};
    }
    return n;
}

static int same_records(const ct_cell_record *a, const ct_cell_record *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (a[k].id != b[k].id || a[k].parent != b[k].parent ||
            a[k].birth_step != b[k].birth_step || a[k].site != b[k].site ||
            a[k].type != b[k].type || a[k].state != b[k].state) {
            printf("    record %zu differs: id %llu/%llu site %u/%u\n", k,
                   (unsigned long long)a[k].id, (unsigned long long)b[k].id, a[k].site, b[k].site);
            return 0;
        }
    return 1;
}

/* One step of every slab from the records of all: what the ranks do, in turn. */
static int step_slabs(ct_slab *slabs, int k, ct_cell_record **rec, size_t *n, size_t *cap,
                      uint64_t *next_id)
{
    ct_cell_record *next = NULL;
    size_t n_next = 0, cap_next = 0, born_before = 0;
    ct_error err = {0};
    uint64_t step = slabs[0].sim->step; /* every slab is at the same step */
    for (int r = 0; r < k; r++) {
        size_t start = n_next, born;
        if (ct_slab_fill(&slabs[r], *rec, *n, step, *next_id, &err) ||
            ct_sim_step(slabs[r].sim) ||
            ct_slab_collect(&slabs[r], *next_id, &next, &n_next, &cap_next, &born, &err)) {
            printf("    rank %d: %s%s\n", r, err.msg, slabs[r].sim->err.msg);
            ct_free(next);
            return -1;
        }
        ct_slab_number_births(next + start, n_next - start, *next_id, *next_id + born_before);
        born_before += born;
    }
    *next_id += born_before;
    ct_free(*rec);
    *rec = next;
    *n = n_next;
    *cap = cap_next;
    return 0;
}

/* Steps one simulation and K slabs side by side, comparing every cell after every step. */
static void check_slabs_match(const char *json, int k, int steps)
{
    ct_scenario *sc = th_scenario(json);
    ct_sim *whole = sc ? th_sim(sc) : NULL;
    ct_decomp d;
    ct_slab slabs[4];
    ct_error err = {0};
    CHECK(whole != NULL);
    if (!whole)
        return;
    CHECK(ct_decomp_plan(&d, sc->ndim, sc->size, k, &err) == CT_OK);
    CHECK(ct_slab_check(sc, &d, &err) == CT_OK);
    for (int r = 0; r < k; r++)
        CHECK(ct_slab_open(&slabs[r], sc, &d, r, &err) == CT_OK);
    size_t cap = whole->lat.n_sites, n = 0;
    ct_cell_record *want = ct_malloc(cap * sizeof *want), *rec = ct_malloc(cap * sizeof *rec);
    n = records_of(whole, rec);
    uint64_t next_id = whole->ag.next_id, births = 0;
    int same = 1;
    for (int s = 0; s < steps && same; s++) {
        uint64_t before = next_id;
        same = ct_sim_step(whole) == CT_OK && step_slabs(slabs, k, &rec, &n, &cap, &next_id) == 0;
        size_t n_want = records_of(whole, want);
        same = same && n == n_want && same_records(want, rec, n) && next_id == whole->ag.next_id;
        births += next_id - before;
        if (!same)
            printf("    K = %d: differs after step %d\n", k, s + 1);
    }
    printf("    %dD, K = %d: %d steps, %zu cells, %llu births: %s\n", sc->ndim, k, steps, n,
           (unsigned long long)births, same ? "identical" : "DIFFERENT");
    CHECK(same);
    CHECK(births > 100); /* the case exercises births across slabs */
    ct_free(want);
    ct_free(rec);
    for (int r = 0; r < k; r++)
        ct_slab_close(&slabs[r]);
    ct_decomp_free(&d);
    ct_sim_free(whole);
    ct_scenario_free(sc);
}

TEST(slab_2d_periodic_equals_one_process)
{
    for (int k = 1; k <= 4; k++)
        check_slabs_match(scenario_2d, k, 60);
}

TEST(slab_3d_closed_equals_one_process)
{
    for (int k = 2; k <= 3; k++)
        check_slabs_match(scenario_3d, k, 40);
}
