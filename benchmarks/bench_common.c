/* Benchmark helpers. */
#include "bench_common.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ct_rng.h"
#include "ct_scenario_load.h"
#include "ct_sim_create.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    if (n <= 0)
        return 0.0;
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

/* Seconds for `threads` threads to draw `per_thread` uniforms each, in blocks shared out as threads
   come free: on a VM whose vCPUs run at different speeds (seen here: 105 and 158 M draws/s), the
   faster takes more blocks, so this measures what the two give together. */
static double control_seconds(int threads, long per_thread, double *sink)
{
    enum { BLOCK = 16384 };
    long blocks = per_thread * threads / BLOCK;
    double t0 = omp_get_wtime(), total = 0.0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(+ : total)
    for (long b = 0; b < blocks; b++) {
        uint64_t key = ct_rng_step_key(7, (uint64_t)b);
        for (long i = 0; i < BLOCK; i++) {
            ct_rng r = ct_rng_stream(key, (uint64_t)i, CT_RNG_DECIDE);
            total += ct_rng_uniform(&r);
        }
    }
    *sink += total;
    return omp_get_wtime() - t0;
}

/* The 2-thread / 1-thread throughput ratio of the control, median of 3 tries: about 30 ms, short
   enough to bracket every round. */
static double control_scaling(void)
{
    enum { TRIES = 3, PER_THREAD = 1000000 };
    double ratio[TRIES], sink = 0.0;
    for (int k = 0; k < TRIES; k++) {
        double one = control_seconds(1, PER_THREAD, &sink);
        double two = control_seconds(2, PER_THREAD, &sink);
        ratio[k] = 2.0 * one / two; /* twice the work in the 2-thread time */
    }
    if (sink < 0.0) /* never: keeps the draws from being optimised away */
        printf("%g\n", sink);
    return bench_median(ratio, TRIES);
}

void bench_scaling_begin_round(bench_scaling *s)
{
    if (s->n < BENCH_MAX_ROUNDS)
        s->machine[0][s->n] = control_scaling();
}

void bench_scaling_end_round(bench_scaling *s, double kernel_ratio)
{
    if (s->n == BENCH_MAX_ROUNDS)
        return;
    s->machine[1][s->n] = control_scaling();
    s->kernel[s->n++] = kernel_ratio;
}

static double machine_mean(const bench_scaling *s, int k)
{
    return 0.5 * (s->machine[0][k] + s->machine[1][k]);
}

static int two_core_round(const bench_scaling *s, int k)
{
    return fabs(s->machine[0][k] - 2.0) <= BENCH_MACHINE_BAND &&
           fabs(s->machine[1][k] - 2.0) <= BENCH_MACHINE_BAND;
}

double bench_scaling_all(const bench_scaling *s)
{
    double v[BENCH_MAX_ROUNDS];
    memcpy(v, s->kernel, (size_t)s->n * sizeof *v);
    return bench_median(v, s->n);
}

double bench_scaling_two_core(const bench_scaling *s, int *n_two_core)
{
    double v[BENCH_MAX_ROUNDS];
    int n = 0;
    for (int k = 0; k < s->n; k++)
        if (two_core_round(s, k))
            v[n++] = s->kernel[k];
    *n_two_core = n;
    return bench_median(v, n);
}

double bench_scaling_machine(const bench_scaling *s)
{
    double v[BENCH_MAX_ROUNDS];
    for (int k = 0; k < s->n; k++)
        v[k] = machine_mean(s, k);
    return bench_median(v, s->n);
}

double bench_scaling_efficiency(const bench_scaling *s)
{
    double v[BENCH_MAX_ROUNDS];
    for (int k = 0; k < s->n; k++)
        v[k] = s->kernel[k] / machine_mean(s, k);
    return bench_median(v, s->n);
}

void bench_scaling_print(const bench_scaling *s, const char *kernel)
{
    int n_two_core;
    double two_core = bench_scaling_two_core(s, &n_two_core);
    printf("  %s, 2 threads / 1 thread: %.2f (median of %d rounds)\n", kernel, bench_scaling_all(s),
           s->n);
    printf("    the machine's own scaling of pure arithmetic around each round: median %.2f;\n"
           "    the kernel reached %.0f%% of it (median of the rounds' fractions)\n",
           bench_scaling_machine(s), 100.0 * bench_scaling_efficiency(s));
    if (n_two_core >= BENCH_MIN_TWO_CORE)
        printf("    in the %d rounds where the machine scaled 2 +- %.1f: %.2f\n", n_two_core,
               BENCH_MACHINE_BAND, two_core);
    else
        printf("    the machine scaled 2 +- %.1f in %d round(s), too few to judge by: its vCPUs "
               "ran at different speeds; run again\n",
               BENCH_MACHINE_BAND, n_two_core);
}
