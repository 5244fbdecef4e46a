/* Builtin: expires_at window (30 minutes .. 24 hours after creation). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

static const char *const expires_params[] = {"delta", "check_default", "create", NULL};

int ccs_check_expires_validate(const cJSON *params, ccs_error *err)
{
    const cJSON *cd = cJSON_GetObjectItemCaseSensitive(params, "check_default");

    if (ccs_check_params(params, expires_params, err) || ccs_check_param_range(params, "delta", 1, 1700, err))
        return CCS_EINVAL;
    if (cd && !cJSON_IsBool(cd))
        return ccs_error_set_at(err, CCS_EINVAL, "/params/check_default", "check_default must be a boolean");
    return CCS_OK;
}

/* One create with expires_at = at; accepted -> 200 echoing it, else 400. */
static int try_expires(ccs_check_ctx *cx, const cJSON *params, long long at, int accepted, const char *label)
{
    cJSON *form = ccs_runner_default_create(params);
    ccs_exchange ex;
    const cJSON *json;
    char what[128];
    int ended;
    long long got;

    if (!form)
        return ccs_runner_error(cx, "out of memory");
    ccs_check_set_int(form, "expires_at", at);
    snprintf(what, sizeof what, "expires_at = %s (%lld)", label, at);
    ccs_runner_exchange_init(&ex, "POST", "/v1/checkout/sessions");
    ex.form = form;
    ended = ccs_runner_exchange(cx, &ex, NULL, &json) || ccs_runner_expect_status(cx, accepted ? 200 : 400, what);
    cJSON_Delete(form);
    if (ended)
        return 1;
    if (accepted && (!ccs_runner_get_int(json, "expires_at", &got) || got != at)) {
        char exp[32], act[32];

        snprintf(exp, sizeof exp, "%lld", at);
        snprintf(act, sizeof act, "%lld", ccs_runner_get_int(json, "expires_at", &got) ? got : -1);
        return ccs_runner_fail(cx, "/expires_at", exp, act, "%s: the session does not carry the requested expires_at",
                               what);
    }
    if (!accepted) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(json, "error");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "param");

        if (!cJSON_IsObject(e))
            return ccs_runner_fail(cx, "/error", "an error object", "(absent)", "%s: 400 without an error object", what);
        if (!cJSON_IsString(p) || strcmp(p->valuestring, "expires_at"))
            ccs_runner_note(cx, "%s: error.param is not \"expires_at\"", what);
    }
    return 0;
}

int ccs_check_expires_window(ccs_check_ctx *cx, const cJSON *params)
{
    long long delta = ccs_runner_param_int(params, "delta", 60), now, exp_at;
    const cJSON *cd = cJSON_GetObjectItemCaseSensitive(params, "check_default");
    cJSON *form = ccs_runner_default_create(params), *sess = NULL;
    char *id = NULL;
    int ended;

    if (!form)
        return ccs_runner_error(cx, "out of memory");
    /* The server's clock decides: take "now" from a session it creates. */
    ended = ccs_check_create(cx, form, "create (default expires_at)", &id, &sess);
    cJSON_Delete(form);
    if (ended)
        goto done;
    if (!ccs_runner_get_int(sess, "created", &now)) {
        ended = ccs_runner_fail(cx, "/created", "an integer", "(absent)", "the session has no created timestamp");
        goto done;
    }
    if ((!cd || cJSON_IsTrue(cd)) && (!ccs_runner_get_int(sess, "expires_at", &exp_at) || exp_at != now + 86400)) {
        char exp[64], act[32];

        snprintf(exp, sizeof exp, "%lld (created + 86400)", now + 86400);
        snprintf(act, sizeof act, "%lld", ccs_runner_get_int(sess, "expires_at", &exp_at) ? exp_at : -1);
        ended = ccs_runner_fail(cx, "/expires_at", exp, act, "default expires_at is not 24 hours after created");
        goto done;
    }
    ended = try_expires(cx, params, now + 1800 - delta, 0, "now+30min-delta") ||
            try_expires(cx, params, now + 1800 + delta, 1, "now+30min+delta") ||
            try_expires(cx, params, now + 86400, 1, "now+24h") ||
            try_expires(cx, params, now + 86400 + delta, 0, "now+24h+delta") ||
            try_expires(cx, params, now - 60, 0, "in the past");
done:
    free(id);
    cJSON_Delete(sess);
    return ended;
}
