/* The SBML reader and the RK4 integrator: analytic references, refusals of what is not supported,
 * limits and malformed input. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_sbml.h"
#include "harness.h"

static ct_sbml_model *read_data(const char *name)
{
    char path[256];
    ct_error err = {0};
    ct_sbml_model *m = NULL;
    snprintf(path, sizeof path, "tests/data/sbml/%s", name);
    if (ct_sbml_read(path, &m, &err))
        fprintf(stderr, "%s\n", err.msg);
    return m;
}

/* A -> B with k = 0.1/min, A0 = 10 (tests/data/sbml/a_to_b.xml). Reference: the closed form
   A(t) = A0 exp(-k t); RK4 with h = 0.1 min has a global error of order (k h)^4 k t / 120, far
   below the tolerance 1e-8 relative; B + A = A0 (conservation) to 1e-12. */
TEST(sbml_first_order_matches_closed_form)
{
    ct_sbml_model *m = read_data("a_to_b.xml");
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->n_species == 2 && m->n_reactions == 1);
    double y[2] = {m->value[0], m->value[1]};
    ct_sbml_rk4(m, y, m->value, 0.1, 300); /* t = 30 min */
    CHECK_NEAR(y[0], 10.0 * exp(-0.1 * 30.0), 1e-8 * 10.0);
    CHECK_NEAR(y[0] + y[1], 10.0, 1e-12);
    ct_sbml_free(m);
}

/* Logistic growth N' = r N (1 - N/K), r = 0.05/min, K = 20, N0 = 0.5 as a concentration in a
   compartment of size 2 whose kinetic law is written per amount (times the compartment) and uses
   a local parameter (tests/data/sbml/logistic.xml). Reference: the closed form
   N(t) = K / (1 + (K/N0 - 1) exp(-r t)) (Verhulst 1838); tolerance 1e-7 relative at t = 200 min
   with h = 0.5 min. */
TEST(sbml_logistic_matches_closed_form)
{
    ct_sbml_model *m = read_data("logistic.xml");
    CHECK(m != NULL);
    if (!m)
        return;
    double y[1] = {m->value[0]};
    CHECK_NEAR(y[0], 0.5, 0.0);
    ct_sbml_rk4(m, y, m->value, 0.5, 400);
    double want = 20.0 / (1.0 + (20.0 / 0.5 - 1.0) * exp(-0.05 * 200.0));
    CHECK_NEAR(y[0], want, 1e-7 * want);
    ct_sbml_free(m);
}

static const char *model_head =
    "<?xml version='1.0' encoding='UTF-8'?><sbml xmlns='http://www.sbml.org/sbml/level3/version1/core' "
    "level='3' version='1'><model id='m'><listOfCompartments><compartment id='c' size='1' "
    "constant='true'/></listOfCompartments><listOfSpecies><species id='A' compartment='c' "
    "initialAmount='1' hasOnlySubstanceUnits='true' boundaryCondition='false' "
    "constant='false'/></listOfSpecies>";

/* A model with extra (elements after the species) and a reaction R3 consuming A at rate law. */
static int read_with(const char *extra, const char *law, ct_error *err)
{
    static char text[8192];
    snprintf(text, sizeof text,
             "%s%s<listOfReactions><reaction id='R3' reversible='false' fast='false'>"
             "<listOfReactants><speciesReference species='A' stoichiometry='1' constant='true'/>"
             "</listOfReactants><kineticLaw><math xmlns='http://www.w3.org/1998/Math/MathML'>%s"
             "</math></kineticLaw></reaction></listOfReactions></model></sbml>",
             model_head, extra, law);
    ct_sbml_model *m = NULL;
    memset(err, 0, sizeof *err);
    int rc = ct_sbml_read_string(text, "x.xml", &m, err);
    ct_sbml_free(m);
    return rc;
}

static int refused_with(const char *extra, const char *law, const char *want)
{
    ct_error err;
    int rc = read_with(extra, law, &err);
    if (rc == CT_OK || !strstr(err.msg, want) || !strstr(err.msg, "x.xml")) {
        fprintf(stderr, "    got rc %d \"%s\", wanted \"%s\"\n", rc, err.msg, want);
        return 0;
    }
    return 1;
}

TEST(sbml_reads_a_plain_law)
{
    ct_error err;
    CHECK(read_with("", "<ci>A</ci>", &err) == CT_OK);
}

TEST(sbml_refuses_what_it_does_not_support)
{
    const char *a = "<ci>A</ci>";
    CHECK(refused_with("", "<apply><csymbol encoding='text' "
                           "definitionURL='http://www.sbml.org/sbml/symbols/delay'>delay"
                           "</csymbol><ci>A</ci><cn>1</cn></apply>",
                       "reaction \"R3\": kineticLaw uses delay(): not supported"));
    CHECK(refused_with("", "<apply><sin/><ci>A</ci></apply>", "reaction \"R3\": kineticLaw uses"));
    CHECK(refused_with("", "<ci>nothing</ci>", "kineticLaw names \"nothing\""));
    CHECK(refused_with("<listOfEvents><event id='E1' useValuesFromTriggerTime='true'/>"
                       "</listOfEvents>", a, "event \"E1\": events are not supported"));
    CHECK(refused_with("<listOfRules><algebraicRule><math "
                       "xmlns='http://www.w3.org/1998/Math/MathML'><ci>A</ci></math>"
                       "</algebraicRule></listOfRules>", a, "algebraic rule"));
    CHECK(refused_with("<listOfParameters><parameter id='p' value='1' constant='false'/>"
                       "</listOfParameters><listOfRules><rateRule variable='p'><math "
                       "xmlns='http://www.w3.org/1998/Math/MathML'><cn>1</cn></math></rateRule>"
                       "</listOfRules>", a, "rate rule for \"p\""));
}

TEST(sbml_refuses_malformed_and_oversized_input)
{
    ct_sbml_model *m = NULL;
    ct_error err = {0};
    CHECK(ct_sbml_read_string("<sbml", "bad.xml", &m, &err) != CT_OK && m == NULL);
    CHECK(strstr(err.msg, "bad.xml: line") != NULL);
    CHECK(ct_sbml_read_string("", "empty.xml", &m, &err) != CT_OK);
    CHECK(ct_sbml_read("tests/data/sbml/no_such.xml", &m, &err) != CT_OK);
    /* a kinetic law nested deeper than CT_SBML_MAX_STACK */
    char law[16384] = "";
    for (int k = 0; k < CT_SBML_MAX_STACK + 1; k++)
        strcat(law, "<apply><minus/>");
    strcat(law, "<ci>A</ci>");
    for (int k = 0; k < CT_SBML_MAX_STACK + 1; k++)
        strcat(law, "</apply>");
    CHECK(refused_with("", law, "nested deeper than"));
}

/* Largest deviation of the RK4 run with step h from the reference trajectory (C, M, X each minute,
   t = 0 .. 100 min). */
static double goldbeter_deviation(const ct_sbml_model *m, double h)
{
    FILE *f = fopen("tests/data/sbml/goldbeter1991_reference.csv", "r");
    if (!f)
        return INFINITY;
    double y[CT_SBML_MAX_SPECIES], t, ref[3], worst = 0.0;
    for (int s = 0; s < m->n_species; s++)
        y[s] = m->value[s];
    int c = ct_sbml_value_index(m, "C"), mm = ct_sbml_value_index(m, "M"),
        x = ct_sbml_value_index(m, "X"), rows = 0;
    char line[256];
    if (!fgets(line, sizeof line, f)) /* header */
        worst = INFINITY;
    while (fscanf(f, "%lf,%lf,%lf,%lf", &t, &ref[0], &ref[1], &ref[2]) == 4) {
        double got[3] = {y[c], y[mm], y[x]};
        for (int k = 0; k < 3; k++)
            worst = fmax(worst, fabs(got[k] - ref[k]));
        ct_sbml_rk4(m, y, m->value, h, (int)lround(1.0 / h));
        rows++;
    }
    fclose(f);
    return rows == 101 ? worst : INFINITY;
}

/* BioModels BIOMD0000000003, Goldbeter 1991 mitotic oscillator (tests/data/sbml/goldbeter1991.xml,
   transcribed, CC0), against tests/data/sbml/goldbeter1991_reference.csv: the paper's three ODEs
   integrated independently in Python (goldbeter1991_reference.py, RK4 h = 1e-4 min, converged to
   4e-13). Over five periods (100 min) the RK4 run with h = 1e-3 min stays within 1e-7 of it in C,
   M and X; h = 0.05 min, too coarse for the switch-like kinetics (K = 0.005), does not, which
   shows the comparison can fail. */
TEST(sbml_goldbeter_1991_matches_independent_reference)
{
    ct_sbml_model *m = read_data("goldbeter1991.xml");
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->n_species == 5 && m->n_reactions == 7);
    double fine = goldbeter_deviation(m, 1e-3), coarse = goldbeter_deviation(m, 0.05);
    printf("    deviation from reference: h 1e-3: %.3g, h 0.05: %.3g\n", fine, coarse);
    CHECK(fine < 1e-7);
    CHECK(coarse > 1e-7);
    ct_sbml_free(m);
}

/* A batch of cells in lanes gives each cell the bits it gets alone: Goldbeter's five species from
   61 different states (a batch that is not a multiple of the vector width), and a_to_b with its
   parameter k varying from lane to lane (a cell's input). */
TEST(sbml_lanes_give_each_cell_its_own_result)
{
    ct_sbml_model *g = read_data("goldbeter1991.xml"), *ab = read_data("a_to_b.xml");
    if (!CHECK(g != NULL && ab != NULL)) {
        ct_sbml_free(g);
        ct_sbml_free(ab);
        return;
    }
    static ct_sbml_lanes b, c;
    int k = ct_sbml_value_index(ab, "k"), same = 1;
    b = (ct_sbml_lanes){.n = 61, .values = g->value};
    c = (ct_sbml_lanes){.n = 61, .values = ab->value, .n_varying = 1, .varying_index = {k}};
    for (int l = 0; l < b.n; l++) {
        for (int s = 0; s < g->n_species; s++)
            b.y[s][l] = g->value[s] * (1.0 + 0.01 * l) + 1e-3 * s;
        c.y[0][l] = 10.0 + l;
        c.y[1][l] = 0.0;
        c.varying[0][l] = 0.01 * (l + 1);
    }
    ct_sbml_lanes b0 = b, c0 = c;
    ct_sbml_rk4_lanes(g, &b, 1e-3, 100);
    ct_sbml_rk4_lanes(ab, &c, 0.1, 30);
    double values[CT_SBML_MAX_VALUES];
    memcpy(values, ab->value, (size_t)ab->n_values * sizeof *values);
    for (int l = 0; l < b.n; l++) {
        double y[CT_SBML_MAX_SPECIES], z[2] = {c0.y[0][l], c0.y[1][l]};
        for (int s = 0; s < g->n_species; s++)
            y[s] = b0.y[s][l];
        ct_sbml_rk4(g, y, g->value, 1e-3, 100);
        values[k] = c0.varying[0][l];
        ct_sbml_rk4(ab, z, values, 0.1, 30);
        for (int s = 0; s < g->n_species; s++)
            same &= memcmp(&y[s], &b.y[s][l], sizeof y[s]) == 0;
        same &= memcmp(&z[0], &c.y[0][l], sizeof z[0]) == 0 && memcmp(&z[1], &c.y[1][l],
                                                                      sizeof z[1]) == 0;
    }
    CHECK(same);
    CHECK_NEAR(c.y[0][60], 70.0 * exp(-0.61 * 3.0), 1e-7 * 70.0); /* closed form A0 exp(-k t) */
    ct_sbml_free(g);
    ct_sbml_free(ab);
}
