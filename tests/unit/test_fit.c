/* Fit files: strict refusals naming the file and place, the data CSV, and the distance. */
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_fit.h"
#include "ct_io.h"

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
    ct_fit_data d = {.n_rows = 2, .n_series = 1};
    snprintf(d.names[0], sizeof d.names[0], "t");
    double time[] = {10, 20}, value[] = {9, 6}, sd[] = {0.5, 1};
    d.time = time;
    d.value = value;
    d.sd = sd;
    char *names[] = {"n", "t"};
    double ttime[] = {0, 20}, counts[] = {0, 10, 0, 6};
    ct_counts_table t = {.n_cols = 2, .names = names, .n_rows = 2, .time = ttime,
                         .counts = counts};
    double dist = NAN;
    ct_error err;
    CHECK(ct_fit_distance(&d, &t, &dist, &err) == CT_OK);
    CHECK_NEAR(dist, 4.0, 1e-12);
    snprintf(d.names[0], sizeof d.names[0], "q");
    CHECK(ct_fit_distance(&d, &t, &dist, &err) == CT_EFORMAT);
}
