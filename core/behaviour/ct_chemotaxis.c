/* Chemotaxis: moves biased up a field's gradient (docs/fields.md gives the drift this produces). */
#include <math.h>

#include "ct_cell_signals.h"
#include "ct_intent.h"

uint32_t ct_chemotaxis_pick(const ct_sim *sim, size_t i, const uint32_t *nb, int n)
{
    const ct_type_signals *sig = &sim->sc->types[sim->ag.type[i]].sig;
    const float *c = sim->fields.value[sig->chemotaxis_field];
    double chi = sig->chemotaxis_sensitivity, a[CT_MAX_NEIGHBOURS], top = -HUGE_VAL, total = 0.0;
    for (int k = 0; k < n; k++) {
        a[k] = chi * c[nb[k]];
        top = a[k] > top ? a[k] : top;
    }
    for (int k = 0; k < n; k++) { /* exp(chi c_k) scaled by exp(-top): no overflow */
        a[k] = exp(a[k] - top);
        total += a[k];
    }
    ct_rng r = ct_sim_agent_rng(sim, i, CT_RNG_CHEMOTAXIS);
    double u = ct_rng_uniform(&r) * total;
    for (int k = 0; k + 1 < n; k++) {
        if (u < a[k])
            return nb[k];
        u -= a[k];
    }
    return nb[n - 1];
}
