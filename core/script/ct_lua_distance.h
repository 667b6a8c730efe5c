/* User distances of fits (FIT.json "distance": {"lua": FILE}, docs/calibration.md): a Lua script
 * that defines distance(simulated, observed, sd, names, time) and returns a finite number >= 0.
 * It runs in the scenario scripts' sandbox (no io, os or package; instruction and memory limits;
 * math.random from the engine's streams) in a fresh state for every call, so a distance cannot
 * carry anything from one candidate to the next and is the same on any rank or after a resume.
 * Script layer: for core/sweep (fits) and tests. */
#ifndef CT_LUA_DISTANCE_H
#define CT_LUA_DISTANCE_H

#include <stdint.h>

#include "ct_error.h"
#include "ct_scenario.h"

#define CT_LUA_DISTANCE_MAX_COLUMNS 64

typedef struct ct_lua_distance ct_lua_distance; /* the script's text, name and limits */

/* The series a distance compares: column k is names[k] with length[k] values in each table. */
typedef struct ct_lua_columns {
    int n;
    const char *names[CT_LUA_DISTANCE_MAX_COLUMNS];
    long length[CT_LUA_DISTANCE_MAX_COLUMNS];
    const double *simulated[CT_LUA_DISTANCE_MAX_COLUMNS];
    const double *observed[CT_LUA_DISTANCE_MAX_COLUMNS];
    const double *sd[CT_LUA_DISTANCE_MAX_COLUMNS];
    long n_times;
    const double *time; /* the data's times, the fifth argument */
} ct_lua_columns;

/* Reads the script at path (name: how messages call it) and runs it once: refuses a script that
   does not load or run, or defines no global function distance, naming the file and line. */
int ct_lua_distance_load(const char *path, const char *name, const ct_lua_limits *limits,
                         ct_lua_distance **out, ct_error *err);
/* distance(simulated, observed, sd, names, time) in a fresh state, math.random drawing from the
   stream (rng_key, rng_id). Refuses an error of the script (file and line) and a result that is
   not a finite number >= 0. */
int ct_lua_distance_eval(const ct_lua_distance *d, uint64_t rng_key, uint64_t rng_id,
                         const ct_lua_columns *c, double *out, ct_error *err);
void ct_lua_distance_free(ct_lua_distance *d);

#endif
