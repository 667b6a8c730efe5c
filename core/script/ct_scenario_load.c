/* The table of scenario sections: the one place that knows them all and their order. */
#include "ct_scenario_load.h"

#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_json.h"
#include "ct_lua.h"

/* The script's declarations join the types of "cell_types"; then some type must exist. */
static int declare_script_types(ct_jobj *root, ct_scenario *sc)
{
    int rc;
    if (sc->script && (rc = ct_lua_declare(sc, root->err)))
        return rc;
    return ct_scenario_check_types(root, sc);
}

/* In this order: "cell_types" needs to know whether there is a script, and contact actions and
   placements name the types and states declared before them. */
static const ct_scenario_section sections[] = {
    {"fields", ct_scenario_parse_fields},
    {"script", ct_scenario_parse_script_keys},
    {"cell_types", ct_scenario_parse_cell_types},
    {"script declarations", declare_script_types},
    {"initial", ct_scenario_parse_initial},
    {"plugins", ct_plugin_parse_specs},
    {NULL, NULL},
};

int ct_scenario_parse(const char *text, const char *file, const char *const *overrides,
                      int n_overrides, ct_scenario **out, ct_error *err)
{
    return ct_scenario_read(text, file, overrides, n_overrides, sections, out, err);
}

int ct_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ct_scenario **out, ct_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = ct_io_read_file_max(path, CT_IO_MAX_JSON_BYTES, "scenario", &text, &len, err);
    if (rc)
        return rc;
    const char *nul = memchr(text, '\0', len);
    if (nul)
        rc = ct_error_set(err, CT_EINVAL, "%s: not a JSON text file (NUL byte at offset %zu)", path,
                          (size_t)(nul - text));
    else
        rc = ct_scenario_parse(text, path, overrides, n_overrides, out, err);
    ct_free(text);
    return rc;
}
