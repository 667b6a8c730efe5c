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

/* Opens PATH.tmp.<pid> for writing, as a new file (O_EXCL|O_NOFOLLOW): a symlink or file planted
   under that name is never written through. */
int ct_outfile_open(ct_outfile *f, const char *path, ct_error *err);
/* ct_outfile_open of DIR/NAME. */
int ct_outfile_open_in(ct_outfile *f, const char *dir, const char *name, ct_error *err);
/* Flushes, syncs and renames onto the final name; on any write error the final file is untouched. */
int ct_outfile_commit(ct_outfile *f, ct_error *err);
/* The same for a file that is whole up to whole_bytes (rows appended and flushed one by one): when
   writing failed, the file is cut there and still renamed into place; *kept says whether it was.
   Returns the write error (or the rename's) as ct_outfile_commit does. */
int ct_outfile_commit_prefix(ct_outfile *f, long long whole_bytes, int *kept, ct_error *err);
/* Drops the temporary file (after an error). Safe to call on a closed handle. */
void ct_outfile_abort(ct_outfile *f);

/* "PATH: write failed: <reason from errno>" (EIO when errno says nothing); returns CT_EIO. */
int ct_io_write_error(const char *path, ct_error *err);
/* Removes NAME.tmp.<pid> files that another process (a run that was killed) left in dir; the
   files of this process stay. Missing directories are fine. */
void ct_io_remove_stale_temporaries(const char *dir);
/* Writes a whole buffer atomically. */
int ct_io_write_file(const char *path, const void *data, size_t len, ct_error *err);
/* Size limits of the files celltwin reads, by kind (docs/scenario.md lists them). */
#define CT_IO_MAX_JSON_BYTES ((size_t)64 << 20)    /* scenarios, sweep files, run.json */
#define CT_IO_MAX_SCRIPT_BYTES ((size_t)16 << 20)  /* Lua scripts */
#define CT_IO_MAX_CSV_BYTES ((size_t)1 << 30)      /* CSV placement files */
#define CT_IO_MAX_PLUGIN_BYTES ((size_t)1 << 30)   /* plugin shared objects */
#define CT_IO_MAX_DATA_BYTES ((size_t)64 << 30)    /* snapshots, checkpoints, counts.csv */

/* Opens a regular file of at most max_bytes for reading. Anything else (a FIFO, /dev/zero, a
   directory) is refused without blocking, naming the file and its kind ("a Lua script"). */
int ct_io_fopen_read(const char *path, size_t max_bytes, const char *kind, FILE **fp,
                     ct_error *err);
/* Reads a whole regular file of at most max_bytes into a NUL-terminated buffer (ct_free it). */
int ct_io_read_file_max(const char *path, size_t max_bytes, const char *kind, char **data,
                        size_t *len, ct_error *err);
/* The same for data files (snapshots, checkpoints, counts.csv): CT_IO_MAX_DATA_BYTES. */
int ct_io_read_file(const char *path, char **data, size_t *len, ct_error *err);
/* mkdir -p. */
int ct_io_mkdirs(const char *path, ct_error *err);

#endif
