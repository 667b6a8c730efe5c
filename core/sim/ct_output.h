/* Run outputs: counts.csv (appended while running, renamed into place when the run ends) and
 * run.json (written atomically at the start and at the end).
 * Sim layer: for the run loop. */
#ifndef CT_OUTPUT_H
#define CT_OUTPUT_H

#include <cJSON.h>
#include <stdio.h>

#include "ct_error.h"
#include "ct_io.h"
#include "ct_sim.h"

typedef struct ct_counts_writer {
    ct_outfile file;
    uint64_t *buf; /* n_types counts */
    uint64_t *state_buf; /* n_types * CT_MAX_STATES counts; NULL when no type declares states */
    long long whole_bytes; /* the header and the rows flushed whole so far */
    long long rows;        /* rows within whole_bytes */
    int failed;            /* a write failed */
    int cut;               /* closed after a failure, cut to whole_bytes and kept */
} ct_counts_writer;

/* Opens DIR/counts.csv (under a temporary name) and writes the header: step, time, one column per
   type, then one "type:state" column per state of each type that declares states. */
int ct_counts_open(ct_counts_writer *w, const char *dir, const ct_sim *sim, ct_error *err);
/* Opens DIR/counts.csv again for a resumed run, starting with TEXT (header and rows so far). */
int ct_counts_reopen(ct_counts_writer *w, const char *dir, const ct_sim *sim, const char *text,
                     size_t len, ct_error *err);
/* The header and rows written so far (ct_free *text), e.g. to store them in a checkpoint. */
int ct_counts_text(ct_counts_writer *w, char **text, size_t *len, ct_error *err);
/* Appends the row of the simulation's current step. */
int ct_counts_row(ct_counts_writer *w, const ct_sim *sim, ct_error *err);
/* Renames the file into place, also after an error: a write that failed (a full disk) leaves the
   file cut after its last whole row, so rows written so far are kept and no row is half. */
int ct_counts_close(ct_counts_writer *w, ct_error *err);
/* After ct_counts_close: when counts.csv was cut after a write error, says so (and how many rows
   it keeps) at the end of err's message. */
void ct_counts_note_kept(const ct_counts_writer *w, ct_error *err);

typedef struct ct_run_record {
    const char *status;  /* "running", "ok", "error", "interrupted" */
    const char *message; /* NULL or the error */
    uint64_t seed;
    int threads;
    long long steps_done;
    double wall_time_s;
    const cJSON *scenario; /* as resolved */
    const cJSON *ranks;    /* NULL, or per rank of a run split over ranks (docs/formats.md) */
} ct_run_record;

/* Writes DIR/run.json atomically. */
int ct_run_record_write(const char *dir, const ct_run_record *rec, ct_error *err);

#endif
