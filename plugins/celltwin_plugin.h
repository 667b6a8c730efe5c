/* celltwin plugin ABI: the one header a compiled behaviour plugin includes (docs/plugins.md).
 *
 * A plugin is a shared object that links against nothing of celltwin. It exports one symbol,
 * celltwin_plugin_entry (write CT_PLUGIN_DEFINE(my_init) once), which names the ABI it was built
 * for and its init function. celltwin checks the ABI major version before calling anything, then
 * calls init with a table of host functions. init registers named items (behaviours, field
 * reactions, cell attributes, counts.csv columns); registration is possible only during init, and
 * if init fails nothing of the plugin stays registered.
 *
 * Compatibility rules (SQLite loadable extensions, Redis modules):
 *   - the host table and every struct below only ever grow at the end; nothing is reordered,
 *     retyped or removed within one major version;
 *   - a new host function raises CT_PLUGIN_ABI_MINOR; a plugin that needs it checks
 *     CT_PLUGIN_HAS(host, fn) before calling it, so it still loads on older hosts;
 *   - every struct a plugin passes in starts with its size (set it with sizeof): the host reads
 *     fields beyond the size it knows never, and fields beyond the size the plugin gave as zero;
 *   - a new major version means a break: the host refuses plugins built for another major.
 */
#ifndef CELLTWIN_PLUGIN_H
#define CELLTWIN_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#define CT_PLUGIN_ABI_MAJOR 1
#define CT_PLUGIN_ABI_MINOR 2

#if defined(__GNUC__)
#define CT_PLUGIN_EXPORT __attribute__((visibility("default")))
#define CT_PLUGIN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CT_PLUGIN_EXPORT
#define CT_PLUGIN_PRINTF(f, a)
#endif

#define CT_PLUGIN_DEAD 255u            /* type of a dead agent slot: skip it */
#define CT_PLUGIN_EMPTY UINT32_MAX     /* slot of a free site */
#define CT_PLUGIN_NO_SITE UINT32_MAX   /* move/divide target: a random free neighbour */
#define CT_PLUGIN_MAX_NEIGHBOURS 26    /* room for neighbours() in 3D Moore */

/* Phases of the step an item joins (bit mask); values are part of the ABI. */
enum {
    CT_PLUGIN_PHASE_FIELDS = 1u << 0,  /* once per step, after the field solver */
    CT_PLUGIN_PHASE_DECIDE = 1u << 1,  /* per agent chunk, after built-in rules: set intents */
    CT_PLUGIN_PHASE_STEP_END = 1u << 2 /* once per step, after the changes are applied */
};

/* Random stream purposes (see agent_rng). */
enum {
    CT_PLUGIN_RNG_BUILTIN_DECIDE = 1, /* the stream the built-in rules draw from: only for a
                                         behaviour that replaces them (bit-identical results) */
    CT_PLUGIN_RNG_PLUGIN = 6,         /* the default purpose for plugin draws */
    CT_PLUGIN_RNG_USER = 16           /* first of the purposes free for plugins */
};

/* What became of each agent's intent this step (view->outcome, ABI 1.2), once claims are
   settled and the changes applied. Values are part of the ABI. */
enum {
    CT_PLUGIN_OUTCOME_NONE = 0,         /* no intent (a state change alone is in view->state) */
    CT_PLUGIN_OUTCOME_MOVED = 1,
    CT_PLUGIN_OUTCOME_DIVIDED = 2,      /* its daughter is among the BORN agents */
    CT_PLUGIN_OUTCOME_DIED = 3,         /* its own death, or killed by a contact action */
    CT_PLUGIN_OUTCOME_CHANGED_TYPE = 4,
    CT_PLUGIN_OUTCOME_LOST = 5,         /* a move or division that found no free site, or lost
                                           the site to a cell of higher random priority */
    CT_PLUGIN_OUTCOME_BORN = 6          /* a daughter made this step */
};

/* Status codes host functions return (0 ok). */
enum { CT_PLUGIN_OK = 0, CT_PLUGIN_EINVAL = -1, CT_PLUGIN_ENOMEM = -2, CT_PLUGIN_ESTATE = -6 };

typedef struct ct_plugin_ctx ct_plugin_ctx; /* one plugin being loaded; valid during init */
typedef struct ct_plugin_sim ct_plugin_sim; /* the simulation, valid during one callback */

/* A random stream: opaque state, copied freely, advanced by the rng_* host functions. */
typedef struct ct_plugin_rng {
    uint64_t opaque[2];
} ct_plugin_rng;

/* What a callback sees of the simulation: the agent store as arrays, by index i in [0, n).
   Rebuilt for every callback (arrays move when the store grows or is reordered): never keep it. */
typedef struct ct_plugin_view {
    uint32_t size;          /* bytes the host filled in */
    uint32_t ndim;          /* 2 or 3 */
    uint32_t dims[3];       /* lattice sites per axis (dims[2] = 1 in 2D) */
    uint32_t n_sites;       /* site = x + dims[0] * (y + dims[1] * z) */
    double dx;              /* site spacing, micrometres */
    double dt;              /* step length, minutes */
    uint64_t step;          /* steps completed before the one in progress */
    int n_types, n_fields, n_attr;
    size_t n;               /* agent slots, dead ones included */
    const uint32_t *site;   /* site of agent i */
    const uint8_t *type;    /* type index of agent i, CT_PLUGIN_DEAD for a dead slot */
    const uint8_t *state;
    const uint64_t *id;     /* stable id, never reused */
    double *const *attr;    /* attr[k][i]: attribute k of agent i; write only your own agents */
    const uint32_t *slot;   /* slot[site]: agent index there, or CT_PLUGIN_EMPTY */
    /* ---- ABI 1.2 (read only when size >= offsetof(ct_plugin_view, n_outcome) + sizeof(size_t),
       see CT_PLUGIN_VIEW_HAS) ---- */
    /* In the step-end phase: outcome[i] (CT_PLUGIN_OUTCOME_*) of agents i < n_outcome; agents
       added by step-end callbacks before yours have none. NULL and 0 in every other phase. */
    const uint8_t *outcome;
    size_t n_outcome;
} ct_plugin_view;

/* Whether the host filled view field `field` in (a plugin built for a newer minor, older host). */
#define CT_PLUGIN_VIEW_HAS(v, field) \
    ((v)->size >= offsetof(ct_plugin_view, field) + sizeof((v)->field))

/* Decides for agents [begin, end): reads the view, sets intents of these agents only. Return 0,
   or the value of host->fail(...) to stop the run. */
typedef int (*ct_plugin_chunk_fn)(void *user, ct_plugin_sim *sim, const ct_plugin_view *v,
                                  size_t begin, size_t end);
/* Whole-step callback (fields or step-end phase); same return convention. */
typedef int (*ct_plugin_step_fn)(void *user, ct_plugin_sim *sim, const ct_plugin_view *v);
/* Per-site field reaction: values[k] is field k at site (scenario order), read and write. Called
   for every site in parallel: touch nothing but values. */
typedef void (*ct_plugin_reaction_fn)(void *user, uint32_t site, double dt, double *values);
/* A counts.csv column: its value at the current step. */
typedef double (*ct_plugin_column_fn)(void *user, ct_plugin_sim *sim, const ct_plugin_view *v);

/* Who the plugin is (describe). */
typedef struct ct_plugin_info {
    uint32_t size;            /* sizeof(ct_plugin_info) */
    const char *name;         /* short name, required */
    const char *version;      /* the plugin's own version, e.g. "1.2.0" */
    const char *description;  /* one line */
    void (*release)(void *user); /* called once when the plugin is unloaded (also after a failed
                                    init): free what init allocated. May be NULL. */
    void *user;
} ct_plugin_info;

/* A named behaviour joining one or more phases. */
typedef struct ct_plugin_behaviour {
    uint32_t size;            /* sizeof(ct_plugin_behaviour) */
    const char *name;         /* unique among all behaviours, built-in, Lua and plugins */
    uint32_t phases;          /* CT_PLUGIN_PHASE_* mask */
    int thread_safe;          /* decide may run on several chunks at once */
    ct_plugin_chunk_fn decide; /* for CT_PLUGIN_PHASE_DECIDE */
    ct_plugin_step_fn step;   /* for CT_PLUGIN_PHASE_FIELDS and CT_PLUGIN_PHASE_STEP_END */
    void *user;
} ct_plugin_behaviour;

/* A per-site reaction term applied to the fields once per step (fields phase). */
typedef struct ct_plugin_reaction {
    uint32_t size;            /* sizeof(ct_plugin_reaction) */
    const char *name;         /* unique among behaviours */
    ct_plugin_reaction_fn react;
    void *user;
} ct_plugin_reaction;

/* A named per-cell attribute (one double per cell; daughters inherit the mother's value). */
typedef struct ct_plugin_attribute {
    uint32_t size;            /* sizeof(ct_plugin_attribute) */
    const char *name;
    double initial;           /* value of every cell that exists or is placed */
} ct_plugin_attribute;

/* An extra counts.csv column, after the cell type columns. */
typedef struct ct_plugin_column {
    uint32_t size;            /* sizeof(ct_plugin_column) */
    const char *name;         /* no comma, colon or quote; not a cell type name */
    int integer;              /* print as a whole number */
    ct_plugin_column_fn value;
    void *user;
} ct_plugin_column;

/* The host function table. Registration, parameter and lookup functions take the ctx of init and
   work only during init; the others take the sim of a callback. */
typedef struct ct_host_api {
    uint32_t abi_major, abi_minor; /* of the host */
    size_t size;                   /* sizeof the host's table: see CT_PLUGIN_HAS */

    /* ---- ABI 1.0: during init ---- */
    /* Names the plugin; call first. Returns 0 or a CT_PLUGIN_E* code (also below). */
    int (*describe)(ct_plugin_ctx *ctx, const ct_plugin_info *info);
    int (*add_behaviour)(ct_plugin_ctx *ctx, const ct_plugin_behaviour *b);
    int (*add_reaction)(ct_plugin_ctx *ctx, const ct_plugin_reaction *r);
    /* Returns the attribute index (for view->attr) or a negative code. */
    int (*add_attribute)(ct_plugin_ctx *ctx, const ct_plugin_attribute *a);
    int (*add_column)(ct_plugin_ctx *ctx, const ct_plugin_column *c);
    /* Scenario parameter "key" of this plugin (absent: def, written back into the resolved
       scenario). A value of the wrong kind or outside [min, max] is an error; keys the plugin
       never asks for are refused after init. */
    int (*param_number)(ct_plugin_ctx *ctx, const char *key, double def, double min, double max,
                        double *out);
    /* The string stays valid while the plugin is loaded. */
    int (*param_string)(ct_plugin_ctx *ctx, const char *key, const char *def, const char **out);
    /* Index of a cell type / field / attribute by name, or a negative code with a message. */
    int (*type_index)(ct_plugin_ctx *ctx, const char *name);
    int (*field_index)(ct_plugin_ctx *ctx, const char *name);
    int (*attribute_index)(ct_plugin_ctx *ctx, const char *name);
    /* Records why init fails (the user sees "FILE: message"); returns CT_PLUGIN_EINVAL. */
    int (*error)(ct_plugin_ctx *ctx, const char *fmt, ...) CT_PLUGIN_PRINTF(2, 3);

    /* ---- ABI 1.0: in callbacks ---- */
    /* Neighbour sites of site in a fixed order (none across a closed boundary); returns count. */
    int (*neighbours)(ct_plugin_sim *sim, uint32_t site, uint32_t out[CT_PLUGIN_MAX_NEIGHBOURS]);
    double (*field_value)(ct_plugin_sim *sim, int field, uint32_t site);
    /* Adds amount to the field's source at site (applied by the solver next step). In a
       thread-safe decide kernel the site must hold one of the kernel's own agents. */
    int (*add_source)(ct_plugin_sim *sim, int field, uint32_t site, double amount);
    /* Intents of agent i (decide kernels only, i in the kernel's own chunk). One intent replaces
       an earlier one of this step; the state change combines with any. */
    int (*move)(ct_plugin_sim *sim, size_t i, uint32_t target);
    int (*divide)(ct_plugin_sim *sim, size_t i, uint32_t target);
    int (*die)(ct_plugin_sim *sim, size_t i);
    int (*change_type)(ct_plugin_sim *sim, size_t i, int type);
    /* state: a state number of agent i's type (see state_index); any other stops the run with a
       message listing the type's states. */
    int (*set_state)(ct_plugin_sim *sim, size_t i, int state);
    /* The stream of (seed, step, agent id, purpose): independent of threads and memory order. */
    void (*agent_rng)(ct_plugin_sim *sim, size_t i, uint32_t purpose, ct_plugin_rng *out);
    double (*rng_uniform)(ct_plugin_rng *r);                /* [0, 1), 53 bits */
    uint32_t (*rng_below)(ct_plugin_rng *r, uint32_t bound); /* [0, bound), unbiased */
    double (*rng_normal)(ct_plugin_rng *r);                 /* standard normal */
    /* Stops the run with "plugin FILE: ITEM: message"; returns CT_PLUGIN_ESTATE to return. A
       column cannot stop the run: there the message is only printed. */
    int (*fail)(ct_plugin_sim *sim, const char *fmt, ...) CT_PLUGIN_PRINTF(2, 3);
    /* A line on stderr: "celltwin: plugin FILE: ITEM: message". */
    void (*log)(ct_plugin_sim *sim, const char *fmt, ...) CT_PLUGIN_PRINTF(2, 3);

    /* ---- ABI 1.1: during init (check CT_PLUGIN_HAS(host, state_index)) ---- */
    /* The number of the state called name of cell type `type` (what set_state takes and
       view->state holds: 0 is "default", then the scenario's state names in order), or a
       negative code with a message listing the type's states. */
    int (*state_index)(ct_plugin_ctx *ctx, int type, const char *name);

    /* ---- ABI 1.2: in decide kernels (check CT_PLUGIN_HAS(host, push)) ---- */
    /* After move() or divide() of agent i this step: when no target site is free, the cell
       pushes the chain of cells towards the nearest free site within radius sites (1 to 16) one
       site along (docs/scenario.md, "Pushing"). Returns CT_PLUGIN_EINVAL for another
       agent's cell, a radius out of range, or an agent with no move or division. */
    int (*push)(ct_plugin_sim *sim, size_t i, int radius);
    /* ---- new functions go here, with the minor version that added them ---- */
} ct_host_api;

/* Whether the host's table has function fn (a plugin built for a newer minor, on an older host). */
#define CT_PLUGIN_HAS(host, fn) \
    ((host)->size >= offsetof(ct_host_api, fn) + sizeof((host)->fn) && (host)->fn != NULL)

typedef int (*ct_plugin_init_fn)(const ct_host_api *host, ct_plugin_ctx *ctx);

/* The one exported symbol. Its first two fields are fixed for every major version. */
typedef struct ct_plugin_entry {
    uint32_t abi_major, abi_minor; /* the ABI the plugin was built for */
    ct_plugin_init_fn init;        /* returns 0, or non-zero (after host->error) to refuse */
} ct_plugin_entry;

#define CT_PLUGIN_ENTRY_SYMBOL "celltwin_plugin_entry"

/* Write once, at file scope, in the plugin: CT_PLUGIN_DEFINE(my_init); */
#define CT_PLUGIN_DEFINE(init_fn)                                                      \
    CT_PLUGIN_EXPORT extern const ct_plugin_entry celltwin_plugin_entry;               \
    const ct_plugin_entry celltwin_plugin_entry = {CT_PLUGIN_ABI_MAJOR, CT_PLUGIN_ABI_MINOR, \
                                                   init_fn}

#endif
