/* Minimal test harness: TEST() registers a case, CHECK*() record failures without aborting. */
#ifndef CT_TEST_HARNESS_H
#define CT_TEST_HARNESS_H

#include <stdio.h>

typedef void (*ct_test_fn)(void);
void ct_test_register(const char *name, ct_test_fn fn);
int ct_test_check(int ok, const char *expr, const char *file, int line);
int ct_test_check_near(double got, double want, double tol, const char *expr, const char *file,
                       int line);
/* Nonzero when CT_LONG is set: long validation runs use bigger samples. */
int ct_test_long(void);
/* A scratch directory unique to this test run (created on first use). */
const char *ct_test_tmpdir(void);
/* Writes TEXT to NAME in ct_test_tmpdir(); returns the path (valid until the next call). */
const char *ct_test_write_tmp(const char *name, const char *text);

#define TEST(name)                                                                        \
    static void name(void);                                                               \
    __attribute__((constructor)) static void ct_reg_##name(void) { ct_test_register(#name, name); } \
    static void name(void)

#define CHECK(cond) ct_test_check((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_NEAR(got, want, tol) \
    ct_test_check_near((got), (want), (tol), #got " ~ " #want, __FILE__, __LINE__)

#endif
