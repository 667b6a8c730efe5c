/* Same seed, same result: on repeated runs, and on 1 and 2 threads, in 2D and 3D. */
#include <omp.h>
#include <stdio.h>

#include "harness.h"
#include "sim_helpers.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"

static const char *const scenarios[] = {
    "{\"domain\":{\"size\":[300,200],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
    "\"seed\":21,\"cell_types\":{\"t\":{\"motility\":{\"rate\":0.3},\"proliferation\":"
    "{\"rate\":0.05},\"death\":{\"rate\":0.01},\"transition\":{\"rate\":0.01,\"to\":\"n\"}},"
    "\"n\":{\"death\":{\"rate\":0.02}}},\"initial\":[{\"shape\":\"disc\",\"type\":\"t\","
    "\"centre\":[1500,1000],\"radius\":300,\"fill\":true},{\"shape\":\"rect\",\"type\":\"n\","
    "\"min\":[0,0],\"max\":[3000,2000],\"count\":3000}]}",
    "{\"domain\":{\"size\":[40,40,40],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":0,"
    "\"seed\":22,\"cell_types\":{\"t\":{\"motility\":{\"rate\":0.3},\"proliferation\":"
    "{\"rate\":0.05},\"death\":{\"rate\":0.01}}},\"initial\":[{\"shape\":\"disc\",\"type\":\"t\","
    "\"centre\":[200,200,200],\"radius\":80,\"fill\":true}]}"};

TEST(determinism_same_seed_same_trajectory_any_thread_count)
{
    int saved = omp_get_max_threads();
    for (int c = 0; c < 2; c++) {
        uint64_t one = th_json_trajectory(scenarios[c], 1, 150);
        uint64_t two = th_json_trajectory(scenarios[c], 2, 150);
        uint64_t again = th_json_trajectory(scenarios[c], 2, 150);
        uint64_t four = th_json_trajectory(scenarios[c], 4, 150);
        printf("    %dD: 1 thread %016llx, 2 threads %016llx, 4 threads %016llx\n", c + 2,
               (unsigned long long)one, (unsigned long long)two, (unsigned long long)four);
        CHECK(one != 0);
        CHECK(one == two);
        CHECK(two == again);
        CHECK(two == four);
    }
    omp_set_num_threads(saved);
}

TEST(determinism_different_seeds_differ)
{
    uint64_t a = th_json_trajectory(scenarios[0], 2, 20);
    ct_scenario *sc;
    ct_error err;
    const char *set[] = {"seed=23"};
    CHECK(ct_scenario_parse(scenarios[0], "t.json", set, 1, &sc, &err) == CT_OK);
    ct_sim *sim = th_sim(sc);
    uint64_t h = th_trajectory(sim, 20);
    CHECK(a != 0 && h != 0);
    CHECK(a != h);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
