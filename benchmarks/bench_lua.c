/* Per-cell Lua function throughput: calls per second of a trivial and of a realistic function,
 * each next to the same work written in C, on one core (the Lua kernel runs serially).
 * Usage: bench_lua [CSV]   (appends a row to CSV, default benchmarks/results/lua.csv) */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ct_intent.h"
#include "ct_lattice.h"
#include "ct_scenario.h"
#include "ct_scenario_load.h"
#include "ct_sim.h"
#include "ct_sim_create.h"

#define SIDE 500 /* lattice side: SIDE^2 cells */
#define REPEATS 7

static const char trivial_lua[] = "on_cell('cell', function(cell) end)\n";

/* Reads a field, an attribute, the neighbourhood and a random number; sets an intent. */
static const char realistic_lua[] =
    "attribute{type='cell', name='growth', dist='uniform', min=0.5, max=1.5}\n"
    "on_cell('cell', function(cell)\n"
    "  local o2 = cell:signal('oxygen')\n"
    "  if o2 < params.hypoxia then\n"
    "    if math.random() < 0.01 then cell:die() end\n"
    "  elseif cell:neighbours() < 8 and math.random() < 0.01 * cell.growth then\n"
    "    cell:divide()\n"
    "  end\n"
    "end)\n";

static const char scenario_fmt[] =
    "{\"domain\":{\"size\":[%d,%d],\"neighbourhood\":\"moore\"},\"dt\":1,\"steps\":1,\"seed\":5,"
    "\"script\":\"%s\",\"parameters\":{\"hypoxia\":0.5},\"lua\":{\"instruction_limit\":%d},"
    "\"fields\":{\"oxygen\":{\"diffusion\":0,\"initial\":1}},\"cell_types\":{\"cell\":{}},"
    "\"initial\":[{\"shape\":\"rect\",\"type\":\"cell\",\"min\":[0,0],\"max\":[1e9,1e9],"
    "\"fill\":true}]}";

static double median(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

typedef void (*kernel_fn)(ct_sim *sim);

static void lua_kernel(ct_sim *sim)
{
    for (int k = 0; k < sim->registry.n; k++) {
        const ct_behaviour *b = &sim->registry.items[k];
        if ((b->phases & CT_PHASE_DECIDE) && b->decide(b->user, sim, 0, sim->ag.n)) {
            fprintf(stderr, "bench_lua: %s\n", sim->err.msg);
            exit(1);
        }
    }
}

static void c_trivial(ct_sim *sim)
{
    for (size_t i = 0; i < sim->ag.n; i++)
        __asm__ volatile("" : : "r"(sim->ag.type[i])); /* a call per cell that does nothing */
}

static void c_realistic(ct_sim *sim)
{
    int growth = ct_agents_attribute_index(&sim->ag, "growth");
    for (size_t i = 0; i < sim->ag.n; i++) {
        ct_rng r = ct_sim_agent_rng(sim, i, CT_RNG_SCRIPT);
        uint32_t nb[CT_MAX_NEIGHBOURS];
        if (sim->fields.value[0][sim->ag.site[i]] < 0.5) {
            if (ct_rng_uniform(&r) < 0.01)
                ct_intent_die(sim, i);
        } else if (ct_lattice_free_neighbours(&sim->lat, sim->ag.site[i], nb) > 0 &&
                   ct_rng_uniform(&r) < 0.01 * sim->ag.attr[growth][i]) {
            ct_intent_divide(sim, i, CT_NO_SITE);
        }
    }
}

/* Median calls per second of kernel over REPEATS passes over every cell. */
static double rate(ct_sim *sim, kernel_fn kernel)
{
    double v[REPEATS];
    for (int k = 0; k < REPEATS; k++) {
        double t0 = omp_get_wtime();
        kernel(sim);
        v[k] = (double)sim->ag.n / (omp_get_wtime() - t0);
    }
    return median(v, REPEATS);
}

static ct_sim *make_sim(const char *dir, const char *script, int limit, ct_scenario **sc)
{
    char path[512], json[2048];
    ct_error err = {0};
    snprintf(path, sizeof path, "%s/bench.lua", dir);
    FILE *fp = fopen(path, "w");
    if (!fp || fputs(script, fp) == EOF || fclose(fp)) {
        perror(path);
        exit(1);
    }
    snprintf(json, sizeof json, scenario_fmt, SIDE, SIDE, path, limit);
    ct_sim *sim = NULL;
    if (ct_scenario_parse(json, "bench.json", NULL, 0, sc, &err) || ct_sim_create(*sc, &sim, &err)) {
        fprintf(stderr, "bench_lua: %s\n", err.msg);
        exit(1);
    }
    sim->step_key = ct_rng_step_key(sim->seed, 0);
    return sim;
}

/* Lua and C rates of one function: {lua, c}. */
static void measure(const char *dir, const char *script, int limit, kernel_fn ref, double out[2])
{
    ct_scenario *sc;
    ct_sim *sim = make_sim(dir, script, limit, &sc);
    out[0] = rate(sim, lua_kernel);
    out[1] = rate(sim, ref);
    ct_sim_free(sim);
    ct_scenario_free(sc);
}

static void append_row(const char *csv, const double triv[2], const double real[2],
                       const double unlimited[2])
{
    FILE *fp = fopen(csv, "a");
    if (!fp) {
        perror(csv);
        return;
    }
    if (ftell(fp) == 0)
        fputs("date,cells,lua_trivial_per_s,c_trivial_per_s,lua_realistic_per_s,"
              "c_realistic_per_s,lua_trivial_no_limit_per_s,lua_realistic_no_limit_per_s\n", fp);
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(fp, "%s,%d,%.4g,%.4g,%.4g,%.4g,%.4g,%.4g\n", when, SIDE * SIDE, triv[0], triv[1],
            real[0], real[1], unlimited[0], unlimited[1]);
    fclose(fp);
}

int main(int argc, char **argv)
{
    const char *csv = argc > 1 ? argv[1] : "benchmarks/results/lua.csv";
    char dir[] = "/tmp/bench_lua_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    double triv[2], real[2], triv_nl[2], real_nl[2];
    measure(dir, trivial_lua, 1000000, c_trivial, triv);
    measure(dir, realistic_lua, 1000000, c_realistic, real);
    measure(dir, trivial_lua, 0, c_trivial, triv_nl);
    measure(dir, realistic_lua, 0, c_realistic, real_nl);
    printf("per-cell function calls per second, one core, %d cells, median of %d passes\n",
           SIDE * SIDE, REPEATS);
    printf("  %-34s %12s %12s\n", "", "Lua", "same in C");
    printf("  %-34s %12.3g %12.3g\n", "trivial (instruction limit on)", triv[0], triv[1]);
    printf("  %-34s %12.3g %12.3g\n", "realistic (instruction limit on)", real[0], real[1]);
    printf("  %-34s %12.3g\n", "trivial (no instruction limit)", triv_nl[0]);
    printf("  %-34s %12.3g\n", "realistic (no instruction limit)", real_nl[0]);
    double unlimited[2] = {triv_nl[0], real_nl[0]};
    append_row(csv, triv, real, unlimited);
    printf("appended a row to %s\n", csv);
    char path[600];
    snprintf(path, sizeof path, "%s/bench.lua", dir);
    remove(path);
    rmdir(dir);
    return 0;
}
