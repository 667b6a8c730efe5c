/* The Lua sandbox: every escape is refused with a message naming script and line, runaway scripts
 * hit the instruction and memory limits, and errors in per-cell functions name the cell. */
#include <string.h>

#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"

static const char *tumour_disc =
    "\"initial\":[{\"shape\":\"disc\",\"type\":\"tumour\",\"centre\":[150,150],\"radius\":50,"
    "\"fill\":true}]";

/* Runs `line` at the top level of a script (line 2) and returns the message. */
static const char *top_level(const char *line)
{
    char script[512];
    snprintf(script, sizeof script, "cell_type{name='tumour'}\n%s\n", line);
    return tl_error(script, "\"lua\":{\"instruction_limit\":100000,\"memory_limit_mb\":8}", 0);
}

TEST(lua_sandbox_refuses_each_escape_with_a_clear_message)
{
    static const struct {
        const char *code, *want;
    } cases[] = {
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
        {"while true do end", ":2: instruction limit of 100000 exceeded"},
        {"local t = {} for i = 1, 1e7 do t[i] = string.rep('x', 1000) .. i end", ":2: memory limit of 8 MiB exceeded"},
        {"local s = string.rep('x', 1e9)", ":2: memory limit of 8 MiB exceeded"},
        {"error({})", ": error object is a table value"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *msg = top_level(cases[k].code);
        if (!CHECK(th_says(msg, cases[k].want) && th_says(msg, ".lua:")))
            printf("    case %zu: %s\n", k, cases[k].code);
    }
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
