/* PhysiCell settings XML to celltwin scenario: the document, domain, time, substrates and the
 * driver (initial cells: ct_import_physicell_cells.c; XML and scenario helpers:
 * ct_import_physicell_xml.c). The XML is read by libxml2 with the network off and no DTD: a document
 * that declares one (and so could name external entities) is refused. */
#include "ct_import_physicell.h"

#include <errno.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_import_physicell_internal.h"
#include "ct_json.h"
#include "ct_scenario_load.h"

/* ---- domain and time ---- */

/* A lattice site per cell diameter: the diameter of a sphere of the first cell definition's
   volume (PhysiCell's default 2494 um^3 gives 16.8 um). */
static int lattice_spacing(pc_import *im)
{
    xmlNodePtr defs = pc_child(im->root, "cell_definitions");
    xmlNodePtr first = pc_child(defs, "cell_definition");
    xmlNodePtr volume = pc_child(pc_child(first, "phenotype"), "volume");
    double v;
    int rc = pc_number_or(im, volume, "total", 2494, 1e-3, &v);
    if (rc)
        return rc;
    im->dx = cbrt(6 * v / M_PI);
    return pc_note(im,
                   "lattice: one site per cell, dx = %.4g um, the diameter of a sphere of the "
                   "first cell definition's volume (%g um^3); PhysiCell's substrate voxels "
                   "(<dx>/<dy>/<dz>) are replaced by this lattice, fields included",
                   im->dx, v);
}

static int map_domain(pc_import *im)
{
    static const char *const lo[3] = {"x_min", "y_min", "z_min"}, *const hi[3] = {"x_max", "y_max",
                                                                                  "z_max"};
    xmlNodePtr domain, n;
    int rc = pc_require(im, im->root, "domain", &domain);
    if (rc || (rc = lattice_spacing(im)))
        return rc;
    im->ndim = pc_element_true(pc_child(domain, "use_2D")) ? 2 : 3;
    cJSON *d = pc_add_object(im, im->scenario, "domain");
    cJSON *size = d ? cJSON_AddArrayToObject(d, "size") : NULL;
    if (!size)
        return pc_out_of_memory(im);
    double sites = 1;
    for (int a = 0; a < im->ndim; a++) {
        double min, max;
        if ((rc = pc_require(im, domain, lo[a], &n)) || (rc = pc_number(im, n, -1e9, &min)) ||
            (rc = pc_require(im, domain, hi[a], &n)) || (rc = pc_number(im, n, -1e9, &max)))
            return rc;
        if (max <= min)
            return pc_fail(im, n, "expected more than <%s> (%g), got %g", lo[a], min, max);
        double count = ceil((max - min) / im->dx - 1e-9);
        sites *= count;
        if (sites > 4294967294.0)
            return pc_fail(im, domain,
                           "the domain needs more than 2^32 - 2 lattice sites of "
                           "%.4g um",
                           im->dx);
        im->origin[a] = min;
        im->extent[a] = count * im->dx;
        cJSON *c = cJSON_CreateNumber(count);
        if (!c || !cJSON_AddItemToArray(size, c)) {
            cJSON_Delete(c);
            return pc_out_of_memory(im);
        }
    }
    if ((rc = pc_add_number(im, d, "dx", im->dx)) ||
        (rc = pc_add_string(im, d, "boundary", "closed")) ||
        (rc = pc_add_string(im, d, "neighbourhood", "moore")))
        return rc;
    return pc_note(im,
                   "domain: %dD, corner (%g, %g, %g) um of PhysiCell becomes (0, 0, 0); cells "
                   "stay inside (closed boundary, as PhysiCell's virtual wall); Moore "
                   "neighbourhood as the nearest to off-lattice contact",
                   im->ndim, im->origin[0], im->origin[1], im->origin[2]);
}

static int map_time(pc_import *im)
{
    xmlNodePtr overall, n;
    double max_time, dt, dt_diff = 0, dt_mech = 0, interval = 0;
    int rc;
    if ((rc = pc_require(im, im->root, "overall", &overall)) ||
        (rc = pc_require(im, overall, "max_time", &n)) || (rc = pc_number(im, n, 0, &max_time)) ||
        (rc = pc_require(im, overall, "dt_phenotype", &n)) || (rc = pc_number(im, n, 1e-9, &dt)) ||
        (rc = pc_number_or(im, overall, "dt_diffusion", 0, 0, &dt_diff)) ||
        (rc = pc_number_or(im, overall, "dt_mechanics", 0, 0, &dt_mech)))
        return rc;
    double steps = round(max_time / dt);
    if (steps > 1e12)
        return pc_fail(im, n, "max_time / dt_phenotype is more than 1e12 steps");
    xmlNodePtr full = pc_child(pc_child(im->root, "save"), "full_data");
    if ((rc = pc_number_or(im, full, "interval", 0, 0, &interval)))
        return rc;
    cJSON *output;
    if ((rc = pc_add_number(im, im->scenario, "dt", dt)) ||
        (rc = pc_add_number(im, im->scenario, "steps", steps)) ||
        !(output = pc_add_object(im, im->scenario, "output")) ||
        (rc = pc_add_number(im, output, "interval", fmax(1, round(interval / dt)))))
        return rc ? rc : CT_ENOMEM;
    return pc_note(im,
                   "time: dt = dt_phenotype = %g min, %.0f steps for max_time %g min; "
                   "dt_diffusion (%g) and dt_mechanics (%g) are not used: the field solver "
                   "(\"auto\") is stable for any dt and there are no mechanics",
                   dt, steps, max_time, dt_diff, dt_mech);
}

static int map_seed(pc_import *im)
{
    xmlNodePtr seed = pc_child(pc_child(im->root, "options"), "random_seed");
    if (!seed)
        return CT_OK;
    xmlChar *text = xmlNodeGetContent(seed);
    char shown[48], *end = NULL;
    snprintf(shown, sizeof shown, "%.40s", text ? (const char *)text : "");
    xmlFree(text);
    double v = strtod(shown, &end);
    if (end == shown || *end || !(v >= 0 && v < 9007199254740992.0) || v != floor(v))
        return pc_note(im, "options/random_seed \"%s\" is not a whole number: seed 1 is used",
                       shown);
    int rc = pc_add_number(im, im->scenario, "seed", v);
    return rc ? rc
              : pc_note(im,
                        "seed: PhysiCell's random_seed %.0f; celltwin's random streams differ, "
                        "so the same seed gives another (but reproducible) realisation",
                        v);
}

/* ---- substrates ---- */

/* celltwin holds one boundary value on every face: the enabled Dirichlet faces of the axes in
   use must agree; a partial or mixed boundary is approximated and noted. */
static int map_dirichlet(pc_import *im, xmlNodePtr var, const char *name, cJSON *field)
{
    static const char *const faces[6] = {"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"};
    xmlNodePtr dirichlet = pc_child(var, "Dirichlet_boundary_condition");
    xmlNodePtr options = pc_child(var, "Dirichlet_options");
    if (!dirichlet || !pc_attr_true(dirichlet, "enabled"))
        return pc_add_string(im, field, "boundary", "no_flux");
    double value, first = 0;
    int rc = pc_number(im, dirichlet, -1e30, &value), n_on = 0, mixed = 0;
    for (int f = 0; !rc && options && f < 2 * im->ndim; f++) {
        xmlNodePtr face = pc_child_with(options, "boundary_value", "ID", faces[f]);
        double v = value;
        if (!face || !pc_attr_true(face, "enabled"))
            continue;
        if ((rc = pc_number(im, face, -1e30, &v)))
            return rc;
        mixed |= n_on > 0 && v != first;
        first = n_on++ ? first : v;
    }
    if (options && n_on == 0)
        return pc_add_string(im, field, "boundary", "no_flux");
    if (n_on > 0)
        value = first;
    if (rc || (rc = pc_add_string(im, field, "boundary", "fixed")) ||
        (rc = pc_add_number(im, field, "boundary_value", value)))
        return rc;
    if (mixed || (options && n_on < 2 * im->ndim))
        return pc_note(im,
                       "fields.%s: Dirichlet values differ between faces or hold on some faces "
                       "only; approximated by %g on every face",
                       name, value);
    return CT_OK;
}

static int map_substrate(pc_import *im, xmlNodePtr var)
{
    char *name = im->field_names[im->n_fields];
    xmlNodePtr params, n;
    double diffusion, decay, initial = 0;
    int rc;
    if ((rc = pc_name_attr(im, var, "name", name)))
        return rc;
    if (pc_field_index(im, name) >= 0)
        return pc_fail(im, var, "substrate \"%s\" defined twice", name);
    if ((rc = pc_require(im, var, "physical_parameter_set", &params)) ||
        (rc = pc_require(im, params, "diffusion_coefficient", &n)) ||
        (rc = pc_number(im, n, 0, &diffusion)) || (rc = pc_require(im, params, "decay_rate", &n)) ||
        (rc = pc_number(im, n, 0, &decay)) ||
        (rc = pc_number_or(im, var, "initial_condition", 0, -1e30, &initial)))
        return rc;
    cJSON *field = pc_add_object(im, im->fields, name);
    xmlChar *units = xmlGetProp(var, (const xmlChar *)"units");
    if (!field || (rc = pc_add_number(im, field, "diffusion", diffusion)) ||
        (rc = pc_add_number(im, field, "decay", decay)) ||
        (rc = pc_add_number(im, field, "initial", initial)) ||
        (rc = pc_add_string(im, field, "solver", "auto")) ||
        (rc = pc_add_string(im, field, "units", units ? (const char *)units : "")) ||
        (rc = map_dirichlet(im, var, name, field))) {
        xmlFree(units);
        return rc ? rc : CT_ENOMEM;
    }
    xmlFree(units);
    im->n_fields++;
    return CT_OK;
}

static int map_substrates(pc_import *im)
{
    xmlNodePtr setup;
    int rc = pc_section(im, "microenvironment_setup", "fields", &setup, &im->fields);
    if (rc)
        return rc;
    for (xmlNodePtr v = pc_child(setup, "variable"); v; v = pc_next(v->next, "variable")) {
        if (im->n_fields == CT_MAX_FIELDS)
            return pc_fail(im, v, "more than %d substrates", CT_MAX_FIELDS);
        if ((rc = map_substrate(im, v)))
            return rc;
    }
    xmlNodePtr options = pc_child(setup, "options");
    if (pc_attr_true(pc_child(options, "initial_condition"), "enabled") ||
        pc_attr_true(pc_child(options, "dirichlet_nodes"), "enabled"))
        rc = pc_note(im, "microenvironment_setup/options: initial conditions or Dirichlet nodes "
                         "from a file are not imported");
    if (!rc && pc_element_true(pc_child(options, "track_internalized_substrates_in_each_agent")))
        rc = pc_note(im, "microenvironment_setup/options: internalised substrates per agent are "
                         "not tracked");
    return rc;
}

/* ---- what is left over ---- */

static int note_user_parameters(pc_import *im)
{
    char names[900] = "";
    size_t used = 0;
    xmlNodePtr params = pc_child(im->root, "user_parameters");
    for (xmlNodePtr p = params ? params->children : NULL; p; p = p->next) {
        if (p->type == XML_ELEMENT_NODE && used < sizeof names - 70)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%.60s", used ? ", " : "",
                                     (const char *)p->name);
    }
    return used ? pc_note(im,
                          "user_parameters (read by the project's C++ code) are not mapped: "
                          "%s",
                          names)
                : CT_OK;
}

/* ---- the driver ---- */

static int read_rules(pc_import *im, const char *rules_path)
{
    char path[4096];
    xmlNodePtr set = pc_child(pc_child(pc_child(im->root, "cell_rules"), "rulesets"), "ruleset");
    if (!rules_path && (!set || !pc_attr_true(set, "enabled")))
        return CT_OK;
    int rc = rules_path ? CT_OK : pc_project_file(im, set, path, sizeof path);
    ct_physicell_rules rules;
    if (rc || (rc = ct_physicell_rules_read(rules_path ? rules_path : path, &rules, im->err)))
        return rc;
    rc = pc_map_rules(im, &rules, rules_path ? rules_path : path);
    ct_physicell_rules_free(&rules);
    return rc;
}

static int parse_document(pc_import *im, const char *text, size_t len)
{
    /* NONET: nothing is fetched; no NOENT/DTDLOAD: entities are neither loaded nor expanded. */
    im->doc = xmlReadMemory(text, (int)len, im->file, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!im->doc) {
        const xmlError *e = xmlGetLastError();
        return ct_error_set(im->err, CT_EINVAL, "%s:%d: invalid XML: %s", im->file, e ? e->line : 0,
                            e && e->message ? e->message : "unreadable");
    }
    if (im->doc->intSubset || im->doc->extSubset)
        return ct_error_set(im->err, CT_EINVAL,
                            "%s: a <!DOCTYPE> (DTD, entities) is not accepted "
                            "in a PhysiCell settings file",
                            im->file);
    im->root = xmlDocGetRootElement(im->doc);
    if (!im->root || strcmp((const char *)im->root->name, "PhysiCell_settings"))
        return ct_error_set(im->err, CT_EINVAL,
                            "%s: expected the root element "
                            "<PhysiCell_settings>, got <%s>",
                            im->file, im->root ? (const char *)im->root->name : "(none)");
    return CT_OK;
}

static int build(pc_import *im, const char *rules_path)
{
    int rc;
    if ((rc = map_domain(im)) || (rc = map_time(im)) || (rc = map_seed(im)) ||
        (rc = map_substrates(im)) || (rc = pc_map_cell_definitions(im)) || (rc = pc_map_initial(im)) ||
        (rc = read_rules(im, rules_path)))
        return rc;
    if ((rc = note_user_parameters(im)))
        return rc;
    return pc_note(im, "the project's C++ code (custom_modules: setup_tissue, custom functions, "
                       "phenotype updates) is not read: only the settings XML and its CSV files");
}

/* The scenario must pass what `celltwin check` checks before it is handed out. */
static int validate(pc_import *im, const char *scenario_path)
{
    char *text = cJSON_Print(im->scenario);
    if (!text)
        return pc_out_of_memory(im);
    ct_scenario *sc;
    int rc = ct_scenario_parse(text, scenario_path, NULL, 0, &sc, im->err);
    ct_free(text);
    ct_scenario_free(sc);
    return rc ? ct_error_prefix(im->err, "the imported scenario is not valid (a bug of the "
                                         "importer, please report it): ")
              : CT_OK;
}

int ct_import_physicell(const char *config_path, const char *rules_path, const char *scenario_path,
                        cJSON **scenario, ct_error *err)
{
    ct_json_use_ct_alloc();
    pc_import *im = ct_calloc(1, sizeof *im);
    char *text = NULL;
    size_t len;
    *scenario = NULL;
    if (!im)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", config_path);
    im->file = config_path;
    im->err = err;
    int rc = ct_physicell_read_input(config_path, CT_PHYSICELL_XML_MAX_BYTES, &text, &len, err);
    if (!rc)
        rc = parse_document(im, text, len);
    ct_free(text);
    if (!rc && !(im->scenario = cJSON_CreateObject()))
        rc = pc_out_of_memory(im);
    if (!rc && (rc = pc_add_string(im, im->scenario, "name", "physicell_import")) == CT_OK &&
        !(im->notes = cJSON_AddArrayToObject(im->scenario, "notes")))
        rc = pc_out_of_memory(im);
    if (!rc)
        rc = build(im, rules_path);
    if (!rc)
        rc = validate(im, scenario_path);
    xmlFreeDoc(im->doc);
    if (rc)
        cJSON_Delete(im->scenario);
    else
        *scenario = im->scenario;
    ct_free(im);
    return rc;
}
