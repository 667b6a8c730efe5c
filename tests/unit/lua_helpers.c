/* Lua test helpers. */
#include "lua_helpers.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "sim_helpers.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"
#include "ct_step.h"

static int write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    int bad = fputs(text, fp) == EOF;
    return fclose(fp) || bad ? -1 : 0;
}

ct_scenario *tl_scenario(const char *script, const char *body, const char *const *overrides,
                         int n_overrides, ct_error *err)
{
    static int serial;
    char lua_path[512], json_path[512], json[8192];
    int n = ++serial;
    snprintf(lua_path, sizeof lua_path, "%s/s%d.lua", ct_test_tmpdir(), n);
    snprintf(json_path, sizeof json_path, "%s/s%d.json", ct_test_tmpdir(), n);
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[30,30]},\"dt\":1,\"steps\":10,\"seed\":7,"
             "\"script\":\"s%d.lua\"%s%s}",
             n, body[0] ? "," : "", body);
    if (write_text(lua_path, script) || write_text(json_path, json)) {
        ct_error_set(err, CT_EIO, "cannot write test files in %s", ct_test_tmpdir());
        return NULL;
    }
    ct_scenario *sc;
    return ct_scenario_load(json_path, overrides, n_overrides, &sc, err) ? NULL : sc;
}

const char *tl_error(const char *script, const char *body, long steps)
{
    static ct_error err;
    ct_error_clear(&err);
    ct_scenario *sc = tl_scenario(script, body, NULL, 0, &err);
    ct_sim *sim = NULL;
    if (sc && ct_sim_create(sc, &sim, &err) == CT_OK) {
        for (long k = 0; k < steps && !sim->stop_requested; k++)
            if (ct_sim_step(sim)) {
                err = sim->err;
                break;
            }
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return err.msg[0] ? err.msg : "(no error)";
}

ct_sim *tl_sim(const char *script, const char *body, ct_scenario **sc)
{
    ct_error err = {0};
    ct_sim *sim = NULL;
    *sc = tl_scenario(script, body, NULL, 0, &err);
    if (*sc && ct_sim_create(*sc, &sim, &err) == CT_OK)
        return sim;
    printf("    error: %s\n", err.msg);
    ct_scenario_free(*sc);
    *sc = NULL;
    return NULL;
}

uint64_t tl_digest(const char *script, const char *body, int threads, long steps)
{
    int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, body, &sc);
    uint64_t digest = sim && th_run_checked(sim, steps) == 0 ? th_state_digest(sim) : 0;
    ct_sim_free(sim);
    ct_scenario_free(sc);
    omp_set_num_threads(saved);
    return digest;
}
