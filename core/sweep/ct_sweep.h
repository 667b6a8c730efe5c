/* Parameter sweeps: the sweep file (docs/sweeps.md), its expansion into runs (parameter points x
 * replicates, each with a seed derived from the sweep seed), and the sweep.csv / summary.csv
 * reports. Running the runs is the CLI's business (a local process pool or MPI ranks).
 * Sweep layer: for the CLI and tests. */
#ifndef CT_SWEEP_H
#define CT_SWEEP_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_metrics.h"
#include "ct_scenario.h"

#define CT_SWEEP_MAX_PARAMS 32
#define CT_SWEEP_MAX_SETS 64
#define CT_SWEEP_MAX_METRICS 32
#define CT_SWEEP_MAX_COLUMNS (CT_SWEEP_MAX_METRICS * CT_METRIC_MAX_COLUMNS)
#define CT_SWEEP_MAX_REPLICATES 16777215L /* 2^24 - 1: (point, replicate) fits a 49-bit seed key */
#define CT_SWEEP_MAX_RUNS 1000000L /* results of all runs gather at MPI rank 0 in < 2 GiB */

enum ct_sweep_param_kind { CT_SWEEP_VALUES, CT_SWEEP_RANGE, CT_SWEEP_SAMPLE };
enum ct_sweep_sampling { CT_SAMPLE_UNIFORM, CT_SAMPLE_LATIN_HYPERCUBE };

/* One value of a parameter: its text as sweep.csv shows it, and whether --set must quote it. */
typedef struct ct_sweep_value {
    char *text;
    int is_string;
} ct_sweep_value;

#define CT_SWEEP_MAX_LABEL 80 /* bytes of a parameter's "label" */

typedef struct ct_sweep_param {
    const char *path; /* dotted scenario path, as for --set */
    const char *label; /* what figures call it ("death rate (1/min)"); NULL: the path */
    int kind;
    int n_values;     /* values and range: the grid values; sample: 0 */
    ct_sweep_value *values;
    double min, max;  /* sample: bounds */
    int log_scale;    /* range and sample: spaced or drawn on a log scale */
} ct_sweep_param;

typedef struct ct_sweep {
    char *file;             /* sweep file as given */
    cJSON *json;            /* the sweep file as resolved (defaults filled in) */
    char *scenario_path;    /* base scenario, resolved against the sweep file's directory */
    ct_scenario *base;      /* base scenario with "set" applied (for checks) */
    char *sets[CT_SWEEP_MAX_SETS]; /* "PATH=VALUE" overrides from "set" */
    int n_sets;
    uint64_t seed;
    long replicates;
    long long checkpoint_every; /* passed to every run; 0: none */
    long threads;               /* OpenMP threads per run */
    int n_params;
    ct_sweep_param params[CT_SWEEP_MAX_PARAMS];
    int sampling;               /* CT_SAMPLE_* when a parameter is sampled */
    long n_samples;             /* 1 when no parameter is sampled */
    long n_points;              /* grid points x samples */
    ct_sweep_value *point_values; /* n_points x n_params, row-major */
    int n_metrics;
    ct_metric metrics[CT_SWEEP_MAX_METRICS];
    int n_columns;              /* metric values per run */
    long seed_points;           /* 0: each point its own seeds; k: point p runs with the seeds of
                                   point p % k (paired designs: cohorts) */
} ct_sweep;

/* One run of the sweep: run id = point * replicates + replicate. */
typedef struct ct_sweep_run {
    long id, point, replicate;
    uint64_t seed;
} ct_sweep_run;

/* What became of a run. A fixed-size record, so ranks can exchange it as bytes. */
typedef struct ct_sweep_result {
    long id;
    int ok;
    char message[512];                     /* why it failed */
    double metrics[CT_SWEEP_MAX_COLUMNS];  /* NAN: not defined */
} ct_sweep_result;

/* Reads and checks a sweep file (its scenario, parameter paths and metrics included) and expands
   the parameter points. Messages name the file and JSON path. */
int ct_sweep_load(const char *path, ct_sweep **out, ct_error *err);
void ct_sweep_free(ct_sweep *sw);
/* Pieces of the loader that fits and cohorts share (sw->file set): "scenario" and "set" of root
   into scenario_path, sets and base; and the check that a dotted path names a value of base. */
int ct_sweep_load_base(ct_jobj *root, ct_sweep *sw);
int ct_sweep_check_path(ct_jobj *o, const ct_sweep *sw, const char *path);
/* The start of every loader (sweeps, fits, cohorts): allocates *sw (NULL when out of memory;
   otherwise the caller frees it, also on failure), reads the JSON file path (a kind such as
   "sweep file", for messages) into (*sw)->json, refusing duplicate keys, and opens it as root;
   (*sw)->file becomes path. */
int ct_sweep_open_json(const char *path, const char *kind, ct_sweep **sw, ct_jobj *root,
                       ct_error *err);
/* "metrics" of root (absent: every cell type's final count, written into root) into sw. */
int ct_sweep_parse_metrics(ct_jobj *root, ct_sweep *sw);
/* path as given in file: relative to file's directory unless absolute (ct_free it). */
char *ct_sweep_resolve_path(const char *file, const char *path);

long ct_sweep_n_runs(const ct_sweep *sw);
ct_sweep_run ct_sweep_run_of(const ct_sweep *sw, long id);
/* Value of parameter p at point. */
const ct_sweep_value *ct_sweep_value_at(const ct_sweep *sw, long point, int p);
/* The seed of (point, replicate): a bijection of the pair keyed by the sweep seed, below 2^49,
   so all runs of a sweep have distinct seeds (for points below 2^25). */
uint64_t ct_sweep_seed(uint64_t sweep_seed, long point, long replicate);
/* "PATH=VALUE" for --set of parameter p at point (ct_free it). */
char *ct_sweep_set_arg(const ct_sweep *sw, long point, int p);

/* The shortest text that reads back as the same double (40 bytes are always enough). */
void ct_sweep_format_number(double x, char *buf, size_t n);
/* Points of a grid: n values from a to b, evenly spaced (linear) or evenly in log10. */
void ct_sweep_linspace(double a, double b, int n, int log_scale, double *out);
/* n samples in [0, 1)^d for d dimensions, out[i * d + k]; Latin hypercube puts exactly one
   sample in each of the n strata of every dimension. Drawn from the sweep seed's streams. */
int ct_sweep_sample_unit(uint64_t seed, int method, long n, int d, double *out, ct_error *err);
/* The value of a sampled parameter at u in [0, 1): linear or log between its bounds, without
   overflow for any finite bounds. */
double ct_sweep_sample_value(const ct_sweep_param *par, double u);

/* Makes DIR and DIR/runs; records the resolved sweep in DIR/sweep.json, or refuses when DIR
   holds another sweep. */
int ct_sweep_prepare_dir(const ct_sweep *sw, const char *dir, ct_error *err);
/* The outcome of run id from DIR/runs/<id>: ok with its metrics when its run.json says ok with
   the planned seed; otherwise failed, with run.json's message or else fallback. */
void ct_sweep_result_read(const ct_sweep *sw, const char *dir, long id, const char *fallback,
                          ct_sweep_result *res);
/* Writes DIR/sweep.csv (one row per run, in id order) and DIR/summary.csv (per point and metric
   value: replicates ok, mean, sd, min, max). results[id] for every run. */
int ct_sweep_write_reports(const ct_sweep *sw, const char *dir, const ct_sweep_result *results,
                           ct_error *err);

#endif
