/* Helpers shared by the model validation tests. */
#include "model_helpers.h"
#include "ct_scenario_load.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

ct_scenario *mh_load(const char *name, const char *const *overrides, int n_overrides)
{
    const char *root = getenv("CT_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", root && *root ? root : ".", name);
    ct_scenario *sc;
    ct_error err = {0};
    if (ct_scenario_load(path, overrides, n_overrides, &sc, &err)) {
        printf("    scenario error: %s\n", err.msg);
        return NULL;
    }
    return sc;
}

long mh_count(const ct_sim *sim, const char *type, const char *state)
{
    int t = ct_scenario_type_index(sim->sc, type);
    int s = state ? ct_scenario_state_index(sim->sc, state) : -1;
    if (t < 0 || (state && s < 0))
        return -1;
    long n = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        n += sim->ag.type[i] == t && (s < 0 || sim->ag.state[i] == s);
    return n;
}

void mh_mean_se(const double *x, int n, double *mean, double *se)
{
    double m = 0, v = 0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n > 0 ? n : 1;
    for (int i = 0; i < n; i++)
        v += (x[i] - m) * (x[i] - m);
    *mean = m;
    *se = n > 1 ? sqrt(v / (n - 1) / n) : 0.0;
}

int mh_single_thread(void)
{
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    return saved;
}

void mh_restore_threads(int saved)
{
    omp_set_num_threads(saved);
}
