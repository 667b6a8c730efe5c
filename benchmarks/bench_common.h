/* Shared helpers of the benchmarks: timing with medians, scenario set-up, CSV result rows. */
#ifndef CT_BENCH_COMMON_H
#define CT_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ct_scenario.h"
#include "ct_sim.h"

/* Median of n doubles (sorts them); 0 when there are none. */
double bench_median(double *v, int n);
/* Parses JSON text into a scenario; exits with the message on error (benchmarks only). */
ct_scenario *bench_scenario(const char *json);
/* Creates a simulation; exits with the message on error. */
ct_sim *bench_sim(const ct_scenario *sc);
/* Order-independent digest of the live state (id, site, type, state). */
uint64_t bench_digest(const ct_sim *sim);
/* Peak resident set size of this process, bytes. */
double bench_peak_rss(void);
/* A kernel's 1 -> 2 thread scaling, round by round, paired with the machine's own: the 2-thread /
   1-thread throughput of pure arithmetic (PCG stream draws in blocks shared out dynamically, no
   memory traffic), measured briefly just before and just after each round. On this shared VM the
   two vCPUs at times run at different speeds (one 1.5x the other), and a lone thread runs on
   either: the machine then "scales" 1.3 or 2.4. Only rounds in which both readings were within
   BENCH_MACHINE_BAND of 2 saw a two-core machine, and they are the ones that say what the code
   does; every round also gives the fraction of the machine's scaling that the kernel reached. */
#define BENCH_MAX_ROUNDS 64
#define BENCH_MACHINE_BAND 0.1
#define BENCH_MIN_TWO_CORE 3 /* fewer two-core rounds than this are too few to judge by */
typedef struct bench_scaling {
    double kernel[BENCH_MAX_ROUNDS];
    double machine[2][BENCH_MAX_ROUNDS]; /* before and after each round */
    int n;
} bench_scaling;
void bench_scaling_begin_round(bench_scaling *s);
void bench_scaling_end_round(bench_scaling *s, double kernel_ratio);
/* Median kernel scaling of all rounds, and of the two-core rounds (0 when none); *n_two_core
   counts those. */
double bench_scaling_all(const bench_scaling *s);
double bench_scaling_two_core(const bench_scaling *s, int *n_two_core);
/* Median over the rounds of the machine's scaling (the mean of its two readings), and of the
   kernel's scaling divided by it. */
double bench_scaling_machine(const bench_scaling *s);
double bench_scaling_efficiency(const bench_scaling *s);
/* Prints the figures above, indented, naming the kernel. */
void bench_scaling_print(const bench_scaling *s, const char *kernel);

/* Appends "date,name,value,unit,note" to benchmarks/results/FILE (header when new). */
void bench_record(const char *file, const char *name, double value, const char *unit,
                  const char *note);

#endif
