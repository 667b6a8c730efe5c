/* Field solver throughput: site-updates per second of the explicit solver (one sub-step per step)
 * and of the implicit solver, next to a plain 5-point reference stencil compiled in this binary.
 * Prints a table and appends a row to benchmarks/results/fields.csv (or the path in argv[1]).
 * Usage: build/bench/bench_fields [CSV] [SIZE]   (SIZE: grid edge, default 1024) */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_field_solver.h"
#include "ct_sim.h"

#define REPEATS 7
#define STEPS 10

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The reference: the textbook loop, one thread, no-flux edges by clamping the neighbour index. */
static void reference_step(const float *c, float *out, int w, int h, float r)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int xm = x > 0 ? x - 1 : x, xp = x < w - 1 ? x + 1 : x;
            int ym = y > 0 ? y - 1 : y, yp = y < h - 1 ? y + 1 : y;
            float v = c[y * w + x];
            out[y * w + x] = v + r * (c[y * w + xm] + c[y * w + xp] + c[ym * w + x] +
                                      c[yp * w + x] - 4.0f * v);
        }
}

static double reference_rate(int n)
{
    size_t sites = (size_t)n * n;
    float *a = ct_aligned_alloc(sites * sizeof *a), *b = ct_aligned_alloc(sites * sizeof *b);
    double t[REPEATS];
    for (size_t s = 0; s < sites; s++)
        a[s] = (float)(s % 97);
    for (int k = 0; k < REPEATS; k++) {
        double t0 = omp_get_wtime();
        for (int s = 0; s < STEPS; s++) {
            reference_step(a, b, n, n, 0.2f);
            float *tmp = a;
            a = b;
            b = tmp;
        }
        t[k] = omp_get_wtime() - t0;
    }
    ct_free(a);
    ct_free(b);
    qsort(t, REPEATS, sizeof *t, compare_double);
    return (double)sites * STEPS / t[REPEATS / 2];
}

/* Median site-updates per second of the solver on an n x n grid with one field of this kind. */
static double solver_rate(int n, const char *solver, double diffusion)
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[%d,%d],\"dx\":10},\"dt\":1,\"steps\":0,"
             "\"cell_types\":{\"a\":{}},\"fields\":{\"c\":{\"diffusion\":%g,\"solver\":\"%s\","
             "\"initial_region\":{\"shape\":\"disc\",\"centre\":[%d,%d],\"radius\":%d,"
             "\"value\":1}}}}",
             n, n, diffusion, solver, 5 * n, 5 * n, 2 * n);
    ct_scenario *sc;
    ct_sim *sim;
    ct_error err;
    if (ct_scenario_parse(json, "bench.json", NULL, 0, &sc, &err) ||
        ct_sim_create(sc, &sim, &err)) {
        fprintf(stderr, "bench_fields: %s\n", err.msg);
        exit(1);
    }
    double t[REPEATS];
    int sub = ct_field_solver_substeps(&sim->fields, 0);
    for (int k = 0; k < REPEATS; k++) {
        double t0 = omp_get_wtime();
        for (int s = 0; s < STEPS; s++)
            ct_field_solver_step(&sim->fields);
        t[k] = omp_get_wtime() - t0;
    }
    ct_sim_free(sim);
    ct_scenario_free(sc);
    qsort(t, REPEATS, sizeof *t, compare_double);
    return (double)n * n * STEPS * sub / t[REPEATS / 2];
}

int main(int argc, char **argv)
{
    const char *csv = argc > 1 ? argv[1] : "benchmarks/results/fields.csv";
    int n = argc > 2 ? atoi(argv[2]) : 1024;
    int threads = omp_get_max_threads();
    double ref = reference_rate(n);
    double expl = solver_rate(n, "explicit", 25.0); /* D dt 4 / dx^2 = 1: one sub-step */
    double impl = solver_rate(n, "implicit", 1e5);  /* oxygen-like; one solve per step */
    printf("field solver, %dx%d grid, %d threads, median of %d x %d steps\n", n, n, threads,
           REPEATS, STEPS);
    printf("  reference 5-point stencil (1 thread):  %.3e site-updates/s\n", ref);
    printf("  explicit solver:                       %.3e site-updates/s (%.2fx reference)\n",
           expl, expl / ref);
    printf("  implicit solver (D = 1e5 um^2/min):    %.3e site-steps/s; one step replaces %.0f "
           "explicit sub-steps at %.1fx their cost\n",
           impl, 4.0 * 1e5 / 100.0, expl / impl);
    FILE *fp = fopen(csv, "a");
    if (!fp) {
        perror(csv);
        return 1;
    }
    if (ftell(fp) == 0)
        fputs("date,host,threads,grid,reference_sups,explicit_sups,explicit_over_reference,"
              "implicit_site_steps_per_s,implicit_cost_in_explicit_substeps\n",
              fp);
    char host[64] = "unknown", date[32];
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(fp, "%s,%s,%d,%dx%d,%.4e,%.4e,%.3f,%.4e,%.1f\n", date, host, threads, n, n, ref, expl,
            expl / ref, impl, expl / impl);
    fclose(fp);
    return 0;
}
