/* Diffusing molecules: one float grid per field over the lattice sites. This header holds the
 * storage and access every module uses; the solver lives beside it.
 * Fields layer: for every layer above it. */
#ifndef CT_FIELD_H
#define CT_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_field_def.h"

struct ct_field_solver;

/* Field values of a running simulation. */
typedef struct ct_fields {
    int n;
    size_t n_sites;
    float *value[CT_MAX_FIELDS];  /* n_sites each, 64-byte aligned, site-indexed; the solver may
                                     swap buffers, so read the pointer afresh after each step */
    float *source[CT_MAX_FIELDS]; /* amount added per site during the step (secretion, minus
                                     uptake), applied by the solver next step; zeroed after */
    struct ct_field_solver *solver; /* ct_field_solver.h; NULL until created */
} ct_fields;

/* Allocates n fields of n_sites and sets initial values. */
int ct_fields_init(ct_fields *f, const ct_field_def *defs, int n, size_t n_sites, ct_error *err);
void ct_fields_free(ct_fields *f);

/* Looks for a NaN or infinite value; returns 1 and the first such (field, site), else 0. */
int ct_fields_find_nonfinite(const ct_fields *f, int *field, size_t *site);

/* Total amount of field k (sum over sites times the site volume dx^ndim). */
double ct_fields_total(const ct_fields *f, int k, double site_volume);

#endif
