/* ABC-SMC: proposals, acceptance in index order, importance weights and tolerances.
 * Parameters with a log prior are perturbed on a log scale ("kernel space"), where their prior
 * density gains the Jacobian x; everything else works on the value itself. */
#include "ct_abc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"

#define MAX_REDRAWS 100000 /* per candidate: a kernel far wider than the support */

static const char *const stop_names[] = {"max_generations", "min_tolerance", "min_acceptance",
                                         "max_runs"};

const char *ct_abc_stop_name(int stop)
{
    return stop >= 0 && stop < 4 ? stop_names[stop] : "?";
}

static int log_scaled(const ct_prior *p)
{
    return p->kind == CT_PRIOR_LOG_UNIFORM || p->kind == CT_PRIOR_LOG_NORMAL;
}

static double to_kernel(const ct_prior *p, double x)
{
    return log_scaled(p) ? log(x) : x;
}

static double from_kernel(const ct_prior *p, double u)
{
    return log_scaled(p) ? exp(u) : u;
}

/* Prior density of the whole parameter vector in kernel space, up to a constant. */
static double prior_density(const ct_abc_settings *s, const double *theta)
{
    double d = 1;
    for (int k = 0; k < s->n_params; k++)
        d *= ct_prior_density(&s->priors[k], theta[k]) * (log_scaled(&s->priors[k]) ? theta[k] : 1);
    return d;
}

int ct_abc_check(const ct_abc_settings *s, ct_error *err)
{
    if (s->n_params < 1 || s->n_params > CT_ABC_MAX_PARAMS)
        return ct_error_set(err, CT_ERANGE, "fit %d parameters: expected 1 to %d", s->n_params,
                            CT_ABC_MAX_PARAMS);
    if (s->population < 2 || s->population > CT_ABC_MAX_POPULATION || s->batch < 1 ||
        s->batch > CT_ABC_MAX_POPULATION || s->max_generations < 1 ||
        s->max_generations > CT_ABC_MAX_GENERATIONS || s->max_runs < 1 ||
        s->max_runs > CT_ABC_MAX_RUNS)
        return ct_error_set(err, CT_ERANGE,
                            "population (2 to %ld), batch (1 to %ld), generations (1 to %d) or "
                            "runs (1 to %ld) out of range",
                            CT_ABC_MAX_POPULATION, CT_ABC_MAX_POPULATION, CT_ABC_MAX_GENERATIONS,
                            CT_ABC_MAX_RUNS);
    if (!(s->quantile > 0 && s->quantile < 1))
        return ct_error_set(err, CT_ERANGE, "quantile %g: expected a number in (0, 1)", s->quantile);
    for (int k = 0; k < s->n_params; k++)
        if (!(s->priors[k].min < s->priors[k].max))
            return ct_error_set(err, CT_EINVAL, "prior %d: expected min < max", k);
    return CT_OK;
}

/* ---- the kernel: a normal with twice the weighted covariance (Beaumont et al. 2009) ---- */

typedef struct kernel {
    int d;
    double chol[CT_ABC_MAX_PARAMS * CT_ABC_MAX_PARAMS]; /* lower triangle, row-major */
} kernel;

static void weighted_covariance(const ct_abc_settings *s, const ct_abc_generation *g, double *cov)
{
    int d = s->n_params;
    double mean[CT_ABC_MAX_PARAMS] = {0};
    for (long i = 0; i < s->population; i++)
        for (int k = 0; k < d; k++)
            mean[k] += g->weight[i] * to_kernel(&s->priors[k], g->theta[i * d + k]);
    memset(cov, 0, sizeof(double) * (size_t)(d * d));
    for (long i = 0; i < s->population; i++)
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
                cov[a * d + b] += g->weight[i] *
                                  (to_kernel(&s->priors[a], g->theta[i * d + a]) - mean[a]) *
                                  (to_kernel(&s->priors[b], g->theta[i * d + b]) - mean[b]);
    for (int k = 0; k < d; k++) /* a collapsed population still gets a (tiny) kernel */
        cov[k * d + k] = fmax(cov[k * d + k], 1e-12 * (1 + mean[k] * mean[k]));
}

/* Cholesky factor of 2 cov; a pivot lost to rounding is replaced by a tiny positive one. */
static void kernel_build(const ct_abc_settings *s, const ct_abc_generation *g, kernel *K)
{
    int d = K->d = s->n_params;
    double cov[CT_ABC_MAX_PARAMS * CT_ABC_MAX_PARAMS];
    weighted_covariance(s, g, cov);
    memset(K->chol, 0, sizeof K->chol);
    for (int a = 0; a < d; a++)
        for (int b = 0; b <= a; b++) {
            double sum = 2 * cov[a * d + b];
            for (int c = 0; c < b; c++)
                sum -= K->chol[a * d + c] * K->chol[b * d + c];
            if (a == b)
                K->chol[a * d + a] = sqrt(fmax(sum, 2e-12 * cov[a * d + a]));
            else
                K->chol[a * d + b] = sum / K->chol[b * d + b];
        }
}

/* exp(-|L^-1 (x - y)|^2 / 2): the kernel density up to its constant, in kernel space. */
static double kernel_density(const kernel *K, const double *x, const double *y)
{
    double z[CT_ABC_MAX_PARAMS], q = 0;
    for (int a = 0; a < K->d; a++) {
        double v = x[a] - y[a];
        for (int c = 0; c < a; c++)
            v -= K->chol[a * K->d + c] * z[c];
        z[a] = v / K->chol[a * K->d + a];
        q += z[a] * z[a];
    }
    return exp(-0.5 * q);
}

/* ---- proposals ---- */

static ct_rng candidate_stream(const ct_abc_settings *s, int gen, long index)
{
    return ct_rng_stream(ct_rng_step_key(s->seed, (uint64_t)gen), (uint64_t)index,
                         CT_RNG_USER + 1);
}

/* The particle that index draws from the previous population, by weight. */
static long pick_parent(const ct_abc_settings *s, const ct_abc_generation *prev, ct_rng *r)
{
    double u = ct_rng_uniform(r), sum = 0;
    for (long j = 0; j < s->population; j++)
        if ((sum += prev->weight[j]) > u)
            return j;
    return s->population - 1;
}

/* A perturbed parent inside the prior support; redraws (parent and step) count in *redraws. */
static int perturb(const ct_abc_settings *s, const ct_abc_generation *prev, const kernel *K,
                   ct_rng *r, double *theta, long *redraws)
{
    int d = s->n_params;
    for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
        const double *parent = &prev->theta[pick_parent(s, prev, r) * d];
        double z[CT_ABC_MAX_PARAMS];
        int inside = 1;
        for (int a = 0; a < d; a++)
            z[a] = ct_rng_normal(r);
        for (int a = 0; a < d; a++) {
            double u = to_kernel(&s->priors[a], parent[a]);
            for (int c = 0; c <= a; c++)
                u += K->chol[a * d + c] * z[c];
            theta[a] = from_kernel(&s->priors[a], u);
            inside = inside && ct_prior_in_support(&s->priors[a], theta[a]);
        }
        if (inside)
            return CT_OK;
        ++*redraws;
    }
    return CT_ERANGE;
}

static int propose(const ct_abc_settings *s, const ct_abc_result *r, const kernel *K, int gen,
                   long index, double *theta, long *redraws, ct_error *err)
{
    ct_rng rng = candidate_stream(s, gen, index);
    if (gen == 0) {
        for (int k = 0; k < s->n_params; k++)
            theta[k] = ct_prior_draw(&s->priors[k], &rng);
        return CT_OK;
    }
    if (perturb(s, &r->gens[gen - 1], K, &rng, theta, redraws))
        return ct_error_set(err, CT_ERANGE,
                            "generation %d: %d perturbations of candidate %ld all left the prior "
                            "support",
                            gen, MAX_REDRAWS, index);
    return CT_OK;
}

/* ---- one generation ---- */

static int alloc_generation(const ct_abc_settings *s, ct_abc_generation *g)
{
    size_t n = (size_t)s->population;
    g->theta = ct_malloc(n * (size_t)s->n_params * sizeof *g->theta);
    g->weight = ct_malloc(n * sizeof *g->weight);
    g->distance = ct_malloc(n * sizeof *g->distance);
    g->index = ct_malloc(n * sizeof *g->index);
    return g->theta && g->weight && g->distance && g->index ? CT_OK : CT_ENOMEM;
}

static void free_generation(ct_abc_generation *g)
{
    ct_free(g->theta);
    ct_free(g->weight);
    ct_free(g->distance);
    ct_free(g->index);
    memset(g, 0, sizeof *g);
}

/* Importance weights: the prior over the kernel mixture of the previous population (Toni et al.
   2009, eq. in algorithm S2); uniform in generation 0. */
static void set_weights(const ct_abc_settings *s, const ct_abc_result *r, const kernel *K, int gen)
{
    ct_abc_generation *g = (ct_abc_generation *)&r->gens[gen];
    int d = s->n_params;
    double total = 0;
    for (long i = 0; i < s->population; i++) {
        double w = 1;
        if (gen > 0) {
            const ct_abc_generation *prev = &r->gens[gen - 1];
            double x[CT_ABC_MAX_PARAMS], mix = 0;
            for (int k = 0; k < d; k++)
                x[k] = to_kernel(&s->priors[k], g->theta[i * d + k]);
            for (long j = 0; j < s->population; j++) {
                double y[CT_ABC_MAX_PARAMS];
                for (int k = 0; k < d; k++)
                    y[k] = to_kernel(&s->priors[k], prev->theta[j * d + k]);
                mix += prev->weight[j] * kernel_density(K, x, y);
            }
            w = mix > 0 ? prior_density(s, &g->theta[i * d]) / mix : 0;
        }
        g->weight[i] = w;
        total += w;
    }
    for (long i = 0; i < s->population; i++)
        g->weight[i] = total > 0 ? g->weight[i] / total : 1.0 / (double)s->population;
}

/* Keeps, in index order, the candidates of one batch within the tolerance. */
static void accept_batch(const ct_abc_settings *s, ct_abc_generation *g, long first, long n,
                         const double *theta, const double *dist, long *accepted)
{
    int d = s->n_params;
    for (long i = 0; i < n && *accepted < s->population; i++)
        if (!isnan(dist[i]) && dist[i] <= g->tolerance) {
            memcpy(&g->theta[*accepted * d], &theta[i * d], sizeof(double) * (size_t)d);
            g->index[*accepted] = first + i;
            g->distance[(*accepted)++] = dist[i];
            g->examined = first + i + 1;
        }
}

typedef struct batch_buf {
    double *theta, *dist;
} batch_buf;

/* Simulates batches until the population is full; CT_ERANGE (no message) when the runs are
   spent first. */
static int fill_generation(const ct_abc_settings *s, ct_abc_result *r, const kernel *K, int gen,
                           batch_buf *b, ct_abc_simulate_fn simulate, void *ctx, ct_error *err)
{
    ct_abc_generation *g = &r->gens[gen];
    long accepted = 0;
    int rc = CT_OK;
    while (!rc && accepted < s->population) {
        if (r->runs + s->batch > s->max_runs)
            return CT_ERANGE;
        long first = g->candidates;
        for (long i = 0; !rc && i < s->batch; i++)
            rc = propose(s, r, K, gen, first + i, &b->theta[i * s->n_params], &g->redraws, err);
        if (!rc)
            rc = simulate(ctx, gen, first, s->batch, b->theta, b->dist, err);
        g->candidates += s->batch;
        r->runs += s->batch;
        if (!rc)
            accept_batch(s, g, first, s->batch, b->theta, b->dist, &accepted);
    }
    g->acceptance = rc ? 0 : (double)s->population / (double)g->examined;
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct ranked {
    double x, w;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    return cmp_double(&((const ranked *)a)->x, &((const ranked *)b)->x);
}

double ct_abc_quantile(const double *x, const double *w, long n, double q)
{
    ranked *v = ct_malloc((size_t)n * sizeof *v + 1);
    if (!v || n < 1) {
        ct_free(v);
        return NAN;
    }
    double total = 0;
    for (long i = 0; i < n; i++) {
        v[i].x = x[i];
        v[i].w = w ? w[i] : 1;
        total += v[i].w;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_ranked);
    double sum = 0, result = v[n - 1].x;
    for (long i = 0; i < n; i++)
        if ((sum += v[i].w) >= q * total) {
            result = v[i].x;
            break;
        }
    ct_free(v);
    return result;
}

/* Whether the fit stops after generation gen, and why; else the next tolerance. */
static int stops_after(const ct_abc_settings *s, ct_abc_result *r, int gen, double *next_tol)
{
    const ct_abc_generation *g = &r->gens[gen];
    *next_tol = fmax(ct_abc_quantile(g->distance, NULL, s->population, s->quantile),
                     s->min_tolerance);
    r->stop = gen + 1 >= s->max_generations   ? CT_ABC_MAX_GEN
              : g->tolerance <= s->min_tolerance ? CT_ABC_MIN_TOL
              : g->acceptance < s->min_acceptance ? CT_ABC_MIN_ACC
                                                  : -1;
    return r->stop >= 0;
}

static int run_generations(const ct_abc_settings *s, ct_abc_simulate_fn simulate,
                           ct_abc_generation_fn done, void *ctx, ct_abc_result *r, batch_buf *b,
                           ct_error *err)
{
    double tolerance = INFINITY;
    for (int gen = 0;; gen++) {
        kernel K;
        if (gen > 0)
            kernel_build(s, &r->gens[gen - 1], &K);
        if (alloc_generation(s, &r->gens[gen]))
            return ct_error_set(err, CT_ENOMEM, "out of memory for generation %d", gen);
        r->gens[gen].tolerance = tolerance;
        int rc = fill_generation(s, r, &K, gen, b, simulate, ctx, err);
        if (rc == CT_ERANGE && !err->msg[0]) { /* runs spent: the last complete one stands */
            free_generation(&r->gens[gen]);
            r->stop = CT_ABC_RUNS_SPENT;
            return r->n_generations > 0 ? CT_OK
                                        : ct_error_set(err, CT_ERANGE,
                                                       "max_runs %ld spent before generation 0 "
                                                       "was complete",
                                                       s->max_runs);
        }
        if (rc)
            return rc;
        set_weights(s, r, &K, gen);
        r->n_generations = gen + 1;
        int stop = stops_after(s, r, gen, &tolerance);
        if ((rc = done ? done(ctx, s, r, err) : CT_OK) || stop)
            return rc;
    }
}

int ct_abc_run(const ct_abc_settings *s, ct_abc_simulate_fn simulate, ct_abc_generation_fn done,
               void *ctx, ct_abc_result *out, ct_error *err)
{
    memset(out, 0, sizeof *out);
    ct_error_clear(err); /* an empty message tells "runs spent" from a failure */
    int rc = ct_abc_check(s, err);
    if (rc)
        return rc;
    batch_buf b = {ct_malloc((size_t)(s->batch * s->n_params) * sizeof(double)),
                   ct_malloc((size_t)s->batch * sizeof(double))};
    if (!b.theta || !b.dist)
        rc = ct_error_set(err, CT_ENOMEM, "out of memory for a batch of %ld", s->batch);
    if (!rc)
        rc = run_generations(s, simulate, done, ctx, out, &b, err);
    ct_free(b.theta);
    ct_free(b.dist);
    if (rc)
        ct_abc_result_free(out);
    return rc;
}

void ct_abc_result_free(ct_abc_result *r)
{
    for (int g = 0; g < CT_ABC_MAX_GENERATIONS; g++)
        free_generation(&r->gens[g]);
    r->n_generations = 0;
}
