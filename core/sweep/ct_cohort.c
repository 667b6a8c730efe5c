/* COHORT.json: strict parsing into a sweep of patients x arms with paired seeds. */
#include "ct_cohort.h"

#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_json.h"

#define MAX_SEED 9007199254740991.0

/* Runs fn on each object of the array under key (1 to max of them), at JSON path /key/i. */
static int each(ct_jobj *root, const char *key, int max, ct_cohort *c,
                int (*fn)(ct_jobj *o, ct_cohort *c, int i))
{
    cJSON *arr = ct_jobj_get(root, key);
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (n < 1 || n > max)
        return ct_json_fail(root->file, root->err, root->path, key,
                            "expected an array of 1 to %d objects", max);
    int i = 0, rc = CT_OK;
    for (cJSON *e = arr->child; e && !rc; e = e->next, i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s/%d", root->path, key, i);
        ct_jobj o;
        if (!(rc = ct_jobj_open(&o, root->file, root->err, e, path)))
            rc = fn(&o, c, i);
    }
    return rc;
}

static int patient_param(ct_jobj *o, ct_cohort *c, int i)
{
    ct_jobj prior;
    int rc;
    c->runs->n_params = c->n_patient_params = i + 1;
    if ((rc = ct_jobj_string(o, "path", CT_JSON_REQUIRED, NULL, &c->runs->params[i].path)) ||
        (rc = ct_sweep_check_path(o, c->runs, c->runs->params[i].path)) ||
        (rc = ct_jobj_child(o, "prior", CT_JSON_REQUIRED, &prior)) ||
        (rc = ct_prior_parse(&prior, &c->priors[i])))
        return rc;
    return ct_jobj_close(o);
}

static int parse_patients(ct_jobj *root, ct_cohort *c)
{
    ct_jobj o;
    long long n;
    int rc;
    const char *posterior;
    if ((rc = ct_jobj_child(root, "patients", CT_JSON_REQUIRED, &o)) ||
        (rc = ct_jobj_int(&o, "count", CT_JSON_REQUIRED, 0, 1, CT_COHORT_MAX_PATIENTS, &n)) ||
        (rc = ct_jobj_string(&o, "posterior", CT_JSON_OPTIONAL, NULL, &posterior)))
        return rc;
    if (posterior && ct_jobj_get(&o, "parameters"))
        return ct_json_fail(o.file, o.err, o.path, "posterior",
                            "give \"parameters\" (priors) or \"posterior\" (a fit's "
                            "posterior.csv), not both");
    rc = posterior ? ct_cohort_read_posterior(&o, c, posterior)
                   : each(&o, "parameters", CT_SWEEP_MAX_PARAMS / 2, c, patient_param);
    if (rc)
        return rc;
    c->n_patients = (long)n;
    return ct_jobj_close(&o);
}

/* The first arm's "set" keys become parameters; every other arm must set the same ones. */
static int arm_paths(ct_jobj *set, ct_cohort *c, int arm)
{
    int k = c->n_patient_params, rc;
    for (cJSON *e = set->node->child; e; e = e->next, k++) {
        ct_jobj_get(set, e->string);
        if (arm == 0 && k < CT_SWEEP_MAX_PARAMS) {
            c->runs->params[k].path = e->string;
            c->runs->n_params = k + 1;
            if ((rc = ct_sweep_check_path(set, c->runs, e->string)))
                return rc;
        } else if (k >= c->runs->n_params || strcmp(c->runs->params[k].path, e->string)) {
            return ct_json_fail(set->file, set->err, set->path, e->string,
                                "every arm must set the same paths in the same order as arm 0 "
                                "(at most %d)",
                                CT_SWEEP_MAX_PARAMS / 2);
        }
    }
    if (k != c->runs->n_params)
        return ct_json_fail(set->file, set->err, set->path, NULL,
                            "sets %d paths; arm 0 sets %d", k - c->n_patient_params,
                            c->runs->n_params - c->n_patient_params);
    return CT_OK;
}

static int parse_arm(ct_jobj *o, ct_cohort *c, int i)
{
    const char *name;
    ct_jobj set;
    int rc;
    c->n_arms = i + 1;
    if ((rc = ct_jobj_string(o, "name", CT_JSON_REQUIRED, NULL, &name)) ||
        (rc = ct_jobj_child(o, "set", CT_JSON_REQUIRED, &set)) || (rc = arm_paths(&set, c, i)))
        return rc;
    if (!name[0] || strlen(name) >= CT_NAME_MAX || strpbrk(name, ",\"\n\r"))
        return ct_json_fail(o->file, o->err, o->path, "name",
                            "expected 1 to %d characters without commas, quotes or newlines",
                            CT_NAME_MAX - 1);
    snprintf(c->arm_names[i], CT_NAME_MAX, "%s", name);
    return ct_jobj_close(o);
}

static int parse_root(ct_jobj *root, ct_cohort *c)
{
    long long seed, threads;
    int rc;
    if ((rc = ct_jobj_string(root, "name", CT_JSON_OPTIONAL, "unnamed", &(const char *){0})) ||
        (rc = ct_jobj_string(root, "description", CT_JSON_OPTIONAL, "", &(const char *){0})) ||
        (rc = ct_sweep_load_base(root, c->runs)) ||
        (rc = ct_jobj_int(root, "seed", CT_JSON_OPTIONAL, 1, 0, MAX_SEED, &seed)) ||
        (rc = ct_jobj_int(root, "threads", CT_JSON_OPTIONAL, 1, 1, 4096, &threads)) ||
        (rc = parse_patients(root, c)) ||
        (rc = each(root, "arms", CT_COHORT_MAX_ARMS, c, parse_arm)) ||
        (rc = ct_sweep_parse_metrics(root, c->runs)))
        return rc;
    c->runs->seed = (uint64_t)seed;
    c->runs->threads = (long)threads;
    return ct_jobj_close(root);
}

/* Patient p's value of parameter k, from a stream keyed by (seed, patient, parameter). */
static double patient_value(const ct_cohort *c, long patient, int k)
{
    if (c->post_text)
        return ct_cohort_posterior_value(c, patient, k);
    ct_rng r = ct_rng_stream(ct_rng_step_key(c->runs->seed, 0), (uint64_t)patient,
                             CT_RNG_USER + 2 + (uint32_t)k);
    return ct_prior_draw(&c->priors[k], &r);
}

static char *arm_value_text(const ct_cohort *c, int arm, int k)
{
    const cJSON *arms = cJSON_GetObjectItemCaseSensitive(c->runs->json, "arms");
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arms, arm), "set");
    char *text = cJSON_PrintUnformatted(cJSON_GetArrayItem(set, k - c->n_patient_params));
    char *copy = text ? ct_strdup(text) : NULL;
    cJSON_free(text);
    return copy;
}

/* Every (arm, patient) point; arm values are JSON text, given to --set as they are. */
static int expand(ct_cohort *c, ct_error *err)
{
    ct_sweep *sw = c->runs;
    sw->replicates = 1;
    sw->seed_points = c->n_patients;
    sw->n_points = c->n_arms * c->n_patients;
    if (sw->n_points > CT_SWEEP_MAX_RUNS)
        return ct_error_set(err, CT_ERANGE, "%s: %ld patients x %d arms exceed %ld runs", sw->file,
                            c->n_patients, c->n_arms, CT_SWEEP_MAX_RUNS);
    sw->point_values = ct_calloc((size_t)(sw->n_points * sw->n_params), sizeof *sw->point_values);
    for (long pt = 0; sw->point_values && pt < sw->n_points; pt++)
        for (int k = 0; k < sw->n_params; k++) {
            ct_sweep_value *v = &sw->point_values[pt * sw->n_params + k];
            char buf[40];
            if (k < c->n_patient_params) {
                ct_sweep_format_number(patient_value(c, pt % c->n_patients, k), buf, sizeof buf);
                v->text = ct_strdup(buf);
            } else {
                v->text = arm_value_text(c, (int)(pt / c->n_patients), k);
            }
            if (!v->text)
                return ct_error_set(err, CT_ENOMEM, "%s: out of memory", sw->file);
        }
    return sw->point_values ? CT_OK : ct_error_set(err, CT_ENOMEM, "%s: out of memory", sw->file);
}

int ct_cohort_load(const char *path, ct_cohort **out, ct_error *err)
{
    *out = NULL;
    ct_cohort *c = ct_calloc(1, sizeof *c);
    ct_jobj root;
    int rc = c ? ct_sweep_open_json(path, "cohort file", &c->runs, &root, err)
               : ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    if (!rc && !(rc = parse_root(&root, c)))
        rc = expand(c, err);
    if (rc) {
        ct_cohort_free(c);
        return rc;
    }
    *out = c;
    return CT_OK;
}

void ct_cohort_free(ct_cohort *c)
{
    if (!c)
        return;
    ct_sweep_free(c->runs);
    ct_free(c->post_text);
    ct_free(c->post_cum);
    ct_free(c->post_theta);
    ct_free(c);
}
