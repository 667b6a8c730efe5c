/* What slabs cannot split yet is refused by name, never run wrong: a push reaches further than
   the halo rows (a 2-rank run of scenarios/pushing_tumour.json gave other counts than one
   process before this refusal). A cell cycle's and an SBML model's per-cell state travel with
   the cells between ranks (ct_cell_record), so those run. */
#include <stdio.h>

#include "ct_decomp.h"
#include "ct_slab.h"
#include "harness.h"
#include "sim_helpers.h"

/* Whether a scenario whose type T has the key type_json is refused over 2 ranks, naming it. */
static int refused_over_ranks(const char *type_json, const char *want)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[20,40]},\"dt\":1,\"steps\":10,\"cell_types\":{\"T\":{%s}},"
             "\"initial\":[{\"shape\":\"list\",\"type\":\"T\",\"positions\":[[55,55]]}]}",
             type_json);
    ct_scenario *sc = th_scenario(json);
    ct_decomp d;
    ct_error err = {0};
    int refused = 0;
    if (sc && ct_decomp_plan(&d, sc->ndim, sc->size, 2, &err) == CT_OK) {
        refused = ct_slab_check(sc, &d, &err) == CT_EINVAL && th_says(err.msg, want) &&
                  th_says(err.msg, "without --ranks");
        ct_decomp_free(&d);
    }
    ct_scenario_free(sc);
    return refused;
}

TEST(slab_refuses_push_and_runs_cycle_and_intracellular)
{
    CHECK(refused_over_ranks("\"proliferation\":{\"rate\":0.01,\"push\":{\"radius\":8}}",
                             "pushing (cell type \"T\""));
    CHECK(refused_over_ranks("\"motility\":{\"rate\":0.1,\"push\":{\"radius\":2}}",
                             "pushing (cell type \"T\""));
    CHECK(!refused_over_ranks("\"cycle\":{\"model\":\"ki67\","
                              "\"stages\":{\"Ki67-\":1,\"Ki67+\":4},"
                              "\"durations\":{\"Ki67-\":275,\"Ki67+\":930}}",
                              "cell type"));
    CHECK(!refused_over_ranks("\"intracellular\":{\"sbml\":\"tests/data/sbml/a_to_b.xml\"}",
                              "cell type"));
    CHECK(!refused_over_ranks("\"motility\":{\"rate\":0.1}", "cell type"));
}
