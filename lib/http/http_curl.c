/* A shell command that reproduces a request, with every secret redacted. */
#include "ccs/http.h"
#include "ccs/redact.h"
#include "ccs/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* POSIX shell single quoting: ' becomes '\''. */
static void put_quoted(ccs_strbuf *b, const char *s, size_t n)
{
    size_t i;

    ccs_strbuf_put(b, "'", 1);
    for (i = 0; i < n; i++) {
        if (s[i] == '\'')
            ccs_strbuf_put(b, "'\\''", 4);
        else
            ccs_strbuf_put(b, &s[i], 1);
    }
    ccs_strbuf_put(b, "'", 1);
}

static void put_arg(ccs_strbuf *b, const char *opt, const char *value)
{
    ccs_strbuf_put(b, " ", 1);
    ccs_strbuf_puts(b, opt);
    ccs_strbuf_put(b, " ", 1);
    put_quoted(b, value, strlen(value));
}

/* "Bearer sk_test_..." -> "Bearer sk_test_…abcd"; a value without a scheme
 * is redacted whole. */
static void put_auth_header(ccs_strbuf *b, const char *value)
{
    char red[128], *line;
    const char *sp = strchr(value, ' ');
    size_t n;

    if (sp && sp != value) {
        ccs_redact_key(sp + 1, red, sizeof red);
        n = (size_t)(sp - value) + strlen(red) + 32;
        line = malloc(n);
        if (!line) {
            b->nomem = 1;
            return;
        }
        snprintf(line, n, "Authorization: %.*s %s", (int)(sp - value), value, red);
    } else {
        ccs_redact_key(value, red, sizeof red);
        n = strlen(red) + 32;
        line = malloc(n);
        if (!line) {
            b->nomem = 1;
            return;
        }
        snprintf(line, n, "Authorization: %s", red);
    }
    put_arg(b, "-H", line);
    free(line);
}

/* printf(1) format for bodies with NUL bytes, which no shell argument can
 * carry: octal escapes, % and \ doubled. */
static void put_printf_body(ccs_strbuf *b, const char *s, size_t n)
{
    ccs_strbuf f = {0};
    size_t i;
    char oct[8];

    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];

        if (ch == '%')
            ccs_strbuf_put(&f, "%%", 2);
        else if (ch == '\\')
            ccs_strbuf_put(&f, "\\\\", 2);
        else if (ch < 0x20 || ch == 0x7f) {
            snprintf(oct, sizeof oct, "\\%03o", ch);
            ccs_strbuf_put(&f, oct, 4);
        } else
            ccs_strbuf_put(&f, (const char *)&s[i], 1);
    }
    if (f.nomem)
        b->nomem = 1;
    ccs_strbuf_puts(b, "printf ");
    put_quoted(b, f.p ? f.p : "", f.len);
    ccs_strbuf_puts(b, " | ");
    free(f.p);
}

/* Replace every occurrence of the key (in a body, a path, a header) with its
 * redacted form: the command must never carry it. */
static char *scrub(char *s, const char *key)
{
    char red[128];
    ccs_strbuf out = {0};
    size_t klen;
    const char *p, *hit;

    if (!s || !key)
        return s;
    klen = strlen(key);
    if (klen < 4 || !strstr(s, key))
        return s;
    ccs_redact_key(key, red, sizeof red);
    for (p = s; (hit = strstr(p, key)); p = hit + klen) {
        ccs_strbuf_put(&out, p, (size_t)(hit - p));
        ccs_strbuf_puts(&out, red);
    }
    ccs_strbuf_puts(&out, p);
    free(s);
    if (out.nomem) {
        free(out.p);
        return NULL;
    }
    return out.p;
}

char *ccs_http_curl_command(const char *base_url, const ccs_http_request *req)
{
    ccs_strbuf b = {0};
    const char *method, *path;
    const char *const *h;
    char red[128], *url = NULL, *line = NULL;
    size_t n;
    int has_nul;

    if (!req)
        return NULL;
    method = req->method && *req->method ? req->method : "GET";
    path = req->path ? req->path : "/";
    base_url = base_url ? base_url : "";
    has_nul = req->body && memchr(req->body, '\0', req->body_len) != NULL;

    if (has_nul)
        put_printf_body(&b, req->body, req->body_len);
    ccs_strbuf_puts(&b, "curl -sS -i");
    if (!strcasecmp(method, "HEAD"))
        ccs_strbuf_puts(&b, " --head");
    else
        put_arg(&b, "-X", method);
    n = strlen(base_url) + strlen(path) + 2;
    url = malloc(n);
    if (!url)
        goto fail;
    snprintf(url, n, "%s%s%s", base_url, path[0] == '/' ? "" : "/", path);
    ccs_strbuf_put(&b, " ", 1);
    put_quoted(&b, url, strlen(url));

    switch (req->auth) {
    case CCS_AUTH_BASIC:
        ccs_redact_key(req->api_key ? req->api_key : "", red, sizeof red);
        strncat(red, ":", sizeof red - strlen(red) - 1);
        put_arg(&b, "-u", red);
        break;
    case CCS_AUTH_BEARER:
        ccs_redact_key(req->api_key ? req->api_key : "", red, sizeof red);
        n = strlen(red) + 32;
        line = malloc(n);
        if (!line)
            goto fail;
        snprintf(line, n, "Authorization: Bearer %s", red);
        put_arg(&b, "-H", line);
        break;
    case CCS_AUTH_RAW:
        put_auth_header(&b, req->raw_authorization ? req->raw_authorization : "");
        break;
    default:
        break;
    }
    if (req->idempotency_key) {
        free(line);
        n = strlen(req->idempotency_key) + 32;
        line = malloc(n);
        if (!line)
            goto fail;
        snprintf(line, n, "Idempotency-Key: %s", req->idempotency_key);
        put_arg(&b, "-H", line);
    }
    if (req->stripe_version) {
        free(line);
        n = strlen(req->stripe_version) + 32;
        line = malloc(n);
        if (!line)
            goto fail;
        snprintf(line, n, "Stripe-Version: %s", req->stripe_version);
        put_arg(&b, "-H", line);
    }
    for (h = req->headers; h && *h; h++) {
        if (!strncasecmp(*h, "Authorization:", 14))
            put_auth_header(&b, *h + 14 + strspn(*h + 14, " \t"));
        else
            put_arg(&b, "-H", *h);
    }
    if (req->body) {
        int typed = 0;

        for (h = req->headers; h && *h; h++)
            if (!strncasecmp(*h, "Content-Type:", 13))
                typed = 1;
        if (!typed)
            put_arg(&b, "-H", "Content-Type: application/x-www-form-urlencoded");
        if (has_nul) {
            ccs_strbuf_puts(&b, " --data-binary @-");
        } else {
            ccs_strbuf_puts(&b, " --data-binary ");
            put_quoted(&b, req->body, req->body_len);
        }
    }
    if (b.nomem)
        goto fail;
    free(url);
    free(line);
    return scrub(b.p, req->api_key);
fail:
    free(url);
    free(line);
    free(b.p);
    return NULL;
}
