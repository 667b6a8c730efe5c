/* What each rank of a run split over ranks did, for the "ranks" array of run.json
 * (docs/formats.md): its block, its agents at the end, its step times and the bytes it sent, so
 * that an imbalance or a costly exchange can be seen. No MPI here: the distributed run gathers
 * the records at rank 0. For the dist layer. */
#ifndef CT_DIST_REPORT_H
#define CT_DIST_REPORT_H

#include <cJSON.h>
#include <stdint.h>

/* One rank's record; it travels to rank 0 as bytes, so it holds no pointers. */
typedef struct ct_rank_stats {
    uint32_t lo[3], hi[3]; /* the block: lo[a] <= c[a] < hi[a] on every axis */
    uint64_t agents;       /* live cells owned at the end */
    uint64_t steps;        /* steps this process ran (after a resume: since it) */
    double step_s_total, step_s_max; /* wall time of those steps, exchange included */
    uint64_t bytes_sent;   /* halo rows to neighbours and cells to rank 0 for outputs */
} ct_rank_stats;

/* Counts one step that took seconds. */
void ct_rank_stats_add_step(ct_rank_stats *s, double seconds);
/* The "ranks" array of n ranks' records (blocks of ndim axes), or NULL when out of memory;
   cJSON_Delete it. */
cJSON *ct_rank_stats_json(const ct_rank_stats *s, int n, int ndim);

#endif
