/* Plugin lifecycle: dlopen, ABI check, init against the host table, and rollback of everything a
 * plugin registered when any step fails; the scenario's "plugins" list. */
#include "ct_plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_plugin_internal.h"

/* Removes the plugin from its simulation's list, and what it registered there. */
static void withdraw(ct_plugin *p)
{
    if (!p->sim)
        return;
    ct_sim *sim = p->sim;
    for (int i = 0; i < sim->n_plugins; i++)
        if (sim->plugins[i] == p) {
            memmove(sim->plugins + i, sim->plugins + i + 1,
                    (size_t)(sim->n_plugins - i - 1) * sizeof *sim->plugins);
            sim->n_plugins--;
            break;
        }
    ct_registry_remove_owner(&p->sim->registry, p->owner);
    ct_columns_remove_owner(&p->sim->columns, p->owner);
    for (int i = p->n_items - 1; i >= 0; i--)
        if (p->items[i].kind == CT_PLUGIN_ITEM_ATTRIBUTE)
            ct_agents_remove_attribute(&p->sim->ag, p->items[i].name);
}

void ct_plugin_unload(ct_plugin *p)
{
    if (!p)
        return;
    withdraw(p);
    if (p->described && p->release)
        p->release(p->release_user);
    if (p->handle)
        dlclose(p->handle);
    cJSON_Delete(p->own_params);
    ct_free(p->path);
    ct_free(p);
}

/* Owner "plugin NAME.so"; one file name per simulation, so owners never mix. The plugin joins
   sim only once its owner is known to be its own: a refusal here must not withdraw the other's. */
static int set_owner(ct_plugin *p, ct_sim *sim, ct_error *err)
{
    const char *slash = strrchr(p->path, '/');
    snprintf(p->owner, sizeof p->owner, "plugin %s", slash ? slash + 1 : p->path);
    for (int i = 0; sim && i < sim->n_plugins; i++)
        if (!strcmp(sim->plugins[i]->owner, p->owner))
            return ct_error_set(err, CT_EINVAL, "%s: a plugin of this file name is already loaded "
                                "from %s", p->path, sim->plugins[i]->path);
    p->sim = sim;
    return CT_OK;
}

/* dlopen would block on a FIFO and read a device without end: only a regular file of a sane
   size goes to it. */
static int refuse_irregular(const char *path, ct_error *err)
{
    FILE *fp;
    int rc = ct_io_fopen_read(path, CT_IO_MAX_PLUGIN_BYTES, "plugin", &fp, err);
    if (!rc)
        fclose(fp);
    return rc;
}

/* dlopen gives one file, reached through a link or another path, the same handle and the same
   static data: loaded twice, two plugins would share state. So a file loads once per simulation;
   a file that cannot be examined is left for dlopen to report. */
static int check_new_file(ct_plugin *p, const ct_sim *sim, ct_error *err)
{
    struct stat st;
    if (stat(p->path, &st) != 0)
        return CT_OK;
    p->file_dev = (uint64_t)st.st_dev;
    p->file_ino = (uint64_t)st.st_ino;
    p->file_known = 1;
    for (int i = 0; sim && i < sim->n_plugins; i++) {
        const ct_plugin *other = sim->plugins[i];
        if (other->file_known && other->file_dev == p->file_dev && other->file_ino == p->file_ino)
            return ct_error_set(err, CT_EINVAL,
                                "%s: the same file as %s, already loaded (through a link or "
                                "another path): a plugin file loads once per scenario",
                                p->path, other->path);
    }
    return CT_OK;
}

static int open_library(ct_plugin *p, const ct_plugin_entry **entry, ct_error *err)
{
    /* a name without a slash is a file here, not a library for dlopen to search the system for */
    char local[4200];
    const char *path = p->path;
    if (!strchr(path, '/') && snprintf(local, sizeof local, "./%s", path) < (int)sizeof local)
        path = local;
    int rc = refuse_irregular(path, err);
    if (rc)
        return rc;
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle)
        return ct_error_set(err, CT_EINVAL, "%s: cannot load: %s", p->path, dlerror());
    *entry = dlsym(p->handle, CT_PLUGIN_ENTRY_SYMBOL);
    if (!*entry)
        return ct_error_set(err, CT_EINVAL,
                            "%s: no symbol " CT_PLUGIN_ENTRY_SYMBOL
                            " (a plugin ends with CT_PLUGIN_DEFINE(init))", p->path);
    p->abi_major = (*entry)->abi_major;
    p->abi_minor = (*entry)->abi_minor;
    if (p->abi_major != CT_PLUGIN_ABI_MAJOR)
        return ct_error_set(err, CT_EINVAL,
                            "%s: built for plugin ABI %u.%u, but this celltwin provides ABI %d.%d "
                            "(rebuild it with this celltwin's celltwin_plugin.h)",
                            p->path, p->abi_major, p->abi_minor, CT_PLUGIN_ABI_MAJOR,
                            CT_PLUGIN_ABI_MINOR);
    if (!(*entry)->init)
        return ct_error_set(err, CT_EINVAL, "%s: its entry has no init function", p->path);
    return CT_OK;
}

/* The plugin's parameters; a dry run reads an empty object, so every parameter takes its default. */
static int open_params(ct_plugin *p, cJSON *params, const char *json_path, ct_error *err)
{
    if (!params && !(params = p->own_params = cJSON_CreateObject()))
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", p->path);
    char path[512];
    snprintf(path, sizeof path, "%s/parameters", json_path ? json_path : "");
    const char *file = p->sim ? p->sim->sc->file : p->path;
    if (ct_jobj_open(&p->params, file, &p->json_err, params, path))
        return ct_error_set(err, CT_EINVAL, "%s: %s", p->path, p->json_err.msg);
    return CT_OK;
}

static int run_init(ct_plugin *p, const ct_plugin_entry *entry, ct_error *err)
{
    p->in_init = 1;
    int rc = entry->init(ct__plugin_host(), p);
    p->in_init = 0;
    if (rc || p->failed)
        return ct_error_set(err, CT_EINVAL, "%s: init failed: %s", p->path,
                            p->msg[0] ? p->msg : "it returned an error without a message");
    if (!p->described)
        return ct_error_set(err, CT_EINVAL, "%s: init did not call describe()", p->path);
    if (ct_jobj_close(&p->params)) /* parameters the plugin never asked for */
        return ct_error_set(err, CT_EINVAL, "%s: %s", p->path, p->json_err.msg);
    return CT_OK;
}

/* Lists the plugin in its simulation, which unloads it when freed. */
static int join_sim(ct_plugin *p, ct_error *err)
{
    ct_sim *sim = p->sim;
    ct_plugin **list = ct_realloc(sim->plugins, (size_t)(sim->n_plugins + 1) * sizeof *list);
    if (!list)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", p->path);
    sim->plugins = list;
    sim->plugins[sim->n_plugins++] = p;
    return CT_OK;
}

int ct_plugin_load(const char *path, struct ct_sim *sim, cJSON *params, const char *json_path,
                   ct_plugin **out, ct_error *err)
{
    *out = NULL;
    ct_plugin *p = ct_calloc(1, sizeof *p);
    if (!p || !(p->path = ct_strdup(path))) {
        ct_free(p);
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    }
    const ct_plugin_entry *entry = NULL;
    int rc = check_new_file(p, sim, err);
    if (!rc)
        rc = set_owner(p, sim, err);
    if (!rc)
        rc = open_library(p, &entry, err);
    if (!rc)
        rc = open_params(p, params, json_path, err);
    if (!rc)
        rc = run_init(p, entry, err);
    if (!rc && sim)
        rc = join_sim(p, err);
    if (rc) {
        ct_plugin_unload(p); /* rollback: registrations, the plugin's own state, the library */
        return rc;
    }
    *out = p;
    return CT_OK;
}

int ct_plugins_load_all(ct_sim *sim)
{
    const ct_scenario *sc = sim->sc;
    for (int i = 0; i < sc->n_plugins; i++) {
        const ct_plugin_spec *s = &sc->plugins[i];
        ct_plugin *p;
        int rc = ct_plugin_load(s->path, sim, s->parameters, s->json_path, &p, &sim->err);
        if (rc)
            return rc;
    }
    return CT_OK;
}

void ct_plugins_unload_all(ct_sim *sim)
{
    while (sim->n_plugins > 0)
        ct_plugin_unload(sim->plugins[sim->n_plugins - 1]);
    ct_free(sim->plugins);
    sim->plugins = NULL;
}

const char *ct_plugin_phase_names(unsigned phases, char *buf, size_t n)
{
    static const char *const names[] = {"fields", "decide", "step_end"};
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < 3; k++)
        if (phases & (1u << k))
            used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s",
                                     used ? "+" : "", names[k]);
    return buf;
}
