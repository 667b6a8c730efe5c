/* Checkpoints of a run split over ranks: rank 0 gathers every rank's cells into a simulation of
   the whole lattice and writes it with the one-process writer. The file must be byte for byte
   the one a single process writes at that step, although the two stores differ in memory
   (the process's holds dead agents and the order of earlier steps; the gathered one is in site
   order). The reference is the one-process run's own checkpoint; what MPI moves between ranks
   is done here in one process, as in test_slab.c. */
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_decomp.h"
#include "ct_io.h"
#include "ct_run.h"
#include "ct_sim_create.h"
#include "ct_slab.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

/* Births, deaths and moves: after a few steps the store holds dead agents awaiting compaction
   and cells out of site order. */
static const char scenario[] =
    "{\"domain\":{\"size\":[30,36],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":100,"
    "\"seed\":9,\"cell_types\":{\"a\":{\"states\":[\"x\",\"y\"],\"motility\":{\"rate\":0.5},"
    "\"proliferation\":{\"rate\":0.1},\"death\":{\"rate\":0.005}},\"b\":{\"motility\":{\"rate\":"
    "1},\"contact\":[{\"action\":\"kill\",\"target\":\"a\",\"probability\":0.05}]}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[300,360],"
    "\"count\":300},{\"shape\":\"rect\",\"type\":\"b\",\"min\":[0,0],\"max\":[300,360],"
    "\"count\":100}]}";

/* Writes sim's checkpoint into the test folder's subfolder dir, after a counts row, and reads
   the file back into *bytes (ct_free it). */
static int checkpoint_bytes(ct_sim *sim, const char *dir, char **bytes, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_test_tmpdir(), dir);
    ct_counts_writer counts = {0};
    ct_error err = {0}, cerr;
    int rc = ct_io_mkdirs(path, &err);
    if (!rc && !(rc = ct_counts_open(&counts, path, sim, &err)) &&
        !(rc = ct_counts_row(&counts, sim, &err)))
        rc = ct_run_write_checkpoint(sim, &counts, 7, path, &err);
    if (counts.file.fp)
        ct_counts_close(&counts, &cerr);
    snprintf(path + strlen(path), sizeof path - strlen(path), "/%s", CT_CHECKPOINT_FILE);
    if (!rc)
        rc = ct_io_read_file(path, bytes, len, &err);
    if (rc)
        printf("    %s\n", err.msg);
    return rc;
}

/* The cells of a whole simulation as k ranks hold them, concatenated in rank order as rank 0
   gathers them. */
static int gathered(const ct_sim *sim, const ct_scenario *sc, int k, ct_cell_records *rec)
{
    ct_decomp d;
    ct_error err = {0};
    int rc = ct_decomp_plan(&d, sc->ndim, sc->size, k, &err);
    if (rc)
        return rc;
    for (int r = 0; !rc && r < k; r++) {
        ct_slab slab;
        if (!(rc = ct_slab_open(&slab, sc, &d, r, &err)))
            rc = ct_slab_take_owned(&slab, sim, rec, &err);
        ct_slab_close(&slab);
    }
    ct_decomp_free(&d);
    return rc;
}

/* Whether the store holds live agents alone, in site order (as the gathered one does). */
static int in_site_order(const ct_agents *ag)
{
    for (size_t i = 0; i < ag->n; i++)
        if (ag->type[i] == CT_DEAD_TYPE || (i > 0 && ag->site[i - 1] > ag->site[i]))
            return 0;
    return 1;
}

TEST(dist_checkpoint_is_one_process_checkpoint)
{
    ct_scenario *sc = th_scenario(scenario);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    CHECK(sim != NULL);
    if (!sim) {
        ct_scenario_free(sc);
        return;
    }
    CHECK(th_run_checked(sim, 12) == 0);
    CHECK(!in_site_order(&sim->ag)); /* the one process's store differs: the case bites */
    ct_cell_records rec;
    ct_cell_records_init(&rec, sim->ag.n_attr);
    CHECK(gathered(sim, sc, 3, &rec) == CT_OK);
    ct_decomp whole_d;
    ct_slab whole;
    ct_error err = {0};
    CHECK(ct_decomp_plan(&whole_d, sc->ndim, sc->size, 1, &err) == CT_OK);
    CHECK(ct_slab_open(&whole, sc, &whole_d, 0, &err) == CT_OK);
    CHECK(ct_slab_fill(&whole, &rec, sim->step, sim->ag.next_id, &err) == CT_OK);
    char *one = NULL, *split = NULL;
    size_t one_len = 0, split_len = 0;
    CHECK(checkpoint_bytes(sim, "one", &one, &one_len) == CT_OK);
    CHECK(checkpoint_bytes(whole.sim, "split", &split, &split_len) == CT_OK);
    CHECK(one && split && one_len == split_len && memcmp(one, split, one_len) == 0);
    printf("    step %llu, %zu cells: %zu bytes, %s\n", (unsigned long long)sim->step, rec.n, one_len,
           one && split && one_len == split_len && !memcmp(one, split, one_len) ? "identical"
                                                                                : "DIFFERENT");
    /* the writer reordered the process's store: compacted, and still consistent */
    CHECK(sim->ag.n_dead == 0 && th_run_checked(sim, 5) == 0);
    ct_free(one);
    ct_free(split);
    ct_cell_records_free(&rec);
    ct_slab_close(&whole);
    ct_decomp_free(&whole_d);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
