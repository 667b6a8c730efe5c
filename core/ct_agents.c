/* Agent store allocation and growth. Reordering and compaction live in ct_sim (they touch the lattice). */
#include "ct_agents.h"

#include <string.h>

#include "ct_alloc.h"

#define AGENT_ARRAYS(X) CT_AGENT_ARRAYS(X)

size_t ct_agents_bytes_per_agent(void)
{
    ct_agents *a = NULL;
    size_t bytes = 0;
#define ADD_SIZE(f) bytes += sizeof *a->f;
    AGENT_ARRAYS(ADD_SIZE)
#undef ADD_SIZE
    return bytes;
}

int ct_agents_init(ct_agents *ag, size_t cap, ct_error *err)
{
    memset(ag, 0, sizeof *ag);
    ag->next_id = 1;
    return ct_agents_reserve(ag, cap < 1024 ? 1024 : cap, err);
}

void ct_agents_free(ct_agents *ag)
{
#define FREE_ARRAY(f) ct_free(ag->f); ag->f = NULL;
    AGENT_ARRAYS(FREE_ARRAY)
#undef FREE_ARRAY
    ag->n = ag->cap = 0;
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

int ct_agents_reserve(ct_agents *ag, size_t n, ct_error *err)
{
    if (n <= ag->cap)
        return CT_OK;
    size_t cap = ag->cap ? ag->cap : 1024;
    while (cap < n)
        cap += cap / 2 + 1024;
    int bad = 0;
#define GROW(f) bad |= grow((void **)&ag->f, sizeof *ag->f, ag->n, cap);
    AGENT_ARRAYS(GROW)
#undef GROW
    if (bad)
        return ct_error_set(err, CT_ENOMEM, "cannot allocate room for %zu agents (%.1f MiB)", cap,
                            (double)cap * (double)ct_agents_bytes_per_agent() / 1048576.0);
    ag->cap = cap;
    return CT_OK;
}

size_t ct_agents_push(ct_agents *ag, uint32_t site, uint8_t type, uint8_t state,
                      int64_t birth_step, uint64_t parent)
{
    size_t i = ag->n++;
    ag->site[i] = site;
    ag->type[i] = type;
    ag->state[i] = state;
    ag->id[i] = ag->next_id++;
    ag->birth_step[i] = birth_step;
    ag->parent[i] = parent;
    return i;
}

static void gather_array(void *dst, const void *src, size_t elem, const uint32_t *order,
                         size_t n_new)
{
#pragma omp parallel for schedule(static)
    for (size_t j = 0; j < n_new; j++)
        memcpy((unsigned char *)dst + j * elem, (const unsigned char *)src + (size_t)order[j] * elem,
               elem);
}

/* All new arrays are allocated before any is filled, so a failure leaves the store intact. */
int ct_agents_gather(ct_agents *ag, const uint32_t *order, size_t n_new, ct_error *err)
{
    ct_agents fresh = *ag;
    int bad = 0;
#define ALLOC(f) fresh.f = ct_aligned_alloc(ag->cap * sizeof *ag->f); bad |= !fresh.f;
    AGENT_ARRAYS(ALLOC)
#undef ALLOC
    if (bad) {
#define DROP(f) ct_free(fresh.f);
        AGENT_ARRAYS(DROP)
#undef DROP
        return ct_error_set(err, CT_ENOMEM, "cannot allocate memory to reorder %zu agents", n_new);
    }
#define MOVE(f) gather_array(fresh.f, ag->f, sizeof *ag->f, order, n_new); ct_free(ag->f);
    AGENT_ARRAYS(MOVE)
#undef MOVE
    fresh.n = n_new;
    fresh.n_dead = 0;
    *ag = fresh;
    return CT_OK;
}
