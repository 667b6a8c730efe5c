/* The "fields" section of a scenario: coefficients, boundary, solver, initial regions, sources. */
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_json.h"
#include "ct_scenario.h"

static const char *const boundaries[] = {"no_flux", "fixed", "periodic", NULL};
static const char *const solvers[] = {"explicit", "implicit", "auto", "spectral", NULL};

static int new_region(ct_jobj *o, ct_scenario *sc, ct_field_region **out)
{
    ct_field_region *r = ct_realloc(sc->field_regions,
                                    (size_t)(sc->n_field_regions + 1) * sizeof *r);
    if (!r)
        return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
    sc->field_regions = r;
    *out = &r[sc->n_field_regions++];
    memset(*out, 0, sizeof **out);
    return CT_OK;
}

/* One region object at path: its geometry plus "value" (initial) or "rate" (source). */
static int parse_region(ct_jobj *field, cJSON *node, const char *path, int field_index,
                        int is_source, ct_scenario *sc)
{
    ct_field_region *r = NULL;
    ct_jobj o;
    int rc;
    if ((rc = ct_jobj_open(&o, field->file, field->err, node, path)) ||
        (rc = new_region(&o, sc, &r)))
        return rc;
    r->field = field_index;
    r->is_source = is_source;
    if ((rc = ct_scenario_parse_region(&o, sc, &r->where)) ||
        (rc = is_source ? ct_jobj_number(&o, "rate", CT_JSON_REQUIRED, 0, -1e30, 1e30, &r->value)
                        : ct_jobj_number(&o, "value", CT_JSON_REQUIRED, 0, -1e30, 1e30,
                                         &r->value)))
        return rc;
    return ct_jobj_close(&o);
}

static int parse_sources(ct_jobj *field, int field_index, ct_scenario *sc)
{
    cJSON *list = ct_jobj_get(field, "sources");
    if (!list)
        return CT_OK;
    if (!cJSON_IsArray(list))
        return ct_json_fail(field->file, field->err, field->path, "sources",
                            "expected an array of regions with a \"rate\" (field units per "
                            "minute per site)");
    int k = 0;
    for (cJSON *e = list->child; e; e = e->next, k++) {
        char path[600];
        snprintf(path, sizeof path, "%s/sources/%d", field->path, k);
        int rc = parse_region(field, e, path, field_index, 1, sc);
        if (rc)
            return rc;
    }
    return CT_OK;
}

static int parse_field(ct_jobj *fields, cJSON *node, int k, ct_scenario *sc)
{
    ct_field_def *fd = &sc->fields[k];
    ct_jobj o;
    char path[512];
    const char *units;
    snprintf(path, sizeof path, "%s/%s", fields->path, node->string);
    int rc;
    if ((rc = ct_jobj_open(&o, fields->file, fields->err, node, path)) ||
        (rc = ct_jobj_number(&o, "diffusion", CT_JSON_REQUIRED, 0, 0, 1e12, &fd->diffusion)) ||
        (rc = ct_jobj_number(&o, "decay", CT_JSON_OPTIONAL, 0, 0, 1e12, &fd->decay)) ||
        (rc = ct_jobj_enum(&o, "boundary", CT_JSON_OPTIONAL, boundaries, CT_FIELD_NO_FLUX,
                           &fd->boundary)) ||
        (rc = ct_jobj_number(&o, "boundary_value", CT_JSON_OPTIONAL, 0, -1e30, 1e30,
                             &fd->boundary_value)) ||
        (rc = ct_jobj_number(&o, "initial", CT_JSON_OPTIONAL, 0, -1e30, 1e30, &fd->initial)) ||
        (rc = ct_jobj_string(&o, "units", CT_JSON_OPTIONAL, "", &units)) ||
        (rc = ct_jobj_enum(&o, "solver", CT_JSON_OPTIONAL, solvers, CT_SOLVER_EXPLICIT,
                           &fd->solver)) ||
        (rc = parse_sources(&o, k, sc)))
        return rc;
    snprintf(fd->units, sizeof fd->units, "%s", units);
    cJSON *region = ct_jobj_get(&o, "initial_region");
    if (region) {
        snprintf(path, sizeof path, "%s/initial_region", o.path);
        if ((rc = parse_region(&o, region, path, k, 0, sc)))
            return rc;
    }
    return ct_jobj_close(&o);
}

int ct_scenario_parse_fields(ct_jobj *root, ct_scenario *sc)
{
    ct_jobj fields;
    int rc = ct_jobj_child(root, "fields", CT_JSON_OPTIONAL, &fields);
    for (cJSON *c = rc ? NULL : fields.node->child; c; c = c->next) {
        if (sc->n_fields == CT_MAX_FIELDS)
            return ct_json_fail(fields.file, fields.err, fields.path, NULL,
                                "at most %d fields are supported", CT_MAX_FIELDS);
        if ((rc = ct_scenario_check_name(&fields, c->string, c->string, "field",
                                         ct_scenario_field_index(sc, c->string) >= 0)))
            return rc;
        ct_field_def *fd = &sc->fields[sc->n_fields++];
        snprintf(fd->name, sizeof fd->name, "%s", c->string);
        ct_jobj_get(&fields, c->string);
        if ((rc = parse_field(&fields, c, sc->n_fields - 1, sc)))
            return rc;
    }
    return rc;
}
