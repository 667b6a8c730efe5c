/* SBML species per cell: attribute columns, inputs, RK4, secretion (ct_intracellular.h).
 * Each cell's update reads only its own columns and the old fields and lattice, and writes only its
 * own columns and its own site's source: the result never depends on the thread count. */
#include <stdio.h>
#include <string.h>

#include "ct_death.h"
#include "ct_intracellular.h"
#include "ct_intracellular_def.h"
#include "ct_registry.h"
#include "ct_rules.h"

#define OWNER "intracellular"

/* The model's value table with this cell's inputs in place (values holds the model's copy). */
static void set_inputs(const ct_sim *sim, size_t i, const ct_intracellular *in, double *values)
{
    for (int k = 0; k < in->n_inputs; k++) {
        const ct_intra_input *x = &in->input[k];
        ct_rule r = {.signal = x->signal, .signal_index = x->signal_index,
                     .signal_state = x->signal_state};
        values[x->value] = ct_rules_signal(sim, i, &r);
    }
}

static void advance_cell(ct_sim *sim, size_t i, const ct_intracellular *in, double *values)
{
    const ct_sbml_model *m = in->model;
    double y[CT_SBML_MAX_SPECIES];
    for (int s = 0; s < m->n_species; s++)
        y[s] = sim->ag.attr[in->column[s]][i];
    /* an input species held fixed by the model is part of the state the laws read */
    set_inputs(sim, i, in, values);
    for (int k = 0; k < in->n_inputs; k++)
        if (in->input[k].value < m->n_species)
            y[in->input[k].value] = values[in->input[k].value];
    ct_sbml_rk4(m, y, values, in->dt, in->substeps);
    uint32_t site = sim->ag.site[i];
    for (int s = 0; s < m->n_species; s++)
        sim->ag.attr[in->column[s]][i] = y[s];
    for (int k = 0; k < in->n_secretions; k++) {
        const ct_intra_secretion *x = &in->secretion[k];
        sim->fields.source[x->field][site] += (float)(x->rate * y[x->species] * sim->dt);
    }
}

void ct_intracellular_advance(ct_sim *sim, size_t begin, size_t end)
{
    double values[CT_SBML_MAX_VALUES];
    int loaded = -1; /* the type whose model's values are in values */
    for (size_t i = begin; i < end; i++) {
        int type = sim->ag.type[i];
        if (type == CT_DEAD_TYPE || !sim->sc->types[type].intra || ct_death_is_body(sim, i))
            continue; /* a body's network has stopped */
        const ct_intracellular *in = sim->sc->types[type].intra;
        if (type != loaded) {
            memcpy(values, in->model->value, (size_t)in->model->n_values * sizeof *values);
            loaded = type;
        }
        advance_cell(sim, i, in, values);
    }
}

static int advance_all(void *user, ct_sim *sim)
{
    (void)user;
    size_t n = sim->ag.n, chunks = (n + CT_CHUNK - 1) / CT_CHUNK;
#pragma omp parallel for schedule(static) if (chunks > 1)
    for (size_t c = 0; c < chunks; c++)
        ct_intracellular_advance(sim, c * CT_CHUNK, (c + 1) * CT_CHUNK < n ? (c + 1) * CT_CHUNK : n);
    return CT_OK;
}

static int add_columns(ct_sim *sim, const ct_intracellular *in)
{
    const ct_sbml_model *m = in->model;
    for (int s = 0; s < m->n_species; s++) {
        if (in->column[s] < sim->ag.n_attr)
            continue; /* shared with an earlier type's model */
        char name[sizeof sim->ag.attr_name[0]];
        snprintf(name, sizeof name, CT_INTRA_PREFIX "%s", m->name[s]);
        int k = ct_agents_add_attribute(&sim->ag, name, m->value[s], &sim->err);
        if (k < 0)
            return k;
        if (k != in->column[s])
            return ct_error_set(&sim->err, CT_ESTATE,
                                "attribute \"%s\" took column %d instead of %d: species columns "
                                "must come before any other attribute", name, k, in->column[s]);
        sim->ag.attr_split[k] = in->division == CT_INTRA_SPLIT;
    }
    return CT_OK;
}

int ct_intracellular_attach(ct_sim *sim)
{
    int any = 0;
    for (int t = 0; t < sim->sc->n_types; t++) {
        const ct_intracellular *in = sim->sc->types[t].intra;
        if (!in)
            continue;
        any = 1;
        int rc = add_columns(sim, in);
        if (rc)
            return rc;
    }
    if (!any)
        return CT_OK;
    ct_behaviour b = {.name = "sbml", .owner = OWNER, .phases = CT_PHASE_FIELDS,
                      .fields = advance_all};
    return ct_registry_add(&sim->registry, &b, &sim->err);
}
