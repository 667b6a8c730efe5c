/* Agent store allocation and growth. Reordering and compaction live in ct_sim (they touch the lattice). */
#include "ct_agents.h"

#include <stdio.h>
#include <string.h>

#include "ct_alloc.h"

#define AGENT_ARRAYS(X) CT_AGENT_ARRAYS(X)
#define STORE_ARRAYS_MAX (6 + CT_MAX_ATTRS)

size_t ct_agents_bytes_per_agent(void)
{
    ct_agents *a = NULL;
    size_t bytes = 0;
#define ADD_SIZE(f) bytes += sizeof *a->f;
    AGENT_ARRAYS(ADD_SIZE)
#undef ADD_SIZE
    return bytes;
}

/* Every array of the store, fixed and attribute columns alike, with its element size. */
static int store_arrays(ct_agents *ag, void ***arrays, size_t *elem)
{
    int n = 0;
#define LIST(f) arrays[n] = (void **)&ag->f; elem[n++] = sizeof *ag->f;
    AGENT_ARRAYS(LIST)
#undef LIST
    for (int k = 0; k < ag->n_attr; k++) {
        arrays[n] = (void **)&ag->attr[k];
        elem[n++] = sizeof *ag->attr[k];
    }
    return n;
}

int ct_agents_init(ct_agents *ag, size_t cap, ct_error *err)
{
    memset(ag, 0, sizeof *ag);
    ag->next_id = 1;
    return ct_agents_reserve(ag, cap < 1024 ? 1024 : cap, err);
}

void ct_agents_free(ct_agents *ag)
{
    void **arrays[STORE_ARRAYS_MAX];
    size_t elem[STORE_ARRAYS_MAX];
    int n_arrays = store_arrays(ag, arrays, elem);
    for (int a = 0; a < n_arrays; a++) {
        ct_free(*arrays[a]);
        *arrays[a] = NULL;
    }
    ct_free(ag->spare);
    ag->spare = NULL;
    ag->n = ag->cap = 0;
    ag->n_attr = 0;
}

/* Grows one array to cap elements, keeping the first n. */
static int grow(void **p, size_t elem, size_t n, size_t cap)
{
    void *q = ct_aligned_alloc(cap * elem);
    if (!q)
        return -1;
    if (*p && n)
        memcpy(q, *p, n * elem);
    ct_free(*p);
    *p = q;
    return 0;
}

size_t ct_agents_grown_cap(const ct_agents *ag, size_t n)
{
    size_t cap = ag->cap ? ag->cap : 1024;
    while (cap < n)
        cap += cap / 2 + 1024;
    return cap;
}

int ct_agents_reserve(ct_agents *ag, size_t n, ct_error *err)
{
    if (n <= ag->cap)
        return CT_OK;
    size_t cap = ct_agents_grown_cap(ag, n);
    void **arrays[STORE_ARRAYS_MAX];
    size_t elem[STORE_ARRAYS_MAX];
    int bad = 0, n_arrays = store_arrays(ag, arrays, elem);
    for (int a = 0; a < n_arrays; a++)
        bad |= grow(arrays[a], elem[a], ag->n, cap);
    bad |= grow(&ag->spare, sizeof(uint64_t), 0, cap);
    if (bad)
        return ct_error_set(err, CT_ENOMEM, "cannot allocate room for %zu agents (%.1f MiB)", cap,
                            (double)cap * (double)(ct_agents_bytes_per_agent() + sizeof(uint64_t)) /
                                1048576.0); /* the store and its spare */
    ag->cap = cap;
    return CT_OK;
}

/* Every field of agent i but its id and attributes. */
static void set_agent(ct_agents *ag, size_t i, uint32_t site, uint8_t type, uint8_t state,
                      int64_t birth_step, uint64_t parent)
{
    ag->site[i] = site;
    ag->type[i] = type;
    ag->state[i] = state;
    ag->birth_step[i] = birth_step;
    ag->parent[i] = parent;
}

size_t ct_agents_push(ct_agents *ag, uint32_t site, uint8_t type, uint8_t state,
                      int64_t birth_step, uint64_t parent)
{
    size_t i = ct_agents_extend(ag, 1);
    set_agent(ag, i, site, type, state, birth_step, parent);
    for (int k = 0; k < ag->n_attr; k++)
        ag->attr[k][i] = ag->attr_default[k];
    return i;
}

int ct_agents_attribute_index(const ct_agents *ag, const char *name)
{
    for (int k = 0; k < ag->n_attr; k++)
        if (!strcmp(ag->attr_name[k], name))
            return k;
    return -1;
}

int ct_agents_add_attribute(ct_agents *ag, const char *name, double value, ct_error *err)
{
    if (ct_agents_attribute_index(ag, name) >= 0)
        return ct_error_set(err, CT_EINVAL, "cell attribute \"%s\" is declared twice", name);
    if (ag->n_attr == CT_MAX_ATTRS)
        return ct_error_set(err, CT_ERANGE, "cell attribute \"%s\": at most %d attributes", name,
                            CT_MAX_ATTRS);
    if (strlen(name) == 0 || strlen(name) >= sizeof ag->attr_name[0])
        return ct_error_set(err, CT_EINVAL, "cell attribute name \"%s\" must have 1 to %zu characters",
                            name, sizeof ag->attr_name[0] - 1);
    double *col = ct_aligned_alloc(ag->cap * sizeof *col);
    if (!col)
        return ct_error_set(err, CT_ENOMEM, "cannot allocate cell attribute \"%s\"", name);
    for (size_t i = 0; i < ag->n; i++)
        col[i] = value;
    int k = ag->n_attr++;
    snprintf(ag->attr_name[k], sizeof ag->attr_name[k], "%s", name);
    ag->attr_default[k] = value;
    ag->attr_split[k] = 0;
    ag->attr[k] = col;
    return k;
}

void ct_agents_remove_attribute(ct_agents *ag, const char *name)
{
    int k = ct_agents_attribute_index(ag, name);
    if (k < 0)
        return;
    ct_free(ag->attr[k]);
    for (; k + 1 < ag->n_attr; k++) {
        memcpy(ag->attr_name[k], ag->attr_name[k + 1], sizeof ag->attr_name[k]);
        ag->attr_default[k] = ag->attr_default[k + 1];
        ag->attr_split[k] = ag->attr_split[k + 1];
        ag->attr[k] = ag->attr[k + 1];
    }
    ag->attr[--ag->n_attr] = NULL;
}

void ct_agents_copy_attributes(ct_agents *ag, size_t to, size_t from)
{
    for (int k = 0; k < ag->n_attr; k++)
        ag->attr[k][to] = ag->attr[k][from];
}

size_t ct_agents_extend(ct_agents *ag, size_t count)
{
    size_t first = ag->n;
    for (size_t k = 0; k < count; k++)
        ag->id[first + k] = ag->next_id + k;
    ag->n += count;
    ag->next_id += count;
    return first;
}

void ct_agents_make_daughter(ct_agents *ag, size_t d, size_t mother, uint32_t site,
                             int64_t birth_step)
{
    set_agent(ag, d, site, ag->type[mother], ag->state[mother], birth_step, ag->id[mother]);
    ct_agents_copy_attributes(ag, d, mother);
    for (int k = 0; k < ag->n_attr; k++)
        if (ag->attr_split[k]) {
            ag->attr[k][mother] *= 0.5;
            ag->attr[k][d] = ag->attr[k][mother];
        }
}

/* dst[j] = src[order[j]]. A memcpy of a run-time size per element is a library call each: the
   typed loops are an order of magnitude faster. Every array has 1, 4 or 8-byte elements: */
#define ELEMENT_SIZE_IS_GATHERED(f)                                                                \
    _Static_assert(sizeof *((ct_agents *)0)->f == 1 || sizeof *((ct_agents *)0)->f == 4 ||         \
                       sizeof *((ct_agents *)0)->f == 8,                                           \
                   "gather_array has no loop for the element size of " #f);
AGENT_ARRAYS(ELEMENT_SIZE_IS_GATHERED)
_Static_assert(sizeof(double) == 8, "attributes are gathered as 8-byte words");
#undef ELEMENT_SIZE_IS_GATHERED

#define GATHER(T)                                                                                  \
    do {                                                                                           \
        T *d = dst;                                                                                \
        const T *s = src;                                                                          \
        _Pragma("omp parallel for schedule(static) if (n_new > 16384)")                            \
        for (size_t j = 0; j < n_new; j++)                                                         \
            d[j] = s[order[j]];                                                                    \
    } while (0)

static void gather_array(void *dst, const void *src, size_t elem, const uint32_t *order,
                         size_t n_new)
{
    if (elem == 1)
        GATHER(uint8_t);
    else if (elem == 4)
        GATHER(uint32_t);
    else
        GATHER(uint64_t);
}
#undef GATHER

/* n bytes from src to dst, by all threads. */
static void copy_parallel(void *dst, const void *src, size_t n)
{
    const size_t block = (size_t)1 << 16;
    size_t n_blocks = (n + block - 1) / block;
#pragma omp parallel for schedule(static) if (n_blocks > 4)
    for (size_t b = 0; b < n_blocks; b++) {
        size_t at = b * block, len = at + block < n ? block : n - at;
        memcpy((char *)dst + at, (const char *)src + at, len);
    }
}

/* Every array is gathered into the spare, which then trades places with an 8-byte array (both
   hold cap words) or is copied back into a smaller one. Fresh arrays for each reordering would
   cost the kernel a zeroed page for every 2 MiB, in a phase of its own, and could fail. */
void ct_agents_gather(ct_agents *ag, const uint32_t *order, size_t n_new)
{
    void **arrays[STORE_ARRAYS_MAX];
    size_t elem[STORE_ARRAYS_MAX];
    int n = store_arrays(ag, arrays, elem);
    for (int a = 0; a < n; a++) {
        gather_array(ag->spare, *arrays[a], elem[a], order, n_new);
        if (elem[a] == sizeof(uint64_t)) {
            void *old = *arrays[a];
            *arrays[a] = ag->spare;
            ag->spare = old;
        } else {
            copy_parallel(*arrays[a], ag->spare, n_new * elem[a]);
        }
    }
    ag->n = n_new;
    ag->n_dead = 0;
}
