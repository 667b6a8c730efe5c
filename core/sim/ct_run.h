/* Running a scenario to completion: the step loop with its outputs, as the CLI and sweeps use it.
 * Sim layer: for the CLI, sweeps and tests. */
#ifndef CT_RUN_H
#define CT_RUN_H

#include <signal.h>

#include "ct_error.h"
#include "ct_output.h"
#include "ct_scenario.h"
#include "ct_sim.h"

typedef struct ct_run_options {
    const char *out_dir; /* created if missing */
    int threads;         /* 0: OpenMP's default */
    long long checkpoint_every; /* steps between checkpoints to out_dir/checkpoint.ctck; 0: none */
    /* out_dir holding another run's files (run.json, counts.csv, snapshots, checkpoint) is
       refused, so two runs never mix; force removes those files first (and nothing else). */
    int force;
    /* Called after each step (may be NULL); elapsed in seconds since the loop started. */
    void (*progress)(void *ctx, const ct_sim *sim, double elapsed_s);
    /* Called after each snapshot state file is written (may be NULL), e.g. to render a picture. */
    int (*on_snapshot)(void *ctx, const ct_sim *sim, const char *state_path, ct_error *err);
    void *ctx;
    /* When not NULL and set nonzero (e.g. by a SIGINT/SIGTERM handler), the run stops after the
       step in progress, writes a checkpoint, records status "interrupted" in run.json and returns
       CT_EINTR; ct_run_resume continues it. */
    volatile sig_atomic_t *interrupted;
} ct_run_options;

/* Runs sc. Writes out_dir/counts.csv, out_dir/run.json, snapshots and, when sc->cells_every is
   set, out_dir/cells_<step>.csv (the living cells, as ct_export_cells_csv writes them). On
   failure the error is also recorded in run.json with status "error", and counts.csv keeps the
   rows written so far. */
int ct_run(const ct_scenario *sc, const ct_run_options *opt, ct_error *err);

/* Continues the run in opt->out_dir from its checkpoint, at the checkpoint's own interval; the
   outputs are byte for byte those of the run never stopped (run.json's times apart).
   opt->checkpoint_every is not used. */
int ct_run_resume(const ct_run_options *opt, ct_error *err);

/* A fresh run owns its directory: another run's files there are refused, or removed with force
   (files of other programs stay), so no figure ever draws one run's snapshots with another's. */
int ct_run_claim_out_dir(const char *dir, int force, ct_error *err);

/* Writes DIR/checkpoint.ctck (through a temporary name) from sim, reordered first so that the
   file holds the live cells in site order and depends on the state alone, with counts.csv so far
   and the interval a resumed run keeps. */
int ct_run_write_checkpoint(ct_sim *sim, ct_counts_writer *counts, long long checkpoint_every,
                            const char *dir, ct_error *err);

/* Writes the snapshot state file of the current step to DIR/snapshots/state_<step>.ctsnap. */
int ct_run_write_snapshot(const ct_sim *sim, const char *dir, char *path, size_t path_len,
                          ct_error *err);

#endif
