/* Fuzz target for the Lua sandbox: a script and the scenario's parameters run against a small
 * scenario (a field, two cell types, a few cells) for a few steps. Input: script text, then an
 * optional NUL byte and the parameters as JSON (ignored when they are not a JSON value). */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_scenario.h"
#include "ct_scenario_load.h"
#include "ct_sim.h"
#include "ct_sim_create.h"
#include "ct_step.h"
#include "fuzz_targets.h"

#define FUZZ_LUA_STEPS 3

/* The scenario around the script: limits small enough that every input runs fast. */
static const char scenario_format[] =
    "{\"domain\":{\"size\":[12,12]},\"dt\":1,\"steps\":%d,\"seed\":1,\"script\":\"fuzz.lua\","
    "\"lua\":{\"instruction_limit\":200000,\"memory_limit_mb\":16},\"parameters\":%s,"
    "\"fields\":{\"o2\":{\"diffusion\":100,\"decay\":0.01,\"solver\":\"explicit\"}},"
    "\"cell_types\":{\"a\":{\"proliferation\":{\"rate\":0.05}},\"b\":{\"motility\":{\"rate\":0.2}}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[60,60],\"count\":12},"
    "{\"shape\":\"list\",\"type\":\"b\",\"positions\":[[65,65],[75,65]]}]}";

/* The parameters as JSON text (a copy), or "{}" when the bytes are not one JSON value. */
static char *parameters_text(const uint8_t *data, size_t size)
{
    char *text = ct_malloc(size + 1);
    if (!text)
        return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    cJSON *json = cJSON_ParseWithOpts(text, NULL, 1);
    if (json) {
        cJSON_Delete(json);
        return text;
    }
    ct_free(text);
    return ct_strdup("{}");
}

static void run_scenario(const char *path)
{
    ct_scenario *sc = NULL;
    ct_error err = {0};
    if (ct_scenario_load(path, NULL, 0, &sc, &err) == CT_OK) {
        ct_sim *sim = NULL;
        if (ct_sim_create(sc, &sim, &err) == CT_OK)
            for (int k = 0; k < FUZZ_LUA_STEPS && !sim->stop_requested && ct_sim_step(sim) == CT_OK;
                 k++)
                ;
        ct_sim_free(sim);
    }
    ct_scenario_free(sc);
}

int ct_fuzz_lua(const uint8_t *data, size_t size)
{
    const uint8_t *sep = memchr(data, '\0', size);
    size_t script_len = sep ? (size_t)(sep - data) : size;
    char *params = sep ? parameters_text(sep + 1, size - script_len - 1) : ct_strdup("{}");
    if (!params)
        return 0;
    size_t len = sizeof scenario_format + strlen(params) + 16;
    char *scenario = ct_malloc(len);
    if (scenario) {
        snprintf(scenario, len, scenario_format, FUZZ_LUA_STEPS, params);
        ct_fuzz_file("fuzz.lua", data, script_len);
        run_scenario(ct_fuzz_file("fuzz.json", (const uint8_t *)scenario, strlen(scenario)));
    }
    ct_free(scenario);
    ct_free(params);
    return 0;
}
