/* The field solver: sources, then diffusion and decay over one step, explicit (sub-stepped) or
 * implicit (backward Euler, solved exactly), on the lattice grid in 2D and 3D. Methods and
 * criteria: docs/fields.md.
 * Fields layer: for the state (creation), the step and tests. */
#ifndef CT_FIELD_SOLVER_H
#define CT_FIELD_SOLVER_H

#include "ct_field.h"
#include "ct_lattice.h"
#include "ct_scenario.h"

/* Plans every field of sc for steps of dt on lat's grid: resolves "auto", sub-steps, line
   coefficients, initial regions (written into f->value) and fixed-source sites. */
int ct_field_solver_create(ct_fields *f, const ct_scenario *sc, const ct_lattice *lat, double dt,
                           ct_error *err);
void ct_field_solver_free(struct ct_field_solver *s);

/* Advances every field by dt: adds f->source (then zeroes it) and the fixed sources, then
   diffuses and decays. Bit-identical on any thread count. */
void ct_field_solver_step(ct_fields *f);

/* The solver field k resolved to (CT_SOLVER_EXPLICIT or CT_SOLVER_IMPLICIT). */
int ct_field_solver_kind(const ct_fields *f, int k);
/* Explicit sub-steps per step of field k (0 when it neither diffuses nor decays). */
int ct_field_solver_substeps(const ct_fields *f, int k);
/* The fixed sources of field k, in the order they are added each step: sites and amounts. */
size_t ct_field_solver_fixed_sources(const ct_fields *f, int k, const uint32_t **sites,
                                     const float **amounts);
/* Appends a fixed source of field k (a window of a distributed run takes the sources of the
   whole lattice that fall on its sites). */
int ct_field_solver_add_fixed_source(ct_fields *f, int k, uint32_t site, float amount,
                                     ct_error *err);
/* The most explicit sub-steps per step a field may need (docs/fields.md): more are refused when
   the solver is planned (check and run alike), since "auto" or "spectral" are exact at any D. */
#define CT_FIELD_MAX_SUBSTEPS 100000
/* Explicit sub-steps a field needs for stability and positivity:
   ceil(dt (2 ndim D / dx^2 + k)). */
int ct_field_explicit_substeps(double diffusion, double decay, double dx, int ndim, double dt);

#endif
