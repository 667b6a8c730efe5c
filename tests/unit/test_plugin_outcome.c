/* The outcome of intents in the plugin view (ABI 1.2): a plugin that counts the divisions it asked
 * for, and the divisions that won, must find won = births = the growth of the population (no
 * deaths), and asked = won + lost. Reference: conservation of cells, counted by the lattice. */
#include <math.h>
#include <string.h>

#include "ct_sim_create.h"
#include "harness.h"
#include "sim_helpers.h"

static double column(const ct_sim *sim, const char *name)
{
    for (int c = 0; c < sim->columns.n; c++)
        if (!strcmp(sim->columns.items[c].name, name))
            return sim->columns.items[c].value(sim->columns.items[c].user, sim);
    return NAN;
}

/* 50 cells on 30x30 sites dividing with p = 0.5 per step fill the lattice within 15 steps, so
   many divisions lose their site (no free neighbour, or a conflict). type_json is the cell type:
   with pushing, a division with no free neighbour pushes after births and then reports DIVIDED
   (its daughter BORN) or LOST like any other. Returns the lost count. */
static double check_outcomes(const char *type_json)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[30,30]},\"dt\":1,\"steps\":0,\"seed\":11,"
             "\"cell_types\":{\"a\":%s},\"initial\":[{\"shape\":\"rect\",\"type\":\"a\","
             "\"min\":[0,0],\"max\":[300,300],\"count\":50}],"
             "\"plugins\":[{\"path\":\"%s\",\"parameters\":{\"p\":0.5}}]}",
             type_json, th_plugin("tests/plugins/outcomes.so"));
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (!CHECK(sim != NULL)) {
        ct_scenario_free(sc);
        return NAN;
    }
    for (int step = 1; step <= 15; step++) {
        CHECK(th_run_checked(sim, 1) == 0);
        double won = column(sim, "divisions_won"), born = column(sim, "births");
        double asked = column(sim, "divisions_asked"), lost = column(sim, "lost");
        CHECK(won == born && born == (double)th_count(sim, 0) - 50);
        CHECK(asked == won + lost);
        if (step == 15)
            printf("    %s, seed %llu, 15 steps: asked %.0f, won %.0f, born %.0f, lost %.0f, "
                   "cells %llu\n", type_json, (unsigned long long)sc->seed, asked, won, born,
                   lost, (unsigned long long)th_count(sim, 0));
    }
    double lost = column(sim, "lost");
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return lost;
}

TEST(plugin_counted_divisions_equal_births)
{
    CHECK(check_outcomes("{}") > 1000); /* the lattice is full: most asks lose */
}

/* Pushed divisions are outcomes too: none is left with the step's internal push intent. */
TEST(plugin_counted_divisions_equal_births_with_pushing)
{
    CHECK(check_outcomes("{\"proliferation\":{\"push\":{\"radius\":3}}}") >= 0);
}

/* A plugin built for ABI 1.0 still loads and runs beside the 1.2 additions. */
TEST(plugin_of_abi_1_0_still_loads_and_runs)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":0,\"seed\":3,"
             "\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.1}}},\"initial\":[{\"shape\":"
             "\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[200,200],\"count\":20}],"
             "\"plugins\":[{\"path\":\"%s\"}]}", th_plugin("tests/plugins/abi_1_0.so"));
    ct_scenario *sc = th_scenario(json);
    ct_sim *sim = sc ? th_sim(sc) : NULL;
    if (CHECK(sim != NULL)) {
        CHECK(th_run_checked(sim, 5) == 0);
        CHECK(column(sim, "live_1_0") == (double)th_count(sim, 0) && th_count(sim, 0) > 20);
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
