/* Unit tests of the reference server's handler, driven in process. */
#include <strings.h>
#include <time.h>

#include "test_server_util.h"

static ccs_server *S;

static void setup(void)
{
    S = srv_open_fault(NULL);
}

static void teardown(void)
{
    ccs_server_close(S);
}

TestSuite(server, .init = setup, .fini = teardown);

static void expect_error(res *r, int status, const char *code, const char *param)
{
    cr_assert_eq(r->status, status, "status %d body %s", r->status, r->r.body);
    cr_assert(cJSON_IsObject(jget(r->json, "error")), "envelope: %s", r->r.body);
    cr_assert_str_eq(jstr(r->json, "error.type"), status == 400 && code && !strcmp(code, "idempotency_key_in_use")
                                                      ? "idempotency_error" : "invalid_request_error");
    if (code)
        cr_assert_str_eq(jstr(r->json, "error.code") ? jstr(r->json, "error.code") : "", code, "%s", r->r.body);
    if (param)
        cr_assert_str_eq(jstr(r->json, "error.param") ? jstr(r->json, "error.param") : "", param, "%s", r->r.body);
    cr_assert(jstr(r->json, "error.message"));
}

static void post_error(const char *body, const char *code, const char *param)
{
    res r = call(S, "POST", "/v1/checkout/sessions", NULL, body);

    expect_error(&r, 400, code, param);
    res_free(&r);
}

Test(server, create_payment_has_every_always_field)
{
    static const char *const always[] = {
        "adaptive_pricing", "after_expiration", "allow_promotion_codes", "amount_subtotal", "amount_total",
        "automatic_tax", "billing_address_collection", "cancel_url", "client_reference_id", "client_secret",
        "collected_information", "consent", "consent_collection", "created", "currency", "currency_conversion",
        "custom_fields", "custom_text", "customer", "customer_account", "customer_creation", "customer_details",
        "customer_email", "discounts", "expires_at", "id", "integration_identifier", "invoice", "invoice_creation",
        "livemode", "locale", "managed_payments", "metadata", "mode", "object", "origin_context", "payment_intent",
        "payment_link", "payment_method_collection", "payment_method_configuration_details",
        "payment_method_options", "payment_method_types", "payment_status", "permissions", "recovered_from",
        "saved_payment_method_options", "setup_intent", "shipping_address_collection", "shipping_cost",
        "shipping_options", "status", "submit_type", "subscription", "success_url", "total_details", "ui_mode",
        "url", "wallet_options"};
    res r = call(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY);
    size_t i;

    cr_assert_eq(r.status, 200, "%s", r.r.body);
    for (i = 0; i < sizeof always / sizeof always[0]; i++)
        cr_expect(cJSON_GetObjectItemCaseSensitive(r.json, always[i]) != NULL, "missing %s", always[i]);
    cr_assert_eq(strlen(jstr(r.json, "id")), 66);
    cr_assert(!strncmp(jstr(r.json, "id"), "cs_test_", 8));
    cr_assert_str_eq(jstr(r.json, "object"), "checkout.session");
    cr_assert_eq(jnum(r.json, "amount_subtotal"), 2198);
    cr_assert_eq(jnum(r.json, "amount_total"), 2198);
    cr_assert_eq(jnum(r.json, "total_details.amount_tax"), 0);
    cr_assert_str_eq(jstr(r.json, "currency"), "usd");
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert_str_eq(jstr(r.json, "payment_status"), "unpaid");
    cr_assert_eq(jnum(r.json, "expires_at") - jnum(r.json, "created"), 86400);
    cr_assert(!strncmp(jstr(r.json, "url"), "https://", 8));
    cr_assert(strstr(jstr(r.json, "url"), jstr(r.json, "id")));
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(r.json, "line_items"));
    cr_assert(cJSON_IsFalse(jget(r.json, "livemode")));
    cr_assert_str_eq(jstr(r.r.headers[0][0] ? r.json : r.json, "payment_method_types.0"), "card");
    cr_assert(!strncmp(r.r.request_id, "req_", 4));
    cr_assert_str_eq(hdr(&r, "Content-Type"), "application/json");
    cr_assert_str_eq(hdr(&r, "Stripe-Version"), "2026-07-29.dahlia");
    res_free(&r);
}

Test(server, create_with_catalog_price_setup_and_subscription)
{
    res r = call(S, "POST", "/v1/checkout/sessions", NULL,
                 "mode=payment&line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[0][quantity]=2");

    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(jnum(r.json, "amount_total"), 2198);
    res_free(&r);
    r = call(S, "POST", "/v1/checkout/sessions", NULL, "mode=setup&currency=EUR");
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "payment_status"), "no_payment_required");
    cr_assert_str_eq(jstr(r.json, "currency"), "eur");
    cr_assert(cJSON_IsNull(jget(r.json, "amount_total")));
    res_free(&r);
    r = call(S, "POST", "/v1/checkout/sessions", NULL,
             "mode=subscription&line_items[0][price]=price_CcsBasicMonthlyUsd01&line_items[0][quantity]=1"
             "&line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount_decimal]=100.5"
             "&line_items[1][price_data][product_data][name]=Setup&line_items[1][quantity]=3");
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(jnum(r.json, "amount_subtotal"), 1500 + 302);
    cr_assert_str_eq(jstr(r.json, "mode"), "subscription");
    res_free(&r);
    r = call(S, "POST", "/v1/checkout/sessions", NULL,
             "mode=subscription&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500"
             "&line_items[0][price_data][product_data][name]=Plan&line_items[0][price_data][recurring][interval]=month"
             "&line_items[0][quantity]=1&ui_mode=embedded_page&return_url=https%3A%2F%2Fx.test%2Fr");
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert(cJSON_IsNull(jget(r.json, "url")));
    cr_assert(strstr(jstr(r.json, "client_secret"), "_secret_"));
    res_free(&r);
}

Test(server, create_validation_errors)
{
    post_error("success_url=https%3A%2F%2Fa.b%2F", "parameter_missing", "mode");
    post_error("mode=payment", "parameter_missing", "line_items");
    post_error("mode=bogus", "parameter_invalid_string", "mode");
    post_error("mode=setup", "parameter_missing", "currency");
    post_error(BODY_PAY "&foo=bar", "parameter_unknown", "foo");
    post_error(BODY_PAY "&line_items[0][bogus]=1", "parameter_unknown", "line_items[0][bogus]");
    post_error("mode=payment&line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[0][quantity]=abc",
               "parameter_invalid_integer", "line_items[0][quantity]");
    post_error("mode=payment&line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ", "parameter_missing",
               "line_items[0][quantity]");
    post_error("mode=payment&line_items[0][price]=price_nope&line_items[0][quantity]=1", "resource_missing",
               "line_items[0][price]");
    post_error("mode=payment&line_items[0][price]=price_CcsBasicMonthlyUsd01&line_items[0][quantity]=1",
               "parameter_invalid_string", "line_items[0][price]");
    post_error("mode=subscription&line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[0][quantity]=1",
               "parameter_invalid_string", "line_items");
    post_error(BODY_PAY "&locale=xx", "parameter_invalid_string", "locale");
    post_error(BODY_PAY "&ui_mode=embedded", "parameter_invalid_string", "ui_mode");
    post_error(BODY_PAY "&billing_address_collection=maybe", "parameter_invalid_string",
               "billing_address_collection");
    post_error(BODY_PAY "&allow_promotion_codes=yes", "parameter_invalid_string", "allow_promotion_codes");
    post_error(BODY_PAY "&expires_at=1", "parameter_invalid_integer", "expires_at");
    post_error(BODY_PAY "&expires_at=abc", "parameter_invalid_integer", "expires_at");
    post_error(BODY_PAY "&client_reference_id=", "parameter_invalid_empty", "client_reference_id");
    post_error(BODY_PAY "&metadata[a[b]=1", NULL, NULL);
    post_error("mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=100000000"
               "&line_items[0][price_data][product_data][name]=X&line_items[0][quantity]=1",
               "parameter_invalid_integer", "line_items[0][price_data][unit_amount]");
    post_error("mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=99999999"
               "&line_items[0][price_data][product_data][name]=X&line_items[0][quantity]=9223372036854775807",
               "amount_too_large", "line_items[0][quantity]");
    post_error("mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1"
               "&line_items[0][quantity]=1",
               "parameter_missing", "line_items[0][price_data][product_data]");
    post_error("mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=X"
               "&line_items[0][quantity]=1",
               "parameter_missing", "line_items[0][price_data][unit_amount]");
    post_error(BODY_PAY "&success_url=notaurl", NULL, NULL);
    post_error(BODY_PAY "&ui_mode=embedded_page", "parameter_invalid_string", "success_url");
}

Test(server, create_accepts_window_edges_and_metadata)
{
    char body[2048];
    long long now = (long long)time(NULL);
    res r;

    snprintf(body, sizeof body, "%s&expires_at=%lld&metadata[order]=42&client_reference_id=abc&locale=fr"
             "&allow_promotion_codes=true&customer_email=a%%40b.co", BODY_PAY, now + 3600);
    r = call(S, "POST", "/v1/checkout/sessions", NULL, body);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(jnum(r.json, "expires_at"), now + 3600);
    cr_assert_str_eq(jstr(r.json, "metadata.order"), "42");
    cr_assert_str_eq(jstr(r.json, "locale"), "fr");
    cr_assert(cJSON_IsTrue(jget(r.json, "allow_promotion_codes")));
    cr_assert_str_eq(jstr(r.json, "customer_email"), "a@b.co");
    res_free(&r);
}

Test(server, metadata_limits)
{
    char body[8192];
    size_t n;
    int i;

    post_error(BODY_PAY "&metadata[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]=1", "parameter_invalid_string",
               NULL);
    n = (size_t)snprintf(body, sizeof body, "%s", BODY_PAY);
    for (i = 0; i < 51; i++)
        n += (size_t)snprintf(body + n, sizeof body - n, "&metadata[k%d]=v", i);
    post_error(body, "parameter_invalid_string", "metadata");
}

Test(server, retrieve_404_and_isolation)
{
    char id[80];
    res r;

    create_id(S, KEY_A, id);
    {
        char path[160];

        snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
        r = call(S, "GET", path, NULL, NULL);
        cr_assert_eq(r.status, 200);
        cr_assert_str_eq(jstr(r.json, "id"), id);
        res_free(&r);
        r = call_full(S, "GET", path, NULL, NULL, KEY_B, NULL);
        expect_error(&r, 404, "resource_missing", "id");
        res_free(&r);
    }
    r = call(S, "GET", "/v1/checkout/sessions/cs_test_nope", NULL, NULL);
    expect_error(&r, 404, "resource_missing", "id");
    cr_assert(strstr(jstr(r.json, "error.message"), "No such checkout.session: 'cs_test_nope'"));
    res_free(&r);
}

Test(server, expand_line_items)
{
    char id[80], path[160];
    res r;

    create_id(S, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    r = call(S, "GET", path, "expand[]=line_items", NULL);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "line_items.object"), "list");
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "line_items.data")), 1);
    cr_assert(!strncmp(jstr(r.json, "line_items.data.0.id"), "li_", 3));
    cr_assert_str_eq(jstr(r.json, "line_items.data.0.object"), "item");
    cr_assert_eq(jnum(r.json, "line_items.data.0.amount_total"), 2198);
    cr_assert_eq(jnum(r.json, "line_items.data.0.quantity"), 2);
    cr_assert_str_eq(jstr(r.json, "line_items.data.0.description"), "T-shirt");
    cr_assert_str_eq(jstr(r.json, "line_items.data.0.price.object"), "price");
    cr_assert_str_eq(jstr(r.json, "line_items.data.0.price.unit_amount_decimal"), "1099");
    cr_assert_str_eq(jstr(r.json, "line_items.data.0.price.type"), "one_time");
    cr_assert(!strncmp(jstr(r.json, "line_items.data.0.price.product"), "prod_", 5));
    cr_assert(strstr(jstr(r.json, "line_items.url"), id));
    res_free(&r);
    r = call(S, "GET", path, "expand[]=bogus", NULL);
    expect_error(&r, 400, NULL, "expand[0]");
    res_free(&r);
}

Test(server, list_pagination_filters_and_limits)
{
    char ids[25][80];
    res r;
    int i;

    for (i = 0; i < 25; i++)
        create_id(S, KEY_A, ids[i]);
    r = call(S, "GET", "/v1/checkout/sessions", NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 10);
    cr_assert(cJSON_IsTrue(jget(r.json, "has_more")));
    cr_assert_str_eq(jstr(r.json, "url"), "/v1/checkout/sessions");
    cr_assert_str_eq(jstr(r.json, "data.0.id"), ids[24], "newest first");
    res_free(&r);
    {
        char q[200];
        int seen = 0;
        const char *after = NULL;
        char cur[80];

        /* walk with limit 7: every id exactly once, newest first */
        for (;;) {
            if (after)
                snprintf(q, sizeof q, "limit=7&starting_after=%s", after);
            else
                snprintf(q, sizeof q, "limit=7");
            r = call(S, "GET", "/v1/checkout/sessions", q, NULL);
            cr_assert_eq(r.status, 200);
            for (i = 0; i < cJSON_GetArraySize(jget(r.json, "data")); i++, seen++) {
                snprintf(cur, sizeof cur, "data.%d.id", i);
                cr_assert_str_eq(jstr(r.json, cur), ids[24 - seen]);
            }
            if (!cJSON_IsTrue(jget(r.json, "has_more"))) {
                res_free(&r);
                break;
            }
            snprintf(cur, sizeof cur, "data.%d.id", i - 1);
            after = ids[24 - seen + 1];
            res_free(&r);
        }
        cr_assert_eq(seen, 25);
        snprintf(q, sizeof q, "limit=3&ending_before=%s", ids[10]);
        r = call(S, "GET", "/v1/checkout/sessions", q, NULL);
        cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 3);
        cr_assert_str_eq(jstr(r.json, "data.0.id"), ids[13]);
        cr_assert_str_eq(jstr(r.json, "data.2.id"), ids[11]);
        cr_assert(cJSON_IsTrue(jget(r.json, "has_more")));
        res_free(&r);
        snprintf(q, sizeof q, "starting_after=%s&ending_before=%s", ids[1], ids[2]);
        r = call(S, "GET", "/v1/checkout/sessions", q, NULL);
        expect_error(&r, 400, NULL, NULL);
        res_free(&r);
    }
    {
        static const char *const bad[] = {"limit=0", "limit=101", "limit=-1", "limit=abc"};

        for (i = 0; i < 4; i++) {
            r = call(S, "GET", "/v1/checkout/sessions", bad[i], NULL);
            expect_error(&r, 400, "parameter_invalid_integer", "limit");
            res_free(&r);
        }
    }
    r = call(S, "GET", "/v1/checkout/sessions", "starting_after=cs_test_nope", NULL);
    expect_error(&r, 400, "resource_missing", "starting_after");
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions", "status=expired", NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 0);
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions", "status=bogus", NULL);
    expect_error(&r, 400, NULL, "status");
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions", "created[gte]=1&limit=100", NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 25);
    cr_assert(cJSON_IsFalse(jget(r.json, "has_more")));
    res_free(&r);
    r = call_full(S, "GET", "/v1/checkout/sessions", NULL, NULL, KEY_B, NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 0, "other account sees nothing");
    res_free(&r);
}

Test(server, line_items_pagination)
{
    char body[16384], path[160], q[200];
    size_t n;
    int i;
    res r;
    char first_id[64];

    n = (size_t)snprintf(body, sizeof body, "mode=payment");
    for (i = 0; i < 25; i++)
        n += (size_t)snprintf(body + n, sizeof body - n,
                              "&line_items[%d][price_data][currency]=usd&line_items[%d][price_data][unit_amount]=%d"
                              "&line_items[%d][price_data][product_data][name]=P%d&line_items[%d][quantity]=1",
                              i, i, 100 + i, i, i, i);
    r = call(S, "POST", "/v1/checkout/sessions", NULL, body);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", jstr(r.json, "id"));
    res_free(&r);
    r = call(S, "GET", path, NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 10);
    cr_assert(cJSON_IsTrue(jget(r.json, "has_more")));
    cr_assert_str_eq(jstr(r.json, "data.0.description"), "P0", "creation order");
    cr_assert_str_eq(jstr(r.json, "url"), path);
    snprintf(first_id, sizeof first_id, "%s", jstr(r.json, "data.9.id"));
    res_free(&r);
    snprintf(q, sizeof q, "limit=100&starting_after=%s", first_id);
    r = call(S, "GET", path, q, NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 15);
    cr_assert_str_eq(jstr(r.json, "data.0.description"), "P10");
    cr_assert(cJSON_IsFalse(jget(r.json, "has_more")));
    res_free(&r);
    snprintf(q, sizeof q, "limit=2&ending_before=%s", first_id);
    r = call(S, "GET", path, q, NULL);
    cr_assert_str_eq(jstr(r.json, "data.0.description"), "P7");
    cr_assert_str_eq(jstr(r.json, "data.1.description"), "P8");
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions/cs_test_nope/line_items", NULL, NULL);
    expect_error(&r, 404, "resource_missing", "id");
    res_free(&r);
}

Test(server, update_metadata_merge_unset_all)
{
    char id[80], path[160];
    res r;

    create_id(S, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    r = call(S, "POST", path, NULL, "metadata[a]=1&metadata[b]=2");
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    res_free(&r);
    r = call(S, "POST", path, NULL, "metadata[a]=&metadata[c]=3");
    cr_assert_null(jget(r.json, "metadata.a"));
    cr_assert_str_eq(jstr(r.json, "metadata.b"), "2");
    cr_assert_str_eq(jstr(r.json, "metadata.c"), "3");
    res_free(&r);
    r = call(S, "GET", path, NULL, NULL);
    cr_assert_str_eq(jstr(r.json, "metadata.c"), "3", "persisted");
    res_free(&r);
    r = call(S, "POST", path, NULL, "metadata=");
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "metadata")), 0);
    res_free(&r);
    r = call(S, "POST", path, NULL, "mode=setup");
    expect_error(&r, 400, "parameter_unknown", "mode");
    res_free(&r);
    r = call(S, "POST", "/v1/checkout/sessions/cs_test_nope", NULL, "metadata[a]=1");
    expect_error(&r, 404, "resource_missing", "id");
    res_free(&r);
}

Test(server, expire_and_double_expire)
{
    char id[80], path[160];
    res r;

    create_id(S, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/expire", id);
    r = call(S, "POST", path, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "expired");
    cr_assert(cJSON_IsNull(jget(r.json, "url")));
    res_free(&r);
    r = call(S, "POST", path, NULL, NULL);
    expect_error(&r, 400, NULL, NULL);
    cr_assert(strstr(jstr(r.json, "error.message"), "status of `open`"));
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions", "status=expired", NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 1);
    res_free(&r);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    r = call(S, "POST", path, NULL, "metadata[k]=v");
    cr_assert_eq(r.status, 200, "metadata stays updatable after expiry");
    res_free(&r);
}

Test(server, auth_variants)
{
    static const char *const bad[] = {NULL, "RAW:", "RAW:Bearer ", "pk_test_abc", "sk_live_abc", "garbage",
                                      "RAW:Basic !!!", "RAW:Token sk_test_x"};
    size_t i;
    res r;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = call_full(S, "GET", "/v1/checkout/sessions", NULL, NULL, bad[i], NULL);
        cr_assert_eq(r.status, 401, "key %zu", i);
        cr_assert_str_eq(jstr(r.json, "error.type"), "invalid_request_error");
        cr_assert_str_eq(hdr(&r, "WWW-Authenticate"), "Basic realm=\"Stripe\"");
        cr_assert(!strncmp(r.r.request_id, "req_", 4));
        cr_assert_null(strstr(r.r.body, "sk_live_abc"), "key echoed in full");
        res_free(&r);
    }
    /* Basic with the key as user: "sk_test_AAAAaaaa1111:" */
    r = call_full(S, "GET", "/v1/checkout/sessions", NULL, NULL, "RAW:Basic c2tfdGVzdF9BQUFBYWFhYTExMTE6", NULL);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    res_free(&r);
}

Test(server, idempotency_replay_mismatch_scope)
{
    res a = call_full(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "k1");
    res b = call_full(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "k1");
    res c = call_full(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY "&metadata[x]=1", KEY_A, "k1");
    res d = call_full(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_B, "k1");

    cr_assert_eq(a.status, 200);
    cr_assert_null(hdr(&a, "Idempotent-Replayed"));
    cr_assert_eq(b.status, 200);
    cr_assert_str_eq(jstr(a.json, "id"), jstr(b.json, "id"));
    cr_assert_str_eq(hdr(&b, "Idempotent-Replayed"), "true");
    cr_assert_eq(c.status, 400);
    cr_assert_str_eq(jstr(c.json, "error.type"), "idempotency_error");
    cr_assert_eq(d.status, 200);
    cr_assert_str_neq(jstr(d.json, "id"), jstr(a.json, "id"), "keys are scoped per account");
    res_free(&a);
    res_free(&b);
    res_free(&c);
    res_free(&d);
}

Test(server, routing_methods_bodies)
{
    res r = call(S, "DELETE", "/v1/checkout/sessions", NULL, NULL);
    char *big;

    cr_assert_eq(r.status, 405);
    cr_assert_str_eq(hdr(&r, "Allow"), "GET, POST");
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions/cs_x/expire", NULL, NULL);
    cr_assert_eq(r.status, 405);
    cr_assert_str_eq(hdr(&r, "Allow"), "POST");
    res_free(&r);
    r = call(S, "GET", "/v1/nothing", NULL, NULL);
    expect_error(&r, 404, NULL, NULL);
    cr_assert(strstr(jstr(r.json, "error.message"), "Unrecognized request URL"));
    res_free(&r);
    big = malloc(2 * 1024 * 1024 + 1);
    memset(big, 'a', 2 * 1024 * 1024);
    big[2 * 1024 * 1024] = '\0';
    r = call(S, "POST", "/v1/checkout/sessions", NULL, big);
    cr_assert_eq(r.status, 413);
    cr_assert(cJSON_IsObject(jget(r.json, "error")));
    res_free(&r);
    free(big);
    r = call(S, "POST", "/v1/checkout/sessions", NULL, "mode=payment&a=1&a[b]=2");
    cr_assert(r.status == 400, "%d %s", r.status, r.r.body);
    res_free(&r);
}
