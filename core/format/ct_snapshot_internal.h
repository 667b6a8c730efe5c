/* What the snapshot writer (ct_snapshot.c) and reader (ct_snapshot_read.c) share: the format's
 * fixed sizes and the checks both apply, so that a file the writer accepts the reader accepts.
 * Not for use outside ct_snapshot*.c. */
#ifndef CT_SNAPSHOT_INTERNAL_H
#define CT_SNAPSHOT_INTERNAL_H

#include "ct_snapshot.h"

#define MAGIC_LEN 8          /* "CTSNAP" and two version digits */
#define MAX_CATEGORIES 256   /* a type or state index is a u8 */

/* Each returns CT_OK, or CT_EFORMAT with "path: what is wrong" in err. */
int ct_snapshot_check_geometry(const ct_snapshot *s, const char *path, ct_error *err);
int ct_snapshot_check_count(long long n, long long max, const char *what, const char *path,
                            ct_error *err);
int ct_snapshot_check_counts(const ct_snapshot *s, const char *path, ct_error *err);
int ct_snapshot_check_colours(const ct_snapshot *s, const char *path, ct_error *err);
int ct_snapshot_check_cells(const ct_snapshot *s, const char *path, ct_error *err);

#endif
