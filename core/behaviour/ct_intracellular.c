/* SBML species per cell: attribute columns, inputs, RK4 or CVODE, secretion (ct_intracellular.h).
 * Each cell's update reads only its own columns and the old fields and lattice, and writes only its
 * own columns and its own site's source: the result never depends on the thread count. */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_intracellular.h"
#include "ct_intracellular_def.h"
#include "ct_sbml_cvode.h"
#include "ct_registry.h"
#include "ct_rules.h"

#define OWNER "intracellular"
/* Agents per chunk of the parallel loop: small, because a CVODE cell costs tens of microseconds
   and chunks are the unit of load balance; the same for every thread count. */
#define INTRA_CHUNK 256

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

/* One thread's scratch for its chunks: the value table of the type last loaded (inputs of the
   cell in place), CVODE solvers made on first use (one per type), and its first failure. */
typedef struct work {
    double values[CT_SBML_MAX_VALUES];
    int loaded;                        /* the type whose model's values are in values, or -1 */
    ct_sbml_cvode *cvode[CT_MAX_TYPES];
    size_t failed;                     /* agent index of the first failure, or SIZE_MAX */
    ct_error why;
} work;

static int integrate(work *w, int type, const ct_intracellular *in, double *y, double span)
{
    if (in->method == CT_INTRA_RK4) {
        ct_sbml_rk4(in->model, y, w->values, in->dt, in->substeps);
        int bad = ct_sbml_first_nonfinite(in->model, y);
        if (bad < 0)
            return CT_OK;
        return ct_error_set(&w->why, CT_ESTATE,
                            "species \"%s\" became %g: the RK4 step (intracellular.dt = %g min) "
                            "may be too large for this model (a stiff one needs \"method\": "
                            "\"cvode\")", in->model->name[bad], y[bad], in->dt);
    }
    int rc = w->cvode[type] ? CT_OK
                            : ct_sbml_cvode_create(in->model, in->rtol, in->atol, &w->cvode[type],
                                                   &w->why);
    return rc ? rc : ct_sbml_cvode_advance(w->cvode[type], y, w->values, span, &w->why);
}

static int advance_cell(ct_sim *sim, size_t i, int type, const ct_intracellular *in, work *w)
{
    const ct_sbml_model *m = in->model;
    double y[CT_SBML_MAX_SPECIES];
    for (int s = 0; s < m->n_species; s++)
        y[s] = sim->ag.attr[in->column[s]][i];
    /* an input species held fixed by the model is part of the state the laws read */
    set_inputs(sim, i, in, w->values);
    for (int k = 0; k < in->n_inputs; k++)
        if (in->input[k].value < m->n_species)
            y[in->input[k].value] = w->values[in->input[k].value];
    int rc = integrate(w, type, in, y, sim->dt);
    if (rc)
        return rc;
    uint32_t site = sim->ag.site[i];
    for (int s = 0; s < m->n_species; s++)
        sim->ag.attr[in->column[s]][i] = y[s];
    for (int k = 0; k < in->n_secretions; k++) {
        const ct_intra_secretion *x = &in->secretion[k];
        sim->fields.source[x->field][site] += (float)(x->rate * y[x->species] * sim->dt);
    }
    return CT_OK;
}

/* Agents [begin, end); stops at the first failure, which w keeps. */
static void advance_chunk(ct_sim *sim, work *w, size_t begin, size_t end)
{
    for (size_t i = begin; i < end; i++) {
        int type = sim->ag.type[i];
        if (type == CT_DEAD_TYPE || !sim->sc->types[type].intra)
            continue;
        const ct_intracellular *in = sim->sc->types[type].intra;
        if (type != w->loaded) {
            memcpy(w->values, in->model->value, (size_t)in->model->n_values * sizeof *w->values);
            w->loaded = type;
        }
        if (advance_cell(sim, i, type, in, w)) {
            w->failed = i;
            return;
        }
    }
}

/* The failure of the lowest agent index (each thread stops at its first, and a thread's chunks
   come in index order, so this is the first failing cell whatever the thread count). */
static int report_failure(ct_sim *sim, const work *works, int n_works)
{
    const work *first = NULL;
    for (int t = 0; t < n_works; t++)
        if (works[t].failed != SIZE_MAX && (!first || works[t].failed < first->failed))
            first = &works[t];
    if (!first)
        return CT_OK;
    size_t i = first->failed;
    const ct_type_params *tp = &sim->sc->types[sim->ag.type[i]];
    uint32_t c[3];
    ct_lattice_coords(&sim->lat, sim->ag.site[i], c);
    return ct_error_set(&sim->err, first->why.code,
                        "cell type \"%s\": intracellular model %s (method %s) failed in step %llu "
                        "(t = %g to %g min), cell id %llu at site (x %u, y %u, z %u): %s",
                        tp->name, tp->intra->path, tp->intra->method == CT_INTRA_RK4 ? "rk4" : "cvode",
                        (unsigned long long)sim->step, (double)sim->step * sim->dt,
                        (double)(sim->step + 1) * sim->dt, (unsigned long long)sim->ag.id[i], c[0],
                        c[1], c[2], first->why.msg);
}

int ct_intracellular_advance_all(ct_sim *sim)
{
    size_t n = sim->ag.n, chunks = (n + INTRA_CHUNK - 1) / INTRA_CHUNK;
    int n_works = chunks > 1 ? omp_get_max_threads() : 1;
    work *works = ct_calloc((size_t)n_works, sizeof *works);
    if (!works)
        return ct_error_set(&sim->err, CT_ENOMEM, "intracellular models: out of memory");
#pragma omp parallel num_threads(n_works)
    {
        work *w = &works[omp_get_thread_num()];
        w->loaded = -1;
        w->failed = SIZE_MAX;
#pragma omp for schedule(static)
        for (size_t c = 0; c < chunks; c++)
            if (w->failed == SIZE_MAX)
                advance_chunk(sim, w, c * INTRA_CHUNK,
                              (c + 1) * INTRA_CHUNK < n ? (c + 1) * INTRA_CHUNK : n);
        for (int t = 0; t < CT_MAX_TYPES; t++)
            ct_sbml_cvode_free(w->cvode[t]);
    }
    int rc = report_failure(sim, works, n_works);
    ct_free(works);
    return rc;
}

static int advance_all(void *user, ct_sim *sim)
{
    (void)user;
    return ct_intracellular_advance_all(sim);
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
