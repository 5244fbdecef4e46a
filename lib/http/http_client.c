/* HTTP client (libcurl): one easy handle per client so connections are
 * reused; bounded memory for hostile answers; never follows redirects and
 * never decompresses. */
#include "ccs/http.h"
#include "ccs/clock.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_MAX_RESPONSE ((size_t)8 * 1024 * 1024)
/* Headers are bounded too: a server may send an endless header section. */
#define MAX_HEADER_BYTES ((size_t)1024 * 1024)
#define MAX_HEADER_COUNT 1000

struct ccs_http_client {
    CURL *curl;
    char *base_url;
    char *shown_url;   /* base_url with any userinfo removed, for messages */
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_response;
};

/* Per-exchange state the callbacks write into. */
struct exchange {
    ccs_http_response *resp;
    size_t body_cap;
    size_t max_response;
    size_t header_bytes;
    int body_over;     /* body cap hit: transfer aborted on purpose */
    int headers_over;  /* header cap hit */
    int nomem;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* "http://user:pw@host/x" -> "http://[redacted]@host/x" so messages never
 * carry credentials. */
static char *strip_userinfo(const char *url)
{
    const char *scheme_end = strstr(url, "://");
    const char *host, *at, *slash;
    char *out;
    size_t n;

    if (!scheme_end)
        return strdup(url);
    host = scheme_end + 3;
    slash = strchr(host, '/');
    at = memchr(host, '@', slash ? (size_t)(slash - host) : strlen(host));
    if (!at)
        return strdup(url);
    n = (size_t)(host - url) + strlen("[redacted]") + strlen(at) + 1;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s[redacted]%s", (int)(host - url), url, at);
    return out;
}

int ccs_http_client_new(const ccs_http_options *opts, ccs_http_client **out, ccs_error *err)
{
    ccs_http_client *c = NULL;
    size_t n;
    int rc = CCS_OK;

    if (out)
        *out = NULL;
    if (!opts || !out || !opts->base_url) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "http client: base_url is required");
        goto done;
    }
    if (strncasecmp(opts->base_url, "http://", 7) && strncasecmp(opts->base_url, "https://", 8)) {
        rc = ccs_error_set(err, CCS_EINVAL, -1,
                           "http client: base URL must start with http:// or https://");
        goto done;
    }
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        rc = ccs_error_set(err, CCS_ENET, -1, "http client: libcurl initialisation failed: %s",
                           curl_easy_strerror(global_rc));
        goto done;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "http client: out of memory");
        goto done;
    }
    c->base_url = strdup(opts->base_url);
    c->curl = curl_easy_init();
    if (!c->base_url || !c->curl) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "http client: out of memory");
        goto done;
    }
    n = strlen(c->base_url);
    while (n > 0 && c->base_url[n - 1] == '/')
        c->base_url[--n] = '\0';
    c->shown_url = strip_userinfo(c->base_url);
    if (!c->shown_url) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "http client: out of memory");
        goto done;
    }
    c->connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms
                                                         : DEFAULT_CONNECT_TIMEOUT_MS;
    c->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
    c->max_response = opts->max_response > 0 ? opts->max_response : DEFAULT_MAX_RESPONSE;
    *out = c;
    c = NULL;
done:
    ccs_http_client_free(c);
    return rc;
}

void ccs_http_client_free(ccs_http_client *c)
{
    if (!c)
        return;
    if (c->curl)
        curl_easy_cleanup(c->curl);
    free(c->base_url);
    free(c->shown_url);
    free(c);
}

static void free_headers(ccs_http_response *resp)
{
    size_t i;

    for (i = 0; i < resp->header_count; i++) {
        free(resp->headers[i].name);
        free(resp->headers[i].value);
    }
    free(resp->headers);
    resp->headers = NULL;
    resp->header_count = 0;
}

void ccs_http_response_free(ccs_http_response *resp)
{
    if (!resp)
        return;
    free_headers(resp);
    free(resp->body);
    memset(resp, 0, sizeof *resp);
}

const char *ccs_http_response_header(const ccs_http_response *resp, const char *name)
{
    size_t i;

    if (!resp || !name)
        return NULL;
    for (i = 0; i < resp->header_count; i++)
        if (!strcasecmp(resp->headers[i].name, name))
            return resp->headers[i].value;
    return NULL;
}

/* Keeps at most max_response bytes; returning short makes libcurl abort the
 * transfer, so a 1 GiB body never costs more than the cap. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct exchange *ex = userp;
    ccs_http_response *resp = ex->resp;
    size_t n = size * nmemb, room, take;

    room = ex->max_response - resp->body_len;
    take = n < room ? n : room;
    if (resp->body_len + take + 1 > ex->body_cap) {
        size_t cap = ex->body_cap ? ex->body_cap * 2 : 4096;
        char *p;

        if (cap < resp->body_len + take + 1)
            cap = resp->body_len + take + 1;
        if (cap > ex->max_response + 1)
            cap = ex->max_response + 1;
        p = realloc(resp->body, cap);
        if (!p) {
            ex->nomem = 1;
            return 0;
        }
        resp->body = p;
        ex->body_cap = cap;
    }
    memcpy(resp->body + resp->body_len, data, take);
    resp->body_len += take;
    resp->body[resp->body_len] = '\0';
    if (take < n) {
        ex->body_over = 1;
        resp->truncated = 1;
        return take;  /* anything short of n aborts the transfer */
    }
    return n;
}

static char *dup_trimmed(const char *s, size_t n)
{
    char *out;

    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* Header lines arrive one by one for every response on the wire (1xx,
 * then the final one); a status line starts a new set so only the final
 * response's headers remain. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    struct exchange *ex = userp;
    ccs_http_response *resp = ex->resp;
    size_t n = size * nmemb;
    const char *colon;
    ccs_http_header *h;

    ex->header_bytes += n;
    if (ex->header_bytes > MAX_HEADER_BYTES) {
        ex->headers_over = 1;
        return 0;
    }
    if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
        free_headers(resp);
        return n;
    }
    if (n == 0 || data[0] == '\r' || data[0] == '\n')
        return n;
    if ((data[0] == ' ' || data[0] == '\t') && resp->header_count > 0) {
        /* obsolete line folding: continue the previous value */
        ccs_http_header *prev = &resp->headers[resp->header_count - 1];
        char *more = dup_trimmed(data, n);
        char *joined;
        size_t len;

        if (!more) {
            ex->nomem = 1;
            return 0;
        }
        len = strlen(prev->value) + 1 + strlen(more) + 1;
        joined = malloc(len);
        if (!joined) {
            free(more);
            ex->nomem = 1;
            return 0;
        }
        snprintf(joined, len, "%s %s", prev->value, more);
        free(more);
        free(prev->value);
        prev->value = joined;
        return n;
    }
    colon = memchr(data, ':', n);
    if (!colon)
        return n;  /* not a header line; ignore rather than fail the exchange */
    if (resp->header_count >= MAX_HEADER_COUNT) {
        ex->headers_over = 1;
        return 0;
    }
    h = realloc(resp->headers, (resp->header_count + 1) * sizeof *h);
    if (!h) {
        ex->nomem = 1;
        return 0;
    }
    resp->headers = h;
    h = &resp->headers[resp->header_count];
    h->name = dup_trimmed(data, (size_t)(colon - data));
    h->value = dup_trimmed(colon + 1, n - (size_t)(colon + 1 - data));
    if (!h->name || !h->value) {
        free(h->name);
        free(h->value);
        ex->nomem = 1;
        return 0;
    }
    resp->header_count++;
    return n;
}

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 with padding; out must hold 4 * ((n + 2) / 3) + 1. */
static void base64(const unsigned char *in, size_t n, char *out)
{
    size_t i, o = 0;

    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];

        out[o++] = b64_alphabet[v >> 18 & 63];
        out[o++] = b64_alphabet[v >> 12 & 63];
        out[o++] = b64_alphabet[v >> 6 & 63];
        out[o++] = b64_alphabet[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);

        out[o++] = b64_alphabet[v >> 18 & 63];
        out[o++] = b64_alphabet[v >> 12 & 63];
        out[o++] = i + 1 < n ? b64_alphabet[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
}

/* Appends "Name: value" (or "Name;" for an empty value, libcurl's way of
 * sending an empty header). CR/LF would let a value smuggle headers. */
static int add_header(struct curl_slist **list, const char *name, const char *value,
                      ccs_error *err)
{
    struct curl_slist *next;
    char *line;
    size_t n;
    int rc = CCS_OK;

    if (strpbrk(value, "\r\n"))
        return ccs_error_set(err, CCS_EINVAL, -1,
                             "http: header %s contains CR or LF", name);
    n = strlen(name) + strlen(value) + 3;
    line = malloc(n);
    if (!line)
        return ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
    if (*value)
        snprintf(line, n, "%s: %s", name, value);
    else
        snprintf(line, n, "%s;", name);
    next = curl_slist_append(*list, line);
    if (!next)
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
    else
        *list = next;
    free(line);
    return rc;
}

static int has_header(const char *const *headers, const char *name)
{
    size_t n = strlen(name);

    for (; headers && *headers; headers++)
        if (!strncasecmp(*headers, name, n) && ((*headers)[n] == ':' || (*headers)[n] == ';'))
            return 1;
    return 0;
}

static int build_headers(const ccs_http_request *req, struct curl_slist **list, ccs_error *err)
{
    const char *const *h;
    char *value = NULL;
    int rc = CCS_OK;

    switch (req->auth) {
    case CCS_AUTH_NONE:
        break;
    case CCS_AUTH_BASIC: {
        const char *key = req->api_key ? req->api_key : "";
        size_t klen = strlen(key);
        char *userpass = malloc(klen + 2);
        size_t vlen = strlen("Basic ") + 4 * ((klen + 3) / 3) + 1;

        value = malloc(vlen);
        if (!userpass || !value) {
            free(userpass);
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
            goto done;
        }
        memcpy(userpass, key, klen);
        userpass[klen] = ':';
        memcpy(value, "Basic ", 6);
        base64((const unsigned char *)userpass, klen + 1, value + 6);
        free(userpass);
        rc = add_header(list, "Authorization", value, err);
        break;
    }
    case CCS_AUTH_BEARER: {
        const char *key = req->api_key ? req->api_key : "";
        size_t vlen = strlen("Bearer ") + strlen(key) + 1;

        value = malloc(vlen);
        if (!value) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
            goto done;
        }
        snprintf(value, vlen, "Bearer %s", key);
        rc = add_header(list, "Authorization", value, err);
        break;
    }
    case CCS_AUTH_RAW:
        rc = add_header(list, "Authorization",
                        req->raw_authorization ? req->raw_authorization : "", err);
        break;
    default:
        rc = ccs_error_set(err, CCS_EINVAL, -1, "http: unknown auth kind %d", (int)req->auth);
        break;
    }
    if (rc)
        goto done;
    if (req->idempotency_key && (rc = add_header(list, "Idempotency-Key", req->idempotency_key, err)))
        goto done;
    if (req->stripe_version && (rc = add_header(list, "Stripe-Version", req->stripe_version, err)))
        goto done;
    /* A body is always a Stripe form unless the caller says otherwise. */
    if ((req->body || (req->method && !strcasecmp(req->method, "POST"))) &&
        !has_header(req->headers, "Content-Type") &&
        (rc = add_header(list, "Content-Type", "application/x-www-form-urlencoded", err)))
        goto done;
    /* libcurl would otherwise wait for 100-continue on large bodies;
     * "Expect:" (no value) removes the header. */
    if (!has_header(req->headers, "Expect")) {
        struct curl_slist *next = curl_slist_append(*list, "Expect:");

        if (!next) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
            goto done;
        }
        *list = next;
    }
    for (h = req->headers; h && *h; h++) {
        struct curl_slist *next;

        if (strpbrk(*h, "\r\n")) {
            rc = ccs_error_set(err, CCS_EINVAL, -1, "http: extra header contains CR or LF");
            goto done;
        }
        next = curl_slist_append(*list, *h);
        if (!next) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
            goto done;
        }
        *list = next;
    }
done:
    free(value);
    return rc;
}

static int map_curl_error(CURLcode cc, const struct exchange *ex, const char *method,
                          const char *url, const char *detail, long timeout_ms, ccs_error *err)
{
    const char *why = detail && *detail ? detail : curl_easy_strerror(cc);

    if (ex->nomem)
        return ccs_error_set(err, CCS_ENOMEM, -1, "%s %s: out of memory while receiving", method, url);
    if (ex->body_over)
        return ccs_error_set(err, CCS_ELIMIT, -1,
                             "%s %s: response body exceeds the %zu-byte limit; transfer aborted",
                             method, url, ex->max_response);
    if (ex->headers_over)
        return ccs_error_set(err, CCS_ELIMIT, -1,
                             "%s %s: response headers exceed %zu bytes or %d lines; transfer aborted",
                             method, url, MAX_HEADER_BYTES, MAX_HEADER_COUNT);
    switch (cc) {
    case CURLE_OPERATION_TIMEDOUT:
        return ccs_error_set(err, CCS_ETIMEOUT, -1, "%s %s: timed out (limit %ld ms): %s",
                             method, url, timeout_ms, why);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return ccs_error_set(err, CCS_EINVAL, -1, "%s %s: invalid URL: %s", method, url, why);
    case CURLE_OUT_OF_MEMORY:
        return ccs_error_set(err, CCS_ENOMEM, -1, "%s %s: out of memory", method, url);
    case CURLE_COULDNT_CONNECT:
        return ccs_error_set(err, CCS_ENET, -1, "%s %s: connection failed: %s", method, url, why);
    case CURLE_COULDNT_RESOLVE_HOST:
        return ccs_error_set(err, CCS_ENET, -1, "%s %s: cannot resolve host: %s", method, url, why);
    default:
        return ccs_error_set(err, CCS_ENET, -1, "%s %s: transfer failed: %s", method, url, why);
    }
}

int ccs_http_send(ccs_http_client *c, const ccs_http_request *req,
                  ccs_http_response *resp, ccs_error *err)
{
    struct curl_slist *headers = NULL;
    struct exchange ex;
    char errbuf[CURL_ERROR_SIZE];
    char *url = NULL, *shown = NULL;
    const char *method, *path;
    double start;
    CURL *h;
    CURLcode cc;
    size_t n;
    int rc = CCS_OK;

    if (resp)
        memset(resp, 0, sizeof *resp);
    if (!c || !req || !resp) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "http: client, request and response are required");
        goto done;
    }
    method = req->method && *req->method ? req->method : "GET";
    path = req->path ? req->path : "/";
    if (strpbrk(method, " \t\r\n")) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "http: invalid method");
        goto done;
    }
    n = strlen(c->base_url) + strlen(path) + 2;
    url = malloc(n);
    shown = malloc(strlen(c->shown_url) + strlen(path) + 2);
    if (!url || !shown) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "http: out of memory");
        goto done;
    }
    snprintf(url, n, "%s%s%s", c->base_url, path[0] == '/' ? "" : "/", path);
    sprintf(shown, "%s%s%s", c->shown_url, path[0] == '/' ? "" : "/", path);
    if ((rc = build_headers(req, &headers, err)))
        goto done;

    memset(&ex, 0, sizeof ex);
    ex.resp = resp;
    ex.max_response = c->max_response;
    errbuf[0] = '\0';

    h = c->curl;
    /* Reset drops the previous request's options but keeps live
     * connections, so the next exchange reuses them. */
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
    curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);  /* no gzip bombs */
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (req->body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
        if (strcmp(method, "POST"))
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    } else if (!strcmp(method, "GET")) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (!strcmp(method, "HEAD")) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (!strcmp(method, "POST")) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }

    start = ccs_clock_now_ms();
    cc = curl_easy_perform(h);
    resp->duration_ms = ccs_clock_now_ms() - start;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    if (!resp->body) {
        resp->body = calloc(1, 1);
        if (!resp->body && !ex.nomem)
            ex.nomem = 1;
    }
    if (cc != CURLE_OK || ex.nomem)
        rc = map_curl_error(cc, &ex, method, shown, errbuf, c->timeout_ms, err);
    /* The handle must not keep pointers into this call's stack. */
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
done:
    curl_slist_free_all(headers);
    free(url);
    free(shown);
    return rc;
}
