/* Sweep planning: grid expansion with replicates, seeds, ranges, samples, refusals; metrics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_metrics.h"
#include "ct_sweep.h"
#include "harness.h"

static const char base[] =
    "{\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":10,\"cell_types\":{\"t\":{\"motility\":"
    "{\"rate\":0.1},\"death\":{\"rate\":0.01}},\"n\":{}},\"initial\":[{\"shape\":\"rect\","
    "\"type\":\"t\",\"min\":[0,0],\"max\":[100,100],\"count\":10}]}";

static const char grid[] =
    "{\"scenario\":\"base.json\",\"seed\":5,\"replicates\":3,\"set\":{\"steps\":4},"
    "\"parameters\":[{\"path\":\"cell_types.t.motility.rate\",\"values\":[0.1,0.2]},"
    "{\"path\":\"cell_types.t.death.rate\",\"range\":{\"from\":0.001,\"to\":0.01,\"count\":2,"
    "\"scale\":\"log\"}}],\"metrics\":[{\"kind\":\"peak\",\"type\":\"t\"}]}";

static ct_sweep *load(const char *text)
{
    ct_test_write_tmp("base.json", base);
    ct_sweep *sw;
    ct_error err;
    if (ct_sweep_load(ct_test_write_tmp("sweep.json", text), &sw, &err)) {
        printf("    %s\n", err.msg);
        return NULL;
    }
    return sw;
}

static const char *load_error(const char *text)
{
    static ct_error err;
    ct_test_write_tmp("base.json", base);
    ct_sweep *sw;
    if (ct_sweep_load(ct_test_write_tmp("sweep.json", text), &sw, &err) == CT_OK) {
        ct_sweep_free(sw);
        return "(no error)";
    }
    return err.msg;
}

TEST(sweep_grid_2x2_with_3_replicates_gives_12_runs_with_distinct_seeds)
{
    ct_sweep *sw = load(grid);
    if (!CHECK(sw != NULL))
        return;
    static const char *const rates[4][2] = {
        {"0.1", "0.001"}, {"0.1", "0.01"}, {"0.2", "0.001"}, {"0.2", "0.01"}};
    CHECK(ct_sweep_n_runs(sw) == 12 && sw->n_points == 4 && sw->n_columns == 2);
    uint64_t seeds[12];
    for (long id = 0; id < 12; id++) {
        ct_sweep_run r = ct_sweep_run_of(sw, id);
        CHECK(r.point == id / 3 && r.replicate == id % 3);
        CHECK(r.seed == ct_sweep_seed(5, r.point, r.replicate) && r.seed < (UINT64_C(1) << 49));
        for (int p = 0; p < 2; p++)
            CHECK(strcmp(ct_sweep_value_at(sw, r.point, p)->text, rates[r.point][p]) == 0);
        seeds[id] = r.seed;
        for (long j = 0; j < id; j++)
            CHECK(seeds[j] != r.seed);
    }
    char *arg = ct_sweep_set_arg(sw, 3, 1);
    CHECK(strcmp(arg, "cell_types.t.death.rate=0.01") == 0);
    ct_free(arg);
    CHECK(sw->n_sets == 1 && strcmp(sw->sets[0], "steps=4") == 0 && sw->base->steps == 4);
    CHECK(ct_sweep_seed(6, 0, 0) != ct_sweep_seed(5, 0, 0));
    ct_sweep_free(sw);
}

TEST(sweep_linspace_and_logspace_hit_their_ends)
{
    double x[5];
    ct_sweep_linspace(0.0, 1.0, 5, 0, x);
    for (int i = 0; i < 5; i++)
        CHECK_NEAR(x[i], 0.25 * i, 1e-15);
    ct_sweep_linspace(1e-4, 1e-2, 3, 1, x);
    CHECK(x[0] == 1e-4 && x[2] == 1e-2);
    CHECK_NEAR(x[1], 1e-3, 1e-18);
}

/* Values read as they were written: whole numbers in full (50, not the equally short 5e+01),
   others in the shortest text that reads back as the same double. */
TEST(sweep_values_print_as_given)
{
    ct_sweep *sw = load("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":"
                        "\"cell_types.t.motility.rate\",\"values\":[50,1500,0.25,1e-05,-300]}],"
                        "\"metrics\":[{\"kind\":\"peak\",\"type\":\"t\"}]}");
    if (!CHECK(sw != NULL))
        return;
    const char *want[] = {"50", "1500", "0.25", "1e-05", "-300"};
    for (long pt = 0; pt < 5; pt++)
        CHECK(strcmp(ct_sweep_value_at(sw, pt, 0)->text, want[pt]) == 0);
    ct_sweep_free(sw);
}

/* A range wider than the largest double, or one whose steps times their index would overflow,
   still gives finite, evenly spaced points. */
TEST(sweep_linspace_of_the_widest_ranges_stays_finite)
{
    double x[5];
    ct_sweep_linspace(-1e308, 1e308, 5, 0, x);
    for (int i = 0; i < 5; i++) {
        printf("    x[%d] = %g\n", i, x[i]);
        CHECK(isfinite(x[i]));
        CHECK_NEAR(x[i] / 1e308, -1 + 0.5 * i, 1e-15);
    }
    ct_sweep_linspace(0, 1.5e308, 5, 0, x);
    for (int i = 0; i < 5; i++)
        CHECK_NEAR(x[i] / 1e308, 0.375 * i, 1e-15);
    ct_sweep *sw = load("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":\"seed\","
                        "\"sample\":{\"min\":-1e308,\"max\":1e308}},{\"path\":\"dt\",\"sample\":"
                        "{\"min\":1e-300,\"max\":1e300,\"scale\":\"log\"}}],\"sampling\":"
                        "{\"method\":\"uniform\",\"count\":20}}");
    if (!CHECK(sw != NULL))
        return;
    for (long pt = 0; pt < 20; pt++)
        for (int p = 0; p < 2; p++)
            CHECK(isfinite(atof(ct_sweep_value_at(sw, pt, p)->text)));
    ct_sweep_free(sw);
}

TEST(sweep_latin_hypercube_has_one_sample_per_stratum_per_dimension)
{
    enum { N = 17, D = 3 };
    double u[N * D];
    ct_error err;
    printf("    seed 99\n");
    CHECK(ct_sweep_sample_unit(99, CT_SAMPLE_LATIN_HYPERCUBE, N, D, u, &err) == CT_OK);
    for (int k = 0; k < D; k++) {
        int hits[N] = {0};
        for (int i = 0; i < N; i++) {
            CHECK(u[i * D + k] >= 0.0 && u[i * D + k] < 1.0);
            hits[(int)(u[i * D + k] * N)]++;
        }
        for (int s = 0; s < N; s++)
            CHECK(hits[s] == 1);
    }
    double again[N * D];
    ct_sweep_sample_unit(99, CT_SAMPLE_LATIN_HYPERCUBE, N, D, again, &err);
    CHECK(memcmp(u, again, sizeof u) == 0);
}

TEST(sweep_samples_cross_the_grid_within_their_bounds)
{
    ct_sweep *sw = load(
        "{\"scenario\":\"base.json\",\"parameters\":[{\"path\":\"steps\",\"values\":[3,4]},"
        "{\"path\":\"cell_types.t.motility.rate\",\"sample\":{\"min\":0.01,\"max\":1,"
        "\"scale\":\"log\"}}],\"sampling\":{\"method\":\"latin_hypercube\",\"count\":5}}");
    if (!CHECK(sw != NULL))
        return;
    CHECK(sw->n_points == 10 && sw->replicates == 1 && sw->n_columns == 2);
    for (long pt = 0; pt < 10; pt++) {
        double rate = atof(ct_sweep_value_at(sw, pt, 1)->text);
        CHECK(strcmp(ct_sweep_value_at(sw, pt, 0)->text, pt < 5 ? "3" : "4") == 0);
        CHECK(rate >= 0.01 && rate <= 1);
        CHECK(strcmp(ct_sweep_value_at(sw, pt % 5, 1)->text,
                     ct_sweep_value_at(sw, pt, 1)->text) == 0);
    }
    ct_sweep_free(sw);
}

static int error_has(const char *text, const char *words)
{
    const char *msg = load_error(text);
    int ok = strstr(msg, words) != NULL;
    if (!ok)
        printf("    expected \"%s\" in \"%s\"\n", words, msg);
    return ok;
}

TEST(sweep_refuses_bad_files_naming_the_json_path)
{
    CHECK(error_has("{\"scenario\":\"base.json\",\"replicate\":3}",
                    "sweep.json: /replicate: unknown key (did you mean \"replicates\"?)"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":"
                    "\"cell_types.t.motilty.rate\",\"values\":[1]}]}",
                    "/parameters/0/path: scenario"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":"
                    "\"cell_types.t.motilty.rate\",\"values\":[1]}]}",
                    "(did you mean \"motility\"?)"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":\"steps\","
                    "\"values\":[1],\"range\":{\"from\":1,\"to\":2,\"count\":2}}]}",
                    "/parameters/0: give exactly one of"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":\"dt\",\"range\":"
                    "{\"from\":0,\"to\":2,\"count\":2,\"scale\":\"log\"}}]}",
                    "/parameters/0/range/from: a log scale needs"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":\"dt\",\"sample\":"
                    "{\"min\":1,\"max\":2}}]}",
                    "/sampling: required"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"metrics\":[{\"kind\":\"field_total\","
                    "\"field\":\"oxygen\"}]}",
                    "/metrics/0/field: no field named \"oxygen\""));
    CHECK(error_has("{\"scenario\":\"base.json\",\"metrics\":[{\"kind\":\"peak\","
                    "\"type\":\"x\"}]}",
                    "/metrics/0/type: no cell type \"x\""));
    CHECK(error_has("{\"scenario\":\"base.json\",\"set\":{\"stepz\":3}}", "/scenario: "));
}

/* Two metrics recording one column would overwrite each other in sweep.csv / cohort.csv:
   refused at load time, naming the column and both JSON paths. */
TEST(sweep_refuses_two_metrics_writing_one_column)
{
    CHECK(error_has("{\"scenario\":\"base.json\",\"metrics\":[\"auc(t)\",\"final(t)\","
                    "{\"kind\":\"final_count\",\"type\":\"t\"}]}",
                    "sweep.json: /metrics/2: writes the column \"final_t\", as /metrics/1 does"));
    CHECK(error_has("{\"scenario\":\"base.json\",\"metrics\":[\"time_to(t >= 5)\","
                    "\"time_to(t>=5.0)\"]}",
                    "/metrics/1: writes the column \"time_to_t_ge_5\", as /metrics/0 does"));
    /* distinct columns of one subject are fine: peak_t, peak_time_t, time_to_peak_t */
    ct_sweep *sw = load("{\"scenario\":\"base.json\",\"metrics\":[\"peak(t)\","
                        "\"time_to_peak(t)\",\"time_to(t <= 5)\"]}");
    CHECK(sw != NULL && sw->n_columns == 5);
    ct_sweep_free(sw);
}

/* A parameter's "label" (what figures call it) is kept; an empty, control-character or
   over-long one, or a non-string, is refused at its JSON path. */
TEST(sweep_parameter_labels_are_kept_and_checked)
{
    ct_sweep *sw = load("{\"scenario\":\"base.json\",\"parameters\":[{\"path\":"
                        "\"cell_types.t.death.rate\",\"label\":\"death rate (1/min)\","
                        "\"values\":[0.01]}],\"metrics\":[{\"kind\":\"peak\",\"type\":\"t\"}]}");
    if (CHECK(sw != NULL)) {
        CHECK(strcmp(sw->params[0].label, "death rate (1/min)") == 0);
        ct_sweep_free(sw);
    }
    char long_label[CT_SWEEP_MAX_LABEL + 2], text[512];
    memset(long_label, 'x', sizeof long_label - 1);
    long_label[sizeof long_label - 1] = '\0';
    const char *bad[] = {"\"\"", "\"a\\nb\"", "3", long_label};
    for (int i = 0; i < 4; i++) {
        snprintf(text, sizeof text, "{\"scenario\":\"base.json\",\"parameters\":[{\"path\":"
                 "\"dt\",\"label\":%s%s%s,\"values\":[1]}]}", i == 3 ? "\"" : "", bad[i],
                 i == 3 ? "\"" : "");
        const char *msg = load_error(text);
        if (!CHECK(strstr(msg, "sweep.json: /parameters/0/label: ")))
            printf("    label %s: %s\n", bad[i], msg);
    }
}

TEST(sweep_refuses_duplicate_keys_in_the_sweep_and_in_run_json)
{
    CHECK(error_has("{\"scenario\":\"base.json\",\"replicates\":2,\"replicates\":3}",
                    "sweep.json: /replicates: duplicate key"));
    ct_sweep *sw = load(grid);
    if (!CHECK(sw != NULL))
        return;
    char dir[512], run_dir[600];
    snprintf(dir, sizeof dir, "%s/dup_sweep", ct_test_tmpdir());
    snprintf(run_dir, sizeof run_dir, "%s/runs/0", dir);
    ct_error err;
    CHECK(ct_io_mkdirs(run_dir, &err) == CT_OK);
    char run_json[256];
    snprintf(run_json, sizeof run_json, "{\"status\":\"error\",\"seed\":%llu,\"status\":\"ok\"}",
             (unsigned long long)ct_sweep_run_of(sw, 0).seed);
    char path[700];
    snprintf(path, sizeof path, "%s/run.json", run_dir);
    CHECK(ct_io_write_file(path, run_json, strlen(run_json), &err) == CT_OK);
    ct_sweep_result res;
    ct_sweep_result_read(sw, dir, 0, NULL, &res);
    CHECK(!res.ok);
    CHECK(strstr(res.message, "run.json: /status: duplicate key") != NULL);
    ct_sweep_free(sw);
}

/* field_total names a field the scenario defines: without output.field_totals the refusal says how
   to turn them on, not that the scenario has no fields. */
TEST(sweep_field_total_refusal_is_true_to_the_scenario)
{
    ct_test_write_tmp("fields.json", "{\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":10,"
                             "\"fields\":{\"oxygen\":{\"diffusion\":1}},\"cell_types\":{\"t\":{}}}");
    const char *msg = load_error("{\"scenario\":\"fields.json\",\"metrics\":[{\"kind\":"
                                 "\"field_total\",\"field\":\"oxygen\"}]}");
    CHECK(strstr(msg, "sweep.json: /metrics/0/kind: \"field_total\" of field \"oxygen\" needs the "
                      "runs to write field totals: add \"output\": {\"field_totals\": true}") != NULL);
    CHECK(strstr(msg, "defines no fields") == NULL);
    printf("    %s\n", msg);
    msg = load_error("{\"scenario\":\"fields.json\",\"metrics\":[{\"kind\":\"field_total\","
                     "\"field\":\"oxygn\"}]}");
    CHECK(strstr(msg, "/metrics/0/field: no field named \"oxygn\"") != NULL &&
          strstr(msg, "defines no fields") == NULL);
}

TEST(metrics_final_peak_and_extinction_from_counts)
{
    const char *path = ct_test_write_tmp("counts.csv", "step,time,t,n\n0,0,5,0\n1,2,9,1\n2,4,9,0\n"
                                               "3,6,3,0\n");
    ct_counts_table t;
    ct_error err;
    if (!CHECK(ct_counts_table_read(path, &t, &err) == CT_OK))
        return;
    ct_sweep *sw = load("{\"scenario\":\"base.json\",\"metrics\":[{\"kind\":\"final_count\","
                        "\"type\":\"t\"},{\"kind\":\"peak\",\"type\":\"t\"},{\"kind\":"
                        "\"extinction_time\",\"type\":\"n\"},{\"kind\":\"extinction_time\","
                        "\"type\":\"t\"}]}");
    double v[5][2];
    for (int m = 0; sw && m < 4; m++)
        CHECK(ct_metric_eval(&sw->metrics[m], &t, v[m], &err) == CT_OK);
    CHECK(v[0][0] == 3 && v[1][0] == 9 && v[1][1] == 2 && v[2][0] == 4 && isnan(v[3][0]));
    char name[80];
    ct_metric_column_name(&sw->metrics[1], 1, name, sizeof name);
    CHECK(strcmp(name, "peak_time_t") == 0);
    ct_sweep_free(sw);
    ct_counts_table_free(&t);
    path = ct_test_write_tmp("bad.csv", "step,time,t\n0,0\n");
    CHECK(ct_counts_table_read(path, &t, &err) == CT_EFORMAT);
    CHECK(strstr(err.msg, "bad.csv: line 2: expected 3 numbers") != NULL);
}
