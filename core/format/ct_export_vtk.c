/* Snapshots as VTK XML files that ParaView and VTK's readers open: cells as PolyData (.vtp),
   fields as ImageData (.vti). Arrays go in raw appended binary (a UInt64 byte count, then the
   values) in the machine's byte order: the smallest and fastest of VTK's encodings, and exact. */
#include <inttypes.h>
#include <string.h>

#include "ct_export.h"
#include "ct_export_internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BYTE_ORDER_NAME "BigEndian"
#else
#define BYTE_ORDER_NAME "LittleEndian"
#endif

#define CHUNK 1024 /* generated values (points, vertices) computed per write */

/* Values that are not in the snapshot as they are, but computed from it while writing. */
typedef enum array_source { FROM_DATA, CELL_POINTS, VERTEX_CONNECTIVITY, VERTEX_OFFSETS } array_source;

typedef struct vtk_array {
    const char *section; /* "PointData", "Points" or "Verts" */
    const char *name;    /* NULL for the points */
    const char *type;    /* VTK type name */
    int components;
    size_t value_size;   /* bytes per component */
    uint64_t tuples;
    const void *data;    /* FROM_DATA */
    array_source source;
} vtk_array;

static uint64_t array_bytes(const vtk_array *a)
{
    return a->tuples * (uint64_t)a->components * a->value_size;
}

static void put_xml_text(ct__export_file *f, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': ct__export_printf(f, "&amp;"); break;
        case '<': ct__export_printf(f, "&lt;"); break;
        case '>': ct__export_printf(f, "&gt;"); break;
        case '"': ct__export_printf(f, "&quot;"); break;
        default: ct__export_printf(f, "%c", *p);
        }
    }
}

static void put_header(ct__export_file *f, const char *type)
{
    ct__export_printf(f,
                      "<?xml version=\"1.0\"?>\n"
                      "<VTKFile type=\"%s\" version=\"1.0\" byte_order=\"" BYTE_ORDER_NAME
                      "\" header_type=\"UInt64\">\n",
                      type);
}

/* The <DataArray> elements of one section, with their offsets into the appended data. */
static void put_section(ct__export_file *f, const char *section, const vtk_array *arrays, int n,
                        const char *indent)
{
    uint64_t offset = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(arrays[i].section, section)) {
            ct__export_printf(f, "%s<DataArray type=\"%s\"", indent, arrays[i].type);
            if (arrays[i].name) {
                ct__export_printf(f, " Name=\"");
                put_xml_text(f, arrays[i].name);
                ct__export_printf(f, "\"");
            }
            ct__export_printf(f,
                              " NumberOfComponents=\"%d\" format=\"appended\" offset=\"%" PRIu64
                              "\"/>\n",
                              arrays[i].components, offset);
        }
        offset += 8 + array_bytes(&arrays[i]);
    }
}

/* Point coordinates or vertex indices of cells [first, first + n) into buf. */
static void generate(const ct_snapshot *s, array_source source, uint64_t first, size_t n,
                     void *buf)
{
    double *xyz = buf;
    int64_t *index = buf;
    for (size_t i = 0; i < n; i++) {
        if (source == CELL_POINTS)
            ct__export_site_um(s, s->site[first + i], xyz + 3 * i);
        else
            index[i] = (int64_t)(first + i) + (source == VERTEX_OFFSETS);
    }
}

static void put_array_data(ct__export_file *f, const ct_snapshot *s, const vtk_array *a)
{
    uint64_t bytes = array_bytes(a);
    ct__export_write(f, &bytes, sizeof bytes);
    if (a->source == FROM_DATA) {
        ct__export_write(f, a->data, (size_t)bytes);
        return;
    }
    double buf[3 * CHUNK];
    for (uint64_t done = 0; done < a->tuples && !f->failed;) {
        size_t n = a->tuples - done < CHUNK ? (size_t)(a->tuples - done) : CHUNK;
        generate(s, a->source, done, n, buf);
        ct__export_write(f, buf, n * (size_t)a->components * a->value_size);
        done += n;
    }
}

static void put_appended(ct__export_file *f, const ct_snapshot *s, const vtk_array *arrays, int n)
{
    ct__export_printf(f, "  <AppendedData encoding=\"raw\">\n   _");
    for (int i = 0; i < n; i++)
        put_array_data(f, s, &arrays[i]);
    ct__export_printf(f, "\n  </AppendedData>\n</VTKFile>\n");
}

/* VTK's ASCII encoding of a string array: each byte as a number, each string ended by a 0. */
static void put_names(ct__export_file *f, const char *name, char *const *names, int n)
{
    ct__export_printf(f,
                      "      <Array type=\"String\" Name=\"%s\" NumberOfTuples=\"%d\" "
                      "format=\"ascii\">\n       ",
                      name, n);
    for (int i = 0; i < n; i++) {
        for (const unsigned char *p = (const unsigned char *)names[i]; *p; p++)
            ct__export_printf(f, " %u", *p);
        ct__export_printf(f, " 0");
    }
    ct__export_printf(f, "\n      </Array>\n");
}

/* Time in minutes and, for cells, the names behind the type and state indices. */
static void put_field_data(ct__export_file *f, const ct_snapshot *s, int with_names)
{
    char time[CT__EXPORT_NUMBER];
    ct__export_format_double(s->time_min, time);
    ct__export_printf(f,
                      "    <FieldData>\n"
                      "      <DataArray type=\"Float64\" Name=\"TimeValue\" NumberOfTuples=\"1\" "
                      "format=\"ascii\">%s</DataArray>\n",
                      time);
    if (with_names) {
        put_names(f, "type_names", s->type_names, s->n_types);
        put_names(f, "state_names", s->state_names, s->n_states);
    }
    ct__export_printf(f, "    </FieldData>\n");
}

/* The arrays of the cell file, in the order of the appended data; returns how many. */
static int cell_arrays(const ct_snapshot *s, vtk_array *arrays)
{
    uint64_t n = s->n_cells;
    int k = 0;
    if (s->id)
        arrays[k++] = (vtk_array){"PointData", "id", "UInt64", 1, 8, n, s->id, FROM_DATA};
    arrays[k++] = (vtk_array){"PointData", "type", "UInt8", 1, 1, n, s->type, FROM_DATA};
    arrays[k++] = (vtk_array){"PointData", "state", "UInt8", 1, 1, n, s->state, FROM_DATA};
    for (int a = 0; a < s->n_attrs; a++)
        arrays[k++] = (vtk_array){"PointData", s->attr_names[a], "Float64", 1, 8, n,
                                  s->attr_values[a], FROM_DATA};
    arrays[k++] = (vtk_array){"Points", NULL, "Float64", 3, 8, n, NULL, CELL_POINTS};
    arrays[k++] = (vtk_array){"Verts", "connectivity", "Int64", 1, 8, n, NULL,
                              VERTEX_CONNECTIVITY};
    arrays[k++] = (vtk_array){"Verts", "offsets", "Int64", 1, 8, n, NULL, VERTEX_OFFSETS};
    return k;
}

int ct_export_cells_vtp(const ct_snapshot *s, const char *path, ct_error *err)
{
    vtk_array arrays[CT_SNAPSHOT_MAX_ATTRS + 6];
    int n = cell_arrays(s, arrays);
    ct__export_file f;
    int rc = ct__export_open(&f, path, err);
    if (rc)
        return rc;
    put_header(&f, "PolyData");
    ct__export_printf(&f, "  <PolyData>\n");
    put_field_data(&f, s, 1);
    ct__export_printf(&f,
                      "    <Piece NumberOfPoints=\"%" PRIu64 "\" NumberOfVerts=\"%" PRIu64
                      "\" NumberOfLines=\"0\" NumberOfStrips=\"0\" NumberOfPolys=\"0\">\n"
                      "      <PointData Scalars=\"type\">\n",
                      s->n_cells, s->n_cells);
    put_section(&f, "PointData", arrays, n, "        ");
    ct__export_printf(&f, "      </PointData>\n      <Points>\n");
    put_section(&f, "Points", arrays, n, "        ");
    ct__export_printf(&f, "      </Points>\n      <Verts>\n");
    put_section(&f, "Verts", arrays, n, "        ");
    ct__export_printf(&f, "      </Verts>\n    </Piece>\n  </PolyData>\n");
    put_appended(&f, s, arrays, n);
    return ct__export_close(&f, err);
}

int ct_export_fields_vti(const ct_snapshot *s, const char *path, ct_error *err)
{
    vtk_array arrays[CT_SNAPSHOT_MAX_FIELDS];
    for (int k = 0; k < s->n_fields; k++)
        arrays[k] = (vtk_array){"PointData", s->field_names[k], "Float32", 1, 4,
                                ct_snapshot_n_sites(s), s->field_values[k], FROM_DATA};
    ct__export_file f;
    int rc = ct__export_open(&f, path, err);
    if (rc)
        return rc;
    char dx[CT__EXPORT_NUMBER], half[CT__EXPORT_NUMBER], extent[128];
    ct__export_format_double(s->dx_um, dx);
    ct__export_format_double(s->dx_um / 2, half);
    snprintf(extent, sizeof extent, "0 %u 0 %u 0 %u", s->size[0] - 1, s->size[1] - 1,
             s->size[2] - 1);
    put_header(&f, "ImageData");
    ct__export_printf(&f,
                      "  <ImageData WholeExtent=\"%s\" Origin=\"%s %s %s\" Spacing=\"%s %s %s\">\n",
                      extent, half, half, s->ndim == 3 ? half : "0", dx, dx, dx);
    put_field_data(&f, s, 0);
    ct__export_printf(&f, "    <Piece Extent=\"%s\">\n      <PointData>\n", extent);
    put_section(&f, "PointData", arrays, s->n_fields, "        ");
    ct__export_printf(&f, "      </PointData>\n    </Piece>\n  </ImageData>\n");
    put_appended(&f, s, arrays, s->n_fields);
    return ct__export_close(&f, err);
}
