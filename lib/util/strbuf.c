/* Growable text buffer shared by the curl reproduction, the runner's
 * request/response transcripts and the remote fuzzer's body mutations. */
#include "ccs/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/error.h"

static int grow(ccs_strbuf *b, size_t more)
{
    size_t cap;
    char *p;

    if (b->nomem)
        return CCS_ENOMEM;
    if (b->len + more + 1 <= b->cap)
        return CCS_OK;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    p = realloc(b->p, cap);
    if (!p) {
        b->nomem = 1;
        return CCS_ENOMEM;
    }
    b->p = p;
    b->cap = cap;
    return CCS_OK;
}

int ccs_strbuf_put(ccs_strbuf *b, const char *s, size_t n)
{
    if (grow(b, n) != CCS_OK)
        return CCS_ENOMEM;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return CCS_OK;
}

int ccs_strbuf_puts(ccs_strbuf *b, const char *s)
{
    return ccs_strbuf_put(b, s, strlen(s));
}

int ccs_strbuf_printf(ccs_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n) != CCS_OK)
        return b->nomem ? CCS_ENOMEM : CCS_OK;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CCS_OK;
}
