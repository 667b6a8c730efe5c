/* run.json's per-rank records of a run split over ranks. */
#include "ct_dist_report.h"

void ct_rank_stats_add_step(ct_rank_stats *s, double seconds)
{
    s->steps++;
    s->step_s_total += seconds;
    if (seconds > s->step_s_max)
        s->step_s_max = seconds;
}

/* A JSON array of the first ndim values. */
static cJSON *axes(const uint32_t *v, int ndim)
{
    cJSON *a = cJSON_CreateArray();
    for (int k = 0; a && k < ndim; k++) {
        cJSON *x = cJSON_CreateNumber(v[k]);
        if (!x || !cJSON_AddItemToArray(a, x)) {
            cJSON_Delete(x);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *rank_json(const ct_rank_stats *s, int rank, int ndim)
{
    cJSON *o = cJSON_CreateObject(), *lo = axes(s->lo, ndim), *hi = axes(s->hi, ndim);
    double steps = s->steps ? (double)s->steps : 1;
    int ok = o && lo && hi && cJSON_AddNumberToObject(o, "rank", rank) &&
             cJSON_AddItemToObject(o, "block_lo", lo);
    if (!ok)
        cJSON_Delete(lo); /* not attached yet */
    ok = ok && cJSON_AddItemToObject(o, "block_hi", hi);
    if (!ok)
        cJSON_Delete(hi);
    ok = ok && cJSON_AddNumberToObject(o, "agents", (double)s->agents) &&
         cJSON_AddNumberToObject(o, "steps", (double)s->steps) &&
         cJSON_AddNumberToObject(o, "step_time_mean_s", s->step_s_total / steps) &&
         cJSON_AddNumberToObject(o, "step_time_max_s", s->step_s_max) &&
         cJSON_AddNumberToObject(o, "bytes_sent_per_step", (double)s->bytes_sent / steps);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *ct_rank_stats_json(const ct_rank_stats *s, int n, int ndim)
{
    cJSON *a = cJSON_CreateArray();
    for (int r = 0; a && r < n; r++) {
        cJSON *o = rank_json(&s[r], r, ndim);
        if (!o || !cJSON_AddItemToArray(a, o)) {
            cJSON_Delete(o);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}
