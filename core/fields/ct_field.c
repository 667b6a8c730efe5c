/* Field storage. */
#include "ct_field.h"

#include <string.h>

#include "ct_alloc.h"
#include "ct_field_solver.h"

int ct_fields_init(ct_fields *f, const ct_field_def *defs, int n, size_t n_sites, ct_error *err)
{
    memset(f, 0, sizeof *f);
    f->n_sites = n_sites;
    for (int k = 0; k < n; k++) {
        f->value[k] = ct_aligned_alloc(n_sites * sizeof(float));
        f->source[k] = ct_aligned_alloc(n_sites * sizeof(float));
        f->n = k + 1;
        if (!f->value[k] || !f->source[k])
            return ct_error_set(err, CT_ENOMEM, "cannot allocate field \"%s\" (%.1f MiB)",
                                defs[k].name, 2.0 * (double)n_sites * 4 / 1048576.0);
        float v = (float)defs[k].initial;
        for (size_t s = 0; s < n_sites; s++)
            f->value[k][s] = v;
        memset(f->source[k], 0, n_sites * sizeof(float));
    }
    return CT_OK;
}

void ct_fields_free(ct_fields *f)
{
    ct_field_solver_free(f->solver);
    for (int k = 0; k < f->n; k++) {
        ct_free(f->value[k]);
        ct_free(f->source[k]);
    }
    memset(f, 0, sizeof *f);
}

/* First non-finite site of one field, or n when there is none: v - v is 0 for every finite v and
   NaN for NaN and the infinities, a test the compiler vectorises. */
static size_t first_nonfinite(const float *v, size_t n)
{
    enum { BLOCK = 65536 };
    size_t first = n, n_blocks = (n + BLOCK - 1) / BLOCK;
#pragma omp parallel for schedule(static) reduction(min : first) if (n_blocks > 1)
    for (size_t b = 0; b < n_blocks; b++) {
        size_t lo = b * BLOCK, hi = lo + BLOCK < n ? lo + BLOCK : n;
        int bad = 0;
        for (size_t s = lo; s < hi; s++)
            bad |= !(v[s] - v[s] == 0.0f);
        for (size_t s = lo; bad && s < hi; s++)
            if (!(v[s] - v[s] == 0.0f)) {
                first = s < first ? s : first;
                break;
            }
    }
    return first;
}

int ct_fields_find_nonfinite(const ct_fields *f, int *field, size_t *site)
{
    for (int k = 0; k < f->n; k++) {
        size_t s = first_nonfinite(f->value[k], f->n_sites);
        if (s < f->n_sites) {
            *field = k;
            *site = s;
            return 1;
        }
    }
    return 0;
}

/* Sums in fixed blocks combined in block order: the same bits on any thread count. */
double ct_fields_total(const ct_fields *f, int k, double site_volume)
{
    enum { BLOCK = 65536 };
    size_t n_blocks = (f->n_sites + BLOCK - 1) / BLOCK;
    double partial[1024], sum = 0.0;
    const float *v = f->value[k];
    for (size_t b0 = 0; b0 < n_blocks; b0 += 1024) {
        size_t nb = n_blocks - b0 < 1024 ? n_blocks - b0 : 1024;
#pragma omp parallel for schedule(static) if (nb > 1)
        for (size_t b = 0; b < nb; b++) {
            size_t lo = (b0 + b) * BLOCK, hi = lo + BLOCK < f->n_sites ? lo + BLOCK : f->n_sites;
            double acc = 0.0;
            for (size_t s = lo; s < hi; s++)
                acc += v[s];
            partial[b] = acc;
        }
        for (size_t b = 0; b < nb; b++)
            sum += partial[b];
    }
    return sum * site_volume;
}
