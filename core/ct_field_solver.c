/* Field solver: the explicit sub-stepped 5/7-point stencil, and implicit backward Euler solved
 * exactly in the eigenbasis of the grid's second differences. Every value is computed by the same
 * operations in the same order on any thread count, so results are bit-identical. */
#include "ct_field_solver.h"

#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_placement.h"

#define SWEEP_BLOCK 512 /* contiguous values per task of an implicit transform */
#define MAX_SUBSTEPS 100000000.0
#define PARALLEL_SITES 16384 /* smaller grids run on one thread: a parallel region costs more */

/* The orthonormal eigenvectors of one axis's second difference under one boundary condition:
   -(second difference) q_k = lambda_k q_k (docs/fields.md lists them: cosine, sine, Fourier). */
typedef struct axis_modes {
    uint32_t n;
    double *q;      /* q[j * n + k]: component j of mode k */
    double *qt;     /* the transpose, so that both transforms read memory forward */
    double *lambda; /* n eigenvalues in [0, 4] */
} axis_modes;

typedef struct field_plan {
    int kind;                /* CT_SOLVER_EXPLICIT or CT_SOLVER_IMPLICIT */
    int substeps;            /* explicit sub-steps per step; 0: nothing to do */
    int boundary;
    float boundary_value;
    float r, kh;             /* D h / dx^2 and k h for one (sub-)step of length h */
    uint32_t *source_site;   /* fixed sources: sites and amounts added each step (rate dt) */
    float *source_amount;
    size_t n_sources;
} field_plan;

struct ct_field_solver {
    int ndim;
    uint32_t size[3];
    size_t n_sites;
    float *scratch;          /* explicit: the next values */
    float *ghost;            /* one row (size[0]) of the fixed boundary value */
    double *work[2];         /* implicit: n_sites each, the right-hand side and its transforms */
    axis_modes modes[3][3];  /* [boundary][axis], built for the implicit fields' boundaries */
    int n_fields;
    field_plan plan[CT_MAX_FIELDS];
};

int ct_field_explicit_substeps(double diffusion, double decay, double dx, int ndim, double dt)
{
    double need = dt * (2.0 * ndim * diffusion / (dx * dx) + decay);
    if (!(need > 0.0))
        return 0;
    return need > MAX_SUBSTEPS ? (int)MAX_SUBSTEPS : (int)ceil(need);
}

/* ---- implicit: backward Euler by eigen-decomposition ----------------------------------------- */

/* Component j of mode k for an axis of n sites (orthonormal), and the mode's eigenvalue. */
static double mode_component(int boundary, uint32_t n, uint32_t j, uint32_t k, double *lambda)
{
    const double pi = 3.14159265358979323846;
    double theta;
    if (boundary == CT_FIELD_FIXED) { /* ghost sites hold 0: sine modes (DST-I) */
        theta = pi * (k + 1) / (n + 1);
        *lambda = 2.0 - 2.0 * cos(theta);
        return sqrt(2.0 / (n + 1)) * sin(theta * (j + 1));
    }
    if (boundary == CT_FIELD_NO_FLUX) { /* mirrored ends: cosine modes (DCT-II) */
        theta = pi * k / n;
        *lambda = 2.0 - 2.0 * cos(theta);
        return (k == 0 ? sqrt(1.0 / n) : sqrt(2.0 / n)) * cos(theta * (j + 0.5));
    }
    uint32_t m = (k + 1) / 2; /* periodic: 1, cos 1, sin 1, cos 2, sin 2, ... [, (-1)^j] */
    theta = 2.0 * pi * m / n;
    *lambda = 2.0 - 2.0 * cos(theta);
    if (k == 0)
        return sqrt(1.0 / n);
    if (2 * m == n)
        return sqrt(1.0 / n) * ((j & 1) ? -1.0 : 1.0);
    return sqrt(2.0 / n) * (k & 1 ? cos(theta * j) : sin(theta * j));
}

static int modes_init(axis_modes *md, int boundary, uint32_t n)
{
    if (md->q)
        return CT_OK;
    md->n = n;
    md->q = ct_malloc((size_t)n * n * sizeof *md->q);
    md->qt = ct_malloc((size_t)n * n * sizeof *md->qt);
    md->lambda = ct_malloc(n * sizeof *md->lambda);
    if (!md->q || !md->qt || !md->lambda)
        return CT_ENOMEM;
    for (uint32_t j = 0; j < n; j++)
        for (uint32_t k = 0; k < n; k++) {
            double v = mode_component(boundary, n, j, k, &md->lambda[k]);
            md->q[(size_t)j * n + k] = v;
            md->qt[(size_t)k * n + j] = v;
        }
    return CT_OK;
}

static void modes_free(axis_modes *md)
{
    ct_free(md->q);
    ct_free(md->qt);
    ct_free(md->lambda);
}

/* out[o][k][i] = sum_j m[j n + k] in[o][j][i] for data laid out as [outer][n][inner]: the inner
   loops run over contiguous memory (modes k along x, sites i along y and z), so they vectorise.
   Each output is summed over j in order: the same bits on any thread count. */
static void transform(const double *in, double *out, const double *m, size_t n, size_t outer,
                      size_t inner, int parallel)
{
    size_t blocks = (inner + SWEEP_BLOCK - 1) / SWEEP_BLOCK;
#pragma omp parallel for schedule(static) if (parallel)
    for (size_t t = 0; t < outer * blocks; t++) {
        size_t o = t / blocks, i0 = (t % blocks) * SWEEP_BLOCK;
        size_t w = inner - i0 < SWEEP_BLOCK ? inner - i0 : SWEEP_BLOCK;
        const double *x = in + o * n * inner + i0;
        double *y = out + o * n * inner + i0;
        if (inner == 1) {
            for (size_t k = 0; k < n; k++)
                y[k] = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double a = x[j], *row = m + j * n;
                for (size_t k = 0; k < n; k++)
                    y[k] += a * row[k];
            }
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            double *yk = y + k * inner;
            for (size_t i = 0; i < w; i++)
                yk[i] = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double a = m[j * n + k], *xj = x + j * inner;
                for (size_t i = 0; i < w; i++)
                    yk[i] += a * xj[i];
            }
        }
    }
}

/* Transforms work[0] along every axis into mode space (inverse: back to sites); the result is
   in work[0] again for 2D and in work[1] for 3D, as returned. */
static double *transform_all(struct ct_field_solver *s, const field_plan *p, int inverse)
{
    double *src = s->work[0], *dst = s->work[1];
    size_t inner = 1, outer = s->n_sites;
    for (int a = 0; a < s->ndim; a++) {
        const axis_modes *md = &s->modes[p->boundary][a];
        outer /= md->n;
        transform(src, dst, inverse ? md->qt : md->q, md->n, outer, inner,
                  s->n_sites >= PARALLEL_SITES);
        inner *= md->n;
        double *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

/* Right-hand side: the values plus, for a fixed boundary, r * boundary value per face. */
static void implicit_rhs(const struct ct_field_solver *s, const field_plan *p, const float *c,
                         double *b)
{
    uint32_t w = s->size[0], h = s->size[1], d = s->size[2];
    size_t n_rows = s->n_sites / w;
    int fixed = p->boundary == CT_FIELD_FIXED;
    double edge = (double)p->r * p->boundary_value;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t q = 0; q < n_rows; q++) {
        uint32_t y = (uint32_t)(q % h), z = (uint32_t)(q / h);
        int faces = (y == 0) + (y == h - 1) + (s->ndim == 3 ? (z == 0) + (z == d - 1) : 0);
        for (uint32_t x = 0; x < w; x++)
            b[q * w + x] = c[q * w + x] +
                           (fixed ? edge * (faces + (x == 0) + (x == w - 1)) : 0.0);
    }
}

/* Divides each mode by its eigenvalue of (1 + k h + r sum_a lambda_a). */
static void implicit_divide(const struct ct_field_solver *s, const field_plan *p, double *m)
{
    const axis_modes *md = s->modes[p->boundary];
    uint32_t w = s->size[0], h = s->size[1];
    size_t n_rows = s->n_sites / w;
    double r = p->r, base = 1.0 + (double)p->kh;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t q = 0; q < n_rows; q++) {
        double row = base + r * md[1].lambda[q % h] +
                     (s->ndim == 3 ? r * md[2].lambda[q / h] : 0.0);
        for (uint32_t x = 0; x < w; x++)
            m[q * w + x] /= row + r * md[0].lambda[x];
    }
}

/* ---- the stencil ---------------------------------------------------------------------------- */

static const float *beyond_edge(const struct ct_field_solver *s, const field_plan *p,
                                const float *row, const float *wrapped)
{
    switch (p->boundary) {
    case CT_FIELD_FIXED:
        return s->ghost;
    case CT_FIELD_PERIODIC:
        return wrapped;
    default:
        return row; /* no flux: the mirror image of the edge row is the row itself */
    }
}

/* The neighbour row of row (y, z) along axis (1: y, 2: z) in direction dir (-1 or +1). */
static const float *neighbour_row(const struct ct_field_solver *s, const field_plan *p,
                                  const float *c, int axis, int dir, uint32_t y, uint32_t z)
{
    uint32_t coord = axis == 1 ? y : z, n = s->size[axis];
    size_t step = axis == 1 ? s->size[0] : (size_t)s->size[0] * s->size[1];
    const float *row = c + ((size_t)z * s->size[1] + y) * s->size[0];
    if (dir < 0)
        return coord > 0 ? row - step : beyond_edge(s, p, row, row + (size_t)(n - 1) * step);
    return coord + 1 < n ? row + step : beyond_edge(s, p, row, row - (size_t)(n - 1) * step);
}

/* out[x] = c[x] + r (sum of the neighbours of x - 2 ndim c[x]) - kh c[x], for one row of w sites:
   the increment is formed apart from c, which keeps rounding small (conservation, steady states). */
static void stencil_row(float *restrict out, const float *restrict c, const float *const *rows,
                        int n_rows, uint32_t w, float left, float right, float r, float kh)
{
    if (w == 1) {
        out[0] = left + right;
    } else {
        out[0] = left + c[1];
        for (uint32_t x = 1; x + 1 < w; x++)
            out[x] = c[x - 1] + c[x + 1];
        out[w - 1] = c[w - 2] + right;
    }
    for (int q = 0; q < n_rows; q++) {
        const float *nb = rows[q];
        for (uint32_t x = 0; x < w; x++)
            out[x] += nb[x];
    }
    const float n_nb = (float)(n_rows + 2);
    for (uint32_t x = 0; x < w; x++)
        out[x] = c[x] + (r * (out[x] - n_nb * c[x]) - kh * c[x]);
}

/* One explicit sub-step on every site: out = c + h A c, A being diffusion and decay with the
   field's boundary. */
static void apply_stencil(const struct ct_field_solver *s, const field_plan *p, const float *c,
                          float *out)
{
    uint32_t w = s->size[0], h = s->size[1];
    size_t n_rows = s->n_sites / w;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t q = 0; q < n_rows; q++) {
        uint32_t y = (uint32_t)(q % h), z = (uint32_t)(q / h);
        const float *row = c + q * w, *nb[4];
        for (int a = 1; a < s->ndim; a++) {
            nb[2 * a - 2] = neighbour_row(s, p, c, a, -1, y, z);
            nb[2 * a - 1] = neighbour_row(s, p, c, a, +1, y, z);
        }
        float left = row[0], right = row[w - 1]; /* no flux */
        if (p->boundary == CT_FIELD_FIXED)
            left = right = p->boundary_value;
        else if (p->boundary == CT_FIELD_PERIODIC)
            left = row[w - 1], right = row[0];
        stencil_row(out + q * w, row, nb, 2 * (s->ndim - 1), w, left, right, p->r, p->kh);
    }
}

/* ---- one step ------------------------------------------------------------------------------- */

static void add_sources(const struct ct_field_solver *s, const field_plan *p, float *v, float *src)
{
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t i = 0; i < s->n_sites; i++) {
        v[i] += src[i];
        src[i] = 0.0f;
    }
    for (size_t j = 0; j < p->n_sources; j++)
        v[p->source_site[j]] += p->source_amount[j];
}

static void explicit_step(struct ct_field_solver *s, const field_plan *p, float **value)
{
    for (int k = 0; k < p->substeps; k++) {
        apply_stencil(s, p, *value, s->scratch);
        float *old = *value;
        *value = s->scratch;
        s->scratch = old;
    }
}

/* Backward Euler, (1 + k h - h D laplacian) c' = c, solved exactly: the operator is diagonal in the
   product basis of the axes' eigenvectors. Unconditionally stable, monotone, and its fixed point
   is exactly the steady state of the central-difference scheme. Work: O(W + H [+ D]) per site. */
static void implicit_step(struct ct_field_solver *s, const field_plan *p, float *c)
{
    implicit_rhs(s, p, c, s->work[0]);
    double *m = transform_all(s, p, 0);
    implicit_divide(s, p, m);
    if (m != s->work[0]) { /* 3D: the modes sit in work[1]; the inverse starts from work[0] */
        double *t = s->work[0];
        s->work[0] = m;
        s->work[1] = t;
    }
    double *v = transform_all(s, p, 1);
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t i = 0; i < s->n_sites; i++)
        c[i] = (float)v[i];
}

void ct_field_solver_step(ct_fields *f)
{
    struct ct_field_solver *s = f->solver;
    for (int k = 0; k < s->n_fields; k++) {
        const field_plan *p = &s->plan[k];
        add_sources(s, p, f->value[k], f->source[k]);
        if (p->substeps == 0)
            continue;
        if (p->boundary == CT_FIELD_FIXED)
            for (uint32_t x = 0; x < s->size[0]; x++)
                s->ghost[x] = p->boundary_value;
        if (p->kind == CT_SOLVER_IMPLICIT)
            implicit_step(s, p, f->value[k]);
        else
            explicit_step(s, p, &f->value[k]);
    }
}

/* ---- planning ------------------------------------------------------------------------------- */

static int plan_field(struct ct_field_solver *s, field_plan *p, const ct_field_def *def,
                      const char *file, double dx, double dt, ct_error *err)
{
    int sub = ct_field_explicit_substeps(def->diffusion, def->decay, dx, s->ndim, dt);
    /* "auto": one implicit step costs about as much as 0.55 to 0.9 x (sum of the axis sizes)
       explicit sub-steps (benchmarks/bench_fields.c, 128^2 to 1024^2 grids) */
    uint32_t axis_sum = s->size[0] + s->size[1] + (s->ndim == 3 ? s->size[2] : 0);
    p->kind = def->solver == CT_SOLVER_AUTO
                  ? (sub > (int)(3 * axis_sum / 4) ? CT_SOLVER_IMPLICIT : CT_SOLVER_EXPLICIT)
                  : def->solver;
    if (sub == 0)
        p->kind = CT_SOLVER_EXPLICIT;
    p->substeps = p->kind == CT_SOLVER_EXPLICIT ? sub : 1;
    double h = p->kind == CT_SOLVER_EXPLICIT && sub > 0 ? dt / sub : dt;
    p->r = (float)(def->diffusion * h / (dx * dx));
    p->kh = (float)(def->decay * h);
    p->boundary = def->boundary;
    p->boundary_value = (float)def->boundary_value;
    for (int a = 0; a < s->ndim; a++)
        if (p->boundary == CT_FIELD_PERIODIC && s->size[a] < 3)
            return ct_error_set(err, CT_EINVAL,
                                "%s: /fields/%s/boundary: periodic needs at least 3 sites along "
                                "every axis; axis %d has %u",
                                file, def->name, a, s->size[a]);
    if (p->kind != CT_SOLVER_IMPLICIT)
        return CT_OK;
    if (!s->work[0]) {
        s->work[0] = ct_aligned_alloc(s->n_sites * sizeof(double));
        s->work[1] = ct_aligned_alloc(s->n_sites * sizeof(double));
    }
    int rc = s->work[0] && s->work[1] ? CT_OK : CT_ENOMEM;
    for (int a = 0; !rc && a < s->ndim; a++)
        rc = modes_init(&s->modes[p->boundary][a], p->boundary, s->size[a]);
    if (rc)
        return ct_error_set(err, CT_ENOMEM, "out of memory planning field \"%s\"", def->name);
    return CT_OK;
}

static int add_fixed_sources(field_plan *p, const uint32_t *sites, size_t n, float amount)
{
    size_t total = p->n_sources + n;
    uint32_t *site = ct_realloc(p->source_site, total * sizeof *site + 1);
    if (site)
        p->source_site = site;
    float *am = site ? ct_realloc(p->source_amount, total * sizeof *am + 1) : NULL;
    if (!am)
        return CT_ENOMEM;
    p->source_amount = am;
    for (size_t j = 0; j < n; j++) {
        p->source_site[p->n_sources + j] = sites[j];
        p->source_amount[p->n_sources + j] = amount;
    }
    p->n_sources = total;
    return CT_OK;
}

/* Initial regions overwrite the initial value; sources are listed for every step. */
static int apply_regions(ct_fields *f, const ct_scenario *sc, const ct_lattice *lat, double dt,
                         ct_error *err)
{
    for (int k = 0; k < sc->n_field_regions; k++) {
        const ct_field_region *fr = &sc->field_regions[k];
        uint32_t *sites;
        size_t n;
        int rc = ct_placement_region_sites(lat, &fr->where, 0, sc->file, &sites, &n, err);
        if (rc)
            return rc;
        if (fr->is_source) {
            rc = add_fixed_sources(&f->solver->plan[fr->field], sites, n,
                                   (float)(fr->value * dt));
        } else {
            for (size_t j = 0; j < n; j++)
                f->value[fr->field][sites[j]] = (float)fr->value;
        }
        ct_free(sites);
        if (rc)
            return ct_error_set(err, CT_ENOMEM, "out of memory listing the sources of %s",
                                fr->where.json_path);
    }
    return CT_OK;
}

int ct_field_solver_create(ct_fields *f, const ct_scenario *sc, const ct_lattice *lat, double dt,
                           ct_error *err)
{
    struct ct_field_solver *s = ct_calloc(1, sizeof *s);
    f->solver = s;
    if (!s)
        return ct_error_set(err, CT_ENOMEM, "out of memory creating the field solver");
    s->ndim = lat->ndim;
    memcpy(s->size, lat->size, sizeof s->size);
    s->n_sites = lat->n_sites;
    s->n_fields = sc->n_fields;
    if (sc->n_fields == 0)
        return CT_OK;
    s->scratch = ct_aligned_alloc(s->n_sites * sizeof *s->scratch);
    s->ghost = ct_aligned_alloc(s->size[0] * sizeof *s->ghost);
    if (!s->scratch || !s->ghost)
        return ct_error_set(err, CT_ENOMEM, "cannot allocate field scratch of %zu sites",
                            s->n_sites);
    for (int k = 0; k < sc->n_fields; k++) {
        int rc = plan_field(s, &s->plan[k], &sc->fields[k], sc->file, lat->dx, dt, err);
        if (rc)
            return rc;
    }
    return apply_regions(f, sc, lat, dt, err);
}

void ct_field_solver_free(struct ct_field_solver *s)
{
    if (!s)
        return;
    for (int k = 0; k < CT_MAX_FIELDS; k++) {
        ct_free(s->plan[k].source_site);
        ct_free(s->plan[k].source_amount);
    }
    for (int b = 0; b < 3; b++)
        for (int a = 0; a < 3; a++)
            modes_free(&s->modes[b][a]);
    ct_free(s->work[0]);
    ct_free(s->work[1]);
    ct_free(s->scratch);
    ct_free(s->ghost);
    ct_free(s);
}

int ct_field_solver_kind(const ct_fields *f, int k)
{
    return f->solver->plan[k].kind;
}

int ct_field_solver_substeps(const ct_fields *f, int k)
{
    return f->solver->plan[k].substeps;
}
