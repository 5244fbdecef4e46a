/* HTTP client for talking to an implementation under test (libcurl). */
#ifndef CCS_HTTP_H
#define CCS_HTTP_H

#include <stddef.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ccs_http_auth {
    CCS_AUTH_NONE = 0,
    CCS_AUTH_BASIC,   /* key as user, empty password */
    CCS_AUTH_BEARER,  /* Authorization: Bearer <key> */
    CCS_AUTH_RAW      /* send `raw_authorization` verbatim (malformed-key tests) */
} ccs_http_auth;

typedef struct ccs_http_options {
    const char *base_url;        /* e.g. "http://127.0.0.1:12111" (no trailing /) */
    long connect_timeout_ms;     /* default 5000 */
    long timeout_ms;             /* whole exchange, default 30000 */
    size_t max_response;         /* body cap in bytes, default 8 MiB */
} ccs_http_options;

typedef struct ccs_http_request {
    const char *method;          /* "GET", "POST", ... */
    const char *path;            /* "/v1/checkout/sessions" (may carry ?query) */
    const char *body;            /* form body or NULL */
    size_t body_len;
    ccs_http_auth auth;
    const char *api_key;
    const char *raw_authorization;
    const char *idempotency_key; /* NULL: none */
    const char *stripe_version;  /* NULL: none */
    const char *const *headers;  /* extra "Name: value", NULL-terminated, or NULL */
} ccs_http_request;

typedef struct ccs_http_header {
    char *name;
    char *value;
} ccs_http_header;

typedef struct ccs_http_response {
    long status;
    ccs_http_header *headers;    /* last response's headers, in order */
    size_t header_count;
    char *body;                  /* NUL-terminated (NUL not counted) */
    size_t body_len;
    int truncated;               /* body exceeded max_response */
    double duration_ms;
} ccs_http_response;

typedef struct ccs_http_client ccs_http_client;

int ccs_http_client_new(const ccs_http_options *opts, ccs_http_client **out, ccs_error *err);
void ccs_http_client_free(ccs_http_client *c);

/* One exchange; connection reused between calls on the same client. A
 * transport failure (refused, timeout, size cap) returns CCS_ENET/CCS_ETIMEOUT/
 * CCS_ELIMIT with a clear message; resp is still valid to free. */
int ccs_http_send(ccs_http_client *c, const ccs_http_request *req,
                  ccs_http_response *resp, ccs_error *err);
void ccs_http_response_free(ccs_http_response *resp);

/* Case-insensitive lookup; NULL when absent. */
const char *ccs_http_response_header(const ccs_http_response *resp, const char *name);

/* A shell command that reproduces req against base_url, API key redacted.
 * malloc'd. */
char *ccs_http_curl_command(const char *base_url, const ccs_http_request *req);

#ifdef __cplusplus
}
#endif
#endif
