/* Cells per cell cycle phase, as counts.csv columns and for scripts. */
#include "ct_cycle_counts.h"

#include <stdio.h>
#include <string.h>

int ct_cycle_column_name(const ct_scenario *sc, int t, int p, char *buf, size_t n)
{
    const char *const *names;
    ct_cycle_phase_names(sc->types[t].cycle.model, &names);
    return snprintf(buf, n, "%s.%s", sc->types[t].name, names[p]);
}

void ct_cycle_count_phases(const ct_sim *sim, uint64_t *counts)
{
    size_t cells = (size_t)sim->sc->n_types * CT_CYCLE_MAX_PHASES, n = sim->ag.n;
    memset(counts, 0, cells * sizeof *counts);
    const double *phase = sim->ag.attr[ct_agents_attribute_index(&sim->ag, CT_CYCLE_ATTR_PHASE)];
    const uint8_t *type = sim->ag.type;
    int n_types = sim->sc->n_types;
#pragma omp parallel if (n > CT_CHUNK)
    {
        uint64_t local[CT_MAX_TYPES * CT_CYCLE_MAX_PHASES] = {0};
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            /* dead agents and cells without a place in a cycle (phase -1) count nowhere; integer
               sums, so the thread count cannot change them */
            if (type[i] < n_types && phase[i] >= 0 && phase[i] < CT_CYCLE_MAX_PHASES)
                local[type[i] * CT_CYCLE_MAX_PHASES + (int)phase[i]]++;
        }
#pragma omp critical
        for (size_t k = 0; k < cells; k++)
            counts[k] += local[k];
    }
}

#define OWNER "cycle"

static double phase_count(void *user, const ct_sim *sim)
{
    uint64_t counts[CT_MAX_TYPES * CT_CYCLE_MAX_PHASES];
    ct_cycle_count_phases(sim, counts);
    return (double)counts[(intptr_t)user];
}

static int add_one(ct_sim *sim, int t, int p)
{
    ct_column c = {.integer = 1, .value = phase_count,
                   .user = (void *)(intptr_t)(t * CT_CYCLE_MAX_PHASES + p)};
    snprintf(c.owner, sizeof c.owner, "%s", OWNER);
    if (ct_cycle_column_name(sim->sc, t, p, c.name, sizeof c.name) >= (int)sizeof c.name)
        return ct_error_set(&sim->err, CT_EINVAL,
                            "%s: /cell_types/%s/cycle: the counts.csv column of each phase is "
                            "\"TYPE.PHASE\", at most %zu bytes: use a shorter type name",
                            sim->sc->file, sim->sc->types[t].name, sizeof c.name - 1);
    ct_error e;
    int rc = ct_sim_add_column(sim, &c, &e);
    return rc ? ct_error_set(&sim->err, rc, "%s: /cell_types/%s/cycle: %s", sim->sc->file,
                             sim->sc->types[t].name, e.msg)
              : CT_OK;
}

int ct_cycle_columns_add(ct_sim *sim)
{
    for (int t = 0; t < sim->sc->n_types; t++)
        for (int p = 0; p < sim->sc->types[t].cycle.n_phases; p++) {
            int rc = add_one(sim, t, p);
            if (rc)
                return rc;
        }
    return CT_OK;
}
