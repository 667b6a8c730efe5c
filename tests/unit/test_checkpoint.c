/* Checkpoints: a round trip restores the state exactly (and it steps on identically); truncated,
   corrupt or foreign files are refused with a clear message. */
#include <math.h>
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

/* The scenario embedded in a checkpoint is read as strictly as a scenario file. */
TEST(checkpoint_refuses_duplicate_keys_in_its_scenario)
{
    ct_scenario *sc = th_scenario(scenario);
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(cJSON_AddNumberToObject(sc->json, "steps", 5) != NULL); /* a second "steps" */
    ct_checkpoint_run run = {counts, strlen(counts), 5};
    ct_error err;
    CHECK(ct_checkpoint_write(sim, &run, tmp_path("dup.ctck"), &err) == CT_OK);
    ct_checkpoint ck;
    int rc = ct_checkpoint_read(tmp_path("dup.ctck"), &ck, &err);
    CHECK(rc != CT_OK && strstr(err.msg, "/steps: duplicate key") != NULL);
    if (rc == CT_OK)
        ct_checkpoint_free(&ck);
    else
        printf("    %s\n", err.msg);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* The message reading back a checkpoint of sim (a valid checksum, whatever its state) gives, or
   "" if it reads fine. */
static const char *refusal_of(const ct_sim *sim, long long every)
{
    static ct_error err;
    ct_checkpoint_run run = {counts, strlen(counts), every};
    ct_error_clear(&err);
    if (ct_checkpoint_write(sim, &run, tmp_path("crafted.ctck"), &err))
        return err.msg;
    ct_checkpoint ck;
    if (ct_checkpoint_read(tmp_path("crafted.ctck"), &ck, &err) == CT_OK) {
        ct_checkpoint_free(&ck);
        return "";
    }
    return err.msg;
}

static int reads_back(const ct_sim *sim, long long every)
{
    const char *msg = refusal_of(sim, every);
    if (msg[0])
        printf("    refused: %s\n", msg);
    return msg[0] == '\0';
}

static int crafted_refused(const ct_sim *sim, const char *words)
{
    return th_says(refusal_of(sim, 5), words) && th_says(refusal_of(sim, 5), "crafted.ctck");
}

/* What `celltwin run --checkpoint-every` accepts, resume accepts: an interval above the steps. */
TEST(checkpoint_interval_above_the_steps_reads_back)
{
    ct_scenario *sc;
    ct_sim *sim = write_one(&sc, "every.ctck");
    if (!CHECK(sim != NULL))
        return;
    CHECK(reads_back(sim, 150));
    CHECK(reads_back(sim, CT_CHECKPOINT_EVERY_MAX));
    CHECK(th_says(refusal_of(sim, -1), "checkpoint interval out of range"));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

static size_t live_agent(const ct_sim *sim, size_t after)
{
    size_t i = after;
    while (sim->ag.type[i] == CT_DEAD_TYPE)
        i++;
    return i;
}

/* Checkpoints crafted with a valid checksum but a state no run produces are refused, each with
   the agent, type, field or step that is wrong. */
TEST(checkpoint_refuses_states_a_run_never_produces)
{
    ct_scenario *sc;
    ct_sim *sim = write_one(&sc, "c.ctck");
    if (!CHECK(sim != NULL))
        return;
    ct_agents *ag = &sim->ag;
    size_t a = live_agent(sim, 0), b = live_agent(sim, a + 1);
    uint64_t id = ag->id[b];
    ag->id[b] = ag->id[a];
    CHECK(crafted_refused(sim, "section \"AGNT\": two agents have the id"));
    ag->id[b] = ag->next_id;
    CHECK(crafted_refused(sim, "its id is 0 or not below the next id"));
    ag->id[b] = id;
    ag->state[a] = 200;
    CHECK(crafted_refused(sim, "state 200, site"));
    CHECK(crafted_refused(sim, "its state is not one of the scenario's"));
    ag->state[a] = 0;
    ag->type[a] = 7;
    CHECK(crafted_refused(sim, "its type is not one of the scenario's"));
    ag->type[a] = 0;
    uint32_t site = ag->site[b];
    ag->site[b] = ag->site[a];
    CHECK(crafted_refused(sim, "its site already holds another agent"));
    ag->site[b] = (uint32_t)sim->lat.n_sites;
    CHECK(crafted_refused(sim, "its site lies outside the lattice"));
    ag->site[b] = site;
    ag->birth_step[b] = (int64_t)sim->step + 1;
    CHECK(crafted_refused(sim, "its birth step lies outside [0, step]"));
    ag->birth_step[b] = 0;
    ag->parent[b] = ag->next_id;
    CHECK(crafted_refused(sim, "its parent id is not below the next id"));
    ag->parent[b] = 0;
    CHECK(reads_back(sim, 5));

    double death = sim->type_step[1].rate[CT_BEHAVIOUR_DEATH];
    sim->type_step[1].rate[CT_BEHAVIOUR_DEATH] = NAN;
    CHECK(crafted_refused(sim, "section \"RATE\": type \"n\": death rate nan: expected a finite "
                               "number >= 0 per minute"));
    sim->type_step[1].rate[CT_BEHAVIOUR_DEATH] = -0.5;
    CHECK(crafted_refused(sim, "type \"n\": death rate -0.5"));
    sim->type_step[1].rate[CT_BEHAVIOUR_DEATH] = 1e308;
    sim->type_step[1].rate[CT_BEHAVIOUR_MOTILITY] = 1e308;
    CHECK(crafted_refused(sim, "type \"n\": motility 1e+308 + proliferation 0 + death 1e+308"));
    sim->type_step[1].rate[CT_BEHAVIOUR_MOTILITY] = 0;
    sim->type_step[1].rate[CT_BEHAVIOUR_DEATH] = death;

    sim->step = (uint64_t)sc->steps + 1;
    CHECK(crafted_refused(sim, "step beyond the scenario's steps"));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(checkpoint_refuses_field_values_that_are_not_finite)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":10,\"fields\":{\"il2\":"
        "{\"diffusion\":1}},\"cell_types\":{\"t\":{}}}");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    sim->fields.value[0][42] = NAN;
    CHECK(crafted_refused(sim, "section \"FLDS\": field \"il2\" holds nan (value) and 0 (source) "
                               "at site 42: expected finite numbers"));
    sim->fields.value[0][42] = 0;
    sim->fields.source[0][7] = -INFINITY;
    CHECK(crafted_refused(sim, "holds 0 (value) and -inf (source) at site 7"));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
