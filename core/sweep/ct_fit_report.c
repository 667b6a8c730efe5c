/* The outputs of a fit: posterior.csv (every generation's particles) and fit.json. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_fit.h"
#include "ct_io.h"

static void put_number(FILE *fp, double x)
{
    char buf[40];
    ct_sweep_format_number(x, buf, sizeof buf);
    fprintf(fp, ",%s", buf);
}

static int write_posterior(const ct_fit *f, const char *dir, const ct_abc_result *r,
                           ct_error *err)
{
    ct_outfile out;
    int rc = ct_outfile_open_in(&out, dir, "posterior.csv", err);
    if (rc)
        return rc;
    int d = f->abc.n_params;
    fputs("generation,particle,run,weight,distance", out.fp);
    for (int k = 0; k < d; k++)
        fprintf(out.fp, ",%s", f->runs->params[k].path);
    fputc('\n', out.fp);
    for (int g = 0; g < r->n_generations; g++)
        for (long i = 0; i < f->abc.population; i++) {
            fprintf(out.fp, "%d,%ld,%ld", g, i, r->gens[g].index[i]);
            put_number(out.fp, r->gens[g].weight[i]);
            put_number(out.fp, r->gens[g].distance[i]);
            for (int k = 0; k < d; k++)
                put_number(out.fp, r->gens[g].theta[i * d + k]);
            fputc('\n', out.fp);
        }
    return ct_outfile_commit(&out, err);
}

static cJSON *generations_json(const ct_abc_result *r)
{
    cJSON *arr = cJSON_CreateArray();
    for (int g = 0; arr && g < r->n_generations; g++) {
        const ct_abc_generation *gen = &r->gens[g];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        cJSON_AddNumberToObject(o, "generation", g);
        if (isfinite(gen->tolerance))
            cJSON_AddNumberToObject(o, "tolerance", gen->tolerance);
        else
            cJSON_AddNullToObject(o, "tolerance");
        cJSON_AddNumberToObject(o, "runs", (double)gen->candidates);
        cJSON_AddNumberToObject(o, "acceptance_rate", gen->acceptance);
        cJSON_AddNumberToObject(o, "redraws", (double)gen->redraws);
    }
    return arr;
}

/* Weighted median and 5% and 95% quantiles of each parameter in the last generation. */
static cJSON *posterior_json(const ct_fit *f, const ct_abc_result *r)
{
    const ct_abc_generation *last = &r->gens[r->n_generations - 1];
    long n = f->abc.population;
    int d = f->abc.n_params;
    double *x = ct_malloc((size_t)n * sizeof *x);
    cJSON *arr = x ? cJSON_CreateArray() : NULL;
    for (int k = 0; arr && k < d; k++) {
        for (long i = 0; i < n; i++)
            x[i] = last->theta[i * d + k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "path", f->runs->params[k].path);
        cJSON_AddNumberToObject(o, "median", ct_abc_quantile(x, last->weight, n, 0.5));
        cJSON_AddNumberToObject(o, "q05", ct_abc_quantile(x, last->weight, n, 0.05));
        cJSON_AddNumberToObject(o, "q95", ct_abc_quantile(x, last->weight, n, 0.95));
    }
    ct_free(x);
    return arr;
}

static int write_fit_json(const ct_fit *f, const char *dir, const ct_abc_result *r,
                          double wall_s, ct_error *err)
{
    cJSON *j = cJSON_CreateObject();
    if (j) {
        cJSON_AddStringToObject(j, "fit", f->runs->file);
        cJSON_AddNumberToObject(j, "population", (double)f->abc.population);
        cJSON_AddNumberToObject(j, "runs", (double)r->runs);
        cJSON_AddNumberToObject(j, "runs_failed", (double)f->runs_failed);
        cJSON_AddNumberToObject(j, "runs_undefined", (double)f->runs_undefined);
        cJSON_AddNumberToObject(j, "wall_s", wall_s);
        cJSON_AddNumberToObject(j, "runs_per_s", wall_s > 0 ? (double)r->runs / wall_s : 0);
        cJSON_AddStringToObject(j, "stopped_by", ct_abc_stop_name(r->stop));
        cJSON_AddItemToObject(j, "generations", generations_json(r));
        cJSON_AddItemToObject(j, "posterior", posterior_json(f, r));
    }
    char *text = j ? cJSON_Print(j) : NULL;
    cJSON_Delete(j);
    if (!text)
        return ct_error_set(err, CT_ENOMEM, "out of memory writing fit.json");
    char path[4200];
    snprintf(path, sizeof path, "%s/fit.json", dir);
    int rc = ct_io_write_file(path, text, strlen(text), err);
    cJSON_free(text);
    return rc;
}

int ct_fit_copy_data(const ct_fit *f, const char *dir, ct_error *err)
{
    char *text, path[4200];
    size_t len;
    int rc = ct_io_read_file_max(f->data.file, CT_FIT_MAX_DATA_BYTES, "data file", &text, &len,
                                 err);
    snprintf(path, sizeof path, "%s/data.csv", dir);
    if (rc)
        return rc;
    rc = ct_io_write_file(path, text, len, err);
    ct_free(text);
    return rc;
}

int ct_fit_write_outputs(const ct_fit *f, const char *dir, const ct_abc_result *r, double wall_s,
                         ct_error *err)
{
    if (r->n_generations < 1)
        return CT_OK;
    int rc = write_posterior(f, dir, r, err);
    return rc ? rc : write_fit_json(f, dir, r, wall_s, err);
}
