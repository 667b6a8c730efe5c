/* The distance of a fit's candidate to the data: the simulated series (counts interpolated at the
 * data's times, the observed metrics evaluated on counts.csv), then the weighted sum of squares
 * or the user's Lua distance; and the observed metrics of FIT.json. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_fit.h"

_Static_assert(CT_FIT_MAX_SERIES + CT_FIT_MAX_METRICS <= CT_LUA_DISTANCE_MAX_COLUMNS,
               "a Lua distance sees every series and metric");

/* ---- observed metrics ---------------------------------------------------------------------- */

static int parse_metric(ct_jobj *o, const ct_scenario *sc, ct_fit_metrics *m, int i)
{
    const char *text;
    char path[600];
    int rc = ct_jobj_string(o, "metric", CT_JSON_REQUIRED, NULL, &text);
    snprintf(path, sizeof path, "%s/metric", o->path);
    if (rc || (rc = ct_metric_parse_text(text, sc, o->file, o->err, path, &m->metric[i])) ||
        (rc = ct_jobj_number(o, "value", CT_JSON_REQUIRED, 0, -CT_FIT_MAX_METRIC_VALUE,
                             CT_FIT_MAX_METRIC_VALUE, &m->value[i])) ||
        (rc = ct_jobj_number(o, "sd", CT_JSON_OPTIONAL, 1, 0, CT_FIT_MAX_METRIC_VALUE,
                             &m->sd[i])))
        return rc;
    if (!(m->sd[i] > 0))
        return ct_json_fail(o->file, o->err, o->path, "sd", "expected a number above 0");
    if ((rc = ct_metric_check_distinct(m->metric, i, o->file, o->err, "/metrics")))
        return rc;
    snprintf(m->text[i], sizeof m->text[i], "%s", text);
    return ct_jobj_close(o);
}

int ct_fit_metrics_parse(ct_jobj *root, const ct_scenario *sc, ct_fit_metrics *m)
{
    cJSON *arr = ct_jobj_get(root, "metrics");
    if (!arr)
        return CT_OK;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > CT_FIT_MAX_METRICS)
        return ct_json_fail(root->file, root->err, root->path, "metrics",
                            "expected an array of at most %d objects {\"metric\", \"value\", "
                            "\"sd\"}",
                            CT_FIT_MAX_METRICS);
    int rc = CT_OK;
    for (cJSON *e = arr->child; e && !rc; e = e->next, m->n++) {
        char path[64];
        snprintf(path, sizeof path, "/metrics/%d", m->n);
        ct_jobj o;
        if (!(rc = ct_jobj_open(&o, root->file, root->err, e, path)))
            rc = parse_metric(&o, sc, m, m->n);
    }
    return rc;
}

/* ---- the simulated series ------------------------------------------------------------------ */

/* The count of column c at time t, linear between the rows around it. */
static double interpolate(const ct_counts_table *t, int c, double time)
{
    size_t lo = 0, hi = t->n_rows - 1;
    if (time <= t->time[0])
        return t->counts[c];
    if (time >= t->time[hi])
        return t->counts[hi * (size_t)t->n_cols + (size_t)c];
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        *(t->time[mid] <= time ? &lo : &hi) = mid;
    }
    double a = t->counts[lo * (size_t)t->n_cols + (size_t)c];
    double b = t->counts[hi * (size_t)t->n_cols + (size_t)c];
    return a + (b - a) * (time - t->time[lo]) / (t->time[hi] - t->time[lo]);
}

static int column_of(const ct_counts_table *t, const char *name)
{
    for (int c = 0; c < t->n_cols; c++)
        if (!strcmp(t->names[c], name))
            return c;
    return -1;
}

/* Simulated values in the order of the observed ones: series s at row i in sim[i * n_series + s],
   then metric k in sim_metric[k]. 0 when all are defined. */
static int simulate_series(const ct_fit *f, const ct_counts_table *t, double *sim,
                           double *sim_metric)
{
    const ct_fit_data *d = &f->data;
    ct_error ignored;
    if (t->n_rows < 1)
        return -1;
    for (int s = 0; s < d->n_series; s++) {
        int c = column_of(t, d->names[s]);
        if (c < 0)
            return -1;
        for (long i = 0; i < d->n_rows; i++)
            sim[i * d->n_series + s] = interpolate(t, c, d->time[i]);
    }
    for (int k = 0; k < f->metrics.n; k++) {
        double values[CT_METRIC_MAX_COLUMNS];
        if (ct_metric_eval(&f->metrics.metric[k], t, values, &ignored) || isnan(values[0]))
            return -1;
        sim_metric[k] = values[0];
    }
    return 0;
}

/* ---- the distances ------------------------------------------------------------------------- */

static double weighted_ssq(const ct_fit *f, const double *sim, const double *sim_metric)
{
    const ct_fit_data *d = &f->data;
    double sum = 0;
    for (int s = 0; s < d->n_series; s++)
        for (long i = 0; i < d->n_rows; i++) {
            long k = i * d->n_series + s;
            double z = (sim[k] - d->value[k]) / d->sd[k];
            sum += z * z;
        }
    for (int k = 0; k < f->metrics.n; k++) {
        double z = (sim_metric[k] - f->metrics.value[k]) / f->metrics.sd[k];
        sum += z * z;
    }
    return sum;
}

/* Row-major n_rows x n_series into column-major (one contiguous column per series). */
static void transpose(const ct_fit_data *d, const double *rows, double *cols)
{
    for (int s = 0; s < d->n_series; s++)
        for (long i = 0; i < d->n_rows; i++)
            cols[s * d->n_rows + i] = rows[i * d->n_series + s];
}

static int lua_distance(const ct_fit *f, const double *sim, const double *sim_metric, int gen,
                        long candidate, double *out, ct_error *err)
{
    const ct_fit_data *d = &f->data;
    size_t n = (size_t)(d->n_rows * d->n_series);
    double *buf = ct_malloc(3 * n * sizeof *buf + 1);
    if (!buf)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    transpose(d, sim, buf);
    transpose(d, d->value, buf + n);
    transpose(d, d->sd, buf + 2 * n);
    ct_lua_columns c = {.n = d->n_series + f->metrics.n, .n_times = d->n_rows, .time = d->time};
    for (int s = 0; s < d->n_series; s++) {
        c.names[s] = d->names[s];
        c.length[s] = d->n_rows;
        for (int which = 0; which < 3; which++)
            (which == 0 ? c.simulated : which == 1 ? c.observed : c.sd)[s] =
                buf + which * n + (size_t)(s * d->n_rows);
    }
    for (int k = 0, s = d->n_series; k < f->metrics.n; k++, s++) {
        c.names[s] = f->metrics.text[k];
        c.length[s] = 1;
        c.simulated[s] = &sim_metric[k];
        c.observed[s] = &f->metrics.value[k];
        c.sd[s] = &f->metrics.sd[k];
    }
    int rc = ct_lua_distance_eval(f->lua_distance, ct_fit_generation_seed(f->abc.seed, gen),
                                  (uint64_t)candidate, &c, out, err);
    ct_free(buf);
    if (rc)
        ct_error_prefix(err, "generation %d, candidate %ld (gen%d/runs/%ld): ", gen, candidate,
                        gen, candidate);
    return rc;
}

int ct_fit_distance(const ct_fit *f, const ct_counts_table *t, int gen, long candidate,
                    double *out, ct_error *err)
{
    const ct_fit_data *d = &f->data;
    double *sim = ct_malloc((size_t)(d->n_rows * d->n_series) * sizeof *sim + 1);
    double sim_metric[CT_FIT_MAX_METRICS];
    int rc = sim ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory");
    *out = NAN;
    if (!rc && simulate_series(f, t, sim, sim_metric) == 0)
        rc = f->lua_distance ? lua_distance(f, sim, sim_metric, gen, candidate, out, err)
                             : (*out = weighted_ssq(f, sim, sim_metric), CT_OK);
    ct_free(sim);
    return rc;
}
