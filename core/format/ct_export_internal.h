/* What the CSV and VTK exporters share: an output file that remembers a failed write, exact
   number formatting and site coordinates. Not for use outside ct_export*.c. */
#ifndef CT_EXPORT_INTERNAL_H
#define CT_EXPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_io.h"
#include "ct_snapshot.h"

#define CT__EXPORT_NUMBER 32 /* bytes of a formatted number, with its NUL */

typedef struct ct__export_file {
    ct_outfile out;
    int failed; /* a write failed; reported once, by ct__export_close */
} ct__export_file;

/* Opens PATH under a temporary name. */
int ct__export_open(ct__export_file *f, const char *path, ct_error *err);
void ct__export_write(ct__export_file *f, const void *data, size_t n);
void ct__export_printf(ct__export_file *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Renames the file into place, or drops it and reports the first write error. */
int ct__export_close(ct__export_file *f, ct_error *err);

/* The shortest decimal text (at most 17 digits) that reads back as V; NaN and infinities as
   "NaN", "Inf", "-Inf", which pandas, R and VTK all read. */
void ct__export_format_double(double v, char buf[CT__EXPORT_NUMBER]);
/* The same for a float (at most 9 digits). */
void ct__export_format_float(float v, char buf[CT__EXPORT_NUMBER]);
/* The position in micrometres of SITE (i, j, k): its centre ((i + 1/2) dx, (j + 1/2) dx,
   (k + 1/2) dx), z = 0 in 2D. A site covers [i dx, (i + 1) dx) in x, as scenarios place cells. */
void ct__export_site_um(const ct_snapshot *s, uint32_t site, double xyz[3]);

#endif
