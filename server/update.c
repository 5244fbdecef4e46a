/* POST /v1/checkout/sessions/:id: metadata merge/unset and collected
 * information, and line_items replacement (keep/change by id, add, remove by
 * omission, reorder by position) with the amounts recomputed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INVALID "parameter_invalid_string"

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

static void set_number(cJSON *o, const char *k, long long v)
{
    if (cJSON_GetObjectItemCaseSensitive(o, k))
        cJSON_ReplaceItemInObjectCaseSensitive(o, k, cJSON_CreateNumber((double)v));
    else
        cJSON_AddNumberToObject(o, k, (double)v);
}

/* line_items replaces the whole list; the session amounts follow it. */
static int new_lines(req_ctx *c, cJSON *s, const cJSON *items, cJSON **out, srv_err *e)
{
    const char *mode = str(s, "mode"), *status = str(s, "status"), *id = str(s, "id");
    const cJSON *td = get(s, "total_details");
    cJSON *stored = NULL;
    long long subtotal = 0, shipping = 0;
    int has_more = 0, rc = -1;

    *out = NULL;
    if (!status || strcmp(status, "open"))
        return err_param(e, INVALID, "line_items",
                         "This Checkout Session is no longer open; its `line_items` cannot be changed.");
    if (!mode || !strcmp(mode, "setup"))
        return err_param(e, INVALID, "line_items", "You cannot pass `line_items` in `setup` mode.");
    if (!cJSON_IsArray(items))
        return err_param(e, INVALID, "line_items", "Invalid array: line_items must be a list of line items.");
    if (store_list_items(c->srv, id, 1000000, NULL, NULL, 0, &stored, &has_more)) {
        err_set(e, 500, "api_error", "", "", "The server could not read the line items.");
        goto done;
    }
    if (lines_replace(c, items, stored, mode, str(s, "currency"), out, &subtotal, e))
        goto done;
    if (cJSON_IsNumber(get(td, "amount_shipping")))
        shipping = (long long)get(td, "amount_shipping")->valuedouble;
    set_number(s, "amount_subtotal", subtotal);
    set_number(s, "amount_total", subtotal + shipping);
    rc = 0;
done:
    cJSON_Delete(stored);
    return rc;
}

void op_update(req_ctx *c, const char *id, cJSON *p)
{
    srv_err e;
    char *text = NULL;
    cJSON *s = NULL, *lines = NULL;
    int rc;

    memset(&e, 0, sizeof e);
    if (validate_params(c->srv, c->ver->p[SRV_OP_UPDATE], p, &e) ||
        validate_expand(get(p, "expand"), session_expandable(), &e))
        goto fail;
    rc = store_get_session(c->srv, c->account, id, &text);
    if (rc == 0) {
        not_found(c, id);
        goto done;
    }
    if (rc < 0 || !(s = cJSON_Parse(text)))
        goto oom;
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
    /* validate everything before the first write: 4xx answers commit */
    if (get(p, "line_items") && new_lines(c, s, get(p, "line_items"), &lines, &e))
        goto fail;
    if (lines && store_replace_items(c->srv, id, lines))
        goto oom;
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
    cJSON_Delete(lines);
    cJSON_Delete(s);
    free(text);
}
