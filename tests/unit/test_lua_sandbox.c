/* The Lua sandbox: every escape is refused with a message naming script and line, runaway scripts
 * hit the instruction and memory limits (which pcall cannot swallow), library loops are bounded,
 * a pending signal stops a script, and errors in per-cell functions name the cell. */
#include <signal.h>
#include <string.h>

#include "ct_lua_internal.h"
#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"
#include "ct_step.h"

static const char *tumour_disc =
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":[150,150],\"radius\":50,"
    "\"fill\":true}]";

/* Runs `line` at the top level of a script (line 2) and returns the message. */
static const char *top_level(const char *line)
{
    char script[2048];
    snprintf(script, sizeof script, "cell_type{name='tumour'}\n%s\n", line);
    return tl_error(script, "\"lua\":{\"instruction_limit\":1000000,\"memory_limit_mb\":8}", 0);
}

typedef struct {
    const char *code, *want;
} top_level_case;

/* Each case's code at the top level must fail with a message that names the script and says want. */
static void check_top_level_cases(const top_level_case *cases, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *msg = top_level(cases[k].code);
        if (!CHECK(th_says(msg, cases[k].want) && th_says(msg, ".lua:")))
            printf("    case %zu: %s\n    got: %s\n", k, cases[k].code, msg);
    }
}

TEST(lua_sandbox_refuses_each_escape_with_a_clear_message)
{
    static const top_level_case cases[] = {
        {"os.execute('ls')", ":2: os.execute is not available in the celltwin sandbox"},
        {"io.open('/etc/passwd')", ":2: io.open is not available in the celltwin sandbox"},
        {"require('socket')", ":2: require is not available in the celltwin sandbox"},
        {"dofile('x.lua')", ":2: dofile is not available"},
        {"loadfile('x.lua')", ":2: loadfile is not available"},
        {"string.dump(print)", ":2: string.dump is not available in the celltwin sandbox"},
        {"load('\\27Lua\\84\\0')", ":2: load: binary chunks (bytecode) are not allowed"},
        {"load(function() return nil end)", ":2: load accepts only a string of Lua source"},
        {"debug.sethook()", ":2: debug.sethook is not available in the celltwin sandbox"},
        {"package.loadlib('x', 'y')", ":2: package.loadlib is not available"},
        {"collectgarbage('stop')", ":2: bad argument #1 to 'collectgarbage' (invalid option"},
        {"math.randomseed(42)", ":2: math.randomseed is not available"},
        {"while true do end", ":2: instruction limit of 1000000 exceeded"},
        {"local t = {} for i = 1, 1e7 do t[i] = string.rep('x', 1000) .. i end", ":2: memory limit of 8 MiB exceeded"},
        {"local s = string.rep('x', 1e9)", ":2: memory limit of 8 MiB exceeded"},
        {"error({})", ":2: error object is a table value"},
    };
    check_top_level_cases(cases, sizeof cases / sizeof *cases);
}

TEST(lua_sandbox_keeps_text_load_and_the_safe_libraries)
{
    const char *msg = top_level(
        "local f = assert(load('return x + 1', 'chunk', 't', {x = 41}))\n"
        "assert(f() == 42)\n"
        "assert(string.format('%d', 3) == '3' and table.concat({1, 2}, ',') == '1,2')\n"
        "assert(utf8.len('abc') == 3 and math.floor(2.5) == 2)\n"
        "assert(collectgarbage('count') > 0)\n"
        "local r = math.random(3, 5) assert(r >= 3 and r <= 5)\n"
        "local u = math.random() assert(u >= 0 and u < 1)\n"
        "assert(not pcall(math.random, 5, 1))");
    CHECK(th_says(msg, "(no error)"));
}

TEST(lua_error_in_per_cell_function_names_script_line_and_cell)
{
    const char *script = "cell_type{name='tumour'}\n"
                         "on_cell('tumour', function(cell)\n"
                         "  if cell.id == 17 and sim.step == 2 then\n"
                         "    local missing = nil\n"
                         "    return missing.field\n"
                         "  end\n"
                         "end)\n";
    const char *msg = tl_error(script, tumour_disc, 5);
    CHECK(th_says(msg, ".lua:5: attempt to index a nil value (local 'missing')"));
    CHECK(th_says(msg, "(in per-cell function, cell id 17, type tumour, step 2)"));
}

TEST(lua_runaway_per_cell_function_stops_at_the_limits)
{
    const char *loop = "cell_type{name='tumour'}\n"
                       "on_cell('tumour', function(cell)\n"
                       "  while true do end\n"
                       "end)\n";
    const char *msg = tl_error(loop, "\"lua\":{\"instruction_limit\":5000},"
                                     "\"initial\":[{\"shape\":\"list\",\"type\":\"tumour\","
                                     "\"positions\":[[15,15]]}]", 3);
    CHECK(th_says(msg, ".lua:3: instruction limit of 5000 exceeded (in per-cell function, cell id 1"));
    const char *bomb = "cell_type{name='tumour'}\n"
                       "hoard = {}\n"
                       "on_cell('tumour', function(cell)\n"
                       "  hoard[#hoard + 1] = string.rep('x', 100000) .. cell.id\n"
                       "end)\n";
    msg = tl_error(bomb, "\"lua\":{\"memory_limit_mb\":4},\"initial\":[{\"shape\":\"disc\","
                         "\"type\":\"tumour\",\"centre\":[150,150],\"radius\":100,\"fill\":true}]",
                   3);
    CHECK(th_says(msg, ".lua:4: memory limit of 4 MiB exceeded (in per-cell function, cell id"));
}

TEST(lua_cell_object_is_refused_outside_its_function)
{
    const char *script = "cell_type{name='tumour'}\n"
                         "local kept\n"
                         "on_cell('tumour', function(cell) kept = cell end)\n"
                         "on_step(function(sim) kept:die() end)\n";
    const char *msg = tl_error(script, tumour_disc, 2);
    CHECK(th_says(msg, ".lua:4: cell:die can only be used inside a per-cell function"));
    CHECK(th_says(msg, "(in per-step hook, step 1)"));
}

/* Work done in C (collections, copies, library loops) counts against the instruction budget, so a
   loop of cheap-looking calls ends too. */
TEST(lua_limits_stay_tripped_through_pcall_xpcall_and_finalizers)
{
    static const top_level_case cases[] = {
        {"while true do pcall(function() while true do end end) end",
         ":2: instruction limit of 1000000 exceeded"},
        {"while true do xpcall(function() while true do end end, function(m) while true do end end) end",
         ":2: instruction limit of 1000000 exceeded"},
        {"while true do pcall(string.rep, 'x', 1e9) end", ":2: memory limit of 8 MiB exceeded"},
        {"pcall(function() local t = {} for i = 1, 100 do t[i] = string.rep('x', 1e6) .. i end end) "
         "while true do end", ":2: memory limit of 8 MiB exceeded"},
        {"local x <close> = setmetatable({}, {__close = function() while true do end end}) "
         "while true do end", ":2: instruction limit of 1000000 exceeded"},
        {"setmetatable({}, {__gc = function() while true do end end})",
         ":2: setmetatable: __gc metamethods (finalizers) are not available in the celltwin sandbox"},
        {"local big = {string.rep('x', 3e6)} for i = 1, 100 do collectgarbage() end",
         ":2: instruction limit of 1000000 exceeded"},
        {"for i = 1, 1e6 do table.move({}, 1, 1e6, 2) end", ":2: instruction limit of 1000000 exceeded"},
        {"local t = {} for i = 1, 1e5 do t[i] = -i end table.sort(t)",
         ":2: instruction limit of 1000000 exceeded"},
        {"local s = string.rep('x', 3e6) for i = 1, 1e6 do local t = s .. i end",
         ":2: instruction limit of 1000000 exceeded"},
        {"for i = 1, 1e6 do string.find(string.rep('a', 200), '(a-)(a-)b') end",
         ":2: instruction limit of 1000000 exceeded"},
    };
    check_top_level_cases(cases, sizeof cases / sizeof *cases);
    /* an allocation the emergency collection makes room for is no error */
    CHECK(th_says(top_level("local a = string.rep('x', 2e6) local junk = a .. a junk = nil "
                            "local s = a .. a .. 'y'"), "(no error)"));
}

TEST(lua_library_loops_are_bounded)
{
    static const top_level_case cases[] = {
        {"table.move({}, 1, math.maxinteger - 1, 2)",
         ":2: table.move: 9223372036854775806 elements from 1 to 9223372036854775806, more than "
         "the 10000000 one call may visit"},
        {"local t = setmetatable({}, {__len = function() return math.maxinteger - 1 end}) "
         "table.insert(t, 1, 0)", ":2: table.insert: 9223372036854775806 elements"},
        {"local t = setmetatable({}, {__len = function() return 1e15 end}) table.remove(t, 1)",
         ":2: table.remove: 999999999999999 elements"},
        {"table.concat(setmetatable({}, {__len = function() return 1e15 end, "
         "__index = function() return '' end}))", ":2: table.concat: 1000000000000000 elements"},
        {"table.sort(setmetatable({}, {__len = function() return 3 end}))",
         ":2: table.sort: a table with a __len metamethod cannot be sorted"},
        {"string.find(string.rep('a', 1e5), '.-.-.-.-.-.-b')",
         ":2: string.find: pattern refused in the celltwin sandbox: on a subject of 100000 bytes "
         "its 6 repetition items"},
        {"string.match(string.rep('a', 30), string.rep('a?', 30) .. string.rep('a', 30))",
         ":2: string.match: pattern refused"},
        {"for w in string.gmatch(string.rep('a', 1e4), '(a+)(a+)b') do end",
         ":2: string.gmatch: pattern refused"},
        {"local s = ('x'):rep(1e6):gsub('%s*$', '')", ":2: string.gsub: pattern refused"},
    };
    check_top_level_cases(cases, sizeof cases / sizeof *cases);
    const char *msg = top_level(
        "assert(string.rep('', math.maxinteger) == '' and string.rep('', 3, '') == '')\n"
        "assert(string.rep('ab', 3, ',') == 'ab,ab,ab')\n"
        "assert(string.find('hello world', 'o w') == 5 and ('a,b,c'):gsub(',', ';') == 'a;b;c')\n"
        "assert(string.find(string.rep('a', 1e5), 'b', 1, true) == nil)\n"
        "assert(string.match('key = value', '(%w+)%s*=%s*(%w+)') == 'key')\n"
        "local t = {1, 2, 3} table.insert(t, 1, 0) table.insert(t, 4)\n"
        "assert(table.concat(t, ',') == '0,1,2,3,4' and table.remove(t, 1) == 0)\n"
        "assert(table.remove(t) == 4 and #t == 3 and table.remove({}) == nil)\n"
        "table.sort(t, function(a, b) return a > b end) assert(table.concat(t) == '321')\n"
        "assert(table.concat(table.move({1, 2}, 1, 2, 2), '', 1, 3) == '112')\n"
        "assert(not pcall(table.insert, t, 9, 1))");
    CHECK(th_says(msg, "(no error)"));
}

TEST(lua_every_error_names_the_script_line)
{
    static const top_level_case cases[] = {
        {"error(42)", ":2: error object is a number value (42)"},
        {"error()", ":2: error object is a nil value (nil)"},
        {"local function f() return (string.gsub('x', 'x', f)) end f()", ":2: "},
        {"string.find('x', '%')", ":2: "},
    };
    check_top_level_cases(cases, sizeof cases / sizeof *cases);
}

TEST(lua_pending_signal_stops_a_running_script)
{
    ct_scenario *sc;
    char body[512];
    snprintf(body, sizeof body, "\"lua\":{\"instruction_limit\":0},%s", tumour_disc);
    ct_sim *sim = tl_sim("cell_type{name='tumour'}\n"
                         "on_cell('tumour', function(cell)\n"
                         "  while true do end\n"
                         "end)\n", body, &sc);
    if (!CHECK(sim))
        return;
    volatile sig_atomic_t signal_seen = SIGTERM;
    sim->interrupted = &signal_seen;
    CHECK(ct_sim_step(sim) == CT_EINTR);
    CHECK(th_says(sim->err.msg, ".lua:3: stopped by signal 15 (SIGINT or SIGTERM) (in per-cell "
                                "function, cell id"));
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_act_records_are_bounded_per_call_and_by_the_memory_limit)
{
    const char *script = "cell_type{name='tumour'}\n"
                         "on_cell('tumour', function(cell)\n"
                         "  for i = 1, ACTS do cell:act('set_state', 'tumour', 0) end\n"
                         "end)\n";
    char text[512], body[512];
    snprintf(text, sizeof text, "ACTS = 1e6\n%s", script);
    const char *msg = tl_error(text, tumour_disc, 2);
    CHECK(th_says(msg, ".lua:4: cell:act: more than 64 actions in one call of a per-cell function "
                       "(in per-cell function, cell id"));
    CHECK(th_says(msg, "type tumour, step 0)"));
    snprintf(text, sizeof text, "ACTS = 64\n%s", script);
    snprintf(body, sizeof body, "\"lua\":{\"memory_limit_mb\":1},\"initial\":[{\"shape\":\"disc\","
                                "\"type\":\"tumour\",\"centre\":[150,150],\"radius\":250,"
                                "\"fill\":true}]");
    msg = tl_error(text, body, 2);
    CHECK(th_says(msg, ".lua:4: memory limit of 1 MiB exceeded (in per-cell function, cell id"));
}

/* Copies in C are charged as they happen: once they have spent the budget, the next instruction
   stops the script, not the next periodic check 10000 instructions later. */
TEST(lua_copies_stop_the_script_as_soon_as_they_spend_the_budget)
{
    ct_scenario *sc;
    ct_sim *sim = tl_sim("cell_type{name='tumour'}\n"
                         "rounds = 0\n"
                         "on_step(function(sim)\n"
                         "  local s = string.rep('x', 2.5e6)\n"
                         "  while true do rounds = rounds + 1 local t = s .. 'y' end\n"
                         "end)\n", "\"lua\":{\"instruction_limit\":1000000}", &sc);
    if (!CHECK(sim))
        return;
    CHECK(ct_sim_step(sim) != CT_OK);
    CHECK(th_says(sim->err.msg, ".lua:5: instruction limit of 1000000 exceeded (in per-step hook"));
    lua_getglobal(sim->lua->L, "rounds");
    lua_Integer rounds = lua_tointeger(sim->lua->L, -1);
    lua_pop(sim->lua->L, 1);
    printf("    %lld rounds of a 2.5 MB copy for a budget of 1e6 instructions\n", (long long)rounds);
    CHECK(rounds > 50 && rounds < 150); /* 1e6 / (2.5e6 / 256) = 102 */
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

/* Found by fuzz_lua under UBSan: lengths and numbers at the limits of the integers. */
TEST(lua_lengths_and_parameters_at_the_integer_limits)
{
    const char *msg = top_level(
        "local t = setmetatable({}, {__len = function() return math.maxinteger end})\n"
        "table.insert(t, 1, 0) assert(rawget(t, 1) == 0)\n"
        "local u = setmetatable({}, {__len = function() return math.mininteger end})\n"
        "assert(table.remove(u) == nil)");
    CHECK(th_says(msg, "(no error)"));
    msg = tl_error("cell_type{name='tumour'}\n"
                   "assert(params.big == 1e70 and math.type(params.big) == 'float')\n"
                   "assert(params.small == -3 and math.type(params.small) == 'integer')\n",
                   "\"parameters\":{\"big\":1e70,\"small\":-3}", 0);
    CHECK(th_says(msg, "(no error)"));
}
