/* A cell type's death model as the scenario declares it (the "death" object of a cell type,
 * docs/scenario.md, "Death"): instant removal, or a body (apoptotic or necrotic) that holds its
 * site for an Erlang-distributed time, may be phagocytosed, and may secrete.
 * Scenario layer: read by ct_death_scenario.c, used by the death behaviour (core/behaviour). */
#ifndef CT_DEATH_DEF_H
#define CT_DEATH_DEF_H

#include "ct_signals.h"

enum ct_death_model { CT_DEATH_INSTANT = 0, CT_DEATH_APOPTOSIS, CT_DEATH_NECROSIS };

#define CT_DEATH_MAX_STAGES 64         /* Erlang stages of a body's persistence */
#define CT_DEATH_MAX_DURATION 1e7      /* minutes (19 years): longer is a typo, not a model */
#define CT_DEATH_BODY_STATES {"", "apoptotic", "necrotic"} /* state of a body, per model */

typedef struct ct_death_def {
    int model;          /* CT_DEATH_INSTANT: a dying cell is removed at once (no body) */
    int body_state;     /* scenario state index of the type's bodies */
    double mean;        /* mean persistence of a body, minutes */
    int stages;         /* k: k exponential stages of mean duration mean / k */
    double stage_prob;  /* per-step probability of leaving a stage, k dt / mean */
    int n_secretions;   /* "secretes": fields the bodies secrete into (rate only, no uptake) */
    ct_secretion secretion[CT_MAX_TYPE_FIELDS];
} ct_death_def;

struct ct_jobj;
struct ct_scenario;
struct ct_type_params;
/* Reads the keys "model", "duration" and "secretes" of the optional "death" object of a type
   (its "rate" is read with the other rates) and declares the body state. Called for every type
   before any contact action or rule is read, so that they may name the body state. */
int ct_scenario_parse_death(struct ct_jobj *type, struct ct_scenario *sc,
                            struct ct_type_params *tp);
/* Closes the "death" block that the rate reader opened again, knowing the keys above. */
int ct_scenario_death_close(struct ct_jobj *death_block);

#endif
