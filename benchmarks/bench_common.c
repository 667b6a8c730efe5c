/* Benchmark helpers. */
#include "bench_common.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "ct_rng.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

ct_scenario *bench_scenario(const char *json)
{
    ct_scenario *sc;
    ct_error err = {0};
    if (ct_scenario_parse(json, "benchmark", NULL, 0, &sc, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    return sc;
}

ct_sim *bench_sim(const ct_scenario *sc)
{
    ct_sim *sim;
    ct_error err = {0};
    if (ct_sim_create(sc, &sim, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    return sim;
}

uint64_t bench_digest(const ct_sim *sim)
{
    uint64_t h = 0;
    for (size_t i = 0; i < sim->ag.n; i++)
        if (sim->ag.type[i] != CT_DEAD_TYPE)
            h += ct_mix64(ct_mix64(sim->ag.id[i]) ^ ((uint64_t)sim->ag.site[i] << 16 |
                                                     (uint64_t)sim->ag.type[i] << 8 |
                                                     sim->ag.state[i]));
    return h;
}

double bench_peak_rss(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss * 1024.0;
}

void bench_record(const char *file, const char *name, double value, const char *unit,
                  const char *note)
{
    char path[512], when[32];
    snprintf(path, sizeof path, "benchmarks/results/%s", file);
    FILE *probe = fopen(path, "r");
    int is_new = probe == NULL;
    if (probe)
        fclose(probe);
    FILE *fp = fopen(path, "a");
    if (!fp) {
        fprintf(stderr, "bench: cannot append to %s (run from the repository root)\n", path);
        return;
    }
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    if (is_new)
        fputs("date,benchmark,value,unit,note\n", fp);
    fprintf(fp, "%s,%s,%.6g,%s,%s\n", when, name, value, unit, note);
    fclose(fp);
}

/* Seconds for `threads` threads to draw `per_thread` uniforms each from their own streams. */
static double control_seconds(int threads, long per_thread, double *sink)
{
    double t0 = omp_get_wtime(), total = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        uint64_t key = ct_rng_step_key(7, (uint64_t)omp_get_thread_num());
        for (long i = 0; i < per_thread; i++) {
            ct_rng r = ct_rng_stream(key, (uint64_t)i, CT_RNG_DECIDE);
            total += ct_rng_uniform(&r);
        }
    }
    *sink += total;
    return omp_get_wtime() - t0;
}

double bench_control_scaling(void)
{
    enum { ROUNDS = 7 };
    const long per_thread = 4000000;
    double ratio[ROUNDS], sink = 0.0;
    for (int k = 0; k < ROUNDS; k++) {
        double one = control_seconds(1, per_thread, &sink);
        double two = control_seconds(2, per_thread, &sink);
        ratio[k] = 2.0 * one / two; /* twice the work in the 2-thread time */
    }
    if (sink < 0.0) /* never: keeps the draws from being optimised away */
        printf("%g\n", sink);
    return bench_median(ratio, ROUNDS);
}

