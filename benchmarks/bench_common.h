/* Shared helpers of the benchmarks: timing with medians, scenario set-up, CSV result rows. */
#ifndef CT_BENCH_COMMON_H
#define CT_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ct_scenario.h"
#include "ct_sim.h"

/* Median of n doubles (sorts them). */
double bench_median(double *v, int n);
/* Parses JSON text into a scenario; exits with the message on error (benchmarks only). */
ct_scenario *bench_scenario(const char *json);
/* Creates a simulation; exits with the message on error. */
ct_sim *bench_sim(const ct_scenario *sc);
/* Order-independent digest of the live state (id, site, type, state). */
uint64_t bench_digest(const ct_sim *sim);
/* Peak resident set size of this process, bytes. */
double bench_peak_rss(void);
/* What the machine itself gives a second thread right now: the median over rounds of the 2-thread
   / 1-thread throughput of pure arithmetic (PCG stream draws, no memory traffic). On a shared VM
   a lone thread may run at a higher clock, or the second vCPU may be busy elsewhere; a kernel's
   own scaling reads in the light of this one. */
double bench_control_scaling(void);
/* Appends "date,name,value,unit,note" to benchmarks/results/FILE (header when new). */
void bench_record(const char *file, const char *name, double value, const char *unit,
                  const char *note);

#endif
