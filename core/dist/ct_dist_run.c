/* The distributed run loop: slabs, halo exchange, births numbered across ranks, outputs at 0. */
#include "ct_dist_run.h"

#ifndef CT_HAVE_MPI

static int built_without_mpi(const char *what, ct_error *err)
{
    return ct_error_set(err, CT_EINVAL,
                        "%s: --ranks needs MPI, and this celltwin was built without it "
                        "(install libopenmpi-dev and rebuild), or run without --ranks",
                        what);
}

int ct_dist_run(const ct_scenario *sc, const ct_run_options *opt, ct_error *err)
{
    (void)opt;
    return built_without_mpi(sc->file, err);
}

int ct_dist_resume(const ct_run_options *opt, ct_error *err)
{
    return built_without_mpi(opt->out_dir, err);
}

#else

#include <mpi.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_checkpoint.h"
#include "ct_decomp.h"
#include "ct_dist_fields.h"
#include "ct_dist_hooks.h"
#include "ct_dist_profile.h"
#include "ct_dist_report.h"
#include "ct_output.h"
#include "ct_sim_create.h"
#include "ct_slab.h"
#include "ct_slab_fields.h"
#include "ct_step.h"

typedef struct dist_run {
    const ct_scenario *sc;
    const ct_run_options *opt;
    const ct_checkpoint *ck; /* resuming from it, or NULL for a fresh run */
    long long checkpoint_every;
    int rank, n_ranks;
    ct_decomp d;
    ct_slab slab;
    ct_slab whole;          /* rank 0: the whole lattice, refilled for each output */
    ct_decomp whole_d;
    ct_counts_writer counts;
    ct_cell_records own;    /* cells of the owned rows, in site order: after a step only those
                               the neighbours see (ct_slab_collect_edges), all for outputs and
                               hooks */
    ct_cell_records seen;   /* the neighbours' edge rows: what replaces the window's halo */
    ct_dist_field_buf field_buf;
    ct_dist_profile prof;
    long long *after_step;  /* every rank's status and owned births after a step (2 per rank) */
    ct_dist_hooks hooks;    /* the script's on_step hooks, run on the whole lattice */
    int below, above;       /* the neighbour ranks, MPI_PROC_NULL at a closed edge */
    uint64_t step, next_id;
    double t0;
    int owns_dir;           /* rank 0 has claimed the output directory: run.json may be written */
    int failed_here;        /* this rank failed by itself: its err holds the reason */
    int started;            /* every rank opened its slab: the run's collectives may follow */
    ct_rank_stats stats;
} dist_run;

static int worst_of_all(int rc)
{
    int all;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all;
}

/* Every rank's status is everyone's: the worst one (most negative) stops them all together. A
   rank that brings its own failure remembers it, so that its message can be shared. */
static int agree(dist_run *dr, int rc)
{
    dr->failed_here |= rc != 0;
    return worst_of_all(rc);
}

/* The message of the lowest rank that failed by itself, on every rank: the others only know that
   some rank failed. Rank 0 reports it and records it in run.json. */
static void share_first_error(dist_run *dr, ct_error *err)
{
    int mine = dr->failed_here ? dr->rank : dr->n_ranks, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == dr->n_ranks)
        return;
    MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, first, MPI_COMM_WORLD);
    if (first != 0)
        ct_error_prefix(err, "rank %d of %d: ", first, dr->n_ranks);
}

/* The initial cells: every rank places them on the whole lattice (placement is deterministic),
   or takes the checkpoint's whole state, and keeps the owned ones. */
static int start_cells(dist_run *dr, ct_error *err)
{
    ct_sim *sim = dr->ck ? dr->ck->sim : NULL;
    int rc = sim ? CT_OK : ct_sim_create(dr->sc, &sim, err);
    if (rc)
        return rc;
    dr->step = sim->step;
    dr->next_id = sim->ag.next_id;
    rc = ct_slab_take_owned(&dr->slab, sim, &dr->own, err);
    if (!rc)
        rc = ct_slab_fill(&dr->slab, &dr->own, dr->step, dr->next_id, err);
    if (!rc)
        rc = ct_slab_fields_start(&dr->slab, sim, err);
    if (!dr->ck)
        ct_sim_free(sim);
    return rc;
}

/* Appends to seen the records neighbour `from` sends while this rank sends `send` to `to`. seen
   has room for a record on every site of both halos (neighbours), and a neighbour sends at most
   that: no allocation here, so no round to agree on one. */
static void swap_rows(dist_run *dr, size_t first, int n_send, int to, int from)
{
    int n_recv = 0, size = (int)dr->own.size;
    MPI_Sendrecv(&n_send, 1, MPI_INT, to, 1, &n_recv, 1, MPI_INT, from, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    MPI_Sendrecv(ct_cell_record_at(&dr->own, first), n_send * size, MPI_BYTE, to, 2,
                 ct_cell_record_at(&dr->seen, dr->seen.n), n_recv * size, MPI_BYTE, from, 2,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    dr->seen.n += (size_t)n_recv;
    if (to != MPI_PROC_NULL) {
        dr->prof.bytes_sent += sizeof n_send + (uint64_t)n_send * (uint64_t)size;
        dr->stats.bytes_sent += sizeof n_send + (uint64_t)n_send * (uint64_t)size;
    }
}

/* The row of the whole lattice record k of own lies on. */
static uint32_t own_row(const dist_run *dr, size_t k)
{
    return (uint32_t)(ct_cell_record_at(&dr->own, k)->site / dr->slab.row_sites);
}

/* seen = the halo rows next to the block from each neighbour; and the field rows there. Slabs
   are at least that thick, so those rows come from the neighbours alone. */
static int exchange_halos(dist_run *dr, ct_error *err)
{
    dr->seen.n = 0;
    if (dr->n_ranks == 1)
        return CT_OK;
    size_t low = 0, high = dr->own.n, halo = dr->slab.halo;
    while (low < dr->own.n && own_row(dr, low) < dr->slab.lo + halo)
        low++; /* own[0, low): the rows the lower neighbour sees */
    while (high > 0 && own_row(dr, high - 1) >= dr->slab.hi - halo)
        high--; /* own[high, n): the rows the upper neighbour sees */
    swap_rows(dr, 0, (int)low, dr->below, dr->above);
    swap_rows(dr, high, (int)(dr->own.n - high), dr->above, dr->below);
    int rc = ct_dist_fields_exchange(&dr->slab, dr->below, dr->above, &dr->field_buf, err);
    uint64_t field_bytes = ct_slab_fields_edge_floats(&dr->slab) * sizeof(float) *
                           (uint64_t)((dr->below != MPI_PROC_NULL) + (dr->above != MPI_PROC_NULL));
    dr->prof.bytes_sent += field_bytes;
    dr->stats.bytes_sent += field_bytes;
    return rc;
}

/* The live cells of the whole simulation per type and state, for the window's script. */
static void share_counts(dist_run *dr)
{
    uint64_t *whole = dr->slab.whole_counts;
    if (!whole)
        return;
    int n = dr->sc->n_types * CT_MAX_STATES;
    memset(whole, 0, (size_t)n * sizeof *whole);
    ct_slab_count_owned(&dr->slab, whole);
    MPI_Allreduce(MPI_IN_PLACE, whole, n, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
}

/* After a step, every rank's status and owned births in one all-gather, where an agreement, a
   scan and a sum would each wait for every rank: returns the worst status, and the births of the
   lower ranks and of all. */
static int share_births(dist_run *dr, int rc, unsigned long long mine, unsigned long long *lower,
                        unsigned long long *all)
{
    long long pair[2] = {rc, (long long)mine};
    MPI_Allgather(pair, 2, MPI_LONG_LONG, dr->after_step, 2, MPI_LONG_LONG, MPI_COMM_WORLD);
    dr->failed_here |= rc != 0;
    int worst = 0;
    *lower = *all = 0;
    for (int r = 0; r < dr->n_ranks; r++) {
        long long status = dr->after_step[2 * r], born = dr->after_step[2 * r + 1];
        worst = status < worst ? (int)status : worst;
        *lower += r < dr->rank ? (unsigned long long)born : 0;
        *all += (unsigned long long)born;
    }
    return worst;
}

/* The script's on_step hooks on the whole lattice (ct_dist_hooks), after which own holds this
   rank's cells as the hooks left them, anywhere in its rows: the window is filled afresh. */
static int run_hooks(dist_run *dr, ct_error *err)
{
    if (!dr->hooks.active)
        return CT_OK;
    int rc = ct_dist_hooks_run(&dr->hooks, &dr->slab, dr->rank == 0 ? dr->whole.sim : NULL,
                               &dr->own, dr->step, &dr->next_id, err);
    if (!rc)
        rc = ct_slab_fill(&dr->slab, &dr->own, dr->step, dr->next_id, err);
    if (agree(dr, rc))
        return rc ? rc : ct_error_set(err, CT_ESTATE, "another rank failed the on_step hooks");
    return CT_OK;
}

/* One step of every slab; births take ids after those of the lower ranks. */
static int step_once(dist_run *dr, ct_error *err)
{
    ct_dist_profile_start(&dr->prof);
    share_counts(dr);
    int rc = exchange_halos(dr, err);
    if (rc)
        return rc;
    ct_dist_profile_lap(&dr->prof, CT_DIST_EXCHANGE);
    size_t before = dr->slab.sim->ag.n;
    rc = ct_slab_refill_halo(&dr->slab, &dr->seen, dr->step, dr->next_id, err);
    dr->prof.cells_placed += dr->slab.sim->ag.n - before;
    ct_dist_profile_lap(&dr->prof, CT_DIST_FILL);
    if (!rc && (rc = ct_sim_step(dr->slab.sim)))
        *err = dr->slab.sim->err;
    ct_dist_profile_lap(&dr->prof, CT_DIST_STEP);
    unsigned long long mine = rc ? 0 : ct_slab_owned_births(&dr->slab, dr->next_id), lower, all;
    if (share_births(dr, rc, mine, &lower, &all))
        return rc ? rc : ct_error_set(err, CT_ESTATE, "another rank failed its step");
    ct_slab_number_births(&dr->slab, dr->next_id, dr->next_id + lower);
    dr->own.n = 0;
    rc = dr->hooks.active ? ct_slab_collect(&dr->slab, &dr->own, err)
                          : ct_slab_collect_edges(&dr->slab, &dr->own, err);
    if (agree(dr, rc))
        return rc ? rc : ct_error_set(err, CT_ENOMEM, "another rank ran out of memory");
    dr->next_id += all;
    dr->step++;
    dr->prof.steps++;
    ct_dist_profile_lap(&dr->prof, CT_DIST_COLLECT);
    return run_hooks(dr, err);
}

/* Rank 0 gathers every rank's cells (rank order is site order) into the whole lattice. */
static int gather_whole(dist_run *dr, ct_error *err)
{
    dr->own.n = 0;
    int rc = ct_slab_collect(&dr->slab, &dr->own, err);
    if (agree(dr, rc))
        return rc ? rc : ct_error_set(err, CT_ENOMEM, "another rank ran out of memory");
    int bytes = (int)(dr->own.n * dr->own.size), *counts = NULL, *offsets = NULL, total = 0;
    ct_cell_records all;
    ct_cell_records_init(&all, dr->own.n_attr);
    if (dr->rank == 0) {
        counts = ct_calloc((size_t)dr->n_ranks, sizeof *counts);
        offsets = ct_calloc((size_t)dr->n_ranks, sizeof *offsets);
        rc = counts && offsets ? CT_OK : ct_error_set(err, CT_ENOMEM, "out of memory gathering");
    }
    MPI_Gather(&bytes, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 0; !rc && dr->rank == 0 && r < dr->n_ranks; r++) {
        offsets[r] = total;
        total += counts[r];
    }
    if (!rc && dr->rank == 0)
        rc = ct_cell_records_reserve(&all, (size_t)total / all.size + 1, err);
    if (agree(dr, rc)) {
        ct_free(counts);
        ct_free(offsets);
        return rc ? rc : ct_error_set(err, CT_ENOMEM, "rank 0 ran out of memory gathering");
    }
    MPI_Gatherv(dr->own.data, bytes, MPI_BYTE, all.data, counts, offsets, MPI_BYTE, 0,
                MPI_COMM_WORLD);
    all.n = (size_t)total / all.size;
    if (dr->rank != 0)
        dr->stats.bytes_sent += (uint64_t)bytes;
    if (dr->rank == 0)
        rc = ct_slab_fill(&dr->whole, &all, dr->step, dr->next_id, err);
    ct_cell_records_free(&all);
    ct_free(counts);
    ct_free(offsets);
    return rc;
}

/* Rank 0 gathers the whole state: every rank's cells and field rows. */
static int gather_state(dist_run *dr, ct_error *err)
{
    int rc = gather_whole(dr, err);
    if (!agree(dr, rc))
        rc = ct_dist_fields_gather(&dr->slab, dr->rank, dr->n_ranks, dr->whole.sim, err);
    return rc;
}

static int due(long long interval, const ct_scenario *sc, uint64_t step)
{
    return interval > 0 && (step % (uint64_t)interval == 0 || step == (uint64_t)sc->steps);
}

static int record(dist_run *dr, const char *status, const char *message, const cJSON *ranks,
                  ct_error *err);

/* The checkpoint of the gathered whole lattice, byte for byte one process's, and a note in
   run.json of how to go on from it should the job die. */
static int write_checkpoint(dist_run *dr, ct_error *err)
{
    int rc = ct_run_write_checkpoint(dr->whole.sim, &dr->counts, dr->checkpoint_every,
                                     dr->opt->out_dir, err);
    char note[4400];
    snprintf(note, sizeof note,
             "checkpoint at step %llu; should the job stop, continue it on any number of ranks "
             "with: mpirun -n K celltwin resume %s --ranks",
             (unsigned long long)dr->step, dr->opt->out_dir);
    return rc ? rc : record(dr, "running", note, NULL, err);
}

/* counts.csv's row, the snapshot and (after a step) the checkpoint of this step, written by rank
   0 from the gathered cells as one process writes them. */
static int outputs_of_step(dist_run *dr, int after_step, ct_error *err)
{
    const ct_scenario *sc = dr->sc;
    int row = dr->step % (uint64_t)sc->output_interval == 0 || dr->step == (uint64_t)sc->steps ||
              dr->hooks.stop;
    int snap = due(sc->snapshot_interval, sc, dr->step);
    int checkpoint = after_step && dr->checkpoint_every > 0 && dr->step < (uint64_t)sc->steps &&
                     dr->step % (uint64_t)dr->checkpoint_every == 0;
    if (!row && !snap && !checkpoint)
        return CT_OK;
    ct_dist_profile_start(&dr->prof);
    int rc = gather_state(dr, err);
    if (!rc && dr->rank == 0 && row)
        rc = ct_counts_row(&dr->counts, dr->whole.sim, err);
    if (!rc && dr->rank == 0 && snap) {
        char path[4200];
        rc = ct_run_write_snapshot(dr->whole.sim, dr->opt->out_dir, path, sizeof path, err);
    }
    if (!rc && dr->rank == 0 && checkpoint)
        rc = write_checkpoint(dr, err);
    ct_dist_profile_lap(&dr->prof, CT_DIST_OUTPUT);
    if (!agree(dr, rc))
        return CT_OK;
    return rc ? rc : ct_error_set(err, CT_EIO, "rank 0 failed writing outputs");
}

/* A signal (SIGTERM from a scheduler, ^C) on any rank stops every rank after the same step, with
   a checkpoint to resume from on any number of ranks. */
static int interrupted_anywhere(dist_run *dr)
{
    int mine = dr->opt->interrupted && *dr->opt->interrupted, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}

static int interrupt(dist_run *dr, ct_error *err)
{
    int rc = gather_state(dr, err);
    if (!rc && dr->rank == 0)
        rc = write_checkpoint(dr, err);
    if (agree(dr, rc))
        return rc ? rc : ct_error_set(err, CT_EIO, "rank 0 failed writing the checkpoint");
    return ct_error_set(err, CT_EINTR,
                        "interrupted after step %llu; continue with: mpirun -n K celltwin "
                        "resume %s --ranks",
                        (unsigned long long)dr->step, dr->opt->out_dir);
}

/* Rank 0: a fresh run claims the output directory and starts counts.csv; a resumed one clears
   what the stopped run was writing and restores counts.csv from the checkpoint. */
static int open_outputs(dist_run *dr, ct_error *err)
{
    const char *dir = dr->opt->out_dir;
    const ct_checkpoint *ck = dr->ck;
    int rc = CT_OK;
    if (ck) {
        char snapshots[4200];
        snprintf(snapshots, sizeof snapshots, "%s/snapshots", dir);
        ct_io_remove_stale_temporaries(dir);
        ct_io_remove_stale_temporaries(snapshots);
    } else if ((rc = ct_run_claim_out_dir(dir, dr->opt->force, err)) ||
               (rc = ct_io_mkdirs(dir, err))) {
        return rc;
    }
    dr->owns_dir = 1;
    return ck ? ct_counts_reopen(&dr->counts, dir, dr->whole.sim, ck->counts_text,
                                 ck->counts_len, err)
              : ct_counts_open(&dr->counts, dir, dr->whole.sim, err);
}

/* The ranks of the slabs below and above, across a periodic edge too; the records' size, which
   the window's attributes give; room for the records of both halos, one per site at most. */
static int neighbours(dist_run *dr, ct_error *err)
{
    int periodic = dr->sc->boundary[dr->slab.axis] == CT_PERIODIC, k = dr->n_ranks;
    dr->below = dr->rank > 0 ? dr->rank - 1 : periodic ? k - 1 : MPI_PROC_NULL;
    dr->above = dr->rank + 1 < k ? dr->rank + 1 : periodic ? 0 : MPI_PROC_NULL;
    if (k == 1)
        dr->below = dr->above = MPI_PROC_NULL;
    ct_cell_records_init(&dr->own, dr->slab.sim->ag.n_attr);
    ct_cell_records_init(&dr->seen, dr->slab.sim->ag.n_attr);
    dr->after_step = ct_calloc(2 * (size_t)k, sizeof *dr->after_step);
    if (!dr->after_step)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the statuses of %d ranks", k);
    return ct_cell_records_reserve(&dr->seen, 2 * dr->slab.halo * dr->slab.row_sites, err);
}

/* Plans the slabs (every rank alike: the same refusal everywhere), opens this rank's, and at
   rank 0 the whole lattice for outputs, the output directory and counts.csv; a fresh run writes
   step 0's outputs, a resumed one has them already. */
static int open_run(dist_run *dr, ct_error *err)
{
    const ct_scenario *sc = dr->sc;
    int rc = ct_decomp_plan(&dr->d, sc->ndim, sc->size, dr->n_ranks, err);
    if (!rc)
        rc = ct_slab_check(sc, &dr->d, err);
    if (!rc && sc->cells_every)
        rc = ct_error_set(err, CT_EINVAL, "%s: output.cells_every is not written by a run over "
                          "ranks yet; convert the snapshots with celltwin export --format csv, "
                          "or run without --ranks", sc->file);
    if (!rc)
        rc = ct_slab_open(&dr->slab, sc, &dr->d, dr->rank, err);
    if (!rc)
        rc = neighbours(dr, err);
    if (!rc)
        rc = ct_dist_hooks_open(&dr->hooks, sc, &dr->slab, dr->rank, dr->n_ranks, err);
    if (!rc && dr->rank == 0 && !(rc = ct_decomp_plan(&dr->whole_d, sc->ndim, sc->size, 1, err)) &&
        !(rc = ct_slab_open(&dr->whole, sc, &dr->whole_d, 0, err)))
        rc = open_outputs(dr, err);
    if (agree(dr, rc))
        return rc ? rc : ct_error_set(err, CT_EINVAL, "rank 0 could not start the run");
    dr->started = 1;
    ct_decomp_block(&dr->d, dr->rank, dr->stats.lo, dr->stats.hi);
    rc = start_cells(dr, err);
    if (agree(dr, rc))
        return rc ? rc : ct_error_set(err, CT_EINVAL, "another rank could not place the cells");
    return dr->ck ? CT_OK : outputs_of_step(dr, 0, err);
}

/* Every rank's record at rank 0, as run.json's "ranks" (NULL elsewhere, or out of memory). */
static cJSON *gather_stats(dist_run *dr)
{
    ct_rank_stats *all = NULL;
    dr->stats.agents = dr->own.n;
    if (dr->rank == 0)
        all = ct_calloc((size_t)dr->n_ranks, sizeof *all);
    if (worst_of_all(dr->rank == 0 && !all ? CT_ENOMEM : CT_OK))
        return NULL; /* run.json then goes without it */
    MPI_Gather(&dr->stats, (int)sizeof dr->stats, MPI_BYTE, all, (int)sizeof dr->stats,
               MPI_BYTE, 0, MPI_COMM_WORLD);
    cJSON *json = all ? ct_rank_stats_json(all, dr->n_ranks, dr->sc->ndim) : NULL;
    ct_free(all);
    return json;
}

static int record(dist_run *dr, const char *status, const char *message, const cJSON *ranks,
                  ct_error *err)
{
    if (dr->rank != 0)
        return CT_OK;
    ct_run_record rec = {
        .status = status,
        .message = message,
        .seed = dr->sc->seed,
        .threads = omp_get_max_threads(),
        .steps_done = (long long)dr->step,
        .wall_time_s = omp_get_wtime() - dr->t0,
        .scenario = dr->sc->json,
        .ranks = ranks,
    };
    return ct_run_record_write(dr->opt->out_dir, &rec, err);
}

static void close_run(dist_run *dr)
{
    ct_slab_close(&dr->slab);
    ct_slab_close(&dr->whole);
    ct_decomp_free(&dr->d);
    ct_decomp_free(&dr->whole_d);
    ct_cell_records_free(&dr->own);
    ct_cell_records_free(&dr->seen);
    ct_dist_field_buf_free(&dr->field_buf);
    ct_free(dr->after_step);
    ct_dist_hooks_close(&dr->hooks);
}

static void begin(dist_run *dr, const ct_scenario *sc, const ct_run_options *opt)
{
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
    *dr = (dist_run){.sc = sc, .opt = opt, .checkpoint_every = opt->checkpoint_every,
                     .t0 = omp_get_wtime()};
    MPI_Comm_rank(MPI_COMM_WORLD, &dr->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &dr->n_ranks);
}

/* The run from its start (or its checkpoint) to its end, and run.json saying how it ended. */
static int run_split(dist_run *dr, ct_error *err)
{
    const ct_scenario *sc = dr->sc;
    int rc = open_run(dr, err);
    if (!rc)
        rc = agree(dr, record(dr, "running", NULL, NULL, err));
    while (!rc && dr->step < (uint64_t)sc->steps && !dr->hooks.stop) {
        double t = omp_get_wtime();
        rc = step_once(dr, err);
        ct_rank_stats_add_step(&dr->stats, omp_get_wtime() - t);
        if (!rc)
            rc = outputs_of_step(dr, 1, err);
        if (!rc && dr->step < (uint64_t)sc->steps && interrupted_anywhere(dr))
            rc = interrupt(dr, err);
    }
    if (dr->rank == 0 && dr->counts.file.fp) {
        ct_error close_err;
        int crc = ct_counts_close(&dr->counts, &close_err);
        if (!rc && crc) {
            *err = close_err;
            rc = crc;
            dr->failed_here = 1;
        }
    }
    rc = worst_of_all(rc);
    share_first_error(dr, err);
    if (!rc && dr->started)
        rc = ct_dist_profile_report(&dr->prof, dr->rank, dr->n_ranks, dr->opt->out_dir, err);
    cJSON *ranks = dr->started ? gather_stats(dr) : NULL;
    if (dr->owns_dir) { /* rank 0 only: say how the run ended; a finished one needs no checkpoint */
        ct_error werr;
        const char *status = rc == CT_EINTR ? "interrupted" : rc ? "error" : "ok";
        int wrc = record(dr, status, rc ? err->msg : NULL, ranks, &werr);
        if (!rc && wrc) {
            *err = werr;
            rc = wrc;
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/" CT_CHECKPOINT_FILE, dr->opt->out_dir);
        if (!rc)
            unlink(path);
    }
    cJSON_Delete(ranks);
    close_run(dr);
    return worst_of_all(rc);
}

int ct_dist_run(const ct_scenario *sc, const ct_run_options *opt, ct_error *err)
{
    dist_run dr;
    begin(&dr, sc, opt);
    return run_split(&dr, err);
}

int ct_dist_resume(const ct_run_options *opt, ct_error *err)
{
    dist_run dr;
    begin(&dr, NULL, opt);
    char path[4200];
    snprintf(path, sizeof path, "%s/" CT_CHECKPOINT_FILE, opt->out_dir);
    ct_checkpoint ck;
    int read = ct_checkpoint_read(path, &ck, err);
    int rc = agree(&dr, read);
    if (rc) {
        if (!read) /* another rank could not read it: a file system this node alone sees? */
            ct_error_set(err, CT_EIO, "%s: another rank could not read it", path);
        share_first_error(&dr, err);
    } else {
        dr.sc = ck.sc;
        dr.ck = &ck;
        dr.checkpoint_every = ck.checkpoint_every;
        rc = run_split(&dr, err);
    }
    if (!read)
        ct_checkpoint_free(&ck);
    return rc;
}

#endif
