/* The "cycle" object of a cell type (docs/scenario.md, "Cell cycle"): model, phase durations and
 * Erlang stage counts, each checked against dt so that a stage is left at most once per step. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_cycle_def.h"
#include "ct_json.h"
#include "ct_scenario.h"

/* PhysiCell's names: live (one phase), flow cytometry separated (G0/G1, S, G2, M), Ki67 basic
   (Ki67- quiescent, Ki67+ cycling). Division ends the last phase. */
static const char *const live_phases[] = {"live"};
static const char *const flow_phases[] = {"G0G1", "S", "G2", "M"};
static const char *const ki67_phases[] = {"Ki67-", "Ki67+"};

int ct_cycle_phase_names(int model, const char *const **names)
{
    switch (model) {
    case CT_CYCLE_LIVE:
        *names = live_phases;
        return 1;
    case CT_CYCLE_FLOW:
        *names = flow_phases;
        return 4;
    case CT_CYCLE_KI67:
        *names = ki67_phases;
        return 2;
    default:
        *names = NULL;
        return 0;
    }
}

static const char *const model_names[] = {"live", "G1_S_G2_M", "ki67", NULL};

int ct_cycle_model_of(const char *name)
{
    for (int m = 0; model_names[m]; m++)
        if (!strcmp(name, model_names[m]))
            return CT_CYCLE_LIVE + m;
    return CT_CYCLE_NONE;
}

int ct_cycle_check_durations(ct_cycle_def *cd, double dt, char *why, size_t n)
{
    for (int p = 0; p < cd->n_phases; p++) {
        cd->stage_prob[p] = cd->stages[p] * dt / cd->duration[p];
        if (!(cd->stage_prob[p] <= 1.0)) {
            snprintf(why, n,
                     "%d stages of mean %g min each are shorter than dt (%g min): a cell leaves at "
                     "most one stage per step; expected a duration of at least stages x dt = %g "
                     "min, or fewer stages",
                     cd->stages[p], cd->duration[p] / cd->stages[p], dt, cd->stages[p] * dt);
            return p;
        }
    }
    return -1;
}

/* "stages": one count for every phase, or an object with a count per phase name. */
static int parse_stages(ct_jobj *cycle, ct_cycle_def *cd, const char *const *names)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(cycle->node, "stages");
    if (!cJSON_IsObject(v)) {
        long long k;
        int rc = ct_jobj_int(cycle, "stages", CT_JSON_OPTIONAL, 1, 1, CT_CYCLE_MAX_STAGES, &k);
        for (int p = 0; !rc && p < cd->n_phases; p++)
            cd->stages[p] = (int)k;
        return rc;
    }
    ct_jobj st;
    int rc = ct_jobj_child(cycle, "stages", CT_JSON_OPTIONAL, &st);
    for (int p = 0; !rc && p < cd->n_phases; p++) {
        long long k;
        rc = ct_jobj_int(&st, names[p], CT_JSON_OPTIONAL, 1, 1, CT_CYCLE_MAX_STAGES, &k);
        cd->stages[p] = (int)k;
    }
    return rc ? rc : ct_jobj_close(&st);
}

/* Each phase's mean duration T (required) and per-step stage exit probability k dt / T. */
static int parse_durations(ct_jobj *cycle, double dt, ct_cycle_def *cd, const char *const *names)
{
    ct_jobj du;
    int rc = ct_jobj_child(cycle, "durations", CT_JSON_REQUIRED, &du);
    for (int p = 0; !rc && p < cd->n_phases; p++)
        rc = ct_jobj_number(&du, names[p], CT_JSON_REQUIRED, 0, CT_CYCLE_MIN_DURATION,
                            CT_CYCLE_MAX_DURATION, &cd->duration[p]);
    char why[256];
    int short_phase = rc ? -1 : ct_cycle_check_durations(cd, dt, why, sizeof why);
    if (short_phase >= 0)
        return ct_json_fail(du.file, du.err, du.path, names[short_phase], "%s", why);
    return rc ? rc : ct_jobj_close(&du);
}

int ct_scenario_parse_cycle(ct_jobj *type, double dt, ct_type_params *tp)
{
    if (!cJSON_GetObjectItemCaseSensitive(type->node, "cycle"))
        return CT_OK;
    ct_jobj cycle;
    ct_cycle_def *cd = &tp->cycle;
    const char *const *names;
    int model, rc = ct_jobj_child(type, "cycle", CT_JSON_OPTIONAL, &cycle);
    if (!rc && tp->proliferation_rate > 0)
        return ct_json_fail(type->file, type->err, type->path, "cycle",
                            "a type divides either by \"proliferation\" (rate %g) or by its "
                            "\"cycle\", not both: remove one",
                            tp->proliferation_rate);
    if (rc || (rc = ct_jobj_enum(&cycle, "model", CT_JSON_REQUIRED, model_names, 0, &model)))
        return rc;
    cd->model = CT_CYCLE_LIVE + model;
    cd->n_phases = ct_cycle_phase_names(cd->model, &names);
    if ((rc = parse_stages(&cycle, cd, names)) || (rc = parse_durations(&cycle, dt, cd, names)))
        return rc;
    return ct_jobj_close(&cycle);
}
