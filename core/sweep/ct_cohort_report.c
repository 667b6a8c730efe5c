/* Cohort outputs: cohort.csv, and cohort_summary.csv with per-arm medians and paired differences
 * against the first arm (median, bootstrap percentile interval, counts of each sign). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_abc.h"
#include "ct_alloc.h"
#include "ct_cohort.h"
#include "ct_io.h"

static void put_value(FILE *fp, double x)
{
    if (isnan(x))
        fputs(",NA", fp);
    else
        fprintf(fp, ",%.10g", x);
}

static const ct_sweep_result *result_of(const ct_cohort *c, const ct_sweep_result *results,
                                        int arm, long patient)
{
    return &results[arm * c->n_patients + patient];
}

static double value_of(const ct_cohort *c, const ct_sweep_result *results, int arm,
                       long patient, int col)
{
    const ct_sweep_result *r = result_of(c, results, arm, patient);
    return r->ok ? r->metrics[col] : NAN;
}

/* Metric column names in sweep order, one after another with a leading comma. */
static void put_metric_names(FILE *fp, const ct_sweep *sw)
{
    for (int m = 0; m < sw->n_metrics; m++)
        for (int k = 0; k < ct_metric_n_columns(&sw->metrics[m]); k++) {
            char name[CT_NAME_MAX + 32];
            ct_metric_column_name(&sw->metrics[m], k, name, sizeof name);
            fprintf(fp, ",%s", name);
        }
}

static int write_table(const ct_cohort *c, const char *dir, const ct_sweep_result *results,
                       ct_error *err)
{
    const ct_sweep *sw = c->runs;
    ct_outfile out;
    int rc = ct_outfile_open_in(&out, dir, "cohort.csv", err);
    if (rc)
        return rc;
    fputs("patient,arm", out.fp);
    for (int k = 0; k < c->n_patient_params; k++)
        fprintf(out.fp, ",%s", sw->params[k].path);
    put_metric_names(out.fp, sw);
    fputs(",status\n", out.fp);
    for (long p = 0; p < c->n_patients; p++)
        for (int a = 0; a < c->n_arms; a++) {
            fprintf(out.fp, "%ld,%s", p, c->arm_names[a]);
            for (int k = 0; k < c->n_patient_params; k++)
                fprintf(out.fp, ",%s", ct_sweep_value_at(sw, a * c->n_patients + p, k)->text);
            for (int col = 0; col < sw->n_columns; col++)
                put_value(out.fp, value_of(c, results, a, p, col));
            fprintf(out.fp, ",%s\n", result_of(c, results, a, p)->ok ? "ok" : "failed");
        }
    return ct_outfile_commit(&out, err);
}

/* The median of x[0..n) and a 95% bootstrap percentile interval for it, resampling with
   streams keyed by (seed, column, arm). */
static void median_interval(const double *x, long n, uint64_t key, double *buf, double *out)
{
    double *medians = buf + n;
    out[0] = ct_abc_quantile(x, NULL, n, 0.5);
    for (int b = 0; b < CT_COHORT_BOOTSTRAP; b++) {
        ct_rng r = ct_rng_stream(key, (uint64_t)b, CT_RNG_USER + 1);
        for (long i = 0; i < n; i++)
            buf[i] = x[ct_rng_below(&r, (uint32_t)n)];
        medians[b] = ct_abc_quantile(buf, NULL, n, 0.5);
    }
    out[1] = ct_abc_quantile(medians, NULL, CT_COHORT_BOOTSTRAP, 0.025);
    out[2] = ct_abc_quantile(medians, NULL, CT_COHORT_BOOTSTRAP, 0.975);
}

/* Column col for the summary: a survival time censored by the next column (reached = 0) counts
   as infinite, later than any event, so medians and paired signs stay right under censoring. */
static double summary_value(const ct_cohort *c, const ct_sweep_result *results, int arm,
                            long patient, int col, int survival)
{
    double v = value_of(c, results, arm, patient, col);
    return survival && value_of(c, results, arm, patient, col + 1) == 0 ? INFINITY : v;
}

/* One row: arm a's median of column col, and its paired differences from arm 0. */
static void summary_row(FILE *fp, const ct_cohort *c, const ct_sweep_result *results, int a,
                        int col, int survival, double *x, double *diff, double *buf)
{
    long n_x = 0, n_d = 0, higher = 0, lower = 0;
    for (long p = 0; p < c->n_patients; p++) {
        double v = summary_value(c, results, a, p, col, survival);
        double v0 = summary_value(c, results, 0, p, col, survival);
        if (!isnan(v))
            x[n_x++] = v;
        if (!isnan(v) && !isnan(v0)) {
            diff[n_d++] = v == v0 ? 0 : v - v0; /* both censored: equal */
            higher += v > v0;
            lower += v < v0;
        }
    }
    fprintf(fp, ",%s,%ld", c->arm_names[a], n_x);
    put_value(fp, n_x ? ct_abc_quantile(x, NULL, n_x, 0.5) : NAN);
    double m[3] = {NAN, NAN, NAN};
    if (a > 0 && n_d > 0)
        median_interval(diff, n_d, ct_rng_step_key(c->runs->seed, (uint64_t)(col * 64 + a)), buf,
                        m);
    fprintf(fp, ",%ld", n_d);
    for (int k = 0; k < 3; k++)
        put_value(fp, m[k]);
    fprintf(fp, ",%ld,%ld,%ld\n", higher, lower, n_d - higher - lower);
}

static int write_summary(const ct_cohort *c, const char *dir, const ct_sweep_result *results,
                         ct_error *err)
{
    const ct_sweep *sw = c->runs;
    size_t n = (size_t)c->n_patients;
    double *x = ct_malloc(n * sizeof *x), *diff = ct_malloc(n * sizeof *diff);
    double *buf = ct_malloc((n + CT_COHORT_BOOTSTRAP) * sizeof *buf);
    ct_outfile out;
    int rc = x && diff && buf ? ct_outfile_open_in(&out, dir, "cohort_summary.csv", err)
                              : ct_error_set(err, CT_ENOMEM, "out of memory");
    if (!rc) {
        fputs("metric,arm,n,median,n_paired,difference_median,difference_low95,"
              "difference_high95,n_higher,n_lower,n_equal\n",
              out.fp);
        int col = 0;
        for (int m = 0; m < sw->n_metrics; m++)
            for (int k = 0; k < ct_metric_n_columns(&sw->metrics[m]); k++, col++)
                for (int a = 0; a < c->n_arms; a++) {
                    char name[CT_NAME_MAX + 32];
                    ct_metric_column_name(&sw->metrics[m], k, name, sizeof name);
                    fputs(name, out.fp);
                    summary_row(out.fp, c, results, a, col,
                                ct_metric_is_survival(&sw->metrics[m]) && k == 0, x, diff, buf);
                }
        rc = ct_outfile_commit(&out, err);
    }
    ct_free(x);
    ct_free(diff);
    ct_free(buf);
    return rc;
}

int ct_cohort_write_reports(const ct_cohort *c, const char *dir, const ct_sweep_result *results,
                            ct_error *err)
{
    int rc = write_table(c, dir, results, err);
    return rc ? rc : write_summary(c, dir, results, err);
}
