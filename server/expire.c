/* POST /v1/checkout/sessions/:id/expire: open -> expired, url cleared. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void op_expire(req_ctx *c, const char *id, cJSON *p)
{
    srv_err e;
    char *text = NULL;
    cJSON *s = NULL;
    const cJSON *st;
    int rc;

    memset(&e, 0, sizeof e);
    if (validate_params(c->srv, c->ver->p[SRV_OP_EXPIRE], p, &e) ||
        validate_expand(cJSON_GetObjectItemCaseSensitive(p, "expand"), session_expandable(), &e))
        goto fail;
    rc = store_get_session(c->srv, c->account, id, &text);
    if (rc == 0) {
        not_found(c, id);
        goto done;
    }
    if (rc < 0 || !(s = cJSON_Parse(text)))
        goto oom;
    st = cJSON_GetObjectItemCaseSensitive(s, "status");
    if (!cJSON_IsString(st) || strcmp(st->valuestring, "open")) {
        if (!FAULT(c->srv, F_EXPIRE_TWICE_OK)) {
            err_set(&e, 400, "invalid_request_error", "checkout_session_not_open", "",
                    "Only Checkout Sessions with a status of `open` can be expired. This session has a status "
                    "of `%s`.", cJSON_IsString(st) ? st->valuestring : "unknown");
            goto fail;
        }
    } else {
        cJSON_ReplaceItemInObjectCaseSensitive(s, "status", cJSON_CreateString("expired"));
        if (!FAULT(c->srv, F_EXPIRE_KEEPS_URL))
            cJSON_ReplaceItemInObjectCaseSensitive(s, "url", cJSON_CreateNull());
        if (store_update_session(c->srv, c->account, s))
            goto oom;
    }
    if (session_expand_line_items(c, s, cJSON_GetObjectItemCaseSensitive(p, "expand"), "line_items", &e))
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
