/* What the ct_lua_*.c modules share: the state record, the call wrapper and the API installers.
 * Not for embedders: include ct_lua.h. */
#ifndef CT_LUA_INTERNAL_H
#define CT_LUA_INTERNAL_H

#include <lauxlib.h>
#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_agents.h"
#include "ct_lattice.h"
#include "ct_lua.h"
#include "ct_rng.h"
#include "ct_scenario.h"
#include "ct_signals_decl.h"

struct ct_sim;

enum ct_lua_mode { CT_LUA_DECLARING, CT_LUA_SIMULATING };
/* What is running, for messages and for the functions allowed only in one place. */
enum ct_lua_calling { CT_LUA_IN_SCRIPT, CT_LUA_IN_CELL, CT_LUA_IN_HOOK, CT_LUA_IN_COLUMN };

/* How an attribute's value is set when a cell of its type is born. */
enum ct_lua_dist { CT_DIST_FIXED, CT_DIST_NORMAL, CT_DIST_LOGNORMAL, CT_DIST_UNIFORM };

typedef struct ct_lua_attr {
    int column;  /* in the agent store */
    int type;    /* cell type it is drawn for; -1: every type */
    int dist;    /* ct_lua_dist */
    double a, b; /* fixed: value; normal/lognormal: mean, sd; uniform: min, max */
    int inherit; /* daughters copy the mother's value instead of drawing */
} ct_lua_attr;

/* A neighbour action recorded by cell:act(), applied once every cell has decided. */
typedef struct ct_lua_act {
    size_t target;
    int action; /* ct_lua_action */
    int arg;
    int state;  /* change_type: the state to take too, or -1 */
} ct_lua_act;

enum ct_lua_action { CT_ACT_KILL, CT_ACT_CHANGE_TYPE, CT_ACT_SET_STATE, CT_ACT_PHAGOCYTOSE };

/* A rule{} or contact{} as the script declared it, resolved once every type and state is known.
   Its strings live in the registry table kept_ref. */
typedef struct ct_lua_pending {
    int is_rule;
    int line;
    const char *type; /* the type the rule or contact action belongs to */
    ct_rule_decl rule;
    ct_contact_decl contact;
} ct_lua_pending;

/* Columns one script may add to counts.csv with column{}. */
#define CT_LUA_MAX_COLUMNS 64

/* What a counts.csv column of the script hands the column machinery as its user pointer. */
typedef struct ct_lua_column_slot {
    struct ct_lua *lua;
    int index;  /* in columns_ref, from 0 */
    int failed; /* the last call raised an error (in lua->err) */
    char name[64];
} ct_lua_column_slot;

struct ct_lua {
    lua_State *L;
    int mode;
    char *script;          /* path of the script as messages name it */
    ct_scenario *sc;       /* declaring: the scenario the declarations merge into */
    struct ct_sim *sim;    /* simulating */
    ct_error *err;

    size_t mem_used, mem_limit;
    /* The request the cap refused last: Lua retries it once after an emergency collection, and
       if that retry fits, no error was raised and the limit is not tripped. */
    struct {
        void *ptr;
        size_t osize, nsize;
        int armed;
    } mem_refused;
    long long instruction_limit;
    long long budget_left; /* instructions the call in progress may still run */
    int hook_count;        /* instructions between two calls of the count hook */
    /* A limit or a signal stopped the call in progress: every later count hook raises this
       message again until the call has unwound to the host, so pcall cannot swallow it. */
    char tripped[256];
    int tripped_code;      /* CT_EINTR for a signal, else 0 */

    /* the call in progress, for messages and math.random */
    int calling;           /* ct_lua_calling */
    size_t cell;           /* agent index while a per-cell function runs */
    ct_rng rng;
    int rng_ready;         /* rng seeded for the current call */
    uint64_t rng_key, rng_id; /* stream key and id of the current call */

    /* declaring: per script type, the transition target named, resolved once all are known */
    int declared_from;     /* first type index declared by the script */
    char transition_to[CT_MAX_TYPES][CT_NAME_MAX];
    int type_line[CT_MAX_TYPES];
    ct_lua_pending *pending; /* rule{} and contact{} in the order declared */
    int n_pending, pending_cap;
    int kept_ref;          /* registry: array of the strings pending declarations point into */

    /* simulating */
    int cell_fn_ref;       /* registry: table type index + 1 -> per-cell function */
    int has_cell_fn[CT_MAX_TYPES];
    int n_cell_fns;
    int hooks_ref;         /* registry: array of per-step hooks */
    int n_hooks;
    int cell_obj_ref, sim_obj_ref, type_names_ref;
    ct_lua_attr attrs[CT_MAX_ATTRS * 4];
    int n_attrs;
    uint64_t attrs_done_id; /* agents with a smaller id have their attributes set */
    ct_lua_column_slot column_slots[CT_LUA_MAX_COLUMNS];
    int n_columns;
    int columns_ref;       /* registry: array of column functions */
    int column_now;        /* slot of the column being computed */
    double column_value;   /* its value */
    /* a window of a distributed run (ct_lua_set_window): positions of the whole lattice, and
       sim.counts and sim.cells of the whole simulation */
    uint32_t window_offset[3], window_size[3]; /* size 0: not a window */
    const uint64_t *whole_counts;
    /* a window of a distributed run runs its hooks after the step, on a simulation of the whole
       lattice (ct_lua_run_hooks_on), not in its own step end */
    int hooks_deferred;
    int on_board;          /* the hooks in progress run on that whole-lattice simulation */
    int hooks_quiet;       /* their print is silent: another rank prints the same */
    ct_lua_act *acts;      /* counted against the memory limit */
    size_t n_acts, acts_cap;
    size_t acts_of_call;   /* acts recorded by the per-cell call in progress */
};

/* Instructions between two checks of the budget and of a pending signal (SIGINT, SIGTERM). */
#define CT_LUA_HOOK_PERIOD 10000
/* Elements one call of table.insert, remove, move, concat or sort may visit; each counts as an
   instruction. */
#define CT_LUA_ELEMENTS_MAX 10000000
/* Worst-case steps of the pattern matcher one call of string.find, match, gmatch or gsub may
   take (see bounded_pattern in ct_lua_sandbox.c); the call counts as that many instructions. */
#define CT_LUA_PATTERN_WORK_MAX 1e8
/* Work on memory counts as one instruction per this many bytes: each byte the state allocates
   (a new string copies its bytes in C) and each byte a full collection walks. */
#define CT_LUA_BYTES_PER_INSTRUCTION 256
/* Neighbour actions one call of a per-cell function may record. */
#define CT_LUA_MAX_ACTS_PER_CALL 64

/* ct_lua.c: the context of a Lua state (stored in its extra space). */
ct_lua *ct_lua_of(lua_State *L);
/* Calls the function below nargs arguments on the stack in protected mode with the instruction
   budget; on error formats the message (script, line, context) into lua->err. Pops all. */
int ct_lua_call(ct_lua *lua, int nargs);
/* Same, leaving nresults results on the stack when it succeeds. */
int ct_lua_call_returning(ct_lua *lua, int nargs, int nresults);
/* A state with the message handler in place and nothing else (no library, no API): script names
   it in messages, limits bound it, math.random draws from the streams keyed by rng_key. */
int ct_lua_open(const char *script, const ct_lua_limits *limits, uint64_t rng_key, int mode,
                ct_error *err, ct_lua **out);
/* Counts cost instructions of work a library function does in C against the call's budget;
   raises the instruction-limit error when it is spent. */
void ct_lua_charge(lua_State *L, long long cost);
/* Grows or shrinks a host array kept for the script (old_bytes to new_bytes) inside the state's
   memory limit; raises the memory-limit error when it would not fit. */
void *ct_lua_host_realloc(lua_State *L, void *p, size_t old_bytes, size_t new_bytes);
/* Raises a Lua error if the simulation-only function fname is called while declaring. */
struct ct_sim *ct_lua_need_sim(lua_State *L, const char *fname);
/* The string at idx for fname's message (what: "field \"name\""), refused with an error when it
   holds a NUL byte (C would cut it there, silently) or is not UTF-8. */
const char *ct_lua_text(lua_State *L, int idx, const char *fname, const char *what);
/* Registers the metatable name of a handle (a userdata a script holds): its methods, its __index
   (a table of the methods, or when index is not NULL that function, which finds the methods in the
   metatable itself) and __metatable false; then sets constructor as key of the methods table at
   owner (sim:field, cell:each_neighbour). */
void ct_lua_install_handle(lua_State *L, const char *name, const luaL_Reg *methods,
                           lua_CFunction index, int owner, const char *key,
                           lua_CFunction constructor);
/* Index of a cell type named at stack index arg, raising an error naming the known types. */
int ct_lua_check_type(lua_State *L, int arg);
/* A neighbour selector "TYPE" or "TYPE:STATE" at arg (as rule{neighbours=}): *state is -1 for any
   state. Raises an error naming fname and the known types or the type's states. */
void ct_lua_check_selector(lua_State *L, int arg, const char *fname, int *type, int *state);
/* The state at arg, a name or a state number, that a cell of type may be in; raises an error
   naming fname and the type's states otherwise. */
int ct_lua_check_state(lua_State *L, int arg, int type, const char *fname);
/* Index of a field named at arg, raising an error naming the known fields. */
int ct_lua_check_field(lua_State *L, int arg);

/* ct_lua_sandbox.c: opens the allowed libraries and installs the sandbox stubs. */
void ct_lua_open_sandbox(lua_State *L);
/* The random stream of the current call (seeded on first use). */
ct_rng *ct_lua_rng(ct_lua *lua);
/* ct_lua_random.c: math.poisson and math.binomial on that stream. */
void ct_lua_install_random(lua_State *L);

/* ct_lua_declare.c: reading declaration tables; each raises a Lua error naming fname. */
/* Refuses keys of the table at idx that are not in keys (NULL-terminated), with a did-you-mean. */
void ct_lua_check_keys(lua_State *L, int idx, const char *fname, const char *const *keys);
/* Number field key of the table at idx in [min, max], or def when absent. */
double ct_lua_field_number(lua_State *L, int idx, const char *fname, const char *key, double def,
                           double min, double max);
/* String field key of the table at idx, or NULL when absent and not required. */
const char *ct_lua_field_string(lua_State *L, int idx, const char *fname, const char *key,
                                int required);

/* Line of the script calling the C function running now. */
int ct_lua_current_line(lua_State *L);

/* ct_lua_declare.c: the declaration functions (cell_type, attribute, rule, contact, on_cell,
   on_step) and the params table. */
void ct_lua_install_declare(lua_State *L);
/* After a declaring run: resolves transitions and checks the merged types. */
int ct_lua_finish_declare(ct_lua *lua);

/* ct_lua_signals.c: the signal keys of cell_type{} (states, initial_state, secretion, uptake,
   chemotaxis) for the type being declared (the table at index 1), rule{} and contact{}, and
   their resolution after the declaring run. */
void ct_lua_type_signals(lua_State *L, ct_lua *lua, ct_type_params *tp);
int ct_lua_rule(lua_State *L);
int ct_lua_contact(lua_State *L);
int ct_lua_resolve_signals(ct_lua *lua);

/* The table field key of the cell_type{} declaration at index 1, its keys checked: its stack
   index, or 0 when it is absent (then nothing is left on the stack). */
int ct_lua_sub_table(lua_State *L, const char *key, const char *fname, const char *const *keys);
/* ct_lua_cycle.c: the cycle = {...} of cell_type{} into tp->cycle, checked as the JSON key. */
void ct_lua_type_cycle(lua_State *L, double dt, ct_type_params *tp);

/* ct_lua_attr.c: attribute{} and drawing values for new cells. */
int ct_lua_attribute(lua_State *L);
/* Sets the attributes of every agent created since the last call. */
void ct_lua_settle_attributes(ct_lua *lua);

/* ct_lua_column.c: column{} (counts.csv columns computed by the script). */
void ct_lua_install_column(lua_State *L);

/* ct_lua_field.c: sim:field(name) and the field handle; adds "field" to the sim methods table at
   sim_methods. */
void ct_lua_install_field(lua_State *L, int sim_methods);

/* ct_lua_cell.c: the cell object and the per-cell decide kernel. */
void ct_lua_install_cell(lua_State *L);
/* Pushes field key of agent i (id, type, state, state_name, age, x, y, z, parent or an attribute)
   and returns 1; returns 0, pushing nothing, for an unknown key. */
int ct_lua_push_agent_field(lua_State *L, const ct_lua *lua, size_t i, const char *key);
/* Raises "cell has no field KEY" with the fields and attributes there are. */
int ct_lua_no_such_field(lua_State *L, const struct ct_sim *sim, const char *key);
/* Neighbour agents of agent i of type (any when type < 0) in state (any when state < 0) into out,
   in the lattice's neighbour order; returns their count. */
int ct_lua_neighbours_of(const struct ct_sim *sim, size_t i, int type, int state,
                         size_t out[CT_MAX_NEIGHBOURS]);
/* ct_lua_neighbour.c: cell:each_neighbour([selector]); adds it to the cell methods table at idx. */
void ct_lua_install_neighbour(lua_State *L, int cell_methods);
int ct_lua_decide(void *user, struct ct_sim *sim, size_t begin, size_t end);

/* ct_lua_step.c: the sim object and the step-end kernel. */
void ct_lua_install_sim(lua_State *L);
int ct_lua_step_end(void *user, struct ct_sim *sim);

#endif
