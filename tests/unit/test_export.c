/* Exports of snapshots: exact numbers, names that need quoting or escaping, 3D positions, and
 * refusals naming the file. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "ct_alloc.h"
#include "ct_export.h"
#include "ct_export_internal.h"
#include "ct_io.h"

static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_test_tmpdir(), name);
    return path;
}

/* The text of PATH (ct_free it), or NULL. */
static char *file_text(const char *path)
{
    char *text;
    ct_error err;
    return ct_io_read_file(path, &text, NULL, &err) == CT_OK ? text : NULL;
}

static int reads_back(double v, const char *text)
{
    double back = strtod(text, NULL);
    return isnan(v) ? isnan(back) : memcmp(&back, &v, sizeof v) == 0;
}

TEST(export_numbers_read_back_exactly_in_the_fewest_digits)
{
    double values[] = {0.1, 1.0 / 3.0, -0.0, 1e-300, 5e-324, DBL_MAX, 1e21, 0.30000000000000004,
                       123456789012345678.0, NAN, INFINITY, -INFINITY};
    char buf[CT__EXPORT_NUMBER];
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        ct__export_format_double(values[i], buf);
        if (!CHECK(reads_back(values[i], buf)))
            printf("    %.17g written as %s\n", values[i], buf);
    }
    ct__export_format_double(0.1, buf);
    CHECK(strcmp(buf, "0.1") == 0);
    ct__export_format_double(NAN, buf);
    CHECK(strcmp(buf, "NaN") == 0);
    ct__export_format_double(-INFINITY, buf);
    CHECK(strcmp(buf, "-Inf") == 0);
    float floats[] = {0.1f, 1.0f / 3.0f, 16777217.0f, FLT_MIN, 1e-45f, FLT_MAX};
    for (size_t i = 0; i < sizeof floats / sizeof *floats; i++) {
        ct__export_format_float(floats[i], buf);
        CHECK((float)strtod(buf, NULL) == floats[i] && strlen(buf) <= 15);
    }
    ct__export_format_float(0.1f, buf);
    CHECK(strcmp(buf, "0.1") == 0);
}

/* A 3D lattice of 4 x 3 x 2 sites, dx 0.5 um, two cells with ids, odd names and values. */
static char *type_names[] = {"a,b", "plain"};
static char *state_names[] = {"say \"hi\"", "s"};
static char *attr_names[] = {"x<y&z", "w"};
static uint32_t sites[] = {0, 3 + 4 * (2 + 3 * 1)};
static uint8_t types[] = {0, 1}, states[] = {0, 1};
static uint64_t ids[] = {UINT64_MAX, 2};
static double first_attr[] = {0.1, NAN}, second_attr[] = {-INFINITY, 1e-300};
static double *attr_values[] = {first_attr, second_attr};

static ct_snapshot odd_snapshot(void)
{
    ct_snapshot s = {.ndim = 3, .size = {4, 3, 2}, .dx_um = 0.5, .step = 9, .time_min = 4.5,
                     .n_types = 2, .type_names = type_names, .n_states = 2,
                     .state_names = state_names, .n_cells = 2, .site = sites, .type = types,
                     .state = states, .id = ids, .n_attrs = 2, .attr_names = attr_names,
                     .attr_values = attr_values};
    return s;
}

TEST(export_cells_csv_quotes_names_and_writes_numbers_exactly)
{
    ct_snapshot s = odd_snapshot();
    ct_error err;
    const char *path = tmp_path("odd.csv");
    if (!CHECK(ct_export_cells_csv(&s, path, &err) == CT_OK))
        printf("    %s\n", err.msg);
    char *text = file_text(path);
    const char *want = "id,x_um,y_um,z_um,type,state,x<y&z,w\n"
                       "18446744073709551615,0.25,0.25,0.25,\"a,b\",\"say \"\"hi\"\"\",0.1,-Inf\n"
                       "2,1.75,1.25,0.75,plain,s,NaN,1e-300\n";
    if (!CHECK(text && strcmp(text, want) == 0))
        printf("    got:\n%s", text ? text : "(nothing)\n");
    ct_free(text);
}

TEST(export_vtp_escapes_names_and_keeps_every_array)
{
    ct_snapshot s = odd_snapshot();
    ct_error err;
    const char *path = tmp_path("odd.vtp");
    CHECK(ct_export_cells_vtp(&s, path, &err) == CT_OK);
    char *text = file_text(path);
    CHECK(text && strstr(text, "Name=\"x&lt;y&amp;z\"") && strstr(text, "Name=\"w\""));
    CHECK(text && strstr(text, "NumberOfPoints=\"2\"") && strstr(text, "type=\"UInt64\" Name=\"id\""));
    CHECK(text && strstr(text, "TimeValue\" NumberOfTuples=\"1\" format=\"ascii\">4.5<"));
    ct_free(text);
}

TEST(export_vti_geometry_in_micrometres)
{
    float values[24];
    for (int i = 0; i < 24; i++)
        values[i] = (float)i;
    char *field_names[] = {"il2"}, *units[] = {"nM"};
    float *field_values[] = {values};
    ct_snapshot s = odd_snapshot();
    s.n_fields = 1;
    s.field_names = field_names;
    s.field_units = units;
    s.field_values = field_values;
    ct_error err;
    const char *path = tmp_path("odd.vti");
    CHECK(ct_export_fields_vti(&s, path, &err) == CT_OK);
    char *text = file_text(path);
    CHECK(text && strstr(text, "WholeExtent=\"0 3 0 2 0 1\" Origin=\"0.25 0.25 0.25\" "
                               "Spacing=\"0.5 0.5 0.5\""));
    ct_free(text);
    s.ndim = 2;
    s.size[2] = 1;
    CHECK(ct_export_fields_vti(&s, path, &err) == CT_OK);
    text = file_text(path);
    CHECK(text && strstr(text, "WholeExtent=\"0 3 0 2 0 0\" Origin=\"0.25 0.25 0\""));
    ct_free(text);
}

TEST(export_snapshots_names_the_missing_file_and_writes_nothing)
{
    const char *paths[] = {tmp_path("no_such.ctsnap")};
    char out[512];
    snprintf(out, sizeof out, "%s/export_missing", ct_test_tmpdir());
    ct_error err = {0};
    CHECK(ct_export_snapshots(paths, 1, CT_EXPORT_VTK, out, &err) == CT_EIO &&
          strstr(err.msg, "no_such.ctsnap: cannot open"));
    char pvd[600];
    snprintf(pvd, sizeof pvd, "%s/run.pvd", out);
    FILE *fp = fopen(pvd, "r");
    CHECK(fp == NULL);
    if (fp)
        fclose(fp);
}
