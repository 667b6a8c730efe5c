/* SBML species per cell: attribute columns, inputs, RK4 or CVODE, secretion (ct_intracellular.h).
 * Each cell's update reads only its own columns and the old fields and lattice, and writes only its
 * own columns and its own site's source: the result never depends on the thread count. */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_death.h"
#include "ct_intracellular.h"
#include "ct_intracellular_def.h"
#include "ct_sbml_cvode.h"
#include "ct_registry.h"
#include "ct_rules.h"

#define OWNER "intracellular"
/* Agents per chunk of the parallel loop: small, because a CVODE cell costs tens of microseconds
   and chunks are the unit of load balance; the same for every thread count. */
#define INTRA_CHUNK 256

static double input_signal(const ct_sim *sim, size_t i, const ct_intra_input *x)
{
    ct_rule r = {.signal = x->signal, .signal_index = x->signal_index,
                 .signal_state = x->signal_state};
    return ct_rules_signal(sim, i, &r);
}

/* One thread's scratch for its chunks: the batch of RK4 cells being gathered (one type at a
   time), the value table of the CVODE type last loaded, CVODE solvers made on first use (one per
   type), and its first failure. */
typedef struct work {
    ct_sbml_lanes batch;
    size_t cell[CT_SBML_LANES];        /* agent index of each lane */
    int batch_type;
    double values[CT_SBML_MAX_VALUES];
    int loaded;                        /* the type whose model's values are in values, or -1 */
    ct_sbml_cvode *cvode[CT_MAX_TYPES];
    size_t failed;                     /* agent index of the first failure, or SIZE_MAX */
    ct_error why;
} work;

/* Writes a cell's advanced species back and secretes them at its site. */
static void store_cell(ct_sim *sim, size_t i, const ct_intracellular *in, const double *y)
{
    uint32_t site = sim->ag.site[i];
    for (int s = 0; s < in->model->n_species; s++)
        sim->ag.attr[in->column[s]][i] = y[s];
    for (int k = 0; k < in->n_secretions; k++) {
        const ct_intra_secretion *x = &in->secretion[k];
        sim->fields.source[x->field][site] += (float)(x->rate * y[x->species] * sim->dt);
    }
}

static int fail_cell(work *w, size_t i, int rc)
{
    w->failed = i;
    return rc;
}

/* CVODE, one cell: its species, with its inputs in the value table (an input species held fixed
   by the model is part of the state the laws read). */
static int advance_cvode_cell(ct_sim *sim, work *w, size_t i, int type,
                              const ct_intracellular *in)
{
    const ct_sbml_model *m = in->model;
    if (type != w->loaded) {
        memcpy(w->values, m->value, (size_t)m->n_values * sizeof *w->values);
        w->loaded = type;
    }
    double y[CT_SBML_MAX_SPECIES];
    for (int s = 0; s < m->n_species; s++)
        y[s] = sim->ag.attr[in->column[s]][i];
    for (int k = 0; k < in->n_inputs; k++) {
        int v = in->input[k].value;
        w->values[v] = input_signal(sim, i, &in->input[k]);
        if (v < m->n_species)
            y[v] = w->values[v];
    }
    int rc = w->cvode[type] ? CT_OK
                            : ct_sbml_cvode_create(m, in->rtol, in->atol, &w->cvode[type], &w->why);
    if (rc || (rc = ct_sbml_cvode_advance(w->cvode[type], y, w->values, sim->dt, &w->why)))
        return fail_cell(w, i, rc);
    store_cell(sim, i, in, y);
    return CT_OK;
}

/* A new RK4 batch of the type's cells: the shared values are the model's own, the varying ones
   its parameter inputs (species inputs go into the lanes' species). */
static void begin_batch(work *w, int type, const ct_intracellular *in)
{
    ct_sbml_lanes *b = &w->batch;
    b->n = 0;
    b->values = in->model->value;
    b->n_varying = 0;
    for (int k = 0; k < in->n_inputs; k++)
        if (in->input[k].value >= in->model->n_species)
            b->varying_index[b->n_varying++] = in->input[k].value;
    w->batch_type = type;
}

static void add_lane(const ct_sim *sim, work *w, size_t i, const ct_intracellular *in)
{
    ct_sbml_lanes *b = &w->batch;
    int l = b->n++, v = 0;
    w->cell[l] = i;
    for (int s = 0; s < in->model->n_species; s++)
        b->y[s][l] = sim->ag.attr[in->column[s]][i];
    for (int k = 0; k < in->n_inputs; k++) {
        double x = input_signal(sim, i, &in->input[k]);
        if (in->input[k].value < in->model->n_species)
            b->y[in->input[k].value][l] = x;
        else
            b->varying[v++][l] = x;
    }
}

/* Integrates the gathered batch and stores its lanes in order, up to the first that failed. */
static int flush_batch(ct_sim *sim, work *w)
{
    ct_sbml_lanes *b = &w->batch;
    int n = b->n;
    if (!n)
        return CT_OK;
    const ct_intracellular *in = sim->sc->types[w->batch_type].intra;
    const ct_sbml_model *m = in->model;
    ct_sbml_rk4_lanes(m, b, in->dt, in->substeps);
    b->n = 0;
    for (int l = 0; l < n; l++) {
        double y[CT_SBML_MAX_SPECIES];
        for (int s = 0; s < m->n_species; s++)
            y[s] = b->y[s][l];
        int bad = ct_sbml_first_nonfinite(m, y);
        if (bad >= 0)
            return fail_cell(w, w->cell[l],
                             ct_error_set(&w->why, CT_ESTATE,
                                          "species \"%s\" became %g: the RK4 step "
                                          "(intracellular.dt = %g min) may be too large for this "
                                          "model (a stiff one needs \"method\": \"cvode\")",
                                          m->name[bad], y[bad], in->dt));
        store_cell(sim, w->cell[l], in, y);
    }
    return CT_OK;
}

/* Agents [begin, end): RK4 cells in batches of one type, CVODE cells one by one. Stops at the
   first failure, which w keeps; a pending batch holds only lower indices, so it is flushed first
   and its failure, if any, wins. */
static void advance_chunk(ct_sim *sim, work *w, size_t begin, size_t end)
{
    for (size_t i = begin; i < end; i++) {
        int type = sim->ag.type[i];
        const ct_intracellular *in = type == CT_DEAD_TYPE ? NULL : sim->sc->types[type].intra;
        if (!in || ct_death_is_body(sim, i))
            continue; /* no network, or a body's, which has stopped */
        if (in->method == CT_INTRA_CVODE) {
            if (advance_cvode_cell(sim, w, i, type, in)) {
                size_t cvode_failed = w->failed;
                ct_error cvode_why = w->why;
                if (!flush_batch(sim, w)) {
                    w->failed = cvode_failed;
                    w->why = cvode_why;
                }
                return;
            }
            continue;
        }
        if (w->batch.n && (w->batch_type != type || w->batch.n == CT_SBML_LANES) &&
            flush_batch(sim, w))
            return;
        if (!w->batch.n)
            begin_batch(w, type, in);
        add_lane(sim, w, i, in);
    }
    flush_batch(sim, w);
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
                        tp->name, tp->intra->path,
                        tp->intra->method == CT_INTRA_RK4 ? "rk4" : "cvode",
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
