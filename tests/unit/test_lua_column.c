/* column{}: counts.csv columns computed by the script, through the same machinery (and the same
 * refusals) as plugin columns. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"

static const char *some_cells =
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[300,100],"
    "\"count\":40}]";

/* Values of sim's columns after steps, or the error message of the step or the evaluation. */
static const char *evaluate_after(const char *script, long steps, double *values)
{
    static char msg[512];
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, some_cells, &sc);
    if (!sim)
        return "(no simulation)";
    snprintf(msg, sizeof msg, "(no error)");
    if (th_run_checked(sim, steps) ||
        ct_columns_evaluate(&sim->columns, sim, sim->step, values, &sim->err))
        snprintf(msg, sizeof msg, "%s", sim->err.msg);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return msg;
}

TEST(lua_columns_compute_a_value_per_row)
{
    const char *script =
        "cell_type{name='a', states={'x', 'y'}}\n"
        "column{name='half_a', value=function(sim) return sim.counts.a / 2 end}\n"
        "column{name='step_plus', integer=true, value=function(sim) return sim.step + 1 end}\n";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, some_cells, &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 3) == 0);
    double v[2];
    CHECK(sim->columns.n == 2 && !strcmp(sim->columns.items[0].name, "half_a") &&
          sim->columns.items[1].integer);
    CHECK(ct_columns_evaluate(&sim->columns, sim, sim->step, v, &sim->err) == 0);
    CHECK(v[0] == (double)th_count(sim, 0) / 2 && v[1] == 4);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_column_names_and_declarations_are_checked)
{
    static const struct {
        const char *decl, *says;
    } bad[] = {
        {"column{name='a', value=function() return 1 end}",
         ".lua:2: column: column \"a\": counts.csv already has a cell type column of that name"},
        {"column{name='a:x', value=function() return 1 end}", "no , : or quotes"},
        {"column{name='step', value=function() return 1 end}", "not \"step\" or \"time\""},
        {"column{name='c', value=function() return 1 end} column{name='c', value=print}",
         "column \"c\" is already added by"},
        {"column{name='c', value=3}", ".lua:2: column \"c\": value must be a function(sim)"},
        {"column{name='c', value=print, integer=1}", "integer must be true or false"},
        {"column{name='c', valu=print}", "column: unknown field \"valu\""},
        {"column{value=print}", "column"},
        {"for i = 1, 65 do column{name='c' .. i, value=print} end",
         ".lua:2: column \"c65\": a script may add at most 64 columns"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char script[256];
        snprintf(script, sizeof script, "cell_type{name='a'}\n%s\n", bad[k].decl);
        CHECK(th_says(tl_error(script, some_cells, 1), bad[k].says));
    }
}

/* A value that is not a finite number is refused as a plugin's is; an error in the function names
   the script line and the column; a column only reads. */
TEST(lua_column_values_are_refused_with_the_line)
{
    double v[1];
    CHECK(th_says(evaluate_after("cell_type{name='a'}\ncolumn{name='c', value=function(sim)\n"
                                 "  return math.huge end}\n", 2, v),
                  ".lua: counts.csv column \"c\" is inf at step 2: a column value must be a "
                  "finite number"));
    CHECK(th_says(evaluate_after("cell_type{name='a'}\ncolumn{name='c', value=function(sim)\n"
                                 "  return 'x' end}\n", 2, v),
                  "counts.csv column \"c\": value() returned a string, expected a number"));
    CHECK(th_says(evaluate_after("cell_type{name='a'}\ncolumn{name='c', value=function(sim)\n"
                                 "  return sim.nothing end}\n", 2, v),
                  ".lua:3: sim has no field \"nothing\""));
    CHECK(th_says(evaluate_after("cell_type{name='a'}\ncolumn{name='c', value=function(sim)\n"
                                 "  return sim.nothing end}\n", 2, v),
                  "(in counts.csv column \"c\", step 2)"));
    CHECK(th_says(evaluate_after("cell_type{name='a'}\ncolumn{name='c', value=function(sim)\n"
                                 "  sim:add_cells('a', 1) return 1 end}\n", 2, v),
                  ".lua:3: sim:add_cells can only be called from a per-step hook"));
}
