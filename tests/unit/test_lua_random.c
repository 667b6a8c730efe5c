/* math.poisson, math.binomial and sim:prob: the same engine stream as math.random, and the
 * refusals of bad arguments with the script line. The samplers' statistics: test_rng_dist.c. */
#include <math.h>

#include "ct_rng_dist.h"
#include "harness.h"
#include "lua_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"

/* A hook draws a Poisson and a binomial count and places that many cells; the counts must be the
   first two draws of the hook's stream (seed, step, hook 1), as math.random's would be. */
TEST(lua_poisson_and_binomial_draw_from_the_hook_stream)
{
    const char *script = "cell_type{name='b'}\ncell_type{name='c'}\n"
                         "on_step(function(sim)\n"
                         "  local nb, nc = math.poisson(30), math.binomial(200, 0.25)\n"
                         "  assert(math.type(nb) == 'integer' and math.type(nc) == 'integer')\n"
                         "  sim:add_cells('b', nb)\n  sim:add_cells('c', nc)\nend)\n";
    ct_scenario *sc;
    ct_sim *sim = tl_sim(script, "", &sc);
    if (!CHECK(sim != NULL))
        return;
    CHECK(th_run_checked(sim, 1) == 0);
    ct_rng r = ct_rng_stream(sim->step_key, UINT64_MAX - 1, CT_RNG_SCRIPT);
    long long want_b = ct_rng_poisson(&r, 30), want_c = ct_rng_binomial(&r, 200, 0.25);
    printf("    seed %llu: %lld and %lld cells\n", (unsigned long long)sc->seed, want_b, want_c);
    CHECK(th_count(sim, 0) == (uint64_t)want_b && th_count(sim, 1) == (uint64_t)want_c);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

TEST(lua_poisson_and_binomial_refuse_bad_arguments)
{
    static const struct {
        const char *call, *says;
    } bad[] = {
        {"math.poisson(-1)", ".lua:2: math.poisson: the mean must be a finite number in [0, 1e+09]"},
        {"math.poisson(0/0)", ".lua:2: math.poisson: the mean must be"},
        {"math.poisson(math.huge)", ".lua:2: math.poisson: the mean must be"},
        {"math.poisson(2e9)", ".lua:2: math.poisson: the mean must be"},
        {"math.poisson('x')", ".lua:2: bad argument #1 to 'poisson' (number expected"},
        {"math.binomial(2.5, 0.5)", ".lua:2: bad argument #1 to 'binomial' (number has no integer"},
        {"math.binomial(-1, 0.5)", ".lua:2: math.binomial: the number of trials must be in [0, "
                                   "1000000000], got -1"},
        {"math.binomial(2000000000, 0.5)", ".lua:2: math.binomial: the number of trials"},
        {"math.binomial(10, 1.5)", ".lua:2: math.binomial: the probability must be a finite "
                                   "number in [0, 1], got 1.5"},
        {"math.binomial(10, 0/0)", ".lua:2: math.binomial: the probability must be"},
        {"sim:prob(-1)", ".lua:2: sim:prob: the rate must be a finite number >= 0 per minute"},
        {"sim:prob(0/0)", ".lua:2: sim:prob: the rate must be"},
        {"sim:prob(1, -2)", ".lua:2: sim:prob: the time must be a finite number of minutes >= 0"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char script[256];
        snprintf(script, sizeof script, "cell_type{name='a'}\non_step(function(sim) local x = %s "
                 "end)\n", bad[k].call);
        CHECK(th_says(tl_error(script, "", 1), bad[k].says));
    }
}

/* sim:prob is 1 - exp(-rate dt), computed without cancellation: a rate of 1e-20 per minute
   gives 1e-20 dt, where 1 - math.exp(-1e-20 * dt) would give 0. Degenerate cases are exact. */
TEST(lua_prob_is_the_chance_within_one_step)
{
    const char *script =
        "cell_type{name='a'}\n"
        "on_step(function(sim)\n"
        "  assert(sim:prob(0) == 0 and sim:prob(5, 0) == 0)\n"
        "  assert(math.abs(sim:prob(0.3) - (1 - math.exp(-0.3 * sim.dt))) < 1e-15, sim:prob(0.3))\n"
        "  assert(math.abs(sim:prob(1e-20) / (1e-20 * sim.dt) - 1) < 1e-12, sim:prob(1e-20))\n"
        "  assert(math.abs(sim:prob(0.3, 5) - (1 - math.exp(-1.5))) < 1e-15)\n"
        "  assert(sim:prob(1e300) == 1)\n"
        "end)\n";
    CHECK(th_says(tl_error(script, "", 1), "(no error)"));
}
