/* Fuzz target for the PhysiCell cell rules reader and mapping: arbitrary rules CSV against
 * settings of two substrates and two cell types (one motile, with an attack). */
#include <stdio.h>

#include "ct_import_physicell.h"
#include "fuzz_targets.h"

static const char settings[] =
    "<PhysiCell_settings><domain><x_min>0</x_min><x_max>200</x_max><y_min>0</y_min>"
    "<y_max>200</y_max><use_2D>true</use_2D></domain><overall><max_time>60</max_time>"
    "<dt_phenotype>6</dt_phenotype></overall><microenvironment_setup>"
    "<variable name=\"oxygen\"><physical_parameter_set><diffusion_coefficient>1e5"
    "</diffusion_coefficient><decay_rate>0.1</decay_rate></physical_parameter_set></variable>"
    "<variable name=\"chemokine\"><physical_parameter_set><diffusion_coefficient>1e3"
    "</diffusion_coefficient><decay_rate>0.01</decay_rate></physical_parameter_set></variable>"
    "</microenvironment_setup><cell_definitions><cell_definition name=\"tumour\" ID=\"0\">"
    "<phenotype><cycle code=\"5\"><phase_transition_rates><rate>0.001</rate>"
    "</phase_transition_rates></cycle><secretion><substrate name=\"chemokine\">"
    "<secretion_rate>1</secretion_rate><secretion_target>1</secretion_target></substrate>"
    "</secretion></phenotype></cell_definition><cell_definition name=\"tcell\" ID=\"1\">"
    "<phenotype><motility><speed>2</speed><options><enabled>true</enabled></options></motility>"
    "<cell_interactions><attack_rates><attack_rate name=\"tumour\">0.01</attack_rate>"
    "</attack_rates></cell_interactions></phenotype></cell_definition></cell_definitions>"
    "</PhysiCell_settings>";

int ct_fuzz_physicell_rules(const uint8_t *data, size_t size)
{
    const char *rules = ct_fuzz_file("rules.csv", data, size);
    char rules_path[512];
    snprintf(rules_path, sizeof rules_path, "%s", rules);
    const char *config =
        ct_fuzz_file("settings.xml", (const uint8_t *)settings, sizeof settings - 1);
    cJSON *scenario;
    ct_error err = {0};
    if (ct_import_physicell(config, rules_path, "fuzz.json", &scenario, &err) == CT_OK)
        cJSON_Delete(scenario);
    return 0;
}
