/* Compiled plugins (plugins/celltwin_plugin.h, docs/plugins.md): loading with ABI checks, the
 * scenario's "plugins" list, and rollback: a plugin that fails to load leaves nothing behind.
 * Plugin layer: for core/sim (ct_sim_create), the CLI (plugin info) and tests. */
#ifndef CT_PLUGIN_H
#define CT_PLUGIN_H

#include "celltwin_plugin.h"
#include "ct_error.h"
#include "ct_json.h"
#include "ct_scenario.h"

struct ct_sim;

#define CT_PLUGIN_MAX_ITEMS 64

enum ct_plugin_item_kind {
    CT_PLUGIN_ITEM_BEHAVIOUR,
    CT_PLUGIN_ITEM_REACTION,
    CT_PLUGIN_ITEM_ATTRIBUTE,
    CT_PLUGIN_ITEM_COLUMN
};

/* One registered item, as the plugin described it. Registry entries point at it (user). */
typedef struct ct_plugin_item {
    int kind;
    char name[64];
    const struct ct_plugin_ctx *plugin;
    unsigned phases;          /* behaviour: CT_PLUGIN_PHASE_* */
    int thread_safe;          /* behaviour */
    int integer;              /* column */
    double initial;           /* attribute */
    ct_plugin_chunk_fn decide;
    ct_plugin_step_fn step;
    ct_plugin_reaction_fn react;
    ct_plugin_column_fn column;
    void *user;
} ct_plugin_item;

/* A loaded plugin; the plugin sees it as its opaque ct_plugin_ctx. */
typedef struct ct_plugin_ctx {
    char *path;               /* as given: every message starts with it */
    char owner[64];           /* "plugin FILE.so": owner of its registrations */
    void *handle;             /* dlopen */
    uint64_t file_dev, file_ino; /* the file's identity: one file loads once per simulation */
    int file_known;           /* file_dev and file_ino are set */
    struct ct_sim *sim;       /* NULL in a dry run (plugin info): registrations are only recorded */
    uint32_t abi_major, abi_minor; /* built for */
    int described, in_init, failed;
    char name[64], version[32], description[256];
    void (*release)(void *user);
    void *release_user;
    cJSON *own_params;        /* dry run: an empty parameter object */
    ct_jobj params;
    ct_error json_err;        /* parameter errors */
    char msg[768];            /* why init failed, or the last lookup that failed */
    int n_items;
    ct_plugin_item items[CT_PLUGIN_MAX_ITEMS];
} ct_plugin;

/* Loads the plugin at path into sim (NULL: a dry run that only records what it registers); sim
   lists it and unloads it when freed. params is the scenario's "parameters" object for it (NULL:
   none) at json_path. On failure the message is "PATH: cause" and nothing of the plugin stays
   registered. */
int ct_plugin_load(const char *path, struct ct_sim *sim, cJSON *params, const char *json_path,
                   ct_plugin **out, ct_error *err);
/* Removes it from its simulation with its registrations, calls its release function, unloads it. */
void ct_plugin_unload(ct_plugin *p);

/* Loads the scenario's plugins into sim, in order; errors go to sim->err. */
int ct_plugins_load_all(struct ct_sim *sim);
/* Unloads them, last first. */
void ct_plugins_unload_all(struct ct_sim *sim);

/* Name of a phase mask for messages and listings ("decide", "fields+step_end"). */
const char *ct_plugin_phase_names(unsigned phases, char *buf, size_t n);

#endif
