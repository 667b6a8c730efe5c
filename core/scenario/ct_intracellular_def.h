/* A cell type's intracellular model as the scenario declares it ("intracellular" key of a cell
 * type, docs/scenario.md): the SBML model, its integration step, how its species divide, and the
 * inputs that set SBML parameters or species from the cell's site each step.
 * Scenario layer: for the scenario reader, the intracellular behaviour and the rules. */
#ifndef CT_INTRACELLULAR_DEF_H
#define CT_INTRACELLULAR_DEF_H

#include "ct_sbml.h"

#define CT_INTRA_MAX_INPUTS 8
/* parameter inputs are the varying values of an RK4 batch */
_Static_assert(CT_INTRA_MAX_INPUTS <= CT_SBML_MAX_VARYING, "an input per varying value");
#define CT_INTRA_MAX_SECRETIONS 4
#define CT_INTRA_PREFIX "sbml." /* species X of a model is the cell attribute "sbml.X" */

enum ct_intra_division { CT_INTRA_COPY = 0, CT_INTRA_SPLIT };
/* fixed-step RK4 over batches of cells, or CVODE (BDF) per cell for stiff models */
enum ct_intra_method { CT_INTRA_RK4 = 0, CT_INTRA_CVODE };

/* CVODE's tolerances: outside these it is either meaningless or cannot be met in doubles */
#define CT_INTRA_RTOL_MIN 1e-12
#define CT_INTRA_RTOL_MAX 0.1
#define CT_INTRA_ATOL_MIN 1e-30
#define CT_INTRA_ATOL_MAX 1e6

/* An input: before each step's integration the SBML value (parameter, or species held fixed by the
   model) takes the signal at the cell (a field value at its site, or a neighbour count). */
typedef struct ct_intra_input {
    int value;        /* index in the model's value table */
    int signal;       /* ct_signal_kind: field or neighbours */
    int signal_index; /* field, or neighbour type */
    int signal_state; /* neighbours: only cells in this state; -1: any */
} ct_intra_input;

/* An output into a field: the cell adds rate * species per minute at its site. */
typedef struct ct_intra_secretion {
    int field;
    int species;
    double rate;
} ct_intra_secretion;

typedef struct ct_intracellular {
    char *path;               /* the SBML file, resolved against the scenario's directory */
    ct_sbml_model *model;
    int method;               /* ct_intra_method */
    double dt;                /* RK4 step, minutes: the step's dt over a whole number */
    int substeps;             /* RK4 steps per simulation step */
    double rtol, atol;        /* CVODE's tolerances */
    int division;             /* ct_intra_division */
    int column[CT_SBML_MAX_SPECIES]; /* attribute column of each species ("sbml.X") */
    int n_inputs;
    ct_intra_input input[CT_INTRA_MAX_INPUTS];
    int n_secretions;
    ct_intra_secretion secretion[CT_INTRA_MAX_SECRETIONS];
} ct_intracellular;

struct ct_jobj;
struct ct_scenario;
struct ct_type_params;

/* Reads a cell type's "intracellular" key (absent: tp->intra stays NULL) and its SBML file. */
int ct_scenario_parse_intracellular(struct ct_jobj *type, struct ct_scenario *sc,
                                    struct ct_type_params *tp);
/* The species index of "NAME" in tp's model, or -1 (no model, or no such species). */
int ct_intracellular_species(const struct ct_type_params *tp, const char *name);
void ct_intracellular_free(ct_intracellular *in);

#endif
