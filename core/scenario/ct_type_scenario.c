/* The "cell_types" section of a scenario: each type's rates, transition and colour, then its
 * states and signal keys (ct_signals_scenario.c). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_intracellular_def.h"
#include "ct_json.h"
#include "ct_scenario.h"

/* Reads {"rate": r} under key into *rate. */
static int parse_rate_block(ct_jobj *type, const char *key, double *rate, ct_jobj *block)
{
    int rc = ct_jobj_child(type, key, CT_JSON_OPTIONAL, block);
    if (rc)
        return rc;
    return ct_jobj_number(block, "rate", CT_JSON_OPTIONAL, 0.0, 0.0, HUGE_VAL, rate);
}

/* "push": {"radius": R} of a motility or proliferation block (scenario.md, "Pushing"); absent:
   no pushing, and nothing is written into the resolved scenario. */
static int parse_push(ct_jobj *block, uint8_t *radius)
{
    if (!cJSON_GetObjectItemCaseSensitive(block->node, "push"))
        return CT_OK;
    ct_jobj push;
    long long r;
    int rc;
    if ((rc = ct_jobj_child(block, "push", CT_JSON_REQUIRED, &push)) ||
        (rc = ct_jobj_int(&push, "radius", CT_JSON_REQUIRED, 0, 1, CT_PUSH_MAX_RADIUS, &r)))
        return rc;
    *radius = (uint8_t)r;
    return ct_jobj_close(&push);
}

void ct_scenario_type_rates(const ct_type_params *tp, double rate[4])
{
    rate[CT_BEHAVIOUR_MOTILITY] = tp->motility_rate;
    rate[CT_BEHAVIOUR_PROLIFERATION] = tp->proliferation_rate;
    rate[CT_BEHAVIOUR_DEATH] = tp->death_rate;
    rate[CT_BEHAVIOUR_TRANSITION] = tp->transition_rate;
}

int ct_scenario_check_rates(const double rate[4], double dt, const char *where, ct_error *err)
{
    static const char *const names[4] = {"motility", "proliferation", "death", "transition"};
    double sum = 0.0;
    for (int b = 0; b < 4; b++) {
        if (!(rate[b] >= 0.0) || !isfinite(rate[b]))
            return ct_error_set(err, CT_ERANGE,
                                "%s: %s rate %g: expected a finite number >= 0 per minute", where,
                                names[b], rate[b]);
        sum += rate[b];
    }
    if (!isfinite(sum * dt))
        return ct_error_set(err, CT_ERANGE,
                            "%s: motility %g + proliferation %g + death %g + transition %g per "
                            "minute: the sum of a type's rates times dt (%g min) must be finite, "
                            "so at most %g per minute",
                            where, rate[0], rate[1], rate[2], rate[3], dt, DBL_MAX / dt);
    return CT_OK;
}

/* The type's rates together, refused at the type's JSON path (scenario.md, "Cell types"). */
static int check_type_rates(ct_jobj *type, const ct_scenario *sc, const ct_type_params *tp)
{
    char where[768];
    double rate[4];
    ct_scenario_type_rates(tp, rate);
    snprintf(where, sizeof where, "%s: %s", type->file, type->path);
    return ct_scenario_check_rates(rate, sc->dt, where, type->err);
}

static int parse_colour(ct_jobj *type, ct_type_params *tp)
{
    const char *c;
    int rc = ct_jobj_string(type, "colour", CT_JSON_OPTIONAL, NULL, &c);
    if (rc || !c)
        return rc;
    int ok = strlen(c) == 7 && c[0] == '#';
    for (int i = 1; ok && i < 7; i++)
        ok = strchr("0123456789abcdefABCDEF", c[i]) != NULL;
    if (!ok)
        return ct_json_fail(type->file, type->err, type->path, "colour",
                            "expected a colour \"#rrggbb\", got \"%s\"", c);
    memcpy(tp->colour, c, 8);
    return CT_OK;
}

static int parse_transition(ct_jobj *type, const ct_scenario *sc, ct_type_params *tp)
{
    ct_jobj tr;
    const char *to;
    int rc;
    if ((rc = parse_rate_block(type, "transition", &tp->transition_rate, &tr)) ||
        (rc = ct_jobj_string(&tr, "to", CT_JSON_OPTIONAL, NULL, &to)))
        return rc;
    tp->transition_to = -1;
    if (to) {
        tp->transition_to = ct_scenario_type_index(sc, to);
        if (tp->transition_to < 0)
            return ct_json_fail(tr.file, tr.err, tr.path, "to", "unknown cell type \"%s\"", to);
    } else if (tp->transition_rate > 0) {
        return ct_json_fail(tr.file, tr.err, tr.path, "to",
                            "required when the rate is above 0: expected a cell type name");
    }
    return ct_jobj_close(&tr);
}

static int parse_type(ct_jobj *types, cJSON *node, ct_scenario *sc, ct_type_params *tp)
{
    ct_jobj type, b;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", types->path, node->string);
    int rc = ct_jobj_open(&type, types->file, types->err, node, path);
    if (rc)
        return rc;
    if ((rc = parse_rate_block(&type, "motility", &tp->motility_rate, &b)) ||
        (rc = parse_push(&b, &tp->push_radius[0])) || (rc = ct_jobj_close(&b)) ||
        (rc = parse_rate_block(&type, "proliferation", &tp->proliferation_rate, &b)) ||
        (rc = parse_push(&b, &tp->push_radius[1])) || (rc = ct_jobj_close(&b)) ||
        (rc = parse_rate_block(&type, "death", &tp->death_rate, &b)) ||
        (rc = ct_scenario_death_close(&b)) ||
        (rc = parse_transition(&type, sc, tp)) ||
        (rc = check_type_rates(&type, sc, tp)) ||
        (rc = ct_scenario_parse_cycle(&type, sc->dt, tp)) ||
        (rc = parse_colour(&type, tp)) ||
        (rc = ct_scenario_parse_intracellular(&type, sc, tp)) ||
        (rc = ct_scenario_parse_signals(&type, sc, tp)))
        return rc;
    return ct_jobj_close(&type);
}

int ct_scenario_parse_cell_types(ct_jobj *root, ct_scenario *sc)
{
    ct_jobj types;
    int rc = ct_jobj_child(root, "cell_types", sc->script ? CT_JSON_OPTIONAL : CT_JSON_REQUIRED,
                           &types);
    if (rc)
        return rc;
    for (cJSON *c = types.node->child; c; c = c->next) {
        if (sc->n_types == CT_MAX_TYPES)
            return ct_json_fail(types.file, types.err, types.path, NULL,
                                "at most %d cell types are supported", CT_MAX_TYPES);
        if ((rc = ct_scenario_check_name(&types, c->string, c->string, "cell type",
                                         ct_scenario_type_index(sc, c->string) >= 0)))
            return rc;
        ct_scenario_type_init(&sc->types[sc->n_types++], c->string);
        ct_jobj_get(&types, c->string);
    }
    int t = 0;
    for (cJSON *c = types.node->child; c; c = c->next, t++) { /* states first: actions name them */
        ct_jobj type;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", types.path, c->string);
        if ((rc = ct_jobj_open(&type, types.file, types.err, c, path)) ||
            (rc = ct_scenario_parse_states(&type, sc, &sc->types[t])) ||
            (rc = ct_scenario_parse_death(&type, sc, &sc->types[t])))
            return rc;
    }
    t = 0;
    for (cJSON *c = types.node->child; c; c = c->next, t++)
        if ((rc = parse_type(&types, c, sc, &sc->types[t])))
            return rc;
    return CT_OK;
}
