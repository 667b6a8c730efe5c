/* The run loop: step, count, snapshot, and record the outcome in run.json. */
#include "ct_run.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_checkpoint.h"
#include "ct_io.h"
#include "ct_output.h"
#include "ct_sim_create.h"
#include "ct_snapshot.h"
#include "ct_step.h"

static double now_s(void)
{
    return omp_get_wtime();
}

static const char *no_colour_or(const char *c)
{
    return c[0] ? c : NULL;
}

int ct_run_write_snapshot(const ct_sim *sim, const char *dir, char *path, size_t path_len,
                          ct_error *err)
{
    const ct_scenario *sc = sim->sc;
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/snapshots", dir);
    int rc = ct_io_mkdirs(sub, err);
    if (rc)
        return rc;
    snprintf(path, path_len, "%s/state_%08llu.ctsnap", sub, (unsigned long long)sim->step);
    char *names[CT_MAX_TYPES], *colours[CT_MAX_TYPES];
    for (int t = 0; t < sc->n_types; t++) {
        names[t] = (char *)sc->types[t].name;
        colours[t] = (char *)no_colour_or(sc->types[t].colour);
    }
    char *state_names[CT_MAX_STATES], *field_names[CT_MAX_FIELDS], *field_units[CT_MAX_FIELDS];
    for (int k = 0; k < sc->n_states; k++)
        state_names[k] = (char *)sc->state_names[k];
    for (int k = 0; k < sc->n_fields; k++) {
        field_names[k] = (char *)sc->fields[k].name;
        field_units[k] = (char *)sc->fields[k].units;
    }
    ct_snapshot s = {
        .ndim = sim->lat.ndim,
        .size = {sim->lat.size[0], sim->lat.size[1], sim->lat.size[2]},
        .dx_um = sim->lat.dx,
        .step = sim->step,
        .time_min = (double)sim->step * sim->dt,
        .seed = sim->seed,
        .n_types = sc->n_types,
        .type_names = names,
        .type_colours = colours,
        .n_states = sc->n_states,
        .state_names = state_names,
        .n_cells = sim->ag.n,
        .site = sim->ag.site,
        .type = sim->ag.type,
        .state = sim->ag.state,
        .n_fields = sc->n_fields,
        .field_names = field_names,
        .field_units = field_units,
        .field_values = (float **)sim->fields.value,
    };
    /* dead agents awaiting compaction must not appear: reorder first when there are any */
    if (sim->ag.n_dead)
        return ct_error_set(err, CT_ESTATE, "internal: snapshot with uncompacted dead agents");
    return ct_snapshot_write(&s, path, err);
}

typedef struct run_state {
    const ct_scenario *sc;
    const ct_run_options *opt;
    ct_sim *sim;
    ct_counts_writer counts;
    long long checkpoint_every;
    const ct_checkpoint *resume_from; /* NULL for a fresh run */
    double t0;
} run_state;

static int snapshot_due(const ct_scenario *sc, uint64_t step)
{
    return sc->snapshot_interval > 0 &&
           (step % (uint64_t)sc->snapshot_interval == 0 || step == (uint64_t)sc->steps);
}

static int outputs_of_step(run_state *rs, ct_error *err)
{
    ct_sim *sim = rs->sim;
    uint64_t step = sim->step;
    int rc = CT_OK;
    if (step % (uint64_t)rs->sc->output_interval == 0 || step == (uint64_t)rs->sc->steps ||
        sim->stop_requested)
        rc = ct_counts_row(&rs->counts, sim, err);
    if (!rc && snapshot_due(rs->sc, step)) {
        char path[4200];
        if (sim->ag.n_dead && (rc = ct_sim_reorder(sim)))
            *err = sim->err;
        if (!rc)
            rc = ct_run_write_snapshot(sim, rs->opt->out_dir, path, sizeof path, err);
        if (!rc && rs->opt->on_snapshot)
            rc = rs->opt->on_snapshot(rs->opt->ctx, sim, path, err);
    }
    return rc;
}

static void checkpoint_path(const char *dir, char *buf, size_t n)
{
    snprintf(buf, n, "%s/" CT_CHECKPOINT_FILE, dir);
}

static int checkpoint_due(const run_state *rs)
{
    uint64_t step = rs->sim->step;
    return rs->checkpoint_every > 0 && step % (uint64_t)rs->checkpoint_every == 0 &&
           step < (uint64_t)rs->sc->steps;
}

static int write_checkpoint(run_state *rs, ct_error *err)
{
    char *text, path[4200];
    size_t len;
    int rc = ct_counts_text(&rs->counts, &text, &len, err);
    if (rc)
        return rc;
    ct_checkpoint_run run = {text, len, rs->checkpoint_every};
    checkpoint_path(rs->opt->out_dir, path, sizeof path);
    rc = ct_checkpoint_write(rs->sim, &run, path, err);
    ct_free(text);
    return rc;
}

/* Stops a run on request with a checkpoint to resume from. */
static int interrupt(run_state *rs, ct_error *err)
{
    int rc = write_checkpoint(rs, err);
    if (rc)
        return rc;
    return ct_error_set(err, CT_EINTR,
                        "interrupted after step %llu; continue with: celltwin resume %s",
                        (unsigned long long)rs->sim->step, rs->opt->out_dir);
}

/* A fresh run creates the simulation and writes step 0; a resumed one restores counts.csv. */
static int start(run_state *rs, ct_error *err)
{
    const ct_checkpoint *ck = rs->resume_from;
    if (ck)
        return ct_counts_reopen(&rs->counts, rs->opt->out_dir, rs->sim, ck->counts_text,
                                ck->counts_len, err);
    int rc = ct_sim_create(rs->sc, &rs->sim, err);
    if (!rc)
        rc = ct_counts_open(&rs->counts, rs->opt->out_dir, rs->sim, err);
    if (!rc)
        rc = outputs_of_step(rs, err);
    return rc;
}

static int loop(run_state *rs, ct_error *err)
{
    int rc = start(rs, err);
    while (!rc && rs->sim->step < (uint64_t)rs->sc->steps && !rs->sim->stop_requested) {
        if ((rc = ct_sim_step(rs->sim))) {
            *err = rs->sim->err;
            break;
        }
        rc = outputs_of_step(rs, err);
        if (!rc && rs->opt->interrupted && *rs->opt->interrupted &&
            rs->sim->step < (uint64_t)rs->sc->steps)
            rc = interrupt(rs, err);
        else if (!rc && checkpoint_due(rs))
            rc = write_checkpoint(rs, err);
        if (rs->opt->progress)
            rs->opt->progress(rs->opt->ctx, rs->sim, now_s() - rs->t0);
    }
    ct_error close_err;
    int crc = ct_counts_close(&rs->counts, &close_err);
    if (!rc && crc) {
        *err = close_err;
        rc = crc;
    }
    return rc;
}

static ct_run_record record_of(const run_state *rs, const char *status, const char *msg)
{
    ct_run_record rec = {
        .status = status,
        .message = msg,
        .seed = rs->sc->seed,
        .threads = omp_get_max_threads(),
        .steps_done = rs->sim ? (long long)rs->sim->step : 0,
        .wall_time_s = now_s() - rs->t0,
        .scenario = rs->sc->json,
    };
    return rec;
}

/* Records "running", runs, records the outcome. A finished run needs no checkpoint: it is removed,
   as is a stale one when a fresh run starts in the directory. */
static int run_recorded(run_state *rs, ct_error *err)
{
    const char *dir = rs->opt->out_dir;
    char ck_path[4200];
    checkpoint_path(dir, ck_path, sizeof ck_path);
    int rc = ct_io_mkdirs(dir, err);
    if (rc)
        return rc;
    if (!rs->resume_from)
        unlink(ck_path);
    ct_run_record rec = record_of(rs, "running", NULL);
    if ((rc = ct_run_record_write(dir, &rec, err)))
        return rc;
    rc = loop(rs, err);
    rec = record_of(rs, rc == CT_EINTR ? "interrupted" : rc ? "error" : "ok", rc ? err->msg : NULL);
    ct_error werr;
    int wrc = ct_run_record_write(dir, &rec, &werr);
    if (!rc && wrc) {
        *err = werr;
        rc = wrc;
    }
    if (!rc)
        unlink(ck_path);
    return rc;
}

int ct_run(const ct_scenario *sc, const ct_run_options *opt, ct_error *err)
{
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
    run_state rs = {
        .sc = sc, .opt = opt, .checkpoint_every = opt->checkpoint_every, .t0 = now_s()};
    int rc = run_recorded(&rs, err);
    ct_sim_free(rs.sim);
    return rc;
}

int ct_run_resume(const ct_run_options *opt, ct_error *err)
{
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
    char path[4200];
    checkpoint_path(opt->out_dir, path, sizeof path);
    ct_checkpoint ck;
    int rc = ct_checkpoint_read(path, &ck, err);
    if (rc)
        return rc;
    char snapshots[4200];
    snprintf(snapshots, sizeof snapshots, "%s/snapshots", opt->out_dir);
    ct_io_remove_stale_temporaries(opt->out_dir); /* what the stopped run was writing */
    ct_io_remove_stale_temporaries(snapshots);
    run_state rs = {.sc = ck.sc, .opt = opt, .sim = ck.sim,
                    .checkpoint_every = ck.checkpoint_every, .resume_from = &ck, .t0 = now_s()};
    rc = run_recorded(&rs, err);
    ct_checkpoint_free(&ck);
    return rc;
}
