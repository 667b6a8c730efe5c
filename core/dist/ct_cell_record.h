/* Cells as they travel between the ranks of one distributed simulation: a fixed header (id, site,
 * type, state, parent, birth step) followed by the cell's per-cell attributes (Lua and plugin
 * attributes, the cycle's phase, stage and phase time, SBML species: every named column of the
 * agent store), so that a cell keeps all of its state when it crosses a rank boundary and in the
 * gathers of rank 0. The record's size follows the scenario's attribute count; nothing outside
 * this module and ct_slab depends on the layout. For the dist layer and above. */
#ifndef CT_CELL_RECORD_H
#define CT_CELL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "ct_agents.h"
#include "ct_error.h"
#include "ct_signals.h"

/* The fixed part of a record: a site of the whole lattice, and the cell's id, which keys its
   random streams wherever it goes. n_attr doubles follow it (the store's attribute order). */
typedef struct ct_cell_record {
    uint64_t id, parent;
    int64_t birth_step;
    uint32_t site;
    uint8_t type, state;
} ct_cell_record;

/* A growable array of records of one size. */
typedef struct ct_cell_records {
    unsigned char *data;
    size_t n, cap;     /* records held, room */
    size_t size;       /* bytes per record: the header and n_attr doubles */
    int n_attr;
} ct_cell_records;

/* An empty array of records carrying n_attr attributes each. */
void ct_cell_records_init(ct_cell_records *r, int n_attr);
void ct_cell_records_free(ct_cell_records *r);
/* Makes room for need records in all, growing at least twofold. */
int ct_cell_records_reserve(ct_cell_records *r, size_t need, ct_error *err);

static inline ct_cell_record *ct_cell_record_at(const ct_cell_records *r, size_t k)
{
    return (ct_cell_record *)(void *)(r->data + k * r->size);
}

/* Appends agent i of ag at site (of the whole lattice) with all its attributes. */
int ct_cell_records_append(ct_cell_records *r, const ct_agents *ag, size_t i, uint32_t site,
                           ct_error *err);
/* Sets the attributes of agent i of ag from record k (ag declares r->n_attr of them). */
void ct_cell_record_attributes_to(const ct_cell_records *r, size_t k, ct_agents *ag, size_t i);

#endif
