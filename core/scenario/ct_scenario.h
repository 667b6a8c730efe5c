/* A scenario: the parsed, validated and resolved content of a scenario JSON file.
 * Scenario layer: the model for every layer above it; reading a whole scenario is
 * ct_scenario_load.h. */
#ifndef CT_SCENARIO_H
#define CT_SCENARIO_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_agents.h"
#include "ct_cycle_def.h"
#include "ct_death_def.h"
#include "ct_error.h"
#include "ct_field_def.h"
#include "ct_signals.h"

#define CT_NAME_MAX 64

/* Limits of a script, from the scenario's "lua" object. */
typedef struct ct_lua_limits {
    double memory_limit_mb;      /* all memory of the Lua state */
    long long instruction_limit; /* VM instructions per call (load, per-cell function, hook);
                                    0: unlimited */
} ct_lua_limits;

#define CT_LUA_DEFAULT_MEMORY_MB 256.0
#define CT_LUA_DEFAULT_INSTRUCTIONS 10000000LL

struct ct_jobj;
/* "memory_limit_mb" (1 to 1048576, default 256) and "instruction_limit" (0 to 2^31 - 1, default
   10^7; 0: none) of object o: a scenario's "lua", a fit's Lua "distance". */
int ct_lua_limits_parse(struct ct_jobj *o, ct_lua_limits *limits);

/* The largest push radius (sites): a push reads every site within it (797 in 2D, 17077 in 3D at
   16), and a longer chain is no longer a local rule. */
#define CT_PUSH_MAX_RADIUS 16

typedef struct ct_type_params {
    char name[CT_NAME_MAX];
    double motility_rate;      /* hops per minute to a free neighbour site */
    double proliferation_rate; /* divisions per minute; the daughter takes a free neighbour site */
    double death_rate;         /* per minute */
    double transition_rate;    /* per minute, to type transition_to */
    int transition_to;         /* type index, or -1 */
    uint8_t push_radius[2];    /* push radius (sites) of a move [0] and a division [1]; 0: none */
    char colour[8];            /* "#rrggbb" or "" for the default palette */
    ct_type_signals sig;       /* secretion, chemotaxis, rules, contact actions, states */
    struct ct_intracellular *intra; /* "intracellular": SBML model and coupling; NULL: none */
    ct_cycle_def cycle;        /* phased cell cycle; model CT_CYCLE_NONE: none */
    ct_death_def death;        /* what a death leaves; model CT_DEATH_INSTANT: nothing */
} ct_type_params;

enum ct_placement_kind { CT_PLACE_LIST, CT_PLACE_RECT, CT_PLACE_DISC, CT_PLACE_CSV };

/* Region coordinates and radii, in micrometres, lie within +-CT_REGION_MAX_UM (JSON and Lua). */
#define CT_REGION_MAX_UM 1e12

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
    long long cells_every;       /* steps between DIR/cells_<step>.csv files; 0: none */
    int field_totals;            /* counts.csv gains a <field>_total column per field */

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

struct ct_jobj;
/* One top-level part of a scenario and its parser, which reads its keys from root into sc. */
typedef struct ct_scenario_section {
    const char *key; /* what it reads, for tables and messages */
    int (*parse)(struct ct_jobj *root, ct_scenario *sc);
} ct_scenario_section;

/* Reads JSON text (file names it in messages): applies the overrides (each "PATH=VALUE"), reads
   the domain, time and output keys, then each section in order (the table ends with a NULL
   parse) and refuses unknown keys. The sections come from the caller, so that this layer calls
   none of the parsers above it: ct_scenario_load.h has the table of the complete scenario. */
int ct_scenario_read(const char *text, const char *file, const char *const *overrides,
                     int n_overrides, const ct_scenario_section *sections, ct_scenario **out,
                     ct_error *err);
void ct_scenario_free(ct_scenario *sc);
/* A path given in the scenario, resolved against its directory unless absolute (ct_free it). */
char *ct_scenario_resolve_path(const ct_scenario *sc, const char *file);
/* A type with no behaviour: all rates 0, no transition, no chemotaxis, default state. */
void ct_scenario_type_init(ct_type_params *tp, const char *name);
/* The four event rates of a type, in CT_BEHAVIOUR order: motility, proliferation, death,
   transition (per minute). */
void ct_scenario_type_rates(const ct_type_params *tp, double rate[4]);
/* The one check of event rates, whoever sets them (scenario, script, checkpoint): each a finite
   number >= 0, and their sum times dt finite, so that the step's event probabilities and cut
   points are numbers. The refusal starts with where (a JSON path, a script call, a file). */
int ct_scenario_check_rates(const double rate[4], double dt, const char *where, ct_error *err);
/* Index of a field by name, or -1. */
int ct_scenario_field_index(const ct_scenario *sc, const char *name);
/* Index of a type by name, or -1. */
int ct_scenario_type_index(const ct_scenario *sc, const char *name);
/* Index of a state by name, or -1. */
int ct_scenario_state_index(const ct_scenario *sc, const char *name);

/* Shared by the scenario readers (ct_scenario.c, ct_field_scenario.c, ct_type_scenario.c,
   ct_signals_scenario.c). */
/* Reads the geometry of a region: "shape" list (with "positions"), rect or disc. */
int ct_scenario_parse_region(struct ct_jobj *o, const ct_scenario *sc, ct_placement *pl);
/* Whether name follows the name rules of types, fields and states: 1 to 63 characters, none of
   , : or quotes. */
int ct_scenario_name_ok(const char *name);
/* The name rules, and uniqueness, as a message at parent/key. */
int ct_scenario_check_name(struct ct_jobj *parent, const char *key, const char *name,
                           const char *kind, int already_defined);
/* The states and the signal keys of one type (ct_signals_scenario.c). */
int ct_scenario_parse_states(struct ct_jobj *type, ct_scenario *sc, ct_type_params *tp);
int ct_scenario_parse_signals(struct ct_jobj *type, ct_scenario *sc, ct_type_params *tp);

/* The section parsers of this layer, in the order a scenario is read (ct_scenario_load.c):
   "script" keys and "lua" limits, "fields" (ct_field_scenario.c), "cell_types"
   (ct_type_scenario.c), then after the script's declarations the check that some type exists,
   "initial" and "plugins". */
int ct_scenario_parse_script_keys(struct ct_jobj *root, ct_scenario *sc);
int ct_scenario_parse_fields(struct ct_jobj *root, ct_scenario *sc);
int ct_scenario_parse_cell_types(struct ct_jobj *root, ct_scenario *sc);
int ct_scenario_check_types(struct ct_jobj *root, const ct_scenario *sc);
int ct_scenario_parse_initial(struct ct_jobj *root, ct_scenario *sc);
/* Reads the scenario's "plugins" array into sc->plugins (paths resolved); ct_plugin.c loads them. */
int ct_plugin_parse_specs(struct ct_jobj *root, ct_scenario *sc);
void ct_plugin_free_specs(ct_scenario *sc);

#endif
