/* Crash-safe output: every file is written under a temporary name and renamed when whole.
 * Base layer: for every layer of core/, viz/ and the CLI. */
#ifndef CT_IO_H
#define CT_IO_H

#include <stdio.h>

#include "ct_error.h"

typedef struct ct_outfile {
    FILE *fp;
    char path[4096];     /* final name */
    char tmp_path[4096]; /* name while being written */
} ct_outfile;

/* Opens PATH.tmp.<pid> for writing. */
int ct_outfile_open(ct_outfile *f, const char *path, ct_error *err);
/* Flushes, syncs and renames onto the final name; on any write error the final file is untouched. */
int ct_outfile_commit(ct_outfile *f, ct_error *err);
/* Drops the temporary file (after an error). Safe to call on a closed handle. */
void ct_outfile_abort(ct_outfile *f);

/* "PATH: write failed: <reason from errno>" (EIO when errno says nothing); returns CT_EIO. */
int ct_io_write_error(const char *path, ct_error *err);
/* Removes NAME.tmp.<pid> files that another process (a run that was killed) left in dir; the
   files of this process stay. Missing directories are fine. */
void ct_io_remove_stale_temporaries(const char *dir);
/* Writes a whole buffer atomically. */
int ct_io_write_file(const char *path, const void *data, size_t len, ct_error *err);
/* Reads a whole file into a NUL-terminated buffer (ct_free it). */
int ct_io_read_file(const char *path, char **data, size_t *len, ct_error *err);
/* mkdir -p. */
int ct_io_mkdirs(const char *path, ct_error *err);

#endif
