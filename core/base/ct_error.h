/* Status codes and the error record every fallible celltwin call fills in.
 * Base layer: for every layer of core/, viz/ and the CLI. */
#ifndef CT_ERROR_H
#define CT_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    CT_OK = 0,
    CT_EINVAL = -1,  /* bad input: scenario, argument, file content */
    CT_ENOMEM = -2,  /* allocation failed or a size cannot fit */
    CT_EIO = -3,     /* a file could not be read or written */
    CT_EFORMAT = -4, /* a binary file is truncated, corrupt or of another version */
    CT_ERANGE = -5,  /* a number or size out of the supported range */
    CT_ESTATE = -6,  /* the run stopped itself: script error, NaN in a field, ... */
    CT_EINTR = -7    /* interrupted by a signal */
};

/* The error text lives with its owner (a simulation, a loader), never in a global. */
typedef struct ct_error {
    int code;
    char msg[1024];
} ct_error;

/* Records code and message (printf style) and returns code, so callers can `return ct_error_set(...)`. */
int ct_error_set(ct_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with a va_list. */
int ct_error_vset(ct_error *e, int code, const char *fmt, va_list ap);
/* Prefixes the current message with more context ("file.json: " + message). */
int ct_error_prefix(ct_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ct_error_clear(ct_error *e);

#endif
