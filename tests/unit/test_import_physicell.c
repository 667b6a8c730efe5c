/* celltwin import physicell: the imported Hill rules give PhysiCell's response, every allocation
 * of an import can fail cleanly, and the rules reader's format details. The command, the two
 * sample projects and the refusals: tests/cli/test_import_physicell.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_import_physicell.h"
#include "ct_physicell_rules.h"
#include "ct_rules.h"
#include "ct_scenario_load.h"
#include "ct_sim.h"
#include "ct_sim_create.h"
#include "harness.h"

static const char *rules_sample(void)
{
    static char path[1024];
    const char *root = getenv("CT_ROOT");
    snprintf(path, sizeof path,
             "%s/tests/data/physicell/rules_sample/config/PhysiCell_settings.xml",
             root && *root ? root : ".");
    return path;
}

/* PhysiCell's response of one behaviour to one up- and one down-regulating signal
   (Hypothesis_Rule::evaluate, PhysiCell 1.12+): up first, then down from the result. */
static double physicell_response(double base, double up_max, double up_s, double up_half,
                                 double up_n, double down_min, double down_s, double down_half,
                                 double down_n)
{
    double su = pow(up_s / up_half, up_n), sd = pow(down_s / down_half, down_n);
    double u = base + (up_max - base) * su / (1 + su);
    return u + (down_min - u) * sd / (1 + sd);
}

/* Two effector T cells, one touching a tumour cell, in the imported rules_sample scenario. */
static ct_sim *tcell_sim(ct_scenario **sc, double *dx)
{
    ct_error err = {0};
    cJSON *json;
    *sc = NULL;
    if (ct_import_physicell(rules_sample(), NULL, "imported.json", &json, &err)) {
        printf("    %s\n", err.msg);
        return NULL;
    }
    *dx = cJSON_GetObjectItem(cJSON_GetObjectItem(json, "domain"), "dx")->valuedouble;
    char set[512];
    snprintf(set, sizeof set,
             "initial=[{\"shape\":\"list\",\"type\":\"effector T cell\",\"positions\":"
             "[[%g,%g],[%g,%g]]},{\"shape\":\"list\",\"type\":\"malignant epithelial cell\","
             "\"positions\":[[%g,%g]]}]",
             10.5 * *dx, 10.5 * *dx, 30.5 * *dx, 30.5 * *dx, 11.5 * *dx, 10.5 * *dx);
    const char *sets[] = {set};
    char *text = cJSON_Print(json);
    cJSON_Delete(json);
    ct_sim *sim = NULL;
    if (!text || ct_scenario_parse(text, "imported.json", sets, 1, sc, &err) ||
        ct_sim_create(*sc, &sim, &err))
        printf("    %s\n", err.msg);
    ct_free(text);
    return sim;
}

TEST(import_physicell_rules_give_physicells_response)
{
    ct_scenario *sc;
    double dx;
    ct_sim *sim = tcell_sim(&sc, &dx);
    CHECK(sim != NULL);
    if (!sim) {
        ct_scenario_free(sc);
        return;
    }
    int tcell = ct_scenario_type_index(sc, "effector T cell");
    int field = ct_scenario_field_index(sc, "pro-inflammatory factor");
    /* rules_sample: speed 0.1 um/min, raised by pro-inflammatory factor towards 1 (half 0.01,
       power 4), lowered by contact with a tumour cell towards 0.01 (half 0.1, power 10) */
    const double signals[] = {0, 0.002, 0.01, 0.03, 1};
    int compared = 0;
    for (size_t i = 0; i < sim->ag.n; i++) {
        if (sim->ag.type[i] != tcell)
            continue;
        int contacts = sim->ag.site[i] % sim->lat.size[0] == 10; /* the first T cell */
        for (size_t k = 0; k < sizeof signals / sizeof *signals; k++) {
            sim->fields.value[field][sim->ag.site[i]] = (float)signals[k];
            double s = (float)signals[k];
            double got =
                ct_rules_rate(sim, i, CT_BEHAVIOUR_MOTILITY, 0, sc->types[tcell].motility_rate);
            double want = physicell_response(0.1, 1, s, 0.01, 4, 0.01, contacts, 0.1, 10) / dx;
            if (fabs(got - want) > 1e-12 * want) {
                printf("    s %g, contacts %d: celltwin %.15g hops/min, PhysiCell %.15g\n", s,
                       contacts, got, want);
                CHECK(0);
            }
            compared++;
        }
    }
    printf("    %d signal values compared, to 1e-12 relative\n", compared);
    CHECK(compared == 10);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(import_physicell_every_allocation_fails_cleanly)
{
    ct_error err = {0};
    cJSON *json;
    ct_alloc_fail_after(0);
    CHECK(ct_import_physicell(rules_sample(), NULL, "imported.json", &json, &err) == CT_OK);
    cJSON_Delete(json);
    unsigned long total = ct_alloc_fail_after(0);
    /* every one of the first 400, then every 37th: all of them would take minutes */
    printf("    an import makes %lu allocations\n", total);
    int unclear = 0, failed = 0;
    for (unsigned long n = 1; n <= total; n += n < 400 ? 1 : 37) {
        ct_error_clear(&err);
        ct_alloc_fail_after(n);
        int rc = ct_import_physicell(rules_sample(), NULL, "imported.json", &json, &err);
        ct_alloc_fail_after(0);
        if (rc == CT_OK)
            cJSON_Delete(json);
        else if (failed++, strlen(err.msg) < 10)
            unclear++, printf("    allocation %lu: status %d without a message\n", n, rc);
    }
    printf("    %d imports failed, %d without a message\n", failed, unclear);
    CHECK(failed > 0);
    CHECK(unclear == 0);
}

static int read_rules_text(const char *text, ct_physicell_rules *rules, ct_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "%s/rules.csv", ct_test_tmpdir());
    FILE *fp = fopen(path, "w");
    if (!fp)
        return ct_error_set(err, CT_EIO, "cannot write %s", path);
    fputs(text, fp);
    fclose(fp);
    return ct_physicell_rules_read(path, rules, err);
}

TEST(import_physicell_rules_reader_takes_tabs_crlf_and_comments)
{
    ct_physicell_rules rules;
    ct_error err = {0};
    CHECK(
        read_rules_text("// header comment\r\n\r\n"
                        "tumor cell\toxygen\tdecreases\tnecrosis\t0\t3.75\t8\t0\r\n"
                        " M0 macrophage , IL-10 , increases , migration speed , 1 , 0.5 , 4 , 1\n",
                        &rules, &err) == CT_OK);
    CHECK(rules.n == 2);
    if (rules.n == 2) {
        CHECK(!strcmp(rules.rules[0].cell_type, "tumor cell") && rules.rules[0].line == 3);
        CHECK(!rules.rules[0].increases && rules.rules[0].half_max == 3.75);
        CHECK(!strcmp(rules.rules[1].signal, "IL-10") && rules.rules[1].applies_to_dead);
        CHECK(rules.rules[1].hill == 4 && rules.rules[1].line == 4);
    }
    ct_physicell_rules_free(&rules);
    /* PhysiCell 1.11's v1 rows carry a base value: nine columns, refused by name */
    CHECK(read_rules_text("a,oxygen,increases,necrosis,0,1,3.75,8,0\n", &rules, &err) != CT_OK);
    CHECK(strstr(err.msg, "rules.csv:1: expected 8 comma-separated columns") != NULL);
    CHECK(read_rules_text("a,oxygen,increases,necrosis,0,1,8,2\n", &rules, &err) != CT_OK);
    CHECK(strstr(err.msg, "column 8 (applies to dead): expected 0 or 1, got \"2\"") != NULL);
    CHECK(read_rules_text("a,oxygen,increases,necrosis,0,1,inf,0\n", &rules, &err) != CT_OK);
    CHECK(strstr(err.msg, "column 7 (Hill power): expected a number > 0") != NULL);
}
