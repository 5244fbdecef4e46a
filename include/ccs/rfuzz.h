/* Remote fuzzer: structure-aware mutations of golden requests sent to a live
 * implementation, judged by oracles (no 5xx, valid error envelopes, contract-
 * valid success bodies, no hangs, still alive afterwards). */
#ifndef CCS_RFUZZ_H
#define CCS_RFUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_rfuzz_options {
    const char *target;       /* base URL */
    const char *api_key;
    const char *golden_dir;   /* contracts; NULL: ccs_paths_golden() */
    uint64_t seed;
    long requests;            /* stop after this many mutated requests (0: no limit) */
    double duration_s;        /* stop after this long (0: no limit) */
    long timeout_ms;          /* per request */
    int verbose;
    const cJSON *create;      /* create parameters (--create FILE) for the anchor session and the
                                 mutated creates; NULL: the built-in ones */
} ccs_rfuzz_options;

typedef struct ccs_rfuzz_finding {
    char *signature;          /* dedup key: oracle|method|endpoint|status|mutation */
    char *oracle;             /* server_error, bad_error_envelope, bad_success_body, hang, transport, unexpected_status, not_alive */
    char *endpoint;           /* "POST /v1/checkout/sessions" */
    char *mutation;           /* kind of mutation that produced the first example */
    long status;
    char *message;            /* why the oracle fired (first violation, ...) */
    char *curl;               /* reproduction, key redacted */
    char *response;           /* excerpt of the response body */
    long count;               /* how many requests hit this signature */
    long first_request;       /* index of the first request that hit it */
} ccs_rfuzz_finding;

typedef struct ccs_rfuzz_report {
    char *target;
    uint64_t seed;
    long requests;            /* mutated requests sent */
    long by_class[6];         /* responses by status class: [0]=transport, [1..5]=1xx..5xx */
    double duration_ms;
    int alive_after;          /* the plain retrieve afterwards answered 200 */
    ccs_rfuzz_finding *findings;
    size_t count;
    size_t cap;
} ccs_rfuzz_report;

/* Run a campaign. Returns CCS_OK when the campaign ran (findings or not);
 * CCS_ENET when the target is unreachable before any fuzzing. */
int ccs_rfuzz_run(const ccs_rfuzz_options *opts, ccs_rfuzz_report *out, ccs_error *err);

/* findings.json + findings.md into dir (created if missing). */
int ccs_rfuzz_write_reports(const ccs_rfuzz_report *rep, const char *dir, ccs_error *err);

void ccs_rfuzz_report_free(ccs_rfuzz_report *rep);

#ifdef __cplusplus
}
#endif
#endif
