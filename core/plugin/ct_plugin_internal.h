/* Between the plugin modules only: the host table (ct_plugin_host.c) and the calls from the
 * engine into plugin items (ct_plugin_call.c). */
#ifndef CT_PLUGIN_INTERNAL_H
#define CT_PLUGIN_INTERNAL_H

#include "ct_plugin.h"
#include "ct_sim.h"

/* What a plugin callback's ct_plugin_sim handle is: built on the stack for each call. */
struct ct_plugin_sim {
    ct_sim *sim;
    const ct_plugin_item *item;
    size_t begin, end;  /* the agents whose intents and sites this call may write */
    int deciding;       /* intents allowed */
    int may_fail;       /* fail() stops the run (not from columns, which cannot stop it) */
    int failed;         /* fail() was called */
};

/* The table handed to every plugin's init. */
const ct_host_api *ct__plugin_host(void);
/* Records "plugin FILE: ITEM: msg" as the run's error (the first one wins). */
void ct__plugin_report(struct ct_plugin_sim *h, const char *msg);

/* Engine-side entry points of items, installed in the registry and the column list. */
int ct__plugin_run_decide(void *item, ct_sim *sim, size_t begin, size_t end);
int ct__plugin_run_step(void *item, ct_sim *sim);
int ct__plugin_run_reaction(void *item, ct_sim *sim);
double ct__plugin_run_column(void *item, const ct_sim *sim);

#endif
