/* Virtual patients from a fit: the last generation of its posterior.csv, one particle drawn by
 * weight for each patient. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_cohort.h"
#include "ct_io.h"

static const char *const fixed_columns[] = {"generation", "particle", "run", "weight",
                                            "distance"};
#define N_FIXED 5
#define MAX_POSTERIOR_ROWS 10000000L

static int bad(ct_jobj *o, const char *path, long line, const char *what)
{
    return ct_error_set(o->err, CT_EINVAL, "%s: %s/posterior: %s: line %ld: %s", o->file, o->path,
                        path, line, what);
}

/* The header: the fixed columns, then parameter paths of the scenario. */
static int read_header(ct_jobj *o, ct_cohort *c, char *line, const char *path)
{
    int col = 0, rc = CT_OK;
    for (char *save = NULL, *cell = strtok_r(line, ",\r", &save); cell && !rc;
         cell = strtok_r(NULL, ",\r", &save), col++) {
        if (col < N_FIXED) {
            if (strcmp(cell, fixed_columns[col]))
                return bad(o, path, 1, "expected a header generation,particle,run,weight,"
                                       "distance,<parameter paths> (a fit's posterior.csv)");
            continue;
        }
        int k = col - N_FIXED;
        if (k >= CT_SWEEP_MAX_PARAMS / 2)
            return bad(o, path, 1, "more than 16 parameters");
        c->runs->params[k].path = cell;
        c->runs->n_params = c->n_patient_params = k + 1;
        rc = ct_sweep_check_path(o, c->runs, cell);
    }
    return rc ? rc : c->n_patient_params ? CT_OK : bad(o, path, 1, "no parameter columns");
}

/* One row: its generation, weight and parameters; the rows of a later generation replace the
   ones kept so far. */
static int read_row(ct_jobj *o, ct_cohort *c, char *line, long lineno, const char *path,
                    double *last_gen)
{
    int d = c->n_patient_params;
    double x[N_FIXED + CT_SWEEP_MAX_PARAMS];
    char *p = line;
    for (int k = 0; k < N_FIXED + d; k++) {
        char *end;
        x[k] = strtod(p, &end);
        int separated = k + 1 < N_FIXED + d ? *end == ',' : end[strspn(end, "\r")] == '\0';
        if (end == p || !isfinite(x[k]) || !separated)
            return bad(o, path, lineno, "expected finite numbers, one per header column");
        p = end + 1;
    }
    if (!(x[3] >= 0))
        return bad(o, path, lineno, "expected a weight of at least 0");
    if (x[0] > *last_gen)
        c->post_n = 0;
    *last_gen = fmax(*last_gen, x[0]);
    if (x[0] < *last_gen)
        return CT_OK;
    double prev = c->post_n ? c->post_cum[c->post_n - 1] : 0;
    c->post_cum[c->post_n] = prev + x[3];
    memcpy(&c->post_theta[c->post_n * d], &x[N_FIXED], (size_t)d * sizeof(double));
    c->post_n++;
    return CT_OK;
}

static int read_rows(ct_jobj *o, ct_cohort *c, char *rows, long n_lines, const char *path)
{
    c->post_cum = ct_malloc((size_t)n_lines * sizeof *c->post_cum + 1);
    c->post_theta = ct_malloc((size_t)(n_lines * c->n_patient_params) * sizeof(double) + 1);
    if (!c->post_cum || !c->post_theta)
        return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", path);
    double last_gen = -1;
    long lineno = 2;
    int rc = CT_OK;
    for (char *save = NULL, *line = strtok_r(rows, "\n", &save); line && !rc;
         line = strtok_r(NULL, "\n", &save), lineno++)
        rc = read_row(o, c, line, lineno, path, &last_gen);
    if (!rc && (c->post_n == 0 || !(c->post_cum[c->post_n - 1] > 0)))
        rc = bad(o, path, lineno, "no particles with weight");
    return rc;
}

int ct_cohort_read_posterior(ct_jobj *o, ct_cohort *c, const char *name)
{
    char *path = ct_sweep_resolve_path(o->file, name);
    size_t len = 0;
    int rc = path ? ct_io_read_file_max(path, CT_IO_MAX_CSV_BYTES, "posterior file",
                                        &c->post_text, &len, o->err)
                  : ct_error_set(o->err, CT_ENOMEM, "out of memory");
    long n_lines = 0;
    for (size_t i = 0; !rc && i < len; i++)
        n_lines += c->post_text[i] == '\n';
    char *nl = rc ? NULL : strchr(c->post_text, '\n');
    if (!rc && (!nl || n_lines > MAX_POSTERIOR_ROWS))
        rc = bad(o, path, 1, "expected a header line and at most 10^7 rows");
    if (!rc) {
        *nl = '\0';
        if (!(rc = read_header(o, c, c->post_text, path)))
            rc = read_rows(o, c, nl + 1, n_lines, path);
    }
    ct_free(path);
    return rc;
}

double ct_cohort_posterior_value(const ct_cohort *c, long patient, int k)
{
    ct_rng r = ct_rng_stream(ct_rng_step_key(c->runs->seed, 1), (uint64_t)patient,
                             CT_RNG_USER + 2);
    double u = ct_rng_uniform(&r) * c->post_cum[c->post_n - 1];
    long lo = 0, hi = c->post_n - 1; /* the first particle whose cumulative weight exceeds u */
    while (lo < hi) {
        long mid = (lo + hi) / 2;
        *(c->post_cum[mid] > u ? &hi : &lo) = c->post_cum[mid] > u ? mid : mid + 1;
    }
    return c->post_theta[lo * c->n_patient_params + k];
}
