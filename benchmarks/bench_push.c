/* The cost of pushing (core/behaviour/ct_push.c) on a dense tumour: a filled disc of about 300k
 * cells on 700^2 sites, every cell dividing at 0.01/min (dt 1 min: about 3000 division attempts a
 * step, nearly all of them deep inside with no free neighbour), with push radius 8 against the same
 * tumour without pushing. Pushes are resolved serially, so the figures are given for 1 and 2
 * threads; rounds alternate the two scenarios so that the machine's load hits both alike. */
#include <omp.h>
#include <stdio.h>

#include "bench_common.h"
#include "ct_sim_create.h"
#include "ct_step.h"

#define ROUNDS 5
#define STEPS 10

static const char *tumour_json =
    "{\"domain\":{\"size\":[700,700],\"dx\":10,\"boundary\":\"closed\",\"neighbourhood\":"
    "\"moore\"},\"dt\":1,\"steps\":0,\"seed\":1,\"cell_types\":{\"t\":{\"proliferation\":{\"rate\":"
    "0.01%s}}},\"initial\":[{\"shape\":\"disc\",\"type\":\"t\",\"centre\":[3500,3500],\"radius\":"
    "3100,\"fill\":true}]}";

/* Seconds per step over STEPS steps of a fresh tumour of *cells cells; births per step into
   *births. */
static double seconds_per_step(const ct_scenario *sc, int threads, size_t *cells, double *births)
{
    omp_set_num_threads(threads);
    ct_sim *sim = bench_sim(sc);
    size_t n0 = *cells = ct_sim_live_cells(sim);
    double t0 = omp_get_wtime();
    for (int k = 0; k < STEPS; k++)
        if (ct_sim_step(sim)) {
            fprintf(stderr, "bench_push: %s\n", sim->err.msg);
            return -1;
        }
    double s = (omp_get_wtime() - t0) / STEPS;
    *births = (double)(ct_sim_live_cells(sim) - n0) / STEPS;
    ct_sim_free(sim);
    return s;
}

int main(void)
{
    char json[2][1024];
    snprintf(json[0], sizeof json[0], tumour_json, "");
    snprintf(json[1], sizeof json[1], tumour_json, ",\"push\":{\"radius\":8}");
    ct_scenario *sc[2] = {bench_scenario(json[0]), bench_scenario(json[1])};
    for (int threads = 1; threads <= 2; threads++) {
        double t[2][ROUNDS], ratio[ROUNDS], births[2] = {0, 0};
        size_t cells = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (int p = 0; p < 2; p++)
                if ((t[p][r] = seconds_per_step(sc[p], threads, &cells, &births[p])) < 0)
                    return 1;
            ratio[r] = t[1][r] / t[0][r];
        }
        double plain = bench_median(t[0], ROUNDS), push = bench_median(t[1], ROUNDS);
        double cost = bench_median(ratio, ROUNDS);
        printf("pushing, dense tumour of %zu cells, %d thread%s: %.2f ms per step without pushing "
               "(%.0f births), %.2f ms with push radius 8 (%.0f births): %.2fx\n",
               cells, threads, threads > 1 ? "s" : "",
               plain * 1e3, births[0], push * 1e3, births[1], cost);
        char name[64];
        snprintf(name, sizeof name, "push_step_ratio_%dt", threads);
        bench_record("push.csv", name, cost, "x", "radius 8 / no push, dense tumour");
        snprintf(name, sizeof name, "push_step_ms_%dt", threads);
        bench_record("push.csv", name, push * 1e3, "ms", "radius 8, dense tumour");
    }
    ct_scenario_free(sc[0]);
    ct_scenario_free(sc[1]);
    return 0;
}
