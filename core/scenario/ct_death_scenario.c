/* The death model of a cell type (docs/scenario.md, "Death"): model, the body's persistence as
 * Erlang stages (checked against dt as the cycle's phases are) and the body's secretions. */
#include <stdio.h>
#include <string.h>

#include "ct_death_def.h"
#include "ct_json.h"
#include "ct_scenario.h"
#include "ct_signals_decl.h"

static const char *const death_keys[] = {"model", "duration", "secretes"};

int ct_scenario_death_close(ct_jobj *death_block)
{
    for (size_t k = 0; k < sizeof death_keys / sizeof *death_keys; k++)
        ct_jobj_get(death_block, death_keys[k]);
    return ct_jobj_close(death_block);
}

/* "duration": {"mean": T, "stages": k}: k stages of mean T/k each; one stage at most per step. */
static int parse_duration(ct_jobj *death, double dt, ct_death_def *dd)
{
    ct_jobj du;
    long long k;
    int rc;
    if ((rc = ct_jobj_child(death, "duration", CT_JSON_REQUIRED, &du)) ||
        (rc = ct_jobj_number(&du, "mean", CT_JSON_REQUIRED, 0, 1e-300, CT_DEATH_MAX_DURATION,
                             &dd->mean)) ||
        (rc = ct_jobj_int(&du, "stages", CT_JSON_OPTIONAL, 1, 1, CT_DEATH_MAX_STAGES, &k)))
        return rc;
    dd->stages = (int)k;
    dd->stage_prob = dd->stages * dt / dd->mean;
    if (!(dd->stage_prob <= 1.0))
        return ct_json_fail(du.file, du.err, du.path, "mean",
                            "%d stages of mean %g min each are shorter than dt (%g min): a body "
                            "leaves at most one stage per step; expected a mean of at least "
                            "stages x dt = %g min, or fewer stages",
                            dd->stages, dd->mean / dd->stages, dt, dd->stages * dt);
    return ct_jobj_close(&du);
}

/* "secretes": {"FIELD": rate per minute, ...}, added at the body's site each step. */
static int parse_secretes(ct_jobj *death, const ct_scenario *sc, ct_death_def *dd)
{
    if (!cJSON_GetObjectItemCaseSensitive(death->node, "secretes"))
        return CT_OK;
    ct_jobj se;
    int rc = ct_jobj_child(death, "secretes", CT_JSON_REQUIRED, &se);
    for (cJSON *f = rc ? NULL : se.node->child; f; f = f->next) {
        ct_secretion *s = &dd->secretion[dd->n_secretions];
        s->field = ct_scenario_field_index(sc, f->string);
        if (s->field < 0)
            return ct_json_fail(se.file, se.err, se.path, f->string,
                                "unknown field \"%s\" (declare it under \"fields\")", f->string);
        if (dd->n_secretions == CT_MAX_TYPE_FIELDS)
            return ct_json_fail(se.file, se.err, se.path, f->string,
                                "bodies secrete into at most %d fields", CT_MAX_TYPE_FIELDS);
        if ((rc = ct_jobj_number(&se, f->string, CT_JSON_REQUIRED, 0, ct_num_field_rate.min,
                                 ct_num_field_rate.max, &s->rate)))
            return rc;
        dd->n_secretions++;
    }
    return rc ? rc : ct_jobj_close(&se);
}

/* The body state joins the type's states; a type without states gains "default" beside it, its
   live cells' state. */
static int declare_body_state(ct_jobj *death, ct_scenario *sc, ct_type_params *tp)
{
    static const char *const body_states[] = CT_DEATH_BODY_STATES;
    const char *name = body_states[tp->death.model];
    ct_decl_error e;
    if (ct_scenario_state_index(sc, name) >= 0 &&
        ct_decl_state_allowed(tp, ct_scenario_state_index(sc, name)))
        return ct_json_fail(death->file, death->err, death->path, "model",
                            "cell type \"%s\" declares a state \"%s\" itself: that name is "
                            "reserved for its bodies; rename the state",
                            tp->name, name);
    if ((!tp->sig.states && ct_decl_add_state(sc, tp, "default", &e)) ||
        ct_decl_add_state(sc, tp, name, &e))
        return ct_json_fail(death->file, death->err, death->path, "model", "%s", e.why.msg);
    tp->death.body_state = ct_scenario_state_index(sc, name);
    return CT_OK;
}

int ct_scenario_parse_death(ct_jobj *type, ct_scenario *sc, ct_type_params *tp)
{
    static const char *const models[] = {"instant", "apoptosis", "necrosis", NULL};
    cJSON *node = cJSON_GetObjectItemCaseSensitive(type->node, "death");
    if (!cJSON_IsObject(node) || !cJSON_GetObjectItemCaseSensitive(node, "model"))
        return CT_OK; /* nothing written back: scenarios without a model resolve as before */
    ct_jobj death;
    char path[512];
    snprintf(path, sizeof path, "%s/death", type->path);
    int rc = ct_jobj_open(&death, type->file, type->err, node, path);
    if (rc || (rc = ct_jobj_enum(&death, "model", CT_JSON_REQUIRED, models, 0, &tp->death.model)))
        return rc;
    if (tp->death.model == CT_DEATH_INSTANT) {
        if (cJSON_GetObjectItemCaseSensitive(node, "duration") ||
            cJSON_GetObjectItemCaseSensitive(node, "secretes"))
            return ct_json_fail(death.file, death.err, death.path, "model",
                                "an instant death leaves no body to last or secrete: use "
                                "\"apoptosis\" or \"necrosis\", or remove \"duration\" and "
                                "\"secretes\"");
        return CT_OK;
    }
    if ((rc = parse_duration(&death, sc->dt, &tp->death)) ||
        (rc = parse_secretes(&death, sc, &tp->death)))
        return rc;
    return declare_body_state(&death, sc, tp);
}
