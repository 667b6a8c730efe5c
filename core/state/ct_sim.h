/* A simulation's state: lattice, agents, fields, registry and the step's scratch, from a scenario.
 * State layer: for every layer above it; a whole simulation comes from ct_sim_create.h. */
#ifndef CT_SIM_H
#define CT_SIM_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_agents.h"
#include "ct_column.h"
#include "ct_error.h"
#include "ct_field.h"
#include "ct_lattice.h"
#include "ct_registry.h"
#include "ct_scenario.h"

/* Per-type event probabilities for one step, derived from the rates and dt. */
typedef struct ct_type_step {
    double rate[4];    /* current base rates per minute: motility, proliferation, death,
                          transition (from the scenario; ct_sim_set_rate changes them) */
    double p_any;      /* probability that one of the competing events happens this step */
    double cut_move;   /* event choice: v < cut_move: move, < cut_divide: divide, ... */
    double cut_divide;
    double cut_die;
    int transition_to;
    int event_rules;   /* rules modulate the events: probabilities are derived per cell */
    double uptake_fraction[CT_MAX_TYPE_FIELDS]; /* 1 - exp(-uptake dt), per secretion entry */
} ct_type_step;

#define CT_NO_CONTACT UINT8_MAX /* contact_action of an agent that acts on no neighbour */

typedef struct ct_sim {
    const ct_scenario *sc; /* borrowed: outlives the simulation */
    ct_lattice lat;
    ct_agents ag;
    ct_fields fields;
    ct_registry registry;
    ct_columns columns;    /* extra counts.csv columns */
    struct ct_plugin_ctx **plugins; /* loaded from the scenario's "plugins" (ct_plugin.h) */
    int n_plugins;
    struct ct_lua *lua;    /* the scenario's script, or NULL */
    int stop_requested;    /* set by a step-end hook: the run ends after this step */
    /* When not NULL and set nonzero by a SIGINT/SIGTERM handler, a running script stops at once
       with CT_EINTR (the run loop itself checks it between steps). */
    volatile sig_atomic_t *interrupted;
    uint64_t seed;
    uint64_t step;         /* steps done so far */
    uint64_t step_key;     /* ct_rng_step_key(seed, step) of the step in progress */
    double dt;
    ct_error err;

    ct_type_step *type_step; /* n_types entries */

    /* step scratch, sized with the agent store (see ct_intent.h) */
    uint8_t *intent;
    uint8_t *intent_arg;
    uint8_t *next_state;
    uint32_t *target;
    uint32_t *active;         /* per chunk, from the chunk's start: agents with an intent */
    uint32_t *chunk_active;   /* how many of each chunk's agents are in active */
    uint8_t *contact_action;  /* contact action index of the type, or CT_NO_CONTACT */
    uint32_t *contact_site;   /* site of the cell acted upon */
    size_t scratch_cap;
    size_t n_outcomes;        /* in the step-end phase: agents [0, n_outcomes) have their outcome
                                 in intent (ct_intent.h); 0 at any other time */
    uint64_t *claim;          /* n_sites claim keys, 0 = unclaimed */
    uint32_t *chunk_births;   /* births per agent chunk */
    uint64_t *births;         /* (daughter site << 32 | mother index), sorted by site */
    size_t births_cap;
    uint64_t steps_since_reorder;
    int any_contacts;         /* some type has contact actions */
    int refuse_pushes;        /* a window of a distributed run: a push (from a script or plugin)
                                 stops the run, since chains of pushes cross any rank boundary */
} ct_sim;

/* Agents are processed in chunks of this many: fixed, so work splits never depend on threads. */
#define CT_CHUNK 4096
/* Reorder agents into lattice order at least this often (steps), for memory locality. */
#define CT_REORDER_INTERVAL 32

/* The state alone, without cells: lattice, fields and their solver, agent store, scratch.
   ct_sim_create (ct_sim_create.h) then places the cells and attaches the script and plugins. */
int ct_sim_create_state(const ct_scenario *sc, ct_sim **out, ct_error *err);
/* Frees what ct_sim_create_state made (NULL is fine); ct_sim_free also unloads the rest. */
void ct_sim_free_state(ct_sim *sim);
/* Live cells per type (n_types entries). */
void ct_sim_count_types(const ct_sim *sim, uint64_t *counts);
/* Live cells per type and state: counts[type * CT_MAX_STATES + state]. */
void ct_sim_count_type_states(const ct_sim *sim, uint64_t *counts);
/* The state a new cell of type starts in. */
uint8_t ct_sim_initial_state(const ct_sim *sim, int type);
/* Competing-risks event probabilities from the rates of motility, proliferation, death and
   transition (per minute) for a step of dt. */
void ct_sim_event_probs(const double rate[4], int transition_to, double dt, ct_type_step *ts);
/* Live cells in total. */
size_t ct_sim_live_cells(const ct_sim *sim);
/* Sorts agents into lattice-site order and drops dead ones; refreshes the lattice slots. Fails only
   when its order list (4 bytes per agent) cannot be allocated, before anything has changed. */
int ct_sim_reorder(ct_sim *sim);
/* Adds one cell on a free site (initial placement, injections). */
int ct_sim_add_cell(ct_sim *sim, uint32_t site, int type, uint8_t state, uint64_t parent);
/* Adds a counts.csv column (ct_columns_add), refusing also a cell type's name (its count column). */
int ct_sim_add_column(ct_sim *sim, const ct_column *c, ct_error *err);
/* Changes a base rate of type t (behaviour: CT_BEHAVIOUR_MOTILITY..TRANSITION) during a run,
   e.g. a drug schedule; the step's probabilities follow at once. Rates that
   ct_scenario_check_rates refuses change nothing: the message, starting with where, is in
   sim->err. */
int ct_sim_set_rate(ct_sim *sim, int t, int behaviour, double per_minute, const char *where);
/* The same for all four rates of type t at once. */
int ct_sim_set_rates(ct_sim *sim, int t, const double rate[4], const char *where);
/* Makes sure step scratch covers the agent store's capacity. */
int ct_sim_reserve(ct_sim *sim, size_t n_agents);

#endif
