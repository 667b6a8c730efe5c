/* Truncated priors: draws by inversion or rejection, densities up to a constant. */
#include "ct_prior.h"

#include <math.h>

static const char *const kind_names[] = {"uniform", "log_uniform", "normal", "log_normal", NULL};

#define MAX_REDRAWS 1000000

static int is_log(const ct_prior *p)
{
    return p->kind == CT_PRIOR_LOG_UNIFORM || p->kind == CT_PRIOR_LOG_NORMAL;
}

static int is_normal(const ct_prior *p)
{
    return p->kind == CT_PRIOR_NORMAL || p->kind == CT_PRIOR_LOG_NORMAL;
}

static int parse_normal(ct_jobj *o, ct_prior *p)
{
    int rc;
    if (!is_normal(p)) /* mean and sd stay unknown keys, refused by ct_jobj_close */
        return CT_OK;
    if ((rc = ct_jobj_number(o, "mean", CT_JSON_REQUIRED, 0, -1e300, 1e300, &p->mean)) ||
        (rc = ct_jobj_number(o, "sd", CT_JSON_REQUIRED, 0, 0, 1e300, &p->sd)))
        return rc;
    if (p->sd <= 0)
        return ct_json_fail(o->file, o->err, o->path, "sd", "expected a number above 0");
    return CT_OK;
}

int ct_prior_parse(ct_jobj *o, ct_prior *p)
{
    int rc;
    if ((rc = ct_jobj_enum(o, "kind", CT_JSON_REQUIRED, kind_names, 0, &p->kind)) ||
        (rc = ct_jobj_number(o, "min", CT_JSON_REQUIRED, 0, -1e300, 1e300, &p->min)) ||
        (rc = ct_jobj_number(o, "max", CT_JSON_REQUIRED, 0, -1e300, 1e300, &p->max)) ||
        (rc = parse_normal(o, p)))
        return rc;
    if (!(p->min < p->max))
        return ct_json_fail(o->file, o->err, o->path, "max", "expected \"min\" < \"max\" (%g, %g)",
                            p->min, p->max);
    if (is_log(p) && p->min <= 0)
        return ct_json_fail(o->file, o->err, o->path, "min",
                            "a %s prior needs \"min\" above 0", kind_names[p->kind]);
    return ct_jobj_close(o);
}

int ct_prior_in_support(const ct_prior *p, double x)
{
    return x >= p->min && x <= p->max;
}

double ct_prior_draw(const ct_prior *p, ct_rng *r)
{
    if (p->kind == CT_PRIOR_UNIFORM)
        return fmin(p->max, p->min + (p->max - p->min) * ct_rng_uniform(r));
    if (p->kind == CT_PRIOR_LOG_UNIFORM)
        return fmin(p->max, p->min * exp(log(p->max / p->min) * ct_rng_uniform(r)));
    for (int i = 0; i < MAX_REDRAWS; i++) {
        double z = p->mean + p->sd * ct_rng_normal(r);
        double x = p->kind == CT_PRIOR_LOG_NORMAL ? exp(z) : z;
        if (ct_prior_in_support(p, x))
            return x;
    }
    double centre = p->kind == CT_PRIOR_LOG_NORMAL ? exp(p->mean) : p->mean;
    return fmin(p->max, fmax(p->min, centre));
}

double ct_prior_density(const ct_prior *p, double x)
{
    if (!ct_prior_in_support(p, x))
        return 0;
    switch (p->kind) {
    case CT_PRIOR_UNIFORM:
        return 1;
    case CT_PRIOR_LOG_UNIFORM:
        return 1 / x;
    case CT_PRIOR_NORMAL:
        return exp(-0.5 * pow((x - p->mean) / p->sd, 2));
    default: /* log-normal: the density of log x times the Jacobian 1/x */
        return exp(-0.5 * pow((log(x) - p->mean) / p->sd, 2)) / x;
    }
}
