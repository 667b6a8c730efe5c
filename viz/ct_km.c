/* Kaplan & Meier 1958 (Nonparametric estimation from incomplete observations, J. Am. Stat.
 * Assoc. 53:457-481): at each distinct event time t_k with d_k events among the n_k subjects
 * still at risk (time >= t_k), S(t_k) = prod over j <= k of (1 - d_j / n_j). A censored subject
 * leaves the risk set after its time without lowering S, which is what sets this apart from the
 * plain fraction of subjects without the event. */
#include "ct_km.h"

#include <math.h>
#include <stdlib.h>

#include "ct_alloc.h"

typedef struct subject {
    double time;
    int event;
} subject;

/* By time; at one time, events first, so that the censored there still count as at risk. */
static int by_time(const void *a, const void *b)
{
    const subject *x = a, *y = b;
    if (x->time != y->time)
        return (x->time > y->time) - (x->time < y->time);
    return y->event - x->event;
}

/* The subjects with a time, sorted; their number into *n_kept. */
static subject *sorted_subjects(const double *time, const int *event, long n, long *n_kept)
{
    subject *s = ct_malloc((size_t)n * sizeof *s + 1);
    *n_kept = 0;
    for (long i = 0; s && i < n; i++)
        if (!isnan(time[i]))
            s[(*n_kept)++] = (subject){time[i], event[i] != 0};
    if (s)
        qsort(s, (size_t)*n_kept, sizeof *s, by_time);
    return s;
}

/* One pass over the sorted subjects: a step per distinct event time, a tick per censoring. */
static void estimate(const subject *s, long n, ct_viz_km *km)
{
    double surv = 1;
    long at_risk = n;
    for (long i = 0; i < n;) {
        long events = 0, leaving = 0;
        for (; i + leaving < n && s[i + leaving].time == s[i].time; leaving++) {
            events += s[i + leaving].event;
            if (!s[i + leaving].event && isfinite(s[i + leaving].time))
                km->censored[km->n_censored++] = s[i + leaving].time;
        }
        if (events > 0) {
            surv *= 1 - (double)events / (double)at_risk;
            km->time[km->n_steps] = s[i].time;
            km->survival[km->n_steps++] = surv;
        }
        at_risk -= leaving;
        i += leaving;
    }
}

int ct_viz_km_make(const double *time, const int *event, long n, ct_viz_km *km, ct_error *err)
{
    *km = (ct_viz_km){0};
    long kept;
    subject *s = sorted_subjects(time, event, n, &kept);
    size_t bytes = (size_t)kept * sizeof(double) + 1;
    km->time = ct_malloc(bytes);
    km->survival = ct_malloc(bytes);
    km->censored = ct_malloc(bytes);
    int ok = s && km->time && km->survival && km->censored;
    if (ok)
        estimate(s, kept, km);
    ct_free(s);
    return ok ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory for a survival curve");
}

double ct_viz_km_survival(const ct_viz_km *km, double t)
{
    double surv = 1;
    for (long k = 0; k < km->n_steps && km->time[k] <= t; k++)
        surv = km->survival[k];
    return surv;
}

void ct_viz_km_free(ct_viz_km *km)
{
    ct_free(km->time);
    ct_free(km->survival);
    ct_free(km->censored);
    *km = (ct_viz_km){0};
}
