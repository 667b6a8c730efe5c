/* A cell type's phased cell cycle as the scenario declares it ("cycle" of a cell type,
 * docs/scenario.md): the model, its phases' mean durations and Erlang stage counts.
 * Scenario layer: read by ct_cycle_scenario.c, used by the cycle behaviour (core/behaviour). */
#ifndef CT_CYCLE_DEF_H
#define CT_CYCLE_DEF_H

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

/* The phase names of a model in order ("G0G1", "S", "G2", "M" ...), and how many. */
int ct_cycle_phase_names(int model, const char *const **names);

struct ct_jobj;
struct ct_type_params;
/* Reads the optional "cycle" object of a type; refuses it beside "proliferation". */
int ct_scenario_parse_cycle(struct ct_jobj *type, double dt, struct ct_type_params *tp);

#endif
