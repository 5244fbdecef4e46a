/* Partial matcher for case expectations (golden/cases/README.md):
 * scalars equal, {{re:..}}, {{any}}, {{absent}}, {{type:..}}, {{int:..}},
 * {{len:..}}, {{eq:capture}}, templates, recursive objects, arrays with
 * optional "{{...}}" prefix marker. */
#ifndef CCS_MATCH_H
#define CCS_MATCH_H

#include <regex.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "ccs/error.h"
#include "ccs/template.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_mismatch {
    int failed;            /* 1 when the actual value does not match */
    char pointer[512];     /* RFC 6901 pointer of the first mismatch */
    char expected[512];    /* what was expected (pattern or JSON text) */
    char actual[512];      /* what was found (JSON text, "(absent)") */
    char message[512];     /* one-line reason */
} ccs_mismatch;

/* Match actual (may be NULL = absent) against expected. base is the pointer
 * prefix for messages ("" for the root). Returns CCS_OK and sets out->failed
 * on mismatch; an error (bad pattern, unknown capture) means the expectation
 * itself is broken. ctx may be NULL (no templates). */
int ccs_match_json(const cJSON *expected, const cJSON *actual, const char *base,
                   const ccs_template_ctx *ctx, ccs_mismatch *out, ccs_error *err);

/* Match one string (a header value, NULL = absent) against an expected value
 * (string pattern/template, or a JSON scalar compared as text). */
int ccs_match_string(const cJSON *expected, const char *actual, const char *where,
                     const ccs_template_ctx *ctx, ccs_mismatch *out, ccs_error *err);

/* regcomp(REG_EXTENDED | REG_NOSUB) of re[0..len) from a case file, after
 * refusing patterns whose compiled form could blow up (stacked or nested
 * repetitions, bounds above 100, more than 512 bytes). CCS_EINVAL with the
 * reason in err; on CCS_OK the caller regfree()s rx. */
int ccs_match_regcomp(regex_t *rx, const char *re, size_t len, ccs_error *err);

/* 1 when s is a whole-string pattern ({{re:..}}, {{any}}, {{type:..}}, ...). */
int ccs_match_is_pattern(const char *s);

/* Check a pattern's syntax (regex compiles, ranges parse). */
int ccs_match_pattern_check(const char *s, ccs_error *err);

/* Resolve an RFC 6901 pointer ("" = the value itself); NULL when absent. */
const cJSON *ccs_match_pointer(const cJSON *root, const char *pointer);

#ifdef __cplusplus
}
#endif
#endif
