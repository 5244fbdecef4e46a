/* Runs cases against a target and fills a ccs_run_result. */
#ifndef CCS_RUNNER_H
#define CCS_RUNNER_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "ccs/cases.h"
#include "ccs/contract.h"
#include "ccs/error.h"
#include "ccs/http.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_runner_config {
    const char *target;          /* base URL, no trailing '/' */
    const char *api_key;         /* {{config.api_key}} */
    const char *alt_api_key;     /* {{config.alt_api_key}}; NULL: cases needing it are SKIP */
    const char *price_id;        /* {{config.price_id}}; NULL: feature catalog_price off */
    const char *profile;         /* "core" (default) | "full" */
    const char *filter;          /* glob over ids, see ccs_cases_filter_match */
    const char *const *features; /* extra features declared supported, NULL-terminated */
    int jobs;                    /* worker threads (>= 1) */
    int strict;                  /* SHOULD contract violations FAIL */
    long timeout_ms;             /* per request (default 10000) */
    const char *run_id;
    const ccs_contracts *contracts;  /* may be NULL: contract expectations ERROR */
    const ccs_lint *lint;        /* cases with lint problems ERROR (may be NULL) */
    const char *const *known_failures; /* ids (globs), NULL-terminated, may be NULL */
    /* Called after each case (from the thread that ran it, under a lock). */
    void (*progress)(void *ud, const ccs_case_result *r, size_t done, size_t total);
    void *progress_ud;
    /* Circuit breaker: after this many consecutive request timeouts (no
     * answer in between) the target is taken as dead and every request not
     * yet sent ends its case as ERROR at once, so a hung target costs about
     * one timeout instead of cases x timeout / jobs. 0 = off. */
    int max_consecutive_timeouts;
    size_t max_response;         /* response body cap; 0 = CCS_RUNNER_MAX_RESPONSE */
    /* The API version cases are judged by (ccs/versions.h); NULL: none is
     * named and nothing is gated. */
    const struct ccs_api *api;
    /* Requests per second over all workers of the run (a token bucket with
     * room for one request, so requests go out evenly spaced); 0 = no limit.
     * A real account rate-limits (Stripe: 25/s in test mode), and a run
     * should not spend its quota or be answered 429. */
    double rate;
    /* After the run, expire every session it created that is still open
     * (with the key that created it). */
    int cleanup;
} ccs_runner_config;

/* Bodies beyond this are cut and the exchange is an ERROR: a hostile 1 GiB
 * answer costs at most this much memory per worker. */
#define CCS_RUNNER_MAX_RESPONSE ((size_t)8 * 1024 * 1024)

/* 1 when case c is selected by cfg's filter (profile exclusions are SKIPs). */
int ccs_runner_selected(const ccs_runner_config *cfg, const ccs_case *c);

/* Run every selected case; results are appended to out in case order.
 * Non-isolated cases run on cfg->jobs threads, each with its own HTTP client;
 * isolated cases (and isolated builtins) run afterwards one at a time. */
int ccs_runner_run(const ccs_runner_config *cfg, const ccs_case_set *set,
                   ccs_run_result *out, ccs_error *err);

/* Ask a run in progress to stop (async-signal-safe: for a SIGINT handler):
 * cases not yet started end as SKIP, cases running finish, --cleanup still
 * runs, and the result says interrupted. */
void ccs_runner_interrupt(void);
int ccs_runner_interrupted(void);

/* Run one case with the given client into r (a zeroed record; strings are
 * malloc'd). Returns CCS_OK once a verdict is recorded. */
int ccs_runner_run_case(const ccs_runner_config *cfg, ccs_http_client *client,
                        const ccs_case *c, const ccs_lint *lint, size_t case_index,
                        ccs_case_result *r, ccs_error *err);

/* Preflight: a TCP connect (plus the TLS handshake for https) to the
 * target, within min(timeout_ms, 5000) ms. No HTTP request is sent, so a
 * target that accepts connections but never answers is not "unreachable":
 * its cases run and end as ERROR (see max_consecutive_timeouts).
 * CCS_ENET / CCS_ETIMEOUT with a clear message when it cannot connect. */
int ccs_runner_probe(const ccs_runner_config *cfg, ccs_error *err);

/* The API version the target names in its Stripe-Version response header
 * (a GET of one session list page without Stripe-Version), or "" when it
 * names none. */
int ccs_runner_probe_version(const ccs_runner_config *cfg, char *out, size_t cap, ccs_error *err);

/* Builtin algorithmic checks (lib/runner/checks/checks_*.c). */
typedef struct ccs_check_ctx ccs_check_ctx;
typedef int (*ccs_check_fn)(ccs_check_ctx *cx, const cJSON *params);
typedef int (*ccs_check_validate_fn)(const cJSON *params, ccs_error *err);

typedef struct ccs_builtin {
    const char *name;
    ccs_check_fn run;
    ccs_check_validate_fn validate; /* params lint, may be NULL */
    int isolated;                   /* lists sessions: must run alone */
    const char *summary;
} ccs_builtin;

const ccs_builtin *ccs_builtin_find(const char *name);
const ccs_builtin *ccs_builtin_list(size_t *count);

#ifdef __cplusplus
}
#endif
#endif
