/* A scenario: the parsed, validated and resolved content of a scenario JSON file. */
#ifndef CT_SCENARIO_H
#define CT_SCENARIO_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_agents.h"
#include "ct_error.h"
#include "ct_field.h"
#include "ct_lua.h"
#include "ct_signals.h"

#define CT_NAME_MAX 64

typedef struct ct_type_params {
    char name[CT_NAME_MAX];
    double motility_rate;      /* hops per minute to a free neighbour site */
    double proliferation_rate; /* divisions per minute; the daughter takes a free neighbour site */
    double death_rate;         /* per minute */
    double transition_rate;    /* per minute, to type transition_to */
    int transition_to;         /* type index, or -1 */
    char colour[8];            /* "#rrggbb" or "" for the default palette */
    ct_type_signals sig;       /* secretion, chemotaxis, rules, contact actions, states */
} ct_type_params;

enum ct_placement_kind { CT_PLACE_LIST, CT_PLACE_RECT, CT_PLACE_DISC, CT_PLACE_CSV };

typedef struct ct_placement {
    int kind;
    int type;          /* cell type (not for csv) */
    long long count;   /* random cells to place; -1: fill every free site of the region */
    double min[3], max[3];   /* rect corners, micrometres */
    double centre[3], radius; /* disc (ball in 3D), micrometres */
    double *positions; /* list: n_positions points of 3 coordinates, micrometres */
    size_t n_positions;
    char *csv_path;    /* csv: resolved path of a file of x,y[,z],type rows */
    char json_path[64]; /* where this rule sits in the scenario, for messages */
} ct_placement;

/* An entry of "plugins"; ct_plugin.c parses and loads it. */
typedef struct ct_plugin_spec {
    char *path;         /* resolved against the scenario's directory */
    cJSON *parameters;  /* the entry's "parameters" object, inside json */
    char json_path[32]; /* "/plugins/N", for messages */
} ct_plugin_spec;
/* A region of a field: an initial value, or a fixed source adding rate * dt per site and step. */
typedef struct ct_field_region {
    int field;
    int is_source;
    double value;      /* initial value, or source rate in field units per minute */
    ct_placement where; /* shape list, rect or disc; type and count unused */
} ct_field_region;

typedef struct ct_scenario {
    char *file;        /* path as given */
    char *dir;         /* directory of the file: relative paths inside resolve against it */
    cJSON *json;       /* the scenario as resolved: overrides applied, defaults filled in */

    const char *name;
    int ndim;
    uint32_t size[3];
    double dx;         /* micrometres */
    int boundary[3];
    int neighbourhood;

    double dt;         /* minutes */
    long long steps;
    uint64_t seed;
    long long output_interval;   /* steps between rows of counts.csv */
    long long snapshot_interval; /* steps between snapshots; 0: none */

    int n_types;
    ct_type_params types[CT_MAX_TYPES];

    int n_fields;
    ct_field_def fields[CT_MAX_FIELDS];
    int n_field_regions;
    ct_field_region *field_regions;

    int n_states;      /* state names of all types; state 0 is "default" */
    char state_names[CT_MAX_STATES][CT_NAME_MAX];

    int n_placements;
    ct_placement *placements;

    int n_plugins;
    ct_plugin_spec *plugins;
    char *script;      /* "script" as written, used in messages; NULL: none */
    char *script_path; /* the script resolved against dir */
    ct_lua_limits lua_limits;
} ct_scenario;

/* Reads, overrides (each "PATH=VALUE"), validates and resolves a scenario file. */
int ct_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ct_scenario **out, ct_error *err);
/* Same from JSON text already in memory; file names the source in messages. */
int ct_scenario_parse(const char *text, const char *file, const char *const *overrides,
                      int n_overrides, ct_scenario **out, ct_error *err);
void ct_scenario_free(ct_scenario *sc);
/* A path given in the scenario, resolved against its directory unless absolute (ct_free it). */
char *ct_scenario_resolve_path(const ct_scenario *sc, const char *file);
/* A type with no behaviour: all rates 0, no transition, no chemotaxis, default state. */
void ct_scenario_type_init(ct_type_params *tp, const char *name);
/* Index of a field by name, or -1. */
int ct_scenario_field_index(const ct_scenario *sc, const char *name);
/* Index of a type by name, or -1. */
int ct_scenario_type_index(const ct_scenario *sc, const char *name);
/* Index of a state by name, or -1. */
int ct_scenario_state_index(const ct_scenario *sc, const char *name);

/* Shared by the scenario readers (ct_scenario.c, ct_field_scenario.c, ct_signals_scenario.c). */
struct ct_jobj;
/* Reads the geometry of a region: "shape" list (with "positions"), rect or disc. */
int ct_scenario_parse_region(struct ct_jobj *o, const ct_scenario *sc, ct_placement *pl);
/* Whether name follows the name rules of types, fields and states: 1 to 63 characters, none of
   , : or quotes. */
int ct_scenario_name_ok(const char *name);
/* The name rules, and uniqueness, as a message at parent/key. */
int ct_scenario_check_name(struct ct_jobj *parent, const char *key, const char *name,
                           const char *kind, int already_defined);
/* Fields (ct_field_scenario.c) and the signal keys of one type (ct_signals_scenario.c). */
int ct_scenario_parse_fields(struct ct_jobj *root, ct_scenario *sc);
int ct_scenario_parse_states(struct ct_jobj *type, ct_scenario *sc, ct_type_params *tp);
int ct_scenario_parse_signals(struct ct_jobj *type, ct_scenario *sc, ct_type_params *tp);

#endif
