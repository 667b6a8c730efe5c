/* Field totals as counts.csv columns. */
#include "ct_field_columns.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#define OWNER "output.field_totals"

static double field_total(void *user, const ct_sim *sim)
{
    int k = (int)(intptr_t)user;
    return ct_fields_total(&sim->fields, k, pow(sim->lat.dx, sim->lat.ndim));
}

static int add_one(ct_sim *sim, int k, ct_error *err)
{
    const char *field = sim->sc->fields[k].name;
    ct_column c = {.value = field_total, .user = (void *)(intptr_t)k};
    snprintf(c.owner, sizeof c.owner, "%s", OWNER);
    int len = snprintf(c.name, sizeof c.name, "%s" CT_FIELD_TOTAL_SUFFIX, field);
    if (len >= (int)sizeof c.name)
        return ct_error_set(err, CT_EINVAL,
                            "%s: " OWNER ": field \"%s\": the column name \"%s" CT_FIELD_TOTAL_SUFFIX
                            "\" is longer than %zu bytes: use a shorter field name",
                            sim->sc->file, field, field, sizeof c.name - 1);
    if (ct_scenario_type_index(sim->sc, c.name) >= 0)
        return ct_error_set(err, CT_EINVAL,
                            "%s: " OWNER ": field \"%s\": counts.csv already has a cell type column "
                            "\"%s\"",
                            sim->sc->file, field, c.name);
    return ct_columns_add(&sim->columns, &c, err);
}

int ct_field_columns_add(ct_sim *sim, ct_error *err)
{
    if (!sim->sc->field_totals)
        return CT_OK;
    for (int k = 0; k < sim->sc->n_fields; k++) {
        int rc = add_one(sim, k, err);
        if (rc)
            return rc;
    }
    return CT_OK;
}
