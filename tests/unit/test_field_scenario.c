/* Scenario errors for the field and signal keys: each names file, JSON path and expectation. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "sim_helpers.h"

#define HEAD "{\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":1,"
#define FIELD "\"fields\":{\"c\":{\"diffusion\":10}},"

TEST(field_scenario_errors_name_path_and_expectation)
{
    CHECK(th_scenario_says(HEAD "\"fields\":{\"c\":{\"diffusion\":1,\"solver\":\"adi\"}},\"cell_types\":{\"a\":{}}}",
               "test.json: /fields/c/solver: expected one of \"explicit\", \"implicit\", \"auto\""));
    CHECK(th_scenario_says(HEAD "\"fields\":{\"c\":{\"diffusion\":1,\"sources\":[{\"shape\":\"rect\","
               "\"min\":[0,0],\"max\":[50,50]}]}},\"cell_types\":{\"a\":{}}}",
               "/fields/c/sources/0/rate: required"));
    CHECK(th_scenario_says(HEAD "\"fields\":{\"c\":{\"diffusion\":1,\"initial_region\":{\"shape\":\"disc\","
               "\"centre\":[5,5],\"radius\":20,\"value\":1,\"vlaue\":2}}},\"cell_types\":{\"a\":{}}}",
               "/fields/c/initial_region/vlaue: unknown key (did you mean \"value\"?)"));
    CHECK(th_scenario_says(HEAD "\"fields\":{\"c\":{\"diffusion\":1,\"sources\":[{\"shape\":\"list\","
               "\"positions\":[[500,5]],\"rate\":1}]}},\"cell_types\":{\"a\":{}}}",
               "/fields/c/sources/0/positions/0: position (500, 5, 0) um lies outside the domain"));
    CHECK(th_scenario_says("{\"domain\":{\"size\":[20,2],\"boundary\":\"closed\"},\"dt\":1,\"steps\":1,\"fields\":{\"c\":{\"diffusion\":1,"
               "\"boundary\":\"periodic\"}},\"cell_types\":{\"a\":{}}}",
               "test.json: /fields/c/boundary: periodic needs at least 3 sites along every axis; "
               "axis 1 has 2"));
}

TEST(signal_scenario_errors_name_path_and_expectation)
{
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"secretion\":{\"cc\":1}}}}",
               "/cell_types/a/secretion/cc: unknown field \"cc\""));
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"uptake\":{\"c\":-1}}}}",
               "/cell_types/a/uptake/c: expected a number in [0, 1e+12], got -1"));
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"chemotaxis\":{\"field\":\"c\"}}}}",
               "/cell_types/a/chemotaxis/sensitivity: required"));
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"rules\":[{\"behaviour\":\"growth\","
               "\"signal\":\"field:c\",\"max\":1,\"half\":1}]}}}",
               "/cell_types/a/rules/0/behaviour: expected motility, proliferation, death, "
               "transition, secretion:FIELD or contact:NAME, got \"growth\""));
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"rules\":[{\"behaviour\":\"death\","
               "\"signal\":\"neighbors:a\",\"max\":1,\"half\":1}]}}}",
               "/cell_types/a/rules/0/signal: expected \"field:NAME\", \"neighbours:TYPE\""));
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"rules\":[{\"behaviour\":\"death\","
               "\"signal\":\"field:c\",\"max\":1,\"half\":0}]}}}",
               "/cell_types/a/rules/0/half: expected a number in [1e-30, 1e+30], got 0"));
    CHECK(th_scenario_says(HEAD FIELD "\"cell_types\":{\"a\":{\"rules\":[{\"behaviour\":\"contact:bite\","
               "\"signal\":\"field:c\",\"max\":1,\"half\":1}]}}}",
               "cell type \"a\" has no contact action called \"bite\""));
}

TEST(contact_and_state_scenario_errors)
{
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"contact\":[{\"action\":\"kill\",\"target\":\"a\","
               "\"probability\":0.5,\"rate\":1}]}}}",
               "/cell_types/a/contact/0: give either \"probability\" (per step) or \"rate\""));
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"contact\":[{\"action\":\"kill\",\"target\":\"b\","
               "\"probability\":0.5}]}}}",
               "/cell_types/a/contact/0/target: unknown cell type \"b\""));
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"contact\":[{\"action\":\"activate\",\"target\":"
               "\"b\",\"to\":\"on\",\"probability\":1}]},\"b\":{\"states\":[\"off\"]}}}",
               "/cell_types/a/contact/0/to: cell type \"b\" has no state \"on\""));
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"contact\":[{\"action\":\"kill\",\"target\":\"a\","
               "\"probability\":2}]}}}",
               "/cell_types/a/contact/0/probability: expected a number in [0, 1], got 2"));
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"initial_state\":\"x\"}}}",
               "/cell_types/a/initial_state: needs \"states\""));
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"states\":[\"x\",\"x\"]}}}",
               "/cell_types/a/states: state defined twice"));
    CHECK(th_scenario_says(HEAD "\"cell_types\":{\"a\":{\"states\":[\"x:y\"]}}}",
               "/cell_types/a/states: a state name needs 1 to 63 bytes of UTF-8 and no , : or quotes"));
}
