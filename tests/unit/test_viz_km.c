/* The cohort figure's event-free curves: the Kaplan-Meier estimate (Kaplan & Meier 1958, J. Am.
   Stat. Assoc. 53:457-481) of a time_to_... column with its reached_... censoring and of an
   extinction time, against values worked out by hand; one curve per arm and one key. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../harness.h"
#include "ct_cohort_plot.h"
#include "ct_io.h"
#include "viz_helpers.h"

/* Times in minutes. Patient 5 of control failed (left out). In control, patient 1 is censored
   at 120 where patient 2 has its event; patient 4 is censored at 240. */
static const char cohort_csv[] =
    "patient,arm,k,time_to_tumour_le_0,reached_tumour_le_0,extinction_time_tumour,status\n"
    "0,control,1,60,1,100,ok\n0,treated,1,30,1,NA,ok\n"
    "1,control,1,120,0,NA,ok\n1,treated,1,30,1,NA,ok\n"
    "2,control,1,120,1,NA,ok\n2,treated,1,90,0,NA,ok\n"
    "3,control,1,180,1,200,ok\n3,treated,1,150,1,NA,ok\n"
    "4,control,1,240,0,NA,ok\n4,treated,1,300,0,NA,ok\n"
    "5,control,1,NA,NA,NA,failed\n5,treated,1,60,1,NA,ok\n";
static const char summary_csv[] =
    "metric,arm,n\ntime_to_tumour_le_0,treated,5\nreached_tumour_le_0,treated,5\n"
    "extinction_time_tumour,treated,5\n";

static ct_viz_cohort_figure *km_figure(void)
{
    char dir[600];
    ct_error err;
    snprintf(dir, sizeof dir, "%s/km", ct_test_tmpdir());
    CHECK(ct_io_mkdirs(dir, &err) == CT_OK);
    ct_test_write_tmp("km/cohort.csv", cohort_csv);
    ct_test_write_tmp("km/cohort_summary.csv", summary_csv);
    ct_viz_options opt;
    ct_viz_options_init(&opt);
    ct_viz_cohort_figure *f = calloc(1, sizeof *f);
    if (f && ct_viz_cohort_figure_make(dir, &opt, f, &err) == CT_OK)
        return f;
    printf("    %s\n", err.msg);
    ct_viz_cohort_figure_free(f);
    free(f);
    return NULL;
}

static int steps_are(const ct_viz_km *km, int n, const double *time, const double *surv)
{
    int ok = km->n_steps == n;
    for (int k = 0; ok && k < n; k++)
        ok = km->time[k] == time[k] && fabs(km->survival[k] - surv[k]) < 1e-12;
    if (!ok)
        for (long k = 0; k < km->n_steps; k++)
            printf("    step %ld: S(%g) = %.12g\n", k, km->time[k], km->survival[k]);
    return ok;
}

TEST(viz_cohort_kaplan_meier_matches_the_hand_computed_curve)
{
    ct_viz_cohort_figure *f = km_figure();
    if (!CHECK(f != NULL))
        return;
    /* panels: values, waterfall, survival of time_to; values, waterfall of reached; values,
       waterfall, survival of extinction_time */
    CHECK(f->n_panels == 8 && f->panels[2].kind == CT_VIZ_COHORT_SURVIVAL &&
          f->panels[7].kind == CT_VIZ_COHORT_SURVIVAL && f->panels[4].kind != CT_VIZ_COHORT_SURVIVAL);
    ct_viz_km km;
    ct_error err;
    /* control, time_to: 5 at risk (patient 5 failed). t=60: 1 event of 5, S = 4/5 = 0.8.
       t=120: 1 event of 4 (the patient censored at 120 is still at risk), S = 0.8 * 3/4 = 0.6.
       t=180: 1 of 2, S = 0.3. Censored at 120 (tick at 0.6) and 240 (tick at 0.3). */
    CHECK(ct_viz_cohort_km(f, 2, 0, &km, &err) == CT_OK);
    CHECK(steps_are(&km, 3, (double[]){60, 120, 180}, (double[]){0.8, 0.6, 0.3}));
    CHECK(km.n_censored == 2 && km.censored[0] == 120 && km.censored[1] == 240);
    CHECK(ct_viz_km_survival(&km, 59) == 1 && fabs(ct_viz_km_survival(&km, 240) - 0.3) < 1e-12);
    ct_viz_km_free(&km);
    /* treated: 6 at risk. t=30: 2 of 6, S = 2/3. t=60: 1 of 4, S = 2/3 * 3/4 = 0.5. Censored at
       90, so t=150: 1 of 2, S = 0.25 (the plain fraction without the event would say 2/6). */
    CHECK(ct_viz_cohort_km(f, 2, 1, &km, &err) == CT_OK);
    CHECK(steps_are(&km, 3, (double[]){30, 60, 150}, (double[]){2.0 / 3, 0.5, 0.25}));
    CHECK(km.n_censored == 2 && km.censored[0] == 90 && km.censored[1] == 300);
    ct_viz_km_free(&km);
    /* control, extinction: NA of a finished run is no extinction, censored after every event
       (no tick): t=100: 1 of 5, S = 0.8; t=200: 1 of 4, S = 0.6. */
    CHECK(ct_viz_cohort_km(f, 7, 0, &km, &err) == CT_OK);
    CHECK(steps_are(&km, 2, (double[]){100, 200}, (double[]){0.8, 0.6}) && km.n_censored == 0);
    ct_viz_km_free(&km);
    /* Drawn strokes in each arm's colour: the median bar of each metric row with a value (3 in
       control; 2 in treated, which has no extinction), one curve in each of the 2 survival
       panels (ticks in the same stroke) and one key entry. */
    const int medians[2] = {3, 2};
    for (int a = 0; a < 2; a++) {
        th_draw_counts counts = {.colour = ct_viz_palette(a)};
        CHECK(th_count_draws(ct_viz_cohort_paint, f, f->width, f->height, &counts) == CT_OK);
        if (!CHECK(counts.colour_strokes == medians[a] + 2 + 1))
            printf("    arm %d: %d strokes in its colour\n", a, counts.colour_strokes);
        /* fills: only its patients' points, one fill per metric row with a value; the
           waterfall's bars are grey, not an arm's colour that the key would misname */
        if (!CHECK(counts.colour_fills == medians[a]))
            printf("    arm %d: %d fills in its colour\n", a, counts.colour_fills);
    }
    ct_viz_cohort_figure_free(f);
    free(f);
}

/* Ties and edge cases of the estimator itself. */
TEST(viz_kaplan_meier_handles_ties_nan_and_no_events)
{
    ct_viz_km km;
    ct_error err;
    /* All censored: no steps, S stays 1. */
    CHECK(ct_viz_km_make((double[]){5, 7}, (int[]){0, 0}, 2, &km, &err) == CT_OK);
    CHECK(km.n_steps == 0 && km.n_censored == 2 && ct_viz_km_survival(&km, 100) == 1);
    ct_viz_km_free(&km);
    /* Every subject has its event at one time: S drops from 1 to 0 there; NaN left out. */
    CHECK(ct_viz_km_make((double[]){3, NAN, 3}, (int[]){1, 1, 1}, 3, &km, &err) == CT_OK);
    CHECK(steps_are(&km, 1, (double[]){3}, (double[]){0}));
    ct_viz_km_free(&km);
    /* No subjects at all. */
    CHECK(ct_viz_km_make(NULL, NULL, 0, &km, &err) == CT_OK && km.n_steps == 0);
    ct_viz_km_free(&km);
}
