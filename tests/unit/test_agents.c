/* The agent store: attributes survive growth and reordering, daughters inherit them, and a gather
   moves every array. */
#include <string.h>

#include "ct_agents.h"
#include "ct_sim_create.h"
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

/* Every array, of each element size and an attribute column, follows its agent through two
   gathers (the second gathers into the arrays the first swapped out as the spare). */
static int store_holds(const ct_agents *ag, int k, const uint32_t *was, size_t n)
{
    int ok = ag->n == n && ag->n_dead == 0;
    for (size_t j = 0; j < n; j++) {
        uint32_t w = was[j];
        ok &= ag->site[j] == 7 * w && ag->type[j] == w % 5 && ag->state[j] == w % 3 &&
              ag->id[j] == (uint64_t)w + 1 && ag->birth_step[j] == -(int64_t)w &&
              ag->parent[j] == 1000 + w && ag->attr[k][j] == 0.5 * w;
    }
    return ok;
}

TEST(agents_gather_moves_every_array_and_drops_the_rest)
{
    enum { N = 3000 };
    ct_agents ag;
    ct_error err = {0};
    if (!CHECK(ct_agents_init(&ag, N, &err) == CT_OK))
        return;
    int k = ct_agents_add_attribute(&ag, "load", 0.0, &err);
    for (uint32_t i = 0; i < N; i++) {
        ct_agents_push(&ag, 7 * i, (uint8_t)(i % 5), (uint8_t)(i % 3), -(int64_t)i, 1000 + i);
        ag.attr[k][i] = 0.5 * i;
    }
    static uint32_t kept[N], reverse[N], was[N];
    size_t n = 0;
    for (uint32_t i = N; i-- > 0;) /* reversed, every third agent dropped */
        if (i % 3)
            kept[n++] = i;
    ct_agents_gather(&ag, kept, n);
    CHECK(store_holds(&ag, k, kept, n));
    for (size_t j = 0; j < n; j++) { /* reversed again: ascending original order */
        reverse[j] = (uint32_t)(n - 1 - j);
        was[j] = kept[n - 1 - j];
    }
    ct_agents_gather(&ag, reverse, n);
    CHECK(store_holds(&ag, k, was, n));
    ct_agents_free(&ag);
}
