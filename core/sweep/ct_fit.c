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

/* "distance": "weighted_ssq" or {"lua": FILE} (relative to the fit file). */
static int parse_distance(ct_jobj *root, ct_fit *f)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(root->node, "distance");
    int choice;
    if (!cJSON_IsObject(v))
        return ct_jobj_enum(root, "distance", CT_JSON_OPTIONAL, distance_names, 0, &choice);
    ct_jobj o;
    const char *name;
    ct_lua_limits limits;
    int rc;
    if ((rc = ct_jobj_child(root, "distance", CT_JSON_REQUIRED, &o)) ||
        (rc = ct_jobj_string(&o, "lua", CT_JSON_REQUIRED, NULL, &name)) ||
        (rc = ct_lua_limits_parse(&o, &limits)) || (rc = ct_jobj_close(&o)))
        return rc;
    char *path = ct_sweep_resolve_path(root->file, name);
    if (!path)
        return ct_error_set(root->err, CT_ENOMEM, "%s: out of memory", root->file);
    rc = ct_lua_distance_load(path, name, &limits, &f->lua_distance, root->err);
    ct_free(path);
    return rc ? ct_error_prefix(root->err, "%s: /distance/lua: ", root->file) : CT_OK;
}

static int parse_root(ct_jobj *root, ct_fit *f)
{
    long long seed, threads;
    int rc;
    if ((rc = ct_jobj_string(root, "name", CT_JSON_OPTIONAL, "unnamed", &(const char *){0})) ||
        (rc = ct_jobj_string(root, "description", CT_JSON_OPTIONAL, "", &(const char *){0})) ||
        (rc = ct_sweep_load_base(root, f->runs)) ||
        (rc = ct_jobj_int(root, "seed", CT_JSON_OPTIONAL, 1, 0, MAX_SEED, &seed)) ||
        (rc = ct_jobj_int(root, "threads", CT_JSON_OPTIONAL, 1, 1, 4096, &threads)) ||
        (rc = parse_params(root, f)) || (rc = parse_data(root, f)) ||
        (rc = ct_fit_metrics_parse(root, f->runs->base, &f->metrics)) ||
        (rc = parse_distance(root, f)) || (rc = parse_abc(root, &f->abc)))
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
    ct_lua_distance_free(f->lua_distance);
    ct_free(f);
}

uint64_t ct_fit_generation_seed(uint64_t fit_seed, int gen)
{
    return ct_mix64(fit_seed ^ ct_mix64((uint64_t)gen + 0x9e3779b97f4a7c15ULL)) >> 11;
}
