/* Benchmark: intracellular SBML models, ODE cells per second (cells advanced by one simulation
 * step of 0.1 min, 10 RK4 steps of 0.01 min each) for 1M cells running the 5-species Goldbeter
 * 1991 model (tests/data/sbml/goldbeter1991.xml), on 1 and 2 threads, next to a reference kernel
 * compiled in this binary: the same model's equations written by hand in C over the same
 * structure-of-arrays columns, RK4, 1 thread. The ratio says what the generic bytecode (evaluated
 * over batches of cells in lanes) costs. Beside them, the engine's "method": "cvode" (SUNDIALS
 * CVODE, BDF, dense Newton, rtol 1e-6, atol 1e-12, re-initialised for every cell and step) on
 * 100k cells of the same model, 1 and 2 threads: the price of the stiff solver; and on a stiff
 * model (Robertson), RK4 at its largest stable step against CVODE (docs/performance.md).
 * Appends a row to benchmarks/results/sbml.csv (or the file named by argv[1] there).
 * Usage: build/bench/bench_sbml [CSV] [CELLS] */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "ct_intracellular.h"
#include "ct_sim_create.h"

#define ROUNDS 5

enum { C_, M_, X_, MI, XI, NS }; /* C, M, X, M_ = 1 - M, X_ = 1 - X: the SBML file's species */

/* The Goldbeter (1991) rates as the SBML file states them, one compartment of size 1. */
static void reference_rates(const double *y, double *d)
{
    double r1 = 0.025, r2 = y[C_] * 0.01, r3 = y[C_] * 0.25 * y[X_] / (y[C_] + 0.02);
    double r4 = y[MI] * (y[C_] * 3.0 / (y[C_] + 0.5)) / (0.005 + y[MI]);
    double r5 = y[M_] * 1.5 / (0.005 + y[M_]), r6 = y[XI] * y[M_] * 1.0 / (0.005 + y[XI]);
    double r7 = y[X_] * 0.5 / (0.005 + y[X_]);
    d[C_] = r1 - r2 - r3;
    d[M_] = r4 - r5;
    d[MI] = r5 - r4;
    d[X_] = r6 - r7;
    d[XI] = r7 - r6;
}

static void reference_cell(double *y, double h, int steps)
{
    double k1[NS], k2[NS], k3[NS], k4[NS], t[NS];
    for (int s = 0; s < steps; s++) {
        reference_rates(y, k1);
        for (int k = 0; k < NS; k++) t[k] = y[k] + 0.5 * h * k1[k];
        reference_rates(t, k2);
        for (int k = 0; k < NS; k++) t[k] = y[k] + 0.5 * h * k2[k];
        reference_rates(t, k3);
        for (int k = 0; k < NS; k++) t[k] = y[k] + h * k3[k];
        reference_rates(t, k4);
        for (int k = 0; k < NS; k++) y[k] += h / 6 * (k1[k] + 2 * k2[k] + 2 * k3[k] + k4[k]);
    }
}

/* One step of the reference over the store's species columns (1 thread). */
static double reference_time(ct_sim *sim, const int col[NS])
{
    double t0 = omp_get_wtime();
    for (size_t i = 0; i < sim->ag.n; i++) {
        double y[NS];
        for (int k = 0; k < NS; k++) y[k] = sim->ag.attr[col[k]][i];
        reference_cell(y, 0.01, 10);
        for (int k = 0; k < NS; k++) sim->ag.attr[col[k]][i] = y[k];
    }
    return omp_get_wtime() - t0;
}

/* One step of the engine's integration over fixed chunks, as the registered behaviour runs it. */
static double engine_time(ct_sim *sim, int threads)
{
    omp_set_num_threads(threads);
    double t0 = omp_get_wtime();
    if (ct_intracellular_advance_all(sim)) {
        fprintf(stderr, "bench_sbml: %s\n", sim->err.msg);
        exit(1);
    }
    return omp_get_wtime() - t0;
}

/* A square lattice with `cells` cells of one type running tests/data/sbml/MODEL with the given
   intracellular keys, steps of dt minutes. */
static ct_sim *model_sim(long cells, const char *model, double dt, const char *keys,
                         ct_scenario **sc)
{
    int side = 1;
    while ((long)side * side < cells) side++;
    char json[1024];
    snprintf(json, sizeof json,
             "{\"domain\":{\"size\":[%d,%d],\"dx\":10},\"dt\":%g,\"steps\":1,\"seed\":1,"
             "\"cell_types\":{\"c\":{\"intracellular\":{\"sbml\":\"tests/data/sbml/%s\"%s}}},"
             "\"initial\":[{\"shape\":\"rect\",\"type\":\"c\",\"min\":[0,0],\"max\":[%d,%d],"
             "\"count\":%ld}]}",
             side, side, dt, model, keys, side * 10, side * 10, cells);
    *sc = bench_scenario(json);
    return bench_sim(*sc);
}

/* Robertson's stiff kinetics (tests/data/sbml/robertson.xml), 10k cells, steps of 1 min, 1 thread:
   RK4 at its largest stable step tried (5e-4 min; 1e-3 diverges) against CVODE at its defaults,
   medians of ROUNDS (cell-minutes per second). */
static void stiff_rates(double *rk4, double *cvode)
{
    ct_scenario *rk_sc, *cv_sc;
    ct_sim *rk = model_sim(10000, "robertson.xml", 1.0, ",\"dt\":5e-4", &rk_sc);
    ct_sim *cv = model_sim(10000, "robertson.xml", 1.0, ",\"method\":\"cvode\"", &cv_sc);
    double a[ROUNDS], b[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        a[r] = (double)rk->ag.n / engine_time(rk, 1);
        b[r] = (double)cv->ag.n / engine_time(cv, 1);
    }
    *rk4 = bench_median(a, ROUNDS);
    *cvode = bench_median(b, ROUNDS);
    ct_sim_free(rk);
    ct_sim_free(cv);
    ct_scenario_free(rk_sc);
    ct_scenario_free(cv_sc);
}

int main(int argc, char **argv)
{
    const char *csv = argc > 1 ? argv[1] : "sbml.csv";
    long cells = argc > 2 ? atol(argv[2]) : 1000000;
    ct_scenario *sc, *cv_sc;
    ct_sim *sim = model_sim(cells, "goldbeter1991.xml", 0.1, ",\"dt\":0.01", &sc);
    ct_sim *cv_sim = model_sim(cells < 100000 ? cells : 100000, "goldbeter1991.xml", 0.1,
                               ",\"method\":\"cvode\"", &cv_sc);
    int col[NS];
    const char *names[NS] = {"sbml.C", "sbml.M", "sbml.X", "sbml.M_", "sbml.X_"};
    for (int k = 0; k < NS; k++) col[k] = ct_agents_attribute_index(&sim->ag, names[k]);
    int max_threads = omp_get_max_threads() < 2 ? 1 : 2;
    double ref[ROUNDS], one[ROUNDS], two[ROUNDS], cv1[ROUNDS], cv2[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        cv1[r] = (double)cv_sim->ag.n / engine_time(cv_sim, 1);
        cv2[r] = (double)cv_sim->ag.n / engine_time(cv_sim, max_threads);
        ref[r] = (double)sim->ag.n / reference_time(sim, col);
        one[r] = (double)sim->ag.n / engine_time(sim, 1);
        two[r] = (double)sim->ag.n / engine_time(sim, max_threads);
    }
    double r1 = bench_median(ref, ROUNDS), e1 = bench_median(one, ROUNDS),
           e2 = bench_median(two, ROUNDS), c1 = bench_median(cv1, ROUNDS),
           c2 = bench_median(cv2, ROUNDS);
    printf("benchmark sbml: %zu cells, Goldbeter 1991 (5 species, 7 reactions), one step = 10 RK4 "
           "steps; medians of %d rounds\n", sim->ag.n, ROUNDS);
    printf("  reference hand-written C (1 thread): %.3e cells/s\n", r1);
    printf("  engine RK4 in lanes, 1 thread:       %.3e cells/s (%.2fx reference)\n", e1, e1 / r1);
    printf("  engine RK4 in lanes, %d threads:      %.3e cells/s (%.2fx reference, %.2fx 1 "
           "thread)\n", max_threads, e2, e2 / r1, e2 / e1);
    printf("  engine CVODE, %zu cells, 1 thread:  %.3e cells/s (%.2fx reference)\n", cv_sim->ag.n,
           c1, c1 / r1);
    printf("  engine CVODE, %d threads:             %.3e cells/s (%.2fx 1 thread)\n", max_threads,
           c2, c2 / c1);
    double stiff_rk4, stiff_cvode;
    stiff_rates(&stiff_rk4, &stiff_cvode);
    printf("  stiff: Robertson, 10k cells, 1-min steps, 1 thread: RK4 h = 5e-4 %.3e, CVODE %.3e "
           "cells/s\n", stiff_rk4, stiff_cvode);
    char note[200];
    snprintf(note, sizeof note,
             "%zu cells; ref %.3e; 1 thread %.3e; cvode %.3e, %d threads %.3e; %d threads",
             sim->ag.n, r1, e1, c1, max_threads, c2, max_threads);
    bench_record(csv, "sbml_cells_per_s_2_threads", e2, "cells/s", note);
    ct_sim_free(cv_sim);
    ct_scenario_free(cv_sc);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return 0;
}
