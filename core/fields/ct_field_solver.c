/* Field solver: the explicit sub-stepped 5/7-point stencil; implicit backward Euler solved
 * exactly in the eigenbasis of the grid's second differences; and the spectral solver, which in
 * the same eigenbasis applies the exact propagator exp(dt (D laplacian - k)) of the discrete
 * operator (fast transforms: ct_axis_modes, ct_fft). Every value is computed by the same
 * operations in the same order on any thread count, so results are bit-identical. */
#include "ct_field_solver.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_axis_modes.h"
#include "ct_region.h"

#define MAX_SUBSTEPS 100000000.0 /* ct_field_explicit_substeps stays an int */
#define PARALLEL_SITES 16384 /* smaller grids run on one thread: a parallel region costs more */
#define SOURCE_BLOCK 4096    /* sites per block of add_sources: 16 KiB of sources, read from L1 */

typedef struct field_plan {
    int kind;                /* CT_SOLVER_EXPLICIT, _IMPLICIT or _SPECTRAL */
    int substeps;            /* explicit sub-steps per step; 0: nothing to do */
    int boundary;
    float boundary_value;
    float r, kh;             /* D h / dx^2 and k h for one (sub-)step of length h */
    double *mode_decay[3];   /* spectral: exp(-(D dt / dx^2) lambda_k) for each mode of each axis */
    double step_decay;       /* spectral: exp(-k dt) */
    double *steady;          /* spectral, fixed boundary value != 0: the steady state (no sources),
                                about which the field relaxes; NULL otherwise */
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
    double *work;            /* implicit, spectral: n_sites, the values and their modes */
    ct_axis_modes *modes[3][3]; /* [boundary][axis], for implicit and spectral fields */
    double *thread_scratch;  /* transforms: scratch_doubles for each of n_threads threads */
    size_t scratch_doubles;
    int n_threads;
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

/* ---- implicit and spectral: solved in the eigenbasis ---------------------------------------- */

/* Lines in the block of CT_AXIS_LINES starting at line `first` of `total`. */
static size_t block_lines(size_t first, size_t total)
{
    return total - first < CT_AXIS_LINES ? total - first : CT_AXIS_LINES;
}

/* Transforms every line of v along one axis, data laid out as [outer][n][inner], in place: rows
   (inner 1) in blocks of CT_AXIS_LINES consecutive rows, other axes in blocks of CT_AXIS_LINES
   neighbouring lines of one plane. Blocks are fixed by the grid, never by the thread count, so
   every line is computed with the same partners and operations on any number of threads. The
   team is capped at the threads that scratch was planned for. */
static void transform_axis(const struct ct_field_solver *s, const ct_axis_modes *md, double *v,
                           size_t n, size_t outer, size_t inner, int inverse)
{
    size_t per_plane = (inner + CT_AXIS_LINES - 1) / CT_AXIS_LINES;
    size_t blocks = inner == 1 ? (outer + CT_AXIS_LINES - 1) / CT_AXIS_LINES : outer * per_plane;
    int threads = omp_get_max_threads() < s->n_threads ? omp_get_max_threads() : s->n_threads;
#pragma omp parallel for schedule(static) num_threads(threads) if (s->n_sites >= PARALLEL_SITES)
    for (size_t t = 0; t < blocks; t++) {
        double *scratch = s->thread_scratch + (size_t)omp_get_thread_num() * s->scratch_doubles;
        if (inner == 1) {
            size_t first = t * CT_AXIS_LINES;
            ct_axis_modes_transform(md, v + first * n, n, 1, block_lines(first, outer), inverse,
                                    scratch);
        } else {
            size_t first = t % per_plane * CT_AXIS_LINES;
            ct_axis_modes_transform(md, v + t / per_plane * n * inner + first, 1, inner,
                                    block_lines(first, inner), inverse, scratch);
        }
    }
}

/* Transforms s->work along every axis into mode space (inverse: back to sites). */
static void transform_all(struct ct_field_solver *s, const field_plan *p, int inverse)
{
    size_t inner = 1, outer = s->n_sites;
    for (int a = 0; a < s->ndim; a++) {
        size_t n = s->size[a];
        outer /= n;
        transform_axis(s, s->modes[p->boundary][a], s->work, n, outer, inner, inverse);
        inner *= n;
    }
}

/* Right-hand side: the values (none: c NULL) plus, for a fixed boundary, r * boundary value per
   face. */
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
            b[q * w + x] = (c ? c[q * w + x] : 0.0) +
                           (fixed ? edge * (faces + (x == 0) + (x == w - 1)) : 0.0);
    }
}

/* Divides each mode by its eigenvalue of (base + r sum_a lambda_a): base 1 + k h for a backward
   Euler step, k h for the steady state. */
static void implicit_divide(const struct ct_field_solver *s, const field_plan *p, double *m,
                            double base)
{
    const double *lx = ct_axis_modes_lambda(s->modes[p->boundary][0]);
    const double *ly = ct_axis_modes_lambda(s->modes[p->boundary][1]);
    const double *lz = s->ndim == 3 ? ct_axis_modes_lambda(s->modes[p->boundary][2]) : NULL;
    uint32_t w = s->size[0], h = s->size[1];
    size_t n_rows = s->n_sites / w;
    double r = p->r;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t q = 0; q < n_rows; q++) {
        double row = base + r * ly[q % h] + (lz ? r * lz[q / h] : 0.0);
        for (uint32_t x = 0; x < w; x++)
            m[q * w + x] /= row + r * lx[x];
    }
}

/* Multiplies each mode by its exact decay over the step, exp(-k dt) prod_a exp(-(D dt/dx^2)
   lambda_a): products of per-axis factors, so no exponential is taken per site. */
static void spectral_propagate(const struct ct_field_solver *s, const field_plan *p, double *m)
{
    const double *ex = p->mode_decay[0], *ey = p->mode_decay[1], *ez = p->mode_decay[2];
    uint32_t w = s->size[0], h = s->size[1];
    size_t n_rows = s->n_sites / w;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t q = 0; q < n_rows; q++) {
        double row = p->step_decay * ey[q % h] * (ez ? ez[q / h] : 1.0);
        for (uint32_t x = 0; x < w; x++)
            m[q * w + x] *= row * ex[x];
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

/* The new value at x given the sum of its two neighbours along x: the neighbours in the other rows
   are added in row order, and the increment is formed apart from c, which keeps rounding small
   (conservation, steady states). Inline with a constant n_rows, so that the loop over x
   vectorises with the row loop unrolled. */
static inline float stencil_at(const float *restrict c, const float *const *rows, int n_rows,
                               uint32_t x, float along_x, float r, float kh)
{
    float sum = along_x;
    for (int q = 0; q < n_rows; q++)
        sum += rows[q][x];
    return c[x] + (r * (sum - (float)(n_rows + 2) * c[x]) - kh * c[x]);
}

static inline void stencil_interior(float *restrict out, const float *restrict c,
                                    const float *const *rows, int n_rows, uint32_t w, float r,
                                    float kh)
{
    for (uint32_t x = 1; x + 1 < w; x++)
        out[x] = stencil_at(c, rows, n_rows, x, c[x - 1] + c[x + 1], r, kh);
}

/* out[x] = c[x] + r (sum of the neighbours of x - 2 ndim c[x]) - kh c[x], for one row of w sites,
   in one pass: the grid is read and written once per sub-step (three passes over the row cost
   1.6x on grids larger than the caches). */
static void stencil_row(float *restrict out, const float *restrict c, const float *const *rows,
                        int n_rows, uint32_t w, float left, float right, float r, float kh)
{
    if (w == 1) {
        out[0] = stencil_at(c, rows, n_rows, 0, left + right, r, kh);
        return;
    }
    out[0] = stencil_at(c, rows, n_rows, 0, left + c[1], r, kh);
    if (n_rows == 2)
        stencil_interior(out, c, rows, 2, w, r, kh);
    else
        stencil_interior(out, c, rows, 4, w, r, kh);
    out[w - 1] = stencil_at(c, rows, n_rows, w - 1, c[w - 2] + right, r, kh);
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

/* Adds what cells wrote during the step to the values and clears it, then the fixed sources.
   Blocks where nothing was written (a molecule few cells make, or none) are only read: writing
   back values and zeros there cost more memory traffic than a stencil sub-step. Adding a zero
   changes no value, so the result is the same bits either way. */
static void add_sources(const struct ct_field_solver *s, const field_plan *p, float *v, float *src)
{
    size_t n_blocks = (s->n_sites + SOURCE_BLOCK - 1) / SOURCE_BLOCK;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t b = 0; b < n_blocks; b++) {
        size_t begin = b * SOURCE_BLOCK;
        size_t end = begin + SOURCE_BLOCK < s->n_sites ? begin + SOURCE_BLOCK : s->n_sites;
        int written = 0;
        for (size_t i = begin; i < end; i++)
            written |= src[i] != 0.0f;
        if (!written)
            continue;
        for (size_t i = begin; i < end; i++) {
            v[i] += src[i];
            src[i] = 0.0f;
        }
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
   is exactly the steady state of the central-difference scheme. Work: O(log W + log H [+ log D])
   per site (fast transforms). */
static void implicit_step(struct ct_field_solver *s, const field_plan *p, float *c)
{
    implicit_rhs(s, p, c, s->work);
    transform_all(s, p, 0);
    implicit_divide(s, p, s->work, 1.0 + (double)p->kh);
    transform_all(s, p, 1);
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t i = 0; i < s->n_sites; i++)
        c[i] = (float)s->work[i];
}

/* The exact solution of dc/dt = D laplacian c - k c over dt for the discrete laplacian with the
   field's boundary: every mode decays by exp(-dt (k + D lambda / dx^2)). This is the limit the
   explicit sub-steps approach as they shorten, at the cost of one implicit step, and unlike
   backward Euler it damps the rough modes of a point source as much as diffusion does. A fixed
   boundary value enters as the steady state c*, about which the field relaxes:
   c(dt) = c* + exp(dt A) (c - c*). */
static void spectral_step(struct ct_field_solver *s, const field_plan *p, float *c)
{
    const double *steady = p->steady;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t i = 0; i < s->n_sites; i++)
        s->work[i] = (double)c[i] - (steady ? steady[i] : 0.0);
    transform_all(s, p, 0);
    spectral_propagate(s, p, s->work);
    transform_all(s, p, 1);
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t i = 0; i < s->n_sites; i++)
        c[i] = (float)(s->work[i] + (steady ? steady[i] : 0.0));
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
        else if (p->kind == CT_SOLVER_SPECTRAL)
            spectral_step(s, p, f->value[k]);
        else
            explicit_step(s, p, &f->value[k]);
    }
}

/* ---- planning ------------------------------------------------------------------------------- */

/* The work array, the modes of every axis under this boundary, and scratch for each thread of the
   current team size, large enough for every axis planned so far. */
static int plan_transforms(struct ct_field_solver *s, int boundary)
{
    if (!s->work && !(s->work = ct_aligned_alloc(s->n_sites * sizeof *s->work)))
        return CT_ENOMEM;
    size_t need = s->scratch_doubles;
    for (int a = 0; a < s->ndim; a++) {
        ct_axis_modes **md = &s->modes[boundary][a];
        if (!*md && ct_axis_modes_create(boundary, s->size[a], md))
            return CT_ENOMEM;
        size_t d = ct_axis_modes_scratch_doubles(*md);
        need = d > need ? d : need;
    }
    int threads = omp_get_max_threads();
    if (need == s->scratch_doubles && threads <= s->n_threads)
        return CT_OK;
    threads = threads > s->n_threads ? threads : s->n_threads;
    double *scratch = ct_aligned_alloc((size_t)threads * need * sizeof *scratch);
    if (!scratch)
        return CT_ENOMEM;
    ct_free(s->thread_scratch);
    s->thread_scratch = scratch;
    s->scratch_doubles = need;
    s->n_threads = threads;
    return CT_OK;
}

/* The per-axis mode decays and, for a fixed boundary value, the steady state c*: solved once with
   the same transforms, its modes being the boundary terms' divided by k dt + r sum_a lambda_a. */
static int plan_spectral(struct ct_field_solver *s, field_plan *p, const ct_field_def *def,
                         double dx, double dt)
{
    double rate = def->diffusion * dt / (dx * dx);
    p->step_decay = exp(-def->decay * dt);
    for (int a = 0; a < s->ndim; a++) {
        const double *lambda = ct_axis_modes_lambda(s->modes[p->boundary][a]);
        if (!(p->mode_decay[a] = ct_malloc(s->size[a] * sizeof *p->mode_decay[a])))
            return CT_ENOMEM;
        for (uint32_t k = 0; k < s->size[a]; k++)
            p->mode_decay[a][k] = exp(-rate * lambda[k]);
    }
    if (p->boundary != CT_FIELD_FIXED || p->boundary_value == 0.0f)
        return CT_OK;
    if (!(p->steady = ct_aligned_alloc(s->n_sites * sizeof *p->steady)))
        return CT_ENOMEM;
    implicit_rhs(s, p, NULL, s->work);
    transform_all(s, p, 0);
    implicit_divide(s, p, s->work, (double)p->kh);
    transform_all(s, p, 1);
    memcpy(p->steady, s->work, s->n_sites * sizeof *p->steady);
    return CT_OK;
}

/* What "auto" weighs: one implicit or spectral step's cost in explicit sub-steps, (16 + sum over axes of
   ct_axis_modes_work) / E, E = 1.2 in 2D and 2 in 3D (a 7-point sub-step costs more per site).
   Fitted to implicit / explicit sub-step time ratios, medians of 3 interleaved runs, 2 threads:
     2D grid           sum of work  measured  formula
     256^2 no flux          8         19.8      20
     1024^2 no flux        10         30.7      22
     1600x1250 periodic    10         20.6      22
     2048^2 no flux        12         16.8      23
     1000^2 fixed          15.5       40.3      26
     1024^2 fixed          24.5       48.6      34
     1414^2 periodic       54.9       46.2      59   (Bluestein on both axes)
     1600x1250 fixed       58.9       63.7      62
     3D grid
     100^3 no flux          9         14.0      12.5
     128^3 no flux         12         12.2      14
     128^3 fixed           35.3       33.2      26
     100^3 fixed           73.2       41.0      45
   128^2 no flux measured 10 (formula 20): small grids sit in cache, and either solver is cheap.
   Dense transforms cost 66 to 1322 sub-steps on 128^2 to 1024^2. */
static double implicit_cost(const struct ct_field_solver *s, int boundary)
{
    double work = 16.0;
    for (int a = 0; a < s->ndim; a++)
        work += ct_axis_modes_work(boundary, s->size[a]);
    return work / (s->ndim == 3 ? 2.0 : 1.2);
}

/* An explicit field past CT_FIELD_MAX_SUBSTEPS would take hours per step (D = 1e12 um^2/min needs
   1e8 sub-steps): refused, pointing to the solvers that are exact at any D. */
static int check_explicit_substeps(const field_plan *p, const ct_field_def *def, const char *file,
                                   double dx, double dt, ct_error *err)
{
    if (p->substeps <= CT_FIELD_MAX_SUBSTEPS)
        return CT_OK;
    return ct_error_set(err, CT_ERANGE,
                        "%s: /fields/%s: the explicit solver needs %d%s sub-steps per step "
                        "(diffusion %g um^2/min, decay %g /min, dx %g um, dt %g min), more than "
                        "the limit of %d: give \"solver\": \"auto\" or \"spectral\", exact in "
                        "time at any diffusion",
                        file, def->name, p->substeps, p->substeps >= MAX_SUBSTEPS ? " or more" : "",
                        def->diffusion, def->decay, dx, dt, CT_FIELD_MAX_SUBSTEPS);
}

static int plan_field(struct ct_field_solver *s, field_plan *p, const ct_field_def *def,
                      const char *file, double dx, double dt, ct_error *err)
{
    int sub = ct_field_explicit_substeps(def->diffusion, def->decay, dx, s->ndim, dt);
    p->kind = def->solver;
    if (def->solver == CT_SOLVER_AUTO) /* spectral, never backward Euler: it is exact in time */
        p->kind = (double)sub > implicit_cost(s, def->boundary) ? CT_SOLVER_SPECTRAL
                                                                  : CT_SOLVER_EXPLICIT;
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
    if (p->kind == CT_SOLVER_EXPLICIT)
        return check_explicit_substeps(p, def, file, dx, dt, err);
    if (plan_transforms(s, p->boundary) ||
        (p->kind == CT_SOLVER_SPECTRAL && plan_spectral(s, p, def, dx, dt)))
        return ct_error_set(err, CT_ENOMEM, "out of memory planning field \"%s\"", def->name);
    return CT_OK;
}

/* Room for total fixed sources in p. */
static int grow_sources(field_plan *p, size_t total)
{
    uint32_t *site = ct_realloc(p->source_site, total * sizeof *site + 1);
    if (site)
        p->source_site = site;
    float *am = site ? ct_realloc(p->source_amount, total * sizeof *am + 1) : NULL;
    if (!am)
        return CT_ENOMEM;
    p->source_amount = am;
    return CT_OK;
}

static int add_fixed_sources(field_plan *p, const uint32_t *sites, size_t n, float amount)
{
    if (grow_sources(p, p->n_sources + n))
        return CT_ENOMEM;
    for (size_t j = 0; j < n; j++) {
        p->source_site[p->n_sources + j] = sites[j];
        p->source_amount[p->n_sources + j] = amount;
    }
    p->n_sources += n;
    return CT_OK;
}

size_t ct_field_solver_fixed_sources(const ct_fields *f, int k, const uint32_t **sites,
                                     const float **amounts)
{
    const field_plan *p = &f->solver->plan[k];
    *sites = p->source_site;
    *amounts = p->source_amount;
    return p->n_sources;
}

int ct_field_solver_add_fixed_source(ct_fields *f, int k, uint32_t site, float amount,
                                     ct_error *err)
{
    field_plan *p = &f->solver->plan[k];
    if (grow_sources(p, p->n_sources + 1))
        return ct_error_set(err, CT_ENOMEM, "out of memory listing the sources of a field");
    p->source_site[p->n_sources] = site;
    p->source_amount[p->n_sources++] = amount;
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
        for (int a = 0; a < 3; a++)
            ct_free(s->plan[k].mode_decay[a]);
        ct_free(s->plan[k].steady);
    }
    for (int b = 0; b < 3; b++)
        for (int a = 0; a < 3; a++)
            ct_axis_modes_free(s->modes[b][a]);
    ct_free(s->work);
    ct_free(s->thread_scratch);
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
