/* One simulation run over the MPI ranks of MPI_COMM_WORLD, started by the caller: slabs
 * (ct_slab), halo rows exchanged after each step, counts.csv, snapshots and run.json written by
 * rank 0 byte for byte as one process writes them, checkpoints too, and resume on any number
 * of ranks (docs/ARCHITECTURE.md, "One simulation over MPI"). Built without CT_HAVE_MPI it
 * refuses, saying so. For the CLI. */
#ifndef CT_DIST_RUN_H
#define CT_DIST_RUN_H

#include "ct_error.h"
#include "ct_run.h"
#include "ct_scenario.h"

/* Runs sc over every rank of MPI_COMM_WORLD; every rank calls it with the same arguments and
   gets the same status; err's message is rank 0's. Of opt, out_dir, threads, force,
   checkpoint_every and interrupted are used: rank 0 writes each checkpoint, byte for byte one
   process's, and run.json's "ranks" (per rank: block, agents, step times, bytes sent); the
   interrupted flag set on any rank stops every rank after the same step with a checkpoint
   (CT_EINTR). */
int ct_dist_run(const ct_scenario *sc, const ct_run_options *opt, ct_error *err);
/* Continues the run in opt->out_dir from its checkpoint (written by any number of ranks, or by
   one process) over every rank of MPI_COMM_WORLD: each rank reads it and keeps its slab; the
   outputs are byte for byte those of the run never stopped. opt->threads and opt->interrupted
   are used. */
int ct_dist_resume(const ct_run_options *opt, ct_error *err);

#endif
