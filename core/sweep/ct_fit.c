/* FIT.json: strict parsing into a sweep of candidates, ABC settings and the observed data. */
#include "ct_fit.h"

#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_json.h"

#define MAX_SEED 9007199254740991.0

static const char *const distance_names[] = {"weighted_ssq", NULL};

static int parse_param(ct_jobj *o, ct_fit *f, int i)
{
    ct_sweep_param *p = &f->runs->params[i];
    ct_jobj prior;
    int rc;
    if ((rc = ct_jobj_string(o, "path", CT_JSON_REQUIRED, NULL, &p->path)) ||
        (rc = ct_sweep_check_path(o, f->runs, p->path)) ||
        (rc = ct_jobj_child(o, "prior", CT_JSON_REQUIRED, &prior)) ||
        (rc = ct_prior_parse(&prior, &f->abc.priors[i])))
        return rc;
    p->kind = CT_SWEEP_SAMPLE;
    return ct_jobj_close(o);
}

static int parse_params(ct_jobj *root, ct_fit *f)
{
    cJSON *arr = ct_jobj_get(root, "parameters");
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (n < 1 || n > CT_ABC_MAX_PARAMS)
        return ct_json_fail(root->file, root->err, "", "parameters",
                            "expected an array of 1 to %d objects {\"path\", \"prior\"}",
                            CT_ABC_MAX_PARAMS);
    int i = 0;
    for (cJSON *e = arr->child; e; e = e->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "/parameters/%d", i);
        ct_jobj o;
        int rc = ct_jobj_open(&o, root->file, root->err, e, path);
        f->runs->n_params = f->abc.n_params = i + 1;
        if (rc || (rc = parse_param(&o, f, i)))
            return rc;
    }
    return CT_OK;
}

static int parse_abc(ct_jobj *root, ct_abc_settings *s)
{
    ct_jobj o;
    long long pop, batch, gens, runs;
    int rc;
    if ((rc = ct_jobj_child(root, "abc", CT_JSON_OPTIONAL, &o)) ||
        (rc = ct_jobj_int(&o, "population", CT_JSON_OPTIONAL, 100, 2, CT_ABC_MAX_POPULATION,
                          &pop)) ||
        (rc = ct_jobj_int(&o, "batch", CT_JSON_OPTIONAL, (double)pop, 1, CT_ABC_MAX_POPULATION,
                          &batch)) ||
        (rc = ct_jobj_int(&o, "max_generations", CT_JSON_OPTIONAL, 5, 1, CT_ABC_MAX_GENERATIONS,
                          &gens)) ||
        (rc = ct_jobj_number(&o, "quantile", CT_JSON_OPTIONAL, 0.5, 0.01, 0.99, &s->quantile)) ||
        (rc = ct_jobj_number(&o, "min_tolerance", CT_JSON_OPTIONAL, 0, 0, 1e300,
                             &s->min_tolerance)) ||
        (rc = ct_jobj_number(&o, "min_acceptance", CT_JSON_OPTIONAL, 0.01, 0, 1,
                             &s->min_acceptance)) ||
        (rc = ct_jobj_int(&o, "max_runs", CT_JSON_OPTIONAL, 100000, 1, CT_ABC_MAX_RUNS, &runs)))
        return rc;
    s->population = (long)pop;
    s->batch = (long)batch;
    s->max_generations = (int)gens;
    s->max_runs = (long)runs;
    return ct_jobj_close(&o);
}

static int parse_data(ct_jobj *root, ct_fit *f)
{
    const char *name;
    int rc = ct_jobj_string(root, "data", CT_JSON_REQUIRED, NULL, &name);
    if (rc)
        return rc;
    char *path = ct_sweep_resolve_path(root->file, name);
    if (!path)
        return ct_error_set(root->err, CT_ENOMEM, "%s: out of memory", root->file);
    const ct_scenario *sc = f->runs->base;
    rc = ct_fit_data_read(path, sc, sc->dt * (double)sc->steps, &f->data, root->err);
    ct_free(path);
    if (rc)
        ct_error_prefix(root->err, "%s: /data: ", root->file);
    return rc;
}

static int parse_root(ct_jobj *root, ct_fit *f)
{
    long long seed, threads;
    int distance, rc;
    if ((rc = ct_jobj_string(root, "name", CT_JSON_OPTIONAL, "unnamed", &(const char *){0})) ||
        (rc = ct_jobj_string(root, "description", CT_JSON_OPTIONAL, "", &(const char *){0})) ||
        (rc = ct_sweep_load_base(root, f->runs)) ||
        (rc = ct_jobj_int(root, "seed", CT_JSON_OPTIONAL, 1, 0, MAX_SEED, &seed)) ||
        (rc = ct_jobj_int(root, "threads", CT_JSON_OPTIONAL, 1, 1, 4096, &threads)) ||
        (rc = parse_params(root, f)) || (rc = parse_data(root, f)) ||
        (rc = ct_jobj_enum(root, "distance", CT_JSON_OPTIONAL, distance_names, 0, &distance)) ||
        (rc = parse_abc(root, &f->abc)))
        return rc;
    f->abc.seed = (uint64_t)seed;
    f->runs->threads = (long)threads;
    f->runs->replicates = 1;
    return ct_jobj_close(root);
}

int ct_fit_load(const char *path, ct_fit **out, ct_error *err)
{
    *out = NULL;
    ct_fit *f = ct_calloc(1, sizeof *f);
    ct_jobj root;
    int rc = f ? ct_sweep_open_json(path, "fit file", &f->runs, &root, err)
               : ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    if (!rc)
        rc = parse_root(&root, f);
    if (rc) {
        ct_fit_free(f);
        return rc;
    }
    *out = f;
    return CT_OK;
}

void ct_fit_free(ct_fit *f)
{
    if (!f)
        return;
    ct_sweep_free(f->runs);
    ct_fit_data_free(&f->data);
    ct_free(f);
}

uint64_t ct_fit_generation_seed(uint64_t fit_seed, int gen)
{
    return ct_mix64(fit_seed ^ ct_mix64((uint64_t)gen + 0x9e3779b97f4a7c15ULL)) >> 11;
}

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

int ct_fit_distance(const ct_fit_data *d, const ct_counts_table *t, double *out, ct_error *err)
{
    double sum = 0;
    if (t->n_rows < 1)
        return ct_error_set(err, CT_EFORMAT, "counts.csv has no rows");
    for (int s = 0; s < d->n_series; s++) {
        int c = column_of(t, d->names[s]);
        if (c < 0)
            return ct_error_set(err, CT_EFORMAT, "counts.csv has no column \"%s\"", d->names[s]);
        for (long i = 0; i < d->n_rows; i++) {
            long k = i * d->n_series + s;
            double z = (interpolate(t, c, d->time[i]) - d->value[k]) / d->sd[k];
            sum += z * z;
        }
    }
    *out = sum;
    return CT_OK;
}
