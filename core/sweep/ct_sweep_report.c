/* Sweep outputs: the sweep directory, each run's outcome, sweep.csv and summary.csv. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_sweep.h"

int ct_sweep_prepare_dir(const ct_sweep *sw, const char *dir, ct_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/runs", dir);
    int rc = ct_io_mkdirs(path, err);
    if (rc)
        return rc;
    char *text = cJSON_Print(sw->json), *old = NULL;
    if (!text)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", sw->file);
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    struct stat st;
    if (stat(path, &st) != 0)
        rc = ct_io_write_file(path, text, strlen(text), err);
    else if (!(rc = ct_io_read_file(path, &old, NULL, err)) && strcmp(old, text) != 0)
        rc = ct_error_set(err, CT_EINVAL,
                          "%s holds another sweep: its sweep.json differs from %s as resolved "
                          "(use another --out, or remove %s to start over)",
                          dir, sw->file, dir);
    ct_free(old);
    cJSON_free(text);
    return rc;
}

static int eval_metrics(const ct_sweep *sw, const char *run_dir, ct_sweep_result *res)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/counts.csv", run_dir);
    ct_counts_table t;
    ct_error err;
    int rc = ct_counts_table_read(path, &t, &err);
    double *out = res->metrics;
    for (int m = 0; !rc && m < sw->n_metrics; m++) {
        rc = ct_metric_eval(&sw->metrics[m], &t, out, &err);
        out += ct_metric_n_columns(&sw->metrics[m]);
    }
    if (rc)
        snprintf(res->message, sizeof res->message, "%s", err.msg);
    ct_counts_table_free(&t);
    return rc;
}

/* Status of run.json: "ok" with the planned seed, or why not, into res->message. */
static int run_json_ok(const char *run_dir, uint64_t seed, const char *fallback,
                       ct_sweep_result *res)
{
    char path[4200], *text = NULL;
    snprintf(path, sizeof path, "%s/run.json", run_dir);
    ct_error err;
    cJSON *j = ct_io_read_file_max(path, CT_IO_MAX_JSON_BYTES, "run.json", &text, NULL, &err) == CT_OK
                   ? cJSON_Parse(text)
                   : NULL;
    ct_free(text);
    if (j && ct_json_refuse_duplicate_keys(j, path, &err)) { /* which status would count? */
        cJSON_Delete(j);
        snprintf(res->message, sizeof res->message, "%s", err.msg);
        return 0;
    }
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(j, "status");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(j, "message");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "seed");
    int ok = cJSON_IsString(status) && strcmp(status->valuestring, "ok") == 0;
    if (ok && !(cJSON_IsNumber(s) && s->valuedouble == (double)seed)) {
        ok = 0;
        msg = NULL;
        fallback = "run.json records another seed than the sweep planned";
    }
    if (!ok && cJSON_IsString(msg))
        snprintf(res->message, sizeof res->message, "%s", msg->valuestring);
    else if (!ok)
        snprintf(res->message, sizeof res->message, "%s",
                 fallback ? fallback : cJSON_IsString(status) ? "did not finish" : "not run");
    cJSON_Delete(j);
    return ok;
}

void ct_sweep_result_read(const ct_sweep *sw, const char *dir, long id, const char *fallback,
                          ct_sweep_result *res)
{
    memset(res, 0, sizeof *res);
    res->id = id;
    for (int c = 0; c < CT_SWEEP_MAX_COLUMNS; c++)
        res->metrics[c] = NAN;
    char run_dir[4200];
    snprintf(run_dir, sizeof run_dir, "%s/runs/%ld", dir, id);
    if (run_json_ok(run_dir, ct_sweep_run_of(sw, id).seed, fallback, res))
        res->ok = eval_metrics(sw, run_dir, res) == CT_OK;
}

/* ---- CSV ---- */

static void put_cell(FILE *fp, const char *s)
{
    fputc(',', fp);
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void put_number(FILE *fp, double x)
{
    char buf[40];
    if (isnan(x))
        snprintf(buf, sizeof buf, "NA");
    else
        snprintf(buf, sizeof buf, "%.10g", x);
    put_cell(fp, buf);
}

static void put_point(FILE *fp, const ct_sweep *sw, long point)
{
    fprintf(fp, "%ld", point);
    for (int p = 0; p < sw->n_params; p++)
        put_cell(fp, ct_sweep_value_at(sw, point, p)->text);
}

static void put_point_header(FILE *fp, const ct_sweep *sw)
{
    fputs("point", fp);
    for (int p = 0; p < sw->n_params; p++)
        put_cell(fp, sw->params[p].path);
}

/* Calls fn with the name of every metric value, in column order. */
static void each_column(const ct_sweep *sw, void (*fn)(FILE *fp, const char *name), FILE *fp)
{
    for (int m = 0; m < sw->n_metrics; m++)
        for (int k = 0; k < ct_metric_n_columns(&sw->metrics[m]); k++) {
            char name[CT_NAME_MAX + 32];
            ct_metric_column_name(&sw->metrics[m], k, name, sizeof name);
            fn(fp, name);
        }
}

static void put_runs(FILE *fp, const ct_sweep *sw, const ct_sweep_result *results)
{
    fputs("id,", fp);
    put_point_header(fp, sw);
    fputs(",replicate,seed,status", fp);
    each_column(sw, put_cell, fp);
    fputs(",message\n", fp);
    for (long id = 0; id < ct_sweep_n_runs(sw); id++) {
        ct_sweep_run run = ct_sweep_run_of(sw, id);
        const ct_sweep_result *r = &results[id];
        fprintf(fp, "%ld,", id);
        put_point(fp, sw, run.point);
        fprintf(fp, ",%ld,%llu,%s", run.replicate, (unsigned long long)run.seed,
                r->ok ? "ok" : "failed");
        for (int c = 0; c < sw->n_columns; c++)
            put_number(fp, r->metrics[c]);
        put_cell(fp, r->ok ? "" : r->message);
        fputc('\n', fp);
    }
}

/* n, mean, sd, min, max of value c over the replicates of point that succeeded with it defined. */
static void put_stats(FILE *fp, const ct_sweep *sw, const ct_sweep_result *results, long point,
                      int c)
{
    double n = 0, sum = 0, sum2 = 0, lo = NAN, hi = NAN;
    for (long r = 0; r < sw->replicates; r++) {
        const ct_sweep_result *res = &results[point * sw->replicates + r];
        double x = res->metrics[c];
        if (!res->ok || isnan(x))
            continue;
        n++;
        sum += x;
        sum2 += x * x;
        lo = n == 1 || x < lo ? x : lo;
        hi = n == 1 || x > hi ? x : hi;
    }
    double mean = n ? sum / n : NAN;
    double var = n > 1 ? (sum2 - n * mean * mean) / (n - 1) : NAN;
    fprintf(fp, ",%.0f", n);
    put_number(fp, mean);
    put_number(fp, n > 1 ? sqrt(var > 0 ? var : 0) : NAN);
    put_number(fp, lo);
    put_number(fp, hi);
}

static void put_summary(FILE *fp, const ct_sweep *sw, const ct_sweep_result *results)
{
    put_point_header(fp, sw);
    fputs(",metric,n,mean,sd,min,max\n", fp);
    for (long pt = 0; pt < sw->n_points; pt++) {
        int c = 0;
        for (int m = 0; m < sw->n_metrics; m++)
            for (int k = 0; k < ct_metric_n_columns(&sw->metrics[m]); k++, c++) {
                char name[CT_NAME_MAX + 32];
                ct_metric_column_name(&sw->metrics[m], k, name, sizeof name);
                put_point(fp, sw, pt);
                put_cell(fp, name);
                put_stats(fp, sw, results, pt, c);
                fputc('\n', fp);
            }
    }
}

/* labels.csv: what figures call each parameter column of summary.csv (its "label", else its
   path), so that viz, which reads files and not sweep structures, can title its axes. */
static void put_labels(FILE *fp, const ct_sweep *sw, const ct_sweep_result *results)
{
    (void)results;
    fputs("parameter,label\n", fp);
    for (int p = 0; p < sw->n_params; p++) {
        const ct_sweep_param *param = &sw->params[p];
        fputs(param->path, fp);
        put_cell(fp, param->label ? param->label : param->path);
        fputc('\n', fp);
    }
}

static int write_csv(const char *dir, const char *name, const ct_sweep *sw,
                     const ct_sweep_result *results,
                     void (*put)(FILE *, const ct_sweep *, const ct_sweep_result *), ct_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ct_outfile f;
    int rc = ct_outfile_open(&f, path, err);
    if (rc)
        return rc;
    put(f.fp, sw, results);
    return ct_outfile_commit(&f, err);
}

int ct_sweep_write_reports(const ct_sweep *sw, const char *dir, const ct_sweep_result *results,
                           ct_error *err)
{
    int rc = write_csv(dir, "sweep.csv", sw, results, put_runs, err);
    if (!rc)
        rc = write_csv(dir, "summary.csv", sw, results, put_summary, err);
    if (!rc)
        rc = write_csv(dir, "labels.csv", sw, results, put_labels, err);
    return rc;
}
