/* Allocation wrappers with a fault-injection counter for tests. */
#include "ct_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

static unsigned long fail_at;  /* 0: never fail */
static unsigned long counter;

static int should_fail(void)
{
    unsigned long n;
#pragma omp atomic capture
    n = ++counter;
    return fail_at && n >= fail_at;
}

unsigned long ct_alloc_fail_after(unsigned long n)
{
    unsigned long made = counter;
    counter = 0;
    fail_at = n;
    return made;
}

void *ct_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *ct_calloc(size_t count, size_t size)
{
    return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *ct_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void *ct_aligned_alloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = NULL;
    size_t align = n >= HUGE_PAGE ? HUGE_PAGE : 64;
    if (posix_memalign(&p, align, n ? n : 64) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    /* Lattice-sized arrays (slots, claims, fields, agent columns) are read at random: on 4 KiB
       pages nearly every access misses the TLB. Where transparent huge pages are "madvise" (the
       Debian default), ask for 2 MiB pages; a refusal is harmless, so it is not checked. */
    if (align == HUGE_PAGE)
        (void)madvise(p, n, MADV_HUGEPAGE);
#endif
    return p;
}

void ct_free(void *p)
{
    free(p);
}

char *ct_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = ct_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
