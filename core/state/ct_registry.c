/* Behaviour registry: add with name checks, remove by owner. */
#include "ct_registry.h"

#include <string.h>

#include "ct_alloc.h"

const ct_behaviour *ct_registry_find(const ct_registry *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->items[i].name, name))
            return &r->items[i];
    return NULL;
}

int ct_registry_add(ct_registry *r, const ct_behaviour *b, ct_error *err)
{
    const ct_behaviour *same = ct_registry_find(r, b->name);
    if (same)
        return ct_error_set(err, CT_EINVAL, "%s: behaviour \"%s\" is already registered by %s",
                            b->owner, b->name, same->owner);
    if ((b->phases & CT_PHASE_DECIDE && !b->decide) || (b->phases & CT_PHASE_FIELDS && !b->fields) ||
        (b->phases & CT_PHASE_STEP_END && !b->step_end))
        return ct_error_set(err, CT_EINVAL, "%s: behaviour \"%s\" lacks a function for a phase",
                            b->owner, b->name);
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 8;
        ct_behaviour *items = ct_realloc(r->items, (size_t)cap * sizeof *items);
        if (!items)
            return ct_error_set(err, CT_ENOMEM, "%s: out of memory registering \"%s\"", b->owner,
                                b->name);
        r->items = items;
        r->cap = cap;
    }
    r->items[r->n++] = *b;
    return CT_OK;
}

void ct_registry_remove_owner(ct_registry *r, const char *owner)
{
    int w = 0;
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->items[i].owner, owner) != 0)
            r->items[w++] = r->items[i];
    r->n = w;
}

int ct_registry_has_phase(const ct_registry *r, unsigned phase)
{
    for (int i = 0; i < r->n; i++)
        if (r->items[i].phases & phase)
            return 1;
    return 0;
}

void ct_registry_free(ct_registry *r)
{
    ct_free(r->items);
    memset(r, 0, sizeof *r);
}
