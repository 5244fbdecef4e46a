/* The step interpreter of data-driven cases: a step's request (templates,
 * form, query, headers, auth) is sent through the exchange, its answer
 * checked against the step's expectations (status, headers, JSON body,
 * pointers, contract) and its captures kept for the next steps. */
#include "ccs/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ccs/match.h"
#include "runner_internal.h"

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

/* The expected body, with renamed values under the run's version's names
 * (the default ui_mode is hosted_page, or hosted before dahlia). */
static int match_body(ccs_check_ctx *cx, const cJSON *want, const cJSON *json, const char *where)
{
    cJSON *renamed = cx->cfg->api && cJSON_IsObject(want) ? cJSON_Duplicate(want, 1) : NULL;
    ccs_mismatch mm;
    ccs_error err;
    int ended = 0;

    ccs_error_clear(&err);
    memset(&mm, 0, sizeof mm);
    if (renamed)
        ccs_runner_version_rename(cx->cfg, "POST", "/v1/checkout/sessions", renamed);
    if (ccs_match_json(renamed ? renamed : want, json, "", &cx->tctx, &mm, &err))
        ended = ccs_runner_error(cx, "%s: body expectation %s: %s", where, err.pointer, err.message);
    else if (mm.failed)
        ended = ccs_runner_fail(cx, mm.pointer, mm.expected, mm.actual, "%s: body %s", where, mm.message);
    cJSON_Delete(renamed);
    return ended;
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
        ccs_runner_error_summary(json, summary, sizeof summary);
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
    if (v && match_body(cx, v, json, where))
        return 1;
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

int ccs_runner_run_step(ccs_check_ctx *cx, const cJSON *step, int si)
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
