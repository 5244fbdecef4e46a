/* Sessions of another client of a shared account (--prefill,
 * --background-writes): made by the create path, so they are sessions this
 * server would answer with, then moved to the state asked for as checkout
 * would have left them (expired: url null; complete: paid, url null, the
 * objects payment made). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"
#include "internal.h"

/* catalog prices (golden/catalog.json): one-time for payment, recurring
 * for subscription, in each of its currencies */
static const char *const one_time[] = {"price_1MotwRLkdIwHu7ixYcPLm5uZ", "price_CcsMugEur0000000001",
                                       "price_CcsStickerJpy000001"};
static const char *const recurring[] = {"price_CcsBasicMonthlyUsd01", "price_CcsProYearlyUsd00001",
                                        "price_CcsWeeklyBoxEur00001"};

/* The create body another client could have posted. */
static void form_for(char *buf, size_t cap, int mode, const char *origin, uint64_t *rng)
{
    unsigned n = (unsigned)(sandbox_rand(rng) % 1000000);
    const char *common = "success_url=https://example.com/success&cancel_url=https://example.com/cancel";

    if (mode == SBX_SETUP)
        snprintf(buf, cap, "mode=setup&currency=%s&%s&customer_email=buyer%u@example.com"
                 "&client_reference_id=order_%u&metadata[ccs_sandbox]=%s", n % 2 ? "eur" : "usd", common, n, n,
                 origin);
    else
        snprintf(buf, cap, "mode=%s&line_items[0][price]=%s&line_items[0][quantity]=%u&%s"
                 "&customer_email=buyer%u@example.com&client_reference_id=order_%u&metadata[ccs_sandbox]=%s",
                 mode == SBX_PAYMENT ? "payment" : "subscription",
                 mode == SBX_PAYMENT ? one_time[n % 3] : recurring[n % 3], 1 + n % 3, common, n, n, origin);
}

/* What a completed checkout leaves on the session. */
static void complete_details(cJSON *s, const char *email)
{
    cJSON *cd = cJSON_CreateObject();

    cJSON_AddNullToObject(cd, "address");
    cJSON_AddNullToObject(cd, "business_name");
    cJSON_AddItemToObject(cd, "email", str_or_null(email));
    cJSON_AddNullToObject(cd, "individual_name");
    cJSON_AddStringToObject(cd, "name", "Sandbox Buyer");
    cJSON_AddNullToObject(cd, "phone");
    cJSON_AddStringToObject(cd, "tax_exempt", "none");
    cJSON_AddArrayToObject(cd, "tax_ids");
    cJSON_ReplaceItemInObjectCaseSensitive(s, "customer_details", cd);
}

/* ids: buffers for the ids a completed session refers to (index points
 * into them). -1 out of memory. */
static int move_to_state(create_prep *prep, int mode, int state, char ids[4][40])
{
    session_index *ix = &prep->index;
    cJSON *s = cJSON_Parse(prep->text);
    char *text;
    size_t len = 0;

    if (!s)
        return -1;
    cJSON_ReplaceItemInObjectCaseSensitive(s, "status", cJSON_CreateString(state == SBX_COMPLETE ? "complete" :
                                                                                                  "expired"));
    cJSON_ReplaceItemInObjectCaseSensitive(s, "url", cJSON_CreateNull());
    ix->status = state == SBX_COMPLETE ? "complete" : "expired";
    if (state == SBX_COMPLETE) {
        cJSON_ReplaceItemInObjectCaseSensitive(s, "payment_status", cJSON_CreateString(mode == SBX_SETUP ?
                                                                   "no_payment_required" : "paid"));
        complete_details(s, ix->email);
        if (mode == SBX_PAYMENT) {
            ids_make(ids[0], 40, "pi_", 24);
            cJSON_ReplaceItemInObjectCaseSensitive(s, "payment_intent", cJSON_CreateString(ids[0]));
            ix->payment_intent = ids[0];
        } else if (mode == SBX_SETUP) {
            ids_make(ids[1], 40, "seti_", 24);
            cJSON_ReplaceItemInObjectCaseSensitive(s, "setup_intent", cJSON_CreateString(ids[1]));
        } else {
            ids_make(ids[0], 40, "sub_", 24);
            ids_make(ids[1], 40, "in_", 24);
            ids_make(ids[2], 40, "cus_", 14);
            cJSON_ReplaceItemInObjectCaseSensitive(s, "subscription", cJSON_CreateString(ids[0]));
            cJSON_ReplaceItemInObjectCaseSensitive(s, "invoice", cJSON_CreateString(ids[1]));
            cJSON_ReplaceItemInObjectCaseSensitive(s, "customer", cJSON_CreateString(ids[2]));
            ix->subscription = ids[0];
            ix->customer = ids[2];
        }
    }
    text = json_print(s, &len);
    cJSON_Delete(s);
    if (!text)
        return -1;
    free(prep->text);
    prep->text = text;
    prep->len = len;
    return 0;
}

int sandbox_session_add(ccs_server *srv, const char *account, long long created, int mode, int state,
                        const char *origin, uint64_t *rng)
{
    ccs_server_request req;
    ccs_server_response resp;
    create_prep prep;
    req_ctx c;
    ccs_error err;
    cJSON *params = NULL;
    char form[512], ids[4][40];
    int rc = -1;

    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    memset(&prep, 0, sizeof prep);
    memset(&c, 0, sizeof c);
    c.srv = srv;
    c.ver = srv->native;
    c.req = &req;
    c.resp = &resp; /* a failed prepare replies here; nobody reads it */
    c.now = created;
    snprintf(c.account, sizeof c.account, "%s", account);
    form_for(form, sizeof form, mode, origin, rng);
    if (ccs_form_decode(form, strlen(form), srv->native->p[SRV_OP_CREATE], NULL, &params, &err) != CCS_OK)
        goto done;
    if (create_prepare(&c, params, &prep))
        goto done;
    if (state != SBX_OPEN && move_to_state(&prep, mode, state, ids))
        goto done;
    rc = store_insert_session(srv, account, &prep.index, prep.text, prep.items);
done:
    create_prep_free(&prep);
    cJSON_Delete(params);
    ccs_server_response_free(&resp);
    return rc;
}
