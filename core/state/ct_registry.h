/* One registry of named behaviours, each joining chosen phases of the step (LAMMPS-style styles).
 * Built-in extras, Lua scripts and plugins all register here; an owner's entries can be removed
 * together, so a plugin or script that fails to load leaves nothing behind.
 * State layer: for the Lua and plugin hosts (registering) and the step (running). */
#ifndef CT_REGISTRY_H
#define CT_REGISTRY_H

#include <stddef.h>

#include "ct_error.h"

struct ct_sim;

/* Phases a behaviour can join (bit mask), in the order the step runs them. */
enum ct_phase {
    CT_PHASE_FIELDS = 1u << 0,   /* after the field solver: reactions, sources */
    CT_PHASE_DECIDE = 1u << 1,   /* per agent chunk, after the built-in rules: set intents */
    CT_PHASE_STEP_END = 1u << 2  /* once per step after apply: add cells, change parameters, stop */
};

/* Decides for agents [begin, end): reads the old state, writes intents with ct_intent_*(). */
typedef int (*ct_chunk_fn)(void *user, struct ct_sim *sim, size_t begin, size_t end);
/* Whole-step hook. */
typedef int (*ct_step_fn)(void *user, struct ct_sim *sim);

typedef struct ct_behaviour {
    char name[64];
    char owner[64];     /* "lua:FILE", "plugin:FILE", ... for messages and removal */
    unsigned phases;
    int thread_safe;    /* decide may run on several chunks at once */
    ct_chunk_fn decide; /* CT_PHASE_DECIDE */
    ct_step_fn fields;  /* CT_PHASE_FIELDS */
    ct_step_fn step_end; /* CT_PHASE_STEP_END */
    void *user;
} ct_behaviour;

typedef struct ct_registry {
    ct_behaviour *items;
    int n, cap;
} ct_registry;

/* Adds b; a second behaviour of the same name is refused, naming both owners. */
int ct_registry_add(ct_registry *r, const ct_behaviour *b, ct_error *err);
/* The behaviour of that name, or NULL. */
const ct_behaviour *ct_registry_find(const ct_registry *r, const char *name);
/* Removes every behaviour of owner (rollback of a failed load). */
void ct_registry_remove_owner(ct_registry *r, const char *owner);
/* Whether any behaviour joins phase. */
int ct_registry_has_phase(const ct_registry *r, unsigned phase);
void ct_registry_free(ct_registry *r);

#endif
