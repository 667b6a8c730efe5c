/* The figure of a cohort directory, laid out before it is drawn so that tests can check it: one
 * key naming the arms by colour, then one row per outcome metric (its values per arm, the
 * waterfall of its paired differences and, for a time to an event, the Kaplan-Meier event-free
 * curve per arm). Which columns of cohort.csv are metrics is read from cohort_summary.csv, which
 * names them, not guessed from the names. Inside viz/ only; the CLI uses ct_viz.h. */
#ifndef CT_VIZ_COHORT_PLOT_H
#define CT_VIZ_COHORT_PLOT_H

#include <cairo.h>

#include "ct_km.h"
#include "ct_plot.h"
#include "ct_table.h"
#include "ct_viz.h"

#define CT_VIZ_COHORT_MAX_ARMS 16 /* as a cohort allows */
#define CT_VIZ_COHORT_MAX_METRICS 16 /* metric columns drawn (the first ones), one row each */

typedef enum ct_viz_cohort_panel_kind {
    CT_VIZ_COHORT_VALUES,    /* the metric per arm: patients as points, the median as a bar */
    CT_VIZ_COHORT_WATERFALL, /* paired differences, last arm - first, one bar per patient */
    CT_VIZ_COHORT_SURVIVAL   /* Kaplan-Meier event-free fraction per arm, censoring ticks */
} ct_viz_cohort_panel_kind;

typedef struct ct_viz_cohort_panel {
    ct_viz_cohort_panel_kind kind;
    int metric; /* index into metrics */
    int row, column;
    int event_column; /* SURVIVAL: the reached_... column; -1: an event has a time (extinction) */
} ct_viz_cohort_panel;

typedef struct ct_viz_cohort_figure {
    ct_viz_table rows, summary;
    int n_arms;
    const char *arms[CT_VIZ_COHORT_MAX_ARMS];
    int n_params;   /* patient parameter columns, 2 .. 2 + n_params - 1 of cohort.csv */
    int n_metrics;
    int metrics[CT_VIZ_COHORT_MAX_METRICS]; /* their cohort.csv columns */
    long n_patients;
    int n_panels;
    ct_viz_cohort_panel panels[3 * CT_VIZ_COHORT_MAX_METRICS];
    double *buf;    /* n_patients */
    double width, height, panel_w, panel_h;
} ct_viz_cohort_figure;

/* Reads DIR's cohort.csv and cohort_summary.csv and lays the page out (opt->width_mm). F is
   freed with ct_viz_cohort_figure_free, also on error. */
int ct_viz_cohort_figure_make(const char *dir, const ct_viz_options *opt,
                              ct_viz_cohort_figure *f, ct_error *err);
void ct_viz_cohort_figure_free(ct_viz_cohort_figure *f);
/* The axes of panel I (place, scales, titles) on a page whose margins leave CONTENT. */
void ct_viz_cohort_panel_frame(const ct_viz_cohort_figure *f, const ct_viz_rect *content, int i,
                               ct_viz_plot_frame *frame);
/* The Kaplan-Meier curve of survival panel PANEL for arm ARM: patients whose run failed left out,
   a time_to_... with reached 0 censored at its time, an extinction time that is NA censored after
   every event. Freed with ct_viz_km_free, also on error. */
int ct_viz_cohort_km(const ct_viz_cohort_figure *f, int panel, int arm, ct_viz_km *km,
                     ct_error *err);
/* Draws F (a ct_viz_cohort_figure); a ct_viz_page_painter. */
int ct_viz_cohort_paint(cairo_t *cr, const ct_viz_rect *content, const void *f, ct_error *err);

#endif
