/* Checkpoints: a round trip restores the state exactly (and it steps on identically); truncated,
   corrupt or foreign files are refused with a clear message. */
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_checkpoint.h"
#include "ct_io.h"
#include "ct_sim_create.h"
#include "harness.h"
#include "sim_helpers.h"

static const char scenario[] =
    "{\"domain\":{\"size\":[60,50],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":100,"
    "\"seed\":77,\"cell_types\":{\"t\":{\"motility\":{\"rate\":0.3},\"proliferation\":"
    "{\"rate\":0.05},\"death\":{\"rate\":0.02},\"transition\":{\"rate\":0.01,\"to\":\"n\"}},"
    "\"n\":{\"death\":{\"rate\":0.05}}},\"initial\":[{\"shape\":\"disc\",\"type\":\"t\","
    "\"centre\":[300,250],\"radius\":120,\"fill\":true}]}";
static const char counts[] = "step,time,t,n\n0,0,400,0\n";

static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_test_tmpdir(), name);
    return path;
}

/* Same step, agents in the same memory order, same lattice. */
static int same_state(const ct_sim *a, const ct_sim *b)
{
    int same = a->step == b->step && a->seed == b->seed && a->ag.n == b->ag.n &&
               a->ag.n_dead == b->ag.n_dead && a->ag.next_id == b->ag.next_id &&
               a->steps_since_reorder == b->steps_since_reorder &&
               memcmp(a->lat.slot, b->lat.slot, a->lat.n_sites * sizeof *a->lat.slot) == 0;
#define SAME_ARRAY(f) same = same && memcmp(a->ag.f, b->ag.f, a->ag.n * sizeof *a->ag.f) == 0;
    CT_AGENT_ARRAYS(SAME_ARRAY)
#undef SAME_ARRAY
    return same;
}

/* A simulation 13 steps in (dead agents not yet compacted), written to name. */
static ct_sim *write_one(ct_scenario **sc, const char *name)
{
    *sc = th_scenario(scenario);
    ct_sim *sim = th_sim(*sc);
    if (!sim || th_run_checked(sim, 13))
        return NULL;
    ct_checkpoint_run run = {counts, strlen(counts), 5};
    ct_error err;
    if (!CHECK(ct_checkpoint_write(sim, &run, tmp_path(name), &err) == CT_OK))
        printf("    %s\n", err.msg);
    return sim;
}

TEST(checkpoint_round_trip_restores_state_and_trajectory)
{
    ct_scenario *sc;
    ct_sim *sim = write_one(&sc, "a.ctck");
    ct_checkpoint ck;
    ct_error err;
    int rc = ct_checkpoint_read(tmp_path("a.ctck"), &ck, &err);
    if (!CHECK(rc == CT_OK) || !CHECK(sim != NULL)) {
        printf("    %s\n", err.msg);
        return;
    }
    CHECK(sim->ag.n_dead > 0);
    CHECK(same_state(sim, ck.sim));
    CHECK(ck.counts_len == strlen(counts) && memcmp(ck.counts_text, counts, ck.counts_len) == 0);
    CHECK(ck.checkpoint_every == 5);
    CHECK(th_run_checked(sim, 40) == 0 && th_run_checked(ck.sim, 40) == 0);
    CHECK(same_state(sim, ck.sim));
    ct_checkpoint_free(&ck);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Writes bytes as a checkpoint and returns the message reading it gives ("" if read fine). */
static const char *refusal(const char *data, size_t len)
{
    static ct_error err;
    ct_error_clear(&err);
    ct_io_write_file(tmp_path("bad.ctck"), data, len, &err);
    ct_checkpoint ck;
    if (ct_checkpoint_read(tmp_path("bad.ctck"), &ck, &err) == CT_OK) {
        ct_checkpoint_free(&ck);
        return "";
    }
    return err.msg;
}

static int refused_with(const char *data, size_t len, const char *words)
{
    const char *msg = refusal(data, len);
    int ok = strstr(msg, words) != NULL && strstr(msg, "bad.ctck") != NULL;
    if (!ok)
        printf("    expected \"%s\", got \"%s\"\n", words, msg);
    return ok;
}

TEST(checkpoint_refuses_truncated_corrupt_and_foreign_files)
{
    ct_scenario *sc;
    ct_sim *sim = write_one(&sc, "b.ctck");
    char *data;
    size_t len;
    ct_error err;
    if (!CHECK(ct_io_read_file(tmp_path("b.ctck"), &data, &len, &err) == CT_OK))
        return;
    size_t cuts[] = {0, 5, 12, 30, len / 2, len - 9, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        CHECK(refused_with(data, cuts[i], cuts[i] < 8 ? "not a celltwin checkpoint"
                                                      : "truncated"));
    data[len / 2] ^= 0x40;
    CHECK(refused_with(data, len, "checksum mismatch"));
    data[len / 2] ^= 0x40;
    data[7] = '1';
    CHECK(refused_with(data, len, "checkpoint format version 01; this celltwin reads 02"));
    data[7] = '2';
    CHECK(refusal(data, len)[0] == '\0');
    ct_free(data);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
