/* What a cell type senses and does with it, as the scenario declares it: secretion and uptake,
 * chemotaxis, Hill-curve signal-response rules, contact actions and cell states (docs/fields.md).
 * Scenario layer: for every layer above it. */
#ifndef CT_SIGNALS_H
#define CT_SIGNALS_H

#include <stdint.h>

#define CT_MAX_STATES 32       /* distinct state names in a scenario, "default" included */
#define CT_MAX_TYPE_FIELDS 8   /* fields one type secretes or takes up */
#define CT_MAX_RULES 16        /* signal-response rules per type */
#define CT_MAX_CONTACTS 4      /* contact actions per type */
#define CT_SIGNAL_NAME_MAX 32

/* Behaviours a rule can modulate; the first four are the competing events of a step. */
enum ct_behaviour_kind {
    CT_BEHAVIOUR_MOTILITY = 0,
    CT_BEHAVIOUR_PROLIFERATION,
    CT_BEHAVIOUR_DEATH,
    CT_BEHAVIOUR_TRANSITION,
    CT_BEHAVIOUR_SECRETION, /* index: field */
    CT_BEHAVIOUR_CONTACT    /* index: contact action of the type */
};

enum ct_signal_kind { CT_SIGNAL_FIELD = 0, CT_SIGNAL_NEIGHBOURS, CT_SIGNAL_SPECIES };

enum ct_contact_kind {
    CT_CONTACT_KILL = 0,
    CT_CONTACT_INFECT,
    CT_CONTACT_ACTIVATE,
    CT_CONTACT_PHAGOCYTOSE /* removes a body (apoptotic or necrotic) of the target type */
};

/* b = b0 + (max - b0) s^hill / (half^hill + s^hill), b0 being the rate before this rule. */
typedef struct ct_rule {
    int behaviour;    /* ct_behaviour_kind */
    int index;        /* field (secretion) or contact action (contact); 0 otherwise */
    int signal;       /* ct_signal_kind */
    int signal_index; /* field, neighbour type, or attribute column of an SBML species */
    int signal_state; /* neighbours: only cells in this state; -1: any */
    int state;        /* the rule applies to cells in this state only; -1: every cell */
    double max, half, hill;
} ct_rule;

typedef struct ct_secretion {
    int field;
    double rate;   /* field units per minute added at the cell's site */
    double uptake; /* per minute, first order: a fraction 1 - exp(-uptake dt) per step */
} ct_secretion;

typedef struct ct_contact_def {
    char name[CT_SIGNAL_NAME_MAX]; /* for "contact:NAME" rules; defaults to the action */
    int action;                    /* ct_contact_kind */
    int target;                    /* cell type acted upon */
    int target_state;              /* only targets in this state; -1: any */
    int state;                     /* only actors in this state; -1: any */
    int to;                        /* infect: new type; activate: new state */
    int per_minute;                /* value is a rate per minute (else a probability per step) */
    double value;
} ct_contact_def;

typedef struct ct_type_signals {
    int n_secretions;
    ct_secretion secretion[CT_MAX_TYPE_FIELDS];
    int chemotaxis_field;          /* -1: none */
    double chemotaxis_sensitivity; /* per field unit */
    int n_rules;
    ct_rule rule[CT_MAX_RULES];
    int n_contacts;
    ct_contact_def contact[CT_MAX_CONTACTS];
    uint32_t states;               /* bit mask of the scenario states this type declares */
    int initial_state;             /* scenario state index; 0 ("default") without states */
} ct_type_signals;

#endif
