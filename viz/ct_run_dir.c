/* Finding a run's snapshot files and picking the one nearest a step; reading its counts.csv. */
#include "ct_run_dir.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_series_columns.h"

#define PREFIX "state_"
#define SUFFIX ".ctsnap"

int ct_viz_run_path(const char *run_dir, const char *name, char *buf, size_t size, ct_error *err)
{
    if (snprintf(buf, size, "%s/%s", run_dir, name) >= (int)size)
        return ct_error_set(err, CT_EINVAL, "%s: path too long", run_dir);
    return CT_OK;
}

/* "state_00000100.ctsnap" -> 100; 0 for any other name. */
static int parse_snapshot_name(const char *name, uint64_t *step)
{
    size_t n = strlen(name), pre = strlen(PREFIX), suf = strlen(SUFFIX);
    if (n <= pre + suf || strncmp(name, PREFIX, pre) != 0 || strcmp(name + n - suf, SUFFIX) != 0)
        return 0;
    size_t digits = n - pre - suf;
    if (digits > 19 || strspn(name + pre, "0123456789") != digits)
        return 0;
    *step = strtoull(name + pre, NULL, 10);
    return 1;
}

static int compare_steps(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int append_step(uint64_t **steps, size_t *n, size_t *cap, uint64_t step)
{
    if (*n == *cap) {
        size_t bigger = *cap ? 2 * *cap : 64;
        uint64_t *grown = ct_realloc(*steps, bigger * sizeof *grown);
        if (!grown)
            return CT_ENOMEM;
        *steps = grown;
        *cap = bigger;
    }
    (*steps)[(*n)++] = step;
    return CT_OK;
}

int ct_viz_run_snapshot_steps(const char *run_dir, uint64_t **steps, size_t *n, ct_error *err)
{
    char dir_path[4096];
    *steps = NULL;
    *n = 0;
    int rc = ct_viz_run_path(run_dir, "snapshots", dir_path, sizeof dir_path, err);
    if (rc)
        return rc;
    DIR *dir = opendir(dir_path);
    if (!dir)
        return ct_error_set(err, CT_EIO, "%s: cannot open: %s", dir_path, strerror(errno));
    size_t cap = 0;
    uint64_t step;
    for (struct dirent *e; !rc && (e = readdir(dir));)
        if (parse_snapshot_name(e->d_name, &step))
            rc = append_step(steps, n, &cap, step);
    closedir(dir);
    if (rc) {
        ct_free(*steps);
        *steps = NULL;
        *n = 0;
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory listing snapshots", dir_path);
    }
    if (*n > 1) /* with no files *steps is NULL, which qsort may not be given */
        qsort(*steps, *n, sizeof **steps, compare_steps);
    return CT_OK;
}

size_t ct_viz_run_nearest_step(const uint64_t *steps, size_t n, int64_t want)
{
    if (want < 0)
        return n - 1;
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
        uint64_t w = (uint64_t)want;
        uint64_t d_best = steps[best] > w ? steps[best] - w : w - steps[best];
        uint64_t d = steps[i] > w ? steps[i] - w : w - steps[i];
        if (d < d_best)
            best = i;
    }
    return best;
}

int ct_viz_run_load_snapshot(const char *run_dir, int64_t want, ct_snapshot *out, ct_error *err)
{
    uint64_t *steps;
    size_t n;
    memset(out, 0, sizeof *out);
    int rc = ct_viz_run_snapshot_steps(run_dir, &steps, &n, err);
    if (rc)
        return rc;
    if (n == 0) {
        ct_free(steps);
        return ct_error_set(err, CT_EINVAL, "%s/snapshots: no snapshot files (state_<step>%s)",
                            run_dir, SUFFIX);
    }
    char name[64], path[4096];
    snprintf(name, sizeof name, "snapshots/" PREFIX "%08" PRIu64 SUFFIX,
             steps[ct_viz_run_nearest_step(steps, n, want)]);
    ct_free(steps);
    rc = ct_viz_run_path(run_dir, name, path, sizeof path, err);
    return rc ? rc : ct_snapshot_read(path, out, err);
}

int ct_viz_run_read_counts(const char *run_dir, const char *columns, ct_viz_series *series,
                           ct_error *err)
{
    char path[4096];
    int rc = ct_viz_run_path(run_dir, "counts.csv", path, sizeof path, err);
    if (!rc)
        rc = ct_viz_series_read(path, series, err);
    if (!rc && columns && (rc = ct_viz_series_pick(series, columns, path, err)))
        ct_viz_series_free(series);
    return rc;
}
