/* Signal declarations resolved against a scenario: the one place of their validation and limits,
 * shared by the JSON reader and the Lua declarations (ct_signals_decl.h). */
#include "ct_signals_decl.h"

#include "ct_intracellular_def.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const ct_decl_number ct_num_field_rate = {"rate", 0, 0, 1e12};
const ct_decl_number ct_num_sensitivity = {"sensitivity", 0, -1e9, 1e9};
const ct_decl_number ct_num_probability = {"probability", 0, 0, 1};
const ct_decl_number ct_num_rate = {"rate", 0, 0, 1e12};
const ct_decl_number ct_num_rule_max = {"max", 0, 0, 1e12};
const ct_decl_number ct_num_rule_half = {"half", 0, 1e-30, 1e30};
const ct_decl_number ct_num_rule_hill = {"hill", 1, 1e-3, 100};

const char *const ct_contact_actions[] = {"kill", "infect", "activate", "phagocytose", NULL};

static int fail(ct_decl_error *e, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(ct_decl_error *e, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ct_error_vset(&e->why, CT_EINVAL, fmt, ap);
    va_end(ap);
    e->key = key;
    return CT_EINVAL;
}

static int declares_state(const ct_type_params *tp, int state)
{
    return state >= 0 && state < CT_MAX_STATES && (tp->sig.states >> state & 1u);
}

int ct_decl_state_allowed(const ct_type_params *tp, int state)
{
    return tp->sig.states ? declares_state(tp, state) : state == 0;
}

int ct_decl_state_index(const ct_scenario *sc, const ct_type_params *tp, const char *name)
{
    int k = ct_scenario_state_index(sc, name);
    return ct_decl_state_allowed(tp, k) ? k : -1;
}

void ct_decl_describe_states(const ct_scenario *sc, const ct_type_params *tp, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < sc->n_states && used < n; k++)
        if (ct_decl_state_allowed(tp, k)) {
            int w = snprintf(buf + used, n - used, "%s%s = %d", used ? ", " : "",
                             sc->state_names[k], k);
            used += w > 0 ? (size_t)w : 0;
        }
}

static int unknown_field(ct_decl_error *e, const char *key, const char *name)
{
    return fail(e, key, "unknown field \"%s\" (declare it under \"fields\")", name);
}

/* The state called name of type tp; NULL: *out = -1, or a failure when required. */
static int state_of(const ct_scenario *sc, const ct_type_params *tp, const char *key,
                    const char *name, int required, int *out, ct_decl_error *e)
{
    *out = -1;
    if (!name)
        return required ? fail(e, key, "required: a state of cell type \"%s\"", tp->name) : CT_OK;
    *out = ct_scenario_state_index(sc, name);
    if (!declares_state(tp, *out))
        return fail(e, key, "cell type \"%s\" has no state \"%s\" (see its \"states\")", tp->name,
                    name);
    return CT_OK;
}

static int type_of(const ct_scenario *sc, const char *key, const char *name, int *out,
                   ct_decl_error *e)
{
    if (!name)
        return fail(e, key, "required: a cell type name");
    *out = ct_scenario_type_index(sc, name);
    return *out < 0 ? fail(e, key, "unknown cell type \"%s\"", name) : CT_OK;
}

/* ---- states, secretion, uptake, chemotaxis -------------------------------------------------- */

int ct_decl_add_state(ct_scenario *sc, ct_type_params *tp, const char *name, ct_decl_error *e)
{
    int k = ct_scenario_state_index(sc, name);
    if (!ct_scenario_name_ok(name))
        return fail(e, "states", "a state name needs 1 to %d bytes of UTF-8 and no , : or quotes",
                    CT_NAME_MAX - 1);
    if (declares_state(tp, k))
        return fail(e, "states", "state defined twice");
    if (k < 0) {
        if (sc->n_states == CT_MAX_STATES)
            return fail(e, "states", "at most %d state names are supported", CT_MAX_STATES - 1);
        k = sc->n_states++;
        snprintf(sc->state_names[k], CT_NAME_MAX, "%s", name);
    }
    tp->sig.states |= 1u << k;
    return CT_OK;
}

int ct_decl_initial_state(const ct_scenario *sc, ct_type_params *tp, const char *first,
                          const char *initial, ct_decl_error *e)
{
    if (!first)
        return initial ? fail(e, "initial_state",
                              "needs \"states\", the list of this type's states")
                       : CT_OK;
    return state_of(sc, tp, "initial_state", initial ? initial : first, 1,
                    &tp->sig.initial_state, e);
}

/* The secretion entry of field f, created on first use; NULL when the type has too many. */
static ct_secretion *secretion_of(ct_type_signals *sig, int f)
{
    for (int k = 0; k < sig->n_secretions; k++)
        if (sig->secretion[k].field == f)
            return &sig->secretion[k];
    if (sig->n_secretions == CT_MAX_TYPE_FIELDS)
        return NULL;
    ct_secretion *s = &sig->secretion[sig->n_secretions++];
    memset(s, 0, sizeof *s);
    s->field = f;
    return s;
}

int ct_decl_field_rate(const ct_scenario *sc, ct_type_signals *sig, const char *field, int uptake,
                       double v, ct_decl_error *e)
{
    int f = ct_scenario_field_index(sc, field);
    if (f < 0)
        return unknown_field(e, field, field);
    ct_secretion *s = secretion_of(sig, f);
    if (!s)
        return fail(e, field, "a type secretes or takes up at most %d fields", CT_MAX_TYPE_FIELDS);
    *(uptake ? &s->uptake : &s->rate) = v;
    return CT_OK;
}

int ct_decl_chemotaxis(const ct_scenario *sc, ct_type_signals *sig, const char *field,
                       double sensitivity, ct_decl_error *e)
{
    sig->chemotaxis_field = ct_scenario_field_index(sc, field);
    sig->chemotaxis_sensitivity = sensitivity;
    return sig->chemotaxis_field < 0 ? unknown_field(e, "field", field) : CT_OK;
}

/* ---- contact actions ------------------------------------------------------------------------ */

/* Exactly one of probability (per step) and rate (per minute). */
static int contact_value(const ct_contact_decl *d, ct_contact_def *c, ct_decl_error *e)
{
    if (d->has_probability == d->has_rate)
        return fail(e, NULL, "give either \"probability\" (per step) or \"rate\" (per minute)");
    c->per_minute = d->has_rate;
    c->value = d->has_rate ? d->rate : d->probability;
    return CT_OK;
}

/* "to": a type for infect, a state of the target type for activate, nothing for kill. */
static int contact_to(const ct_scenario *sc, const ct_contact_decl *d, ct_contact_def *c,
                      ct_decl_error *e)
{
    if (c->action == CT_CONTACT_INFECT)
        return type_of(sc, "to", d->to, &c->to, e);
    if (c->action == CT_CONTACT_ACTIVATE)
        return state_of(sc, &sc->types[c->target], "to", d->to, 1, &c->to, e);
    return d->to ? fail(e, "to", "a %s changes nothing to name", ct_contact_actions[c->action])
                 : CT_OK;
}

/* Phagocytosis eats the bodies that the target type's death model leaves, and nothing else; the
   other actions never take a body or make one. */
static int contact_bodies(const ct_scenario *sc, const ct_contact_def *c, ct_decl_error *e)
{
    const ct_type_params *target = &sc->types[c->target];
    int body = target->death.model != CT_DEATH_INSTANT ? target->death.body_state : -1;
    if (c->action != CT_CONTACT_PHAGOCYTOSE) {
        int to_body = c->action == CT_CONTACT_ACTIVATE && c->to == body;
        if (body >= 0 && (c->target_state == body || to_body))
            return fail(e, to_body ? "to" : "target_state",
                        "\"%s\" is the state of cell type \"%s\"'s bodies: only \"phagocytose\" "
                        "acts on them, and only a death makes one",
                        sc->state_names[body], target->name);
        return CT_OK;
    }
    if (target->death.model == CT_DEATH_INSTANT)
        return fail(e, "target",
                    "cell type \"%s\" leaves no bodies to phagocytose: give it \"death\": "
                    "{\"model\": \"apoptosis\" or \"necrosis\", \"duration\": {...}}",
                    target->name);
    if (c->target_state >= 0)
        return fail(e, "target_state",
                    "phagocytosis acts on bodies only (state \"%s\"): remove \"target_state\"",
                    sc->state_names[target->death.body_state]);
    return CT_OK;
}

static int contact_name(const ct_type_params *tp, const ct_contact_decl *d, ct_contact_def *c,
                        ct_decl_error *e)
{
    const char *name = d->name ? d->name : ct_contact_actions[c->action];
    if (strlen(name) >= sizeof c->name)
        return fail(e, "name", "at most %zu characters", sizeof c->name - 1);
    for (int k = 0; k < tp->sig.n_contacts; k++)
        if (strcmp(tp->sig.contact[k].name, name) == 0)
            return fail(e, "name",
                        "two contact actions of this type are called \"%s\"; give each a "
                        "distinct \"name\"",
                        name);
    snprintf(c->name, sizeof c->name, "%s", name);
    return CT_OK;
}

int ct_decl_contact(const ct_scenario *sc, ct_type_params *tp, const ct_contact_decl *d,
                    ct_decl_error *e)
{
    ct_contact_def c = {.action = d->action};
    int rc;
    if (tp->sig.n_contacts == CT_MAX_CONTACTS)
        return fail(e, NULL, "cell type \"%s\" has more than %d contact actions", tp->name,
                    CT_MAX_CONTACTS);
    if ((rc = type_of(sc, "target", d->target, &c.target, e)) ||
        (rc = state_of(sc, &sc->types[c.target], "target_state", d->target_state, 0,
                       &c.target_state, e)) ||
        (rc = state_of(sc, tp, "state", d->state, 0, &c.state, e)) ||
        (rc = contact_value(d, &c, e)) || (rc = contact_to(sc, d, &c, e)) ||
        (rc = contact_bodies(sc, &c, e)) || (rc = contact_name(tp, d, &c, e)))
        return rc;
    tp->sig.contact[tp->sig.n_contacts++] = c;
    return CT_OK;
}

/* ---- rules ---------------------------------------------------------------------------------- */

static int rule_secretion(const ct_scenario *sc, ct_type_params *tp, const char *field,
                          ct_rule *r, ct_decl_error *e)
{
    r->behaviour = CT_BEHAVIOUR_SECRETION;
    r->index = ct_scenario_field_index(sc, field);
    if (r->index < 0)
        return unknown_field(e, "behaviour", field);
    return secretion_of(&tp->sig, r->index) ? CT_OK : fail(e, "behaviour", "too many fields");
}

static int rule_contact(const ct_type_params *tp, const char *name, ct_rule *r, ct_decl_error *e)
{
    r->behaviour = CT_BEHAVIOUR_CONTACT;
    for (r->index = 0; r->index < tp->sig.n_contacts; r->index++)
        if (strcmp(tp->sig.contact[r->index].name, name) == 0)
            return CT_OK;
    return fail(e, "behaviour", "cell type \"%s\" has no contact action called \"%s\"", tp->name,
                name);
}

/* "motility" ... "transition", "secretion:FIELD" or "contact:NAME". */
static int rule_behaviour(const ct_scenario *sc, ct_type_params *tp, const char *b, ct_rule *r,
                          ct_decl_error *e)
{
    static const char *const events[] = {"motility", "proliferation", "death", "transition"};
    for (int k = 0; k < 4; k++)
        if (strcmp(b, events[k]) == 0) {
            r->behaviour = k;
            if (k == CT_BEHAVIOUR_TRANSITION && tp->transition_to < 0)
                return fail(e, "behaviour",
                            "cell type \"%s\" has no transition (set transition.to)", tp->name);
            return CT_OK;
        }
    if (strncmp(b, "secretion:", 10) == 0)
        return rule_secretion(sc, tp, b + 10, r, e);
    if (strncmp(b, "contact:", 8) == 0)
        return rule_contact(tp, b + 8, r, e);
    return fail(e, "behaviour",
                "expected motility, proliferation, death, transition, secretion:FIELD or "
                "contact:NAME, got \"%s\"",
                b);
}

int ct_decl_neighbour_selector(const ct_scenario *sc, const char *selector, const char *key,
                               int *type, int *state, ct_decl_error *e)
{
    /* called per cell by scripts: the type is copied out only when a state follows */
    const char *colon = strchr(selector, ':'), *name = selector;
    char type_name[CT_NAME_MAX];
    if (colon) {
        size_t len = (size_t)(colon - selector);
        if (len >= sizeof type_name)
            return fail(e, key, "unknown cell type \"%.*s\"", (int)len, selector);
        memcpy(type_name, selector, len);
        type_name[len] = '\0';
        name = type_name;
    }
    *state = -1;
    *type = ct_scenario_type_index(sc, name);
    if (*type < 0)
        return fail(e, key, "unknown cell type \"%s\"", name);
    if (!colon)
        return CT_OK;
    *state = ct_scenario_state_index(sc, colon + 1);
    if (!declares_state(&sc->types[*type], *state))
        return fail(e, key, "cell type \"%s\" has no state \"%s\"", name, colon + 1);
    return CT_OK;
}

int ct_decl_signal(const ct_scenario *sc, const char *s, ct_rule *r, ct_decl_error *e)
{
    r->signal_state = -1;
    if (strncmp(s, "field:", 6) == 0) {
        r->signal = CT_SIGNAL_FIELD;
        r->signal_index = ct_scenario_field_index(sc, s + 6);
        return r->signal_index < 0 ? unknown_field(e, "signal", s + 6) : CT_OK;
    }
    if (strncmp(s, "neighbours:", 11) == 0) {
        r->signal = CT_SIGNAL_NEIGHBOURS;
        return ct_decl_neighbour_selector(sc, s + 11, "signal", &r->signal_index,
                                          &r->signal_state, e);
    }
    return fail(e, "signal",
                "expected \"field:NAME\", \"neighbours:TYPE\" or \"neighbours:TYPE:STATE\", got "
                "\"%s\"",
                s);
}

/* A rule's signal: those of ct_decl_signal, or "species:NAME" of the type's SBML model. */
static int rule_signal(const ct_scenario *sc, const ct_type_params *tp, const char *s, ct_rule *r,
                       ct_decl_error *e)
{
    if (strncmp(s, "species:", 8) != 0)
        return ct_decl_signal(sc, s, r, e);
    int k = ct_intracellular_species(tp, s + 8);
    if (k < 0)
        return fail(e, "signal", "cell type \"%s\" has no intracellular species \"%s\"",
                    tp->name, s + 8);
    r->signal = CT_SIGNAL_SPECIES;
    r->signal_index = tp->intra->column[k];
    r->signal_state = -1;
    return CT_OK;
}

int ct_decl_rule(const ct_scenario *sc, ct_type_params *tp, const ct_rule_decl *d,
                 ct_decl_error *e)
{
    ct_rule r = {.max = d->max, .half = d->half, .hill = d->hill};
    int rc;
    if (tp->sig.n_rules == CT_MAX_RULES)
        return fail(e, NULL, "cell type \"%s\" has more than %d rules", tp->name, CT_MAX_RULES);
    if ((rc = rule_behaviour(sc, tp, d->behaviour, &r, e)) ||
        (rc = rule_signal(sc, tp, d->signal, &r, e)) ||
        (rc = state_of(sc, tp, "state", d->state, 0, &r.state, e)))
        return rc;
    tp->sig.rule[tp->sig.n_rules++] = r;
    return CT_OK;
}
