/* The case runner: steps or builtins -> verdicts, on worker threads. */
#include "ccs/runner.h"
#include "ccs/clock.h"
#include "ccs/strbuf.h"

#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ccs/form.h"
#include "ccs/match.h"
#include "ccs/redact.h"
#include "runner_internal.h"

#define RESPONSE_TEXT_MAX (64 * 1024)
#define DEFAULT_TIMEOUT_MS 10000

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

static void clear_last(ccs_check_ctx *cx)
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

int ccs_runner_exchange(ccs_check_ctx *cx, const ccs_exchange *ex, const ccs_http_response **resp,
                        const cJSON **json)
{
    char *body = NULL, *query = NULL;
    size_t body_len = 0, qlen = 0, plen;
    ccs_error err;
    int rc;

    ccs_error_clear(&err);
    clear_last(cx);
    if (resp)
        *resp = NULL;
    if (json)
        *json = NULL;
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
    cx->last_idem = xstrdup(ex->idempotency_key);
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
    cx->requests++;
    rc = ccs_http_send(cx->client, &cx->last_req, &cx->last_resp, &err);
    cx->have_resp = 1;
    breaker_record(cx->breaker, rc == CCS_ETIMEOUT);
    if (rc) {
        /* The response (if any) is not usable: drop it from the record. */
        ccs_http_response_free(&cx->last_resp);
        memset(&cx->last_resp, 0, sizeof cx->last_resp);
        cx->have_resp = 0;
        return ccs_runner_error(cx, "%s %s: %s", ex->method, ex->path, err.message);
    }
    if (cx->last_resp.body && cx->last_resp.body_len)
        cx->last_json = cJSON_ParseWithLength(cx->last_resp.body, cx->last_resp.body_len);
    if (resp)
        *resp = &cx->last_resp;
    if (json)
        *json = cx->last_json;
    return CCS_OK;
}

/* "invalid_request_error: Missing required param: mode. (param mode)" */
static void error_summary(const cJSON *json, char *buf, size_t cap)
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
    error_summary(cx->last_json, summary, sizeof summary);
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

/* ---- data-driven steps ----------------------------------------------------- */

static const char *jstr(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int status_matches(const cJSON *want, long got)
{
    const cJSON *c;

    if (cJSON_IsNumber(want))
        return (long)want->valuedouble == got;
    if (cJSON_IsString(want))
        return strlen(want->valuestring) == 3 && !strcmp(want->valuestring + 1, "xx") &&
               got / 100 == want->valuestring[0] - '0';
    if (cJSON_IsArray(want))
        cJSON_ArrayForEach(c, want) if (status_matches(c, got)) return 1;
    return 0;
}

/* Template-substitute a string member; NULL member -> *out NULL. */
static int tmpl_member(ccs_check_ctx *cx, const cJSON *o, const char *name, char **out, const char *where)
{
    const char *s = jstr(o, name);
    ccs_error err;

    *out = NULL;
    if (!s)
        return 0;
    ccs_error_clear(&err);
    if (ccs_template_string(&cx->tctx, s, out, &err))
        return ccs_runner_error(cx, "%s/%s: %s", where, name, err.message);
    return 0;
}

static int check_expect(ccs_check_ctx *cx, const cJSON *expect, const char *where)
{
    const ccs_http_response *resp = &cx->last_resp;
    const cJSON *json = cx->last_json, *v, *c;
    ccs_mismatch mm;
    ccs_error err;
    const char *name;

    ccs_error_clear(&err);
    v = cJSON_GetObjectItemCaseSensitive(expect, "status");
    if (v && !status_matches(v, resp->status)) {
        char *exp = cJSON_PrintUnformatted(v), act[32], summary[600];

        snprintf(act, sizeof act, "%ld", resp->status);
        error_summary(json, summary, sizeof summary);
        ccs_runner_fail(cx, "", exp, act, "%s: expected HTTP status %s, got %ld%s", where, exp ? exp : "?",
                        resp->status, summary);
        free(exp);
        return 1;
    }
    v = cJSON_GetObjectItemCaseSensitive(expect, "headers");
    cJSON_ArrayForEach(c, v) {
        if (ccs_match_string(c, ccs_http_response_header(resp, c->string), c->string, &cx->tctx, &mm, &err))
            return ccs_runner_error(cx, "%s: header %s expectation: %s", where, c->string, err.message);
        if (mm.failed)
            return ccs_runner_fail(cx, mm.pointer, mm.expected, mm.actual, "%s: header %s", where, mm.message);
    }
    v = cJSON_GetObjectItemCaseSensitive(expect, "headers_absent");
    cJSON_ArrayForEach(c, v) {
        if (cJSON_IsString(c) && ccs_http_response_header(resp, c->valuestring))
            return ccs_runner_fail(cx, c->valuestring, "(absent)", ccs_http_response_header(resp, c->valuestring),
                                   "%s: header %s must be absent", where, c->valuestring);
    }
    if ((cJSON_GetObjectItemCaseSensitive(expect, "body") || cJSON_GetObjectItemCaseSensitive(expect, "contract") ||
         cJSON_GetObjectItemCaseSensitive(expect, "contract_items") ||
         cJSON_GetObjectItemCaseSensitive(expect, "body_absent")) &&
        !json) {
        char act[128];

        snprintf(act, sizeof act, "%.100s", resp->body ? resp->body : "");
        return ccs_runner_fail(cx, "", "a JSON body", act, "%s: response body is not JSON", where);
    }
    name = jstr(expect, "contract");
    if (name && ccs_runner_check_contract(cx, name, json, ""))
        return 1;
    name = jstr(expect, "contract_items");
    if (name) {
        const cJSON *data = cJSON_GetObjectItemCaseSensitive(json, "data"), *item;
        int i = 0;

        if (!jstr(expect, "contract") && ccs_runner_check_contract(cx, "list", json, ""))
            return 1;
        if (!cJSON_IsArray(data))
            return ccs_runner_fail(cx, "/data", "an array", "(absent or not an array)", "%s: list has no data array",
                                   where);
        cJSON_ArrayForEach(item, data) {
            char base[32];

            snprintf(base, sizeof base, "/data/%d", i++);
            if (ccs_runner_check_contract(cx, name, item, base))
                return 1;
        }
    }
    v = cJSON_GetObjectItemCaseSensitive(expect, "body");
    if (v) {
        if (ccs_match_json(v, json, "", &cx->tctx, &mm, &err))
            return ccs_runner_error(cx, "%s: body expectation %s: %s", where, err.pointer, err.message);
        if (mm.failed)
            return ccs_runner_fail(cx, mm.pointer, mm.expected, mm.actual, "%s: body %s", where, mm.message);
    }
    v = cJSON_GetObjectItemCaseSensitive(expect, "body_absent");
    cJSON_ArrayForEach(c, v) {
        const cJSON *hit;
        char ptr[300];

        if (!cJSON_IsString(c))
            continue;
        if (c->valuestring[0] == '/')
            snprintf(ptr, sizeof ptr, "%s", c->valuestring);
        else
            snprintf(ptr, sizeof ptr, "/%s", c->valuestring);
        hit = ccs_match_pointer(json, ptr);
        if (hit) {
            char *act = cJSON_PrintUnformatted(hit);

            ccs_runner_fail(cx, ptr, "(absent)", act, "%s: body %s must be absent", where, ptr);
            free(act);
            return 1;
        }
    }
    return 0;
}

static int capture_step(ccs_check_ctx *cx, const cJSON *cap, const char *where)
{
    const cJSON *c, *hit;

    cJSON_ArrayForEach(c, cap) {
        cJSON *copy;

        if (!cJSON_IsString(c))
            continue;
        if (!cx->last_json)
            return ccs_runner_fail(cx, c->valuestring, "a JSON body", "(not JSON)",
                                   "%s: cannot capture %s: the response body is not JSON", where, c->string);
        hit = ccs_match_pointer(cx->last_json, c->valuestring);
        if (!hit)
            return ccs_runner_fail(cx, c->valuestring, "(present)", "(absent)",
                                   "%s: cannot capture %s: %s is absent from the response", where, c->string,
                                   c->valuestring[0] ? c->valuestring : "(root)");
        copy = cJSON_Duplicate(hit, 1);
        if (!copy)
            return ccs_runner_error(cx, "out of memory");
        cJSON_DeleteItemFromObjectCaseSensitive(cx->captures, c->string);
        cJSON_AddItemToObject(cx->captures, c->string, copy);
    }
    return 0;
}

static int header_list(ccs_check_ctx *cx, const cJSON *hdrs, char ***out, const char *where)
{
    const cJSON *h;
    size_t n = 0, i = 0;
    char **list;

    *out = NULL;
    if (!cJSON_IsObject(hdrs))
        return 0;
    n = (size_t)cJSON_GetArraySize(hdrs);
    list = calloc(n + 1, sizeof *list);
    if (!list)
        return ccs_runner_error(cx, "out of memory");
    cJSON_ArrayForEach(h, hdrs) {
        char *val = NULL;
        ccs_error err;
        size_t len;

        ccs_error_clear(&err);
        if (!cJSON_IsString(h))
            continue;
        if (ccs_template_string(&cx->tctx, h->valuestring, &val, &err)) {
            for (i = 0; list[i]; i++)
                free(list[i]);
            free(list);
            return ccs_runner_error(cx, "%s/headers/%s: %s", where, h->string, err.message);
        }
        len = strlen(h->string) + strlen(val) + 3;
        list[i] = malloc(len);
        if (list[i])
            snprintf(list[i++], len, "%s: %s", h->string, val);
        free(val);
    }
    *out = list;
    return 0;
}

static void free_list(char **l)
{
    size_t i;

    for (i = 0; l && l[i]; i++)
        free(l[i]);
    free(l);
}

static int run_step(ccs_check_ctx *cx, const cJSON *step, int si)
{
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(step, "request");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(step, "expect");
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(req, "form");
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(req, "query");
    const char *sname = jstr(step, "name"), *auth;
    char where[160], *path = NULL, *raw = NULL, *key = NULL, *authz = NULL, *idem = NULL, **hdrs = NULL;
    cJSON *form_t = NULL, *query_t = NULL;
    ccs_exchange ex;
    ccs_error err;
    long repeat = (long)ccs_runner_param_int(step, "repeat", 1), k;
    int ended = 0;

    ccs_error_clear(&err);
    if (sname)
        snprintf(where, sizeof where, "step %d (%s)", si + 1, sname);
    else
        snprintf(where, sizeof where, "step %d", si + 1);
    if (!cJSON_IsObject(req))
        return ccs_runner_error(cx, "%s: no request", where);
    if ((ended = tmpl_member(cx, req, "path", &path, where)) || (ended = tmpl_member(cx, req, "raw_body", &raw, where)) ||
        (ended = tmpl_member(cx, req, "api_key", &key, where)) ||
        (ended = tmpl_member(cx, req, "authorization", &authz, where)) ||
        (ended = tmpl_member(cx, req, "idempotency_key", &idem, where)) ||
        (ended = header_list(cx, cJSON_GetObjectItemCaseSensitive(req, "headers"), &hdrs, where)))
        goto done;
    if (form && ccs_template_tree(&cx->tctx, form, &form_t, &err)) {
        ended = ccs_runner_error(cx, "%s: form%s: %s", where, err.pointer, err.message);
        goto done;
    }
    if (query && ccs_template_tree(&cx->tctx, query, &query_t, &err)) {
        ended = ccs_runner_error(cx, "%s: query%s: %s", where, err.pointer, err.message);
        goto done;
    }
    ccs_runner_exchange_init(&ex, jstr(req, "method") ? jstr(req, "method") : "GET", path ? path : "/");
    ccs_runner_version_rename(cx->cfg, ex.method, ex.path, form_t);
    auth = jstr(req, "auth");
    if (auth && !strcmp(auth, "bearer"))
        ex.auth = CCS_AUTH_BEARER;
    else if (auth && !strcmp(auth, "none"))
        ex.auth = CCS_AUTH_NONE;
    else if (auth && !strcmp(auth, "raw"))
        ex.auth = CCS_AUTH_RAW;
    ex.form = form_t;
    ex.raw_body = raw;
    ex.query = query_t;
    ex.api_key = key;
    ex.authorization = authz;
    ex.idempotency_key = idem;
    ex.headers = (const char *const *)hdrs;
    for (k = 0; k < (repeat > 0 ? repeat : 1) && !ended; k++) {
        if ((ended = ccs_runner_exchange(cx, &ex, NULL, NULL)))
            break;
        if (expect && (ended = check_expect(cx, expect, where)))
            break;
    }
    if (!ended)
        ended = capture_step(cx, cJSON_GetObjectItemCaseSensitive(step, "capture"), where);
done:
    free(path);
    free(raw);
    free(key);
    free(authz);
    free(idem);
    free_list(hdrs);
    cJSON_Delete(form_t);
    cJSON_Delete(query_t);
    return ended;
}

/* ---- one case ------------------------------------------------------------ */

static int has_feature(const ccs_runner_config *cfg, const char *f)
{
    const char *const *p;

    if (!strcmp(f, "catalog_price"))
        return cfg->price_id && *cfg->price_id;
    for (p = cfg->features; p && *p; p++)
        if (!strcmp(*p, f))
            return 1;
    return 0;
}

static int is_known_failure(const ccs_runner_config *cfg, const char *id)
{
    const char *const *p;

    for (p = cfg->known_failures; p && *p; p++)
        if (!fnmatch(*p, id, 0))
            return 1;
    return 0;
}

static int profile_excluded(const ccs_runner_config *cfg, const ccs_case *c)
{
    const char *p = cfg->profile && *cfg->profile ? cfg->profile : "core";

    return !strcmp(p, "core") && strcmp(c->profile, "core");
}

int ccs_runner_selected(const ccs_runner_config *cfg, const ccs_case *c)
{
    return ccs_cases_filter_match(cfg->filter, c->id);
}

static int fill_identity(ccs_case_result *r, const ccs_case *c)
{
    r->id = strdup(c->id);
    r->area = strdup(c->area);
    r->description = strdup(c->description);
    r->level = strdup(c->level);
    r->profile = strdup(c->profile);
    r->requirement = strdup(c->requirement);
    return r->id && r->area && r->description && r->level && r->profile && r->requirement ? CCS_OK : CCS_ENOMEM;
}

static int run_case(const ccs_runner_config *cfg, ccs_http_client *client, const ccs_case *c, const ccs_lint *lint,
                    size_t case_index, ccs_case_result *r, ccs_breaker *breaker, ccs_error *err);

int ccs_runner_run_case(const ccs_runner_config *cfg, ccs_http_client *client, const ccs_case *c,
                        const ccs_lint *lint, size_t case_index, ccs_case_result *r, ccs_error *err)
{
    return run_case(cfg, client, c, lint, case_index, r, NULL, err);
}

static int run_case(const ccs_runner_config *cfg, ccs_http_client *client, const ccs_case *c, const ccs_lint *lint,
                    size_t case_index, ccs_case_result *r, ccs_breaker *breaker, ccs_error *err)
{
    ccs_check_ctx cx;
    const cJSON *feat, *f, *step;
    const char *problem = lint ? ccs_lint_for_case(lint, case_index) : NULL;
    double t0 = ccs_clock_now_ms();
    char alt[256], why[320];
    int si = 0, rc = CCS_OK;

    memset(&cx, 0, sizeof cx);
    cx.cfg = cfg;
    cx.client = client;
    cx.c = c;
    cx.r = r;
    cx.breaker = breaker;
    if (fill_identity(r, c)) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    r->known_failure = is_known_failure(cfg, c->id);
    cx.captures = cJSON_CreateObject();
    cx.config = cJSON_CreateObject();
    if (!cx.captures || !cx.config) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    cJSON_AddStringToObject(cx.config, "api_key", cfg->api_key ? cfg->api_key : "");
    if (cfg->alt_api_key)
        snprintf(alt, sizeof alt, "%s", cfg->alt_api_key);
    else
        snprintf(alt, sizeof alt, "%s_alt", cfg->api_key ? cfg->api_key : "sk_test_");
    cJSON_AddStringToObject(cx.config, "alt_api_key", alt);
    if (cfg->price_id && *cfg->price_id)
        cJSON_AddStringToObject(cx.config, "price_id", cfg->price_id);
    ccs_template_uuid(cx.uuid);
    cx.tctx.captures = cx.captures;
    cx.tctx.config = cx.config;
    cx.tctx.run_id = cfg->run_id ? cfg->run_id : "";
    cx.tctx.uuid = cx.uuid;
    cx.tctx.now = (long long)time(NULL);

    if (problem) {
        ccs_runner_error(&cx, "bad case file: %s", problem);
        goto verdict;
    }
    if (profile_excluded(cfg, c)) {
        ccs_runner_skip(&cx, "profile %s not selected (run with --profile full)", c->profile);
        goto verdict;
    }
    feat = cJSON_GetObjectItemCaseSensitive(c->json, "features");
    cJSON_ArrayForEach(f, feat) {
        if (cJSON_IsString(f) && !has_feature(cfg, f->valuestring)) {
            ccs_runner_skip(&cx, "feature %s not configured%s", f->valuestring,
                            !strcmp(f->valuestring, "catalog_price") ? " (use --price-id)" : "");
            goto verdict;
        }
    }
    if (!c->builtin && ccs_runner_version_gate(cfg, c->steps, why, sizeof why)) {
        ccs_runner_skip(&cx, "%s", why);
        goto verdict;
    }
    if (c->builtin) {
        const ccs_builtin *b = ccs_builtin_find(c->builtin);

        if (!b)
            ccs_runner_error(&cx, "unknown builtin \"%s\"", c->builtin);
        else
            b->run(&cx, c->params);
    } else {
        cJSON_ArrayForEach(step, c->steps) {
            if (run_step(&cx, step, si++))
                break;
        }
    }
verdict:
    if (!cx.ended) {
        r->verdict = CCS_PASS;
        if (cx.note) {
            r->message = cx.note;
            cx.note = NULL;
        }
    }
done:
    r->duration_ms = ccs_clock_now_ms() - t0;
    clear_last(&cx);
    free(cx.note);
    cJSON_Delete(cx.captures);
    cJSON_Delete(cx.config);
    return rc;
}

/* ---- the whole run -------------------------------------------------------- */

struct pool {
    const ccs_runner_config *cfg;
    const ccs_case_set *set;
    size_t *order;         /* case indices to run, in queue order */
    ccs_case_result **recs;/* record per queue slot */
    size_t n, next, done, total;
    pthread_mutex_t lock;
    int rc;
    ccs_error err;
    ccs_breaker breaker;
};

static int new_client(const ccs_runner_config *cfg, ccs_http_client **out, ccs_error *err)
{
    ccs_http_options o;
    long t = cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;

    memset(&o, 0, sizeof o);
    o.base_url = cfg->target;
    o.timeout_ms = t;
    o.connect_timeout_ms = t < 5000 ? t : 5000;
    o.max_response = cfg->max_response ? cfg->max_response : CCS_RUNNER_MAX_RESPONSE;
    return ccs_http_client_new(&o, out, err);
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    ccs_http_client *client = NULL;
    ccs_error err;

    ccs_error_clear(&err);
    if (new_client(p->cfg, &client, &err)) {
        pthread_mutex_lock(&p->lock);
        if (!p->rc) {
            p->rc = err.code ? err.code : CCS_EIO;
            p->err = err;
        }
        pthread_mutex_unlock(&p->lock);
        return NULL;
    }
    for (;;) {
        size_t slot, idx;

        pthread_mutex_lock(&p->lock);
        if (p->next >= p->n || p->rc) {
            pthread_mutex_unlock(&p->lock);
            break;
        }
        slot = p->next++;
        pthread_mutex_unlock(&p->lock);
        idx = p->order[slot];
        ccs_error_clear(&err);
        if (run_case(p->cfg, client, &p->set->items[idx], p->cfg->lint, idx, p->recs[slot], &p->breaker, &err)) {
            pthread_mutex_lock(&p->lock);
            if (!p->rc) {
                p->rc = err.code;
                p->err = err;
            }
            pthread_mutex_unlock(&p->lock);
            break;
        }
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->cfg->progress)
            p->cfg->progress(p->cfg->progress_ud, p->recs[slot], p->done, p->total);
        pthread_mutex_unlock(&p->lock);
    }
    ccs_http_client_free(client);
    return NULL;
}

static int run_pool(struct pool *p, int jobs)
{
    pthread_t tids[64];
    int i, started = 0;

    if (jobs < 1)
        jobs = 1;
    if (jobs > 64)
        jobs = 64;
    if ((size_t)jobs > p->n)
        jobs = p->n ? (int)p->n : 1;
    if (jobs == 1) {
        worker(p);
        return p->rc;
    }
    for (i = 0; i < jobs; i++)
        if (!pthread_create(&tids[i], NULL, worker, p))
            started++;
    if (!started)
        worker(p);
    for (i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    return p->rc;
}

int ccs_runner_run(const ccs_runner_config *cfg, const ccs_case_set *set, ccs_run_result *out, ccs_error *err)
{
    struct pool p;
    size_t i, n = 0, first = 0;
    size_t *slot_of = NULL;
    double t0 = ccs_clock_now_ms();
    int rc = CCS_OK, pass;

    memset(&p, 0, sizeof p);
    p.cfg = cfg;
    p.set = set;
    p.order = calloc(set->count + 1, sizeof *p.order);
    p.recs = calloc(set->count + 1, sizeof *p.recs);
    slot_of = calloc(set->count + 1, sizeof *slot_of);
    if (!p.order || !p.recs || !slot_of) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    /* Records in case order; the queue puts isolated cases last. */
    for (i = 0; i < set->count; i++) {
        if (!ccs_runner_selected(cfg, &set->items[i]))
            continue;
        if (!ccs_result_add(out)) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
        slot_of[i] = out->count; /* 1-based: 0 = not selected */
    }
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < set->count; i++)
            if (slot_of[i] && (set->items[i].isolated != 0) == pass)
                p.order[n++] = i;
    for (i = 0; i < n; i++)
        p.recs[i] = &out->cases[slot_of[p.order[i]] - 1];
    p.total = n;
    if (pthread_mutex_init(&p.lock, NULL)) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a mutex");
        goto done;
    }
    if (pthread_mutex_init(&p.breaker.lock, NULL)) {
        pthread_mutex_destroy(&p.lock);
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a mutex");
        goto done;
    }
    p.breaker.limit = cfg->max_consecutive_timeouts;
    /* Concurrent batch, then the isolated cases one at a time. */
    while (first < n && !set->items[p.order[first]].isolated)
        first++;
    p.n = first;
    rc = run_pool(&p, cfg->jobs);
    if (!rc) {
        p.n = n;
        rc = run_pool(&p, 1);
    }
    pthread_mutex_destroy(&p.lock);
    pthread_mutex_destroy(&p.breaker.lock);
    if (rc) {
        if (err)
            *err = p.err;
        goto done;
    }
    out->strict = cfg->strict;
    out->duration_ms = ccs_clock_now_ms() - t0;
done:
    free(p.order);
    free(p.recs);
    free(slot_of);
    return rc;
}
