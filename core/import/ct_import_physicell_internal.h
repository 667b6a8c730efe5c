/* Shared state of the PhysiCell importer's files: the XML document, the scenario being built
 * and what the cell definitions' mapping needs to map their rules.
 * Not for use outside the ct_import_physicell*.c files. */
#ifndef CT_IMPORT_PHYSICELL_INTERNAL_H
#define CT_IMPORT_PHYSICELL_INTERNAL_H

#include <cJSON.h>
#include <libxml/tree.h>

#include "ct_error.h"
#include "ct_physicell_rules.h"
#include "ct_scenario.h"

typedef struct pc_type {
    char name[CT_NAME_MAX];
    char id[16];                /* the definition's ID attribute, "" if none */
    cJSON *json;                /* its object under "cell_types" */
    double apoptosis, necrosis; /* base death rates, 1/min */
    double cycle_rest_time;     /* mean minutes of the cycle after entry (phases 1..n) */
    int has_cycle;
    double motility_per_speed; /* lattice hop rate per um/min of speed (1/dx), 0 if not motile */
    double secretion_target[CT_MAX_FIELDS];
    const char *transition_to; /* NULL until a transformation or a rule names one */
    int n_contacts;
} pc_type;

typedef struct pc_import {
    const char *file; /* the settings file, for messages */
    ct_error *err;
    xmlDocPtr doc;
    xmlNodePtr root;
    cJSON *scenario, *notes, *fields, *types;
    int ndim;
    double dx;        /* lattice spacing, um */
    double origin[3]; /* PhysiCell coordinates of the lattice corner */
    double extent[3]; /* lattice size, um */
    char field_names[CT_MAX_FIELDS][CT_NAME_MAX];
    int n_fields;
    pc_type types_info[CT_MAX_TYPES];
    int n_types;
} pc_import;

/* node or the first element after it called name, or NULL (to walk children by name). */
xmlNodePtr pc_next(xmlNodePtr node, const char *name);
/* The first element child of node called name, or NULL. */
xmlNodePtr pc_child(xmlNodePtr node, const char *name);
/* The first element child called name whose attribute attr equals value, or NULL. */
xmlNodePtr pc_child_with(xmlNodePtr node, const char *name, const char *attr, const char *value);
/* A required child; its absence is an error naming the parent's element path. */
int pc_require(pc_import *im, xmlNodePtr parent, const char *name, xmlNodePtr *out);
/* The number in node's text, >= min; an error names the element path and line. */
int pc_number(pc_import *im, xmlNodePtr node, double min, double *out);
/* The number in child name of parent, or def when there is no such child. */
int pc_number_or(pc_import *im, xmlNodePtr parent, const char *name, double def, double min,
                 double *out);
/* An attribute that must be a valid celltwin name, copied into out. */
int pc_name_attr(pc_import *im, xmlNodePtr node, const char *attr, char out[CT_NAME_MAX]);
/* A boolean text ("true", "True", "1"); the same of an element's text or of an attribute
   (a missing node or attribute is false). */
int pc_true(const char *text);
int pc_element_true(xmlNodePtr node);
int pc_attr_true(xmlNodePtr node, const char *attr);
/* "FILE:LINE: /element/path: " + message; returns CT_EINVAL. */
int pc_fail(pc_import *im, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "FILE: out of memory"; returns CT_ENOMEM. */
int pc_out_of_memory(pc_import *im);
/* Appends a line to the scenario's "notes" (what does not map, what is approximated). */
int pc_note(pc_import *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Index of a field by PhysiCell substrate name, -1 when none. */
int pc_field_index(const pc_import *im, const char *name);
pc_type *pc_find_type(pc_import *im, const char *name);
/* Adds number value under key of obj; an allocation failure is reported through im. */
int pc_add_number(pc_import *im, cJSON *obj, const char *key, double value);
/* Adds string value under key of obj, likewise. */
int pc_add_string(pc_import *im, cJSON *obj, const char *key, const char *value);
cJSON *pc_add_object(pc_import *im, cJSON *obj, const char *key);
/* The required top-level element and the scenario object (under key) it maps to. */
int pc_section(pc_import *im, const char *element, const char *key, xmlNodePtr *node, cJSON **obj);

/* The file named by node's <folder> and <filename>: beside the config, else in the folder
   resolved against the project directory, as PhysiCell looks (ct_import_physicell_cells.c). */
int pc_project_file(pc_import *im, xmlNodePtr node, char *path, size_t size);
/* <initial_conditions> (the cells CSV) into "initial" (ct_import_physicell_cells.c). */
int pc_map_initial(pc_import *im);
/* <cell_definitions> into "cell_types" (ct_import_physicell_types.c). */
int pc_map_cell_definitions(pc_import *im);
/* The contact action that stands for PhysiCell's attack of t on target, created with rate 0 when
   a rule needs it first; *out is NULL when t already has CT_MAX_CONTACTS
   (ct_import_physicell_types.c). */
int pc_attack_action(pc_import *im, pc_type *t, const char *target, char *name, size_t size,
                     cJSON **out);
/* t's one transition (to type `to` at rate); a second target is left out, noted by the caller. */
int pc_set_transition(pc_import *im, pc_type *t, const char *to, double rate);
/* The rules of a rules file into per-type "rules" (ct_import_physicell_hill.c). */
int pc_map_rules(pc_import *im, const ct_physicell_rules *rules, const char *rules_path);

#endif
