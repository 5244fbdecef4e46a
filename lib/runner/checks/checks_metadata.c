/* Builtin: metadata limits (50 keys, key 40 chars, value 500 chars). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

static const char *const md_params[] = {"endpoint", "create", NULL};

int ccs_check_metadata_validate(const cJSON *params, ccs_error *err)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(params, "endpoint");

    if (ccs_check_params(params, md_params, err))
        return CCS_EINVAL;
    if (e && (!cJSON_IsString(e) || (strcmp(e->valuestring, "create") && strcmp(e->valuestring, "update"))))
        return ccs_error_set_at(err, CCS_EINVAL, "/params/endpoint", "endpoint must be \"create\" or \"update\"");
    return CCS_OK;
}

static cJSON *make_metadata(int keys, int key_len, int value_len)
{
    cJSON *md = cJSON_CreateObject();
    char key[128], *value = malloc((size_t)value_len + 1);
    int i;

    if (!md || !value) {
        cJSON_Delete(md);
        free(value);
        return NULL;
    }
    memset(value, 'v', (size_t)value_len);
    value[value_len] = '\0';
    for (i = 0; i < keys; i++) {
        int n = snprintf(key, sizeof key, "k%d_", i);

        while (n < key_len && n + 1 < (int)sizeof key)
            key[n++] = 'x';
        key[n] = '\0';
        cJSON_AddStringToObject(md, key, value);
    }
    free(value);
    return md;
}

static int one(ccs_check_ctx *cx, const cJSON *params, int update, int keys, int key_len, int value_len, int ok,
               const char *label)
{
    cJSON *form = update ? cJSON_CreateObject() : ccs_runner_default_create(params), *md;
    char *id = NULL, path[512], what[128];
    ccs_exchange ex;
    const cJSON *json;
    int ended = 0;

    if (!form)
        return ccs_runner_error(cx, "out of memory");
    md = make_metadata(keys, key_len, value_len);
    if (!md) {
        cJSON_Delete(form);
        return ccs_runner_error(cx, "out of memory");
    }
    cJSON_AddItemToObject(form, "metadata", md);
    snprintf(what, sizeof what, "%s with %s", update ? "update" : "create", label);
    snprintf(path, sizeof path, "/v1/checkout/sessions");
    if (update) {
        cJSON *cf = ccs_runner_default_create(params);

        ended = cf ? ccs_check_create(cx, cf, "create a session to update", &id, NULL) : ccs_runner_error(cx, "out of memory");
        cJSON_Delete(cf);
        snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id ? id : "");
    }
    if (!ended) {
        ccs_runner_exchange_init(&ex, "POST", path);
        ex.form = form;
        ended = ccs_runner_exchange(cx, &ex, NULL, &json) || ccs_runner_expect_status(cx, ok ? 200 : 400, what);
    }
    if (!ended && ok) {
        const cJSON *got = cJSON_GetObjectItemCaseSensitive(json, "metadata");

        if (!cJSON_IsObject(got) || !cJSON_Compare(got, md, 1)) {
            char exp[64], act[64];

            snprintf(exp, sizeof exp, "the %d keys sent", keys);
            snprintf(act, sizeof act, "%d keys", cJSON_IsObject(got) ? cJSON_GetArraySize(got) : -1);
            ended = ccs_runner_fail(cx, "/metadata", exp, act, "%s: metadata in the response differs from the request",
                                    what);
        }
    }
    free(id);
    cJSON_Delete(form);
    return ended;
}

int ccs_check_metadata_limits(ccs_check_ctx *cx, const cJSON *params)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(params, "endpoint");
    int up = cJSON_IsString(e) && !strcmp(e->valuestring, "update");

    return one(cx, params, up, 50, 8, 10, 1, "50 keys") || one(cx, params, up, 51, 8, 10, 0, "51 keys") ||
           one(cx, params, up, 1, 40, 10, 1, "a 40-character key") ||
           one(cx, params, up, 1, 41, 10, 0, "a 41-character key") ||
           one(cx, params, up, 1, 8, 500, 1, "a 500-character value") ||
           one(cx, params, up, 1, 8, 501, 0, "a 501-character value");
}
