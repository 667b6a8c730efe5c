/* The run loop: step, count, snapshot, write per-cell CSV, and record the outcome in run.json. */
#include "ct_run.h"

#include <dirent.h>
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct_alloc.h"
#include "ct_checkpoint.h"
#include "ct_export.h"
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

/* The names and arrays a snapshot view of the simulation points to. */
typedef struct snapshot_view {
    ct_snapshot s;
    char *types[CT_MAX_TYPES], *colours[CT_MAX_TYPES], *states[CT_MAX_STATES];
    char *fields[CT_MAX_FIELDS], *units[CT_MAX_FIELDS], *attrs[CT_MAX_ATTRS];
    double *attr_values[CT_MAX_ATTRS];
} snapshot_view;

/* v->s aliases the simulation's own arrays, dead agents awaiting compaction included. */
static void view_of(const ct_sim *sim, snapshot_view *v)
{
    const ct_scenario *sc = sim->sc;
    for (int t = 0; t < sc->n_types; t++) {
        v->types[t] = (char *)sc->types[t].name;
        v->colours[t] = (char *)no_colour_or(sc->types[t].colour);
    }
    for (int k = 0; k < sc->n_states; k++)
        v->states[k] = (char *)sc->state_names[k];
    for (int k = 0; k < sc->n_fields; k++) {
        v->fields[k] = (char *)sc->fields[k].name;
        v->units[k] = (char *)sc->fields[k].units;
    }
    for (int a = 0; a < sim->ag.n_attr; a++) {
        v->attrs[a] = (char *)sim->ag.attr_name[a];
        v->attr_values[a] = sim->ag.attr[a];
    }
    v->s = (ct_snapshot){
        .ndim = sim->lat.ndim,
        .size = {sim->lat.size[0], sim->lat.size[1], sim->lat.size[2]},
        .dx_um = sim->lat.dx,
        .step = sim->step,
        .time_min = (double)sim->step * sim->dt,
        .seed = sim->seed,
        .n_types = sc->n_types,
        .type_names = v->types,
        .type_colours = v->colours,
        .n_states = sc->n_states,
        .state_names = v->states,
        .n_cells = sim->ag.n,
        .site = sim->ag.site,
        .type = sim->ag.type,
        .state = sim->ag.state,
        .id = sim->ag.id,
        .n_attrs = sim->ag.n_attr,
        .attr_names = v->attrs,
        .attr_values = v->attr_values,
        .n_fields = sc->n_fields,
        .field_names = v->fields,
        .field_units = v->units,
        .field_values = (float **)sim->fields.value,
    };
}

/* Reorders the store into site order with no dead agents, as the files whose bytes must be a
   function of the state (snapshots, cells files, checkpoints) and a run split over ranks list
   them; a reorder moves agents in memory and changes no result. */
static int into_site_order(ct_sim *sim, ct_error *err)
{
    int rc = ct_sim_reorder(sim);
    if (rc)
        *err = sim->err;
    return rc;
}

int ct_run_write_snapshot(const ct_sim *sim, const char *dir, char *path, size_t path_len,
                          ct_error *err)
{
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/snapshots", dir);
    int rc = ct_io_mkdirs(sub, err);
    if (rc)
        return rc;
    snprintf(path, path_len, "%s/state_%08llu.ctsnap", sub, (unsigned long long)sim->step);
    /* dead agents awaiting compaction must not appear: reorder first when there are any */
    if (sim->ag.n_dead)
        return ct_error_set(err, CT_ESTATE, "internal: snapshot with uncompacted dead agents");
    snapshot_view v;
    view_of(sim, &v);
    return ct_snapshot_write(&v.s, path, err);
}

/* DIR/cells_<step>.csv, as `celltwin export --format csv` would write it from a snapshot: the
   live cells in site order, so that the file depends on the state alone (not on when the store
   was last reordered, which a checkpoint changes). */
static int write_cells_csv(ct_sim *sim, const char *dir, ct_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/cells_%08llu.csv", dir, (unsigned long long)sim->step);
    int rc = into_site_order(sim, err);
    if (rc)
        return rc;
    snapshot_view v;
    view_of(sim, &v);
    return ct_export_cells_csv(&v.s, path, err);
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

/* Whether an output written every INTERVAL steps (0: never) is due; the last step always is. */
static int due(long long interval, const ct_scenario *sc, uint64_t step)
{
    return interval > 0 && (step % (uint64_t)interval == 0 || step == (uint64_t)sc->steps);
}

static int outputs_of_step(run_state *rs, ct_error *err)
{
    ct_sim *sim = rs->sim;
    uint64_t step = sim->step;
    int rc = CT_OK;
    if (step % (uint64_t)rs->sc->output_interval == 0 || step == (uint64_t)rs->sc->steps ||
        sim->stop_requested)
        rc = ct_counts_row(&rs->counts, sim, err);
    if (!rc && due(rs->sc->snapshot_interval, rs->sc, step)) {
        char path[4200];
        /* always in site order, so that the file is a function of the state alone, as a run
           split over ranks writes it (docs/ARCHITECTURE.md, "One simulation over MPI") */
        rc = into_site_order(sim, err);
        if (!rc)
            rc = ct_run_write_snapshot(sim, rs->opt->out_dir, path, sizeof path, err);
        if (!rc && rs->opt->on_snapshot)
            rc = rs->opt->on_snapshot(rs->opt->ctx, sim, path, err);
    }
    if (!rc && due(rs->sc->cells_every, rs->sc, step))
        rc = write_cells_csv(sim, rs->opt->out_dir, err);
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

int ct_run_write_checkpoint(ct_sim *sim, ct_counts_writer *counts, long long checkpoint_every,
                            const char *dir, ct_error *err)
{
    /* in site order, as a run split over ranks gathers it (docs/ARCHITECTURE.md, "One
       simulation over MPI") */
    int rc = into_site_order(sim, err);
    if (rc)
        return rc;
    char *text, path[4200];
    size_t len;
    if ((rc = ct_counts_text(counts, &text, &len, err)))
        return rc;
    ct_checkpoint_run run = {text, len, checkpoint_every};
    checkpoint_path(dir, path, sizeof path);
    rc = ct_checkpoint_write(sim, &run, path, err);
    ct_free(text);
    return rc;
}

static int write_checkpoint(run_state *rs, ct_error *err)
{
    return ct_run_write_checkpoint(rs->sim, &rs->counts, rs->checkpoint_every, rs->opt->out_dir,
                                   err);
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
    if (!rc)
        rs->sim->interrupted = rs->opt->interrupted;
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
    if (rc)
        ct_counts_note_kept(&rs->counts, err);
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

/* Records "running", runs, records the outcome. A finished run needs no checkpoint: it is removed. */
static int run_recorded(run_state *rs, ct_error *err)
{
    const char *dir = rs->opt->out_dir;
    char ck_path[4200];
    checkpoint_path(dir, ck_path, sizeof ck_path);
    int rc = ct_io_mkdirs(dir, err);
    if (rc)
        return rc;
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

/* Whether name (in the run directory, or in its snapshots/ folder) is a file that a run writes
   there (1), the temporary name of one (2), or neither (0). */
static int run_file_kind(const char *name, int in_snapshots)
{
    const char *tmp = strstr(name, ".tmp.");
    int temporary = tmp && tmp[5] && strspn(tmp + 5, "0123456789") == strlen(tmp + 5);
    size_t len = temporary ? (size_t)(tmp - name) : strlen(name);
    int kind = temporary ? 2 : 1;
    if (in_snapshots)
        return len > 13 && !strncmp(name, "state_", 6) && !strncmp(name + len - 7, ".ctsnap", 7)
                   ? kind
                   : 0;
    static const char *const names[] = {"run.json", "counts.csv", CT_CHECKPOINT_FILE};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (len == strlen(names[i]) && !strncmp(name, names[i], len))
            return kind;
    return 0;
}

/* Counts the run files in dir (a missing dir has none); when remove is set, removes them and
   their temporaries (which alone do not make a run: a temporary is never read). */
static int visit_run_files(const char *dir, int in_snapshots, int remove, long *found,
                           ct_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT || errno == ENOTDIR
                   ? CT_OK
                   : ct_error_set(err, CT_EIO, "%s: cannot read: %s", dir, strerror(errno));
    char path[4608];
    int rc = CT_OK;
    for (struct dirent *e; !rc && (e = readdir(d));) {
        int kind = run_file_kind(e->d_name, in_snapshots);
        *found += kind == 1;
        if (!kind)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (remove && unlink(path) != 0 && errno != ENOENT)
            rc = ct_error_set(err, CT_EIO, "%s: cannot remove the old run's file: %s", path,
                              strerror(errno));
    }
    closedir(d);
    return rc;
}

int ct_run_claim_out_dir(const char *dir, int force, ct_error *err)
{
    char snapshots[4200];
    snprintf(snapshots, sizeof snapshots, "%s/snapshots", dir);
    long found = 0;
    int rc = visit_run_files(dir, 0, 0, &found, err);
    if (!rc)
        rc = visit_run_files(snapshots, 1, 0, &found, err);
    if (rc || !found)
        return rc;
    if (!force)
        return ct_error_set(err, CT_EINVAL,
                            "%s: holds another run (%ld of its files: run.json, counts.csv, "
                            "snapshots, checkpoint): choose another --out, or give --force to "
                            "replace that run (only files celltwin writes are removed)",
                            dir, found);
    if (!(rc = visit_run_files(dir, 0, 1, &found, err)) &&
        !(rc = visit_run_files(snapshots, 1, 1, &found, err)))
        rmdir(snapshots); /* stays when it holds files of someone else */
    return rc;
}

int ct_run(const ct_scenario *sc, const ct_run_options *opt, ct_error *err)
{
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
    run_state rs = {
        .sc = sc, .opt = opt, .checkpoint_every = opt->checkpoint_every, .t0 = now_s()};
    int rc = ct_run_claim_out_dir(opt->out_dir, opt->force, err);
    if (!rc)
        rc = run_recorded(&rs, err);
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
