/* Scenario validation: every bad input gets one message naming file, JSON path and expectation. */
#include <math.h>
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

TEST(scenario_notes_are_free_text_for_people)
{
    ct_scenario *sc = th_scenario("{" BASE_DOMAIN "\"notes\":[\"mechanics: not mapped\", \"\"],"
                                  "\"cell_types\":{\"a\":{}}}");
    CHECK(sc != NULL);
    ct_scenario_free(sc);
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"notes\":\"one line\",\"cell_types\":{\"a\":{}}}",
               "test.json: /notes: expected an array of strings"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"notes\":[\"a\",{\"rate\":1}],\"cell_types\":{\"a\":{}}}",
               "test.json: /notes: expected an array of strings"));
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
               "/initial/0/file: ./no_such_file.csv: cannot open"));
}

TEST(scenario_invalid_json_gives_line_and_column)
{
    CHECK(th_scenario_says("{\n  \"dt\": 1,\n  \"steps\": ,\n}", "test.json:3:"));
    CHECK(th_scenario_says("[1,2]", "test.json: /: expected an object"));
}

/* cJSON cuts a string at \u0000, so "a\u0000b" used to become the type "a" silently; bytes that are
   not UTF-8 went into run.json and made it undecodable. */
TEST(scenario_names_with_nul_or_bad_utf8_are_refused_with_line_and_column)
{
    CHECK(th_scenario_says("{" BASE_DOMAIN "\n\"cell_types\":{\"a\\u0000b\":{}}}",
                           "test.json:2:17: \\u0000 (a NUL character) is not allowed in a string"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{\"states\":[\"x\\u0000\"]}}}",
                           "\\u0000 (a NUL character) is not allowed"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"caf\xe9\":{}}}",
                           "test.json:1:64: not UTF-8 text"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"fields\":{\"o\xc0\xb2\":{}},\"cell_types\":{\"a\":{}}}",
                           "not UTF-8 text"));
    /* an escaped backslash before u0000 is text, not a NUL; a real é is fine */
    ct_scenario *sc = th_scenario("{" BASE_DOMAIN "\"name\":\"a\\\\u0000\",\"cell_types\":"
                                  "{\"caf\xc3\xa9\":{}}}");
    CHECK(sc && !strcmp(sc->types[0].name, "caf\xc3\xa9"));
    ct_scenario_free(sc);

    const char *json = "{" BASE_DOMAIN "\"cell_types\":{\"a\":{}}}";
    ct_error err = {0};
    const char *nul[] = {"parameters.x=\"a\\u0000b\""};
    CHECK(ct_scenario_parse(json, "t.json", nul, 1, &sc, &err) != CT_OK &&
          th_says(err.msg, "--set parameters.x:1:16: \\u0000 (a NUL character)"));
    const char *latin1[] = {"parameters.caf\xe9=1"};
    CHECK(ct_scenario_parse(json, "t.json", latin1, 1, &sc, &err) != CT_OK &&
          th_says(err.msg, "--set parameters.caf"));
    CHECK(th_says(err.msg, ":1:15: not UTF-8 text"));
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

/* The error of parsing json with the one override set ("" when it parses). */
static const char *set_error(const char *json, const char *set)
{
    static ct_error err;
    const char *sets[] = {set};
    ct_scenario *sc = NULL;
    memset(&err, 0, sizeof err);
    ct_scenario_parse(json, "t.json", sets, 1, &sc, &err);
    ct_scenario_free(sc);
    return err.msg;
}

/* An index is decimal digits below the array's length: 2^32 once wrapped to 0 (size[0]). */
TEST(scenario_set_array_indices_are_parsed_strictly)
{
    const char *json = "{" BASE_DOMAIN "\"cell_types\":{\"a\":{}}}";
    const char *indices[] = {"4294967296", "18446744073709551616", "-1", "01", "1x", " 1", "+1",
                             "2"};
    for (size_t i = 0; i < sizeof indices / sizeof *indices; i++) {
        char set[64];
        snprintf(set, sizeof set, "domain.size.%s=7", indices[i]);
        CHECK(strstr(set_error(json, set), "is not an index of the array (expected 0 to 1)"));
    }
}

TEST(scenario_duplicate_keys_are_refused_with_their_path)
{
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"steps\":3}",
                           "test.json: /steps: duplicate key"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{\"death\":{\"rate\":1,"
                           "\"rate\":0}}}}",
                           "test.json: /cell_types/a/death/rate: duplicate key"));
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"initial\":[{},{\"type\":"
                           "\"a\",\"type\":\"a\"}]}",
                           "test.json: /initial/1/type: duplicate key"));
    const char *json = "{" BASE_DOMAIN "\"cell_types\":{\"a\":{}}}";
    CHECK(strstr(set_error(json, "cell_types.b={\"death\":{\"rate\":1},\"death\":{\"rate\":2}}"),
                 "--set cell_types.b: /death: duplicate key"));
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

/* Writes text as the CSV of a one-placement scenario and returns that scenario's JSON. */
static const char *csv_scenario(const char *text)
{
    static char json[1024];
    char csv[512];
    snprintf(csv, sizeof csv, "%s/rows.csv", ct_test_tmpdir());
    FILE *fp = fopen(csv, "wb");
    fputs(text, fp);
    fclose(fp);
    snprintf(json, sizeof json,
             "{" BASE_DOMAIN "\"cell_types\":{\"a\":{},\"b\":{}},\"initial\":[{\"shape\":\"csv\","
             "\"file\":\"%s\"}]}",
             csv);
    return json;
}

/* Cells placed from a CSV text, or -1 when it is refused. */
static long csv_cells(const char *text)
{
    ct_scenario *sc = th_scenario(csv_scenario(text));
    ct_sim *sim = th_sim(sc);
    long n = sim ? (long)ct_sim_live_cells(sim) : -1;
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return n;
}

/* A header is known by its names, never by a first row that fails to parse (that cell was lost). */
TEST(scenario_csv_rows_parse_or_are_refused_by_line)
{
    CHECK(csv_cells("5,5,a\n15,5,b\n") == 2);
    CHECK(csv_cells("\xEF\xBB\xBF" "5,5,a\n15,5,b\n") == 2);
    CHECK(csv_cells("\xEF\xBB\xBF" "x,y,type\n5,5,a\n") == 1);
    CHECK(csv_cells("X, Y, Type\r\n5,5,a\r\n") == 1);
    CHECK(csv_cells("\n\nx,y,type\n5,5,a\n") == 1);
    CHECK(th_scenario_says(csv_scenario("5,5,a,\n15,5,b\n"),
                           "rows.csv:1: expected the 3 columns x,y,type, got 4 (a trailing comma?)"));
    CHECK(th_scenario_says(csv_scenario("nan,5,a\n"),
                           "rows.csv:1: column 1 (x): expected a finite number in um, got \"nan\""));
    CHECK(th_scenario_says(csv_scenario("x,y,type\n5,inf,a\n"),
                           "rows.csv:2: column 2 (y): expected a finite number in um, got \"inf\""));
    CHECK(th_scenario_says(csv_scenario("5,5\n"), "rows.csv:1: expected the 3 columns x,y,type, got 2"));
    CHECK(th_scenario_says(csv_scenario("5,5,a\nx,y,type\n"),
                           "rows.csv:2: column 1 (x): expected a finite number in um, got \"x\""));
    CHECK(th_scenario_says(csv_scenario("5m,5,a\n"), "got \"5m\""));
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
               "needs 11.4 MiB for its grids alone (12 bytes per site), more than the "
               "CELLTWIN_MAX_MEMORY_MB limit of 1.0 MiB"));
    unsetenv("CELLTWIN_MAX_MEMORY_MB");
}

/* The agent store counts against CELLTWIN_MAX_MEMORY_MB too, at every growth: filling a 1000 x
   1000 lattice (12 MB of grids, 1e6 cells of 54 bytes) does not fit in 30 MB, and the refusal
   comes before the store grows past the limit. */
TEST(scenario_agents_count_against_the_memory_limit)
{
    const char *fill = "{\"domain\":{\"size\":[1000,1000]},\"dt\":1,\"steps\":1,\"cell_types\":"
                       "{\"a\":{}},\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],"
                       "\"max\":[10000,10000],\"fill\":true}]}";
    setenv("CELLTWIN_MAX_MEMORY_MB", "30", 1);
    CHECK(th_scenario_says(fill, "test.json: room for "));
    CHECK(th_scenario_says(fill, " cells needs "));
    CHECK(th_scenario_says(fill, "for the agent store (54 bytes per cell, step memory included) "
                                 "besides 11.4 MiB for the grids, more than the "
                                 "CELLTWIN_MAX_MEMORY_MB limit of 30.0 MiB"));
    setenv("CELLTWIN_MAX_MEMORY_MB", "120", 1);
    ct_scenario *sc = th_scenario(fill);
    ct_sim *sim = th_sim(sc);
    CHECK(sim != NULL && ct_sim_live_cells(sim) == 1000000);
    unsetenv("CELLTWIN_MAX_MEMORY_MB");
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Rates whose sum overflows made the step's cut points NaN: every entry point refuses them. */
TEST(scenario_rates_whose_sum_overflows_are_refused)
{
    CHECK(th_scenario_says("{" BASE_DOMAIN "\"cell_types\":{\"a\":{\"motility\":{\"rate\":1e308},"
               "\"proliferation\":{\"rate\":1e308}}}}",
               "test.json: /cell_types/a: motility 1e+308 + proliferation 1e+308 + death 0 + "
               "transition 0 per minute: the sum of a type's rates times dt (1 min) must be "
               "finite, so at most 1.79769e+308 per minute"));
    const char *json = "{\"domain\":{\"size\":[20,20]},\"dt\":10,\"steps\":10,\"cell_types\":"
                       "{\"a\":{\"death\":{\"rate\":1e308}}}}";
    CHECK(th_scenario_says(json, "test.json: /cell_types/a: motility 0 + proliferation 0 + "
                                 "death 1e+308"));
    double rate[4] = {0, 0, NAN, 0};
    ct_error err;
    CHECK(ct_scenario_check_rates(rate, 1, "here", &err) == CT_ERANGE &&
          th_says(err.msg, "here: death rate nan: expected a finite number >= 0 per minute"));
    rate[2] = -1;
    CHECK(ct_scenario_check_rates(rate, 1, "here", &err) == CT_ERANGE &&
          th_says(err.msg, "here: death rate -1: expected"));
    rate[2] = 1e300;
    CHECK(ct_scenario_check_rates(rate, 1, "here", &err) == CT_OK);
}

/* Even with cut points that are not numbers (rates no entry point accepts), the step never gives
   an agent the type of the dead while it holds its site. */
TEST(scenario_step_with_nan_cut_points_leaves_no_ghost_agents)
{
    ct_scenario *sc = th_scenario("{" BASE_DOMAIN "\"cell_types\":{\"a\":{}},\"initial\":[{"
                                  "\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],"
                                  "\"max\":[100,100],\"count\":20}]}");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    double rate[4] = {HUGE_VAL, HUGE_VAL, 0, 0};
    ct_sim_event_probs(rate, -1, sim->dt, &sim->type_step[0]);
    CHECK(th_run_checked(sim, 3) == 0);
    CHECK(th_count(sim, 0) == 20);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
