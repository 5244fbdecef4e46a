/* Stripe's error envelope and the response writers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strnlen(src, cap - 1) : 0;

    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Fill e; always -1, so callers can `return err_...(...)`. */
static int verr_set(srv_err *e, int status, const char *type, const char *code, const char *param,
                    const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static int verr_set(srv_err *e, int status, const char *type, const char *code, const char *param,
                    const char *fmt, va_list ap)
{
    e->status = status;
    copy(e->type, sizeof e->type, type);
    copy(e->code, sizeof e->code, code);
    copy(e->param, sizeof e->param, param);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    return -1;
}

int err_set(srv_err *e, int status, const char *type, const char *code, const char *param,
            const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verr_set(e, status, type, code, param, fmt, ap);
    va_end(ap);
    return -1;
}

int err_param(srv_err *e, const char *code, const char *param, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verr_set(e, 400, "invalid_request_error", code, param, fmt, ap);
    va_end(ap);
    return -1;
}

void resp_header(ccs_server_response *resp, const char *name, const char *value)
{
    int i;

    for (i = 0; i < resp->header_count; i++)
        if (!strcasecmp(resp->headers[i][0], name))
            break;
    if (i == resp->header_count) {
        if (resp->header_count >= 8)
            return;
        resp->header_count++;
    }
    copy(resp->headers[i][0], sizeof resp->headers[i][0], name);
    copy(resp->headers[i][1], sizeof resp->headers[i][1], value);
}

void reply_text(req_ctx *c, int status, const char *json)
{
    ccs_server_response *r = c->resp;

    free(r->body);
    r->status = status;
    r->body = strdup(json ? json : "{}");
    r->body_len = r->body ? strlen(r->body) : 0;
}

void reply_json(req_ctx *c, int status, cJSON *body)
{
    size_t len = 0;
    char *text = body ? json_print(body, &len) : NULL;
    ccs_server_response *r = c->resp;

    cJSON_Delete(body);
    free(r->body);
    r->status = text ? status : 500;
    r->body = text ? text : strdup("{\"error\":{\"type\":\"api_error\",\"message\":\"out of memory\"}}");
    r->body_len = text ? len : (r->body ? strlen(r->body) : 0);
}

void reply_error(req_ctx *c, const srv_err *e)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *obj = FAULT(c->srv, F_ERROR_ENVELOPE_FLAT) ? root : cJSON_AddObjectToObject(root, "error");

    if (e->code[0])
        cJSON_AddStringToObject(obj, "code", e->code);
    if (e->code[0])
        {
            char url[128];

            snprintf(url, sizeof url, "https://stripe.com/docs/error-codes/%s", e->code);
            for (char *p = url + 36; *p; p++)
                if (*p == '_')
                    *p = '-';
            cJSON_AddStringToObject(obj, "doc_url", url);
        }
    cJSON_AddStringToObject(obj, "message", e->message);
    if (e->param[0] && !FAULT(c->srv, F_ERROR_NO_PARAM))
        cJSON_AddStringToObject(obj, "param", e->param);
    if (c->resp->request_id[0]) {
        char url[128];

        snprintf(url, sizeof url, "https://dashboard.stripe.com/test/logs/%s", c->resp->request_id);
        cJSON_AddStringToObject(obj, "request_log_url", url);
    }
    cJSON_AddStringToObject(obj, "type", e->type[0] ? e->type : "invalid_request_error");
    reply_json(c, e->status ? e->status : 400, root);
}

void not_found(req_ctx *c, const char *id)
{
    srv_err e;

    err_set(&e, FAULT(c->srv, F_NOT_FOUND_400) ? 400 : 404, "invalid_request_error",
            "resource_missing", "id", "No such checkout.session: '%.200s'", id);
    reply_error(c, &e);
}
