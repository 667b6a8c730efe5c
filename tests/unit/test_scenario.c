/* Scenario validation: every bad input gets one message naming file, JSON path and expectation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_json.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"
#include "harness.h"
#include "sim_helpers.h"

#define BASE_DOMAIN "\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":10,"

TEST(scenario_wrong_type_names_file_path_and_expectation)
{
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"tumour\":{\"proliferation\":{\"rate\":\"fast\"}}}}",
               "test.json: /cell_types/tumour/proliferation/rate: expected a number >= 0, got "
               "\"fast\""));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{\"death\":{\"rate\":-1}}}}",
               "/cell_types/a/death/rate: expected a number >= 0, got -1"));
    CHECK(th_scenario_says("{\"domain\":{\"size\":[20]},\"dt\":1,\"steps\":1,\"cell_types\":{\"a\":{}}}",
               "/domain/size: expected an array of 2 to 3 numbers"));
    CHECK(th_scenario_says("{\"domain\":{\"size\":[20,20]},\"steps\":1,\"cell_types\":{\"a\":{}}}",
               "test.json: /dt: required: expected a number"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"output\":{\"interval\":0}}",
               "/output/interval: expected an integer in [1, 1e+12], got 0"));
    CHECK(th_scenario_says("{\"domain\":{\"size\":[20,20],\"boundary\":\"wrap\"},\"dt\":1,\"steps\":1,"
               "\"cell_types\":{\"a\":{}}}",
               "/domain/boundary: expected one of \"periodic\", \"closed\", got \"wrap\""));
}

TEST(scenario_unknown_keys_suggest_the_closest)
{
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{\"proliferaton\":{\"rate\":1}}}}",
               "/cell_types/a/proliferaton: unknown key (did you mean \"proliferation\"?)"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"sede\":3,\"cell_types\":{\"a\":{}}}",
               "/sede: unknown key (did you mean \"seed\"?)"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"zzzzzz\":3,\"cell_types\":{\"a\":{}}}", "/zzzzzz: unknown key"));
}

TEST(scenario_references_and_placement_errors)
{
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{\"transition\":{\"rate\":1,\"to\":\"b\"}}}}",
               "/cell_types/a/transition/to: unknown cell type \"b\""));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"initial\":[{\"shape\":\"rect\","
               "\"type\":\"a\",\"min\":[0,0],\"max\":[50,50],\"count\":100}]}",
               "test.json: /initial/0/count: 100 cells asked for, but the region has only 25 "
               "free sites"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"initial\":[{\"shape\":\"list\","
               "\"type\":\"a\",\"positions\":[[1,1],[2,2]]}]}",
               "/initial/0/positions/1: position (2, 2, 0) um falls on a site that already holds"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"initial\":[{\"shape\":\"list\","
               "\"type\":\"a\",\"positions\":[[1,1e6]]}]}",
               "lies outside the domain"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"initial\":[{\"shape\":\"csv\","
               "\"file\":\"no_such_file.csv\"}]}",
               "/initial/0/file: cannot open ./no_such_file.csv"));
}

TEST(scenario_invalid_json_gives_line_and_column)
{
    CHECK(th_scenario_says("{\n  \"dt\": 1,\n  \"steps\": ,\n}", "test.json:3:"));
    CHECK(th_scenario_says("[1,2]", "test.json: /: expected an object"));
}

TEST(scenario_defaults_are_written_into_the_resolved_tree)
{
    ct_scenario *sc = th_scenario("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}}}");
    CHECK(sc != NULL);
    if (!sc)
        return;
    cJSON *dom = cJSON_GetObjectItem(sc->json, "domain");
    CHECK(cJSON_GetObjectItem(dom, "dx") && cJSON_GetObjectItem(dom, "dx")->valuedouble == 10);
    CHECK(cJSON_GetObjectItem(sc->json, "seed") != NULL);
    CHECK(sc->types[0].transition_to == -1);
    ct_scenario_free(sc);
}

TEST(scenario_set_overrides_by_dotted_path)
{
    const char *json = "{" BASE_DOMAIN "\"cell_types\":{\"tumour\":{\"proliferation\":{\"rate\":1}}}}";
    const char *sets[] = {"cell_types.tumour.proliferation.rate=0.002", "domain.size.1=33",
                          "name=from set", "cell_types.tumour.death.rate=0.5"};
    ct_scenario *sc;
    ct_error err = {0};
    CHECK(ct_scenario_parse(json, "t.json", sets, 4, &sc, &err) == CT_OK);
    if (err.code)
        printf("    %s\n", err.msg);
    CHECK(sc && sc->types[0].proliferation_rate == 0.002);
    CHECK(sc && sc->size[1] == 33);
    CHECK(sc && !strcmp(sc->name, "from set"));
    CHECK(sc && sc->types[0].death_rate == 0.5);
    ct_scenario_free(sc);

    const char *bad[] = {"domain.size.7=3"};
    CHECK(ct_scenario_parse(json, "t.json", bad, 1, &sc, &err) != CT_OK);
    CHECK(strstr(err.msg, "not an index") != NULL);
    const char *typo[] = {"cell_types.tumour.proliferation.rat=3"};
    CHECK(ct_scenario_parse(json, "t.json", typo, 1, &sc, &err) != CT_OK);
    CHECK(strstr(err.msg, "did you mean \"rate\"") != NULL);
}

TEST(scenario_csv_placement)
{
    char csv[512], json[1024];
    snprintf(csv, sizeof csv, "%s/cells.csv", ct_test_tmpdir());
    FILE *fp = fopen(csv, "w");
    fputs("x,y,type\n5,5,a\n15, 5, b\n\n25,5,a\n", fp);
    fclose(fp);
    snprintf(json, sizeof json,
             "{" BASE_DOMAIN "\"cell_types\":{\"a\":{},\"b\":{}},\"initial\":[{\"shape\":\"csv\","
             "\"file\":\"%s\"}]}",
             csv);
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = th_sim(sc);
    CHECK(sim && th_count(sim, 0) == 2 && th_count(sim, 1) == 1);
    ct_sim_free(sim);
    ct_scenario_free(sc);

    fp = fopen(csv, "w");
    fputs("5,5,a\n15,5,c\n", fp);
    fclose(fp);
    char want[600];
    snprintf(want, sizeof want, "%s:2: unknown cell type \"c\"", csv);
    CHECK(th_scenario_says(json, want));
}

TEST(scenario_edit_distance)
{
    CHECK(ct_edit_distance("kitten", "sitting") == 3);
    CHECK(ct_edit_distance("", "abc") == 3);
    CHECK(ct_edit_distance("rate", "rate") == 0);
}

TEST(scenario_too_big_for_the_machine_is_refused_before_allocating)
{
    CHECK(th_scenario_says("{\"domain\":{\"size\":[60000,60000]},\"dt\":1,\"steps\":1,"
               "\"fields\":{\"a\":{\"diffusion\":1},\"b\":{\"diffusion\":1}},\"cell_types\":{\"a\":{}}}",
               "test.json: a lattice of 3600000000 sites with 2 fields needs 93.9 GiB for its "
               "grids alone (28 bytes per site), more than this machine's"));
    setenv("CELLTWIN_MAX_MEMORY_MB", "1", 1);
    CHECK(th_scenario_says("{\"domain\":{\"size\":[1000,1000]},\"dt\":1,\"steps\":1,\"cell_types\":{\"a\":{}}}",
               "needs 0.0 GiB for its grids alone (12 bytes per site), more than the "
               "CELLTWIN_MAX_MEMORY_MB limit of 0.0 GiB"));
    unsetenv("CELLTWIN_MAX_MEMORY_MB");
}
