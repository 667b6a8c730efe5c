/* A cell type's phased cell cycle as the scenario declares it ("cycle" of a cell type,
 * docs/scenario.md): the model, its phases' mean durations and Erlang stage counts.
 * Scenario layer: read by ct_cycle_scenario.c, used by the cycle behaviour (core/behaviour). */
#ifndef CT_CYCLE_DEF_H
#define CT_CYCLE_DEF_H

#include <stddef.h>

enum ct_cycle_model { CT_CYCLE_NONE = 0, CT_CYCLE_LIVE, CT_CYCLE_FLOW, CT_CYCLE_KI67 };

#define CT_CYCLE_MAX_PHASES 4
#define CT_CYCLE_MAX_STAGES 64 /* Erlang stages per phase */

typedef struct ct_cycle_def {
    int model;                              /* CT_CYCLE_NONE: the type has no cycle */
    int n_phases;                           /* division at the end of the last phase */
    double duration[CT_CYCLE_MAX_PHASES];   /* mean duration of each phase, minutes */
    int stages[CT_CYCLE_MAX_PHASES];        /* k: k exponential stages of mean duration T/k */
    double stage_prob[CT_CYCLE_MAX_PHASES]; /* per-step probability of leaving a stage, k dt/T */
} ct_cycle_def;

/* The attribute columns that hold each cell's place in its cycle (core/behaviour/ct_cycle.h). */
#define CT_CYCLE_ATTR_PHASE "cycle.phase"
#define CT_CYCLE_ATTR_STAGE "cycle.stage"
#define CT_CYCLE_ATTR_TIME "cycle.phase_time"

#define CT_CYCLE_MIN_DURATION 1e-300 /* minutes; and at least stages x dt */
#define CT_CYCLE_MAX_DURATION 1e300

/* The phase names of a model in order ("G0G1", "S", "G2", "M" ...), and how many. */
int ct_cycle_phase_names(int model, const char *const **names);
/* The model named "live", "G1_S_G2_M" or "ki67", or CT_CYCLE_NONE for another name. */
int ct_cycle_model_of(const char *name);
/* Sets each phase's stage exit probability k dt / T from its stages and duration; -1 when all
   are at most 1, else the first phase whose stages are shorter than dt, with why (n bytes) saying
   so and what is expected. The JSON and Lua readers share it. */
int ct_cycle_check_durations(ct_cycle_def *cd, double dt, char *why, size_t n);

struct ct_jobj;
struct ct_type_params;
/* Reads the optional "cycle" object of a type; refuses it beside "proliferation". */
int ct_scenario_parse_cycle(struct ct_jobj *type, double dt, struct ct_type_params *tp);

#endif
