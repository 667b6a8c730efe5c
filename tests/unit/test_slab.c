/* Slabs (ct_slab): the lattice cut into K slabs, each stepped on its own window by the ordinary
   step and collected back, gives exactly the cells of one simulation of the whole lattice, step
   after step: same ids (births numbered across slabs), sites, types, states, parents, birth
   steps and attributes, and the same field values bit for bit. The reference is the one-process
   run itself; the exchange of records and field rows between ranks is what this test does in
   one process. */
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_decomp.h"
#include "ct_sim_create.h"
#include "ct_slab.h"
#include "ct_slab_fields.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

/* 2D, periodic: every event kind, states, and contacts that kill, infect and activate under a
   neighbour-count rule, so that cells on both sides of a slab edge compete for sites and act on
   each other. Dense enough that many claims cross the edges. A periodic field (2 explicit
   sub-steps) wraps with the lattice: the first and last slab's windows join across the edge. */
static const char scenario_2d[] =
    "{\"domain\":{\"size\":[40,48],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
    "\"seed\":5,\"fields\":{\"c\":{\"diffusion\":30,\"boundary\":\"periodic\","
    "\"solver\":\"explicit\"}},"
    "\"cell_types\":{\"tumour\":{\"secretion\":{\"c\":1},\"states\":[\"calm\",\"alert\"],"
    "\"motility\":"
    "{\"rate\":0.2},\"proliferation\":{\"rate\":0.08},\"death\":{\"rate\":0.01},\"transition\":"
    "{\"rate\":0.005,\"to\":\"necrotic\"}},\"necrotic\":{\"death\":{\"rate\":0.05}},"
    "\"t\":{\"states\":[\"naive\",\"active\"],\"motility\":{\"rate\":0.8},"
    "\"chemotaxis\":{\"field\":\"c\",\"sensitivity\":20},\"rules\":"
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

/* 2D, closed, with fields: a chemokine (secretion, chemotaxis, a fixed source region, a fixed
   boundary) and oxygen (uptake, a rule), and a phased cycle whose phase, stage and phase time
   are per-cell attributes that cells carry across slab edges. Oxygen's diffusion needs 8
   explicit sub-steps per step: halos of 12 rows. */
static const char scenario_fields[] =
    "{\"domain\":{\"size\":[30,64],\"boundary\":\"closed\",\"neighbourhood\":\"moore\"},\"dt\":1,"
    "\"steps\":0,\"seed\":9,\"fields\":{\"chemokine\":{\"diffusion\":50,\"decay\":0.01,"
    "\"boundary\":\"fixed\",\"boundary_value\":0.1,\"sources\":[{\"shape\":\"disc\",\"centre\":"
    "[150,100],\"radius\":40,\"rate\":2}]},\"oxygen\":{\"diffusion\":190,\"decay\":0.001,"
    "\"initial\":1,\"initial_region\":{\"shape\":\"rect\",\"min\":[0,300],\"max\":"
    "[300,400],\"value\":0.2}}},"
    "\"cell_types\":{\"tumour\":{\"motility\":{\"rate\":0.05},\"secretion\":{\"chemokine\":0.5},"
    "\"uptake\":{\"oxygen\":0.5},\"cycle\":{\"model\":\"ki67\",\"stages\":{\"Ki67-\":1,"
    "\"Ki67+\":2},\"durations\":{\"Ki67-\":8,\"Ki67+\":12}},\"rules\":[{\"behaviour\":"
    "\"motility\",\"signal\":\"field:oxygen\",\"max\":0.2,\"half\":0.5}]},"
    "\"t\":{\"motility\":{\"rate\":0.8},\"chemotaxis\":{\"field\":\"chemokine\",\"sensitivity\":"
    "20},\"contact\":[{\"action\":\"kill\",\"target\":\"tumour\",\"probability\":0.1}]}},"
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":[150,320],\"radius\":90,"
    "\"fill\":true},{\"shape\":\"rect\",\"type\":\"t\",\"min\":[0,0],\"max\":[300,640],"
    "\"count\":250}]}";

/* The live cells of a whole simulation as records, in site order. */
static void records_of(const ct_sim *sim, ct_cell_records *out)
{
    ct_error err = {0};
    out->n = 0;
    for (uint32_t site = 0; site < sim->lat.n_sites; site++) {
        uint32_t i = sim->lat.slot[site];
        if (i != CT_EMPTY && ct_cell_records_append(out, &sim->ag, i, site, &err))
            printf("    %s\n", err.msg);
    }
}

static int same_records(const ct_cell_records *a, const ct_cell_records *b)
{
    for (size_t k = 0; k < a->n; k++) {
        const ct_cell_record *x = ct_cell_record_at(a, k), *y = ct_cell_record_at(b, k);
        if (memcmp(x, y, a->size) != 0) { /* the header and every attribute, bit for bit */
            printf("    record %zu differs: id %llu/%llu site %u/%u\n", k,
                   (unsigned long long)x->id, (unsigned long long)y->id, x->site, y->site);
            return 0;
        }
    }
    return 1;
}

/* Every slab's owned field values against the whole lattice's, bit for bit. */
static int same_fields(const ct_slab *slabs, int k, const ct_sim *whole)
{
    for (int r = 0; r < k; r++)
        for (int f = 0; f < whole->fields.n; f++) {
            size_t n = (slabs[r].hi - slabs[r].lo) * slabs[r].row_sites;
            if (memcmp(ct_slab_fields_owned(&slabs[r], f),
                       whole->fields.value[f] + slabs[r].lo * slabs[r].row_sites,
                       n * sizeof(float)) != 0) {
                printf("    rank %d: field %d differs\n", r, f);
                return 0;
            }
        }
    return 1;
}

/* The field halo exchange of all ranks, as ct_dist_fields_exchange does it over MPI: every edge
   is packed before any halo is unpacked. */
static void exchange_fields(ct_slab *slabs, int k, float *buf)
{
    size_t n = ct_slab_fields_edge_floats(&slabs[0]);
    if (k == 1 || n == 0)
        return;
    for (int r = 0; r < k; r++)
        for (int upper = 0; upper < 2; upper++)
            ct_slab_fields_pack(&slabs[r], upper, buf + (2 * (size_t)r + upper) * n);
    for (int r = 0; r < k; r++) {
        int below = (r + k - 1) % k, above = (r + 1) % k;
        if (ct_slab_fields_has_halo(&slabs[r], 0))
            ct_slab_fields_unpack(&slabs[r], 0, buf + (2 * (size_t)below + 1) * n);
        if (ct_slab_fields_has_halo(&slabs[r], 1))
            ct_slab_fields_unpack(&slabs[r], 1, buf + (2 * (size_t)above) * n);
    }
}

/* One step of every slab from the records of all: what the ranks do, in turn. */
static int step_slabs(ct_slab *slabs, int k, ct_cell_records *rec, uint64_t *next_id,
                      float *field_buf)
{
    ct_cell_records next;
    ct_cell_records_init(&next, rec->n_attr);
    size_t born_before = 0;
    ct_error err = {0};
    uint64_t step = slabs[0].sim->step; /* every slab is at the same step */
    exchange_fields(slabs, k, field_buf);
    for (int r = 0; r < k; r++) {
        if (ct_slab_fill(&slabs[r], rec, step, *next_id, &err) || ct_sim_step(slabs[r].sim)) {
            printf("    rank %d: %s%s\n", r, err.msg, slabs[r].sim->err.msg);
            ct_cell_records_free(&next);
            return -1;
        }
        size_t born = ct_slab_owned_births(&slabs[r], *next_id);
        ct_slab_number_births(&slabs[r], *next_id, *next_id + born_before);
        born_before += born;
    }
    for (int r = 0; r < k; r++) /* after all steps: the records of this step fill every slab */
        if (ct_slab_collect(&slabs[r], &next, &err))
            printf("    rank %d: %s\n", r, err.msg);
    *next_id += born_before;
    ct_cell_records_free(rec);
    *rec = next;
    return 0;
}

/* Opens K slabs of sc and starts their fields from whole. */
static int open_slabs(ct_slab *slabs, const ct_scenario *sc, const ct_decomp *d,
                      const ct_sim *whole)
{
    ct_error err = {0};
    for (int r = 0; r < d->n_ranks; r++)
        if (ct_slab_open(&slabs[r], sc, d, r, &err) ||
            ct_slab_fields_start(&slabs[r], whole, &err)) {
            printf("    rank %d: %s\n", r, err.msg);
            for (int q = 0; q < r; q++)
                ct_slab_close(&slabs[q]);
            return -1;
        }
    return 0;
}

/* Steps one simulation and K slabs side by side, comparing every cell (attributes included) and
   every field value after every step. */
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
    if (open_slabs(slabs, sc, &d, whole)) {
        CHECK(0);
        ct_decomp_free(&d);
        ct_sim_free(whole);
        ct_scenario_free(sc);
        return;
    }
    ct_cell_records want, rec;
    ct_cell_records_init(&want, whole->ag.n_attr);
    ct_cell_records_init(&rec, whole->ag.n_attr);
    size_t edge = ct_slab_fields_edge_floats(&slabs[0]);
    float *field_buf = ct_malloc(2 * (size_t)k * edge * sizeof(float) + 1);
    records_of(whole, &rec);
    uint64_t next_id = whole->ag.next_id, births = 0;
    int same = 1;
    for (int s = 0; s < steps && same; s++) {
        uint64_t before = next_id;
        same = ct_sim_step(whole) == CT_OK &&
               step_slabs(slabs, k, &rec, &next_id, field_buf) == 0;
        records_of(whole, &want);
        same = same && rec.n == want.n && same_records(&want, &rec) &&
               next_id == whole->ag.next_id && same_fields(slabs, k, whole);
        births += next_id - before;
        if (!same)
            printf("    K = %d: differs after step %d\n", k, s + 1);
    }
    printf("    %dD, K = %d, halo %u: %d steps, %zu cells, %d attributes, %d fields, %llu "
           "births: %s\n", sc->ndim, k, slabs[0].halo, steps, rec.n, rec.n_attr, sc->n_fields,
           (unsigned long long)births, same ? "identical" : "DIFFERENT");
    CHECK(same);
    CHECK(births > 100); /* the case exercises births across slabs */
    ct_free(field_buf);
    ct_cell_records_free(&want);
    ct_cell_records_free(&rec);
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

TEST(slab_fields_and_cycle_equal_one_process)
{
    for (int k = 1; k <= 4; k++)
        check_slabs_match(scenario_fields, k, 50);
}
