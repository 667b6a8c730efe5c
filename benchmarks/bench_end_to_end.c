/* Whole steps of whole scenarios: benchmark 3 (the demo scenario end to end), benchmark 6 (4M
 * cells on 256^3 with one field) and the end-to-end goal of issue 8 (1M cells at half occupancy,
 * dx 20 um, motility about 1 um/min, one molecule D = 1e5 um^2/min, decay 0.1/min, secreted and
 * taken up by every cell). Each engine figure is printed next to the naive serial lattice walk
 * (cells only) timed in the same rounds. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "ct_alloc.h"
#include "ct_field_solver.h"
#include "ct_io.h"
#include "ct_sim_create.h"
#include "ct_step.h"

/* Median wall time of one step over `rounds` steps (after one warm-up step). */
static double step_seconds(ct_sim *sim, int rounds)
{
    double t[64];
    if (ct_sim_step(sim)) {
        fprintf(stderr, "bench: %s\n", sim->err.msg);
        exit(1);
    }
    for (int k = 0; k < rounds; k++) {
        double t0 = omp_get_wtime();
        if (ct_sim_step(sim)) {
            fprintf(stderr, "bench: %s\n", sim->err.msg);
            exit(1);
        }
        t[k] = omp_get_wtime() - t0;
    }
    return bench_median(t, rounds);
}

static ct_sim *load(const char *path, ct_scenario **sc)
{
    char *text;
    ct_error err = {0};
    if (ct_io_read_file(path, &text, NULL, &err)) {
        fprintf(stderr, "bench: %s (run from the repository root)\n", err.msg);
        exit(1);
    }
    *sc = bench_scenario(text);
    ct_free(text);
    return bench_sim(*sc);
}

/* Benchmark 3: the demo scenario, every step from 0, 2 threads. */
static void bench_demo(void)
{
    omp_set_num_threads(2);
    ct_scenario *sc;
    ct_sim *sim = load("scenarios/demo_tumour.json", &sc);
    double cell_steps = 0, t0 = omp_get_wtime();
    for (long long k = 0; k < sc->steps; k++) {
        cell_steps += (double)ct_sim_live_cells(sim);
        if (ct_sim_step(sim))
            exit(1);
    }
    double wall = omp_get_wtime() - t0;
    printf("benchmark 3: demo_tumour.json end to end, %lld steps, 2 threads: %.3f s, %.0f steps/s, "
           "%.1f M cell-steps/s (%.0f cells at the end)\n",
           sc->steps, wall, (double)sc->steps / wall, cell_steps / wall / 1e6,
           (double)ct_sim_live_cells(sim));
    bench_record("end_to_end.csv", "demo_steps_per_s", (double)sc->steps / wall, "steps/s", "");
    bench_record("end_to_end.csv", "demo_cell_steps_per_s", cell_steps / wall, "cell-steps/s", "");
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

static const char *field_json =
    "{\"domain\":{\"size\":%s,\"dx\":%g,\"neighbourhood\":\"moore\",\"boundary\":\"periodic\"},"
    "\"dt\":1,\"steps\":0,\"seed\":1,\"fields\":{\"m\":{\"diffusion\":%g,\"decay\":%g,"
    "\"boundary\":\"periodic\",\"solver\":\"%s\"}},\"cell_types\":{\"a\":{\"motility\":{\"rate\":%g},"
    "\"secretion\":{\"m\":1},\"uptake\":{\"m\":0.01}}},\"initial\":[{\"shape\":\"rect\",\"type\":"
    "\"a\",\"min\":%s,\"max\":%s,\"count\":%ld}]}";

/* Builds, steps and reports one cells-plus-field case on 2 threads. */
static void bench_field_case(const char *name, const char *size, const char *min, const char *max,
                             double dx, long cells, double sites, double diffusion, double decay,
                             const char *solver)
{
    char json[2048];
    double hop = 1.0 / dx; /* hops per minute for a speed of about 1 um/min */
    snprintf(json, sizeof json, field_json, size, dx, diffusion, decay, solver, hop, min, max,
             cells);
    omp_set_num_threads(2);
    ct_scenario *sc = bench_scenario(json);
    ct_sim *sim = bench_sim(sc);
    double s = step_seconds(sim, 5);
    int sub = ct_field_solver_substeps(&sim->fields, 0);
    printf("%s: %.0f cells, %.0f sites, D %g um^2/min, %s solver (%d sub-steps per minute),\n"
           "  2 threads: %.3f s per simulated minute (dt 1 min), %.1f M cell-updates/s, "
           "%.1f M field site-updates/s\n",
           name, (double)cells, sites, diffusion, solver, sub, s, cells / s / 1e6,
           sites * (sub > 0 ? sub : 1) / s / 1e6);
    bench_record("end_to_end.csv", name, s, "s per simulated minute", solver);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "all";
    int all = !strcmp(which, "all");
    if (all || !strcmp(which, "demo"))
        bench_demo();
    if (all || !strcmp(which, "3d"))
        bench_field_case("benchmark 6 (3D)", "[256,256,256]", "[0,0,0]", "[2560,2560,2560]", 10,
                         4000000, 256.0 * 256 * 256, 100, 0.01, "explicit");
    /* 1600 x 1250 = 2,000,000 sites exactly (half occupancy with 1M cells). It was 1414^2, but
       1414 = 2 7 101 sends both axes of the implicit solver's FFTs through Bluestein; 1600 =
       4^3 5^2 and 1250 = 2 5^4 are its fast sizes, as a user would choose (docs/fields.md). */
    if (all || !strcmp(which, "goal")) {
        bench_field_case("end-to-end goal, explicit", "[1600,1250]", "[0,0]", "[32000,25000]", 20,
                         1000000, 1600.0 * 1250, 1e5, 0.1, "explicit");
        bench_field_case("end-to-end goal, implicit", "[1600,1250]", "[0,0]", "[32000,25000]", 20,
                         1000000, 1600.0 * 1250, 1e5, 0.1, "implicit");
        bench_field_case("end-to-end goal, spectral", "[1600,1250]", "[0,0]", "[32000,25000]", 20,
                         1000000, 1600.0 * 1250, 1e5, 0.1, "spectral");
    }
    return 0;
}
