/* --cleanup: the sessions a run created, and expiring the ones left open
 * after it, so a run against a shared account (Stripe's sandbox) leaves no
 * open Checkout Sessions behind. The registry learns from every answered
 * exchange: a create adds its session, any session body says whether that
 * session is still open (an expire case closes its own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/result.h"
#include "runner_internal.h"

#define SESSIONS_PATH "/v1/checkout/sessions"

int ccs_runner_created_init(ccs_created *reg)
{
    memset(reg, 0, sizeof *reg);
    return pthread_mutex_init(&reg->lock, NULL) ? -1 : 0;
}

void ccs_runner_created_free(ccs_created *reg)
{
    size_t i;

    for (i = 0; i < reg->n; i++) {
        free(reg->v[i].id);
        free(reg->v[i].key);
    }
    free(reg->v);
    pthread_mutex_destroy(&reg->lock);
    memset(reg, 0, sizeof *reg);
}

static ccs_created_session *find(ccs_created *reg, const char *id)
{
    size_t i;

    for (i = reg->n; i-- > 0;) /* the newest are looked up most */
        if (!strcmp(reg->v[i].id, id))
            return &reg->v[i];
    return NULL;
}

/* Under reg->lock. Out of memory loses the entry: cleanup is best effort. */
static void add(ccs_created *reg, const char *id, const char *key, int open)
{
    ccs_created_session *s;

    if (reg->n == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 64;
        ccs_created_session *v = realloc(reg->v, cap * sizeof *v);

        if (!v)
            return;
        reg->v = v;
        reg->cap = cap;
    }
    s = &reg->v[reg->n];
    s->id = strdup(id);
    s->key = strdup(key ? key : "");
    s->open = open;
    if (!s->id || !s->key) {
        free(s->id);
        free(s->key);
        return;
    }
    reg->n++;
}

void ccs_runner_created_note(ccs_created *reg, const char *method, const char *path, const char *key, long status,
                             const cJSON *json)
{
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(json, "object");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(json, "id");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(json, "status");
    ccs_created_session *s;
    int open;

    if (!reg || status < 200 || status > 299 || !cJSON_IsString(obj) || strcmp(obj->valuestring, "checkout.session") ||
        !cJSON_IsString(id))
        return;
    /* No status member: take it as open, expiring costs one request. */
    open = !cJSON_IsString(st) || !strcmp(st->valuestring, "open");
    pthread_mutex_lock(&reg->lock);
    if ((s = find(reg, id->valuestring)))
        s->open = open;
    else if (!strcmp(method, "POST") && !strcmp(path, SESSIONS_PATH))
        add(reg, id->valuestring, key, open);
    pthread_mutex_unlock(&reg->lock);
}

/* Expire one session; 0 expired, 1 no longer open, -1 failed. */
static int expire_one(ccs_check_ctx *cx, const ccs_created_session *s)
{
    char path[256];
    ccs_exchange ex;
    const ccs_http_response *resp = NULL;
    const cJSON *json = NULL, *e, *code;

    snprintf(path, sizeof path, SESSIONS_PATH "/%.200s/expire", s->id);
    ccs_runner_exchange_init(&ex, "POST", path);
    ex.api_key = s->key;
    if (ccs_runner_exchange(cx, &ex, &resp, &json) || !resp)
        return -1;
    if (resp->status == 200)
        return 0;
    e = cJSON_GetObjectItemCaseSensitive(json, "error");
    code = cJSON_GetObjectItemCaseSensitive(e, "code");
    /* Stripe: 400 checkout_session_not_open for a session already closed */
    if (resp->status == 400 && cJSON_IsString(code) && !strcmp(code->valuestring, "checkout_session_not_open"))
        return 1;
    return -1;
}

void ccs_runner_cleanup(const ccs_runner_config *cfg, ccs_created *reg, ccs_pacer *pacer, ccs_cleanup_counts *out)
{
    ccs_run_result scratch = {0};
    ccs_check_ctx cx;
    ccs_error err;
    size_t i;

    out->enabled = 1;
    out->created = (int)reg->n;
    memset(&cx, 0, sizeof cx);
    cx.cfg = cfg;
    cx.pacer = pacer;
    /* Failures are counted, not judged: a scratch record takes them. */
    if (ccs_runner_new_client(cfg, &cx.client, &err) || !(cx.r = ccs_result_add(&scratch))) {
        for (i = 0; i < reg->n; i++)
            out->failed += reg->v[i].open;
        goto done;
    }
    for (i = 0; i < reg->n; i++) {
        int rc;

        if (!reg->v[i].open)
            continue;
        cx.ended = 0;
        rc = expire_one(&cx, &reg->v[i]);
        ccs_runner_clear_last(&cx);
        if (rc == 0)
            out->expired++;
        else if (rc < 0)
            out->failed++;
    }
done:
    out->closed = out->created - out->expired - out->failed;
    ccs_http_client_free(cx.client);
    ccs_result_free(&scratch);
}
