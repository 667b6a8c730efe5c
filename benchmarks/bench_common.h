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
/* Appends "date,name,value,unit,note" to benchmarks/results/FILE (header when new). */
void bench_record(const char *file, const char *name, double value, const char *unit,
                  const char *note);

#endif
