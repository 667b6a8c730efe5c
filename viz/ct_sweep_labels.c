/* labels.csv: names for a sweep's parameters that read well on an axis. */
#include "ct_sweep_labels.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_csv_read.h"
#include "ct_io.h"

#define MAX_LABEL 80 /* as CT_SWEEP_MAX_LABEL, which viz may not include */

static int parse_row(ct_viz_csv_cursor *c, char *line, ct_viz_summary *s)
{
    char *cells[3];
    if (ct_viz_csv_split(line, cells, 3) != 2)
        return ct_viz_csv_error(c, "expected two cells: parameter,label");
    int p = ct_viz_summary_param(s, cells[0]);
    if (p < 0)
        return ct_viz_csv_error(c, "\"%s\" is not a parameter of summary.csv", cells[0]);
    size_t n = strlen(cells[1]);
    if (n == 0 || n > MAX_LABEL)
        return ct_viz_csv_error(c, "a label of 1 to %d bytes expected, got %zu", MAX_LABEL, n);
    s->labels[p] = cells[1];
    return CT_OK;
}

static int parse_labels(ct_viz_csv_cursor *c, ct_viz_summary *s)
{
    char *header = ct_viz_csv_next_line(c);
    if (!header || strcmp(header, "parameter,label") != 0)
        return ct_viz_csv_error(c, "expected the header \"parameter,label\"");
    if (!(s->labels = ct_calloc((size_t)s->n_params + 1, sizeof *s->labels)))
        return ct_error_set(c->err, CT_ENOMEM, "%s: out of memory", c->path);
    int rc = CT_OK;
    for (char *line; !rc && (line = ct_viz_csv_next_line(c));)
        if (*line)
            rc = parse_row(c, line, s);
    return rc;
}

int ct_viz_summary_read_labels(const char *path, ct_viz_summary *s, ct_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return CT_OK;
    int rc = ct_io_read_file_max(path, CT_VIZ_LABELS_MAX_BYTES, "a sweep's labels.csv",
                                 &s->labels_text, NULL, err);
    if (rc)
        return rc;
    ct_viz_csv_cursor c = {s->labels_text, 0, path, err};
    if ((rc = parse_labels(&c, s))) {
        ct_free(s->labels);
        s->labels = NULL;
    }
    return rc;
}

const char *ct_viz_summary_param_label(const ct_viz_summary *s, int p)
{
    return s->labels && s->labels[p] ? s->labels[p] : s->params[p];
}
