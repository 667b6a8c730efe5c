/* `celltwin export RUN_DIR --format vtk|csv`: a run's snapshots as VTK XML or CSV files. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ct_alloc.h"
#include "ct_export.h"
#include "ct_run_dir.h"

static const char export_help[] =
    "usage: celltwin export RUN_DIR --format vtk|csv [--step N | --all] [--out DIR] [--quiet]\n"
    "Writes the cells and fields of the run's snapshots (RUN_DIR/snapshots/state_<step>.ctsnap)\n"
    "as files that ParaView, Python (numpy, pandas) and R open directly:\n"
    "  --format vtk   cells_<step>.vtp (a point per cell: id, type, state, attributes),\n"
    "                 fields_<step>.vti (every field on the lattice, spacing dx um) and\n"
    "                 run.pvd, the time series to open in ParaView\n"
    "  --format csv   cells_<step>.csv (id,x_um,y_um[,z_um],type,state,<attributes>) and\n"
    "                 fields_<step>.csv (x_um,y_um[,z_um],<fields>, one row per site)\n"
    "  --step N       only the snapshot of step N (default: the last one)\n"
    "  --all          every snapshot\n"
    "  --out DIR      where to write (default RUN_DIR/export); created if missing\n"
    "  --quiet        no summary line\n"
    "Files are written under a temporary name and renamed when whole. See docs/formats.md.\n";

typedef struct export_args {
    const char *dir, *out, *format;
    long step; /* -1: not given */
    int all, quiet;
} export_args;

static int parse_one(export_args *a, int argc, char **argv, int *i)
{
    int missing = 0;
    const char *v;
    if (!strcmp(argv[*i], "--all"))
        return a->all = 1, 0;
    if ((v = ct_cli_option(argc, argv, i, "--format", &missing)))
        return a->format = v, 0;
    if ((v = ct_cli_option(argc, argv, i, "--out", &missing)))
        return a->out = v, 0;
    if ((v = ct_cli_option(argc, argv, i, "--step", &missing)))
        return ct_cli_count("--step", v, 0, LONG_MAX, &a->step);
    return ct_cli_last_option(argv, *i, missing, &a->quiet, &a->dir);
}

static int check_args(const export_args *a, ct_export_format *format)
{
    if (!a->dir) {
        fputs(export_help, stderr);
        return -1;
    }
    if (!a->format) {
        fputs("celltwin export: missing --format vtk|csv\n", stderr);
        return -1;
    }
    if (strcmp(a->format, "vtk") && strcmp(a->format, "csv")) {
        fprintf(stderr, "celltwin export: --format: expected vtk or csv, got \"%s\"\n", a->format);
        return -1;
    }
    if (a->all && a->step >= 0) {
        fputs("celltwin export: --step and --all exclude each other\n", stderr);
        return -1;
    }
    *format = strcmp(a->format, "vtk") ? CT_EXPORT_CSV : CT_EXPORT_VTK;
    return 0;
}

/* Narrows STEPS to the ones asked for: all, the one of step want, or the last (want < 0). */
static int select_steps(const char *dir, uint64_t *steps, size_t *n, int all, long want,
                        ct_error *err)
{
    if (*n == 0)
        return ct_error_set(err, CT_EINVAL,
                            "%s/snapshots: no snapshot files (state_<step>.ctsnap); the scenario "
                            "writes them every output.snapshot_interval steps",
                            dir);
    if (all)
        return CT_OK;
    size_t pick = ct_viz_run_nearest_step(steps, *n, want);
    if (want >= 0 && steps[pick] != (uint64_t)want)
        return ct_error_set(err, CT_EINVAL,
                            "%s/snapshots: no snapshot of step %ld (%zu snapshots, steps %" PRIu64
                            " to %" PRIu64 "; the nearest is %" PRIu64 ")",
                            dir, want, *n, steps[0], steps[*n - 1], steps[pick]);
    steps[0] = steps[pick];
    *n = 1;
    return CT_OK;
}

/* The snapshot file of each step (ct_free the array and each path). */
static int snapshot_paths(const char *dir, const uint64_t *steps, size_t n, char ***paths,
                          ct_error *err)
{
    *paths = ct_calloc(n, sizeof **paths);
    int rc = *paths ? CT_OK : CT_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        char name[64], path[4096];
        snprintf(name, sizeof name, "snapshots/state_%08" PRIu64 ".ctsnap", steps[i]);
        rc = ct_viz_run_path(dir, name, path, sizeof path, err);
        if (!rc && !((*paths)[i] = ct_strdup(path)))
            rc = CT_ENOMEM;
    }
    if (rc == CT_ENOMEM)
        ct_error_set(err, rc, "out of memory listing %zu snapshots", n);
    return rc;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        ct_free(paths[i]);
    ct_free(paths);
}

static int export_run(const export_args *a, ct_export_format format, const char *out,
                      size_t *n_done, ct_error *err)
{
    uint64_t *steps;
    char **paths = NULL;
    size_t n;
    int rc = ct_viz_run_snapshot_steps(a->dir, &steps, &n, err);
    if (!rc)
        rc = select_steps(a->dir, steps, &n, a->all, a->step, err);
    if (!rc)
        rc = snapshot_paths(a->dir, steps, n, &paths, err);
    if (!rc)
        rc = ct_export_snapshots((const char *const *)paths, n, format, out, err);
    *n_done = rc ? 0 : n;
    free_paths(paths, n);
    ct_free(steps);
    return rc;
}

int ct_cli_export(int argc, char **argv)
{
    export_args a = {.step = -1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(export_help, stdout);
            return 0;
        }
        if (parse_one(&a, argc, argv, &i))
            return 2;
    }
    ct_export_format format;
    if (check_args(&a, &format))
        return 2;
    char out[4096];
    if (snprintf(out, sizeof out, "%s", a.out ? a.out : "") >= (int)sizeof out ||
        (!a.out && snprintf(out, sizeof out, "%s/export", a.dir) >= (int)sizeof out)) {
        fprintf(stderr, "celltwin export: output path too long\n");
        return 2;
    }
    ct_error err = {0};
    size_t n_done;
    int rc = export_run(&a, format, out, &n_done, &err);
    if (rc) {
        fprintf(stderr, "celltwin export: %s\n", err.msg);
        return 1;
    }
    if (!a.quiet)
        fprintf(stderr, "celltwin export: %zu snapshot%s of %s as %s in %s\n", n_done,
                n_done == 1 ? "" : "s", a.dir, a.format, out);
    return 0;
}
