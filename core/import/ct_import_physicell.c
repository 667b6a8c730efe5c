/* PhysiCell settings XML to celltwin scenario: the document, domain, time, substrates, initial
 * cells and the driver. The XML is read by libxml2 with the network off and no DTD: a document
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

/* ---- XML helpers ---- */

xmlNodePtr pc_next(xmlNodePtr node, const char *name)
{
    for (; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name))
            return node;
    return NULL;
}

xmlNodePtr pc_child(xmlNodePtr node, const char *name)
{
    return node ? pc_next(node->children, name) : NULL;
}

xmlNodePtr pc_child_with(xmlNodePtr node, const char *name, const char *attr, const char *value)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, name))
            continue;
        xmlChar *v = xmlGetProp(c, (const xmlChar *)attr);
        int match = v && !strcmp((const char *)v, value);
        xmlFree(v);
        if (match)
            return c;
    }
    return NULL;
}

int pc_fail(pc_import *im, xmlNodePtr node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ct_error_vset(im->err, CT_EINVAL, fmt, ap);
    va_end(ap);
    xmlChar *path = xmlGetNodePath(node);
    ct_error_prefix(im->err, "%s:%ld: %s: ", im->file, xmlGetLineNo(node),
                    path ? (const char *)path : "?");
    xmlFree(path);
    return CT_EINVAL;
}

int pc_require(pc_import *im, xmlNodePtr parent, const char *name, xmlNodePtr *out)
{
    *out = pc_child(parent, name);
    return *out ? CT_OK : pc_fail(im, parent, "missing <%s>", name);
}

int pc_number(pc_import *im, xmlNodePtr node, double min, double *out)
{
    xmlChar *text = xmlNodeGetContent(node);
    const char *s = text ? (const char *)text : "";
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r')
        end++;
    int ok = *s && !*end && !errno && isfinite(v) && v >= min;
    int rc = ok ? CT_OK : pc_fail(im, node, "expected a number >= %g, got \"%.40s\"", min, s);
    xmlFree(text);
    *out = v;
    return rc;
}

int pc_number_or(pc_import *im, xmlNodePtr parent, const char *name, double def, double min,
                 double *out)
{
    xmlNodePtr n = pc_child(parent, name);
    *out = def;
    return n ? pc_number(im, n, min, out) : CT_OK;
}

int pc_name_attr(pc_import *im, xmlNodePtr node, const char *attr, char out[CT_NAME_MAX])
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
    int ok = v && ct_scenario_name_ok((const char *)v);
    if (ok)
        snprintf(out, CT_NAME_MAX, "%s", (const char *)v);
    int rc = ok ? CT_OK
                : pc_fail(im, node,
                          "expected a %s attribute of 1 to %d characters without , : or quotes, "
                          "got \"%.40s\"",
                          attr, CT_NAME_MAX - 1, v ? (const char *)v : "(none)");
    xmlFree(v);
    return rc;
}

int pc_true(const char *text)
{
    if (!text)
        return 0;
    while (*text == ' ' || *text == '\n' || *text == '\t' || *text == '\r')
        text++;
    size_t n = strcspn(text, " \n\t\r");
    return (n == 4 && !strncasecmp(text, "true", 4)) || (n == 1 && *text == '1');
}

int pc_element_true(xmlNodePtr node)
{
    xmlChar *t = node ? xmlNodeGetContent(node) : NULL;
    int on = t && pc_true((const char *)t);
    xmlFree(t);
    return on;
}

int pc_attr_true(xmlNodePtr node, const char *attr)
{
    xmlChar *v = node ? xmlGetProp(node, (const xmlChar *)attr) : NULL;
    int on = pc_true((const char *)v);
    xmlFree(v);
    return on;
}

/* ---- scenario helpers ---- */

int pc_out_of_memory(pc_import *im)
{
    return ct_error_set(im->err, CT_ENOMEM, "%s: out of memory", im->file);
}

int pc_note(pc_import *im, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    cJSON *s = cJSON_CreateString(line);
    if (!s || !cJSON_AddItemToArray(im->notes, s)) {
        cJSON_Delete(s);
        return pc_out_of_memory(im);
    }
    return CT_OK;
}

int pc_add_number(pc_import *im, cJSON *obj, const char *key, double value)
{
    return cJSON_AddNumberToObject(obj, key, value) ? CT_OK : pc_out_of_memory(im);
}

cJSON *pc_add_object(pc_import *im, cJSON *obj, const char *key)
{
    cJSON *o = cJSON_AddObjectToObject(obj, key);
    if (!o)
        pc_out_of_memory(im);
    return o;
}

int pc_section(pc_import *im, const char *element, const char *key, xmlNodePtr *node, cJSON **obj)
{
    int rc = pc_require(im, im->root, element, node);
    if (rc)
        return rc;
    *obj = pc_add_object(im, im->scenario, key);
    return *obj ? CT_OK : CT_ENOMEM; /* pc_add_object said so */
}

static int add_string(pc_import *im, cJSON *obj, const char *key, const char *value)
{
    return cJSON_AddStringToObject(obj, key, value) ? CT_OK : pc_out_of_memory(im);
}

int pc_field_index(const pc_import *im, const char *name)
{
    for (int i = 0; i < im->n_fields; i++)
        if (!strcmp(im->field_names[i], name))
            return i;
    return -1;
}

pc_type *pc_find_type(pc_import *im, const char *name)
{
    for (int i = 0; i < im->n_types; i++)
        if (!strcmp(im->types_info[i].name, name))
            return &im->types_info[i];
    return NULL;
}

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
        (rc = add_string(im, d, "boundary", "closed")) ||
        (rc = add_string(im, d, "neighbourhood", "moore")))
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
        return add_string(im, field, "boundary", "no_flux");
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
        return add_string(im, field, "boundary", "no_flux");
    if (n_on > 0)
        value = first;
    if (rc || (rc = add_string(im, field, "boundary", "fixed")) ||
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
        (rc = add_string(im, field, "solver", "auto")) ||
        (rc = add_string(im, field, "units", units ? (const char *)units : "")) ||
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

/* ---- initial cells ---- */

/* A file named by <folder> and <filename> of node: beside the config, else where PhysiCell
   looks, the folder resolved against the project directory (the config's parent). */
static int project_file(pc_import *im, xmlNodePtr node, char *path, size_t size)
{
    xmlChar *folder = xmlNodeGetContent(pc_child(node, "folder"));
    xmlChar *name = xmlNodeGetContent(pc_child(node, "filename"));
    const char *slash = strrchr(im->file, '/');
    int dir_len = slash ? (int)(slash - im->file) : 1;
    const char *dir = slash ? im->file : ".";
    int rc = CT_OK;
    if (!name || !*name)
        rc = pc_fail(im, node, "missing <filename>");
    else if (snprintf(path, size, "%.*s/%s", dir_len, dir, (const char *)name) >= (int)size)
        rc = pc_fail(im, node, "file name too long");
    else if (access(path, F_OK) != 0)
        snprintf(path, size, "%.*s/../%s/%s", dir_len, dir, folder ? (const char *)folder : ".",
                 (const char *)name);
    xmlFree(folder);
    xmlFree(name);
    return rc;
}

/* Sites already taken by a placed cell, so two cells never share one (PhysiCell's positions are
   off-lattice and may fall within one cell diameter of each other). */
typedef struct placed_sites {
    unsigned char *taken; /* a bit per site: at most 512 MiB for the largest lattice */
    size_t n_sites;
    long outside, shared;
} placed_sites;

static int site_of(const pc_import *im, const double *pos, size_t *site)
{
    size_t index = 0, stride = 1;
    for (int a = 0; a < im->ndim; a++) {
        double x = pos[a] - im->origin[a];
        if (!(x >= 0 && x < im->extent[a]))
            return -1;
        size_t count = (size_t)llround(im->extent[a] / im->dx);
        size_t i = (size_t)(x / im->dx);
        index += stride * (i < count ? i : count - 1);
        stride *= count;
    }
    *site = index;
    return 0;
}

static cJSON *placement_for(cJSON *initial, const char *type)
{
    cJSON *rule;
    cJSON_ArrayForEach(rule, initial)
    {
        if (!strcmp(cJSON_GetObjectItem(rule, "type")->valuestring, type))
            return cJSON_GetObjectItem(rule, "positions");
    }
    rule = cJSON_CreateObject();
    if (!rule || !cJSON_AddItemToArray(initial, rule)) {
        cJSON_Delete(rule);
        return NULL;
    }
    if (!cJSON_AddStringToObject(rule, "shape", "list") ||
        !cJSON_AddStringToObject(rule, "type", type))
        return NULL;
    return cJSON_AddArrayToObject(rule, "positions");
}

static int place_cell(pc_import *im, cJSON *initial, placed_sites *ps, const double *pos,
                      const char *type)
{
    size_t site;
    if (site_of(im, pos, &site)) {
        ps->outside++;
        return CT_OK;
    }
    if (ps->taken[site / 8] & (1u << (site % 8))) {
        ps->shared++;
        return CT_OK;
    }
    ps->taken[site / 8] |= (unsigned char)(1u << (site % 8));
    cJSON *positions = placement_for(initial, type);
    double shifted[3];
    for (int a = 0; a < im->ndim; a++)
        shifted[a] = pos[a] - im->origin[a];
    cJSON *p = positions ? cJSON_CreateDoubleArray(shifted, im->ndim) : NULL;
    if (!p || !cJSON_AddItemToArray(positions, p)) {
        cJSON_Delete(p);
        return pc_out_of_memory(im);
    }
    return CT_OK;
}

/* One row "x,y,z,type[,...]" of a PhysiCell cells.csv (extra columns are noted once). */
static int parse_cell_row(pc_import *im, const char *path, int line, char *row, double pos[3],
                          const char **type, int *extra)
{
    char *cols[5];
    int n = 0;
    for (char *p = row; n < 5; n++) {
        cols[n] = p;
        if (!(p = strchr(p, ',')))
            break;
        *p++ = '\0';
    }
    if (n < 3)
        return ct_error_set(im->err, CT_EINVAL, "%s:%d: expected x,y,z,type", path, line);
    *extra |= n == 4;
    for (int a = 0; a < 3; a++) {
        char *end;
        pos[a] = strtod(cols[a], &end);
        if (end == cols[a] || *end || !isfinite(pos[a]))
            return ct_error_set(im->err, CT_EINVAL,
                                "%s:%d: column %d: expected a position in um, "
                                "got \"%.40s\"",
                                path, line, a + 1, cols[a]);
    }
    char *name = cols[3];
    size_t len = strlen(name);
    while (len && (name[len - 1] == '\r' || name[len - 1] == ' '))
        name[--len] = '\0';
    const pc_type *t = pc_find_type(im, name);
    for (int i = 0; !t && i < im->n_types; i++) /* older files give the definition's ID */
        if (!strcmp(im->types_info[i].id, name))
            t = &im->types_info[i];
    if (!t)
        return ct_error_set(im->err, CT_EINVAL,
                            "%s:%d: column 4: no cell definition named or numbered \"%.63s\"",
                            path, line, name);
    *type = t->name;
    return CT_OK;
}

static int read_cells_csv(pc_import *im, const char *path, cJSON *initial, placed_sites *ps)
{
    char *text;
    size_t len;
    int rc = ct_physicell_read_input(path, CT_PHYSICELL_CELLS_MAX_BYTES, &text, &len, im->err);
    int extra = 0, placed = 0;
    char *line = text;
    for (int no = 1; !rc && line && *line; no++) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        double pos[3];
        const char *type = NULL;
        int header = no == 1 && !strncmp(line, "x,", 2);
        if (!header && *line && *line != '\r' &&
            !(rc = parse_cell_row(im, path, no, line, pos, &type, &extra)) &&
            !(rc = place_cell(im, initial, ps, pos, type)))
            placed++;
        line = next;
    }
    ct_free(text);
    if (!rc && extra)
        rc = pc_note(im,
                     "initial cells: the per-cell columns after the type in %s (volume, "
                     "behaviours, custom data) are not imported",
                     path);
    return rc ? rc
              : pc_note(im, "initial cells: %ld cells from %s", placed - ps->outside - ps->shared,
                        path);
}

/* Without a cells file, PhysiCell's template places <number_of_cells> of each type at random;
   other placements are made by the project's C++ code and cannot be read from the config. */
static int implied_placement(pc_import *im, cJSON *initial)
{
    xmlNodePtr count_node = pc_child(pc_child(im->root, "user_parameters"), "number_of_cells");
    double count;
    int rc = count_node ? pc_number(im, count_node, 0, &count) : CT_OK;
    if (rc || !count_node || count == 0)
        return rc ? rc
                  : pc_note(im, "initial cells: none (no cells.csv enabled and no "
                                "user_parameters/number_of_cells); PhysiCell projects place "
                                "cells in setup_tissue() (C++): add an \"initial\" section");
    for (int t = 0; t < im->n_types; t++) {
        cJSON *rule = cJSON_CreateObject();
        double max[3];
        for (int a = 0; a < im->ndim; a++)
            max[a] = im->extent[a];
        double zero[3] = {0, 0, 0};
        if (!rule || !cJSON_AddItemToArray(initial, rule) ||
            !cJSON_AddStringToObject(rule, "shape", "rect") ||
            !cJSON_AddStringToObject(rule, "type", im->types_info[t].name) ||
            !cJSON_AddItemToObject(rule, "min", cJSON_CreateDoubleArray(zero, im->ndim)) ||
            !cJSON_AddItemToObject(rule, "max", cJSON_CreateDoubleArray(max, im->ndim)) ||
            !cJSON_AddNumberToObject(rule, "count", count))
            return pc_out_of_memory(im);
    }
    return pc_note(im,
                   "initial cells: %.0f of each type at random in the domain, as PhysiCell's "
                   "template setup_tissue() does with user_parameters/number_of_cells",
                   count);
}

static int map_initial(pc_import *im)
{
    xmlNodePtr positions = pc_child(pc_child(im->root, "initial_conditions"), "cell_positions");
    cJSON *initial = cJSON_AddArrayToObject(im->scenario, "initial");
    if (!initial)
        return pc_out_of_memory(im);
    if (!positions || !pc_attr_true(positions, "enabled"))
        return implied_placement(im, initial);
    char path[4096];
    placed_sites ps = {0};
    ps.n_sites = 1;
    for (int a = 0; a < im->ndim; a++)
        ps.n_sites *= (size_t)llround(im->extent[a] / im->dx);
    int rc = project_file(im, positions, path, sizeof path);
    if (rc)
        return rc;
    if (!(ps.taken = ct_calloc(ps.n_sites / 8 + 1, 1)))
        return pc_out_of_memory(im);
    rc = read_cells_csv(im, path, initial, &ps);
    ct_free(ps.taken);
    if (!rc && (ps.outside || ps.shared))
        rc = pc_note(im,
                     "initial cells: %ld outside the domain and %ld on a site already taken "
                     "(closer than one cell diameter to another) were not placed",
                     ps.outside, ps.shared);
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
    int rc = rules_path ? CT_OK : project_file(im, set, path, sizeof path);
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
        (rc = map_substrates(im)) || (rc = pc_map_cell_definitions(im)) || (rc = map_initial(im)) ||
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
    if (!rc && (rc = add_string(im, im->scenario, "name", "physicell_import")) == CT_OK &&
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
