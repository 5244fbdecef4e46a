/* POST /v1/checkout/sessions/:id: metadata merge/unset and collected
 * information; line_items replacement is answered with a clear 400. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INVALID "parameter_invalid_string"

static const cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int merge_metadata(req_ctx *c, cJSON *s, const cJSON *md, srv_err *e)
{
    cJSON *cur = cJSON_GetObjectItemCaseSensitive(s, "metadata");
    const cJSON *kv;

    if (!md)
        return 0;
    if (validate_metadata(md, "metadata", 1, e))
        return -1;
    if (!cJSON_IsObject(cur) || cJSON_IsString(md) || FAULT(c->srv, F_METADATA_REPLACE)) {
        cur = cJSON_CreateObject();
        cJSON_DeleteItemFromObjectCaseSensitive(s, "metadata");
        cJSON_AddItemToObject(s, "metadata", cur);
    }
    if (cJSON_IsString(md))
        return 0; /* metadata="" unsets every key */
    cJSON_ArrayForEach(kv, md) {
        cJSON_DeleteItemFromObjectCaseSensitive(cur, kv->string);
        if (kv->valuestring[0] || FAULT(c->srv, F_METADATA_UNSET_IGNORED))
            cJSON_AddStringToObject(cur, kv->string, kv->valuestring);
    }
    if (cJSON_GetArraySize(cur) > 50)
        return err_param(e, INVALID, "metadata",
                         "You can have up to 50 metadata keys; this update would leave %d.", cJSON_GetArraySize(cur));
    return 0;
}

static cJSON *str_or_null(const char *v)
{
    return v ? cJSON_CreateString(v) : cJSON_CreateNull();
}

static int collected(cJSON *s, const cJSON *ci, srv_err *e)
{
    const cJSON *sd = get(ci, "shipping_details");
    const cJSON *ui = get(s, "ui_mode");
    cJSON *o, *d, *a;
    static const char *const fields[] = {"city", "country", "line1", "line2", "postal_code", "state"};
    size_t i;

    if (!ci)
        return 0;
    if (cJSON_IsString(ui) && !strcmp(ui->valuestring, "hosted_page"))
        return err_param(e, INVALID, "collected_information",
                         "`collected_information` can only be set on sessions with `ui_mode` `embedded_page` or "
                         "`elements`.");
    o = cJSON_CreateObject();
    cJSON_AddNullToObject(o, "business_name");
    cJSON_AddNullToObject(o, "individual_name");
    if (sd) {
        d = cJSON_AddObjectToObject(o, "shipping_details");
        a = cJSON_AddObjectToObject(d, "address");
        for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
            cJSON_AddItemToObject(a, fields[i], str_or_null(str(get(sd, "address"), fields[i])));
        cJSON_AddItemToObject(d, "name", str_or_null(str(sd, "name")));
    } else {
        cJSON_AddNullToObject(o, "shipping_details");
    }
    cJSON_DeleteItemFromObjectCaseSensitive(s, "collected_information");
    cJSON_AddItemToObject(s, "collected_information", o);
    return 0;
}

void op_update(req_ctx *c, const char *id, cJSON *p)
{
    srv_err e;
    char *text = NULL;
    cJSON *s = NULL;
    int rc;

    memset(&e, 0, sizeof e);
    if (validate_params(c->srv, c->srv->p_update, p, &e) ||
        validate_expand(get(p, "expand"), session_expandable(), &e))
        goto fail;
    rc = store_get_session(c->srv, c->account, id, &text);
    if (rc == 0) {
        not_found(c, id);
        goto done;
    }
    if (rc < 0 || !(s = cJSON_Parse(text)))
        goto oom;
    if (get(p, "line_items")) {
        err_param(&e, INVALID, "line_items",
                  "Updating `line_items` is not supported by this server; create a new session instead.");
        goto fail;
    }
    if (cJSON_IsArray(get(p, "shipping_options")) && cJSON_GetArraySize(get(p, "shipping_options")) > 0) {
        err_param(&e, INVALID, "shipping_options", "`shipping_options` is not supported by this server.");
        goto fail;
    }
    if (get(p, "collected_information") && str(s, "status") && strcmp(str(s, "status"), "open")) {
        err_param(&e, INVALID, "collected_information",
                  "This Checkout Session is no longer open; `collected_information` cannot be changed.");
        goto fail;
    }
    if (merge_metadata(c, s, get(p, "metadata"), &e) || collected(s, get(p, "collected_information"), &e))
        goto fail;
    if (store_update_session(c->srv, c->account, s))
        goto oom;
    if (session_expand_line_items(c, s, get(p, "expand"), "line_items", &e))
        goto fail;
    reply_json(c, 200, session_render_fix(c->srv, s));
    s = NULL;
    goto done;
oom:
    err_set(&e, 500, "api_error", "", "", "The server could not update the session.");
fail:
    reply_error(c, &e);
done:
    cJSON_Delete(s);
    free(text);
}
