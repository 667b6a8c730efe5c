/* Shared helpers for tests that build scenarios from JSON text and run simulations. */
#ifndef CT_TEST_SIM_HELPERS_H
#define CT_TEST_SIM_HELPERS_H

#include <stdint.h>

#include "ct_checkpoint.h"
#include "ct_scenario.h"
#include "ct_sim.h"

/* Parses JSON text as scenario "test.json"; NULL on error (message printed). */
ct_scenario *th_scenario(const char *json);
/* Parses and expects failure; returns the message (static buffer). */
const char *th_scenario_error(const char *json);
/* Whether msg contains want; prints both when it does not. */
int th_says(const char *msg, const char *want);
/* Whether the scenario fails (parsing or creation) with a message containing want. */
int th_scenario_says(const char *json, const char *want);
/* Creates a simulation; NULL on error (message printed). */
ct_sim *th_sim(const ct_scenario *sc);
/* Runs steps, checking after each that the lattice and the agent store agree. Returns 0 if so. */
int th_run_checked(ct_sim *sim, long steps);
/* Order-independent digest of the live state: (id, site, type, state) of every agent. */
uint64_t th_state_digest(const ct_sim *sim);
/* Steps sim `steps` times, folding the state digest and the bits of every field value after each
   step; 0 if sim is NULL or a step fails (the message printed). */
uint64_t th_trajectory(ct_sim *sim, long steps);
/* th_trajectory of a fresh simulation of the JSON scenario on this many OpenMP threads. */
uint64_t th_json_trajectory(const char *json, int threads, long steps);
/* Writes sim's checkpoint to the test folder under name and reads it back into ck (free it with
   ct_checkpoint_free): the resumed simulation is ck->sim. 0 on success, else the message printed. */
int th_checkpoint_copy(const ct_sim *sim, const char *name, ct_checkpoint *ck);
/* Whether sim, restored from its checkpoint (th_checkpoint_copy), steps on identically to sim
   itself for steps steps: the same cells, states and every attribute column. Both are stepped. */
int th_checkpoint_continues_identically(ct_sim *sim, const char *name, long steps);
/* Live cells of one type. */
uint64_t th_count(const ct_sim *sim, int type);
/* Live cells of one type in one state (a scenario state index). */
uint64_t th_count_in_state(const ct_sim *sim, int type, int state);
/* Path of a built plugin, rel under the build folder ($CT_BUILD, default "build"), e.g.
   "plugins/contact_kill.so" or "tests/plugins/clash.so". Static buffer, one of four in turn. */
const char *th_plugin(const char *rel);

#endif
