/* Evaluation of a converted SBML model over a batch of cells in lanes: each bytecode operation runs
 * over all lanes before the next (the dispatch is paid once per batch, the lane loops vectorise),
 * the species' derivatives, and fixed-step classical RK4 (docs/models.md, "Intracellular models").
 * Every lane goes through exactly the operations one cell alone would, in the same order, so a
 * cell's result does not depend on the batch it is in. */
#include <math.h>
#include <string.h>

#include "ct_sbml.h"

typedef double lane_row[CT_SBML_LANES];

/* Value k of the model for every lane: the species, a varying value, or the shared table's. */
static void load_value(const ct_sbml_model *m, const ct_sbml_lanes *b, const lane_row *y, int k,
                       double *out)
{
    const double *row = k < m->n_species ? y[k] : NULL;
    for (int v = 0; !row && v < b->n_varying; v++)
        if (b->varying_index[v] == k)
            row = b->varying[v];
    if (row) {
        memcpy(out, row, (size_t)b->n * sizeof *out);
        return;
    }
    for (int l = 0; l < b->n; l++)
        out[l] = b->values[k];
}

static void apply_unary(int code, double *a, int n)
{
    switch (code) {
    case CT_SBML_NEG: for (int l = 0; l < n; l++) a[l] = -a[l]; break;
    case CT_SBML_EXP: for (int l = 0; l < n; l++) a[l] = exp(a[l]); break;
    case CT_SBML_LN: for (int l = 0; l < n; l++) a[l] = log(a[l]); break;
    case CT_SBML_SQRT: for (int l = 0; l < n; l++) a[l] = sqrt(a[l]); break;
    case CT_SBML_ABS: for (int l = 0; l < n; l++) a[l] = fabs(a[l]); break;
    }
}

static void apply_binary(int code, double *restrict a, const double *restrict b, int n)
{
    switch (code) {
    case CT_SBML_ADD: for (int l = 0; l < n; l++) a[l] += b[l]; break;
    case CT_SBML_SUB: for (int l = 0; l < n; l++) a[l] -= b[l]; break;
    case CT_SBML_MUL: for (int l = 0; l < n; l++) a[l] *= b[l]; break;
    case CT_SBML_DIV: for (int l = 0; l < n; l++) a[l] /= b[l]; break;
    case CT_SBML_POW: for (int l = 0; l < n; l++) a[l] = pow(a[l], b[l]); break;
    }
}

/* One kinetic law over the lanes into rate, on a stack of lane rows. */
static void run_law(const ct_sbml_model *m, int begin, int end, const ct_sbml_lanes *b,
                    const lane_row *y, double *rate)
{
    lane_row st[CT_SBML_MAX_STACK + 1];
    int top = 0, n = b->n; /* the reader bounds the depth, so the stack never overflows */
    for (int k = begin; k < end; k++) {
        const ct_sbml_op *op = &m->ops[k];
        switch (op->code) {
        case CT_SBML_CONST:
            for (int l = 0; l < n; l++)
                st[top][l] = op->value;
            top++;
            break;
        case CT_SBML_VALUE: load_value(m, b, y, op->index, st[top++]); break;
        case CT_SBML_NEG: case CT_SBML_EXP: case CT_SBML_LN: case CT_SBML_SQRT: case CT_SBML_ABS:
            apply_unary(op->code, st[top - 1], n);
            break;
        default:
            top--;
            apply_binary(op->code, st[top - 1], st[top], n);
        }
    }
    for (int l = 0; l < n; l++)
        rate[l] = top ? st[0][l] : 0.0;
}

/* d/dt of the lanes' species y into dydt. */
static void rates_lanes(const ct_sbml_model *m, const ct_sbml_lanes *b, const lane_row *y,
                        lane_row *dydt)
{
    int ns = m->n_species, n = b->n;
    for (int k = 0; k < ns; k++)
        memset(dydt[k], 0, (size_t)n * sizeof dydt[k][0]);
    for (int r = 0; r < m->n_reactions; r++) {
        double rate[CT_SBML_LANES];
        run_law(m, m->law_begin[r], m->law_begin[r + 1], b, y, rate);
        const double *s = m->stoich + (size_t)r * (size_t)ns;
        for (int k = 0; k < ns; k++)
            for (int l = 0; l < n; l++)
                dydt[k][l] += s[k] * rate[l];
    }
    for (int k = 0; k < ns; k++)
        for (int l = 0; l < n; l++)
            dydt[k][l] = m->fixed[k] ? 0.0 : dydt[k][l] * m->per_volume[k];
}

/* to = y + c * k over the lanes */
static void lanes_axpy(int ns, int n, lane_row *to, const lane_row *y, double c, const lane_row *k)
{
    for (int s = 0; s < ns; s++)
        for (int l = 0; l < n; l++)
            to[s][l] = y[s][l] + c * k[s][l];
}

void ct_sbml_rk4_lanes(const ct_sbml_model *m, ct_sbml_lanes *b, double h, int steps)
{
    int ns = m->n_species, n = b->n;
    lane_row k1[CT_SBML_MAX_SPECIES], k2[CT_SBML_MAX_SPECIES], k3[CT_SBML_MAX_SPECIES],
        k4[CT_SBML_MAX_SPECIES], t[CT_SBML_MAX_SPECIES];
    lane_row *y = b->y;
    for (int s = 0; s < steps; s++) {
        rates_lanes(m, b, (const lane_row *)y, k1);
        lanes_axpy(ns, n, t, (const lane_row *)y, 0.5 * h, (const lane_row *)k1);
        rates_lanes(m, b, (const lane_row *)t, k2);
        lanes_axpy(ns, n, t, (const lane_row *)y, 0.5 * h, (const lane_row *)k2);
        rates_lanes(m, b, (const lane_row *)t, k3);
        lanes_axpy(ns, n, t, (const lane_row *)y, h, (const lane_row *)k3);
        rates_lanes(m, b, (const lane_row *)t, k4);
        for (int k = 0; k < ns; k++)
            for (int l = 0; l < n; l++)
                y[k][l] += h / 6.0 * (k1[k][l] + 2.0 * k2[k][l] + 2.0 * k3[k][l] + k4[k][l]);
    }
}

/* One cell as a batch of one lane, with the shared table for every value but its species. */
static void one_lane(const ct_sbml_model *m, const double *y, const double *values,
                     ct_sbml_lanes *b)
{
    b->n = 1;
    b->values = values;
    b->n_varying = 0;
    for (int k = 0; k < m->n_species; k++)
        b->y[k][0] = y[k];
}

void ct_sbml_rates(const ct_sbml_model *m, const double *y, const double *values, double *dydt)
{
    ct_sbml_lanes b;
    lane_row d[CT_SBML_MAX_SPECIES];
    one_lane(m, y, values, &b);
    rates_lanes(m, &b, (const lane_row *)b.y, d);
    for (int k = 0; k < m->n_species; k++)
        dydt[k] = d[k][0];
}

void ct_sbml_rk4(const ct_sbml_model *m, double *y, const double *values, double h, int steps)
{
    ct_sbml_lanes b;
    one_lane(m, y, values, &b);
    ct_sbml_rk4_lanes(m, &b, h, steps);
    for (int k = 0; k < m->n_species; k++)
        y[k] = b.y[k][0];
}

int ct_sbml_first_nonfinite(const ct_sbml_model *m, const double *y)
{
    for (int k = 0; k < m->n_species; k++)
        if (!isfinite(y[k]))
            return k;
    return -1;
}
