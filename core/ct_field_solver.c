/* Field solver: the explicit sub-stepped 5/7-point stencil and the implicit Douglas ADI scheme with
 * one Thomas solve per grid line (Sherman-Morrison for periodic lines). Every value is computed by
 * the same operations in the same order on any thread count, so results are bit-identical. */
#include "ct_field_solver.h"

#include <math.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_placement.h"

/* "auto" picks the implicit scheme once the explicit one would need more sub-steps than this:
   one implicit step costs about as much as this many explicit sub-steps (benchmarks/). */
#define AUTO_MAX_SUBSTEPS 6
#define SWEEP_BLOCK 512 /* contiguous values per task of an implicit line sweep */
#define MAX_SUBSTEPS 100000000.0
#define PARALLEL_SITES 65536 /* smaller grids run on one thread: a parallel region costs more */

/* The tridiagonal matrix (I - h A_axis) of one grid line, factored once (Thomas algorithm). */
typedef struct line_op {
    uint32_t n;
    int periodic;
    float off;               /* off-diagonal, -r */
    float *cp, *inv;         /* cp[j] = off * inv[j], inv[j] = 1 / pivot[j] */
    float *z;                /* periodic: (modified matrix)^-1 u of the Sherman-Morrison update */
    float sm_ratio, sm_scale; /* periodic correction: x -= (x0 + ratio x_{n-1}) scale z */
} line_op;

typedef struct field_plan {
    int kind;                /* CT_SOLVER_EXPLICIT or CT_SOLVER_IMPLICIT */
    int substeps;            /* explicit sub-steps per step; 0: nothing to do */
    int boundary;
    float boundary_value;
    float r, kh;             /* D h / dx^2 and k h for one (sub-)step of length h */
    line_op line[3];
    uint32_t *source_site;   /* fixed sources: sites and amounts added each step (rate dt) */
    float *source_amount;
    size_t n_sources;
} field_plan;

struct ct_field_solver {
    int ndim;
    uint32_t size[3];
    size_t n_sites;
    float *scratch;          /* explicit: the next values; implicit: the increment */
    float *ghost;            /* one row (size[0]) of the fixed boundary value */
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

/* ---- implicit line solves ------------------------------------------------------------------- */

/* Solves m lines at once: line i holds base[i + j * stride] for j < n. Inner loops run over the m
   lines, which sit side by side in memory for the y and z axes, so they vectorise. */
static void thomas_lines(const line_op *op, float *base, size_t stride, size_t m)
{
    const float off = op->off;
    for (size_t i = 0; i < m; i++)
        base[i] *= op->inv[0];
    for (uint32_t j = 1; j < op->n; j++) {
        float *row = base + j * stride;
        const float *prev = row - stride;
        const float inv = op->inv[j];
        for (size_t i = 0; i < m; i++)
            row[i] = (row[i] - off * prev[i]) * inv;
    }
    for (uint32_t j = op->n - 1; j-- > 0;) {
        float *row = base + j * stride;
        const float *next = row + stride;
        const float cp = op->cp[j];
        for (size_t i = 0; i < m; i++)
            row[i] -= cp * next[i];
    }
}

/* Sherman-Morrison correction that turns the modified tridiagonal solve into the cyclic one
   (Numerical Recipes, 2nd ed., section 2.7, routine cyclic). */
static void cyclic_correct(const line_op *op, float *base, size_t stride, size_t m)
{
    float *first = base, *last = base + (size_t)(op->n - 1) * stride;
    const float ratio = op->sm_ratio, scale = op->sm_scale;
    for (uint32_t j = 1; j + 1 < op->n; j++) {
        float *row = base + j * stride;
        const float z = op->z[j];
        for (size_t i = 0; i < m; i++)
            row[i] -= (first[i] + ratio * last[i]) * scale * z;
    }
    const float z0 = op->z[0], zn = op->z[op->n - 1];
    for (size_t i = 0; i < m; i++) {
        float fact = (first[i] + ratio * last[i]) * scale;
        first[i] -= fact * z0;
        last[i] -= fact * zn;
    }
}

static void line_solve(const line_op *op, float *base, size_t stride, size_t m)
{
    thomas_lines(op, base, stride, m);
    if (op->periodic)
        cyclic_correct(op, base, stride, m);
}

/* Factors (I - h A_axis) for a line of n sites: A_axis = D d^2/dx^2 - k/ndim, so the diagonal is
   1 + 2r + kh_axis and the off-diagonal -r. A no-flux end mirrors its site (diagonal - r); a
   fixed end sees increments of 0; a periodic line gets the corner entries -r. */
static int line_init(line_op *op, uint32_t n, int boundary, double r, double kh_axis)
{
    op->n = n;
    op->periodic = boundary == CT_FIELD_PERIODIC;
    op->off = (float)-r;
    op->cp = ct_malloc(n * sizeof *op->cp);
    op->inv = ct_malloc(n * sizeof *op->inv);
    op->z = op->periodic ? ct_malloc(n * sizeof *op->z) : NULL;
    if (!op->cp || !op->inv || (op->periodic && !op->z))
        return CT_ENOMEM;
    double off = -r, base = 1.0 + 2.0 * r + kh_axis, gamma = -base, cp = 0.0;
    for (uint32_t j = 0; j < n; j++) {
        double d = base;
        if (boundary == CT_FIELD_NO_FLUX)
            d -= r * ((j == 0) + (j == n - 1));
        if (op->periodic)
            d -= j == 0 ? gamma : j == n - 1 ? off * off / gamma : 0.0;
        double inv = 1.0 / (d - off * cp);
        cp = off * inv;
        op->inv[j] = (float)inv;
        op->cp[j] = (float)cp;
    }
    if (op->periodic) {
        memset(op->z, 0, n * sizeof *op->z);
        op->z[0] = (float)gamma;
        op->z[n - 1] = (float)off;
        thomas_lines(op, op->z, 1, 1);
        op->sm_ratio = (float)(off / gamma);
        op->sm_scale = (float)(1.0 / (1.0 + op->z[0] + off / gamma * op->z[n - 1]));
    }
    return CT_OK;
}

static void line_free(line_op *op)
{
    ct_free(op->cp);
    ct_free(op->inv);
    ct_free(op->z);
}

/* The lines of one axis: axis 0 lines are contiguous (one at a time); axis 1 and 2 lines sit side
   by side and are solved a block of SWEEP_BLOCK at a time. Work splits never depend on threads. */
static void sweep_axis(const struct ct_field_solver *s, const line_op *op, int axis, float *d)
{
    size_t w = s->size[0], plane = w * s->size[1];
    size_t stride = axis == 0 ? 1 : axis == 1 ? w : plane;
    size_t width = axis == 0 ? 1 : axis == 1 ? w : plane;
    size_t groups = axis == 0 ? s->n_sites / w : axis == 1 ? s->size[2] : 1;
    size_t group_stride = axis == 0 ? w : plane;
    size_t blocks = (width + SWEEP_BLOCK - 1) / SWEEP_BLOCK;
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t t = 0; t < groups * blocks; t++) {
        size_t g = t / blocks, b = (t % blocks) * SWEEP_BLOCK;
        size_t m = width - b < SWEEP_BLOCK ? width - b : SWEEP_BLOCK;
        line_solve(op, d + g * group_stride + b, stride, m);
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

/* out[x] = centre c[x] + r (sum of the neighbours of x), for one row of w sites. */
static void stencil_row(float *restrict out, const float *restrict c, const float *const *rows,
                        int n_rows, uint32_t w, float left, float right, float centre, float r)
{
    if (w == 1) {
        out[0] = centre * c[0] + r * (left + right);
    } else {
        out[0] = centre * c[0] + r * (left + c[1]);
        for (uint32_t x = 1; x + 1 < w; x++)
            out[x] = centre * c[x] + r * (c[x - 1] + c[x + 1]);
        out[w - 1] = centre * c[w - 1] + r * (c[w - 2] + right);
    }
    for (int q = 0; q < n_rows; q++) {
        const float *nb = rows[q];
        for (uint32_t x = 0; x < w; x++)
            out[x] += r * nb[x];
    }
}

/* out = alpha c + h A c on every site, A being diffusion and decay with the field's boundary. */
static void apply_stencil(const struct ct_field_solver *s, const field_plan *p, const float *c,
                          float *out, float alpha)
{
    uint32_t w = s->size[0], h = s->size[1];
    size_t n_rows = s->n_sites / w;
    float centre = (float)((double)alpha - 2.0 * s->ndim * p->r - p->kh);
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
        stencil_row(out + q * w, row, nb, 2 * (s->ndim - 1), w, left, right, centre, p->r);
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
        apply_stencil(s, p, *value, s->scratch, 1.0f);
        float *old = *value;
        *value = s->scratch;
        s->scratch = old;
    }
}

/* Douglas scheme with theta = 1 in delta form (J. Douglas, Numer. Math. 4, 41-63, 1962):
   d = h A c; (I - h A_x) d1 = d; (I - h A_y) d2 = d1; [(I - h A_z) d3 = d2]; c += d_last.
   Unconditionally stable; c is a fixed point exactly when A c = 0, so steady states are those of
   the central-difference scheme. */
static void implicit_step(struct ct_field_solver *s, const field_plan *p, float *c)
{
    float *d = s->scratch;
    apply_stencil(s, p, c, d, 0.0f);
    for (int a = 0; a < s->ndim; a++)
        sweep_axis(s, &p->line[a], a, d);
#pragma omp parallel for schedule(static) if (s->n_sites >= PARALLEL_SITES)
    for (size_t i = 0; i < s->n_sites; i++)
        c[i] += d[i];
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
                      double dx, double dt, ct_error *err)
{
    int sub = ct_field_explicit_substeps(def->diffusion, def->decay, dx, s->ndim, dt);
    p->kind = def->solver == CT_SOLVER_AUTO
                  ? (sub > AUTO_MAX_SUBSTEPS ? CT_SOLVER_IMPLICIT : CT_SOLVER_EXPLICIT)
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
                                "field \"%s\": a periodic boundary needs at least 3 sites along "
                                "axis %d, which has %u",
                                def->name, a, s->size[a]);
    for (int a = 0; p->kind == CT_SOLVER_IMPLICIT && a < s->ndim; a++)
        if (line_init(&p->line[a], s->size[a], p->boundary, def->diffusion * h / (dx * dx),
                      def->decay * h / s->ndim))
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
        int rc = plan_field(s, &s->plan[k], &sc->fields[k], lat->dx, dt, err);
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
        for (int a = 0; a < 3; a++)
            line_free(&s->plan[k].line[a]);
        ct_free(s->plan[k].source_site);
        ct_free(s->plan[k].source_amount);
    }
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
