/* The host function table of plugin ABI 1 (plugins/celltwin_plugin.h): registration, parameters
 * and lookups during init; lattice, fields, intents and random streams in callbacks. Every entry
 * checks its arguments: a plugin's mistake becomes a message, never a corrupt simulation. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ct_intent.h"
#include "ct_plugin_internal.h"
#include "ct_signals_decl.h"
#include "ct_rng.h"

_Static_assert(sizeof(ct_plugin_rng) == sizeof(ct_rng), "ct_plugin_rng must hold a ct_rng");
_Static_assert(CT_PLUGIN_DEAD == CT_DEAD_TYPE && CT_PLUGIN_EMPTY == CT_EMPTY &&
                   CT_PLUGIN_NO_SITE == CT_NO_SITE &&
                   CT_PLUGIN_MAX_NEIGHBOURS == CT_MAX_NEIGHBOURS,
               "ABI constants must match the engine's");
_Static_assert((int)CT_PLUGIN_PHASE_FIELDS == (int)CT_PHASE_FIELDS &&
                   (int)CT_PLUGIN_PHASE_DECIDE == (int)CT_PHASE_DECIDE &&
                   (int)CT_PLUGIN_PHASE_STEP_END == (int)CT_PHASE_STEP_END,
               "ABI phases must match the registry's");
_Static_assert((int)CT_PLUGIN_RNG_BUILTIN_DECIDE == (int)CT_RNG_DECIDE &&
                   (int)CT_PLUGIN_RNG_PLUGIN == (int)CT_RNG_PLUGIN &&
                   (int)CT_PLUGIN_RNG_USER == (int)CT_RNG_USER,
               "ABI stream purposes must match the engine's");

#define ALL_PHASES (CT_PLUGIN_PHASE_FIELDS | CT_PLUGIN_PHASE_DECIDE | CT_PLUGIN_PHASE_STEP_END)

/* ---- during init ---------------------------------------------------------------------------- */

/* Records why the plugin cannot load; returns code. Registration failures make init fail even if
   the plugin ignores them. */
static int refuse(ct_plugin *p, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(ct_plugin *p, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->failed = 1;
    return code;
}

/* Whether a registration call may go ahead: during init, after describe. */
static int registration_open(ct_plugin *p, const char *fn)
{
    if (!p->in_init)
        return 0;
    if (!p->described && strcmp(fn, "describe") != 0) {
        refuse(p, CT_PLUGIN_EINVAL, "%s() before describe()", fn);
        return 0;
    }
    return 1;
}

/* Copies a plugin's descriptor (first field: its size) into a zeroed struct of the host's size:
   fields the plugin's header did not have read as zero, fields the host does not know are not
   read (Redis-style versioned structs). */
static int read_desc(ct_plugin *p, const void *desc, size_t host_size, void *out, const char *fn)
{
    if (!desc)
        return refuse(p, CT_PLUGIN_EINVAL, "%s(): NULL descriptor", fn);
    uint32_t given = *(const uint32_t *)desc;
    if (given < host_size)
        return refuse(p, CT_PLUGIN_EINVAL,
                      "%s(): descriptor .size is %u, expected at least %zu (set it to sizeof)",
                      fn, given, host_size);
    memcpy(out, desc, host_size);
    return CT_PLUGIN_OK;
}

/* Names reach counts.csv, run.json and messages: UTF-8 keeps them readable. */
static int check_name(ct_plugin *p, const char *name, const char *fn)
{
    if (!name || !name[0] || strlen(name) >= sizeof p->items[0].name ||
        !ct_utf8_valid(name, strlen(name)))
        return refuse(p, CT_PLUGIN_EINVAL, "%s(): a name needs 1 to %zu bytes of UTF-8", fn,
                      sizeof p->items[0].name - 1);
    return CT_PLUGIN_OK;
}

/* Behaviours and reactions share the registry's names; attributes and columns have their own. */
static int name_space(int kind)
{
    return kind == CT_PLUGIN_ITEM_REACTION ? CT_PLUGIN_ITEM_BEHAVIOUR : kind;
}

/* Claims the next item record (counted once registered: p->n_items++). */
static ct_plugin_item *new_item(ct_plugin *p, int kind, const char *name, const char *fn)
{
    if (check_name(p, name, fn))
        return NULL;
    if (p->n_items == CT_PLUGIN_MAX_ITEMS) {
        refuse(p, CT_PLUGIN_ENOMEM, "%s(\"%s\"): at most %d items per plugin", fn, name,
               CT_PLUGIN_MAX_ITEMS);
        return NULL;
    }
    for (int i = 0; i < p->n_items; i++)
        if (name_space(p->items[i].kind) == name_space(kind) && !strcmp(p->items[i].name, name)) {
            refuse(p, CT_PLUGIN_EINVAL, "%s(\"%s\"): registered twice", fn, name);
            return NULL;
        }
    ct_plugin_item *it = &p->items[p->n_items];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->plugin = p;
    snprintf(it->name, sizeof it->name, "%s", name);
    return it;
}

/* What an add_* registers: its kind, its name in messages, the host's size of its descriptor and
   the function in it that must not be NULL (callback; NULL for none), at byte offset callback_at. */
typedef struct add_kind {
    int kind;
    const char *fn;
    size_t size;
    const char *callback;
    size_t callback_at;
} add_kind;

/* Every registration descriptor starts with these (plugins/celltwin_plugin.h). */
typedef struct desc_head {
    uint32_t size;
    const char *name;
} desc_head;

/* The start every add_* shares: registration open, the plugin's descriptor copied into the host's
   struct copy, its name checked before any message quotes it, its function present, and the item
   record claimed (counted once registered). NULL, with *rc the code to return, when refused. */
static ct_plugin_item *begin_add(ct_plugin *p, const add_kind *k, const void *desc, void *copy,
                                 int *rc)
{
    *rc = CT_PLUGIN_ESTATE;
    if (!registration_open(p, k->fn) || read_desc(p, desc, k->size, copy, k->fn))
        return NULL;
    *rc = CT_PLUGIN_EINVAL;
    desc_head head;
    void (*callback)(void) = NULL;
    memcpy(&head, copy, sizeof head);
    if (check_name(p, head.name, k->fn))
        return NULL;
    if (k->callback)
        memcpy(&callback, (const char *)copy + k->callback_at, sizeof callback);
    if (k->callback && !callback) {
        refuse(p, CT_PLUGIN_EINVAL, "%s(\"%s\"): .%s is NULL", k->fn, head.name, k->callback);
        return NULL;
    }
    return new_item(p, k->kind, head.name, k->fn);
}

static void copy_text(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int host_describe(ct_plugin_ctx *p, const ct_plugin_info *info)
{
    ct_plugin_info d;
    if (!registration_open(p, "describe") || read_desc(p, info, sizeof d, &d, "describe"))
        return CT_PLUGIN_ESTATE;
    if (p->described)
        return refuse(p, CT_PLUGIN_EINVAL, "describe() called twice");
    if (check_name(p, d.name, "describe"))
        return CT_PLUGIN_EINVAL;
    copy_text(p->name, sizeof p->name, d.name);
    copy_text(p->version, sizeof p->version, d.version);
    copy_text(p->description, sizeof p->description, d.description);
    p->release = d.release;
    p->release_user = d.user;
    p->described = 1;
    return CT_PLUGIN_OK;
}

/* Adds a behaviour entry for item to the simulation's registry (not in a dry run). The clash
   check comes first so the message names the owner of the name. */
static int register_behaviour(ct_plugin *p, ct_plugin_item *it, const char *fn)
{
    if (!p->sim)
        return CT_PLUGIN_OK;
    const ct_behaviour *same = ct_registry_find(&p->sim->registry, it->name);
    if (same)
        return refuse(p, CT_PLUGIN_EINVAL, "%s(\"%s\"): name already registered by %s", fn,
                      it->name, same->owner);
    ct_behaviour b = {.phases = it->phases, .thread_safe = it->thread_safe, .user = it};
    snprintf(b.name, sizeof b.name, "%s", it->name);
    snprintf(b.owner, sizeof b.owner, "%s", p->owner);
    if (it->kind == CT_PLUGIN_ITEM_REACTION) {
        b.fields = ct__plugin_run_reaction;
    } else {
        b.decide = ct__plugin_run_decide;
        b.fields = b.step_end = ct__plugin_run_step;
    }
    ct_error err;
    if (ct_registry_add(&p->sim->registry, &b, &err))
        return refuse(p, CT_PLUGIN_ENOMEM, "%s(\"%s\"): %s", fn, it->name, err.msg);
    return CT_PLUGIN_OK;
}

static int host_add_behaviour(ct_plugin_ctx *p, const ct_plugin_behaviour *desc)
{
    static const add_kind kind = {.kind = CT_PLUGIN_ITEM_BEHAVIOUR, .fn = "add_behaviour",
                                  .size = sizeof(ct_plugin_behaviour)};
    ct_plugin_behaviour d;
    int rc;
    ct_plugin_item *it = begin_add(p, &kind, desc, &d, &rc);
    if (!it)
        return rc;
    if (!d.phases || (d.phases & ~(uint32_t)ALL_PHASES))
        return refuse(p, CT_PLUGIN_EINVAL, "add_behaviour(\"%s\"): phases 0x%x is not a mask of "
                      "CT_PLUGIN_PHASE_*", d.name, d.phases);
    int wants_step = (d.phases & (CT_PLUGIN_PHASE_FIELDS | CT_PLUGIN_PHASE_STEP_END)) != 0;
    if ((d.phases & CT_PLUGIN_PHASE_DECIDE) && !d.decide)
        return refuse(p, CT_PLUGIN_EINVAL, "add_behaviour(\"%s\"): the decide phase needs .decide",
                      d.name);
    if (wants_step && !d.step)
        return refuse(p, CT_PLUGIN_EINVAL,
                      "add_behaviour(\"%s\"): the fields and step-end phases need .step",
                      d.name);
    it->phases = d.phases;
    it->thread_safe = d.thread_safe != 0;
    it->decide = d.decide;
    it->step = d.step;
    it->user = d.user;
    rc = register_behaviour(p, it, "add_behaviour");
    p->n_items += rc == CT_PLUGIN_OK;
    return rc;
}

static int host_add_reaction(ct_plugin_ctx *p, const ct_plugin_reaction *desc)
{
    static const add_kind kind = {.kind = CT_PLUGIN_ITEM_REACTION, .fn = "add_reaction",
                                  .size = sizeof(ct_plugin_reaction), .callback = "react",
                                  .callback_at = offsetof(ct_plugin_reaction, react)};
    ct_plugin_reaction d;
    int rc;
    ct_plugin_item *it = begin_add(p, &kind, desc, &d, &rc);
    if (!it)
        return rc;
    /* a reaction runs as a fields-phase behaviour of its own name */
    it->phases = CT_PLUGIN_PHASE_FIELDS;
    it->react = d.react;
    it->user = d.user;
    rc = register_behaviour(p, it, "add_reaction");
    p->n_items += rc == CT_PLUGIN_OK;
    return rc;
}

static int dry_attribute_index(const ct_plugin *p, const char *name)
{
    int k = 0;
    for (int i = 0; i < p->n_items; i++) {
        if (p->items[i].kind != CT_PLUGIN_ITEM_ATTRIBUTE)
            continue;
        if (!strcmp(p->items[i].name, name))
            return k;
        k++;
    }
    return k;
}

static int host_add_attribute(ct_plugin_ctx *p, const ct_plugin_attribute *desc)
{
    static const add_kind kind = {.kind = CT_PLUGIN_ITEM_ATTRIBUTE, .fn = "add_attribute",
                                  .size = sizeof(ct_plugin_attribute)};
    ct_plugin_attribute d;
    int rc;
    ct_plugin_item *it = begin_add(p, &kind, desc, &d, &rc);
    if (!it)
        return rc;
    it->initial = d.initial;
    int k = dry_attribute_index(p, it->name);
    if (p->sim) {
        ct_error err;
        k = ct_agents_add_attribute(&p->sim->ag, it->name, d.initial, &err);
        if (k < 0)
            return refuse(p, k, "add_attribute(\"%s\"): %s", it->name, err.msg);
    }
    p->n_items++;
    return k;
}

static int host_add_column(ct_plugin_ctx *p, const ct_plugin_column *desc)
{
    static const add_kind kind = {.kind = CT_PLUGIN_ITEM_COLUMN, .fn = "add_column",
                                  .size = sizeof(ct_plugin_column), .callback = "value",
                                  .callback_at = offsetof(ct_plugin_column, value)};
    ct_plugin_column d;
    int rc;
    ct_plugin_item *it = begin_add(p, &kind, desc, &d, &rc);
    if (!it)
        return rc;
    it->integer = d.integer != 0;
    it->column = d.value;
    it->user = d.user;
    if (p->sim) {
        ct_column c = {.integer = it->integer, .value = ct__plugin_run_column, .user = it};
        snprintf(c.name, sizeof c.name, "%s", it->name);
        snprintf(c.owner, sizeof c.owner, "%s", p->owner);
        ct_error err;
        if ((rc = ct_sim_add_column(p->sim, &c, &err)))
            return refuse(p, rc, "add_column(\"%s\"): %s", it->name, err.msg);
    }
    p->n_items++;
    return CT_PLUGIN_OK;
}

/* Parameter errors name the scenario file and JSON path (ct_json.h); the loader adds the plugin. */
static int param_result(ct_plugin *p, int rc)
{
    return rc ? refuse(p, rc, "%s", p->json_err.msg) : CT_PLUGIN_OK;
}

static int host_param_number(ct_plugin_ctx *p, const char *key, double def, double min,
                             double max, double *out)
{
    if (!p->in_init || !key || !out)
        return CT_PLUGIN_EINVAL;
    return param_result(p, ct_jobj_number(&p->params, key, CT_JSON_OPTIONAL, def, min, max, out));
}

static int host_param_string(ct_plugin_ctx *p, const char *key, const char *def, const char **out)
{
    if (!p->in_init || !key || !out)
        return CT_PLUGIN_EINVAL;
    return param_result(p, ct_jobj_string(&p->params, key, CT_JSON_OPTIONAL, def, out));
}

/* A lookup that fails does not fail init by itself (the plugin may go on without the name), but
   its message is kept for the plugin that returns the error. */
/* A name a plugin looked up, as a message may quote it (a message must stay UTF-8). */
static const char *quotable(const char *name)
{
    return !name ? "" : ct_utf8_valid(name, strlen(name)) ? name : "(a name that is not UTF-8)";
}

static int lookup_result(ct_plugin *p, int index, const char *kind, const char *name)
{
    if (index >= 0)
        return index;
    snprintf(p->msg, sizeof p->msg, "the scenario has no %s \"%s\"", kind, quotable(name));
    return CT_PLUGIN_EINVAL;
}

/* In a dry run there is no scenario: every name is found, as index 0. */
static int host_type_index(ct_plugin_ctx *p, const char *name)
{
    if (!p->sim)
        return 0;
    return lookup_result(p, name ? ct_scenario_type_index(p->sim->sc, name) : -1, "cell type",
                         name);
}

static int host_field_index(ct_plugin_ctx *p, const char *name)
{
    if (!p->sim)
        return 0;
    return lookup_result(p, name ? ct_scenario_field_index(p->sim->sc, name) : -1, "field", name);
}

static int host_attribute_index(ct_plugin_ctx *p, const char *name)
{
    if (!p->sim)
        return name ? dry_attribute_index(p, name) : 0;
    return lookup_result(p, name ? ct_agents_attribute_index(&p->sim->ag, name) : -1,
                         "cell attribute", name);
}

/* The state number of a state of a cell type, as set_state takes it and view->state holds it. */
static int host_state_index(ct_plugin_ctx *p, int type, const char *name)
{
    if (!p->sim)
        return 0;
    const ct_scenario *sc = p->sim->sc;
    if (type < 0 || type >= sc->n_types) {
        snprintf(p->msg, sizeof p->msg, "state_index(): %d is not a cell type index (0 to %d)",
                 type, sc->n_types - 1);
        return CT_PLUGIN_EINVAL;
    }
    int state = name ? ct_decl_state_index(sc, &sc->types[type], name) : -1;
    if (state >= 0)
        return state;
    char states[512];
    ct_decl_describe_states(sc, &sc->types[type], states, sizeof states);
    snprintf(p->msg, sizeof p->msg, "cell type \"%s\" has no state \"%s\" (its states: %s)",
             sc->types[type].name, quotable(name), states);
    return CT_PLUGIN_EINVAL;
}

static int host_error(ct_plugin_ctx *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->failed = 1;
    return CT_PLUGIN_EINVAL;
}

/* ---- in callbacks --------------------------------------------------------------------------- */

static int host_neighbours(ct_plugin_sim *h, uint32_t site, uint32_t out[CT_PLUGIN_MAX_NEIGHBOURS])
{
    if (site >= h->sim->lat.n_sites)
        return 0;
    return ct_lattice_neighbours(&h->sim->lat, site, out);
}

static double host_field_value(ct_plugin_sim *h, int field, uint32_t site)
{
    const ct_fields *f = &h->sim->fields;
    if (field < 0 || field >= f->n || site >= f->n_sites)
        return NAN;
    return f->value[field][site];
}

/* Whether the call may write agent i: deciding, and i among the agents it was given. */
static int owns_agent(const ct_plugin_sim *h, size_t i)
{
    return h->deciding && i >= h->begin && i < h->end && i < h->sim->ag.n &&
           h->sim->ag.type[i] != CT_DEAD_TYPE;
}

static int host_add_source(ct_plugin_sim *h, int field, uint32_t site, double amount)
{
    ct_fields *f = &h->sim->fields;
    if (field < 0 || field >= f->n || site >= f->n_sites)
        return CT_PLUGIN_EINVAL;
    /* in parallel decide kernels a site is written only by the call that owns its agent */
    if (h->deciding && h->item->thread_safe && !owns_agent(h, h->sim->lat.slot[site]))
        return CT_PLUGIN_EINVAL;
    f->source[field][site] += (float)amount;
    return CT_PLUGIN_OK;
}

static int host_move(ct_plugin_sim *h, size_t i, uint32_t target)
{
    if (!owns_agent(h, i))
        return CT_PLUGIN_EINVAL;
    ct_intent_move(h->sim, i, target);
    return CT_PLUGIN_OK;
}

static int host_divide(ct_plugin_sim *h, size_t i, uint32_t target)
{
    if (!owns_agent(h, i))
        return CT_PLUGIN_EINVAL;
    ct_intent_divide(h->sim, i, target);
    return CT_PLUGIN_OK;
}

/* ABI 1.2: after move or divide of agent i this step. */
static int host_push(ct_plugin_sim *h, size_t i, int radius)
{
    if (!owns_agent(h, i) || radius < 1 || radius > CT_PUSH_MAX_RADIUS ||
        (h->sim->intent[i] != CT_INTENT_MOVE && h->sim->intent[i] != CT_INTENT_DIVIDE))
        return CT_PLUGIN_EINVAL;
    ct_intent_push(h->sim, i, radius);
    return CT_PLUGIN_OK;
}

static int host_die(ct_plugin_sim *h, size_t i)
{
    if (!owns_agent(h, i))
        return CT_PLUGIN_EINVAL;
    ct_intent_die(h->sim, i);
    return CT_PLUGIN_OK;
}

static int host_change_type(ct_plugin_sim *h, size_t i, int type)
{
    if (!owns_agent(h, i) || type < 0 || type >= h->sim->sc->n_types)
        return CT_PLUGIN_EINVAL;
    ct_intent_change_type(h->sim, i, type);
    return CT_PLUGIN_OK;
}

/* A state the agent's type lacks stops the run: ignored, it would leave the cell in no state. */
static int host_set_state(ct_plugin_sim *h, size_t i, int state)
{
    if (!owns_agent(h, i))
        return CT_PLUGIN_EINVAL;
    const ct_scenario *sc = h->sim->sc;
    const ct_type_params *tp = &sc->types[h->sim->ag.type[i]];
    if (!ct_decl_state_allowed(tp, state)) {
        char states[512], msg[768];
        ct_decl_describe_states(sc, tp, states, sizeof states);
        snprintf(msg, sizeof msg,
                 "set_state(cell id %llu, %d): cell type \"%s\" has no state %d (its states: %s)",
                 (unsigned long long)h->sim->ag.id[i], state, tp->name, state, states);
        ct__plugin_report(h, msg);
        return CT_PLUGIN_EINVAL;
    }
    ct_intent_set_state(h->sim, i, state);
    return CT_PLUGIN_OK;
}

static void host_agent_rng(ct_plugin_sim *h, size_t i, uint32_t purpose, ct_plugin_rng *out)
{
    ct_rng r = {0, 1};
    if (i < h->sim->ag.n)
        r = ct_sim_agent_rng(h->sim, i, purpose);
    memcpy(out, &r, sizeof r);
}

/* The plugin holds the state of a ct_rng; the ct_rng functions run on a copy of it. */
static ct_rng rng_in(const ct_plugin_rng *r)
{
    ct_rng g;
    memcpy(&g, r, sizeof g);
    return g;
}

static void rng_out(ct_plugin_rng *r, const ct_rng *g)
{
    memcpy(r, g, sizeof *g);
}

static double host_rng_uniform(ct_plugin_rng *r)
{
    ct_rng g = rng_in(r);
    double x = ct_rng_uniform(&g);
    rng_out(r, &g);
    return x;
}

static uint32_t host_rng_below(ct_plugin_rng *r, uint32_t bound)
{
    ct_rng g = rng_in(r);
    uint32_t x = bound ? ct_rng_below(&g, bound) : 0;
    rng_out(r, &g);
    return x;
}

static double host_rng_normal(ct_plugin_rng *r)
{
    ct_rng g = rng_in(r);
    double x = ct_rng_normal(&g);
    rng_out(r, &g);
    return x;
}

static int host_fail(ct_plugin_sim *h, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (h->may_fail)
        ct__plugin_report(h, msg);
    else
        fprintf(stderr, "celltwin: plugin %s: %s: %s\n", h->item->plugin->path, h->item->name, msg);
    return CT_PLUGIN_ESTATE;
}

static void host_log(ct_plugin_sim *h, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "celltwin: plugin %s: %s: %s\n", h->item->plugin->path, h->item->name, msg);
}

static const ct_host_api host_api = {
    .abi_major = CT_PLUGIN_ABI_MAJOR,
    .abi_minor = CT_PLUGIN_ABI_MINOR,
    .size = sizeof(ct_host_api),
    .describe = host_describe,
    .add_behaviour = host_add_behaviour,
    .add_reaction = host_add_reaction,
    .add_attribute = host_add_attribute,
    .add_column = host_add_column,
    .param_number = host_param_number,
    .param_string = host_param_string,
    .type_index = host_type_index,
    .field_index = host_field_index,
    .attribute_index = host_attribute_index,
    .error = host_error,
    .neighbours = host_neighbours,
    .field_value = host_field_value,
    .add_source = host_add_source,
    .move = host_move,
    .divide = host_divide,
    .die = host_die,
    .change_type = host_change_type,
    .set_state = host_set_state,
    .agent_rng = host_agent_rng,
    .rng_uniform = host_rng_uniform,
    .rng_below = host_rng_below,
    .rng_normal = host_rng_normal,
    .fail = host_fail,
    .log = host_log,
    .state_index = host_state_index,
    .push = host_push,
};

const ct_host_api *ct__plugin_host(void)
{
    return &host_api;
}
