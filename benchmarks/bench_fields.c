/* Benchmark 2: three diffusing fields, site-updates per second of the explicit solver (one
 * sub-step per step) on 1 and 2 threads, next to a plain 5-point reference stencil compiled in
 * this binary (1 thread); and the cost of one spectral step (what "auto" picks for fast
 * molecules) in explicit sub-steps. Prints a table and appends a row to
 * benchmarks/results/fields.csv (or the path in argv[1]).
 * Usage: build/bench/bench_fields [CSV] [SIZE] [BOUNDARY]
 *   SIZE: N (an N x N grid, default 2048) or WxH; BOUNDARY: the spectral field's boundary,
 *   no_flux (default), fixed or periodic (named in the grid column when not no_flux). */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "ct_alloc.h"
#include "ct_field_solver.h"
#include "ct_sim.h"
#include "ct_sim_create.h"

#define ROUNDS 7
#define STEPS 10
#define FIELDS 3

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

/* Seconds for STEPS reference steps of FIELDS fields on the grids a[f] and b[f] (swapped as it
   goes). */
static double reference_time(float **a, float **b, int w, int h)
{
    double t0 = omp_get_wtime();
    for (int s = 0; s < STEPS; s++)
        for (int f = 0; f < FIELDS; f++) {
            reference_step(a[f], b[f], w, h, 0.2f);
            float *tmp = a[f];
            a[f] = b[f];
            b[f] = tmp;
        }
    return omp_get_wtime() - t0;
}

/* A simulation of a w x h grid holding n fields with this solver, diffusion and boundary. */
static ct_sim *field_sim(int w, int h, int n, const char *solver, double diffusion,
                         const char *boundary, ct_scenario **sc)
{
    char json[2048], fields[1536] = "";
    int radius = (w < h ? w : h) * 2; /* um: a fifth of the shorter side */
    for (int f = 0; f < n; f++)
        snprintf(fields + strlen(fields), sizeof fields - strlen(fields),
                 "%s\"c%d\":{\"diffusion\":%g,\"solver\":\"%s\",\"boundary\":\"%s\","
                 "\"initial_region\":{\"shape\":\"disc\",\"centre\":[%d,%d],\"radius\":%d,"
                 "\"value\":%d}}",
                 f ? "," : "", f, diffusion, solver, boundary, 5 * w, 5 * h, radius, f + 1);
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[%d,%d],\"dx\":10},\"dt\":1,\"steps\":0,"
             "\"cell_types\":{\"a\":{}},\"fields\":{%s}}",
             w, h, fields);
    *sc = bench_scenario(json);
    return bench_sim(*sc);
}

/* Seconds for `steps` solver steps. */
static double solver_time(ct_sim *sim, int steps)
{
    double t0 = omp_get_wtime();
    for (int s = 0; s < steps; s++)
        ct_field_solver_step(&sim->fields);
    return omp_get_wtime() - t0;
}

int main(int argc, char **argv)
{
    const char *csv = argc > 1 ? argv[1] : "benchmarks/results/fields.csv";
    int w = 2048, h = 0;
    if (argc > 2 && sscanf(argv[2], "%dx%d", &w, &h) < 1)
        w = 0;
    h = h > 0 ? h : w;
    if (w <= 0) {
        fprintf(stderr, "bench_fields: SIZE is N or WxH, not \"%s\"\n", argv[2]);
        return 1;
    }
    const char *boundary = argc > 3 ? argv[3] : "no_flux";
    int threads = omp_get_max_threads();
    size_t sites = (size_t)w * h;
    float *a[FIELDS], *b[FIELDS];
    for (int f = 0; f < FIELDS; f++) {
        a[f] = ct_aligned_alloc(sites * sizeof *a[f]);
        b[f] = ct_aligned_alloc(sites * sizeof *b[f]);
        for (size_t s = 0; s < sites; s++)
            a[f][s] = (float)((s + (size_t)f) % 97);
    }
    ct_scenario *sc_e, *sc_i;
    /* explicit: 4 D dt / dx^2 = 1, one sub-step per step; spectral: oxygen-like */
    ct_sim *explicit_sim = field_sim(w, h, FIELDS, "explicit", 25.0, "no_flux", &sc_e);
    ct_sim *spectral_sim = field_sim(w, h, 1, "spectral", 1e5, boundary, &sc_i);
    /* the reference (1 thread) and the solver (1 thread, then all) run in turn, so that a change
       in the machine's load hits them alike; ratios are medians of the rounds' ratios */
    double updates = (double)sites * FIELDS * STEPS;
    double r[ROUNDS], e1[ROUNDS], e[ROUNDS], q[ROUNDS], im[ROUNDS];
    bench_scaling scaling = {0};
    for (int k = 0; k < ROUNDS; k++) {
        omp_set_num_threads(1);
        r[k] = updates / reference_time(a, b, w, h);
        bench_scaling_begin_round(&scaling);
        e1[k] = updates / solver_time(explicit_sim, STEPS);
        omp_set_num_threads(threads);
        e[k] = updates / solver_time(explicit_sim, STEPS);
        bench_scaling_end_round(&scaling, e[k] / e1[k]);
        im[k] = (double)sites * STEPS / solver_time(spectral_sim, STEPS);
        q[k] = e[k] / r[k];
    }
    double ref = bench_median(r, ROUNDS), expl = bench_median(e, ROUNDS);
    double impl = bench_median(im, ROUNDS), ratio = bench_median(q, ROUNDS);
    double one = bench_median(e1, ROUNDS);
    int n_two_core;
    double two_core = bench_scaling_two_core(&scaling, &n_two_core);
    ct_sim_free(explicit_sim);
    ct_sim_free(spectral_sim);
    ct_scenario_free(sc_e);
    ct_scenario_free(sc_i);
    for (int f = 0; f < FIELDS; f++) {
        ct_free(a[f]);
        ct_free(b[f]);
    }
    char grid[96];
    snprintf(grid, sizeof grid, strcmp(boundary, "no_flux") ? "%dx%d/%s" : "%dx%d", w, h, boundary);
    printf("benchmark 2: %d fields on a %s grid, medians of %d rounds of %d steps\n", FIELDS,
           grid, ROUNDS, STEPS);
    printf("  reference 5-point stencil (1 thread):  %.3e site-updates/s\n", ref);
    printf("  explicit solver, 1 thread:             %.3e site-updates/s\n", one);
    printf("  explicit solver, %d threads:            %.3e site-updates/s (%.2fx reference)\n",
           threads, expl, ratio);
    bench_scaling_print(&scaling, "benchmark 2");
    printf("  spectral solver (D = 1e5 um^2/min):    %.3e site-steps/s; one step replaces %.0f "
           "explicit sub-steps at %.1fx their cost\n",
           impl, 4.0 * 1e5 / 100.0, expl / FIELDS / impl);
    FILE *fp = fopen(csv, "a");
    if (!fp) {
        perror(csv);
        return 1;
    }
    if (ftell(fp) == 0)
        fputs("date,host,threads,grid,reference_sups,explicit_sups,explicit_over_reference,"
              "implicit_site_steps_per_s,implicit_cost_in_explicit_substeps,fields,"
              "explicit_scaling,machine_scaling,explicit_scaling_two_core,rounds_two_core,"
              "explicit_fraction_of_machine\n",
              fp);
    char host[64] = "unknown", date[32];
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(fp, "%s,%s,%d,%s,%.4e,%.4e,%.3f,%.4e,%.1f,%d,%.3f,%.3f,%.3f,%d,%.3f\n", date, host,
            threads, grid, ref, expl, ratio, impl, expl / FIELDS / impl, FIELDS,
            bench_scaling_all(&scaling), bench_scaling_machine(&scaling), two_core, n_two_core,
            bench_scaling_efficiency(&scaling));
    fclose(fp);
    return 0;
}
