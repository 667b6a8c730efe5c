/* The agent store: structure of arrays, 64-byte aligned, stable 64-bit ids, compacted after deaths.
 * Space layer: for every layer above it. */
#ifndef CT_AGENTS_H
#define CT_AGENTS_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"

#define CT_DEAD_TYPE UINT8_MAX /* type of a dead agent awaiting compaction */
#define CT_MAX_TYPES 254
#define CT_MAX_ATTRS 32 /* named per-cell attributes (Lua, plugins) */

typedef struct ct_agents {
    size_t n;          /* slots in use, dead ones included until compaction */
    size_t cap;
    size_t n_dead;     /* dead agents not yet compacted away */
    uint64_t next_id;  /* id of the next agent created */
    uint32_t *site;
    uint8_t *type;     /* CT_DEAD_TYPE when dead */
    uint8_t *state;
    uint64_t *id;
    int64_t *birth_step;
    uint64_t *parent;  /* id of the mother; 0 for initial cells (ids start at 1) */

    int n_attr;        /* named attributes, one double column each */
    char attr_name[CT_MAX_ATTRS][64];
    double attr_default[CT_MAX_ATTRS];
    double *attr[CT_MAX_ATTRS];
    unsigned char attr_split[CT_MAX_ATTRS]; /* halved between mother and daughter at division
                                               (amounts of SBML species); else copied */

    void *spare;       /* cap 8-byte words that reordering gathers into (ct_agents_gather) */
} ct_agents;

/* Every per-agent array, for code that must treat them all alike (growth, reordering, checkpoints).
   A new per-agent array is added here and nowhere else. */
#define CT_AGENT_ARRAYS(X) X(site) X(type) X(state) X(id) X(birth_step) X(parent)

int ct_agents_init(ct_agents *ag, size_t cap, ct_error *err);
void ct_agents_free(ct_agents *ag);
/* The capacity ct_agents_reserve grows to for room for n agents (the current one if enough). */
size_t ct_agents_grown_cap(const ct_agents *ag, size_t n);
/* Ensures room for n agents in total. */
int ct_agents_reserve(ct_agents *ag, size_t n, ct_error *err);
/* Declares a named attribute; existing agents get value. Returns its index, or an error for a
   duplicate name or too many attributes. */
int ct_agents_add_attribute(ct_agents *ag, const char *name, double value, ct_error *err);
/* Removes a named attribute (rollback of a failed load); later indices shift down by one. */
void ct_agents_remove_attribute(ct_agents *ag, const char *name);
/* Index of a named attribute, or -1. */
int ct_agents_attribute_index(const ct_agents *ag, const char *name);
/* Copies every attribute of agent from onto agent to (daughters inherit). */
void ct_agents_copy_attributes(ct_agents *ag, size_t to, size_t from);
/* Appends one agent with a fresh id and default attributes; returns its index. Room must have
   been reserved. */
size_t ct_agents_push(ct_agents *ag, uint32_t site, uint8_t type, uint8_t state,
                      int64_t birth_step, uint64_t parent);
/* Appends count agents with consecutive fresh ids; returns the index of the first. Their other
   fields are the caller's to set (ct_agents_make_daughter). Room must have been reserved. */
size_t ct_agents_extend(ct_agents *ag, size_t count);
/* Agent d becomes a daughter of agent mother, born at site: the mother's type, state and
   attributes (split ones halved in both), her id as parent. Distinct daughters of distinct
   mothers may be made in parallel. */
void ct_agents_make_daughter(ct_agents *ag, size_t d, size_t mother, uint32_t site,
                             int64_t birth_step);
/* Bytes one agent occupies in the store. */
size_t ct_agents_bytes_per_agent(void);

/* Rebuilds the store as old[order[j]] for j < n_new (reordering and dropping in one pass). It
   allocates nothing, so it cannot fail. */
void ct_agents_gather(ct_agents *ag, const uint32_t *order, size_t n_new);
#endif
