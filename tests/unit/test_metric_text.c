/* Metrics shared by sweeps, cohorts and fits: the text form NAME(COLUMN) and its refusals, the
   area under the curve and the time to a threshold against closed forms, and censoring. */
#include <math.h>
#include <string.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_metrics.h"
#include "ct_scenario_load.h"

/* Cell types t and n, a field f whose totals counts.csv carries (totals: 1) or not. */
static ct_scenario *scenario(int totals)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":10,%s\"fields\":{\"f\":{"
             "\"diffusion\":1,\"decay\":0}},\"cell_types\":{\"t\":{},\"n\":{}}}",
             totals ? "\"output\":{\"field_totals\":true}," : "");
    ct_scenario *sc = NULL;
    ct_error err;
    if (ct_scenario_parse(text, "m.json", NULL, 0, &sc, &err))
        printf("    %s\n", err.msg);
    return sc;
}

/* The message parsing text gives ("(no error)" when it parses), the metric in *m. */
static const char *text_error(const char *text, int totals, ct_metric *m)
{
    static ct_error err;
    ct_scenario *sc = scenario(totals);
    int rc = sc ? ct_metric_parse_text(text, sc, "c.json", &err, "/metrics/0", m) : CT_EINVAL;
    ct_scenario_free(sc);
    if (rc == CT_OK)
        return "(no error)";
    printf("    %s\n", err.msg);
    return err.msg;
}

static int refused(const char *text, int totals, const char *expect)
{
    ct_metric m;
    return strstr(text_error(text, totals, &m), expect) != NULL;
}

TEST(metric_text_names_kind_column_and_threshold)
{
    ct_metric m;
    char name[CT_NAME_MAX + 32];
    CHECK(!strcmp(text_error(" auc( t ) ", 0, &m), "(no error)") && !strcmp(m.column, "t"));
    ct_metric_column_name(&m, 0, name, sizeof name);
    CHECK(!strcmp(name, "auc_t"));
    CHECK(!strcmp(text_error("final(f_total)", 1, &m), "(no error)") &&
          !strcmp(m.column, "f_total") && ct_metric_n_columns(&m) == 1);
    ct_metric_column_name(&m, 0, name, sizeof name);
    CHECK(!strcmp(name, "field_total_f")); /* the object kind field_total's column */
    CHECK(!strcmp(text_error("time_to(n <= 2.5)", 0, &m), "(no error)") && m.below &&
          m.threshold == 2.5 && ct_metric_is_survival(&m) && ct_metric_n_columns(&m) == 2);
    ct_metric_column_name(&m, 1, name, sizeof name);
    CHECK(!strcmp(name, "reached_n_le_2.5"));
    CHECK(!strcmp(text_error("time_to(f_total>=1e3)", 1, &m), "(no error)") && !m.below);
    CHECK(!strcmp(text_error("peak(t)", 0, &m), "(no error)") && ct_metric_n_columns(&m) == 2);
}

TEST(metric_text_refuses_bad_forms_at_their_json_path)
{
    CHECK(refused("peak(x)", 0, "c.json: /metrics/0: no counts.csv column \"x\""));
    CHECK(refused("bogus(t)", 0, "expected NAME(COLUMN)"));
    CHECK(refused("auc(t", 0, "expected NAME(COLUMN)"));
    CHECK(refused("auc", 0, "expected NAME(COLUMN)"));
    CHECK(refused("time_to(t)", 0, "time_to(COLUMN >= X)"));
    CHECK(refused("time_to(t >= nan)", 0, "X a finite number"));
    CHECK(refused("time_to(t >= 1e400)", 0, "X a finite number"));
    CHECK(refused("time_to(t >= 1e16)", 0, "|X| <= 1e+15"));
    CHECK(refused("time_to(t >= 3x)", 0, "X a finite number"));
    CHECK(refused("peak(f_total)", 1, "peak take cell types"));
    CHECK(refused("auc(f_total)", 0, "needs the runs to write field totals"));
    CHECK(refused("auc(g_total)", 1, "no field named \"g\""));
    char longer[CT_METRIC_MAX_TEXT + 8];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    CHECK(refused(longer, 0, "longer than 127 bytes"));
    /* A field name one byte too long is refused, not cut to a field of the scenario. */
    snprintf(longer, sizeof longer, "auc(f%063d_total)", 0);
    CHECK(refused(longer, 1, "longer than 63 bytes"));
}

/* An object metric {"kind", "type", "above" | "below"} parsed as a sweep would. */
static const char *object_error(const char *json)
{
    static ct_error err;
    ct_scenario *sc = scenario(0);
    cJSON *node = cJSON_Parse(json);
    ct_metric m;
    int rc = sc && node ? ct_metric_parse("c.json", &err, node, "/metrics/1", sc, &m) : CT_EINVAL;
    cJSON_Delete(node);
    ct_scenario_free(sc);
    if (rc == CT_OK)
        return "(no error)";
    printf("    %s\n", err.msg);
    return err.msg;
}

TEST(metric_object_time_to_needs_one_finite_threshold)
{
    CHECK(!strcmp(object_error("{\"kind\":\"time_to\",\"type\":\"t\",\"below\":3}"), "(no error)"));
    CHECK(!strcmp(object_error("\"auc(n)\""), "(no error)"));
    CHECK(strstr(object_error("{\"kind\":\"time_to\",\"type\":\"t\"}"), "/metrics/1: time_to "
                                                                          "needs exactly one"));
    CHECK(strstr(object_error("{\"kind\":\"time_to\",\"type\":\"t\",\"below\":1,\"above\":2}"),
                 "exactly one"));
    CHECK(strstr(object_error("{\"kind\":\"time_to\",\"type\":\"t\",\"above\":\"x\"}"),
                 "/metrics/1/above"));
    CHECK(strstr(object_error("{\"kind\":\"time_to\",\"type\":\"t\",\"above\":1e300}"),
                 "/metrics/1/above"));
    CHECK(strstr(object_error("[1]"), "/metrics/1: expected an object"));
}

/* N(t) = 1000 exp(-k t), k = 0.01 per minute, one row a minute over [0, 600] minutes. */
static void decay_table(ct_counts_table *t, char **names)
{
    enum { ROWS = 601 };
    static double time[ROWS], counts[ROWS];
    for (int r = 0; r < ROWS; r++) {
        time[r] = r;
        counts[r] = 1000 * exp(-0.01 * r);
    }
    names[0] = "t";
    *t = (ct_counts_table){.n_cols = 1, .names = names, .n_rows = ROWS, .time = time,
                           .counts = counts};
}

static double eval(const char *text, const ct_counts_table *t, double *out)
{
    ct_metric m;
    ct_error err;
    if (strcmp(text_error(text, 0, &m), "(no error)") || ct_metric_eval(&m, t, out, &err))
        return NAN;
    return out[0];
}

TEST(metric_auc_and_time_to_match_the_exponential_decay)
{
    ct_counts_table t;
    char *names[1];
    decay_table(&t, names);
    double out[CT_METRIC_MAX_COLUMNS];
    /* Reference: the integral of 1000 exp(-k t) over [0, 600] is 1000 / k (1 - exp(-6)). The
       trapezoid rule on a convex curve overestimates it, by h^2 k^2 / 12 = 8.3e-6 relative at
       h = 1 minute (the rule's error term, e.g. Press et al., Numerical Recipes 4.1); tolerance
       1e-5 relative, and the sign. */
    double exact = 1000 / 0.01 * (1 - exp(-6));
    double area = eval("auc(t)", &t, out);
    CHECK(area > exact && (area - exact) / exact < 1e-5);
    printf("    auc %.6f, exact %.6f, relative error %.2e\n", area, exact, (area - exact) / exact);
    /* Reference: N reaches 500 at ln 2 / k = 69.3147 minutes; linear interpolation between the
       rows at 69 and 70 minutes lands within h^2 k / 8 = 1.25e-3 minutes of it. */
    CHECK(fabs(eval("time_to(t <= 500)", &t, out) - log(2) / 0.01) < 1.25e-3 && out[1] == 1);
    /* Already met in the first row: its time. Never met: censored at the last row. */
    CHECK(eval("time_to(t >= 1000)", &t, out) == 0 && out[1] == 1);
    CHECK(eval("time_to(t <= 0)", &t, out) == 600 && out[1] == 0);
    CHECK(eval("time_to_peak(t)", &t, out) == 0 && eval("final(t)", &t, out) == t.counts[600]);
}
