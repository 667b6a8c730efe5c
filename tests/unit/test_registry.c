/* The behaviour registry: name clashes, rollback by owner, decide kernels and step-end hooks. */
#include <string.h>

#include "ct_intent.h"
#include "ct_registry.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "harness.h"
#include "sim_helpers.h"

static int kill_type_b(void *user, ct_sim *sim, size_t begin, size_t end)
{
    (void)user;
    for (size_t i = begin; i < end; i++)
        if (sim->ag.type[i] == 1)
            ct_intent_die(sim, i);
    return CT_OK;
}

/* Moves every cell to its east neighbour when that is free; counts calls (not thread safe). */
static int push_east(void *user, ct_sim *sim, size_t begin, size_t end)
{
    (*(int *)user)++;
    for (size_t i = begin; i < end; i++) {
        uint32_t east = sim->ag.site[i] + 1;
        if (sim->ag.type[i] != CT_DEAD_TYPE && east % sim->lat.size[0] != 0) {
            ct_intent_move(sim, i, east);
            ct_intent_set_state(sim, i, 2);
        }
    }
    return CT_OK;
}

static int stop_at_5(void *user, ct_sim *sim)
{
    (void)user;
    sim->stop_requested = sim->step >= 5;
    return CT_OK;
}

static const char *two_types =
    "{\"domain\":{\"size\":[50,50]},\"dt\":1,\"steps\":0,\"seed\":1,"
    "\"cell_types\":{\"a\":{},\"b\":{}},\"initial\":[{\"shape\":\"rect\",\"type\":\"a\","
    "\"min\":[0,0],\"max\":[200,500],\"fill\":true},{\"shape\":\"rect\",\"type\":\"b\","
    "\"min\":[300,0],\"max\":[500,500],\"fill\":true}]}";

TEST(registry_refuses_name_clash_and_removes_by_owner)
{
    ct_registry r = {0};
    ct_error err = {0};
    ct_behaviour b = {.name = "killer", .owner = "plugin:a.so", .phases = CT_PHASE_DECIDE,
                      .decide = kill_type_b};
    CHECK(ct_registry_add(&r, &b, &err) == CT_OK);
    snprintf(b.owner, sizeof b.owner, "plugin:b.so");
    CHECK(ct_registry_add(&r, &b, &err) == CT_EINVAL);
    CHECK(strstr(err.msg, "plugin:b.so: behaviour \"killer\" is already registered by plugin:a.so"));
    ct_behaviour no_fn = {.name = "x", .owner = "o", .phases = CT_PHASE_STEP_END};
    CHECK(ct_registry_add(&r, &no_fn, &err) == CT_EINVAL);
    ct_registry_remove_owner(&r, "plugin:a.so");
    CHECK(r.n == 0);
    ct_registry_free(&r);
}

TEST(registry_decide_kernel_overrides_builtin_intents)
{
    ct_scenario *sc = th_scenario(two_types);
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    uint64_t a0 = th_count(sim, 0);
    ct_behaviour b = {.name = "killer", .owner = "test", .phases = CT_PHASE_DECIDE,
                      .thread_safe = 1, .decide = kill_type_b};
    CHECK(ct_registry_add(&sim->registry, &b, NULL) == CT_OK);
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(th_count(sim, 1) == 0);
    CHECK(th_count(sim, 0) == a0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(registry_serial_kernel_moves_and_sets_state)
{
    ct_scenario *sc = th_scenario(two_types);
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    int calls = 0;
    ct_behaviour b = {.name = "east", .owner = "test", .phases = CT_PHASE_DECIDE,
                      .decide = push_east, .user = &calls};
    CHECK(ct_registry_add(&sim->registry, &b, NULL) == CT_OK);
    CHECK(th_run_checked(sim, 1) == 0);
    CHECK(calls >= 1);
    /* column x = 20 was free: the cells of column 19 moved into it and took state 2 */
    uint32_t moved = sim->lat.slot[20];
    CHECK(moved != CT_EMPTY && sim->ag.state[moved] == 2);
    CHECK(sim->lat.slot[19] == CT_EMPTY);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(registry_step_end_hook_stops_the_run)
{
    ct_scenario *sc = th_scenario(two_types);
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    ct_behaviour b = {.name = "stop", .owner = "test", .phases = CT_PHASE_STEP_END,
                      .step_end = stop_at_5};
    CHECK(ct_registry_add(&sim->registry, &b, NULL) == CT_OK);
    while (!sim->stop_requested && sim->step < 100)
        CHECK(ct_sim_step(sim) == CT_OK);
    CHECK(sim->step == 5);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
