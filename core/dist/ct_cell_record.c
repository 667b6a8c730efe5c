/* Cell records: a header and the cell's attributes, in one block per cell. */
#include "ct_cell_record.h"

#include <string.h>

#include "ct_alloc.h"

void ct_cell_records_init(ct_cell_records *r, int n_attr)
{
    *r = (ct_cell_records){.size = sizeof(ct_cell_record) + (size_t)n_attr * sizeof(double),
                           .n_attr = n_attr};
}

void ct_cell_records_free(ct_cell_records *r)
{
    ct_free(r->data);
    r->data = NULL;
    r->n = r->cap = 0;
}

int ct_cell_records_reserve(ct_cell_records *r, size_t need, ct_error *err)
{
    if (need <= r->cap)
        return CT_OK;
    size_t room = need > 2 * r->cap ? need : 2 * r->cap;
    unsigned char *grown = ct_realloc(r->data, room * r->size);
    if (!grown)
        return ct_error_set(err, CT_ENOMEM, "out of memory for %zu cell records", room);
    r->data = grown;
    r->cap = room;
    return CT_OK;
}

/* The attributes follow the header; memcpy, since the block is bytes to MPI. */
static unsigned char *attributes_of(const ct_cell_records *r, size_t k)
{
    return r->data + k * r->size + sizeof(ct_cell_record);
}

int ct_cell_records_append(ct_cell_records *r, const ct_agents *ag, size_t i, uint32_t site,
                           ct_error *err)
{
    int rc = ct_cell_records_reserve(r, r->n + 1, err);
    if (rc)
        return rc;
    ct_cell_record *c = ct_cell_record_at(r, r->n);
    memset(c, 0, sizeof *c); /* the padding too: records are compared and sent as bytes */
    c->id = ag->id[i];
    c->parent = ag->parent[i];
    c->birth_step = ag->birth_step[i];
    c->site = site;
    c->type = ag->type[i];
    c->state = ag->state[i];
    unsigned char *attr = attributes_of(r, r->n);
    for (int a = 0; a < r->n_attr; a++)
        memcpy(attr + (size_t)a * sizeof(double), &ag->attr[a][i], sizeof(double));
    r->n++;
    return CT_OK;
}

void ct_cell_record_attributes_to(const ct_cell_records *r, size_t k, ct_agents *ag, size_t i)
{
    const unsigned char *attr = attributes_of(r, k);
    for (int a = 0; a < r->n_attr; a++)
        memcpy(&ag->attr[a][i], attr + (size_t)a * sizeof(double), sizeof(double));
}
