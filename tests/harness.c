/* Test runner: runs every registered TEST (or those named on the command line) and reports. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TESTS 1024

static struct {
    const char *name;
    ct_test_fn fn;
} tests[MAX_TESTS];
static int n_tests;
static int current_failures;

void ct_test_register(const char *name, ct_test_fn fn)
{
    if (n_tests < MAX_TESTS) {
        tests[n_tests].name = name;
        tests[n_tests].fn = fn;
        n_tests++;
    }
}

int ct_test_check(int ok, const char *expr, const char *file, int line)
{
    if (!ok) {
        current_failures++;
        printf("    %s:%d: check failed: %s\n", file, line, expr);
    }
    return ok;
}

int ct_test_check_near(double got, double want, double tol, const char *expr, const char *file,
                       int line)
{
    int ok = isfinite(got) && fabs(got - want) <= tol;
    if (!ok) {
        current_failures++;
        printf("    %s:%d: %s: got %.10g, want %.10g within %.3g\n", file, line, expr, got, want,
               tol);
    }
    return ok;
}

int ct_test_long(void)
{
    const char *v = getenv("CT_LONG");
    return v && *v && strcmp(v, "0") != 0;
}

const char *ct_test_tmpdir(void)
{
    static char dir[256];
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/celltwin-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return dir;
}

const char *ct_test_write_tmp(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_test_tmpdir(), name);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

static int selected(const char *name, int argc, char **argv)
{
    if (argc <= 1)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strstr(name, argv[i]))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < n_tests; i++) {
        if (!selected(tests[i].name, argc, argv))
            continue;
        current_failures = 0;
        tests[i].fn();
        if (current_failures) {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        } else {
            printf("ok   %s\n", tests[i].name);
            passed++;
        }
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
