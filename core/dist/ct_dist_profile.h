/* Where a distributed run's time and traffic go, per rank: seconds in each phase of the step
 * loop, the bytes each rank sends in the halo exchange, and the cells each fill places into the
 * window. Rank 0 writes them to the run directory's dist_profile.json at the end of a run over
 * ranks (docs/performance.md reads them; `make bench-mpi` prints them). For ct_dist_run. */
#ifndef CT_DIST_PROFILE_H
#define CT_DIST_PROFILE_H

#include <stdint.h>

#include "ct_error.h"

typedef enum ct_dist_phase {
    CT_DIST_EXCHANGE, /* halo rows of cells and fields, and the counts a script reads */
    CT_DIST_FILL,     /* the window's halo rows (or, at the start, all of it) from records */
    CT_DIST_STEP,     /* ct_sim_step on the window */
    CT_DIST_COLLECT,  /* births numbered across ranks, owned cells back into records */
    CT_DIST_OUTPUT,   /* rank 0's gathers and writes for counts.csv and snapshots */
    CT_DIST_N_PHASES
} ct_dist_phase;

typedef struct ct_dist_profile {
    double seconds[CT_DIST_N_PHASES];
    double mark;            /* when the phase being timed began (omp_get_wtime) */
    uint64_t bytes_sent;    /* halo exchange: record counts, records, field rows */
    uint64_t cells_placed;  /* agents the fills put into the window */
    uint64_t steps;
} ct_dist_profile;

/* Starts timing the next phase now. */
void ct_dist_profile_start(ct_dist_profile *p);
/* Adds the time since the last start or lap to phase, and starts the next. */
void ct_dist_profile_lap(ct_dist_profile *p, ct_dist_phase phase);
/* Built with MPI only. Every rank calls it: rank 0 gathers every rank's profile and writes out_dir/dist_profile.json
   (per rank: steps, bytes sent and cells placed per step, seconds per phase). The others
   return CT_OK; rank 0 returns why it could not write. */
int ct_dist_profile_report(const ct_dist_profile *mine, int rank, int n_ranks,
                           const char *out_dir, ct_error *err);

#endif
