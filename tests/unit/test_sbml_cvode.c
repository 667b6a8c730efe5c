/* CVODE over SBML models: Robertson's stiff kinetics against the published values, where RK4 at a
 * usable step diverges; results independent of the cells advanced before (the solver is
 * re-initialised per advance); a model that blows up is reported, not written. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_sbml_cvode.h"
#include "harness.h"

static ct_sbml_model *read_model(const char *path)
{
    ct_error err = {0};
    ct_sbml_model *m = NULL;
    if (ct_sbml_read(path, &m, &err))
        fprintf(stderr, "%s\n", err.msg);
    return m;
}

/* Robertson (1966) at t = 40 from y(0) = (1, 0, 0): y1 = 0.7158, y2 = 9.185e-6, y3 = 0.2842, the
   published values (Hairer & Wanner, Solving ODEs II, 2nd ed., sections IV.1 and IV.10;
   SUNDIALS' cvRoberts example prints 7.1582e-01 9.1855e-06 2.8417e-01). Tolerance: one unit of
   the published last digit (1e-4 in y1 and y3, 1e-9 in y2), which CVODE at rtol 1e-8, atol 1e-14
   meets by far. */
static int near_published(const double y[3])
{
    return fabs(y[0] - 0.7158) < 1e-4 && fabs(y[1] - 9.185e-6) < 1e-9 && fabs(y[2] - 0.2842) < 1e-4;
}

TEST(sbml_cvode_robertson_matches_published_values)
{
    ct_sbml_model *m = read_model("tests/data/sbml/robertson.xml");
    ct_sbml_cvode *cv = NULL;
    ct_error err = {0};
    if (!CHECK(m != NULL) || !CHECK(ct_sbml_cvode_create(m, 1e-8, 1e-14, &cv, &err) == CT_OK)) {
        ct_sbml_free(m);
        return;
    }
    double y[3] = {1, 0, 0};
    for (int step = 0; step < 40; step++) /* 40 simulation steps of 1 min, as a cell takes them */
        CHECK(ct_sbml_cvode_advance(cv, y, m->value, 1.0, &err) == CT_OK);
    printf("    CVODE at t = 40: %.6g %.6g %.6g\n", y[0], y[1], y[2]);
    CHECK(near_published(y));
    CHECK_NEAR(y[0] + y[1] + y[2], 1.0, 1e-9); /* the three reactions conserve the total */
    ct_sbml_cvode_free(cv);
    ct_sbml_free(m);
}

/* The stiffness the choice of method rests on: RK4 is stable only for h |lambda| < 2.8, and the
   Jacobian's fast eigenvalue here reaches about -1e4, so RK4 with h = 1e-3 min diverges (not
   finite, or far from the published values) while h = 1e-4 (400000 steps) is accurate. */
TEST(sbml_rk4_diverges_on_robertson_at_a_usable_step)
{
    ct_sbml_model *m = read_model("tests/data/sbml/robertson.xml");
    if (!CHECK(m != NULL))
        return;
    double coarse[3] = {1, 0, 0}, fine[3] = {1, 0, 0};
    ct_sbml_rk4(m, coarse, m->value, 1e-3, 40000);
    ct_sbml_rk4(m, fine, m->value, 1e-4, 400000);
    printf("    RK4 at t = 40: h 1e-3: %.6g %.6g %.6g; h 1e-4: %.6g %.6g %.6g\n", coarse[0],
           coarse[1], coarse[2], fine[0], fine[1], fine[2]);
    CHECK(!near_published(coarse));
    CHECK(near_published(fine));
    ct_sbml_free(m);
}

/* One solver advances cell a, then cell b: b's result has the same bits as with a fresh solver,
   so a thread's earlier cells never leak into a later one (the determinism across threads). */
TEST(sbml_cvode_result_depends_only_on_the_cell)
{
    ct_sbml_model *m = read_model("tests/data/sbml/robertson.xml");
    ct_sbml_cvode *used = NULL, *fresh = NULL;
    ct_error err = {0};
    if (!CHECK(m != NULL) || !CHECK(ct_sbml_cvode_create(m, 1e-6, 1e-12, &used, &err) == 0) ||
        !CHECK(ct_sbml_cvode_create(m, 1e-6, 1e-12, &fresh, &err) == 0)) {
        ct_sbml_cvode_free(used);
        ct_sbml_free(m);
        return;
    }
    double a[3] = {1, 0, 0}, b1[3] = {0.8, 2e-5, 0.19998}, b2[3];
    memcpy(b2, b1, sizeof b2);
    CHECK(ct_sbml_cvode_advance(used, a, m->value, 3.0, &err) == CT_OK);
    CHECK(ct_sbml_cvode_advance(used, b1, m->value, 0.5, &err) == CT_OK);
    CHECK(ct_sbml_cvode_advance(fresh, b2, m->value, 0.5, &err) == CT_OK);
    CHECK(memcmp(b1, b2, sizeof b1) == 0);
    ct_sbml_cvode_free(used);
    ct_sbml_cvode_free(fresh);
    ct_sbml_free(m);
}

/* A' = 0.01 A^2 from 1 reaches infinity at t = 100: CVODE cannot pass it, says so, and leaves y as
   it was. */
TEST(sbml_cvode_reports_a_model_that_blows_up)
{
    ct_sbml_model *m = read_model("tests/data/sbml/blowup.xml");
    ct_sbml_cvode *cv = NULL;
    ct_error err = {0};
    if (!CHECK(m != NULL) || !CHECK(ct_sbml_cvode_create(m, 1e-10, 1e-14, &cv, &err) == 0)) {
        ct_sbml_free(m);
        return;
    }
    double y[1] = {1.0};
    CHECK(ct_sbml_cvode_advance(cv, y, m->value, 50.0, &err) == CT_OK);
    CHECK_NEAR(y[0], 2.0, 1e-7); /* 1 / (1 - 0.01 t) */
    double before = y[0];
    CHECK(ct_sbml_cvode_advance(cv, y, m->value, 100.0, &err) == CT_ESTATE);
    printf("    %s\n", err.msg);
    CHECK(y[0] == before);
    CHECK(strstr(err.msg, "CVODE failed") != NULL);
    ct_sbml_cvode_free(cv);
    ct_sbml_free(m);
}
