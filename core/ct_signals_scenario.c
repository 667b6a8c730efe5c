/* The signal keys of a cell type: states, secretion, uptake, chemotaxis, contact actions, rules. */
#include <stdio.h>
#include <string.h>

#include "ct_json.h"
#include "ct_scenario.h"

static int declares_state(const ct_type_params *tp, int state)
{
    return state >= 0 && (tp->sig.states >> state & 1u);
}

/* A state name under key that type tp declares; absent: *out = -1 (or a failure if required). */
static int read_state(ct_jobj *o, const char *key, int required, const ct_scenario *sc,
                      const ct_type_params *tp, int *out)
{
    const char *name;
    int rc = ct_jobj_string(o, key, required, NULL, &name);
    *out = -1;
    if (rc || !name)
        return rc;
    *out = ct_scenario_state_index(sc, name);
    if (!declares_state(tp, *out))
        return ct_json_fail(o->file, o->err, o->path, key,
                            "cell type \"%s\" has no state \"%s\" (see its \"states\")", tp->name,
                            name);
    return CT_OK;
}

/* A cell type name under key. */
static int read_type(ct_jobj *o, const char *key, const ct_scenario *sc, int *out)
{
    const char *name;
    int rc = ct_jobj_string(o, key, CT_JSON_REQUIRED, NULL, &name);
    if (rc)
        return rc;
    *out = ct_scenario_type_index(sc, name);
    if (*out < 0)
        return ct_json_fail(o->file, o->err, o->path, key, "unknown cell type \"%s\"", name);
    return CT_OK;
}

static int unknown_field(ct_jobj *o, const char *key, const char *name)
{
    return ct_json_fail(o->file, o->err, o->path, key,
                        "unknown field \"%s\" (declare it under \"fields\")", name);
}

static int add_state(ct_jobj *type, const cJSON *e, ct_scenario *sc, ct_type_params *tp)
{
    if (!cJSON_IsString(e))
        return ct_json_fail(type->file, type->err, type->path, "states",
                            "expected an array of state names");
    int k = ct_scenario_state_index(sc, e->valuestring);
    int rc = ct_scenario_check_name(type, "states", e->valuestring, "state",
                                    declares_state(tp, k));
    if (rc)
        return rc;
    if (k < 0) {
        if (sc->n_states == CT_MAX_STATES)
            return ct_json_fail(type->file, type->err, type->path, "states",
                                "at most %d state names are supported", CT_MAX_STATES - 1);
        k = sc->n_states++;
        snprintf(sc->state_names[k], CT_NAME_MAX, "%s", e->valuestring);
    }
    tp->sig.states |= 1u << k;
    return CT_OK;
}

int ct_scenario_parse_states(ct_jobj *type, ct_scenario *sc, ct_type_params *tp)
{
    cJSON *list = ct_jobj_get(type, "states");
    if (!list) {
        if (ct_jobj_get(type, "initial_state"))
            return ct_json_fail(type->file, type->err, type->path, "initial_state",
                                "needs \"states\", the list of this type's states");
        return CT_OK;
    }
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0)
        return ct_json_fail(type->file, type->err, type->path, "states",
                            "expected a non-empty array of state names");
    for (cJSON *e = list->child; e; e = e->next) {
        int rc = add_state(type, e, sc, tp);
        if (rc)
            return rc;
    }
    const char *first = list->child->valuestring;
    int rc = ct_jobj_string(type, "initial_state", CT_JSON_OPTIONAL, first, &first);
    return rc ? rc : read_state(type, "initial_state", CT_JSON_REQUIRED, sc, tp,
                                &tp->sig.initial_state);
}

/* The secretion entry of field f, created on first use. */
static ct_secretion *secretion_of(ct_type_signals *sig, int f)
{
    for (int k = 0; k < sig->n_secretions; k++)
        if (sig->secretion[k].field == f)
            return &sig->secretion[k];
    if (sig->n_secretions == CT_MAX_TYPE_FIELDS)
        return NULL;
    ct_secretion *e = &sig->secretion[sig->n_secretions++];
    memset(e, 0, sizeof *e);
    e->field = f;
    return e;
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
        int f = ct_scenario_field_index(sc, c->string);
        double v;
        if (f < 0)
            return unknown_field(&o, c->string, c->string);
        if ((rc = ct_jobj_number(&o, c->string, CT_JSON_REQUIRED, 0, 0, 1e12, &v)))
            return rc;
        ct_secretion *e = secretion_of(sig, f);
        if (!e)
            return ct_json_fail(o.file, o.err, o.path, c->string,
                                "a type secretes or takes up at most %d fields",
                                CT_MAX_TYPE_FIELDS);
        *(strcmp(key, "uptake") == 0 ? &e->uptake : &e->rate) = v;
    }
    return rc ? rc : ct_jobj_close(&o);
}

static int parse_chemotaxis(ct_jobj *type, const ct_scenario *sc, ct_type_signals *sig)
{
    sig->chemotaxis_field = -1;
    if (!ct_jobj_get(type, "chemotaxis"))
        return CT_OK;
    ct_jobj o;
    const char *field;
    int rc;
    if ((rc = ct_jobj_child(type, "chemotaxis", CT_JSON_REQUIRED, &o)) ||
        (rc = ct_jobj_string(&o, "field", CT_JSON_REQUIRED, NULL, &field)) ||
        (rc = ct_jobj_number(&o, "sensitivity", CT_JSON_REQUIRED, 0, -1e9, 1e9,
                             &sig->chemotaxis_sensitivity)))
        return rc;
    sig->chemotaxis_field = ct_scenario_field_index(sc, field);
    if (sig->chemotaxis_field < 0)
        return unknown_field(&o, "field", field);
    return ct_jobj_close(&o);
}

/* "probability" (per step) or "rate" (per minute): exactly one. */
static int parse_contact_value(ct_jobj *o, ct_contact_def *c)
{
    int has_p = ct_jobj_get(o, "probability") != NULL, has_r = ct_jobj_get(o, "rate") != NULL;
    if (has_p == has_r)
        return ct_json_fail(o->file, o->err, o->path, NULL,
                            "give either \"probability\" (per step) or \"rate\" (per minute)");
    c->per_minute = has_r;
    return has_r ? ct_jobj_number(o, "rate", CT_JSON_REQUIRED, 0, 0, 1e12, &c->value)
                 : ct_jobj_number(o, "probability", CT_JSON_REQUIRED, 0, 0, 1, &c->value);
}

/* "to": a type for infect, a state of the target type for activate, nothing for kill. */
static int parse_contact_to(ct_jobj *o, const ct_scenario *sc, ct_contact_def *c)
{
    if (c->action == CT_CONTACT_INFECT)
        return read_type(o, "to", sc, &c->to);
    if (c->action == CT_CONTACT_ACTIVATE)
        return read_state(o, "to", CT_JSON_REQUIRED, sc, &sc->types[c->target], &c->to);
    if (ct_jobj_get(o, "to"))
        return ct_json_fail(o->file, o->err, o->path, "to", "a kill changes nothing to name");
    return CT_OK;
}

static int parse_contact(ct_jobj *o, const ct_scenario *sc, const ct_type_params *tp,
                         ct_contact_def *c)
{
    static const char *const actions[] = {"kill", "infect", "activate", NULL};
    const char *name;
    int rc;
    if ((rc = ct_jobj_enum(o, "action", CT_JSON_REQUIRED, actions, 0, &c->action)) ||
        (rc = read_type(o, "target", sc, &c->target)) ||
        (rc = read_state(o, "target_state", CT_JSON_OPTIONAL, sc, &sc->types[c->target],
                         &c->target_state)) ||
        (rc = read_state(o, "state", CT_JSON_OPTIONAL, sc, tp, &c->state)) ||
        (rc = parse_contact_value(o, c)) || (rc = parse_contact_to(o, sc, c)) ||
        (rc = ct_jobj_string(o, "name", CT_JSON_OPTIONAL, actions[c->action], &name)))
        return rc;
    if (strlen(name) >= sizeof c->name)
        return ct_json_fail(o->file, o->err, o->path, "name", "at most %zu characters",
                            sizeof c->name - 1);
    for (const ct_contact_def *d = tp->sig.contact; d < c; d++)
        if (strcmp(d->name, name) == 0)
            return ct_json_fail(o->file, o->err, o->path, "name",
                                "two contact actions of this type are called \"%s\"; give each "
                                "a distinct \"name\"",
                                name);
    snprintf(c->name, sizeof c->name, "%s", name);
    return ct_jobj_close(o);
}

/* Calls parse(item) for each object of the array under key, with its JSON path. */
typedef int (*item_fn)(ct_jobj *o, ct_scenario *sc, ct_type_params *tp, int k);

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
        if (rc || (rc = parse(&o, sc, tp, k)))
            return rc;
    }
    return CT_OK;
}

static int contact_item(ct_jobj *o, ct_scenario *sc, ct_type_params *tp, int k)
{
    tp->sig.n_contacts = k + 1;
    return parse_contact(o, sc, tp, &tp->sig.contact[k]);
}

/* "motility" ... "transition", "secretion:FIELD" or "contact:NAME". */
static int parse_behaviour(ct_jobj *o, const ct_scenario *sc, ct_type_params *tp, ct_rule *r)
{
    static const char *const events[] = {"motility", "proliferation", "death", "transition"};
    const char *b;
    int rc = ct_jobj_string(o, "behaviour", CT_JSON_REQUIRED, NULL, &b);
    if (rc)
        return rc;
    for (int k = 0; k < 4; k++)
        if (strcmp(b, events[k]) == 0) {
            r->behaviour = k;
            if (k == CT_BEHAVIOUR_TRANSITION && tp->transition_to < 0)
                return ct_json_fail(o->file, o->err, o->path, "behaviour",
                                    "cell type \"%s\" has no transition (set transition.to)",
                                    tp->name);
            return CT_OK;
        }
    if (strncmp(b, "secretion:", 10) == 0) {
        r->behaviour = CT_BEHAVIOUR_SECRETION;
        r->index = ct_scenario_field_index(sc, b + 10);
        if (r->index < 0)
            return unknown_field(o, "behaviour", b + 10);
        return secretion_of(&tp->sig, r->index) ? CT_OK
                                                 : ct_json_fail(o->file, o->err, o->path,
                                                                "behaviour", "too many fields");
    }
    if (strncmp(b, "contact:", 8) == 0) {
        r->behaviour = CT_BEHAVIOUR_CONTACT;
        for (r->index = 0; r->index < tp->sig.n_contacts; r->index++)
            if (strcmp(tp->sig.contact[r->index].name, b + 8) == 0)
                return CT_OK;
        return ct_json_fail(o->file, o->err, o->path, "behaviour",
                            "cell type \"%s\" has no contact action called \"%s\"", tp->name,
                            b + 8);
    }
    return ct_json_fail(o->file, o->err, o->path, "behaviour",
                        "expected motility, proliferation, death, transition, secretion:FIELD or "
                        "contact:NAME, got \"%s\"",
                        b);
}

/* "field:NAME", "neighbours:TYPE" or "neighbours:TYPE:STATE". */
static int parse_signal(ct_jobj *o, const ct_scenario *sc, ct_rule *r)
{
    const char *s;
    int rc = ct_jobj_string(o, "signal", CT_JSON_REQUIRED, NULL, &s);
    if (rc)
        return rc;
    r->signal_state = -1;
    if (strncmp(s, "field:", 6) == 0) {
        r->signal = CT_SIGNAL_FIELD;
        r->signal_index = ct_scenario_field_index(sc, s + 6);
        return r->signal_index < 0 ? unknown_field(o, "signal", s + 6) : CT_OK;
    }
    if (strncmp(s, "neighbours:", 11) != 0)
        return ct_json_fail(o->file, o->err, o->path, "signal",
                            "expected \"field:NAME\", \"neighbours:TYPE\" or "
                            "\"neighbours:TYPE:STATE\", got \"%s\"",
                            s);
    char type[CT_NAME_MAX * 2];
    snprintf(type, sizeof type, "%s", s + 11);
    char *colon = strchr(type, ':');
    if (colon)
        *colon = '\0';
    r->signal = CT_SIGNAL_NEIGHBOURS;
    r->signal_index = ct_scenario_type_index(sc, type);
    if (r->signal_index < 0)
        return ct_json_fail(o->file, o->err, o->path, "signal", "unknown cell type \"%s\"", type);
    if (!colon)
        return CT_OK;
    r->signal_state = ct_scenario_state_index(sc, colon + 1);
    if (!declares_state(&sc->types[r->signal_index], r->signal_state))
        return ct_json_fail(o->file, o->err, o->path, "signal",
                            "cell type \"%s\" has no state \"%s\"", type, colon + 1);
    return CT_OK;
}

static int rule_item(ct_jobj *o, ct_scenario *sc, ct_type_params *tp, int k)
{
    ct_rule *r = &tp->sig.rule[k];
    tp->sig.n_rules = k + 1;
    int rc;
    if ((rc = parse_behaviour(o, sc, tp, r)) || (rc = parse_signal(o, sc, r)) ||
        (rc = ct_jobj_number(o, "max", CT_JSON_REQUIRED, 0, 0, 1e12, &r->max)) ||
        (rc = ct_jobj_number(o, "half", CT_JSON_REQUIRED, 0, 1e-30, 1e30, &r->half)) ||
        (rc = ct_jobj_number(o, "hill", CT_JSON_OPTIONAL, 1, 1e-3, 100, &r->hill)) ||
        (rc = read_state(o, "state", CT_JSON_OPTIONAL, sc, tp, &r->state)))
        return rc;
    return ct_jobj_close(o);
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
