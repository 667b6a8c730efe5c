/* Extra counts.csv columns: add with name checks, remove by owner. */
#include "ct_column.h"

#include <math.h>
#include <string.h>

#include "ct_alloc.h"

int ct_columns_add(ct_columns *cols, const ct_column *c, ct_error *err)
{
    size_t len = strnlen(c->name, sizeof c->name);
    if (len == 0 || len == sizeof c->name || strpbrk(c->name, ",:\"\n\r\t") ||
        !strcmp(c->name, "step") || !strcmp(c->name, "time"))
        return ct_error_set(err, CT_EINVAL,
                            "column \"%s\": a name needs 1 to 63 characters, no , : or quotes, "
                            "and not \"step\" or \"time\"",
                            c->name);
    for (int i = 0; i < cols->n; i++)
        if (!strcmp(cols->items[i].name, c->name))
            return ct_error_set(err, CT_EINVAL, "column \"%s\" is already added by %s", c->name,
                                cols->items[i].owner);
    if (cols->n == cols->cap) {
        int cap = cols->cap ? 2 * cols->cap : 8;
        ct_column *items = ct_realloc(cols->items, (size_t)cap * sizeof *items);
        if (!items)
            return ct_error_set(err, CT_ENOMEM, "out of memory adding column \"%s\"", c->name);
        cols->items = items;
        cols->cap = cap;
    }
    cols->items[cols->n++] = *c;
    return CT_OK;
}

int ct_columns_evaluate(const ct_columns *cols, const struct ct_sim *sim, unsigned long long step,
                        double *values, ct_error *err)
{
    for (int c = 0; c < cols->n; c++) {
        const ct_column *col = &cols->items[c];
        values[c] = col->value(col->user, sim);
        int rc = !isfinite(values[c]) && col->failed ? col->failed(col->user, err) : CT_OK;
        if (rc)
            return rc;
        if (!isfinite(values[c]))
            return ct_error_set(err, CT_ESTATE,
                                "%s: counts.csv column \"%s\" is %g at step %llu: a column "
                                "value must be a finite number",
                                col->owner, col->name, values[c], step);
    }
    return CT_OK;
}

void ct_columns_remove_owner(ct_columns *cols, const char *owner)
{
    int w = 0;
    for (int i = 0; i < cols->n; i++)
        if (strcmp(cols->items[i].owner, owner) != 0)
            cols->items[w++] = cols->items[i];
    cols->n = w;
}

void ct_columns_free(ct_columns *cols)
{
    ct_free(cols->items);
    memset(cols, 0, sizeof *cols);
}
