/* The per-case record a run produces: what the runner fills in and the report
 * writers (junit.xml, results.json, summary.md, report.html) and `ccs diff`
 * read. */
#ifndef CCS_RESULT_H
#define CCS_RESULT_H

#include <stddef.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ccs_verdict {
    CCS_PASS = 0,
    CCS_FAIL,   /* the implementation broke the contract */
    CCS_ERROR,  /* the run could not judge (fixture, network, timeout) */
    CCS_SKIP    /* unsupported feature, known failure, profile/filter */
} ccs_verdict;

typedef struct ccs_case_result {
    char *id;            /* stable case id, e.g. "create.mode.invalid" */
    char *area;          /* "errors", "pagination", ... */
    char *description;
    char *level;         /* "MUST" | "SHOULD" */
    char *profile;       /* "core" | "full" */
    char *requirement;   /* quoted rule + source */
    ccs_verdict verdict;
    int known_failure;   /* listed in --known-failures (verdict kept, gate ignores) */
    double duration_ms;
    int retries;         /* requests sent again after a 429, Stripe-Should-Retry or a reset */
    /* First failure (NULL when PASS): */
    char *message;       /* one-line reason */
    char *pointer;       /* JSON pointer of the failing value, or NULL */
    char *expected;
    char *actual;
    char *curl;          /* reproduction command, API key redacted */
    char *request;       /* request line + headers + body as sent (key redacted) */
    char *response;      /* status line + headers + body (truncated to 64 KiB) */
    char *endpoint;      /* "GET /v1/checkout/sessions/{id}" of the case's last exchange, or NULL */
} ccs_case_result;

/* What --cleanup did after the run: of the sessions the run created, how
 * many it expired, how many were no longer open, how many it could not. */
typedef struct ccs_cleanup_counts {
    int enabled;
    int created, expired, closed, failed;
} ccs_cleanup_counts;

typedef struct ccs_run_result {
    char *run_id;        /* e.g. "20261126T051500Z" */
    char *target;        /* URL (never contains the key) */
    char *target_name;   /* "reference", or --target NAME=URL name */
    char *profile;
    char *api_version;   /* the Stripe API version cases were judged by; NULL: none named */
    int strict;
    double started_at;   /* unix seconds */
    double duration_ms;
    ccs_case_result *cases;
    size_t count;
    size_t cap;
    int interrupted;     /* stopped by a signal: cases not started are SKIP */
    ccs_cleanup_counts cleanup;
} ccs_run_result;

const char *ccs_verdict_name(ccs_verdict v);          /* "PASS", ... */
int ccs_verdict_parse(const char *s, ccs_verdict *out); /* CCS_OK or CCS_EINVAL */

/* Append a zeroed case and return it (NULL on ENOMEM); strings are owned
 * (set them with strdup). */
ccs_case_result *ccs_result_add(ccs_run_result *run);
void ccs_result_free(ccs_run_result *run);  /* frees members, not run itself */

/* results.json <-> ccs_run_result. */
int ccs_result_write_json(const ccs_run_result *run, const char *path, ccs_error *err);
int ccs_result_read_json(const char *path, ccs_run_result *out, ccs_error *err);

/* Count cases with verdict v (known failures included). */
size_t ccs_result_count(const ccs_run_result *run, ccs_verdict v);

/* Gate: 1 when a MUST case (or any case, when strict) FAILed or ERRORed and
 * is not a known failure; else 0. */
int ccs_result_gate_failed(const ccs_run_result *run);

#ifdef __cplusplus
}
#endif
#endif
