/* Helpers for the server tests: drive ccs_server_handle in process. */
#ifndef TEST_SERVER_UTIL_H
#define TEST_SERVER_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <criterion/criterion.h>

#include "handler.h"

#define KEY_A "sk_test_AAAAaaaa1111"
#define KEY_B "sk_test_BBBBbbbb2222"
#define BODY_PAY "mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok&line_items[0][price_data][currency]=usd" \
                 "&line_items[0][price_data][unit_amount]=1099&line_items[0][price_data][product_data][name]=T-shirt" \
                 "&line_items[0][quantity]=2"

typedef struct res {
    int status;
    cJSON *json;
    ccs_server_response r;
} res;

static inline ccs_server *srv_open_fault(const char *fault)
{
    ccs_server_config cfg = {0};
    ccs_server *s = NULL;
    ccs_error err;

    cfg.fault = fault;
    ccs_error_clear(&err);
    cr_assert_eq(ccs_server_open(&cfg, &s, &err), CCS_OK, "open: %s", err.message);
    return s;
}

static inline res call_full(ccs_server *s, const char *method, const char *path, const char *query,
                            const char *body, const char *auth, const char *idem)
{
    ccs_server_request q;
    res out;
    char hdr[256];

    memset(&q, 0, sizeof q);
    memset(&out, 0, sizeof out);
    q.method = method;
    q.path = path;
    q.query = query;
    if (auth && strncmp(auth, "RAW:", 4)) {
        snprintf(hdr, sizeof hdr, "Bearer %s", auth);
        q.authorization = hdr;
    } else if (auth) {
        q.authorization = auth + 4;
    }
    q.idempotency_key = idem;
    q.body = body;
    q.body_len = body ? strlen(body) : 0;
    q.content_type = body ? "application/x-www-form-urlencoded" : NULL;
    ccs_server_handle(s, &q, &out.r);
    out.status = out.r.status;
    out.json = cJSON_ParseWithLength(out.r.body ? out.r.body : "", out.r.body_len);
    return out;
}

static inline res call(ccs_server *s, const char *method, const char *path, const char *query, const char *body)
{
    return call_full(s, method, path, query, body, KEY_A, NULL);
}

static inline void res_free(res *r)
{
    cJSON_Delete(r->json);
    ccs_server_response_free(&r->r);
}

static inline const cJSON *jget(const cJSON *o, const char *path)
{
    char buf[256], *tok, *save = NULL;
    const cJSON *cur = o;

    snprintf(buf, sizeof buf, "%s", path);
    for (tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(cur))
            cur = cJSON_GetArrayItem(cur, atoi(tok));
        else
            cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    }
    return cur;
}

static inline const char *jstr(const cJSON *o, const char *path)
{
    const cJSON *v = jget(o, path);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static inline double jnum(const cJSON *o, const char *path)
{
    const cJSON *v = jget(o, path);

    return cJSON_IsNumber(v) ? v->valuedouble : -12345;
}

static inline const char *hdr(const res *r, const char *name)
{
    int i;

    for (i = 0; i < r->r.header_count; i++)
        if (!strcasecmp(r->r.headers[i][0], name))
            return r->r.headers[i][1];
    return NULL;
}

/* Creates a payment session and returns its id in out (cap 80). */
static inline void create_id(ccs_server *s, const char *key, char *out)
{
    res r = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, key, NULL);

    cr_assert_eq(r.status, 200, "create: %s", r.r.body);
    snprintf(out, 80, "%s", jstr(r.json, "id"));
    res_free(&r);
}
#endif
