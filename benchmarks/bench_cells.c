/* Cell kernels: benchmark 1 (motility + proliferation + death, 1M cells on 2048^2), 4 (memory per
 * cell and site from peak RSS), 5 (1 vs 2 threads) and the cell part of 6 (4M cells on 256^3).
 * Each figure is printed next to a naive serial reference kernel timed in the same run. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_common.h"
#include "ct_alloc.h"
#include "ct_sim_create.h"
#include "ct_step.h"

#define MOTILITY 0.1 /* 1/min: with dt = 1 min, 9.5% of cells hop each step */
#define DIVISION 0.001
#define DEATH 0.001

static void scenario_json(char *buf, size_t n, const char *size, const char *max, long cells,
                          const char *fields)
{
    const char *min = strchr(max + 1, ',') != strrchr(max, ',') ? "[0,0,0]" : "[0,0]";
    snprintf(buf, n,
             "{\"domain\":{\"size\":%s,\"dx\":10,\"neighbourhood\":\"moore\"},\"dt\":1,"
             "\"steps\":0,\"seed\":1,%s\"cell_types\":{\"a\":{\"motility\":{\"rate\":%g},"
             "\"proliferation\":{\"rate\":%g},\"death\":{\"rate\":%g}}},\"initial\":[{\"shape\":"
             "\"rect\",\"type\":\"a\",\"min\":%s,\"max\":%s,\"count\":%ld}]}",
             size, fields, MOTILITY, DIVISION, DEATH, min, max, cells);
}

/* ---- reference: a naive serial lattice walk ------------------------------------------------- */

typedef struct ref_world {
    uint32_t w, h;
    uint32_t *slot; /* cell index + 1, 0 = free */
    uint32_t *site;
    size_t n, cap;
    uint64_t rng;
} ref_world;

static double ref_uniform(ref_world *r)
{
    r->rng ^= r->rng << 13, r->rng ^= r->rng >> 7, r->rng ^= r->rng << 17; /* xorshift64 */
    return (double)(r->rng >> 11) * (1.0 / 9007199254740992.0);
}

static uint32_t ref_neighbour(ref_world *r, uint32_t s)
{
    static const int dx[8] = {-1, 0, 1, -1, 1, -1, 0, 1}, dy[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
    int k = (int)(ref_uniform(r) * 8);
    uint32_t x = (s % r->w + r->w + (uint32_t)dx[k]) % r->w;
    uint32_t y = (s / r->w + r->h + (uint32_t)dy[k]) % r->h;
    return x + r->w * y;
}

static void ref_step(ref_world *r, double p_move, double p_div, double p_die)
{
    for (size_t i = 0; i < r->n; i++) {
        double u = ref_uniform(r);
        if (u < p_die) { /* swap-remove */
            r->slot[r->site[i]] = 0;
            r->site[i] = r->site[--r->n];
            r->slot[r->site[i]] = (uint32_t)i + 1;
            continue;
        }
        uint32_t t = ref_neighbour(r, r->site[i]);
        if (r->slot[t])
            continue;
        if (u < p_die + p_move) {
            r->slot[r->site[i]] = 0;
            r->slot[t] = (uint32_t)i + 1;
            r->site[i] = t;
        } else if (u < p_die + p_move + p_div && r->n < r->cap) {
            r->site[r->n] = t;
            r->slot[t] = (uint32_t)++r->n;
        }
    }
}

static void ref_init(ref_world *r, uint32_t w, uint32_t h, size_t cells)
{
    *r = (ref_world){.w = w, .h = h, .rng = 88172645463325252ULL, .cap = (size_t)w * h};
    r->slot = ct_calloc((size_t)w * h, sizeof *r->slot);
    r->site = ct_malloc(r->cap * sizeof *r->site);
    for (size_t i = 0; i < cells; i++) {
        uint32_t s;
        do
            s = (uint32_t)(ref_uniform(r) * w * h);
        while (r->slot[s]);
        r->site[r->n] = s;
        r->slot[s] = (uint32_t)++r->n;
    }
}

/* Steps per timed block: one reordering interval, so that every block of the engine pays for
   exactly one reordering of the agent store (a median of single steps would never see it). */
#define BLOCK CT_REORDER_INTERVAL

/* Cell-updates per second of one block of reference steps. */
static double ref_rate(ref_world *r)
{
    double t0 = omp_get_wtime(), updates = 0;
    for (int k = 0; k < BLOCK; k++) {
        updates += (double)r->n;
        ref_step(r, -expm1(-MOTILITY), -expm1(-DIVISION), -expm1(-DEATH));
    }
    return updates / (omp_get_wtime() - t0);
}

/* ---- engine ---------------------------------------------------------------------------------- */

/* Cell-updates per second of one block of engine steps on the given number of threads. */
static double engine_rate(ct_sim *sim, int threads)
{
    omp_set_num_threads(threads);
    double t0 = omp_get_wtime(), updates = 0;
    for (int k = 0; k < BLOCK; k++) {
        updates += (double)ct_sim_live_cells(sim);
        if (ct_sim_step(sim)) {
            fprintf(stderr, "bench: %s\n", sim->err.msg);
            exit(1);
        }
    }
    return updates / (omp_get_wtime() - t0);
}

/* The reference and the engine on 1 and 2 threads step in turn, so that a change in the machine's
   load hits all three alike; medians of rates and of per-round ratios are reported. Each round's
   scaling is paired with the machine's own (bench_scaling). */
static void bench_2d(void)
{
    enum { ROUNDS = 11 };
    char json[1024];
    scenario_json(json, sizeof json, "[2048,2048]", "[20480,20480]", 1000000, "");
    ct_scenario *sc = bench_scenario(json);
    ct_sim *sim1 = bench_sim(sc), *sim2 = bench_sim(sc);
    ref_world ref;
    ref_init(&ref, 2048, 2048, 1000000);
    double r[ROUNDS], one[ROUNDS], two[ROUNDS], ratio1[ROUNDS], ratio2[ROUNDS];
    bench_scaling scaling = {0};
    for (int k = 0; k < ROUNDS; k++) {
        r[k] = ref_rate(&ref);
        bench_scaling_begin_round(&scaling);
        one[k] = engine_rate(sim1, 1);
        two[k] = engine_rate(sim2, 2);
        bench_scaling_end_round(&scaling, two[k] / one[k]);
        ratio1[k] = one[k] / r[k], ratio2[k] = two[k] / r[k];
    }
    int same = bench_digest(sim1) == bench_digest(sim2);
    printf("benchmark 1: 1M cells on 2048^2, motility %g, division %g, death %g per min, dt 1 min\n"
           "  (medians of %d rounds; each round steps the reference and both engines %d times,\n"
           "  which includes one reordering of the agent store)\n",
           MOTILITY, DIVISION, DEATH, ROUNDS, BLOCK);
    double mr = bench_median(r, ROUNDS), m1 = bench_median(one, ROUNDS), m2 = bench_median(two, ROUNDS);
    double q1 = bench_median(ratio1, ROUNDS), q2 = bench_median(ratio2, ROUNDS);
    printf("  reference serial lattice walk   %8.1f M cell-updates/s\n", mr / 1e6);
    printf("  celltwin, 1 thread              %8.1f M cell-updates/s  (%.2fx reference)\n", m1 / 1e6, q1);
    printf("  celltwin, 2 threads             %8.1f M cell-updates/s  (%.2fx reference)\n", m2 / 1e6, q2);
    printf("benchmark 5: same state on 1 and 2 threads: %s\n", same ? "yes" : "NO");
    bench_scaling_print(&scaling, "benchmark 1");
    int n_two_core;
    double two_core = bench_scaling_two_core(&scaling, &n_two_core);
    char note[64];
    snprintf(note, sizeof note, "%d of %d rounds", n_two_core, ROUNDS);
    bench_record("cells.csv", "2d_reference", mr, "cell-updates/s", "serial");
    bench_record("cells.csv", "2d_1thread", m1, "cell-updates/s", "");
    bench_record("cells.csv", "2d_2threads", m2, "cell-updates/s", "");
    bench_record("cells.csv", "2d_2threads_vs_reference", q2, "ratio", "");
    bench_record("cells.csv", "2d_scaling", bench_scaling_all(&scaling), "ratio",
                 same ? "identical" : "DIFFER");
    bench_record("cells.csv", "control_scaling", bench_scaling_machine(&scaling), "ratio",
                 "pure arithmetic, around each round");
    bench_record("cells.csv", "2d_scaling_two_core", two_core, "ratio", note);
    bench_record("cells.csv", "2d_fraction_of_machine_scaling", bench_scaling_efficiency(&scaling),
                 "ratio", "median of rounds");
    ct_free(ref.slot);
    ct_free(ref.site);
    ct_sim_free(sim1);
    ct_sim_free(sim2);
    ct_scenario_free(sc);
    if (!same)
        exit(1);
}

static void bench_3d(void)
{
    char json[1024];
    scenario_json(json, sizeof json, "[256,256,256]", "[2560,2560,2560]", 4000000, "");
    ct_scenario *sc = bench_scenario(json);
    ct_sim *sim = bench_sim(sc);
    double t[3];
    for (int k = 0; k < 3; k++)
        t[k] = engine_rate(sim, 2);
    double two = bench_median(t, 3);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    printf("benchmark 6: 4M cells on 256^3, 2 threads  %8.1f M cell-updates/s\n", two / 1e6);
    bench_record("cells.csv", "3d_2threads", two, "cell-updates/s", "4M cells on 256^3");
}

/* The child of child_peak_rss: builds the simulation of json and steps it twice. */
static int memory_child(const char *json)
{
    ct_scenario *sc = bench_scenario(json);
    ct_sim *sim = bench_sim(sc);
    int rc = ct_sim_step(sim) || ct_sim_step(sim);
    ct_sim_free(sim);
    ct_scenario_free(sc);
    return rc;
}

/* Peak RSS of a fresh process (this program, exec'd again: OpenMP does not survive a bare fork)
   that builds the simulation and steps it twice. */
static double child_peak_rss(const char *json)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", "bench_cells", "memory-child", json, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
        return -1;
    return (double)ru.ru_maxrss * 1024.0;
}

static void bench_memory(void)
{
    const char *one_field = "\"fields\":{\"m\":{\"diffusion\":100}},";
    char json[1024];
    scenario_json(json, sizeof json, "[4096,4096]", "[40960,40960]", 1000000, one_field);
    double rss1 = child_peak_rss(json);
    scenario_json(json, sizeof json, "[4096,4096]", "[40960,40960]", 10000000, one_field);
    double rss10 = child_peak_rss(json);
    double per_cell = (rss10 - rss1) / 9e6, sites = 4096.0 * 4096.0;
    double per_site = (rss1 - 1e6 * per_cell) / sites;
    printf("benchmark 4: 4096^2 lattice, one field: peak RSS %.0f MiB at 1M cells, %.0f MiB at "
           "10M cells\n  => %.1f bytes per cell, %.1f bytes per site (goal: 10M cells <= 2048 MiB)\n",
           rss1 / 1048576, rss10 / 1048576, per_cell, per_site);
    bench_record("memory.csv", "rss_1M_4096sq", rss1, "bytes", "one field");
    bench_record("memory.csv", "rss_10M_4096sq", rss10, "bytes", "one field");
    bench_record("memory.csv", "bytes_per_cell", per_cell, "bytes", "");
    bench_record("memory.csv", "bytes_per_site", per_site, "bytes", "");
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "all";
    if (!strcmp(which, "memory-child") && argc > 2)
        return memory_child(argv[2]);
    if (!strcmp(which, "all") || !strcmp(which, "2d"))
        bench_2d();
    if (!strcmp(which, "all") || !strcmp(which, "3d"))
        bench_3d();
    if (!strcmp(which, "all") || !strcmp(which, "memory"))
        bench_memory();
    return 0;
}
