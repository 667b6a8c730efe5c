/* Exporting a run's snapshots: the loop over snapshot files, the .pvd collection, and the output
   file and number formatting that the CSV and VTK writers share. */
#include "ct_export.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_export_internal.h"

int ct__export_open(ct__export_file *f, const char *path, ct_error *err)
{
    f->failed = 0;
    return ct_outfile_open(&f->out, path, err);
}

void ct__export_write(ct__export_file *f, const void *data, size_t n)
{
    if (!f->failed && n && fwrite(data, 1, n, f->out.fp) != n)
        f->failed = errno ? errno : EIO;
}

void ct__export_printf(ct__export_file *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!f->failed && vfprintf(f->out.fp, fmt, ap) < 0)
        f->failed = errno ? errno : EIO;
    va_end(ap);
}

int ct__export_close(ct__export_file *f, ct_error *err)
{
    if (f->failed) {
        ct_outfile_abort(&f->out);
        errno = f->failed;
        return ct_io_write_error(f->out.path, err);
    }
    return ct_outfile_commit(&f->out, err);
}

/* Writes V with the fewest of the given precisions that reads back exactly; 0 if none did. */
static int format_finite(double v, int is_float, char *buf)
{
    static const int double_digits[] = {15, 16, 17}, float_digits[] = {6, 7, 8, 9};
    const int *digits = is_float ? float_digits : double_digits;
    int n = is_float ? 4 : 3;
    for (int i = 0; i < n; i++) {
        snprintf(buf, CT__EXPORT_NUMBER, "%.*g", digits[i], v);
        double back = strtod(buf, NULL);
        if (is_float ? (float)back == (float)v : back == v)
            return 1;
    }
    return 0;
}

static void format_number(double v, int is_float, char *buf)
{
    if (isnan(v))
        snprintf(buf, CT__EXPORT_NUMBER, "NaN");
    else if (isinf(v))
        snprintf(buf, CT__EXPORT_NUMBER, v > 0 ? "Inf" : "-Inf");
    else
        format_finite(v, is_float, buf); /* the last precision always reads back */
}

void ct__export_format_double(double v, char buf[CT__EXPORT_NUMBER])
{
    format_number(v, 0, buf);
}

void ct__export_format_float(float v, char buf[CT__EXPORT_NUMBER])
{
    format_number(v, 1, buf);
}

void ct__export_site_um(const ct_snapshot *s, uint32_t site, double xyz[3])
{
    uint32_t w = s->size[0], h = s->size[1];
    xyz[0] = ((double)(site % w) + 0.5) * s->dx_um;
    xyz[1] = ((double)(site / w % h) + 0.5) * s->dx_um;
    xyz[2] = s->ndim == 3 ? ((double)(site / w / h) + 0.5) * s->dx_um : 0.0;
}

/* ---- the loop over snapshots ---- */

static int out_path(const char *dir, const char *name, uint64_t step, const char *ext, char *buf,
                    size_t size, ct_error *err)
{
    if (snprintf(buf, size, "%s/%s_%08" PRIu64 ".%s", dir, name, step, ext) >= (int)size)
        return ct_error_set(err, CT_EINVAL, "%s: path too long", dir);
    return CT_OK;
}

/* Writes the cell file of one snapshot, and its field file when it has fields. */
static int export_one(const ct_snapshot *s, ct_export_format format, const char *out_dir,
                      ct_error *err)
{
    char path[4096];
    const char *ext_cells = format == CT_EXPORT_CSV ? "csv" : "vtp";
    const char *ext_fields = format == CT_EXPORT_CSV ? "csv" : "vti";
    int rc = out_path(out_dir, "cells", s->step, ext_cells, path, sizeof path, err);
    if (!rc)
        rc = format == CT_EXPORT_CSV ? ct_export_cells_csv(s, path, err)
                                     : ct_export_cells_vtp(s, path, err);
    if (!rc && s->n_fields > 0)
        rc = out_path(out_dir, "fields", s->step, ext_fields, path, sizeof path, err);
    if (!rc && s->n_fields > 0)
        rc = format == CT_EXPORT_CSV ? ct_export_fields_csv(s, path, err)
                                     : ct_export_fields_vti(s, path, err);
    return rc;
}

typedef struct pvd_entry {
    uint64_t step;
    double time_min;
    int has_fields;
} pvd_entry;

/* run.pvd: part 0 the cells, part 1 the fields, one time step per snapshot (minutes). */
static int write_pvd(const pvd_entry *entries, size_t n, const char *out_dir, ct_error *err)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/run.pvd", out_dir) >= (int)sizeof path)
        return ct_error_set(err, CT_EINVAL, "%s: path too long", out_dir);
    ct__export_file f;
    int rc = ct__export_open(&f, path, err);
    if (rc)
        return rc;
    ct__export_printf(&f, "<?xml version=\"1.0\"?>\n"
                          "<VTKFile type=\"Collection\" version=\"1.0\">\n  <Collection>\n");
    for (size_t i = 0; i < n; i++) {
        char time[CT__EXPORT_NUMBER];
        ct__export_format_double(entries[i].time_min, time);
        ct__export_printf(&f,
                          "    <DataSet timestep=\"%s\" part=\"0\" file=\"cells_%08" PRIu64
                          ".vtp\"/>\n",
                          time, entries[i].step);
        if (entries[i].has_fields)
            ct__export_printf(&f,
                              "    <DataSet timestep=\"%s\" part=\"1\" file=\"fields_%08" PRIu64
                              ".vti\"/>\n",
                              time, entries[i].step);
    }
    ct__export_printf(&f, "  </Collection>\n</VTKFile>\n");
    return ct__export_close(&f, err);
}

int ct_export_snapshots(const char *const *paths, size_t n, ct_export_format format,
                        const char *out_dir, ct_error *err)
{
    pvd_entry *entries = ct_calloc(n, sizeof *entries);
    if (!entries)
        return ct_error_set(err, CT_ENOMEM, "out of memory exporting %zu snapshots", n);
    int rc = ct_io_mkdirs(out_dir, err);
    for (size_t i = 0; !rc && i < n; i++) {
        ct_snapshot s;
        rc = ct_snapshot_read(paths[i], &s, err);
        if (rc)
            break;
        entries[i] = (pvd_entry){s.step, s.time_min, s.n_fields > 0};
        rc = export_one(&s, format, out_dir, err);
        ct_snapshot_free(&s);
    }
    if (!rc && format == CT_EXPORT_VTK)
        rc = write_pvd(entries, n, out_dir, err);
    ct_free(entries);
    return rc;
}
