/* The "intracellular" key of a cell type: the SBML model (read once, here), its step, division of
 * its species, inputs from the cell's site and secretion of species into fields. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_intracellular_def.h"
#include "ct_json.h"
#include "ct_scenario.h"
#include "ct_signals_decl.h"

void ct_intracellular_free(ct_intracellular *in)
{
    if (!in)
        return;
    ct_sbml_free(in->model);
    ct_free(in->path);
    ct_free(in);
}

int ct_intracellular_species(const ct_type_params *tp, const char *name)
{
    if (!tp->intra)
        return -1;
    int k = ct_sbml_value_index(tp->intra->model, name);
    return k < tp->intra->model->n_species ? k : -1;
}

/* Species columns are shared by name across types (attributes belong to every cell), in the
   order types declare them; ct_intracellular_attach adds them in this same order. A shared
   column must start and divide alike in every model that has it. */
static int assign_columns(ct_jobj *o, const ct_scenario *sc, const ct_type_params *tp)
{
    const ct_sbml_model *m = tp->intra->model;
    int n_columns = 0;
    for (const ct_type_params *t = sc->types; t < tp; t++)
        for (int s = 0; t->intra && s < t->intra->model->n_species; s++)
            n_columns = t->intra->column[s] + 1 > n_columns ? t->intra->column[s] + 1 : n_columns;
    for (int s = 0; s < m->n_species; s++) {
        tp->intra->column[s] = -1;
        for (const ct_type_params *t = sc->types; t < tp && tp->intra->column[s] < 0; t++) {
            int k = ct_intracellular_species(t, m->name[s]);
            if (k < 0)
                continue;
            if (t->intra->model->value[k] != m->value[s] || t->intra->division != tp->intra->division)
                return ct_json_fail(o->file, o->err, o->path, "sbml",
                                    "species \"%s\" is also in the model of cell type \"%s\" with "
                                    "another initial value or division: a species is one cell "
                                    "attribute \"" CT_INTRA_PREFIX "%s\" for every type",
                                    m->name[s], t->name, m->name[s]);
            tp->intra->column[s] = t->intra->column[k];
        }
        if (tp->intra->column[s] < 0)
            tp->intra->column[s] = n_columns++;
    }
    if (n_columns > CT_MAX_ATTRS / 2)
        return ct_json_fail(o->file, o->err, o->path, "sbml",
                            "the models have %d species together: at most %d (cell attributes)",
                            n_columns, CT_MAX_ATTRS / 2);
    return CT_OK;
}

/* "inputs": {"SBML_ID": "field:NAME" | "neighbours:TYPE[:STATE]"}. */
static int parse_inputs(ct_jobj *o, const ct_scenario *sc, ct_intracellular *in)
{
    cJSON *inputs = ct_jobj_get(o, "inputs");
    if (!inputs)
        return CT_OK;
    if (!cJSON_IsObject(inputs))
        return ct_json_fail(o->file, o->err, o->path, "inputs",
                            "expected an object {\"SBML id\": \"field:NAME\"}");
    for (cJSON *c = inputs->child; c; c = c->next) {
        char path[600];
        snprintf(path, sizeof path, "%s/inputs", o->path);
        if (in->n_inputs == CT_INTRA_MAX_INPUTS)
            return ct_json_fail(o->file, o->err, path, NULL, "at most %d inputs",
                                CT_INTRA_MAX_INPUTS);
        ct_intra_input *x = &in->input[in->n_inputs++];
        x->value = ct_sbml_value_index(in->model, c->string);
        if (x->value < 0)
            return ct_json_fail(o->file, o->err, path, c->string,
                                "not a species or parameter of %s", in->path);
        if (x->value < in->model->n_species && !in->model->fixed[x->value])
            return ct_json_fail(o->file, o->err, path, c->string,
                                "species \"%s\" is changed by reactions: an input may set a "
                                "parameter, or a species with boundaryCondition or constant",
                                c->string);
        ct_rule r;
        ct_decl_error e = {0};
        if (!cJSON_IsString(c) || ct_decl_signal(sc, c->valuestring, &r, &e))
            return ct_json_fail(o->file, o->err, path, c->string, "%s",
                                cJSON_IsString(c) ? e.why.msg
                                                  : "expected \"field:NAME\" or \"neighbours:TYPE\"");
        x->signal = r.signal;
        x->signal_index = r.signal_index;
        x->signal_state = r.signal_state;
    }
    return CT_OK;
}

/* "secrete": {"FIELD": {"species": "X", "rate": r}}: r * X per minute into FIELD at the site. */
static int parse_secretions(ct_jobj *o, const ct_scenario *sc, ct_intracellular *in)
{
    ct_jobj sec;
    int rc = ct_jobj_child(o, "secrete", CT_JSON_OPTIONAL, &sec);
    for (cJSON *c = sec.node ? sec.node->child : NULL; !rc && c; c = c->next) {
        ct_jobj item;
        const char *species;
        char path[700];
        snprintf(path, sizeof path, "%s/%s", sec.path, c->string);
        ct_jobj_get(&sec, c->string);
        if (in->n_secretions == CT_INTRA_MAX_SECRETIONS)
            return ct_json_fail(o->file, o->err, sec.path, NULL, "at most %d fields",
                                CT_INTRA_MAX_SECRETIONS);
        ct_intra_secretion *x = &in->secretion[in->n_secretions++];
        if ((x->field = ct_scenario_field_index(sc, c->string)) < 0)
            return ct_json_fail(o->file, o->err, sec.path, c->string, "unknown field");
        if ((rc = ct_jobj_open(&item, o->file, o->err, c, path)) ||
            (rc = ct_jobj_string(&item, "species", CT_JSON_REQUIRED, NULL, &species)) ||
            (rc = ct_jobj_number(&item, "rate", CT_JSON_REQUIRED, 0.0, 0.0, 1e12, &x->rate)))
            return rc;
        x->species = ct_sbml_value_index(in->model, species);
        if (x->species < 0 || x->species >= in->model->n_species)
            return ct_json_fail(o->file, o->err, path, "species", "no species \"%s\" in %s",
                                species, in->path);
        rc = ct_jobj_close(&item);
    }
    return rc ? rc : ct_jobj_close(&sec);
}

/* The step's dt must be a whole number of integration steps, so every cell takes the same
   fixed steps (deterministic) and no step is cut short. */
static int parse_step(ct_jobj *o, const ct_scenario *sc, ct_intracellular *in)
{
    int rc = ct_jobj_number(o, "dt", CT_JSON_OPTIONAL, sc->dt, 1e-9, sc->dt, &in->dt);
    if (rc)
        return rc;
    double n = round(sc->dt / in->dt);
    if (n < 1 || n > 1e6 || fabs(n * in->dt - sc->dt) > 1e-9 * sc->dt)
        return ct_json_fail(o->file, o->err, o->path, "dt",
                            "%g min: expected the step's dt (%g min) divided by a whole number "
                            "from 1 to 1000000", in->dt, sc->dt);
    in->substeps = (int)n;
    return CT_OK;
}

/* A key that belongs to the other method is refused rather than silently ignored. */
static int refuse_key(ct_jobj *o, const char *key, const char *why)
{
    if (!ct_jobj_get(o, key))
        return CT_OK;
    return ct_json_fail(o->file, o->err, o->path, key, "%s", why);
}

/* "method": "rk4" takes "dt"; "cvode" chooses its own steps within "rtol" and "atol". */
static int parse_method(ct_jobj *o, const ct_scenario *sc, ct_intracellular *in)
{
    static const char *const methods[] = {"rk4", "cvode", NULL};
    int rc = ct_jobj_enum(o, "method", CT_JSON_OPTIONAL, methods, CT_INTRA_RK4, &in->method);
    if (rc)
        return rc;
    static const char only_cvode[] = "applies to \"method\": \"cvode\" only";
    if (in->method == CT_INTRA_RK4) {
        if ((rc = refuse_key(o, "rtol", only_cvode)) || (rc = refuse_key(o, "atol", only_cvode)))
            return rc;
        return parse_step(o, sc, in);
    }
    in->dt = sc->dt;
    in->substeps = 1;
    if ((rc = refuse_key(o, "dt", "is the RK4 step: \"method\": \"cvode\" chooses its own "
                                  "steps within \"rtol\" and \"atol\"")) ||
        (rc = ct_jobj_number(o, "rtol", CT_JSON_OPTIONAL, 1e-6, CT_INTRA_RTOL_MIN,
                             CT_INTRA_RTOL_MAX, &in->rtol)))
        return rc;
    return ct_jobj_number(o, "atol", CT_JSON_OPTIONAL, 1e-12, CT_INTRA_ATOL_MIN, CT_INTRA_ATOL_MAX,
                          &in->atol);
}

static int parse_model(ct_jobj *o, ct_scenario *sc, ct_intracellular *in)
{
    static const char *const divisions[] = {"copy", "split", NULL};
    const char *file;
    int rc;
    if ((rc = ct_jobj_string(o, "sbml", CT_JSON_REQUIRED, NULL, &file)) ||
        (rc = parse_method(o, sc, in)) ||
        (rc = ct_jobj_enum(o, "division", CT_JSON_OPTIONAL, divisions, CT_INTRA_COPY,
                           &in->division)))
        return rc;
    if (!(in->path = ct_scenario_resolve_path(sc, file)))
        return ct_error_set(o->err, CT_ENOMEM, "out of memory");
    if ((rc = ct_sbml_read(in->path, &in->model, o->err))) {
        ct_error_prefix(o->err, "%s: %s/sbml: ", o->file, o->path);
        return rc;
    }
    return CT_OK;
}

int ct_scenario_parse_intracellular(ct_jobj *type, ct_scenario *sc, ct_type_params *tp)
{
    if (!ct_jobj_get(type, "intracellular"))
        return CT_OK;
    ct_jobj o;
    int rc = ct_jobj_child(type, "intracellular", CT_JSON_REQUIRED, &o);
    if (rc)
        return rc;
    if (!(tp->intra = ct_calloc(1, sizeof *tp->intra)))
        return ct_error_set(type->err, CT_ENOMEM, "out of memory");
    if ((rc = parse_model(&o, sc, tp->intra)) || (rc = assign_columns(&o, sc, tp)) ||
        (rc = parse_inputs(&o, sc, tp->intra)) || (rc = parse_secretions(&o, sc, tp->intra)))
        return rc;
    return ct_jobj_close(&o);
}
