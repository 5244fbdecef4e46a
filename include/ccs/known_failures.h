/* Known failures of one implementation, kept in a file rather than in
 * edited cases. One entry a line:
 *
 *     CASE_ID_OR_GLOB  [expires=YYYY-MM-DD]  [# reason]
 *
 * Blank lines and lines starting with '#' are ignored. Globs are fnmatch(3)
 * patterns (`create.*`). An entry is honoured through its expiry date and
 * expired the day after; an expired entry no longer excuses a failure. */
#ifndef CCS_KNOWN_FAILURES_H
#define CCS_KNOWN_FAILURES_H

#include <stddef.h>

#include "ccs/error.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_known_failure {
    char *pattern;     /* case id or fnmatch glob */
    char expires[11];  /* "YYYY-MM-DD", "" when the entry never expires */
    char *reason;      /* text after '#', trimmed; NULL when none */
    int line;          /* 1-based line in the file */
} ccs_known_failure;

typedef struct ccs_known_failures {
    ccs_known_failure *entries;
    size_t count;
} ccs_known_failures;

typedef enum ccs_kf_match {
    CCS_KF_NOT_LISTED = 0,
    CCS_KF_LISTED,     /* listed and in force */
    CCS_KF_EXPIRED     /* listed, but every matching entry has expired */
} ccs_kf_match;

/* Parse text (name is used in messages, e.g. the file name). A malformed
 * line is CCS_EINVAL with "name:LINE: reason" and err->offset = line. */
int ccs_known_failures_parse(const char *text, size_t len, const char *name,
                             ccs_known_failures *out, ccs_error *err);
int ccs_known_failures_load(const char *path, ccs_known_failures *out, ccs_error *err);
void ccs_known_failures_free(ccs_known_failures *kf);

/* Is case `id` listed on `today` ("YYYY-MM-DD"; NULL = today, UTC)? A
 * matching entry in force wins over expired ones; *entry (optional) gets
 * the deciding entry, NULL when not listed. */
ccs_kf_match ccs_known_failures_match(const ccs_known_failures *kf, const char *id,
                                      const char *today, const ccs_known_failure **entry);

/* Mark run->cases: LISTED -> known_failure = 1; EXPIRED -> known_failure = 0
 * and, for a FAIL/ERROR case, the message is prefixed with
 * "[known failure expired YYYY-MM-DD, line N] " so reports show why it now
 * fails the gate. Returns the number of FAIL/ERROR cases whose entry expired,
 * or -1 on ENOMEM (err set). */
long ccs_known_failures_apply(const ccs_known_failures *kf, ccs_run_result *run,
                              const char *today, ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
