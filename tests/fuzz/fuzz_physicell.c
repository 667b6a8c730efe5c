/* Fuzz targets for the PhysiCell import: arbitrary settings XML (with a fixed rules file and
 * cells file beside it), and arbitrary rules CSV against the settings of the corpus. */
#include <string.h>

#include "ct_import_physicell.h"
#include "fuzz_targets.h"

static const char rules[] = "tumour,oxygen,increases,cycle entry,0.003,21.5,4,0\n"
                            "tcell,chemokine,increases,attack tumour,0.05,0.5,4,0\n";
static const char cells[] = "x,y,z,type\n0,0,0,tumour\n50,0,0,tcell\n50,5,0,tcell\n";

static void import(const char *settings, const char *rules_path)
{
    cJSON *scenario;
    ct_error err = {0};
    if (ct_import_physicell(settings, rules_path, "fuzz.json", &scenario, &err) == CT_OK)
        cJSON_Delete(scenario);
}

int ct_fuzz_physicell(const uint8_t *data, size_t size)
{
    ct_fuzz_file("cell_rules.csv", (const uint8_t *)rules, strlen(rules));
    ct_fuzz_file("cells.csv", (const uint8_t *)cells, strlen(cells));
    import(ct_fuzz_file("PhysiCell_settings.xml", data, size), NULL);
    return 0;
}
