/* Evaluation of a converted SBML model: kinetic-law bytecode on a small stack, the species'
 * derivatives, and fixed-step classical RK4 (docs/models.md, "Intracellular models"). */
#include <math.h>
#include <string.h>

#include "ct_sbml.h"

static double run_law(const ct_sbml_model *m, int begin, int end, const double *y,
                      const double *values)
{
    double st[CT_SBML_MAX_STACK + 1];
    int top = 0; /* the reader bounds the depth, so the stack never overflows */
    for (int k = begin; k < end; k++) {
        const ct_sbml_op *op = &m->ops[k];
        switch (op->code) {
        case CT_SBML_CONST: st[top++] = op->value; break;
        case CT_SBML_VALUE: st[top++] = op->index < m->n_species ? y[op->index]
                                                                 : values[op->index]; break;
        case CT_SBML_ADD: top--; st[top - 1] += st[top]; break;
        case CT_SBML_SUB: top--; st[top - 1] -= st[top]; break;
        case CT_SBML_MUL: top--; st[top - 1] *= st[top]; break;
        case CT_SBML_DIV: top--; st[top - 1] /= st[top]; break;
        case CT_SBML_POW: top--; st[top - 1] = pow(st[top - 1], st[top]); break;
        case CT_SBML_NEG: st[top - 1] = -st[top - 1]; break;
        case CT_SBML_EXP: st[top - 1] = exp(st[top - 1]); break;
        case CT_SBML_LN: st[top - 1] = log(st[top - 1]); break;
        case CT_SBML_SQRT: st[top - 1] = sqrt(st[top - 1]); break;
        case CT_SBML_ABS: st[top - 1] = fabs(st[top - 1]); break;
        }
    }
    return top ? st[0] : 0.0;
}

void ct_sbml_rates(const ct_sbml_model *m, const double *y, const double *values, double *dydt)
{
    int ns = m->n_species;
    memset(dydt, 0, (size_t)ns * sizeof *dydt);
    for (int r = 0; r < m->n_reactions; r++) {
        double rate = run_law(m, m->law_begin[r], m->law_begin[r + 1], y, values);
        const double *s = m->stoich + (size_t)r * (size_t)ns;
        for (int k = 0; k < ns; k++)
            dydt[k] += s[k] * rate;
    }
    for (int k = 0; k < ns; k++)
        dydt[k] = m->fixed[k] ? 0.0 : dydt[k] * m->per_volume[k];
}

void ct_sbml_rk4(const ct_sbml_model *m, double *y, const double *values, double h, int steps)
{
    int ns = m->n_species;
    double k1[CT_SBML_MAX_SPECIES], k2[CT_SBML_MAX_SPECIES], k3[CT_SBML_MAX_SPECIES],
        k4[CT_SBML_MAX_SPECIES], t[CT_SBML_MAX_SPECIES];
    for (int s = 0; s < steps; s++) {
        ct_sbml_rates(m, y, values, k1);
        for (int k = 0; k < ns; k++)
            t[k] = y[k] + 0.5 * h * k1[k];
        ct_sbml_rates(m, t, values, k2);
        for (int k = 0; k < ns; k++)
            t[k] = y[k] + 0.5 * h * k2[k];
        ct_sbml_rates(m, t, values, k3);
        for (int k = 0; k < ns; k++)
            t[k] = y[k] + h * k3[k];
        ct_sbml_rates(m, t, values, k4);
        for (int k = 0; k < ns; k++)
            y[k] += h / 6.0 * (k1[k] + 2.0 * k2[k] + 2.0 * k3[k] + k4[k]);
    }
}

int ct_sbml_first_nonfinite(const ct_sbml_model *m, const double *y)
{
    for (int k = 0; k < m->n_species; k++)
        if (!isfinite(y[k]))
            return k;
    return -1;
}
