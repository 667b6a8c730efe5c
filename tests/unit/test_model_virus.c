/* Model 1 of docs/models.md, reduced to the well-mixed limit: scenarios/virus_well_mixed.json.
 *
 * Reference: the target-cell-limited model of Baccam et al. (2006), J Virol 80:7590,
 *     T' = -beta T V,  I' = beta T V - delta I,  V' = p I - c V,
 * scaled to the cells simulated: one target cell per site, V in TCID50/ml is the (uniform) field
 * value, and an infected cell secreting s per minute into its site raises the uniform value by
 * s / N_sites per minute, so p = s / N_sites per cell. beta = max / half of the Hill rule (hill 1,
 * half 1e12: linear within V / half < 1e-6), delta the infected cells' death rate, c the decay.
 * The ODE is integrated by RK4 (h = 0.1 min) from the run's T0, I0 and V0 = 0.
 *
 * Tolerance, at every 6 h: 4 standard errors of the replicate mean (T and I), plus the
 * discretisation error of the step, computed as the distance between the ODE and the many-cell
 * limit of the step (virus seen one step after it is shed, backward-Euler decay of the implicit
 * solver, competing-risks probabilities 1 - exp(-r dt)); that distance must itself stay below 1% of
 * the cells. The standard error is at least that of a binomial count with the ODE's mean (when the
 * replicates happen to agree, e.g. all 0 once the targets are gone). Seeds printed. */
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "model_helpers.h"
#include "sim_helpers.h"
#include "ct_sim_create.h"
#include "ct_step.h"

enum { MAX_REPS = 32, MAX_POINTS = 16 };

typedef struct {
    double beta, delta, c, s, half, max, dt, n_sites;
} virus_params;

static void ode_deriv(const virus_params *p, const double y[3], double d[3])
{
    d[0] = -p->beta * y[0] * y[2];
    d[1] = p->beta * y[0] * y[2] - p->delta * y[1];
    d[2] = p->s / p->n_sites * y[1] - p->c * y[2];
}

/* RK4 from t = 0 to t with step h (t a multiple of h). */
static void ode_solve(const virus_params *p, double y[3], double t, double h)
{
    long n = lround(t / h);
    for (long k = 0; k < n; k++) {
        double k1[3], k2[3], k3[3], k4[3], z[3];
        ode_deriv(p, y, k1);
        for (int j = 0; j < 3; j++)
            z[j] = y[j] + h / 2 * k1[j];
        ode_deriv(p, z, k2);
        for (int j = 0; j < 3; j++)
            z[j] = y[j] + h / 2 * k2[j];
        ode_deriv(p, z, k3);
        for (int j = 0; j < 3; j++)
            z[j] = y[j] + h * k3[j];
        ode_deriv(p, z, k4);
        for (int j = 0; j < 3; j++)
            y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
    }
}

/* The many-cell limit of the engine's step (docs/fields.md): in step n the field adds what was
   shed in step n - 1 and decays by 1 / (1 + c dt); cells then see it. */
static void step_map(const virus_params *p, double y[2], long steps)
{
    double w = 0, shed = 0, pd = -expm1(-p->delta * p->dt);
    for (long n = 0; n < steps; n++) {
        w = (w + shed) / (1 + p->c * p->dt);
        shed = p->s * p->dt * y[1] / p->n_sites;
        double rate = w > 0 ? p->max / (1 + p->half / w) : 0.0;
        double infected = y[0] * -expm1(-rate * p->dt);
        y[0] -= infected;
        y[1] = y[1] * (1 - pd) + infected;
    }
}

/* The standard error of a mean of counts, at least that of a binomial count of mean mu among n
   cells, so that replicates that happen to agree (all 0 near extinction) do not give 0. */
static double se_floor(double se, double mu, double n, int reps)
{
    double binomial = sqrt(fmax(mu, 0.0) * fmax(1 - mu / n, 0.0) / reps);
    return se > binomial ? se : binomial;
}

static void check_virus(int side, int reps, unsigned long long seed0)
{
    long every = 360, points = 6; /* 6 h, up to 36 h */
    double t_count[MAX_REPS][MAX_POINTS], i_count[MAX_REPS][MAX_POINTS];
    double t0 = 0, i0 = 0;
    virus_params p = {0};
    for (int rep = 0; rep < reps; rep++) {
        char o[4][96];
        snprintf(o[0], sizeof o[0], "domain.size=[%d,%d]", side, side);
        snprintf(o[1], sizeof o[1], "initial.0.max=[%d,%d]", side * 10, side * 10);
        snprintf(o[2], sizeof o[2], "initial.0.count=%d", side * side / 20);
        snprintf(o[3], sizeof o[3], "initial.1.max=[%d,%d]", side * 10, side * 10);
        char seed[64];
        snprintf(seed, sizeof seed, "seed=%llu", seed0 + (unsigned long long)rep);
        const char *ov[5] = {o[0], o[1], o[2], o[3], seed};
        ct_scenario *sc = mh_load("virus_well_mixed.json", ov, 5);
        ct_sim *sim = th_sim(sc);
        CHECK(sim != NULL);
        if (!sim) {
            ct_scenario_free(sc);
            return;
        }
        int tt = ct_scenario_type_index(sc, "target"), ti = ct_scenario_type_index(sc, "infected");
        const ct_rule *rule = &sc->types[tt].sig.rule[0];
        CHECK(rule->hill == 1.0 && sc->fields[0].solver == CT_SOLVER_IMPLICIT);
        p = (virus_params){.beta = rule->max / rule->half, .delta = sc->types[ti].death_rate,
                           .c = sc->fields[0].decay, .s = sc->types[ti].sig.secretion[0].rate,
                           .half = rule->half, .max = rule->max, .dt = sc->dt,
                           .n_sites = (double)side * side};
        t0 = (double)mh_count(sim, "target", NULL);
        i0 = (double)mh_count(sim, "infected", NULL);
        for (long k = 0; k < points; k++) {
            for (long j = 0; j < every; j++)
                CHECK(ct_sim_step(sim) == CT_OK);
            t_count[rep][k] = (double)mh_count(sim, "target", NULL);
            i_count[rep][k] = (double)mh_count(sim, "infected", NULL);
        }
        ct_sim_free(sim);
        ct_scenario_free(sc);
    }
    printf("    %dx%d sites, T0=%g, I0=%g, %d replicates (seeds %llu..%llu); beta=%.4g /(TCID50/ml)"
           "/min, delta=%.4g /min, c=%.4g /min, p=%.4g TCID50/ml/min per cell\n",
           side, side, t0, i0, reps, seed0, seed0 + (unsigned long long)reps - 1, p.beta, p.delta,
           p.c, p.s / p.n_sites);
    double n_cells = t0 + i0;
    for (long k = 0; k < points; k++) {
        double t = (double)(k + 1) * every * p.dt;
        double y[3] = {t0, i0, 0}, m[2] = {t0, i0};
        ode_solve(&p, y, t, 0.1);
        step_map(&p, m, (k + 1) * every);
        double xt[MAX_REPS], xi[MAX_REPS], mt, st, mi, si;
        for (int r = 0; r < reps; r++) {
            xt[r] = t_count[r][k];
            xi[r] = i_count[r][k];
        }
        mh_mean_se(xt, reps, &mt, &st);
        mh_mean_se(xi, reps, &mi, &si);
        double dt_disc = fabs(m[0] - y[0]), di_disc = fabs(m[1] - y[1]);
        printf("    t=%4.0f h: T %7.1f (se %5.1f) ODE %7.1f step %7.1f | I %7.1f (se %5.1f) ODE "
               "%7.1f step %7.1f\n",
               t / 60, mt, st, y[0], m[0], mi, si, y[1], m[1]);
        CHECK(dt_disc < 0.01 * n_cells && di_disc < 0.01 * n_cells);
        CHECK_NEAR(mt, y[0], 4 * se_floor(st, y[0], n_cells, reps) + dt_disc);
        CHECK_NEAR(mi, y[1], 4 * se_floor(si, y[1], n_cells, reps) + di_disc);
    }
}

TEST(model_virus_well_mixed_follows_target_cell_limited_ode)
{
    int threads = mh_single_thread();
    if (ct_test_long())
        check_virus(100, 12, 700);
    else
        check_virus(50, 6, 700);
    mh_restore_threads(threads);
}
