/* Fit files: strict refusals naming the file and place, the data CSV, and the distance. */
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_fit.h"
#include "ct_io.h"
#include "ct_scenario_load.h"

/* A scenario of 100 steps of 1 minute, with cell types t and n. */
static const char base[] =
    "{\"name\":\"b\",\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":100,\"seed\":1,"
    "\"cell_types\":{\"t\":{\"death\":{\"rate\":0.01}},\"n\":{}},\"initial\":[{\"shape\":"
    "\"rect\",\"type\":\"t\",\"min\":[0,0],\"max\":[100,100],\"count\":10}]}";

/* Loads a fit of cell_types.t.death.rate with the given prior, data file text and extra keys. */
static const char *fit_error(const char *prior, const char *data, const char *extra)
{
    static ct_error err;
    char fit[2048];
    snprintf(fit, sizeof fit,
             "{\"scenario\":\"base.json\",\"data\":\"data.csv\",\"parameters\":[{\"path\":"
             "\"cell_types.t.death.rate\",\"prior\":%s}]%s}",
             prior, extra);
    ct_test_write_tmp("base.json", base);
    if (data)
        ct_test_write_tmp("data.csv", data);
    ct_fit *f;
    if (ct_fit_load(ct_test_write_tmp("fit.json", fit), &f, &err) == CT_OK) {
        ct_fit_free(f);
        return "(no error)";
    }
    printf("    %s\n", err.msg);
    return err.msg;
}

static const char uniform[] = "{\"kind\":\"uniform\",\"min\":0,\"max\":0.1}";
static const char good_data[] = "time,t,sd_t\n10,9,1.5\n50,5,2\n";

TEST(fit_loads_priors_data_and_abc_defaults)
{
    CHECK(strcmp(fit_error(uniform, good_data, ""), "(no error)") == 0);
    ct_fit *f;
    ct_error err;
    if (!CHECK(ct_fit_load(ct_test_write_tmp("fit.json", "{\"scenario\":\"base.json\",\"data\":"
                                                 "\"data.csv\",\"parameters\":[{\"path\":"
                                                 "\"cell_types.t.death.rate\",\"prior\":{"
                                                 "\"kind\":\"log_normal\",\"min\":1e-4,\"max\":"
                                                 "1,\"mean\":-4,\"sd\":1}}]}"),
                           &f, &err) == CT_OK))
        return;
    CHECK(f->abc.population == 100 && f->abc.batch == 100 && f->abc.max_generations == 5);
    CHECK(f->abc.priors[0].kind == CT_PRIOR_LOG_NORMAL && f->abc.priors[0].sd == 1);
    CHECK(f->data.n_rows == 2 && f->data.n_series == 1 && f->data.sd[1] == 2);
    ct_fit_free(f);
}

TEST(fit_refuses_bad_priors_with_their_json_path)
{
    CHECK(strstr(fit_error("{\"kind\":\"uniform\",\"min\":1,\"max\":1}", good_data, ""),
                 "/parameters/0/prior/max"));
    CHECK(strstr(fit_error("{\"kind\":\"log_uniform\",\"min\":0,\"max\":1}", good_data, ""),
                 "needs \"min\" above 0"));
    CHECK(strstr(fit_error("{\"kind\":\"normal\",\"min\":0,\"max\":1,\"mean\":0}", good_data, ""),
                 "sd"));
    CHECK(strstr(fit_error("{\"kind\":\"uniform\",\"min\":0,\"max\":1,\"sd\":1}", good_data, ""),
                 "sd"));
    CHECK(strstr(fit_error("{\"kind\":\"beta\",\"min\":0,\"max\":1}", good_data, ""), "kind"));
    CHECK(strstr(fit_error(uniform, good_data, ",\"abc\":{\"population\":1}"), "population"));
    CHECK(strstr(fit_error(uniform, good_data, ",\"abc\":{\"quantile\":1}"), "quantile"));
    CHECK(strstr(fit_error(uniform, good_data, ",\"abc\":{\"populaton\":10}"), "populaton"));
    CHECK(strstr(fit_error(uniform, good_data, ",\"seed\":1,\"seed\":2"), "duplicate"));
}

/* Observed metrics: the text form of docs/sweeps.md with a finite value and an sd above 0. */
static const char *metric_error(const char *metrics)
{
    char extra[1024];
    snprintf(extra, sizeof extra, ",\"metrics\":%s", metrics);
    return fit_error(uniform, good_data, extra);
}

TEST(fit_refuses_bad_observed_metrics_with_their_json_path)
{
    CHECK(!strcmp(metric_error("[{\"metric\":\"auc(t)\",\"value\":400,\"sd\":20},"
                               "{\"metric\":\"time_to(t <= 5)\",\"value\":60}]"),
                  "(no error)"));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(x)\",\"value\":1}]"),
                 "fit.json: /metrics/0/metric: no counts.csv column \"x\""));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(t)\"}]"), "/metrics/0/value: required"));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(t)\",\"value\":\"1\"}]"),
                 "/metrics/0/value: expected a number"));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(t)\",\"value\":1e300}]"),
                 "/metrics/0/value: expected a number in [-1e+15, 1e+15]"));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(t)\",\"value\":1,\"sd\":0}]"),
                 "/metrics/0/sd: expected a number above 0"));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(t)\",\"value\":1,\"sd\":-2}]"),
                 "/metrics/0/sd"));
    /* the same metric in other spellings: one column, observed twice */
    CHECK(strstr(metric_error("[{\"metric\":\"peak(t)\",\"value\":1},"
                              "{\"metric\":\"peak( t )\",\"value\":2}]"),
                 "/metrics/1: writes the column \"peak_t\", as /metrics/0 does"));
    CHECK(strstr(metric_error("[{\"metric\":3,\"value\":1}]"), "/metrics/0/metric"));
    CHECK(strstr(metric_error("{}"), "/metrics: expected an array"));
    CHECK(strstr(metric_error("[{\"metric\":\"auc(t)\",\"value\":1,\"weight\":2}]"),
                 "/metrics/0/weight"));
}

/* An observed metric joins the weighted sum of squares: peak(t) is 10 in the table below, 7
   observed with sd 2 adds ((10 - 7) / 2)^2 = 2.25; undefined (extinction_time of a living type)
   rejects the candidate. */
TEST(fit_distance_adds_observed_metrics)
{
    ct_fit f = {.data = {.n_rows = 1, .n_series = 1}};
    snprintf(f.data.names[0], sizeof f.data.names[0], "t");
    double time[] = {20}, value[] = {6}, sd[] = {1};
    f.data.time = time;
    f.data.value = value;
    f.data.sd = sd;
    char *names[] = {"t"};
    double ttime[] = {0, 20}, counts[] = {10, 6};
    ct_counts_table t = {.n_cols = 1, .names = names, .n_rows = 2, .time = ttime,
                         .counts = counts};
    ct_scenario *sc;
    ct_error err;
    if (!CHECK(ct_scenario_parse(base, "base.json", NULL, 0, &sc, &err) == CT_OK))
        return;
    ct_metric peak, extinction;
    CHECK(ct_metric_parse_text("peak(t)", sc, "fit.json", &err, "/metrics/0", &peak) == CT_OK);
    CHECK(ct_metric_parse_text("extinction_time(t)", sc, "fit.json", &err, "/metrics/0",
                               &extinction) == CT_OK);
    ct_scenario_free(sc);
    f.metrics = (ct_fit_metrics){.n = 1, .metric = {peak}, .value = {7}, .sd = {2}};
    double dist = NAN;
    CHECK(ct_fit_distance(&f, &t, 0, 0, &dist, &err) == CT_OK);
    CHECK_NEAR(dist, 2.25, 1e-12);
    f.metrics.metric[0] = extinction;
    CHECK(ct_fit_distance(&f, &t, 0, 0, &dist, &err) == CT_OK && isnan(dist));
}

/* A data column may be a field's total, a counts.csv column when the runs write field totals. */
TEST(fit_data_takes_field_totals_when_the_runs_write_them)
{
    static const char field_base[] =
        "{\"domain\":{\"size\":[10,10]},\"dt\":1,\"steps\":100,%s\"fields\":{\"il2\":{"
        "\"diffusion\":1,\"decay\":0.1}},\"cell_types\":{\"t\":{}}}";
    static const char fit[] = "{\"scenario\":\"field.json\",\"data\":\"data.csv\",\"parameters\":"
                              "[{\"path\":\"fields.il2.decay\",\"prior\":{\"kind\":\"uniform\","
                              "\"min\":0,\"max\":1}}]}";
    char text[512];
    ct_fit *f;
    ct_error err;
    ct_test_write_tmp("data.csv", "time,il2_total,sd_il2_total,t\n10,5,1,0\n");
    snprintf(text, sizeof text, field_base, "\"output\":{\"field_totals\":true},");
    ct_test_write_tmp("field.json", text);
    if (CHECK(ct_fit_load(ct_test_write_tmp("fit.json", fit), &f, &err) == CT_OK)) {
        CHECK(f->data.n_series == 2 && !strcmp(f->data.names[0], "il2_total"));
        ct_fit_free(f);
    }
    snprintf(text, sizeof text, field_base, "");
    ct_test_write_tmp("field.json", text);
    CHECK(ct_fit_load(ct_test_write_tmp("fit.json", fit), &f, &err) == CT_EINVAL &&
          strstr(err.msg, "column \"il2_total\": expected a cell type of the scenario or "
                          "<field>_total (with output.field_totals)"));
    ct_test_write_tmp("data.csv", "time,oxygen_total\n10,5\n");
    CHECK(ct_fit_load(ct_test_write_tmp("fit.json", fit), &f, &err) == CT_EINVAL &&
          strstr(err.msg, "column \"oxygen_total\""));
}

TEST(fit_refuses_bad_data_naming_file_and_line)
{
    CHECK(strstr(fit_error(uniform, "time,x\n1,2\n", ""), "line 1: column \"x\""));
    CHECK(strstr(fit_error(uniform, "t,t\n1,2\n", ""), "first column must be \"time\""));
    CHECK(strstr(fit_error(uniform, "time,sd_t,t\n1,2,3\n", ""), "comes before"));
    CHECK(strstr(fit_error(uniform, "time,t\n1,2\n2,x\n", ""), "data.csv: line 3, column 2"));
    CHECK(strstr(fit_error(uniform, "time,t\n1,2\n2\n", ""), "line 3, column 1"));
    CHECK(strstr(fit_error(uniform, "time,t\n1,2,3\n", ""), "line 2, column 2"));
    CHECK(strstr(fit_error(uniform, "time,t\n1,nan\n", ""), "line 2"));
    CHECK(strstr(fit_error(uniform, "time,t,sd_t\n1,2,0\n", ""), "standard deviation above 0"));
    CHECK(strstr(fit_error(uniform, "time,t\n1,2\n101,3\n", ""), "line 3: time 101"));
    CHECK(strstr(fit_error(uniform, "time,t\n5,2\n5,3\n", ""), "increasing"));
    CHECK(strstr(fit_error(uniform, "time,t\n", ""), "no data rows"));
    CHECK(strstr(fit_error(uniform, "", ""), "empty"));
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/data.csv", ct_test_tmpdir());
    remove(fifo);
    if (CHECK(mkfifo(fifo, 0600) == 0))
        CHECK(strstr(fit_error(uniform, NULL, ""), "data.csv"));
    remove(fifo);
    CHECK(strstr(fit_error(uniform, NULL, ""), "data.csv")); /* missing */
}

/* Reference: hand-computed. counts t = 10 at time 0 and 6 at time 20 give 8 at time 10 by
   linear interpolation; data 9 (sd 0.5) there and 6 (sd 1) at 20: ((8-9)/0.5)^2 + 0 = 4. */
TEST(fit_distance_is_the_weighted_sum_of_squares_of_interpolated_counts)
{
    ct_fit f = {.data = {.n_rows = 2, .n_series = 1}};
    snprintf(f.data.names[0], sizeof f.data.names[0], "t");
    double time[] = {10, 20}, value[] = {9, 6}, sd[] = {0.5, 1};
    f.data.time = time;
    f.data.value = value;
    f.data.sd = sd;
    char *names[] = {"n", "t"};
    double ttime[] = {0, 20}, counts[] = {0, 10, 0, 6};
    ct_counts_table t = {.n_cols = 2, .names = names, .n_rows = 2, .time = ttime,
                         .counts = counts};
    double dist = NAN;
    ct_error err;
    CHECK(ct_fit_distance(&f, &t, 0, 0, &dist, &err) == CT_OK);
    CHECK_NEAR(dist, 4.0, 1e-12);
    /* A column the run lacks rejects the candidate (NAN), it does not stop the fit. */
    snprintf(f.data.names[0], sizeof f.data.names[0], "q");
    CHECK(ct_fit_distance(&f, &t, 0, 0, &dist, &err) == CT_OK && isnan(dist));
}
