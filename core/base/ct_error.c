/* Error records: formatting of messages with context prefixes. */
#include "ct_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ct_error_vset(ct_error *e, int code, const char *fmt, va_list ap)
{
    if (!e)
        return code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    e->code = code;
    return code;
}

int ct_error_set(ct_error *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ct_error_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int ct_error_prefix(ct_error *e, const char *fmt, ...)
{
    if (!e)
        return CT_EINVAL;
    char prefix[512], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    size_t n = strlen(prefix);
    memcpy(e->msg, prefix, n);
    snprintf(e->msg + n, sizeof e->msg - n, "%.*s", (int)(sizeof e->msg - n - 1), old);
    return e->code;
}

void ct_error_clear(ct_error *e)
{
    if (e) {
        e->code = CT_OK;
        e->msg[0] = '\0';
    }
}
