/* A growable NUL-terminated text buffer. Allocation failure is sticky:
 * later appends do nothing and `nomem` stays set, so callers check once. */
#ifndef CCS_STRBUF_H
#define CCS_STRBUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_strbuf {
    char *p;       /* NULL until the first append; owned (free it) */
    size_t len;
    size_t cap;
    int nomem;
} ccs_strbuf;

/* Each returns CCS_OK, or CCS_ENOMEM once an allocation has failed. */
int ccs_strbuf_put(ccs_strbuf *b, const char *s, size_t n);
int ccs_strbuf_puts(ccs_strbuf *b, const char *s);
int ccs_strbuf_printf(ccs_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif
#endif
