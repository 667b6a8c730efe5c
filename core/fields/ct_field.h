/* Diffusing molecules: one float grid per field over the lattice sites. This header holds the
 * storage and access every module uses; the solver lives beside it. */
#ifndef CT_FIELD_H
#define CT_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_MAX_FIELDS 32

enum ct_field_boundary { CT_FIELD_NO_FLUX = 0, CT_FIELD_FIXED = 1, CT_FIELD_PERIODIC = 2 };
/* How a field is advanced (docs/fields.md): explicit sub-stepped, implicit backward Euler solved
   exactly, spectral (the exact propagator of the discrete diffusion-decay operator over dt), or
   "auto": the cheaper of explicit and spectral for the field's D, k, dt and grid. */
enum ct_field_solver_kind {
    CT_SOLVER_EXPLICIT = 0,
    CT_SOLVER_IMPLICIT = 1,
    CT_SOLVER_AUTO = 2,
    CT_SOLVER_SPECTRAL = 3
};

/* A field as the scenario declares it (units: micrometres, minutes). */
typedef struct ct_field_def {
    char name[64];
    char units[32];        /* of the concentration, for labels */
    double diffusion;      /* um^2/min */
    double decay;          /* 1/min */
    int boundary;          /* ct_field_boundary */
    double boundary_value; /* for CT_FIELD_FIXED */
    double initial;        /* initial value everywhere (initial regions of the scenario override) */
    int solver;            /* ct_field_solver_kind */
} ct_field_def;

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
