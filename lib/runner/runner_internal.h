/* Private to the runner module: shared by the files of lib/runner/ and the
 * builtin checks (lib/runner/checks/checks_*.c). */
#ifndef CCS_RUNNER_INTERNAL_H
#define CCS_RUNNER_INTERNAL_H

#include <pthread.h>

#include <cjson/cJSON.h>

#include "ccs/http.h"
#include "ccs/runner.h"
#include "ccs/template.h"

/* One request as the runner builds it; strings are borrowed. */
typedef struct ccs_exchange {
    const char *method;
    const char *path;            /* without query */
    const cJSON *form;           /* body tree or NULL */
    const char *raw_body;        /* alternative to form */
    const cJSON *query;          /* query tree or NULL */
    ccs_http_auth auth;          /* default (0 = NONE) is rarely wanted: use ccs_runner_exchange_init */
    const char *api_key;         /* NULL: the case's config api_key */
    const char *authorization;   /* for CCS_AUTH_RAW */
    const char *idempotency_key;
    const char *const *headers;  /* "Name: value", NULL-terminated */
} ccs_exchange;

struct ccs_pacer;

/* The sessions a run created, for --cleanup (lib/runner/runner_cleanup.c):
 * each with the key that created it and whether it was last seen open. */
typedef struct ccs_created_session {
    char *id;
    char *key;
    int open;
} ccs_created_session;

typedef struct ccs_created {
    pthread_mutex_t lock;
    ccs_created_session *v;
    size_t n, cap;
} ccs_created;

int ccs_runner_created_init(ccs_created *reg);
void ccs_runner_created_free(ccs_created *reg);
/* After an answered exchange: a create's session is added (key: the one it
 * was made with); any session body updates whether it is still open. */
void ccs_runner_created_note(ccs_created *reg, const char *method, const char *path, const char *key, long status,
                             const cJSON *json);
/* Expire every session of reg last seen open, through the run's pacing
 * and retries; counts go to out. */
void ccs_runner_cleanup(const ccs_runner_config *cfg, ccs_created *reg, struct ccs_pacer *pacer,
                        ccs_cleanup_counts *out);

struct ccs_check_ctx {
    const ccs_runner_config *cfg;
    ccs_http_client *client;
    const ccs_case *c;
    ccs_case_result *r;
    ccs_template_ctx tctx;
    cJSON *captures;
    cJSON *config;
    char uuid[37];
    int ended;                /* a verdict other than PASS was recorded */
    char *note;               /* SHOULD-level findings kept for a PASS */
    long requests;            /* exchanges sent */
    int retries;              /* of them, sent again (429, Stripe-Should-Retry, reset) */
    /* Last exchange, kept for the failure record. */
    ccs_http_request last_req;
    char *last_path, *last_body, *last_key, *last_authz, *last_idem, **last_headers;
    ccs_http_response last_resp;
    int have_resp;
    cJSON *last_json;         /* parsed body or NULL */
    struct ccs_breaker *breaker; /* shared by a run's workers; NULL: none */
    struct ccs_pacer *pacer;     /* shared by a run's workers; NULL: no rate limit */
    ccs_created *created;        /* shared by a run's workers; NULL: not recorded */
};

/* Circuit breaker state of one run (lib/runner/runner.c). */
typedef struct ccs_breaker {
    pthread_mutex_t lock;
    int limit;          /* consecutive timeouts that trip it; 0 = never */
    int consecutive;
    int tripped;
} ccs_breaker;

/* Request rate of one run (--rate): each request takes the next free slot,
 * interval_ms after the previous one (lib/runner/runner.c). A target's
 * "too many requests" widens the interval for every worker, answers narrow
 * it back to base_ms. */
typedef struct ccs_pacer {
    pthread_mutex_t lock;
    double base_ms;     /* 1000 / --rate; 0: no limit */
    double interval_ms; /* now: base_ms, or more after 429s */
    double next_ms;     /* ccs_clock_now_ms() of the next free slot */
} ccs_pacer;

/* A client for cfg's target with the run's timeouts and body cap. */
int ccs_runner_new_client(const ccs_runner_config *cfg, ccs_http_client **out, ccs_error *err);

/* Wait for the next slot of p (NULL or no limit: return at once). */
void ccs_runner_pace(ccs_pacer *p);

/* An attempt's outcome: limited (429 or Stripe-Should-Retry) doubles the
 * interval, anything else shrinks it towards base_ms. */
void ccs_runner_pace_feedback(ccs_pacer *p, int limited);

/* Sleep ms milliseconds (through signals). */
void ccs_runner_sleep_ms(double ms);

/* lib/runner/version_gate.c: 1 (and the reason in why) when a step of the
 * case sends a parameter or value that cfg's API version lacks but another
 * known version has. */
int ccs_runner_version_gate(const ccs_runner_config *cfg, const cJSON *steps, char *why, size_t cap);

/* 1 (and why) when the run's version is outside the case's since/until. */
int ccs_runner_version_range(const ccs_runner_config *cfg, const cJSON *c, char *why, size_t cap);

/* The same for one request a builtin builds, at send time. */
int ccs_runner_version_gate_request(const ccs_runner_config *cfg, const char *method, const char *path,
                                    const cJSON *form, const cJSON *query, char *why, size_t cap);

/* Renamed enum values of a form's top level, sent under the version's name. */
void ccs_runner_version_rename(const ccs_runner_config *cfg, const char *method, const char *path, cJSON *form);

/* A copy of h (may be NULL) plus "Stripe-Version: V" unless h names one;
 * NULL when out of memory. */
char **ccs_runner_version_headers(const ccs_runner_config *cfg, const char *const *h);

/* The split of the runner: the scheduler (runner.c) clears the last
 * exchange of a case (runner_exchange.c) and runs its steps
 * (runner_steps.c); the interpreter summarises error bodies. */
void ccs_runner_clear_last(ccs_check_ctx *cx);
int ccs_runner_run_step(ccs_check_ctx *cx, const cJSON *step, int si);
/* "invalid_request_error: Missing required param: mode. (param mode)" */
void ccs_runner_error_summary(const cJSON *json, char *buf, size_t cap);

/* auth basic with the case's key. */
void ccs_runner_exchange_init(ccs_exchange *ex, const char *method, const char *path);

/* Send; on CCS_OK *resp (and *json, NULL when the body is not JSON) stay
 * valid until the next exchange. A transport error records ERROR and
 * returns non-zero. */
int ccs_runner_exchange(ccs_check_ctx *cx, const ccs_exchange *ex, const ccs_http_response **resp,
                        const cJSON **json);

/* Record FAIL / ERROR / SKIP (the first one wins); return 1 so callers can
 * `return ccs_runner_fail(...)`. */
int ccs_runner_fail(ccs_check_ctx *cx, const char *pointer, const char *expected, const char *actual,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int ccs_runner_error(ccs_check_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ccs_runner_skip(ccs_check_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a note to a case that still passes (SHOULD findings). */
void ccs_runner_note(ccs_check_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Status check: FAIL with the error message of the body when it differs. */
int ccs_runner_expect_status(ccs_check_ctx *cx, long want, const char *what);

/* Contract check of value (MUST -> FAIL, SHOULD -> FAIL when strict, else a
 * note). Returns 1 when the case ended. */
int ccs_runner_check_contract(ccs_check_ctx *cx, const char *name, const cJSON *value, const char *base);

/* Integer member of an object, 1 when present and integral. */
int ccs_runner_get_int(const cJSON *obj, const char *name, long long *out);

/* The default create form of builtins (inline price_data, payment mode),
 * or params.create when given; caller deletes. */
cJSON *ccs_runner_default_create(const cJSON *params);

/* params[name] as integer with a default. */
long long ccs_runner_param_int(const cJSON *params, const char *name, long long def);

#endif
