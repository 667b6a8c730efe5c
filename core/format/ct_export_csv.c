/* Snapshots as CSV tables that pandas and R read with no custom code: cells and field grids. */
#include <inttypes.h>
#include <string.h>

#include "ct_export.h"
#include "ct_export_internal.h"

/* A text cell, quoted (with quotes doubled) when it holds a comma, a quote or a line break. */
static void put_text(ct__export_file *f, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        ct__export_printf(f, "%s", text);
        return;
    }
    ct__export_printf(f, "\"");
    for (const char *p = text; *p; p++)
        ct__export_printf(f, *p == '"' ? "\"\"" : "%c", *p);
    ct__export_printf(f, "\"");
}

static void put_double(ct__export_file *f, double v)
{
    char buf[CT__EXPORT_NUMBER];
    ct__export_format_double(v, buf);
    ct__export_printf(f, ",%s", buf);
}

/* The x_um,y_um[,z_um] columns of SITE; a comma before the first one when it follows a column. */
static void put_position(ct__export_file *f, const ct_snapshot *s, uint32_t site, int after_column)
{
    char buf[CT__EXPORT_NUMBER];
    double xyz[3];
    ct__export_site_um(s, site, xyz);
    for (int d = 0; d < s->ndim; d++) {
        ct__export_format_double(xyz[d], buf);
        ct__export_printf(f, "%s%s", d || after_column ? "," : "", buf);
    }
}

static void put_position_header(ct__export_file *f, const ct_snapshot *s)
{
    static const char *const axis[] = {"x_um", "y_um", "z_um"};
    for (int d = 0; d < s->ndim; d++)
        ct__export_printf(f, "%s%s", d ? "," : "", axis[d]);
}

static void put_cells_header(ct__export_file *f, const ct_snapshot *s)
{
    if (s->id)
        ct__export_printf(f, "id,");
    put_position_header(f, s);
    ct__export_printf(f, ",type,state");
    for (int a = 0; a < s->n_attrs; a++) {
        ct__export_printf(f, ",");
        put_text(f, s->attr_names[a]);
    }
    ct__export_printf(f, "\n");
}

static void put_cell(ct__export_file *f, const ct_snapshot *s, uint64_t i)
{
    if (s->id) /* version 01 snapshots have none: the row starts with x_um */
        ct__export_printf(f, "%" PRIu64, s->id[i]);
    put_position(f, s, s->site[i], s->id != NULL);
    ct__export_printf(f, ",");
    put_text(f, s->type_names[s->type[i]]);
    ct__export_printf(f, ",");
    put_text(f, s->state_names[s->state[i]]);
    for (int a = 0; a < s->n_attrs; a++)
        put_double(f, s->attr_values[a][i]);
    ct__export_printf(f, "\n");
}

int ct_export_cells_csv(const ct_snapshot *s, const char *path, ct_error *err)
{
    ct__export_file f;
    int rc = ct__export_open(&f, path, err);
    if (rc)
        return rc;
    put_cells_header(&f, s);
    for (uint64_t i = 0; i < s->n_cells && !f.failed; i++)
        put_cell(&f, s, i);
    return ct__export_close(&f, err);
}

int ct_export_fields_csv(const ct_snapshot *s, const char *path, ct_error *err)
{
    if (s->n_fields == 0)
        return CT_OK;
    ct__export_file f;
    int rc = ct__export_open(&f, path, err);
    if (rc)
        return rc;
    put_position_header(&f, s);
    for (int k = 0; k < s->n_fields; k++) {
        ct__export_printf(&f, ",");
        put_text(&f, s->field_names[k]);
    }
    ct__export_printf(&f, "\n");
    uint64_t n_sites = ct_snapshot_n_sites(s);
    char buf[CT__EXPORT_NUMBER];
    for (uint64_t site = 0; site < n_sites && !f.failed; site++) {
        put_position(&f, s, (uint32_t)site, 0);
        for (int k = 0; k < s->n_fields; k++) {
            ct__export_format_float(s->field_values[k][site], buf);
            ct__export_printf(&f, ",%s", buf);
        }
        ct__export_printf(&f, "\n");
    }
    return ct__export_close(&f, err);
}
