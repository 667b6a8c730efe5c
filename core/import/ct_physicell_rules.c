/* PhysiCell cell rules CSV reader: strict where PhysiCell skips a malformed row with a warning,
 * because a silently lost rule changes the model. */
#include "ct_physicell_rules.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ct_alloc.h"
#include "ct_io.h"

enum { RULE_COLUMNS = 8 };

static const char *const column_names[RULE_COLUMNS] = {"cell type",  "signal",         "direction",
                                                       "behaviour",  "saturation",     "half-max",
                                                       "Hill power", "applies to dead"};

int ct_physicell_read_input(const char *path, size_t max_bytes, char **data, size_t *len,
                            ct_error *err)
{
    struct stat st;
    *data = NULL;
    if (stat(path, &st) != 0)
        return ct_error_set(err, CT_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return ct_error_set(err, CT_EINVAL, "%s: not a regular file (a FIFO, device or directory)",
                            path);
    if ((unsigned long long)st.st_size > max_bytes)
        return ct_error_set(err, CT_ERANGE, "%s: %lld bytes, more than the %zu accepted", path,
                            (long long)st.st_size, max_bytes);
    int rc = ct_io_read_file(path, data, len, err);
    if (!rc && *len > max_bytes) { /* grew since stat */
        ct_free(*data);
        *data = NULL;
        return ct_error_set(err, CT_ERANGE, "%s: more than the %zu bytes accepted", path,
                            max_bytes);
    }
    return rc;
}

/* Splits line in place at commas (or tabs when there are no commas, as PhysiCell accepts);
   returns the number of columns, up to max (one more means "too many"). */
static int split_columns(char *line, char **cols, int max)
{
    char sep = strchr(line, ',') ? ',' : '\t';
    int n = 0;
    char *p = line;
    while (n <= max) {
        cols[n++] = p;
        char *next = strchr(p, sep);
        if (!next)
            break;
        *next = '\0';
        p = next + 1;
    }
    return n;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int column_error(const char *path, int line, int col, const char *what, const char *got,
                        ct_error *err)
{
    return ct_error_set(err, CT_EINVAL, "%s:%d: column %d (%s): expected %s, got \"%.40s\"", path,
                        line, col + 1, column_names[col], what, got);
}

static int copy_name(const char *path, int line, int col, const char *text, char *dst,
                     ct_error *err)
{
    size_t n = strlen(text);
    if (n == 0 || n >= CT_PHYSICELL_TEXT_MAX)
        return column_error(path, line, col, "a name of 1 to 127 characters", text, err);
    memcpy(dst, text, n + 1);
    return CT_OK;
}

static int parse_number(const char *path, int line, int col, const char *text, double min,
                        int min_open, double *out, ct_error *err)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (!*text || *end || errno || v != v || v < min || (min_open && v == min) || v > 1e30) {
        char what[64];
        snprintf(what, sizeof what, "a number %s %g", min_open ? ">" : ">=", min);
        return column_error(path, line, col, what, text, err);
    }
    *out = v;
    return CT_OK;
}

static int parse_rule(const char *path, int line, char **c, ct_physicell_rule *r, ct_error *err)
{
    int rc;
    double dead;
    r->line = line;
    if ((rc = copy_name(path, line, 0, c[0], r->cell_type, err)) ||
        (rc = copy_name(path, line, 1, c[1], r->signal, err)) ||
        (rc = copy_name(path, line, 3, c[3], r->behaviour, err)))
        return rc;
    if (strcmp(c[2], "increases") && strcmp(c[2], "decreases"))
        return column_error(path, line, 2, "\"increases\" or \"decreases\"", c[2], err);
    r->increases = !strcmp(c[2], "increases");
    if ((rc = parse_number(path, line, 4, c[4], 0, 0, &r->saturation, err)) ||
        (rc = parse_number(path, line, 5, c[5], 0, 1, &r->half_max, err)) ||
        (rc = parse_number(path, line, 6, c[6], 0, 1, &r->hill, err)) ||
        (rc = parse_number(path, line, 7, c[7], 0, 0, &dead, err)))
        return rc;
    if (dead != 0 && dead != 1)
        return column_error(path, line, 7, "0 or 1", c[7], err);
    r->applies_to_dead = dead == 1;
    return CT_OK;
}

/* One line: a comment and a blank line add nothing; a rule is appended to out. */
static int parse_line(const char *path, int line, char *text, ct_physicell_rules *out,
                      ct_error *err)
{
    char *cols[RULE_COLUMNS + 1];
    text = trim(text);
    if (!*text || !strncmp(text, "//", 2))
        return CT_OK;
    int n = split_columns(text, cols, RULE_COLUMNS);
    if (n != RULE_COLUMNS)
        return ct_error_set(err, CT_EINVAL,
                            "%s:%d: expected %d comma-separated columns (cell type, signal, "
                            "direction, behaviour, saturation, half-max, Hill power, applies to "
                            "dead: the rules format of PhysiCell 1.12+), got %s%d",
                            path, line, RULE_COLUMNS, n > RULE_COLUMNS ? "more than " : "",
                            n > RULE_COLUMNS ? RULE_COLUMNS : n);
    for (int i = 0; i < n; i++)
        cols[i] = trim(cols[i]);
    if (out->n == CT_PHYSICELL_RULES_MAX)
        return ct_error_set(err, CT_ERANGE, "%s:%d: more than %d rules", path, line,
                            CT_PHYSICELL_RULES_MAX);
    return parse_rule(path, line, cols, &out->rules[out->n++], err);
}

int ct_physicell_rules_read(const char *path, ct_physicell_rules *out, ct_error *err)
{
    char *text;
    size_t len;
    memset(out, 0, sizeof *out);
    int rc = ct_physicell_read_input(path, CT_PHYSICELL_RULES_MAX_BYTES, &text, &len, err);
    if (rc)
        return rc;
    if (memchr(text, '\0', len)) {
        ct_free(text);
        return ct_error_set(err, CT_EINVAL, "%s: not a text file (NUL byte)", path);
    }
    out->rules = ct_calloc(CT_PHYSICELL_RULES_MAX, sizeof *out->rules);
    if (!out->rules)
        rc = ct_error_set(err, CT_ENOMEM, "%s: out of memory", path);
    char *line = text;
    for (int no = 1; !rc && line; no++) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        rc = parse_line(path, no, line, out, err);
        line = next;
    }
    ct_free(text);
    if (rc)
        ct_physicell_rules_free(out);
    return rc;
}

void ct_physicell_rules_free(ct_physicell_rules *r)
{
    ct_free(r->rules);
    r->rules = NULL;
    r->n = 0;
}
