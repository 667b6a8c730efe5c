/* Every allocation of loading, creating, stepping and writing a run can fail: failing the 1st,
 * 2nd, ... Nth allocation in turn must give a clear error each time, never a crash, and (under
 * make asan) never a leak. */
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_run.h"
#include "ct_scenario_load.h"
#include "harness.h"

static const char *scenario_json =
    "{\"domain\":{\"size\":[30,20]},\"dt\":1,\"steps\":6,\"seed\":4,"
    "\"output\":{\"interval\":2,\"snapshot_interval\":3,\"cells_every\":1},"
    "\"fields\":{\"il2\":{\"diffusion\":10},\"o2\":{\"diffusion\":1e4,\"boundary\":\"fixed\","
    "\"boundary_value\":1,\"solver\":\"spectral\"}},"
    "\"cell_types\":{\"a\":{\"motility\":{\"rate\":0.5},\"proliferation\":{\"rate\":0.3,"
    "\"push\":{\"radius\":2}},"
    "\"death\":{\"rate\":0.05},\"transition\":{\"rate\":0.05,\"to\":\"b\"}},\"b\":{}},"
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"a\",\"centre\":[150,100],\"radius\":40,"
    "\"fill\":true},{\"shape\":\"list\",\"type\":\"b\",\"positions\":[[5,5]]}]}";

/* Parses, creates and runs the scenario; returns the status. */
static int load_and_run(const char *dir, ct_error *err)
{
    ct_scenario *sc = NULL;
    const char *set[] = {"seed=5"};
    int rc = ct_scenario_parse(scenario_json, "faults.json", set, 1, &sc, err);
    if (!rc) {
        ct_run_options opt = {.out_dir = dir, .force = 1}; /* each attempt replaces the last */
        rc = ct_run(sc, &opt, err);
    }
    ct_scenario_free(sc);
    return rc;
}

TEST(alloc_faults_every_allocation_fails_cleanly)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/faults", ct_test_tmpdir());
    ct_error err = {0};
    ct_alloc_fail_after(0);
    CHECK(load_and_run(dir, &err) == CT_OK);
    unsigned long total = ct_alloc_fail_after(0);
    printf("    a clean run makes %lu allocations; failing each in turn\n", total);
    int unclear = 0, succeeded = 0;
    for (unsigned long n = 1; n <= total; n++) {
        ct_error_clear(&err);
        ct_alloc_fail_after(n);
        int rc = load_and_run(dir, &err);
        ct_alloc_fail_after(0);
        if (rc == CT_OK)
            succeeded++; /* the failed allocation was optional (e.g. a larger buffer) */
        else if (strlen(err.msg) < 10)
            unclear++, printf("    allocation %lu: status %d without a message\n", n, rc);
    }
    printf("    %d runs still succeeded, %d failures lacked a message\n", succeeded, unclear);
    CHECK(unclear == 0);
}
