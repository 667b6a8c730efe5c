/* Lua 5.4 behaviour scripts: a scenario names a script that declares cell types and attributes,
 * per-cell functions and per-step hooks (docs/lua-api.md). The script runs twice: once while the
 * scenario is parsed (declarations merge into the scenario) and once in the simulation's own
 * sandboxed state (functions and hooks join the behaviour registry).
 * Script layer: for core/sim (attach, close) and the scenario loader. */
#ifndef CT_LUA_H
#define CT_LUA_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

struct ct_scenario;
struct ct_sim;

typedef struct ct_lua ct_lua; /* one sandboxed Lua state and what the script registered */

/* Deepest nesting of arrays and objects in "parameters" that becomes the script's params table
   ("parameters" itself is level 1). */
#define CT_LUA_PARAMS_MAX_DEPTH 32

/* Runs sc->script in declaration mode: cell_type{} entries join sc->types. Messages name the
   script and line. */
int ct_lua_declare(struct ct_scenario *sc, ct_error *err);

/* Runs the scenario's script in a fresh state bound to sim: declares attributes (drawn for the
   cells already placed) and registers per-cell functions and per-step hooks. Sets sim->lua. */
int ct_lua_attach(struct ct_sim *sim);

/* The script's on_step hooks (0 for NULL). */
int ct_lua_hook_count(const ct_lua *lua);
/* A window of a distributed run was filled: agents with ids below id have their attributes, so
   the step end draws those of the cells born in the step only (NULL is fine). */
void ct_lua_attributes_settled_below(ct_lua *lua, uint64_t id);
/* Draws again the attributes a new cell draws at birth, for agent i under its current id (a
   birth of a window renumbered to the id one process gives it; NULL is fine). */
void ct_lua_settle_cell(ct_lua *lua, size_t i);

/* Makes the script of a window of a distributed run see the whole simulation: cell positions
   offset by offset[a] sites along each axis (modulo size[a], the whole lattice's), and sim.counts
   and sim.cells read counts (n_types * CT_MAX_STATES live cells per type and state, which the
   caller keeps current before each step) instead of the window's cells. NULL lua is fine. */
void ct_lua_set_window(ct_lua *lua, const uint32_t offset[3], const uint32_t size[3],
                       const uint64_t *counts);

/* A distributed run: the window's step end no longer runs the on_step hooks (it still draws the
   attributes of cells born in the step); the run calls ct_lua_run_hooks_on after each step
   instead; quiet: their print is silent (on every rank but one). NULL lua is fine. */
void ct_lua_defer_hooks(ct_lua *lua, int quiet);
/* Runs the on_step hooks in lua's state (its globals, shared with the per-cell functions) on
   board, a simulation of the whole lattice filled with every rank's cells and field values, with
   its step and step_key those of the step just done: sim.counts, sim.cells, add_cell(s),
   set_rate, rate, stop and fields act on board. Every rank runs them alike, so every decision
   and draw is the same everywhere. */
int ct_lua_run_hooks_on(ct_lua *lua, struct ct_sim *board);

/* Closes the state (NULL is fine). */
void ct_lua_close(ct_lua *lua);

#endif
