/* The record of a case: exchanges with the target (sent through the HTTP
 * client, transcribed with keys redacted for the failure record), the
 * verdict recorders and the helpers builtin checks judge with. Shared
 * with the interpreter and the checks through runner_internal.h. */
#include "ccs/runner.h"
#include "ccs/strbuf.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "ccs/clock.h"
#include "ccs/form.h"
#include "ccs/redact.h"
#include "ccs/template.h"
#include "runner_internal.h"

#define RESPONSE_TEXT_MAX (64 * 1024)

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- text buffers ------------------------------------------------------- */

/* Replace every occurrence of key in s with its redacted form. */
static char *scrub_key(char *s, const char *key)
{
    char red[64];
    ccs_strbuf b = {0};
    const char *p, *hit;
    size_t klen;

    if (!s || !key || strlen(key) < 4 || !strstr(s, key))
        return s;
    ccs_redact_key(key, red, sizeof red);
    klen = strlen(key);
    for (p = s; (hit = strstr(p, key)) != NULL; p = hit + klen) {
        ccs_strbuf_put(&b, p, (size_t)(hit - p));
        ccs_strbuf_puts(&b, red);
    }
    ccs_strbuf_puts(&b, p);
    if (b.nomem) {
        free(b.p);
        return s;
    }
    free(s);
    return b.p;
}

/* ---- per-case context ---------------------------------------------------- */

void ccs_runner_clear_last(ccs_check_ctx *cx)
{
    char **h;

    free(cx->last_path);
    free(cx->last_body);
    free(cx->last_key);
    free(cx->last_authz);
    free(cx->last_idem);
    for (h = cx->last_headers; h && *h; h++)
        free(*h);
    free(cx->last_headers);
    cx->last_path = cx->last_body = cx->last_key = cx->last_authz = cx->last_idem = NULL;
    cx->last_headers = NULL;
    memset(&cx->last_req, 0, sizeof cx->last_req);
    if (cx->have_resp)
        ccs_http_response_free(&cx->last_resp);
    memset(&cx->last_resp, 0, sizeof cx->last_resp);
    cx->have_resp = 0;
    cJSON_Delete(cx->last_json);
    cx->last_json = NULL;
}

static const char *case_key(const ccs_check_ctx *cx)
{
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(cx->config, "api_key");

    return cJSON_IsString(k) ? k->valuestring : "";
}

static char *request_text(const ccs_check_ctx *cx)
{
    const ccs_http_request *q = &cx->last_req;
    ccs_strbuf b = {0};
    char red[64];
    const char *const *h;

    ccs_strbuf_printf(&b, "%s %s HTTP/1.1\n", q->method ? q->method : "GET", q->path ? q->path : "/");
    switch (q->auth) {
    case CCS_AUTH_BASIC:
        ccs_strbuf_printf(&b, "Authorization: Basic base64(%s:)\n", ccs_redact_key(q->api_key, red, sizeof red));
        break;
    case CCS_AUTH_BEARER:
        ccs_strbuf_printf(&b, "Authorization: Bearer %s\n", ccs_redact_key(q->api_key, red, sizeof red));
        break;
    case CCS_AUTH_RAW:
        ccs_strbuf_puts(&b, "Authorization: ");
        ccs_strbuf_puts(&b, q->raw_authorization ? q->raw_authorization : "");
        ccs_strbuf_puts(&b, "\n");
        break;
    default:
        break;
    }
    if (q->idempotency_key)
        ccs_strbuf_printf(&b, "Idempotency-Key: %s\n", q->idempotency_key);
    for (h = q->headers; h && *h; h++) {
        ccs_strbuf_puts(&b, *h);
        ccs_strbuf_puts(&b, "\n");
    }
    if (q->body) {
        ccs_strbuf_puts(&b, "\n");
        ccs_strbuf_put(&b, q->body, q->body_len);
    }
    if (b.nomem) {
        free(b.p);
        return NULL;
    }
    b.p = scrub_key(b.p, q->api_key);
    return scrub_key(b.p, case_key(cx));
}

static char *response_text(const ccs_http_response *r)
{
    ccs_strbuf b = {0};
    size_t i, n;

    ccs_strbuf_printf(&b, "HTTP/1.1 %ld\n", r->status);
    for (i = 0; i < r->header_count; i++)
        ccs_strbuf_printf(&b, "%s: %s\n", r->headers[i].name, r->headers[i].value);
    ccs_strbuf_puts(&b, "\n");
    n = r->body_len > RESPONSE_TEXT_MAX ? RESPONSE_TEXT_MAX : r->body_len;
    if (r->body)
        ccs_strbuf_put(&b, r->body, n);
    if (n < r->body_len || r->truncated)
        ccs_strbuf_puts(&b, "\n[... truncated]");
    if (b.nomem) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* Fill the record's reproduction fields from the last exchange. */
static void record_exchange(ccs_check_ctx *cx)
{
    ccs_case_result *r = cx->r;

    if (!cx->last_req.method)
        return;
    free(r->curl);
    free(r->request);
    free(r->response);
    r->curl = scrub_key(ccs_http_curl_command(cx->cfg->target, &cx->last_req), case_key(cx));
    r->request = request_text(cx);
    r->response = cx->have_resp ? response_text(&cx->last_resp) : NULL;
    if (r->response)
        r->response = scrub_key(r->response, case_key(cx));
}

static int end_case(ccs_check_ctx *cx, ccs_verdict v, const char *pointer, const char *expected, const char *actual,
                    const char *fmt, va_list ap)
{
    char msg[1024];
    ccs_case_result *r = cx->r;

    if (cx->ended)
        return 1;
    cx->ended = 1;
    vsnprintf(msg, sizeof msg, fmt, ap);
    r->verdict = v;
    free(r->message);
    r->message = scrub_key(strdup(msg), case_key(cx));
    r->pointer = xstrdup(pointer);
    r->expected = xstrdup(expected);
    r->actual = actual ? scrub_key(strdup(actual), case_key(cx)) : NULL;
    if (v != CCS_SKIP)
        record_exchange(cx);
    return 1;
}

int ccs_runner_fail(ccs_check_ctx *cx, const char *pointer, const char *expected, const char *actual,
                    const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = end_case(cx, CCS_FAIL, pointer, expected, actual, fmt, ap);
    va_end(ap);
    return rc;
}

int ccs_runner_error(ccs_check_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = end_case(cx, CCS_ERROR, NULL, NULL, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int ccs_runner_skip(ccs_check_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = end_case(cx, CCS_SKIP, NULL, NULL, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

void ccs_runner_note(ccs_check_ctx *cx, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    size_t old, n;
    char *p;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    old = cx->note ? strlen(cx->note) : 0;
    if (old > 4096)
        return; /* enough notes for one case */
    n = old + strlen(msg) + 3;
    p = realloc(cx->note, n);
    if (!p)
        return;
    snprintf(p + old, n - old, "%s%s", old ? "; " : "", msg);
    cx->note = p;
}

void ccs_runner_exchange_init(ccs_exchange *ex, const char *method, const char *path)
{
    memset(ex, 0, sizeof *ex);
    ex->method = method;
    ex->path = path;
    ex->auth = CCS_AUTH_BASIC;
}

/* ---- circuit breaker ----------------------------------------------------- */

static int breaker_open(ccs_breaker *b)
{
    int open;

    if (!b || b->limit <= 0)
        return 0;
    pthread_mutex_lock(&b->lock);
    open = b->tripped;
    pthread_mutex_unlock(&b->lock);
    return open;
}

/* Any answer (even a reset connection) proves the target alive; only
 * timeouts in a row mean it stopped answering. Once tripped it stays so
 * for the rest of the run. */
static void breaker_record(ccs_breaker *b, int timed_out)
{
    if (!b || b->limit <= 0)
        return;
    pthread_mutex_lock(&b->lock);
    b->consecutive = timed_out ? b->consecutive + 1 : 0;
    if (b->consecutive >= b->limit)
        b->tripped = 1;
    pthread_mutex_unlock(&b->lock);
}

/* ---- idempotency keys and retries ----------------------------------------- */

/* Attempts of one request, the first included. A target that asks for a
 * retry (429, Stripe-Should-Retry) gets more than a dropped connection: a
 * third of requests refused at random (lock contention) still ends within
 * 8 tries for all but 1 request in 6,500, while a connection reset five
 * times is a target that is down. */
#define RETRY_TRIES 8
#define RETRY_TRIES_RESET 5
#define RETRY_BASE_MS 250.0
#define RETRY_CAP_MS 4000.0
#define RETRY_AFTER_MAX_MS 10000.0 /* a target's Retry-After is honoured up to this */

/* The Idempotency-Key a request goes out with (malloc'd, NULL: none): the
 * case's own, else a fresh one for every POST, so that a retried POST can
 * never act twice. Cases of the idempotency area send exactly the keys they
 * test with (none included); a key given as a raw header is left alone. */
static char *auto_idempotency_key(const ccs_check_ctx *cx, const ccs_exchange *ex)
{
    const char *const *h;
    char uuid[37];

    if (ex->idempotency_key)
        return strdup(ex->idempotency_key);
    if (strcmp(ex->method, "POST") || (cx->c && cx->c->area && !strcmp(cx->c->area, "idempotency")))
        return NULL;
    for (h = ex->headers; h && *h; h++)
        if (!strncasecmp(*h, "Idempotency-Key:", 16))
            return NULL;
    ccs_template_uuid(uuid);
    return strdup(uuid);
}

/* Why an attempt is sent again (NULL: it is not): a 429, the target's
 * Stripe-Should-Retry: true, or a connection reset (libcurl reports it as
 * a receive/send failure "Connection reset by peer"). Stripe-Should-Retry:
 * false overrides the status, as in Stripe's SDKs. */
static const char *retry_reason(int rc, const ccs_error *err, const ccs_http_response *r)
{
    const char *h;

    if (rc)
        return rc == CCS_ENET && strstr(err->message, "reset by peer") ? "connection reset" : NULL;
    h = ccs_http_response_header(r, "Stripe-Should-Retry");
    if (h && !strcasecmp(h, "false"))
        return NULL;
    if (h && !strcasecmp(h, "true"))
        return "Stripe-Should-Retry";
    return r->status == 429 ? "HTTP 429" : NULL;
}

/* Exponential backoff with jitter (half of the step fixed, half random, so
 * the workers that met the same limit do not come back together), or the
 * target's Retry-After (seconds) when that is longer. */
static double retry_delay_ms(int attempt, const ccs_http_response *r, unsigned *seed)
{
    double d = RETRY_BASE_MS * (double)(1u << attempt), after;
    const char *h = r ? ccs_http_response_header(r, "Retry-After") : NULL;
    char *end;

    if (d > RETRY_CAP_MS)
        d = RETRY_CAP_MS;
    d = d / 2 + d / 2 * ((double)rand_r(seed) / RAND_MAX);
    if (h && (after = strtod(h, &end)) >= 0 && end != h) {
        after *= 1000;
        if (after > RETRY_AFTER_MAX_MS)
            after = RETRY_AFTER_MAX_MS;
        if (after > d)
            d = after;
    }
    return d;
}

/* Send cx->last_req, again while retry_reason says so. A POST is sent
 * again with its Idempotency-Key, so the target can tell a retry from a new
 * request; one without a key (the idempotency cases' own) only after a 429,
 * which refuses a request before it acts. cx->last_resp holds the last
 * attempt's answer. */
static int send_with_retries(ccs_check_ctx *cx, ccs_error *err)
{
    int attempt, rc = CCS_OK;
    unsigned seed = (unsigned)(uintptr_t)cx ^ (unsigned)ccs_clock_now_ms();
    const char *why;

    for (attempt = 0;; attempt++) {
        ccs_runner_pace(cx->pacer);
        cx->requests++;
        ccs_error_clear(err);
        rc = ccs_http_send(cx->client, &cx->last_req, &cx->last_resp, err);
        cx->have_resp = 1;
        breaker_record(cx->breaker, rc == CCS_ETIMEOUT);
        why = retry_reason(rc, err, &cx->last_resp);
        if (!rc)
            ccs_runner_pace_feedback(cx->pacer, why != NULL);
        if (!why || attempt + 1 >= (rc ? RETRY_TRIES_RESET : RETRY_TRIES) || breaker_open(cx->breaker) ||
            (!strcmp(cx->last_req.method, "POST") && !cx->last_req.idempotency_key &&
             (rc || cx->last_resp.status != 429)))
            return rc;
        ccs_runner_sleep_ms(retry_delay_ms(attempt, rc ? NULL : &cx->last_resp, &seed));
        ccs_http_response_free(&cx->last_resp);
        memset(&cx->last_resp, 0, sizeof cx->last_resp);
        cx->have_resp = 0;
        cx->retries++;
    }
}

int ccs_runner_exchange(ccs_check_ctx *cx, const ccs_exchange *ex, const ccs_http_response **resp,
                        const cJSON **json)
{
    char *body = NULL, *query = NULL;
    size_t body_len = 0, qlen = 0, plen;
    ccs_error err;
    int rc;

    ccs_error_clear(&err);
    ccs_runner_clear_last(cx);
    if (resp)
        *resp = NULL;
    if (json)
        *json = NULL;
    /* A builtin's requests are gated here (a data case's before it runs). */
    if (cx->c && cx->c->builtin) {
        char why[320];

        if (ccs_runner_version_gate_request(cx->cfg, ex->method, ex->path, ex->form, ex->query, why, sizeof why))
            return ccs_runner_skip(cx, "%s", why);
    }
    if (ex->form) {
        if ((rc = ccs_form_encode(ex->form, &body, &body_len, &err)))
            return ccs_runner_error(cx, "cannot encode the form body: %s", err.message);
    } else if (ex->raw_body) {
        body = strdup(ex->raw_body);
        body_len = body ? strlen(body) : 0;
    }
    if (ex->query && cJSON_GetArraySize(ex->query) > 0) {
        if ((rc = ccs_form_encode(ex->query, &query, &qlen, &err))) {
            free(body);
            return ccs_runner_error(cx, "cannot encode the query: %s", err.message);
        }
    }
    plen = strlen(ex->path) + qlen + 2;
    cx->last_path = malloc(plen);
    if (cx->last_path)
        snprintf(cx->last_path, plen, "%s%s%s", ex->path, query && *query ? (strchr(ex->path, '?') ? "&" : "?") : "",
                 query ? query : "");
    free(query);
    cx->last_body = body;
    cx->last_key = xstrdup(ex->api_key ? ex->api_key : case_key(cx));
    cx->last_authz = xstrdup(ex->authorization);
    cx->last_idem = auto_idempotency_key(cx, ex);
    cx->last_headers = ccs_runner_version_headers(cx->cfg, ex->headers);
    if (!cx->last_path || (ex->raw_body && !body) || !cx->last_key || !cx->last_headers)
        return ccs_runner_error(cx, "out of memory");
    cx->last_req.method = ex->method;
    cx->last_req.path = cx->last_path;
    cx->last_req.body = body;
    cx->last_req.body_len = body_len;
    cx->last_req.auth = ex->auth;
    cx->last_req.api_key = cx->last_key;
    cx->last_req.raw_authorization = cx->last_authz;
    cx->last_req.idempotency_key = cx->last_idem;
    cx->last_req.headers = (const char *const *)cx->last_headers;
    if (breaker_open(cx->breaker))
        return ccs_runner_error(cx, "%s %s: not sent: the target stopped answering (%d consecutive requests "
                                "timed out; --max-consecutive-timeouts 0 turns this off)",
                                ex->method, ex->path, cx->breaker->limit);
    rc = send_with_retries(cx, &err);
    if (rc) {
        /* The response (if any) is not usable: drop it from the record. */
        ccs_http_response_free(&cx->last_resp);
        memset(&cx->last_resp, 0, sizeof cx->last_resp);
        cx->have_resp = 0;
        return ccs_runner_error(cx, "%s %s: %s", ex->method, ex->path, err.message);
    }
    if (cx->last_resp.body && cx->last_resp.body_len)
        cx->last_json = cJSON_ParseWithLength(cx->last_resp.body, cx->last_resp.body_len);
    ccs_runner_created_note(cx->created, ex->method, ex->path, cx->last_key, cx->last_resp.status, cx->last_json);
    if (resp)
        *resp = &cx->last_resp;
    if (json)
        *json = cx->last_json;
    return CCS_OK;
}

/* "invalid_request_error: Missing required param: mode. (param mode)" */
void ccs_runner_error_summary(const cJSON *json, char *buf, size_t cap)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(json, "error");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "type");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "param");

    buf[0] = '\0';
    if (!cJSON_IsObject(e))
        return;
    snprintf(buf, cap, " (%s%s%s%s%s%s)", cJSON_IsString(t) ? t->valuestring : "error", cJSON_IsString(m) ? ": " : "",
             cJSON_IsString(m) ? m->valuestring : "", cJSON_IsString(p) ? " [param " : "",
             cJSON_IsString(p) ? p->valuestring : "", cJSON_IsString(p) ? "]" : "");
}

int ccs_runner_expect_status(ccs_check_ctx *cx, long want, const char *what)
{
    char exp[32], act[32], summary[600];

    if (cx->last_resp.status == want)
        return 0;
    snprintf(exp, sizeof exp, "%ld", want);
    snprintf(act, sizeof act, "%ld", cx->last_resp.status);
    ccs_runner_error_summary(cx->last_json, summary, sizeof summary);
    return ccs_runner_fail(cx, "", exp, act, "%s: expected HTTP %ld, got %ld%s", what, want, cx->last_resp.status,
                           summary);
}

int ccs_runner_check_contract(ccs_check_ctx *cx, const char *name, const cJSON *value, const char *base)
{
    ccs_violations v = {0};
    ccs_error err;
    size_t i;
    int ended = 0;

    ccs_error_clear(&err);
    if (!cx->cfg->contracts)
        return ccs_runner_error(cx, "contract \"%s\": no contracts loaded", name);
    if (!ccs_contract_get(cx->cfg->contracts, name))
        return ccs_runner_error(cx, "no contract named \"%s\"", name);
    if (ccs_contract_check(cx->cfg->contracts, name, value, base ? base : "", &v, &err)) {
        ccs_violations_free(&v);
        return ccs_runner_error(cx, "contract \"%s\" could not be checked: %s", name, err.message);
    }
    for (i = 0; i < v.count && !ended; i++) {
        const ccs_violation *x = &v.items[i];

        if (x->level == CCS_LEVEL_MUST || cx->cfg->strict)
            ended = ccs_runner_fail(cx, x->pointer, x->expected, x->actual, "contract %s: %s %s at %s", name,
                                    ccs_contract_level_name(x->level), ccs_contract_rule_name(x->rule),
                                    x->pointer[0] ? x->pointer : "(root)");
        else
            ccs_runner_note(cx, "SHOULD %s %s at %s", name, ccs_contract_rule_name(x->rule),
                            x->pointer[0] ? x->pointer : "(root)");
    }
    ccs_violations_free(&v);
    return ended;
}

int ccs_runner_get_int(const cJSON *obj, const char *name, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble)
        return 0;
    *out = (long long)v->valuedouble;
    return 1;
}

long long ccs_runner_param_int(const cJSON *params, const char *name, long long def)
{
    long long v;

    return ccs_runner_get_int(params, name, &v) ? v : def;
}

cJSON *ccs_runner_default_create(const cJSON *params)
{
    const cJSON *custom = cJSON_GetObjectItemCaseSensitive(params, "create");

    if (cJSON_IsObject(custom))
        return cJSON_Duplicate(custom, 1);
    return cJSON_Parse("{\"mode\":\"payment\",\"success_url\":\"https://example.com/success\","
                       "\"line_items\":[{\"price_data\":{\"currency\":\"usd\",\"unit_amount\":\"1099\","
                       "\"product_data\":{\"name\":\"T-shirt\"}},\"quantity\":\"2\"}]}");
}
