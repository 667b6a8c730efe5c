/* A field as the scenario declares it: name, units, coefficients, boundary and solver. The
 * scenario reader fills these in; the field storage and solvers (core/fields) read them. For the
 * scenario layer and every layer above it. */
#ifndef CT_FIELD_DEF_H
#define CT_FIELD_DEF_H

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

#endif
