/* `celltwin plugin info FILE.so`: what a plugin provides and which ABI it was built for, from a
 * dry run of its init that records registrations without a simulation. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ct_plugin.h"

static const char plugin_help[] =
    "usage: celltwin plugin info FILE.so\n"
    "Loads the plugin without a scenario (parameters take their defaults, every cell type and\n"
    "field name is accepted) and lists the ABI it was built for and what it registers.\n";

static void print_item(const ct_plugin_item *it)
{
    char phases[64];
    switch (it->kind) {
    case CT_PLUGIN_ITEM_BEHAVIOUR:
        printf("  behaviour  %-24s phases %s%s\n", it->name,
               ct_plugin_phase_names(it->phases, phases, sizeof phases),
               it->phases & CT_PLUGIN_PHASE_DECIDE
                   ? (it->thread_safe ? ", thread safe" : ", not thread safe (runs alone)")
                   : "");
        break;
    case CT_PLUGIN_ITEM_REACTION:
        printf("  reaction   %-24s per site, fields phase\n", it->name);
        break;
    case CT_PLUGIN_ITEM_ATTRIBUTE:
        printf("  attribute  %-24s initial %g\n", it->name, it->initial);
        break;
    default:
        printf("  column     %-24s counts.csv, %s\n", it->name, it->integer ? "integer" : "real");
    }
}

static void print_info(const ct_plugin *p)
{
    printf("%s\n", p->path);
    printf("  name         %s\n", p->name);
    printf("  version      %s\n", p->version[0] ? p->version : "(none)");
    printf("  description  %s\n", p->description[0] ? p->description : "(none)");
    printf("  built for    plugin ABI %u.%u (this celltwin: %d.%d)\n", p->abi_major,
           p->abi_minor, CT_PLUGIN_ABI_MAJOR, CT_PLUGIN_ABI_MINOR);
    printf("provides %d item%s:\n", p->n_items, p->n_items == 1 ? "" : "s");
    for (int i = 0; i < p->n_items; i++)
        print_item(&p->items[i]);
}

int ct_cli_plugin(int argc, char **argv)
{
    const char *last = argv[argc - 1];
    if (argc <= 3 && (!strcmp(last, "--help") || !strcmp(last, "-h"))) {
        fputs(plugin_help, stdout);
        return 0;
    }
    if (argc != 3 || strcmp(argv[1], "info") != 0) {
        fputs(plugin_help, stderr);
        return 2;
    }
    ct_error err = {0};
    ct_plugin *p;
    if (ct_plugin_load(argv[2], NULL, NULL, NULL, &p, &err)) {
        fprintf(stderr, "celltwin: %s\n", err.msg);
        return 1;
    }
    print_info(p);
    ct_plugin_unload(p);
    return 0;
}
