/* Signal declarations resolved against a scenario, whoever read them: the JSON reader
 * (ct_signals_scenario.c) or a script's cell_type{}, rule{} and contact{} (ct_lua_declare.c).
 * The validation and limits of states, secretion and uptake, chemotaxis, contact actions and
 * rules live here once (docs/fields.md).
 * Scenario layer: for the JSON reader and the Lua host. */
#ifndef CT_SIGNALS_DECL_H
#define CT_SIGNALS_DECL_H

#include "ct_scenario.h"

/* Why a declaration was refused: the key at fault as the JSON names it (NULL: the whole
   declaration), and what is wrong. */
typedef struct ct_decl_error {
    const char *key;
    ct_error why;
} ct_decl_error;

/* A number key, its default and its range; both readers check values against these. */
typedef struct ct_decl_number {
    const char *key;
    double def, min, max;
} ct_decl_number;

extern const ct_decl_number ct_num_field_rate;  /* secretion and uptake, per minute */
extern const ct_decl_number ct_num_sensitivity; /* chemotaxis */
extern const ct_decl_number ct_num_probability; /* contact, per step */
extern const ct_decl_number ct_num_rate;        /* contact, per minute */
extern const ct_decl_number ct_num_rule_max, ct_num_rule_half, ct_num_rule_hill;

/* Contact action names by ct_contact_kind, NULL-terminated. */
extern const char *const ct_contact_actions[];

/* A contact action as declared, names unresolved; NULL: absent. */
typedef struct ct_contact_decl {
    int action; /* ct_contact_kind */
    const char *target, *target_state, *state, *to, *name;
    int has_probability, has_rate;
    double probability, rate;
} ct_contact_decl;

/* A rule as declared: behaviour "death" ... "secretion:FIELD", "contact:NAME"; signal
   "field:NAME", "neighbours:TYPE" or "neighbours:TYPE:STATE"; state NULL: every cell. */
typedef struct ct_rule_decl {
    const char *behaviour, *signal, *state;
    double max, half, hill;
} ct_rule_decl;

/* Whether a cell of type tp may be in state (a scenario state index): one of the states tp
   declares, or 0 ("default") when it declares none. */
int ct_decl_state_allowed(const ct_type_params *tp, int state);
/* The state of type tp called name, or -1 when tp has no such state. */
int ct_decl_state_index(const ct_scenario *sc, const ct_type_params *tp, const char *name);
/* The states of tp for messages: "naive = 1, active = 2" (truncated to fit n). */
void ct_decl_describe_states(const ct_scenario *sc, const ct_type_params *tp, char *buf, size_t n);
/* A neighbour selector "TYPE" or "TYPE:STATE" (rules and scripts): *type gets the type index,
   *state the state index or -1 for any state. key names the selector in e. */
int ct_decl_neighbour_selector(const ct_scenario *sc, const char *selector, const char *key,
                               int *type, int *state, ct_decl_error *e);

/* A signal "field:NAME", "neighbours:TYPE" or "neighbours:TYPE:STATE" into r's signal,
   signal_index and signal_state (rules, intracellular inputs). */
int ct_decl_signal(const ct_scenario *sc, const char *s, ct_rule *r, ct_decl_error *e);
/* Adds a state name to type tp (and to the scenario's state names when new). */
int ct_decl_add_state(ct_scenario *sc, ct_type_params *tp, const char *name, ct_decl_error *e);
/* Sets tp's initial state: initial, or first (the first state tp lists) when initial is NULL;
   first NULL means tp declares no states. */
int ct_decl_initial_state(const ct_scenario *sc, ct_type_params *tp, const char *first,
                          const char *initial, ct_decl_error *e);
/* Secretion (uptake 0) or uptake (uptake 1) rate v of a field named field. */
int ct_decl_field_rate(const ct_scenario *sc, ct_type_signals *sig, const char *field, int uptake,
                       double v, ct_decl_error *e);
int ct_decl_chemotaxis(const ct_scenario *sc, ct_type_signals *sig, const char *field,
                       double sensitivity, ct_decl_error *e);
/* Appends a contact action, or a rule, to type tp. */
int ct_decl_contact(const ct_scenario *sc, ct_type_params *tp, const ct_contact_decl *d,
                    ct_decl_error *e);
int ct_decl_rule(const ct_scenario *sc, ct_type_params *tp, const ct_rule_decl *d,
                 ct_decl_error *e);

#endif
