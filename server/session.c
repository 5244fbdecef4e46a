/* Rendering a stored session for a response: expansion of line_items and
 * the render-time faults. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int expand_wants(const cJSON *expand, const char *path)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, expand)
        if (cJSON_IsString(x) && !strcmp(x->valuestring, path))
            return 1;
    return 0;
}

cJSON *list_envelope(cJSON *data, int has_more, const char *url)
{
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "object", "list");
    cJSON_AddItemToObject(o, "data", data);
    cJSON_AddBoolToObject(o, "has_more", has_more);
    cJSON_AddStringToObject(o, "url", url);
    return o;
}

int session_expand_line_items(req_ctx *c, cJSON *s, const cJSON *expand, const char *path, srv_err *e)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
    cJSON *rows = NULL;
    int has_more = 0;
    char url[160];

    if (FAULT(c->srv, F_EXPAND_IGNORED))
        return 0;
    if (!FAULT(c->srv, F_LINE_ITEMS_ALWAYS) && !expand_wants(expand, path))
        return 0;
    if (!cJSON_IsString(id))
        return 0;
    if (store_list_items(c->srv, id->valuestring, 10, NULL, NULL, FAULT(c->srv, F_LINE_ITEMS_REVERSED), &rows,
                         &has_more)) {
        cJSON_Delete(rows);
        return err_set(e, 500, "api_error", "", "", "The server could not read the line items.");
    }
    if (FAULT(c->srv, F_HAS_MORE_FALSE))
        has_more = 0;
    if (FAULT(c->srv, F_HAS_MORE_TRUE))
        has_more = 1;
    snprintf(url, sizeof url, "/v1/checkout/sessions/%s/line_items", id->valuestring);
    cJSON_DeleteItemFromObjectCaseSensitive(s, "line_items");
    cJSON_AddItemToObject(s, "line_items", list_envelope(rows, has_more, url));
    return 0;
}

static void replace(cJSON *s, const char *k, cJSON *v)
{
    if (cJSON_GetObjectItemCaseSensitive(s, k))
        cJSON_ReplaceItemInObjectCaseSensitive(s, k, v);
    else
        cJSON_Delete(v);
}

/* One render fault applied to s. */
static void render_fault(int fault, cJSON *s)
{
    const cJSON *v;

    switch (fault) {
    case F_MISSING_CREATED:
        cJSON_DeleteItemFromObjectCaseSensitive(s, "created");
        break;
    case F_MISSING_OBJECT:
        cJSON_DeleteItemFromObjectCaseSensitive(s, "object");
        break;
    case F_MISSING_URL:
        cJSON_DeleteItemFromObjectCaseSensitive(s, "url");
        break;
    case F_AMOUNT_AS_STRING:
        if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(s, "amount_total"))) {
            char buf[32];

            snprintf(buf, sizeof buf, "%.0f", v->valuedouble);
            replace(s, "amount_total", cJSON_CreateString(buf));
        }
        break;
    case F_LIVEMODE_AS_STRING:
        replace(s, "livemode", cJSON_CreateString("false"));
        break;
    case F_NULL_PM_TYPES:
        replace(s, "payment_method_types", cJSON_CreateNull());
        break;
    case F_URL_NULL_WHILE_OPEN:
        replace(s, "url", cJSON_CreateNull());
        break;
    case F_BAD_STATUS_ENUM:
        v = cJSON_GetObjectItemCaseSensitive(s, "status");
        replace(s, "status", cJSON_CreateString(cJSON_IsString(v) && !strcmp(v->valuestring, "open") ?
                                                "opened" : "closed"));
        break;
    case F_BAD_MODE_ENUM:
        if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(s, "mode")))
            for (char *p = v->valuestring; *p; p++)
                *p = (char)toupper((unsigned char)*p);
        break;
    case F_AMOUNT_TOTAL_OFF_BY_ONE:
        if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(s, "amount_total")))
            replace(s, "amount_total", cJSON_CreateNumber(v->valuedouble + 1));
        break;
    case F_SETUP_UNPAID:
        v = cJSON_GetObjectItemCaseSensitive(s, "mode");
        if (cJSON_IsString(v) && !strcmp(v->valuestring, "setup"))
            replace(s, "payment_status", cJSON_CreateString("unpaid"));
        break;
    default:
        break;
    }
}

cJSON *session_render_fix(const ccs_server *srv, cJSON *s)
{
    int f;

    if (!s || !srv->faults)
        return s;
    for (f = F_NONE + 1; f < F_COUNT; f++)
        if (FAULT(srv, f))
            render_fault(f, s);
    return s;
}
