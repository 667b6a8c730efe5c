/* Scenario parsing: every key typed, ranged and documented in docs/scenario.md. */
#include "ct_scenario.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_intracellular_def.h"
#include "ct_json.h"
#include "ct_lattice.h"

#define MAX_SEED 9007199254740991.0 /* 2^53 - 1: exact in a JSON number */

static const char *const boundary_names[] = {"periodic", "closed", NULL};
static const char *const neighbourhood_names[] = {"von_neumann", "moore", NULL};

static int parse_boundary(ct_jobj *dom, ct_scenario *sc)
{
    cJSON *b = ct_jobj_get(dom, "boundary");
    if (!b || cJSON_IsString(b)) {
        int kind;
        int rc = ct_jobj_enum(dom, "boundary", CT_JSON_OPTIONAL, boundary_names, CT_PERIODIC,
                              &kind);
        for (int a = 0; a < 3; a++)
            sc->boundary[a] = kind;
        return rc;
    }
    if (!cJSON_IsArray(b) || cJSON_GetArraySize(b) != sc->ndim)
        return ct_json_fail(dom->file, dom->err, dom->path, "boundary",
                            "expected \"periodic\", \"closed\" or an array of one per axis (%d)",
                            sc->ndim);
    int a = 0;
    for (cJSON *e = b->child; e; e = e->next, a++) {
        int found = -1;
        for (int k = 0; boundary_names[k] && cJSON_IsString(e); k++)
            if (strcmp(e->valuestring, boundary_names[k]) == 0)
                found = k;
        if (found < 0) {
            char got[80];
            ct_json_describe(e, got, sizeof got);
            return ct_json_fail(dom->file, dom->err, dom->path, "boundary",
                                "element %d: expected \"periodic\" or \"closed\", got %s", a, got);
        }
        sc->boundary[a] = found;
    }
    return CT_OK;
}

static int parse_domain(ct_jobj *root, ct_scenario *sc)
{
    ct_jobj dom;
    int rc = ct_jobj_child(root, "domain", CT_JSON_REQUIRED, &dom);
    if (rc)
        return rc;
    double size[3];
    int n = 0;
    cJSON *s = ct_jobj_get(&dom, "size");
    if (!s)
        return ct_json_fail(dom.file, dom.err, dom.path, "size",
                            "required: expected [width, height] or [width, height, depth] in sites");
    rc = ct_json_number_array(dom.file, dom.err, dom.path, "size", s, 2, 3, 1, 1e9, size, &n);
    if (rc)
        return rc;
    sc->ndim = n;
    for (int a = 0; a < 3; a++) {
        if (a < n && size[a] != floor(size[a]))
            return ct_json_fail(dom.file, dom.err, dom.path, "size",
                                "element %d: expected a whole number of sites, got %g", a, size[a]);
        sc->size[a] = a < n ? (uint32_t)size[a] : 1;
    }
    double sites = (double)sc->size[0] * sc->size[1] * sc->size[2];
    if (sites > (double)(UINT32_MAX - 1))
        return ct_json_fail(dom.file, dom.err, dom.path, "size",
                            "%.0f sites exceed the limit of %u (32-bit site index)", sites,
                            UINT32_MAX - 1);
    if ((rc = ct_jobj_number(&dom, "dx", CT_JSON_OPTIONAL, 10.0, 1e-6, 1e6, &sc->dx)) ||
        (rc = parse_boundary(&dom, sc)) ||
        (rc = ct_jobj_enum(&dom, "neighbourhood", CT_JSON_OPTIONAL, neighbourhood_names,
                           CT_VON_NEUMANN, &sc->neighbourhood)))
        return rc;
    for (int a = 0; a < n; a++)
        if (sc->boundary[a] == CT_PERIODIC && sc->size[a] < 3)
            return ct_json_fail(dom.file, dom.err, dom.path, "boundary",
                                "axis %d is periodic but has only %u sites (need at least 3)", a,
                                sc->size[a]);
    return ct_jobj_close(&dom);
}

static int parse_time_and_output(ct_jobj *root, ct_scenario *sc)
{
    long long seed;
    ct_jobj out;
    int rc;
    if ((rc = ct_jobj_number(root, "dt", CT_JSON_REQUIRED, 0, 1e-9, 1e9, &sc->dt)) ||
        (rc = ct_jobj_int(root, "steps", CT_JSON_REQUIRED, 0, 0, 1e12, &sc->steps)) ||
        (rc = ct_jobj_int(root, "seed", CT_JSON_OPTIONAL, 1, 0, MAX_SEED, &seed)) ||
        (rc = ct_jobj_child(root, "output", CT_JSON_OPTIONAL, &out)))
        return rc;
    sc->seed = (uint64_t)seed;
    if ((rc = ct_jobj_int(&out, "interval", CT_JSON_OPTIONAL, 1, 1, 1e12, &sc->output_interval)) ||
        (rc = ct_jobj_int(&out, "snapshot_interval", CT_JSON_OPTIONAL, 0, 0, 1e12,
                          &sc->snapshot_interval)) ||
        (rc = ct_jobj_int(&out, "cells_every", CT_JSON_OPTIONAL, 0, 0, 1e12, &sc->cells_every)) ||
        (rc = ct_jobj_bool(&out, "field_totals", CT_JSON_OPTIONAL, 0, &sc->field_totals)))
        return rc;
    return ct_jobj_close(&out);
}

/* Names of types, fields and states: 1 to 63 bytes of UTF-8, none of , : or quotes (they end up
   as CSV columns and in "type:state" labels), and unique within their kind. */
int ct_scenario_name_ok(const char *name)
{
    size_t len = strlen(name);
    return len > 0 && len < CT_NAME_MAX && !strpbrk(name, ",:\"\n\r\t") &&
           ct_utf8_valid(name, len);
}

int ct_scenario_check_name(ct_jobj *parent, const char *key, const char *name, const char *kind,
                           int already_defined)
{
    if (!ct_scenario_name_ok(name))
        return ct_json_fail(parent->file, parent->err, parent->path, key,
                            "a %s name needs 1 to %d bytes of UTF-8 and no , : or quotes", kind,
                            CT_NAME_MAX - 1);
    if (already_defined)
        return ct_json_fail(parent->file, parent->err, parent->path, key, "%s defined twice",
                            kind);
    return CT_OK;
}

static int parse_point(ct_jobj *o, const char *key, const ct_scenario *sc, double p[3])
{
    p[0] = p[1] = p[2] = 0.0;
    cJSON *v = ct_jobj_get(o, key);
    if (!v)
        return ct_json_fail(o->file, o->err, o->path, key,
                            "required: expected a position [x, y%s] in micrometres",
                            sc->ndim == 3 ? ", z" : "");
    return ct_json_number_array(o->file, o->err, o->path, key, v, sc->ndim, sc->ndim,
                                -CT_REGION_MAX_UM, CT_REGION_MAX_UM, p, NULL);
}

static int parse_positions(ct_jobj *o, const ct_scenario *sc, ct_placement *pl)
{
    cJSON *list = ct_jobj_get(o, "positions");
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0)
        return ct_json_fail(o->file, o->err, o->path, "positions",
                            "expected a non-empty array of positions [x, y%s] in micrometres",
                            sc->ndim == 3 ? ", z" : "");
    size_t n = (size_t)cJSON_GetArraySize(list);
    pl->positions = ct_calloc(n * 3, sizeof *pl->positions);
    if (!pl->positions)
        return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
    pl->n_positions = n;
    size_t i = 0;
    char path[600];
    snprintf(path, sizeof path, "%s/positions", o->path);
    for (cJSON *e = list->child; e; e = e->next, i++) {
        char key[32];
        snprintf(key, sizeof key, "%zu", i);
        int rc = ct_json_number_array(o->file, o->err, path, key, e, sc->ndim, sc->ndim, -1e12,
                                      1e12, pl->positions + 3 * i, NULL);
        if (rc)
            return rc;
    }
    return CT_OK;
}

/* count (random cells) or fill (every free site) for a rect or disc. */
static int parse_count(ct_jobj *o, ct_placement *pl)
{
    int fill;
    int rc = ct_jobj_bool(o, "fill", CT_JSON_OPTIONAL, 0, &fill);
    if (rc)
        return rc;
    if (fill) {
        if (ct_jobj_get(o, "count"))
            return ct_json_fail(o->file, o->err, o->path, "count",
                                "give either \"count\" or \"fill\": true, not both");
        pl->count = -1;
        return CT_OK;
    }
    return ct_jobj_int(o, "count", CT_JSON_REQUIRED, 0, 0, 4294967294.0, &pl->count);
}

char *ct_scenario_resolve_path(const ct_scenario *sc, const char *file)
{
    if (file[0] == '/')
        return ct_strdup(file);
    size_t n = strlen(sc->dir) + strlen(file) + 2;
    char *p = ct_malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", sc->dir, file);
    return p;
}

static int parse_csv_rule(ct_jobj *o, const ct_scenario *sc, ct_placement *pl)
{
    const char *file;
    int rc = ct_jobj_string(o, "file", CT_JSON_REQUIRED, NULL, &file);
    if (rc)
        return rc;
    pl->csv_path = ct_scenario_resolve_path(sc, file);
    if (!pl->csv_path)
        return ct_error_set(o->err, CT_ENOMEM, "%s: out of memory", o->file);
    return CT_OK;
}

static int parse_placement_type(ct_jobj *o, const ct_scenario *sc, ct_placement *pl)
{
    const char *type;
    int rc = ct_jobj_string(o, "type", CT_JSON_REQUIRED, NULL, &type);
    if (rc)
        return rc;
    pl->type = ct_scenario_type_index(sc, type);
    if (pl->type < 0)
        return ct_json_fail(o->file, o->err, o->path, "type", "unknown cell type \"%s\"", type);
    return CT_OK;
}

/* The geometry of a region whose shape (list, rect or disc) is already read into pl->kind. */
static int parse_geometry(ct_jobj *o, const ct_scenario *sc, ct_placement *pl)
{
    int rc;
    switch (pl->kind) {
    case CT_PLACE_LIST:
        return parse_positions(o, sc, pl);
    case CT_PLACE_RECT:
        if ((rc = parse_point(o, "min", sc, pl->min)) || (rc = parse_point(o, "max", sc, pl->max)))
            return rc;
        for (int a = 0; a < sc->ndim; a++)
            if (pl->max[a] < pl->min[a])
                return ct_json_fail(o->file, o->err, o->path, "max",
                                    "must not be below \"min\" on any axis (axis %d)", a);
        return CT_OK;
    default:
        if ((rc = parse_point(o, "centre", sc, pl->centre)))
            return rc;
        return ct_jobj_number(o, "radius", CT_JSON_REQUIRED, 0, 0, CT_REGION_MAX_UM, &pl->radius);
    }
}

int ct_scenario_parse_region(ct_jobj *o, const ct_scenario *sc, ct_placement *pl)
{
    static const char *const shapes[] = {"list", "rect", "disc", NULL};
    int rc = ct_jobj_enum(o, "shape", CT_JSON_REQUIRED, shapes, 0, &pl->kind);
    snprintf(pl->json_path, sizeof pl->json_path, "%s", o->path);
    return rc ? rc : parse_geometry(o, sc, pl);
}

static int parse_placement(ct_jobj *o, const ct_scenario *sc, ct_placement *pl)
{
    static const char *const shapes[] = {"list", "rect", "disc", "csv", NULL};
    int rc = ct_jobj_enum(o, "shape", CT_JSON_REQUIRED, shapes, 0, &pl->kind);
    if (rc)
        return rc;
    snprintf(pl->json_path, sizeof pl->json_path, "%s", o->path);
    if (pl->kind == CT_PLACE_CSV)
        return parse_csv_rule(o, sc, pl);
    if ((rc = parse_placement_type(o, sc, pl)) || (rc = parse_geometry(o, sc, pl)))
        return rc;
    return pl->kind == CT_PLACE_LIST ? CT_OK : parse_count(o, pl);
}

int ct_scenario_parse_initial(ct_jobj *root, ct_scenario *sc)
{
    cJSON *list = ct_jobj_get(root, "initial");
    if (!list)
        return CT_OK;
    if (!cJSON_IsArray(list))
        return ct_json_fail(root->file, root->err, "", "initial",
                            "expected an array of placement rules");
    int n = cJSON_GetArraySize(list);
    sc->placements = ct_calloc((size_t)n, sizeof *sc->placements);
    if (!sc->placements)
        return ct_error_set(root->err, CT_ENOMEM, "%s: out of memory", root->file);
    for (cJSON *e = list->child; e; e = e->next) {
        char path[64];
        snprintf(path, sizeof path, "/initial/%d", sc->n_placements);
        ct_placement *pl = &sc->placements[sc->n_placements++];
        ct_jobj o;
        int rc;
        if ((rc = ct_jobj_open(&o, root->file, root->err, e, path)) ||
            (rc = parse_placement(&o, sc, pl)) || (rc = ct_jobj_close(&o)))
            return rc;
    }
    return CT_OK;
}

int ct_lua_limits_parse(ct_jobj *o, ct_lua_limits *limits)
{
    long long instructions;
    int rc;
    if ((rc = ct_jobj_number(o, "memory_limit_mb", CT_JSON_OPTIONAL, CT_LUA_DEFAULT_MEMORY_MB, 1,
                             1048576, &limits->memory_limit_mb)) ||
        (rc = ct_jobj_int(o, "instruction_limit", CT_JSON_OPTIONAL,
                          (double)CT_LUA_DEFAULT_INSTRUCTIONS, 0, 2147483647.0, &instructions)))
        return rc;
    limits->instruction_limit = instructions;
    return CT_OK;
}

/* "lua": limits of the script (docs/lua-api.md). */
static int parse_lua_limits(ct_jobj *root, ct_scenario *sc)
{
    ct_jobj lua;
    int rc;
    if ((rc = ct_jobj_child(root, "lua", CT_JSON_OPTIONAL, &lua)) ||
        (rc = ct_lua_limits_parse(&lua, &sc->lua_limits)))
        return rc;
    return ct_jobj_close(&lua);
}

/* "script", its "lua" limits and the user "parameters" the script sees as `params`. */
int ct_scenario_parse_script_keys(ct_jobj *root, ct_scenario *sc)
{
    const char *script;
    cJSON *params = ct_jobj_get(root, "parameters");
    int rc = ct_jobj_string(root, "script", CT_JSON_OPTIONAL, NULL, &script);
    if (rc)
        return rc;
    if (params && !cJSON_IsObject(params))
        return ct_json_fail(root->file, root->err, "", "parameters",
                            "expected an object of named values");
    if (!script)
        return ct_jobj_get(root, "lua") ? ct_json_fail(root->file, root->err, "", "lua",
                                                        "only used together with \"script\"")
                                        : CT_OK;
    sc->script = ct_strdup(script);
    sc->script_path = ct_scenario_resolve_path(sc, script);
    if (!sc->script || !sc->script_path)
        return ct_error_set(root->err, CT_ENOMEM, "%s: out of memory", root->file);
    return parse_lua_limits(root, sc);
}

/* Cell types come from "cell_types", the script's declarations, or both: after both. */
int ct_scenario_check_types(ct_jobj *root, const ct_scenario *sc)
{
    if (sc->n_types == 0)
        return ct_json_fail(root->file, root->err, "/cell_types", NULL,
                            "expected at least one cell type%s",
                            sc->script ? " (here or declared by the script)" : "");
    return CT_OK;
}

/* "notes": free text for people (an importer lists there what did not map); the engine reads
   none of it, but only an array of strings is accepted, so a typo cannot hide a setting. */
static int parse_notes(ct_jobj *root)
{
    cJSON *notes = ct_jobj_get(root, "notes"), *line;
    int ok = !notes || cJSON_IsArray(notes);
    cJSON *lines = ok ? notes : NULL;
    cJSON_ArrayForEach(line, lines)
    {
        ok &= cJSON_IsString(line);
    }
    return ok ? CT_OK
              : ct_json_fail(root->file, root->err, "", "notes", "expected an array of strings");
}

static int parse_root(ct_scenario *sc, const ct_scenario_section *sections, ct_error *err)
{
    ct_jobj root;
    int rc;
    sc->n_states = 1;
    snprintf(sc->state_names[0], CT_NAME_MAX, "default");
    if ((rc = ct_jobj_open(&root, sc->file, err, sc->json, "")) ||
        (rc = ct_jobj_string(&root, "name", CT_JSON_OPTIONAL, "unnamed", &sc->name)) ||
        (rc = ct_jobj_string(&root, "description", CT_JSON_OPTIONAL, "", &(const char *){0})) ||
        (rc = parse_notes(&root)) ||
        (rc = parse_domain(&root, sc)) || (rc = parse_time_and_output(&root, sc)))
        return rc;
    for (const ct_scenario_section *s = sections; s->parse; s++)
        if ((rc = s->parse(&root, sc)))
            return rc;
    return ct_jobj_close(&root);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ct_strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = ct_malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static int apply_overrides(ct_scenario *sc, const char *const *overrides, int n, ct_error *err)
{
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(overrides[i], '=');
        char path[512];
        if (!eq || eq == overrides[i] || (size_t)(eq - overrides[i]) >= sizeof path)
            return ct_error_set(err, CT_EINVAL, "--set %s: expected PATH=VALUE", overrides[i]);
        memcpy(path, overrides[i], (size_t)(eq - overrides[i]));
        path[eq - overrides[i]] = '\0';
        char what[600];
        snprintf(what, sizeof what, "--set %s", path);
        int rc = ct_json_check_text(overrides[i], what, err);
        if (!rc)
            rc = ct_json_set_path(sc->json, path, eq + 1, err);
        if (rc)
            return rc;
    }
    return CT_OK;
}

static void describe_parse_error(const char *text, const char *file, ct_error *err)
{
    const char *at = cJSON_GetErrorPtr();
    int line = 1, col = 1;
    for (const char *p = text; at && p < at && *p; p++) {
        col++;
        if (*p == '\n') {
            line++;
            col = 1;
        }
    }
    ct_error_set(err, CT_EINVAL, "%s:%d:%d: invalid JSON near \"%.20s\"", file, line, col,
                 at ? at : "");
}

int ct_scenario_read(const char *text, const char *file, const char *const *overrides,
                     int n_overrides, const ct_scenario_section *sections, ct_scenario **out,
                     ct_error *err)
{
    ct_json_use_ct_alloc();
    *out = NULL;
    ct_scenario *sc = ct_calloc(1, sizeof *sc);
    if (!sc)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", file);
    int rc = CT_OK;
    sc->file = ct_strdup(file);
    sc->dir = dir_of(file);
    if (!sc->file || !sc->dir) {
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory", file);
    } else if ((rc = ct_json_check_text(text, file, err)) == CT_OK &&
               !(sc->json = cJSON_Parse(text))) {
        describe_parse_error(text, file, err);
        rc = CT_EINVAL;
    } else if (rc == CT_OK && !(rc = ct_json_refuse_duplicate_keys(sc->json, file, err))) {
        rc = apply_overrides(sc, overrides, n_overrides, err);
        if (!rc)
            rc = parse_root(sc, sections, err);
    }
    if (rc) {
        ct_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return CT_OK;
}

static int parse_spec(ct_jobj *root, cJSON *node, ct_scenario *sc, ct_plugin_spec *s)
{
    ct_jobj o, params;
    const char *path;
    int rc;
    if ((rc = ct_jobj_open(&o, root->file, root->err, node, s->json_path)) ||
        (rc = ct_jobj_string(&o, "path", CT_JSON_REQUIRED, NULL, &path)) ||
        (rc = ct_jobj_child(&o, "parameters", CT_JSON_OPTIONAL, &params)) ||
        (rc = ct_jobj_close(&o)))
        return rc;
    s->parameters = params.node;
    if (!(s->path = ct_scenario_resolve_path(sc, path)))
        return ct_error_set(root->err, CT_ENOMEM, "%s: out of memory", root->file);
    return CT_OK;
}

int ct_plugin_parse_specs(ct_jobj *root, ct_scenario *sc)
{
    cJSON *list = ct_jobj_get(root, "plugins");
    if (!list)
        return CT_OK;
    if (!cJSON_IsArray(list))
        return ct_json_fail(root->file, root->err, root->path, "plugins",
                            "expected an array of {\"path\": \"FILE.so\", \"parameters\": {...}}");
    int n = cJSON_GetArraySize(list);
    sc->plugins = ct_calloc(n > 0 ? (size_t)n : 1, sizeof *sc->plugins);
    if (!sc->plugins)
        return ct_error_set(root->err, CT_ENOMEM, "%s: out of memory", root->file);
    for (cJSON *e = list->child; e; e = e->next) {
        ct_plugin_spec *s = &sc->plugins[sc->n_plugins];
        snprintf(s->json_path, sizeof s->json_path, "/plugins/%d", sc->n_plugins++);
        int rc = parse_spec(root, e, sc, s);
        if (rc)
            return rc;
    }
    return CT_OK;
}

void ct_plugin_free_specs(ct_scenario *sc)
{
    for (int i = 0; i < sc->n_plugins; i++)
        ct_free(sc->plugins[i].path);
    ct_free(sc->plugins);
    sc->plugins = NULL;
    sc->n_plugins = 0;
}

void ct_scenario_free(ct_scenario *sc)
{
    if (!sc)
        return;
    for (int i = 0; i < sc->n_placements; i++) {
        ct_free(sc->placements[i].positions);
        ct_free(sc->placements[i].csv_path);
    }
    ct_free(sc->placements);
    ct_plugin_free_specs(sc);
    for (int i = 0; i < sc->n_types; i++)
        ct_intracellular_free(sc->types[i].intra);
    for (int i = 0; i < sc->n_field_regions; i++)
        ct_free(sc->field_regions[i].where.positions);
    ct_free(sc->field_regions);
    cJSON_Delete(sc->json);
    ct_free(sc->script);
    ct_free(sc->script_path);
    ct_free(sc->file);
    ct_free(sc->dir);
    ct_free(sc);
}

void ct_scenario_type_init(ct_type_params *tp, const char *name)
{
    memset(tp, 0, sizeof *tp);
    snprintf(tp->name, CT_NAME_MAX, "%s", name);
    tp->transition_to = -1;
    tp->sig.chemotaxis_field = -1;
}

int ct_scenario_field_index(const ct_scenario *sc, const char *name)
{
    for (int k = 0; k < sc->n_fields; k++)
        if (strcmp(sc->fields[k].name, name) == 0)
            return k;
    return -1;
}

int ct_scenario_state_index(const ct_scenario *sc, const char *name)
{
    for (int k = 0; k < sc->n_states; k++)
        if (strcmp(sc->state_names[k], name) == 0)
            return k;
    return -1;
}

int ct_scenario_type_index(const ct_scenario *sc, const char *name)
{
    for (int t = 0; t < sc->n_types; t++)
        if (strcmp(sc->types[t].name, name) == 0)
            return t;
    return -1;
}
