/* Helpers for Lua script tests: a script and its scenario written to the test's scratch folder. */
#ifndef CT_TEST_LUA_HELPERS_H
#define CT_TEST_LUA_HELPERS_H

#include "ct_scenario.h"
#include "ct_sim.h"

/* Writes script to a fresh file sN.lua and a scenario naming it, whose top-level keys are
   `body` (JSON members without braces) on a 30x30 lattice, and loads it with the overrides.
   Returns NULL on error with err filled. */
ct_scenario *tl_scenario(const char *script, const char *body, const char *const *overrides,
                         int n_overrides, ct_error *err);
/* The same, then a simulation run for steps: the first error message on the way, or
   "(no error)". The message lives in a static buffer. */
const char *tl_error(const char *script, const char *body, long steps);
/* Scenario and simulation in one (NULL on error, printed). */
ct_sim *tl_sim(const char *script, const char *body, ct_scenario **sc);
/* th_state_digest after steps of tl_sim(script, body) on that many OpenMP threads; 0 on error. */
uint64_t tl_digest(const char *script, const char *body, int threads, long steps);

#endif
