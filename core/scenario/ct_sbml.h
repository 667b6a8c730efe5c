/* An SBML model (libSBML) converted once, at scenario load, into a compact form that the
 * intracellular integrator evaluates per cell: species, constants, and each reaction's kinetic law
 * compiled into postfix bytecode. What the form cannot express is refused, naming the element.
 * Scenario layer: for the scenario reader, the intracellular behaviour and tests. */
#ifndef CT_SBML_H
#define CT_SBML_H

#include <stddef.h>

#include "ct_error.h"

#define CT_SBML_MAX_BYTES ((size_t)4 << 20) /* SBML file size */
#define CT_SBML_MAX_SPECIES 16   /* species per model: each is a per-cell attribute column */
#define CT_SBML_MAX_REACTIONS 256
#define CT_SBML_MAX_VALUES 1024  /* species, compartments, global and local parameters */
#define CT_SBML_MAX_OPS 16384    /* bytecode operations of all kinetic laws together */
#define CT_SBML_MAX_STACK 64     /* nesting depth of one kinetic law */
#define CT_SBML_ID_MAX 64        /* bytes of an SBML id, NUL included */

enum ct_sbml_opcode {
    CT_SBML_CONST, CT_SBML_VALUE, CT_SBML_ADD, CT_SBML_SUB, CT_SBML_MUL, CT_SBML_DIV,
    CT_SBML_POW, CT_SBML_NEG, CT_SBML_EXP, CT_SBML_LN, CT_SBML_SQRT, CT_SBML_ABS
};

typedef struct ct_sbml_op {
    int code;     /* ct_sbml_opcode */
    int index;    /* CT_SBML_VALUE: index into the value table */
    double value; /* CT_SBML_CONST */
} ct_sbml_op;

/* The value table holds the species first (indices 0 .. n_species-1, the state of a cell), then
   compartments, global parameters and each reaction's local parameters (names "R1.k"). */
typedef struct ct_sbml_model {
    int n_species;
    int fixed[CT_SBML_MAX_SPECIES];     /* boundary or constant: never changed by reactions */
    double per_volume[CT_SBML_MAX_SPECIES]; /* 1/compartment size for concentrations, else 1 */
    int n_values;
    char name[CT_SBML_MAX_VALUES][CT_SBML_ID_MAX];
    double value[CT_SBML_MAX_VALUES];   /* initial species values, then constants */
    int n_reactions;
    int law_begin[CT_SBML_MAX_REACTIONS + 1]; /* ops of reaction r: [law_begin[r], law_begin[r+1]) */
    double *stoich;                     /* n_reactions x n_species, net (products - reactants) */
    ct_sbml_op *ops;
    int n_ops;
} ct_sbml_model;

/* Reads and converts the SBML file at path; messages name the file and the element. */
int ct_sbml_read(const char *path, ct_sbml_model **out, ct_error *err);
/* The same from SBML text; name is used in messages. */
int ct_sbml_read_string(const char *text, const char *name, ct_sbml_model **out, ct_error *err);
void ct_sbml_free(ct_sbml_model *m);
/* Index of a value (species, compartment, parameter) by id, or -1. */
int ct_sbml_value_index(const ct_sbml_model *m, const char *id);

/* d/dt of the species y (n_species); the other values come from values (a copy of the model's
   table, where a caller may have set inputs), whose species entries are not read. */
void ct_sbml_rates(const ct_sbml_model *m, const double *y, const double *values, double *dydt);
/* A batch of cells evaluated together (SoA lanes: y[s][l] is species s of the cell in lane l).
   Every value but the species and the varying ones (a cell's inputs) comes from values. */
#define CT_SBML_LANES 64
#define CT_SBML_MAX_VARYING 8
typedef struct ct_sbml_lanes {
    int n;                                    /* lanes in use, 1 .. CT_SBML_LANES */
    const double *values;                     /* the value table shared by the lanes */
    int n_varying;
    int varying_index[CT_SBML_MAX_VARYING];   /* value-table index of each varying value */
    double varying[CT_SBML_MAX_VARYING][CT_SBML_LANES];
    double y[CT_SBML_MAX_SPECIES][CT_SBML_LANES];
} ct_sbml_lanes;

/* Advances the lanes' species by steps classical RK4 steps of h; each lane's result has the same
   bits as ct_sbml_rk4 on that cell alone. */
void ct_sbml_rk4_lanes(const ct_sbml_model *m, ct_sbml_lanes *b, double h, int steps);

/* Index of the first species of y that is not finite (NaN, infinity), or -1. */
int ct_sbml_first_nonfinite(const ct_sbml_model *m, const double *y);
/* Advances y by steps classical RK4 steps of h: fixed steps, so the result depends on nothing but
   the cell's own values (deterministic on any thread count). */
void ct_sbml_rk4(const ct_sbml_model *m, double *y, const double *values, double h, int steps);

#endif
