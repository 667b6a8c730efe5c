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
    w->failed = 1;
    return ct_io_write_error(w->file.path, err);
}

/* Flushes; what is flushed is whole, up to a failure later on. */
static int flush_whole(ct_counts_writer *w, long long rows_added, ct_error *err)
{
    if (fflush(w->file.fp) != 0)
        return write_failed(w, err);
    w->whole_bytes = (long long)ftello(w->file.fp);
    w->rows += rows_added;
    return CT_OK;
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
    return flush_whole(w, 0, err);
}

int ct_counts_reopen(ct_counts_writer *w, const char *dir, const ct_sim *sim, const char *text,
                     size_t len, ct_error *err)
{
    int rc = open_file(w, dir, sim, err);
    if (rc)
        return rc;
    if (fwrite(text, 1, len, w->file.fp) != len)
        return write_failed(w, err);
    long long lines = 0;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
        lines++;
    return flush_whole(w, lines > 0 ? lines - 1 : 0, err); /* the header is no row */
}

int ct_counts_text(ct_counts_writer *w, char **text, size_t *len, ct_error *err)
{
    if (fflush(w->file.fp) != 0)
        return write_failed(w, err);
    return ct_io_read_file(w->file.tmp_path, text, len, err);
}

/* The extra columns' values of this row (ct_free them), taken before anything of the row is
   written, so that a refused value leaves no half row behind. */
static int column_values(const ct_sim *sim, double **values, ct_error *err)
{
    *values = NULL;
    if (!sim->columns.n)
        return CT_OK;
    *values = ct_malloc((size_t)sim->columns.n * sizeof **values);
    if (!*values)
        return ct_error_set(err, CT_ENOMEM, "out of memory for the counts.csv columns");
    int rc = ct_columns_evaluate(&sim->columns, sim, (unsigned long long)sim->step, *values, err);
    if (rc) {
        ct_free(*values);
        *values = NULL;
    }
    return rc;
}

int ct_counts_row(ct_counts_writer *w, const ct_sim *sim, ct_error *err)
{
    double *values;
    int rc = column_values(sim, &values, err);
    if (rc)
        return rc;
    ct_sim_count_types(sim, w->buf);
    FILE *fp = w->file.fp;
    fprintf(fp, "%" PRIu64 ",%.10g", sim->step, (double)sim->step * sim->dt);
    for (int t = 0; t < sim->sc->n_types; t++)
        fprintf(fp, ",%" PRIu64, w->buf[t]);
    if (w->state_buf) {
        ct_sim_count_type_states(sim, w->state_buf);
        for_each_state_column(sim->sc, fp, w->state_buf);
    }
    for (int c = 0; c < sim->columns.n; c++)
        fprintf(fp, sim->columns.items[c].integer ? ",%.0f" : ",%.10g", values[c]);
    ct_free(values);
    /* flushed per row: a run that is killed keeps every row in the temporary file */
    if (fputc('\n', fp) == EOF)
        return write_failed(w, err);
    return flush_whole(w, 1, err);
}

int ct_counts_close(ct_counts_writer *w, ct_error *err)
{
    ct_free(w->buf);
    ct_free(w->state_buf);
    w->buf = NULL;
    w->state_buf = NULL;
    if (!w->file.fp)
        return CT_OK;
    int kept;
    int rc = ct_outfile_commit_prefix(&w->file, w->whole_bytes, &kept, err);
    w->cut = kept && (w->failed || rc);
    return rc;
}

void ct_counts_note_kept(const ct_counts_writer *w, ct_error *err)
{
    size_t n = strlen(err->msg);
    if (w->cut && w->whole_bytes == 0)
        snprintf(err->msg + n, sizeof err->msg - n, "; %s is empty: not even its header was written",
                 w->file.path);
    else if (w->cut)
        snprintf(err->msg + n, sizeof err->msg - n,
                 "; %s keeps its header and the %lld whole rows written before", w->file.path,
                 w->rows);
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
    cJSON *ranks = ok && rec->ranks ? cJSON_Duplicate(rec->ranks, 1) : NULL;
    if (ranks && !cJSON_AddItemToObject(root, "ranks", ranks)) {
        cJSON_Delete(ranks);
        ok = 0;
    }
    ok = ok && (ranks || !rec->ranks);
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
