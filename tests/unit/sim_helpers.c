/* Helpers for simulation tests. */
#include "sim_helpers.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_rng.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"

ct_scenario *th_scenario(const char *json)
{
    ct_scenario *sc;
    ct_error err = {0};
    if (ct_scenario_parse(json, "test.json", NULL, 0, &sc, &err)) {
        printf("    scenario error: %s\n", err.msg);
        return NULL;
    }
    return sc;
}

const char *th_scenario_error(const char *json)
{
    static ct_error err;
    ct_scenario *sc;
    ct_error_clear(&err);
    if (ct_scenario_parse(json, "test.json", NULL, 0, &sc, &err) == CT_OK) {
        ct_sim *sim;
        int rc = ct_sim_create(sc, &sim, &err);
        ct_sim_free(sim);
        ct_scenario_free(sc);
        if (rc == CT_OK)
            return "(no error)";
    }
    return err.msg;
}

int th_says(const char *msg, const char *want)
{
    if (strstr(msg, want))
        return 1;
    printf("    message \"%s\" lacks \"%s\"\n", msg, want);
    return 0;
}

int th_scenario_says(const char *json, const char *want)
{
    return th_says(th_scenario_error(json), want);
}

ct_sim *th_sim(const ct_scenario *sc)
{
    ct_sim *sim;
    ct_error err = {0};
    if (!sc)
        return NULL;
    if (ct_sim_create(sc, &sim, &err)) {
        printf("    sim error: %s\n", err.msg);
        return NULL;
    }
    return sim;
}

static int consistent(const ct_sim *sim)
{
    size_t live = 0, occupied = 0;
    for (size_t i = 0; i < sim->ag.n; i++) {
        if (sim->ag.type[i] == CT_DEAD_TYPE)
            continue;
        live++;
        if (sim->ag.site[i] >= sim->lat.n_sites || sim->lat.slot[sim->ag.site[i]] != i)
            return 0;
    }
    for (size_t s = 0; s < sim->lat.n_sites; s++)
        occupied += sim->lat.slot[s] != CT_EMPTY;
    return live == occupied && live == ct_sim_live_cells(sim) && live <= sim->lat.n_sites;
}

int th_run_checked(ct_sim *sim, long steps)
{
    for (long k = 0; k < steps; k++) {
        if (ct_sim_step(sim)) {
            printf("    step error: %s\n", sim->err.msg);
            return -1;
        }
        if (!consistent(sim)) {
            printf("    lattice and agents disagree after step %llu\n",
                   (unsigned long long)sim->step);
            return -1;
        }
    }
    return 0;
}

uint64_t th_state_digest(const ct_sim *sim)
{
    uint64_t h = 0;
    for (size_t i = 0; i < sim->ag.n; i++) {
        if (sim->ag.type[i] == CT_DEAD_TYPE)
            continue;
        uint64_t x = ct_mix64(sim->ag.id[i]) ^ ct_mix64((uint64_t)sim->ag.site[i] << 16 |
                                                        (uint64_t)sim->ag.type[i] << 8 |
                                                        sim->ag.state[i]);
        h += ct_mix64(x); /* a sum: independent of memory order */
    }
    return h;
}

static uint64_t fields_digest(const ct_sim *sim)
{
    uint64_t h = 0;
    for (int k = 0; k < sim->fields.n; k++)
        for (size_t s = 0; s < sim->lat.n_sites; s++) {
            uint32_t bits;
            memcpy(&bits, &sim->fields.value[k][s], sizeof bits);
            h = (h ^ bits) * 1099511628211ULL;
        }
    return h;
}

uint64_t th_trajectory(ct_sim *sim, long steps)
{
    uint64_t h = 0;
    for (long k = 0; sim && k < steps; k++) {
        if (ct_sim_step(sim)) {
            printf("    step %ld failed: %s\n", k, sim->err.msg);
            return 0;
        }
        h = h * 1099511628211ULL ^ th_state_digest(sim) ^ fields_digest(sim);
    }
    return sim ? h : 0;
}

uint64_t th_json_trajectory(const char *json, int threads, long steps)
{
    omp_set_num_threads(threads);
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = th_sim(sc);
    uint64_t h = th_trajectory(sim, steps);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return h;
}

uint64_t th_count(const ct_sim *sim, int type)
{
    uint64_t counts[CT_MAX_TYPES];
    ct_sim_count_types(sim, counts);
    return counts[type];
}

uint64_t th_count_in_state(const ct_sim *sim, int type, int state)
{
    uint64_t counts[CT_MAX_TYPES * CT_MAX_STATES];
    ct_sim_count_type_states(sim, counts);
    return counts[(size_t)type * CT_MAX_STATES + (size_t)state];
}

const char *th_plugin(const char *rel)
{
    static char buf[4][1024];
    static int next;
    const char *build = getenv("CT_BUILD");
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", build && *build ? build : "build", rel);
    return p;
}

int th_checkpoint_copy(const ct_sim *sim, const char *name, ct_checkpoint *ck)
{
    static const char counts[] = "step,time\n";
    ct_checkpoint_run run = {counts, strlen(counts), 5};
    char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_test_tmpdir(), name);
    ct_error err;
    if (ct_checkpoint_write(sim, &run, path, &err) == CT_OK &&
        ct_checkpoint_read(path, ck, &err) == CT_OK)
        return 0;
    printf("    %s\n", err.msg);
    return -1;
}

int th_checkpoint_continues_identically(ct_sim *sim, const char *name, long steps)
{
    ct_checkpoint ck;
    if (th_checkpoint_copy(sim, name, &ck))
        return 0;
    int same = th_run_checked(sim, steps) == 0 && th_run_checked(ck.sim, steps) == 0 &&
               th_state_digest(sim) == th_state_digest(ck.sim) && sim->ag.n == ck.sim->ag.n &&
               sim->ag.n_attr == ck.sim->ag.n_attr;
    for (int k = 0; same && k < sim->ag.n_attr; k++)
        same = memcmp(sim->ag.attr[k], ck.sim->ag.attr[k], sim->ag.n * sizeof(double)) == 0;
    ct_checkpoint_free(&ck);
    return same;
}
