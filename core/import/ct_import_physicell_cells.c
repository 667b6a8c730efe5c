/* The PhysiCell importer's initial cells: the cells CSV PhysiCell would read (positions and
 * types, beside the config or in its folder) as celltwin placements, one site per cell. */
#include <errno.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_import_physicell.h"
#include "ct_import_physicell_internal.h"
#include "ct_json.h"

/* ---- initial cells ---- */

/* A file named by <folder> and <filename> of node: beside the config, else where PhysiCell
   looks, the folder resolved against the project directory (the config's parent). */
int pc_project_file(pc_import *im, xmlNodePtr node, char *path, size_t size)
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

int pc_map_initial(pc_import *im)
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
    int rc = pc_project_file(im, positions, path, sizeof path);
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
