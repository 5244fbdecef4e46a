/* Caller-owned error struct: one place that formats it. */
#include "ccs/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ccs_error_clear(ccs_error *err)
{
    if (!err)
        return;
    err->code = CCS_OK;
    err->offset = -1;
    err->pointer[0] = '\0';
    err->message[0] = '\0';
}

static void vset(ccs_error *err, int code, long offset, const char *pointer,
                 const char *fmt, va_list ap)
{
    err->code = code;
    err->offset = offset;
    snprintf(err->pointer, sizeof err->pointer, "%s", pointer ? pointer : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int ccs_error_set(ccs_error *err, int code, long offset, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    vset(err, code, offset, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int ccs_error_set_at(ccs_error *err, int code, const char *pointer, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    vset(err, code, -1, pointer, fmt, ap);
    va_end(ap);
    return code;
}

const char *ccs_error_name(int code)
{
    static const char *const names[] = {
        "ok", "invalid", "nomem", "limit", "io", "network",
        "timeout", "notfound", "conflict", "usage",
    };

    if (code < 0 || (size_t)code >= sizeof names / sizeof names[0])
        return "unknown";
    return names[code];
}
