/* counts.csv and run.json writers. */
#include "ct_output.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ct_alloc.h"
#include "ct_version.h"

static int any_states(const ct_scenario *sc)
{
    for (int t = 0; t < sc->n_types; t++)
        if (sc->types[t].sig.states)
            return 1;
    return 0;
}

/* Writes the "type:state" header names (counts NULL) or the counts, in column order. */
static void for_each_state_column(const ct_scenario *sc, FILE *fp, const uint64_t *counts)
{
    for (int t = 0; t < sc->n_types; t++)
        for (int s = 0; s < sc->n_states; s++) {
            if (!(sc->types[t].sig.states >> s & 1u))
                continue;
            if (counts)
                fprintf(fp, ",%" PRIu64, counts[(size_t)t * CT_MAX_STATES + s]);
            else
                fprintf(fp, ",%s:%s", sc->types[t].name, sc->state_names[s]);
        }
}

static int write_failed(ct_counts_writer *w, ct_error *err)
{
    return ct_io_write_error(w->file.path, err);
}

static int open_file(ct_counts_writer *w, const char *dir, const ct_sim *sim, ct_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/counts.csv", dir);
    memset(w, 0, sizeof *w);
    w->buf = ct_calloc((size_t)sim->sc->n_types, sizeof *w->buf);
    if (any_states(sim->sc))
        w->state_buf = ct_calloc((size_t)sim->sc->n_types * CT_MAX_STATES, sizeof *w->state_buf);
    if (!w->buf || (any_states(sim->sc) && !w->state_buf))
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    return ct_outfile_open(&w->file, path, err);
}

int ct_counts_open(ct_counts_writer *w, const char *dir, const ct_sim *sim, ct_error *err)
{
    int rc = open_file(w, dir, sim, err);
    if (rc)
        return rc;
    fputs("step,time", w->file.fp);
    for (int t = 0; t < sim->sc->n_types; t++)
        fprintf(w->file.fp, ",%s", sim->sc->types[t].name);
    for_each_state_column(sim->sc, w->file.fp, NULL);
    for (int c = 0; c < sim->columns.n; c++)
        fprintf(w->file.fp, ",%s", sim->columns.items[c].name);
    if (fputc('\n', w->file.fp) == EOF)
        return write_failed(w, err);
    return CT_OK;
}

int ct_counts_reopen(ct_counts_writer *w, const char *dir, const ct_sim *sim, const char *text,
                     size_t len, ct_error *err)
{
    int rc = open_file(w, dir, sim, err);
    if (rc)
        return rc;
    if (fwrite(text, 1, len, w->file.fp) != len || fflush(w->file.fp) != 0)
        return write_failed(w, err);
    return CT_OK;
}

int ct_counts_text(ct_counts_writer *w, char **text, size_t *len, ct_error *err)
{
    if (fflush(w->file.fp) != 0)
        return write_failed(w, err);
    return ct_io_read_file(w->file.tmp_path, text, len, err);
}

int ct_counts_row(ct_counts_writer *w, const ct_sim *sim, ct_error *err)
{
    ct_sim_count_types(sim, w->buf);
    FILE *fp = w->file.fp;
    fprintf(fp, "%" PRIu64 ",%.10g", sim->step, (double)sim->step * sim->dt);
    for (int t = 0; t < sim->sc->n_types; t++)
        fprintf(fp, ",%" PRIu64, w->buf[t]);
    if (w->state_buf) {
        ct_sim_count_type_states(sim, w->state_buf);
        for_each_state_column(sim->sc, fp, w->state_buf);
    }
    for (int c = 0; c < sim->columns.n; c++) {
        const ct_column *col = &sim->columns.items[c];
        fprintf(fp, col->integer ? ",%.0f" : ",%.10g", col->value(col->user, sim));
    }
    /* flushed per row: a run that is killed keeps every row in the temporary file */
    if (fputc('\n', fp) == EOF || fflush(fp) != 0)
        return write_failed(w, err);
    return CT_OK;
}

int ct_counts_close(ct_counts_writer *w, ct_error *err)
{
    ct_free(w->buf);
    ct_free(w->state_buf);
    w->buf = NULL;
    w->state_buf = NULL;
    if (!w->file.fp)
        return CT_OK;
    return ct_outfile_commit(&w->file, err);
}

static void iso_time_now(char *buf, size_t n)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ct_run_record_write(const char *dir, const ct_run_record *rec, ct_error *err)
{
    char path[4096], when[32];
    snprintf(path, sizeof path, "%s/run.json", dir);
    iso_time_now(when, sizeof when);
    cJSON *root = cJSON_CreateObject();
    int ok = root != NULL;
    ok = ok && cJSON_AddStringToObject(root, "celltwin_version", CT_VERSION);
    ok = ok && cJSON_AddStringToObject(root, "status", rec->status);
    ok = ok && (rec->message ? cJSON_AddStringToObject(root, "message", rec->message)
                             : cJSON_AddNullToObject(root, "message"));
    ok = ok && cJSON_AddNumberToObject(root, "seed", (double)rec->seed);
    ok = ok && cJSON_AddNumberToObject(root, "threads", rec->threads);
    ok = ok && cJSON_AddNumberToObject(root, "steps_done", (double)rec->steps_done);
    ok = ok && cJSON_AddNumberToObject(root, "wall_time_s", rec->wall_time_s);
    ok = ok && cJSON_AddStringToObject(root, "written_at", when);
    cJSON *sc = !ok ? NULL : rec->scenario ? cJSON_Duplicate(rec->scenario, 1) : cJSON_CreateNull();
    ok = ok && sc && cJSON_AddItemToObject(root, "scenario", sc);
    if (!ok)
        cJSON_Delete(sc); /* not attached to root: ours to free */
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    size_t len = strlen(text);
    text[len] = '\n'; /* cJSON_Print leaves room: replace the NUL, write len + 1 bytes */
    int rc = ct_io_write_file(path, text, len + 1, err);
    cJSON_free(text);
    return rc;
}
