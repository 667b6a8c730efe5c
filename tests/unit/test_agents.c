/* The agent store: attributes survive growth and reordering, and daughters inherit them. */
#include <string.h>

#include "ct_agents.h"
#include "harness.h"
#include "sim_helpers.h"

TEST(agents_attributes_grow_and_refuse_duplicates)
{
    ct_agents ag;
    ct_error err = {0};
    CHECK(ct_agents_init(&ag, 16, &err) == CT_OK);
    CHECK(ct_agents_reserve(&ag, 3, &err) == CT_OK);
    ct_agents_push(&ag, 5, 0, 0, 0, 0);
    CHECK(ct_agents_add_attribute(&ag, "viral_load", 2.5, &err) == 0);
    CHECK(ag.attr[0][0] == 2.5);
    CHECK(ct_agents_add_attribute(&ag, "viral_load", 1, &err) == CT_EINVAL);
    CHECK(strstr(err.msg, "declared twice") != NULL);
    CHECK(ct_agents_reserve(&ag, 5000, &err) == CT_OK);
    for (int i = 0; i < 4000; i++)
        ct_agents_push(&ag, (uint32_t)(10 + i), 0, 0, 0, 0);
    CHECK(ag.attr[0][0] == 2.5 && ag.attr[0][3999] == 2.5);
    CHECK(ct_agents_attribute_index(&ag, "viral_load") == 0);
    CHECK(ct_agents_attribute_index(&ag, "nope") == -1);
    ct_agents_free(&ag);
}

TEST(agents_daughters_inherit_attributes_through_reordering)
{
    ct_scenario *sc = th_scenario(
        "{\"domain\":{\"size\":[60,60]},\"dt\":1,\"steps\":0,\"seed\":3,"
        "\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.2},\"motility\":{\"rate\":0.2}}},"
        "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[600,600],"
        "\"count\":50}]}");
    ct_sim *sim = th_sim(sc);
    if (!CHECK(sim != NULL))
        return;
    int k = ct_agents_add_attribute(&sim->ag, "mark", 0.0, NULL);
    for (size_t i = 0; i < sim->ag.n; i++) /* mark = own id: daughters must carry an ancestor's */
        sim->ag.attr[k][i] = (double)sim->ag.id[i];
    CHECK(th_run_checked(sim, 40) == 0);
    CHECK(ct_sim_live_cells(sim) > 200);
    int ok = 1;
    for (size_t i = 0; i < sim->ag.n; i++)
        ok &= sim->ag.attr[k][i] >= 1 && sim->ag.attr[k][i] <= 50;
    CHECK(ok);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}
