/* SUNDIALS CVODE (BDF, Newton iteration with a dense direct linear solver) over a converted SBML
 * model, for stiff models where fixed-step RK4 would need a tiny step. One solver serves one model
 * on one thread; it is re-initialised for every advance, so a result depends only on the y, values
 * and span given, never on the cells advanced before (deterministic on any thread count).
 * Scenario layer (beside the RK4 of ct_sbml_ode): for the intracellular behaviour and tests. */
#ifndef CT_SBML_CVODE_H
#define CT_SBML_CVODE_H

#include "ct_sbml.h"

#define CT_SBML_CVODE_MAX_STEPS 20000 /* internal steps per advance before CVODE gives up */

typedef struct ct_sbml_cvode ct_sbml_cvode;

/* A solver for model m with relative tolerance rtol and absolute tolerance atol (every species). */
int ct_sbml_cvode_create(const ct_sbml_model *m, double rtol, double atol, ct_sbml_cvode **out,
                         ct_error *err);
/* Advances y (n_species) by span time units with the model's other values taken from values (as
   ct_sbml_rates reads them). On failure y is unchanged and err says what CVODE reported, or which
   species was not finite. */
int ct_sbml_cvode_advance(ct_sbml_cvode *cv, double *y, const double *values, double span,
                          ct_error *err);
void ct_sbml_cvode_free(ct_sbml_cvode *cv);

#endif
