/* Fuzz target for the scenario parser, validation and initial placement. */
#include "ct_alloc.h"
#include "ct_scenario.h"
#include "ct_scenario_load.h"
#include "ct_sim.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "fuzz_targets.h"

#define MAX_FUZZ_SITES 20000 /* keep each input fast: bigger lattices are only parsed */

int ct_fuzz_scenario(const uint8_t *data, size_t size)
{
    char *text = ct_fuzz_text(data, size);
    if (!text)
        return 0;
    ct_scenario *sc = NULL;
    ct_error err = {0};
    if (ct_scenario_parse(text, "fuzz.json", NULL, 0, &sc, &err) == CT_OK &&
        (double)sc->size[0] * sc->size[1] * sc->size[2] <= MAX_FUZZ_SITES) {
        ct_sim *sim = NULL;
        if (ct_sim_create(sc, &sim, &err) == CT_OK)
            for (int k = 0; k < 3 && ct_sim_step(sim) == CT_OK; k++)
                ;
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);
    ct_free(text);
    return 0;
}
