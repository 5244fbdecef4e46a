/* The reference server's request handler, independent of the HTTP front end so
 * tests and fuzzers can drive it in process. */
#ifndef CCS_SERVER_HANDLER_H
#define CCS_SERVER_HANDLER_H

#include <stddef.h>

#include "ccs/error.h"

typedef struct ccs_server ccs_server;   /* store + catalog + config */

typedef struct ccs_server_config {
    const char *db_path;      /* NULL: private in-memory database */
    const char *golden_dir;   /* NULL: ccs_paths_golden() */
    const char *fault;        /* NULL, a fault name or several joined by commas (see ccs_server_faults) */
    const char *api_version;  /* the account default for requests without Stripe-Version; NULL: the server's own */
    double rate_limit;        /* requests per second per account (bursts as many), over it 429; 0 = off */
    /* Sandbox realism (a shared account on a real service), all off at 0: */
    int latency_ms;           /* the HTTP front holds every answer back latency_ms ... */
    int latency_jitter_ms;    /* ... plus or minus up to this (uniform; at most latency_ms) */
    int prefill;              /* sessions an account holds, from before its first request */
    double background_writes; /* sessions per second another writer adds to each account seen */
    double random_429;        /* share of authenticated requests answered 429 at random (0..1) */
    unsigned long long seed;  /* of the sandbox's random choices; 0: a fixed default */
} ccs_server_config;

typedef struct ccs_server_request {
    const char *method;
    const char *path;         /* without query */
    const char *query;        /* raw query string without '?', or NULL */
    const char *authorization;/* raw Authorization header or NULL */
    const char *idempotency_key;
    const char *stripe_version;
    const char *content_type;
    const char *body;
    size_t body_len;
} ccs_server_request;

typedef struct ccs_server_response {
    int status;
    char *body;               /* JSON, malloc'd */
    size_t body_len;
    char headers[8][2][128];  /* extra headers: name, value (Allow, WWW-Authenticate, Idempotent-Replayed, Stripe-Version) */
    int header_count;
    char request_id[40];      /* "req_..." for the Request-Id header */
} ccs_server_response;

int ccs_server_open(const ccs_server_config *cfg, ccs_server **out, ccs_error *err);
void ccs_server_close(ccs_server *srv);

/* Always produces a response (never fails for client input); returns CCS_OK
 * or an internal error code (then resp is a 500 envelope). Thread-safe. */
int ccs_server_handle(ccs_server *srv, const ccs_server_request *req, ccs_server_response *resp);
void ccs_server_response_free(ccs_server_response *resp);

typedef struct ccs_server_fault {
    const char *name;
    const char *description;
} ccs_server_fault;

/* NULL-terminated table of fault switches. */
const ccs_server_fault *ccs_server_faults(void);

#endif
