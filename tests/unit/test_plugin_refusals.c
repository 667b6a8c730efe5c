/* Plugins that must be refused (wrong ABI, no entry symbol, failing init, name clash, bad
 * parameters): the message names the file and the cause, and nothing of the plugin stays. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_plugin.h"
#include "ct_sim_create.h"
#include "harness.h"
#include "sim_helpers.h"

static const char *base =
    "{\"domain\":{\"size\":[40,40]},\"dt\":1,\"steps\":0,\"seed\":3,"
    "\"fields\":{\"virus\":{\"diffusion\":0}},\"cell_types\":{\"cd8\":{},\"tumour\":{}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"tumour\",\"min\":[0,0],\"max\":[400,400],"
    "\"count\":100}]}";

/* What a simulation has registered: must not change when a load is refused. */
typedef struct registered {
    int behaviours, attributes, columns, plugins;
} registered;

static registered registered_in(const ct_sim *sim)
{
    return (registered){sim->registry.n, sim->ag.n_attr, sim->columns.n, sim->n_plugins};
}

static int same(registered a, registered b)
{
    return a.behaviours == b.behaviours && a.attributes == b.attributes && a.columns == b.columns &&
           a.plugins == b.plugins;
}

/* Loads rel into sim (or a dry run when sim is NULL), expecting "PATH: ...cause...". */
static void expect_refused(ct_sim *sim, const char *rel, const char *cause)
{
    const char *path = th_plugin(rel);
    registered before = sim ? registered_in(sim) : (registered){0, 0, 0, 0};
    ct_plugin *p = NULL;
    ct_error err = {0};
    CHECK(ct_plugin_load(path, sim, NULL, NULL, &p, &err) != CT_OK);
    CHECK(p == NULL);
    printf("    %s\n", err.msg);
    size_t n = strlen(path);
    CHECK(strncmp(err.msg, path, n) == 0 && err.msg[n] == ':');
    CHECK(strstr(err.msg, cause) != NULL);
    if (sim)
        CHECK(same(before, registered_in(sim)));
}

static ct_sim *new_sim(ct_scenario **sc)
{
    *sc = th_scenario(base);
    return th_sim(*sc);
}

TEST(plugin_refuses_wrong_abi_major)
{
    ct_scenario *sc;
    ct_sim *sim = new_sim(&sc);
    if (!CHECK(sim != NULL))
        return;
    expect_refused(sim, "tests/plugins/wrong_abi.so",
                   "built for plugin ABI 99.0, but this celltwin provides ABI 1.");
    expect_refused(NULL, "tests/plugins/wrong_abi.so", "built for plugin ABI 99.0");
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(plugin_refuses_missing_entry_symbol_and_missing_file)
{
    ct_scenario *sc;
    ct_sim *sim = new_sim(&sc);
    if (!CHECK(sim != NULL))
        return;
    expect_refused(sim, "tests/plugins/no_entry.so", "no symbol celltwin_plugin_entry");
    expect_refused(sim, "tests/plugins/does_not_exist.so", "cannot open: No such file");
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(plugin_failing_init_leaves_nothing_registered)
{
    ct_scenario *sc;
    ct_sim *sim = new_sim(&sc);
    if (!CHECK(sim != NULL))
        return;
    /* it registered a behaviour, a reaction, an attribute and a column before failing */
    expect_refused(sim, "tests/plugins/failing_init.so", "init failed: the model needs a licence key");
    CHECK(ct_registry_find(&sim->registry, "failing_behaviour") == NULL);
    CHECK(ct_registry_find(&sim->registry, "failing_reaction") == NULL);
    CHECK(ct_agents_attribute_index(&sim->ag, "failing_attribute") < 0);
    expect_refused(NULL, "tests/plugins/failing_init.so", "the model needs a licence key");
    CHECK(th_run_checked(sim, 2) == 0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(plugin_name_clash_with_another_plugin_is_refused_and_rolled_back)
{
    ct_scenario *sc;
    ct_sim *sim = new_sim(&sc);
    if (!CHECK(sim != NULL))
        return;
    ct_plugin *kill = NULL;
    ct_error err = {0};
    CHECK(ct_plugin_load(th_plugin("plugins/contact_kill.so"), sim, NULL, NULL, &kill, &err) ==
          CT_OK);
    CHECK(sim->registry.n == 1 && sim->columns.n == 1);
    expect_refused(sim, "tests/plugins/clash.so",
                   "add_behaviour(\"contact_kill\"): name already registered by plugin "
                   "contact_kill.so");
    CHECK(ct_agents_attribute_index(&sim->ag, "clash_attribute") < 0);
    CHECK(sim->columns.n == 1 && !strcmp(sim->columns.items[0].name, "kills"));
    CHECK(!strcmp(ct_registry_find(&sim->registry, "contact_kill")->owner,
                  "plugin contact_kill.so"));
    /* the same file twice would share owners: refused before it runs */
    expect_refused(sim, "plugins/contact_kill.so", "already loaded");
    ct_plugin_unload(kill);
    CHECK(sim->registry.n == 0 && sim->columns.n == 0);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* One file reached through a link (another name) or another path would share the plugin's static
   data between two loads: refused, and the first load keeps working. */
TEST(plugin_file_loaded_twice_through_a_link_is_refused)
{
    ct_scenario *sc;
    ct_sim *sim = new_sim(&sc);
    if (!CHECK(sim != NULL))
        return;
    char link[600], other_path[1200];
    const char *kill_path = th_plugin("plugins/contact_kill.so");
    snprintf(link, sizeof link, "%s/kill_link.so", ct_test_tmpdir());
    remove(link);
    char target[PATH_MAX];
    CHECK(realpath(kill_path, target) != NULL && symlink(target, link) == 0);
    ct_plugin *kill = NULL, *again = NULL;
    ct_error err = {0};
    CHECK(ct_plugin_load(kill_path, sim, NULL, NULL, &kill, &err) == CT_OK);
    registered before = registered_in(sim);
    CHECK(ct_plugin_load(link, sim, NULL, NULL, &again, &err) == CT_EINVAL && again == NULL);
    printf("    %s\n", err.msg);
    char want[1400];
    snprintf(want, sizeof want, "%s: the same file as %s, already loaded (through a link or "
             "another path)", link, kill_path);
    CHECK(th_says(err.msg, want));
    CHECK(same(before, registered_in(sim)));
    /* another spelling of the same path, same file name: refused as well */
    const char *slash = strrchr(kill_path, '/');
    snprintf(other_path, sizeof other_path, "%.*s/./%s", (int)(slash - kill_path), kill_path,
             slash + 1);
    CHECK(ct_plugin_load(other_path, sim, NULL, NULL, &again, &err) == CT_EINVAL);
    CHECK(th_run_checked(sim, 2) == 0);
    remove(link);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* The scenario with a "plugins" value spliced in before the closing brace. */
static const char *with_plugins(const char *plugins)
{
    static char json[4096];
    snprintf(json, sizeof json, "%.*s,\"plugins\":%s}", (int)strlen(base) - 1, base, plugins);
    return json;
}

static const char *plugin_entry(const char *rel, const char *parameters)
{
    static char entry[2048];
    snprintf(entry, sizeof entry, "[{\"path\":\"%s\",\"parameters\":%s}]", th_plugin(rel),
             parameters);
    return entry;
}

TEST(plugin_scenario_entries_are_strict)
{
    const char *msg = th_scenario_error(with_plugins("{}"));
    printf("    %s\n", msg);
    CHECK(strstr(msg, "test.json: /plugins: expected an array"));
    msg = th_scenario_error(with_plugins("[{\"paht\":\"x.so\"}]"));
    printf("    %s\n", msg);
    CHECK(strstr(msg, "/plugins/0") && strstr(msg, "path"));
    msg = th_scenario_error(with_plugins(plugin_entry("plugins/contact_kill.so", "{\"rat\":1}")));
    printf("    %s\n", msg);
    CHECK(strstr(msg, "contact_kill.so: test.json: /plugins/0/parameters/rat: unknown key "
                      "(did you mean \"rate\"?)"));
    msg = th_scenario_error(with_plugins(plugin_entry("plugins/contact_kill.so",
                                                      "{\"rate\":\"fast\"}")));
    printf("    %s\n", msg);
    CHECK(strstr(msg, "/plugins/0/parameters/rate: expected a number in [0, 1e+09]"));
    msg = th_scenario_error(with_plugins(plugin_entry("plugins/contact_kill.so",
                                                      "{\"killer\":\"nk\"}")));
    printf("    %s\n", msg);
    CHECK(strstr(msg, "contact_kill.so: init failed: the scenario has no cell type \"nk\""));
}
