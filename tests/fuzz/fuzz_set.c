/* Fuzz target for --set overrides: each input line PATH=VALUE is applied to a small scenario,
 * which is then validated and, as `celltwin check` does, its initial placement made. */
#include <string.h>

#include "ct_alloc.h"
#include "ct_scenario.h"
#include "ct_scenario_load.h"
#include "ct_sim.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "fuzz_targets.h"

#define MAX_FUZZ_SETS 64     /* lines beyond this are ignored: the CLI takes any number */
#define MAX_FUZZ_SITES 20000 /* keep each input fast: bigger lattices are only validated */

static const char base_scenario[] =
    "{\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":5,\"seed\":1,\"fields\":{\"o2\":"
    "{\"diffusion\":10,\"decay\":0.01}},\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.1},"
    "\"death\":{\"rate\":0.01}},\"b\":{\"motility\":{\"rate\":0.1}}},\"initial\":[{\"shape\":"
    "\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[100,100],\"count\":10}]}";

/* Splits text (modified in place) into lines; returns how many, at most max. */
static int split_lines(char *text, const char **lines, int max)
{
    int n = 0;
    for (char *line = text; line && n < max;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lines[n++] = line;
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

int ct_fuzz_set(const uint8_t *data, size_t size)
{
    char *text = ct_fuzz_text(data, size);
    if (!text)
        return 0;
    const char *sets[MAX_FUZZ_SETS];
    int n = split_lines(text, sets, MAX_FUZZ_SETS);
    ct_scenario *sc = NULL;
    ct_error err = {0};
    if (ct_scenario_parse(base_scenario, "fuzz.json", sets, n, &sc, &err) == CT_OK &&
        (double)sc->size[0] * sc->size[1] * sc->size[2] <= MAX_FUZZ_SITES) {
        ct_sim *sim = NULL;
        ct_sim_create(sc, &sim, &err);
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);
    ct_free(text);
    return 0;
}
