/* A slab's field rows: start, edge rows packed for the neighbours, halo rows unpacked. */
#include "ct_slab_fields.h"

#include <string.h>

#include "ct_field_solver.h"

/* Fixed sources are added in the order of the whole lattice's list, which is the order one
   process adds them in: the same sums at every site. */
static int move_sources(ct_slab *s, const ct_sim *whole, int k, ct_error *err)
{
    const uint32_t *sites;
    const float *amounts;
    size_t n = ct_field_solver_fixed_sources(&whole->fields, k, &sites, &amounts);
    for (size_t j = 0; j < n; j++) {
        uint32_t row = ct_slab_window_row(s, (uint32_t)(sites[j] / s->row_sites));
        if (row == UINT32_MAX)
            continue;
        uint32_t site = (uint32_t)(row * s->row_sites + sites[j] % s->row_sites);
        int rc = ct_field_solver_add_fixed_source(&s->sim->fields, k, site, amounts[j], err);
        if (rc)
            return rc;
    }
    return CT_OK;
}

/* Copies every window row of one array of the whole lattice (whole_rows) into the window's. */
static void take_rows(ct_slab *s, float *window_rows, const float *whole_rows)
{
    for (uint32_t w = 0; w < s->win_rows; w++) {
        size_t from = ((s->win_lo + w) % s->n_rows) * s->row_sites;
        memcpy(window_rows + w * s->row_sites, whole_rows + from, s->row_sites * sizeof(float));
    }
}

void ct_slab_fields_take_values(ct_slab *s, const ct_sim *whole)
{
    for (int k = 0; k < s->sim->fields.n; k++)
        take_rows(s, s->sim->fields.value[k], whole->fields.value[k]);
}

int ct_slab_fields_start(ct_slab *s, const ct_sim *whole, ct_error *err)
{
    ct_fields *f = &s->sim->fields;
    ct_slab_fields_take_values(s, whole);
    for (int k = 0; k < f->n; k++) {
        take_rows(s, f->source[k], whole->fields.source[k]);
        int rc = move_sources(s, whole, k, err);
        if (rc)
            return rc;
    }
    return CT_OK;
}

size_t ct_slab_fields_edge_floats(const ct_slab *s)
{
    return 2 * (size_t)s->sim->fields.n * s->halo * s->row_sites;
}

int ct_slab_fields_has_halo(const ct_slab *s, int upper)
{
    uint32_t own_lo = ct_slab_window_row(s, s->lo), own_rows = s->hi - s->lo;
    return upper ? own_lo + own_rows < s->win_rows : own_lo > 0;
}

/* Copies halo rows from window row `first` on, values and sources of every field in turn,
   into out (packing) or from in (unpacking: out NULL). */
static void copy_rows(const ct_slab *s, uint32_t first, float *out, const float *in)
{
    const ct_fields *f = &s->sim->fields;
    size_t n = s->halo * s->row_sites, at = first * s->row_sites, pos = 0;
    for (int k = 0; k < f->n; k++) {
        float *arrays[2] = {f->value[k] + at, f->source[k] + at};
        for (int a = 0; a < 2; a++, pos += n)
            memcpy(out ? out + pos : arrays[a], out ? arrays[a] : in + pos, n * sizeof(float));
    }
}

void ct_slab_fields_pack(const ct_slab *s, int upper, float *buf)
{
    uint32_t own_lo = ct_slab_window_row(s, s->lo);
    copy_rows(s, upper ? own_lo + (s->hi - s->lo) - s->halo : own_lo, buf, NULL);
}

void ct_slab_fields_unpack(ct_slab *s, int upper, const float *buf)
{
    uint32_t own_lo = ct_slab_window_row(s, s->lo);
    copy_rows(s, upper ? own_lo + (s->hi - s->lo) : own_lo - s->halo, NULL, buf);
}

const float *ct_slab_fields_owned(const ct_slab *s, int k)
{
    return s->sim->fields.value[k] + ct_slab_window_row(s, s->lo) * s->row_sites;
}

const float *ct_slab_fields_owned_sources(const ct_slab *s, int k)
{
    return s->sim->fields.source[k] + ct_slab_window_row(s, s->lo) * s->row_sites;
}
