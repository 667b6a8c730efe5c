/* CVODE over the bytecode model (ct_sbml_cvode.h). SUNDIALS allocates its own memory with malloc
 * (it takes no allocator), so only the wrapper goes through ct_alloc. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "ct_alloc.h"
#include "ct_sbml_cvode.h"

struct ct_sbml_cvode {
    const ct_sbml_model *m;
    const double *values; /* of the advance in progress, read by the right-hand side */
    SUNContext ctx;
    N_Vector y;
    SUNMatrix jacobian;
    SUNLinearSolver solver;
    void *mem;
    char why[200];        /* CVODE's last error message */
};

static int right_hand_side(sunrealtype t, N_Vector y, N_Vector dydt, void *user)
{
    (void)t;
    const ct_sbml_cvode *cv = user;
    double *d = N_VGetArrayPointer(dydt);
    ct_sbml_rates(cv->m, N_VGetArrayPointer(y), cv->values, d);
    /* recoverable: CVODE retries with a smaller step, and reports if it cannot */
    return ct_sbml_first_nonfinite(cv->m, d) >= 0 ? 1 : 0;
}

/* CVODE prints its errors on stderr unless given a handler: keep the message for the caller's. */
static void keep_message(int code, const char *module, const char *function, char *msg, void *user)
{
    (void)module;
    ct_sbml_cvode *cv = user;
    if (code < 0)
        snprintf(cv->why, sizeof cv->why, "%s: %s", function, msg);
}

int ct_sbml_cvode_create(const ct_sbml_model *m, double rtol, double atol, ct_sbml_cvode **out,
                         ct_error *err)
{
    ct_sbml_cvode *cv = ct_calloc(1, sizeof *cv);
    *out = NULL;
    if (!cv || SUNContext_Create(NULL, &cv->ctx)) {
        ct_free(cv);
        return ct_error_set(err, CT_ENOMEM, "CVODE: out of memory");
    }
    cv->m = m;
    cv->values = m->value;
    sunindextype n = m->n_species;
    cv->y = N_VNew_Serial(n, cv->ctx);
    cv->jacobian = cv->y ? SUNDenseMatrix(n, n, cv->ctx) : NULL;
    cv->solver = cv->jacobian ? SUNLinSol_Dense(cv->y, cv->jacobian, cv->ctx) : NULL;
    cv->mem = cv->solver ? CVodeCreate(CV_BDF, cv->ctx) : NULL;
    if (cv->mem)
        N_VConst(0.0, cv->y);
    if (!cv->mem || CVodeInit(cv->mem, right_hand_side, 0.0, cv->y) ||
        CVodeSetUserData(cv->mem, cv) || CVodeSetErrHandlerFn(cv->mem, keep_message, cv) ||
        CVodeSStolerances(cv->mem, rtol, atol) || CVodeSetLinearSolver(cv->mem, cv->solver,
                                                                       cv->jacobian) ||
        CVodeSetMaxNumSteps(cv->mem, CT_SBML_CVODE_MAX_STEPS)) {
        ct_sbml_cvode_free(cv);
        return ct_error_set(err, CT_ENOMEM, "CVODE: could not set up the solver");
    }
    *out = cv;
    return CT_OK;
}

int ct_sbml_cvode_advance(ct_sbml_cvode *cv, double *y, const double *values, double span,
                          ct_error *err)
{
    int ns = cv->m->n_species;
    double *v = N_VGetArrayPointer(cv->y);
    memcpy(v, y, (size_t)ns * sizeof *v);
    cv->values = values;
    cv->why[0] = '\0';
    sunrealtype reached;
    /* the stop time keeps CVODE from stepping past span and interpolating back */
    int flag = CVodeReInit(cv->mem, 0.0, cv->y);
    if (!flag && !(flag = CVodeSetStopTime(cv->mem, span)))
        flag = CVode(cv->mem, span, cv->y, &reached, CV_NORMAL);
    if (flag < 0)
        return ct_error_set(err, CT_ESTATE, "CVODE failed (flag %d; its t counts from the start of "
                            "this advance): %s", flag,
                            cv->why[0] ? cv->why : "no message");
    int bad = ct_sbml_first_nonfinite(cv->m, v);
    if (bad >= 0)
        return ct_error_set(err, CT_ESTATE, "species \"%s\" became %g", cv->m->name[bad], v[bad]);
    memcpy(y, v, (size_t)ns * sizeof *v);
    return CT_OK;
}

void ct_sbml_cvode_free(ct_sbml_cvode *cv)
{
    if (!cv)
        return;
    CVodeFree(&cv->mem);
    if (cv->solver)
        SUNLinSolFree(cv->solver);
    if (cv->jacobian)
        SUNMatDestroy(cv->jacobian);
    if (cv->y)
        N_VDestroy(cv->y);
    SUNContext_Free(&cv->ctx);
    ct_free(cv);
}
