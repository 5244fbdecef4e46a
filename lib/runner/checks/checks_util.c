/* Helpers shared by the builtin checks. */
#include <stdio.h>
#include <string.h>

#include "checks.h"

int ccs_check_create(ccs_check_ctx *cx, const cJSON *form, const char *what, char **id, cJSON **session)
{
    ccs_exchange ex;
    const cJSON *json, *v;

    *id = NULL;
    if (session)
        *session = NULL;
    ccs_runner_exchange_init(&ex, "POST", "/v1/checkout/sessions");
    ex.form = form;
    if (ccs_runner_exchange(cx, &ex, NULL, &json))
        return 1;
    if (ccs_runner_expect_status(cx, 200, what))
        return 1;
    v = cJSON_GetObjectItemCaseSensitive(json, "id");
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return ccs_runner_fail(cx, "/id", "a session id", "(absent)", "%s: the created session has no id", what);
    *id = strdup(v->valuestring);
    if (session)
        *session = cJSON_Duplicate(json, 1);
    if (!*id || (session && !*session))
        return ccs_runner_error(cx, "out of memory");
    return 0;
}

int ccs_check_params(const cJSON *params, const char *const *allowed, ccs_error *err)
{
    const cJSON *c;
    size_t i;

    if (!params)
        return CCS_OK;
    if (!cJSON_IsObject(params))
        return ccs_error_set_at(err, CCS_EINVAL, "/params", "params must be an object");
    cJSON_ArrayForEach(c, params) {
        int ok = c->string[0] == '_';

        for (i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(allowed[i], c->string);
        if (!ok)
            return ccs_error_set_at(err, CCS_EINVAL, "/params", "unknown parameter \"%s\"", c->string);
    }
    c = cJSON_GetObjectItemCaseSensitive(params, "create");
    if (c && !cJSON_IsObject(c))
        return ccs_error_set_at(err, CCS_EINVAL, "/params/create", "create must be a form object");
    return CCS_OK;
}

int ccs_check_param_range(const cJSON *params, const char *name, long long lo, long long hi, ccs_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);
    char ptr[128];

    if (!v)
        return CCS_OK;
    snprintf(ptr, sizeof ptr, "/params/%s", name);
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble || v->valuedouble < (double)lo ||
        v->valuedouble > (double)hi)
        return ccs_error_set_at(err, CCS_EINVAL, ptr, "%s must be an integer %lld..%lld", name, lo, hi);
    return CCS_OK;
}

void ccs_check_set_int(cJSON *obj, const char *name, long long v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%lld", v);
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddStringToObject(obj, name, buf);
}

cJSON *ccs_check_line_item(long long unit_amount, long long quantity, const char *name)
{
    cJSON *li = cJSON_CreateObject(), *pd, *prod;

    if (!li)
        return NULL;
    pd = cJSON_AddObjectToObject(li, "price_data");
    if (!pd) {
        cJSON_Delete(li);
        return NULL;
    }
    cJSON_AddStringToObject(pd, "currency", "usd");
    ccs_check_set_int(pd, "unit_amount", unit_amount);
    prod = cJSON_AddObjectToObject(pd, "product_data");
    if (prod)
        cJSON_AddStringToObject(prod, "name", name);
    ccs_check_set_int(li, "quantity", quantity);
    return li;
}
