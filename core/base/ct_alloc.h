/* The one allocation path of core: tests can make the Nth allocation fail (SQLite-style).
 * Base layer: for every layer of core/, viz/ and the CLI. */
#ifndef CT_ALLOC_H
#define CT_ALLOC_H

#include <stddef.h>

void *ct_malloc(size_t n);
void *ct_calloc(size_t count, size_t size);
void *ct_realloc(void *p, size_t n);
/* 64-byte aligned allocation for SIMD arrays; release with ct_free. */
void *ct_aligned_alloc(size_t n);
void ct_free(void *p);
char *ct_strdup(const char *s);

/* Fault injection: the n-th allocation from now (1 = the next one) and all later ones fail.
   0 switches injection off. Returns the number of allocations made since the last call. */
unsigned long ct_alloc_fail_after(unsigned long n);

#endif
