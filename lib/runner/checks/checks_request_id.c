/* Builtin: a distinct Request-Id on every response, errors included. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/match.h"
#include "checks.h"

static const char *const rid_params[] = {"pattern", "create", NULL};

int ccs_check_request_id_validate(const cJSON *params, ccs_error *err)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(params, "pattern");
    regex_t rx;

    if (ccs_check_params(params, rid_params, err))
        return CCS_EINVAL;
    if (p) {
        if (!cJSON_IsString(p))
            return ccs_error_set_at(err, CCS_EINVAL, "/params/pattern", "pattern must be a POSIX extended regex");
        if (ccs_match_regcomp(&rx, p->valuestring, strlen(p->valuestring), err) != CCS_OK)
            return ccs_error_set_at(err, CCS_EINVAL, "/params/pattern",
                                    "pattern must be a POSIX extended regex of bounded size");
        regfree(&rx);
    }
    return CCS_OK;
}

struct probe {
    const char *label;
    const char *method;
    int path_kind;     /* 0 collection, 1 the session, 2 unknown session, 3 its line items */
    int auth;          /* 0 key, 1 none, 2 wrong key */
    int form;          /* 0 none, 1 valid create, 2 invalid create, 3 metadata update */
};

static const struct probe probes[] = {
    {"create", "POST", 0, 0, 1},
    {"retrieve", "GET", 1, 0, 0},
    {"update", "POST", 1, 0, 3},
    {"line items", "GET", 3, 0, 0},
    {"retrieve unknown id (404)", "GET", 2, 0, 0},
    {"invalid create (400)", "POST", 0, 0, 2},
    {"no credentials (401)", "GET", 1, 1, 0},
    {"wrong key (401)", "GET", 1, 2, 0},
};

int ccs_check_request_id(ccs_check_ctx *cx, const cJSON *params)
{
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(params, "pattern");
    const char *pattern = cJSON_IsString(pat) ? pat->valuestring : "^req_[A-Za-z0-9]+$";
    char *seen[sizeof probes / sizeof probes[0]] = {0};
    char *id = NULL;
    size_t i, k;
    regex_t rx;
    int ended = 0;

    if (ccs_match_regcomp(&rx, pattern, strlen(pattern), NULL) != CCS_OK)
        return ccs_runner_error(cx, "bad Request-Id pattern \"%s\"", pattern);
    for (i = 0; i < sizeof probes / sizeof probes[0] && !ended; i++) {
        const struct probe *p = &probes[i];
        cJSON *form = NULL;
        char path[512];
        ccs_exchange ex;
        const ccs_http_response *resp;
        const char *rid;

        if (p->path_kind == 0)
            snprintf(path, sizeof path, "/v1/checkout/sessions");
        else if (p->path_kind == 2)
            snprintf(path, sizeof path, "/v1/checkout/sessions/cs_test_doesnotexist000000000000");
        else
            snprintf(path, sizeof path, "/v1/checkout/sessions/%s%s", id ? id : "", p->path_kind == 3 ? "/line_items" : "");
        if (p->form == 1 || p->form == 2) {
            form = ccs_runner_default_create(params);
            if (form && p->form == 2) {
                cJSON_DeleteItemFromObjectCaseSensitive(form, "mode");
                cJSON_AddStringToObject(form, "mode", "not_a_mode");
            }
        } else if (p->form == 3) {
            form = cJSON_Parse("{\"metadata\":{\"probe\":\"1\"}}");
        }
        if (p->form && !form) {
            ended = ccs_runner_error(cx, "out of memory");
            break;
        }
        ccs_runner_exchange_init(&ex, p->method, path);
        ex.form = form;
        if (p->auth == 1)
            ex.auth = CCS_AUTH_NONE;
        if (p->auth == 2) {
            /* Any sk_test_ key may be its own account: use a malformed one. */
            ex.auth = CCS_AUTH_BEARER;
            ex.api_key = "not_a_key";
        }
        ended = ccs_runner_exchange(cx, &ex, &resp, NULL);
        cJSON_Delete(form);
        if (ended)
            break;
        if (i == 0) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(cx->last_json, "id");

            if (ccs_runner_expect_status(cx, 200, p->label)) {
                ended = 1;
                break;
            }
            if (!cJSON_IsString(v)) {
                ended = ccs_runner_fail(cx, "/id", "a session id", "(absent)", "create: no id");
                break;
            }
            id = strdup(v->valuestring);
        }
        rid = ccs_http_response_header(resp, "Request-Id");
        if (!rid) {
            ended = ccs_runner_fail(cx, "Request-Id", pattern, "(absent)", "%s (HTTP %ld): no Request-Id header",
                                    p->label, resp->status);
            break;
        }
        if (regexec(&rx, rid, 0, NULL, 0)) {
            ended = ccs_runner_fail(cx, "Request-Id", pattern, rid, "%s (HTTP %ld): Request-Id does not match",
                                    p->label, resp->status);
            break;
        }
        for (k = 0; k < i; k++)
            if (seen[k] && !strcmp(seen[k], rid)) {
                ended = ccs_runner_fail(cx, "Request-Id", "a distinct value per request", rid,
                                        "%s: Request-Id repeats the one of \"%s\"", p->label, probes[k].label);
                break;
            }
        seen[i] = strdup(rid);
    }
    for (i = 0; i < sizeof probes / sizeof probes[0]; i++)
        free(seen[i]);
    free(id);
    regfree(&rx);
    return ended;
}
