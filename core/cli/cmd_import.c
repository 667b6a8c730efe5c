/* `celltwin import physicell CONFIG.xml [--rules RULES.csv] --out SCENARIO.json`: writes the
 * celltwin scenario of a PhysiCell project and prints what did not map (also kept in its
 * "notes"). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ct_alloc.h"
#include "ct_import_physicell.h"
#include "ct_io.h"

static const char import_help[] =
    "usage: celltwin import physicell CONFIG.xml [--rules RULES.csv] --out SCENARIO.json\n"
    "Translates a PhysiCell 1.12+ project (its PhysiCell_settings.xml, the cell rules CSV it\n"
    "enables or --rules, and the cells.csv it enables) into a celltwin scenario, validated as\n"
    "`celltwin check` does. What does not map, or maps approximately, is printed and kept in\n"
    "the scenario's \"notes\". The mapping: docs/import.md.\n";

static int write_scenario(const cJSON *scenario, const char *out)
{
    ct_error err = {0};
    char *text = cJSON_Print(scenario);
    int rc = text ? ct_io_write_file(out, text, strlen(text), &err)
                  : ct_error_set(&err, CT_ENOMEM, "%s: out of memory", out);
    ct_free(text);
    if (rc)
        fprintf(stderr, "celltwin: %s\n", err.msg);
    return rc;
}

static void print_notes(const cJSON *scenario, const char *out)
{
    const cJSON *notes = cJSON_GetObjectItem(scenario, "notes"), *line;
    printf("%s: written; %d notes on what maps approximately or not at all:\n", out,
           cJSON_GetArraySize(notes));
    cJSON_ArrayForEach(line, notes)
    {
        printf("  - %s\n", line->valuestring);
    }
}

int ct_cli_import(int argc, char **argv)
{
    const char *config = NULL, *rules = NULL, *out = NULL, *v;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(import_help, stdout);
            return 0;
        }
    if (argc < 2 || strcmp(argv[1], "physicell")) {
        fprintf(stderr, "celltwin: import: expected the format \"physicell\", got \"%s\"\n%s",
                argc < 2 ? "" : argv[1], import_help);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        int missing = 0;
        if ((v = ct_cli_option(argc, argv, &i, "--rules", &missing)))
            rules = v;
        else if ((v = ct_cli_option(argc, argv, &i, "--out", &missing)))
            out = v;
        else if (ct_cli_last_option(argv, i, missing, NULL, &config))
            return 2;
    }
    if (!config || !out) {
        fprintf(stderr, "celltwin: import physicell needs CONFIG.xml and --out SCENARIO.json\n");
        return 2;
    }
    ct_error err = {0};
    cJSON *scenario;
    if (ct_import_physicell(config, rules, out, &scenario, &err)) {
        fprintf(stderr, "celltwin: %s\n", err.msg);
        return 1;
    }
    int rc = write_scenario(scenario, out);
    if (!rc)
        print_notes(scenario, out);
    cJSON_Delete(scenario);
    return rc ? 1 : 0;
}
