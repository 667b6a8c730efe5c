/* The signal keys of a cell type in the scenario JSON: states, secretion, uptake, chemotaxis,
 * contact actions, rules. This file reads the JSON; ct_signals_decl.c validates and resolves. */
#include <stdio.h>
#include <string.h>

#include "ct_json.h"
#include "ct_scenario.h"
#include "ct_signals_decl.h"

/* A refused declaration as a message at the object's path and the key at fault. */
static int refuse(const ct_jobj *o, const ct_decl_error *e)
{
    return ct_json_fail(o->file, o->err, o->path, e->key, "%s", e->why.msg);
}

/* A number key read with its shared default and range. */
static int read_number(ct_jobj *o, const ct_decl_number *n, int required, double *out)
{
    return ct_jobj_number(o, n->key, required, n->def, n->min, n->max, out);
}

/* An optional number that is not written back when absent: *has says whether it is there. */
static int read_present(ct_jobj *o, const ct_decl_number *n, int *has, double *out)
{
    *has = ct_jobj_get(o, n->key) != NULL;
    return *has ? read_number(o, n, CT_JSON_REQUIRED, out) : CT_OK;
}

static int optional_string(ct_jobj *o, const char *key, const char **out)
{
    return ct_jobj_string(o, key, CT_JSON_OPTIONAL, NULL, out);
}

int ct_scenario_parse_states(ct_jobj *type, ct_scenario *sc, ct_type_params *tp)
{
    cJSON *list = ct_jobj_get(type, "states");
    const char *initial;
    ct_decl_error e;
    if (list && (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0))
        return ct_json_fail(type->file, type->err, type->path, "states",
                            "expected a non-empty array of state names");
    for (cJSON *s = list ? list->child : NULL; s; s = s->next) {
        if (!cJSON_IsString(s))
            return ct_json_fail(type->file, type->err, type->path, "states",
                                "expected an array of state names");
        if (ct_decl_add_state(sc, tp, s->valuestring, &e))
            return refuse(type, &e);
    }
    const char *first = list ? list->child->valuestring : NULL;
    int rc = ct_jobj_string(type, "initial_state", CT_JSON_OPTIONAL, first, &initial);
    if (!rc && ct_decl_initial_state(sc, tp, first, initial, &e))
        return refuse(type, &e);
    return rc;
}

/* "secretion" or "uptake": {"FIELD": rate, ...}. */
static int parse_field_rates(ct_jobj *type, const ct_scenario *sc, ct_type_signals *sig,
                             const char *key)
{
    cJSON *node = ct_jobj_get(type, key);
    if (!node)
        return CT_OK;
    ct_jobj o;
    char path[600];
    snprintf(path, sizeof path, "%s/%s", type->path, key);
    int rc = ct_jobj_open(&o, type->file, type->err, node, path);
    for (cJSON *c = rc ? NULL : node->child; c; c = c->next) {
        ct_decl_number n = ct_num_field_rate;
        ct_decl_error e;
        double v = 0;
        n.key = c->string;
        if (ct_scenario_field_index(sc, c->string) >= 0 &&
            (rc = read_number(&o, &n, CT_JSON_REQUIRED, &v)))
            return rc;
        if (ct_decl_field_rate(sc, sig, c->string, strcmp(key, "uptake") == 0, v, &e))
            return refuse(&o, &e);
    }
    return rc ? rc : ct_jobj_close(&o);
}

static int parse_chemotaxis(ct_jobj *type, const ct_scenario *sc, ct_type_signals *sig)
{
    if (!ct_jobj_get(type, "chemotaxis"))
        return CT_OK;
    ct_jobj o;
    const char *field;
    double chi;
    ct_decl_error e;
    int rc;
    if ((rc = ct_jobj_child(type, "chemotaxis", CT_JSON_REQUIRED, &o)) ||
        (rc = ct_jobj_string(&o, "field", CT_JSON_REQUIRED, NULL, &field)) ||
        (rc = read_number(&o, &ct_num_sensitivity, CT_JSON_REQUIRED, &chi)))
        return rc;
    if (ct_decl_chemotaxis(sc, sig, field, chi, &e))
        return refuse(&o, &e);
    return ct_jobj_close(&o);
}

static int contact_item(ct_jobj *o, ct_scenario *sc, ct_type_params *tp)
{
    ct_contact_decl d = {0};
    ct_decl_error e;
    int rc;
    if ((rc = ct_jobj_enum(o, "action", CT_JSON_REQUIRED, ct_contact_actions, 0, &d.action)) ||
        (rc = ct_jobj_string(o, "target", CT_JSON_REQUIRED, NULL, &d.target)) ||
        (rc = optional_string(o, "target_state", &d.target_state)) ||
        (rc = optional_string(o, "state", &d.state)) || (rc = optional_string(o, "to", &d.to)) ||
        (rc = ct_jobj_string(o, "name", CT_JSON_OPTIONAL, ct_contact_actions[d.action],
                             &d.name)) ||
        (rc = read_present(o, &ct_num_probability, &d.has_probability, &d.probability)) ||
        (rc = read_present(o, &ct_num_rate, &d.has_rate, &d.rate)))
        return rc;
    if (ct_decl_contact(sc, tp, &d, &e))
        return refuse(o, &e);
    return ct_jobj_close(o);
}

static int rule_item(ct_jobj *o, ct_scenario *sc, ct_type_params *tp)
{
    ct_rule_decl d = {0};
    ct_decl_error e;
    int rc;
    if ((rc = ct_jobj_string(o, "behaviour", CT_JSON_REQUIRED, NULL, &d.behaviour)) ||
        (rc = ct_jobj_string(o, "signal", CT_JSON_REQUIRED, NULL, &d.signal)) ||
        (rc = read_number(o, &ct_num_rule_max, CT_JSON_REQUIRED, &d.max)) ||
        (rc = read_number(o, &ct_num_rule_half, CT_JSON_REQUIRED, &d.half)) ||
        (rc = read_number(o, &ct_num_rule_hill, CT_JSON_OPTIONAL, &d.hill)) ||
        (rc = optional_string(o, "state", &d.state)))
        return rc;
    if (ct_decl_rule(sc, tp, &d, &e))
        return refuse(o, &e);
    return ct_jobj_close(o);
}

/* Calls parse(item) for each object of the array under key, with its JSON path. */
typedef int (*item_fn)(ct_jobj *o, ct_scenario *sc, ct_type_params *tp);

static int parse_list(ct_jobj *type, const char *key, int max, ct_scenario *sc,
                      ct_type_params *tp, item_fn parse)
{
    cJSON *list = ct_jobj_get(type, key);
    if (!list)
        return CT_OK;
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > max)
        return ct_json_fail(type->file, type->err, type->path, key,
                            "expected an array of at most %d objects", max);
    int k = 0;
    for (cJSON *e = list->child; e; e = e->next, k++) {
        char path[600];
        ct_jobj o;
        snprintf(path, sizeof path, "%s/%s/%d", type->path, key, k);
        int rc = ct_jobj_open(&o, type->file, type->err, e, path);
        if (rc || (rc = parse(&o, sc, tp)))
            return rc;
    }
    return CT_OK;
}

int ct_scenario_parse_signals(ct_jobj *type, ct_scenario *sc, ct_type_params *tp)
{
    ct_jobj_get(type, "states"); /* read before every type (ct_scenario_parse_states) */
    ct_jobj_get(type, "initial_state");
    int rc;
    if ((rc = parse_field_rates(type, sc, &tp->sig, "secretion")) ||
        (rc = parse_field_rates(type, sc, &tp->sig, "uptake")) ||
        (rc = parse_chemotaxis(type, sc, &tp->sig)) ||
        (rc = parse_list(type, "contact", CT_MAX_CONTACTS, sc, tp, contact_item)))
        return rc;
    return parse_list(type, "rules", CT_MAX_RULES, sc, tp, rule_item);
}
