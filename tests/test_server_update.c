/* Server features beyond the basics: update of line_items (replace
 * semantics), custom_fields and shipping_options echo, expiry at expires_at,
 * expand of data.price.product on the line items list. */
#include <strings.h>

#include "internal.h"
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

TestSuite(server_update, .init = setup, .fini = teardown);

#define BODY_TWO BODY_PAY "&line_items[1][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[1][quantity]=1"

static void items_of(const char *sid, res *out)
{
    char path[160];

    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", sid);
    *out = call(S, "GET", path, NULL, NULL);
    cr_assert_eq(out->status, 200, "%s", out->r.body);
}

static res post_update(const char *sid, const char *body)
{
    char path[160];

    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", sid);
    return call(S, "POST", path, NULL, body);
}

Test(server_update, line_items_keep_change_add_remove_reorder)
{
    res r = call(S, "POST", "/v1/checkout/sessions", NULL, BODY_TWO), li;
    char sid[80], id0[40], id1[40], body[600];

    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(jnum(r.json, "amount_total"), 2198 + 1099);
    snprintf(sid, sizeof sid, "%s", jstr(r.json, "id"));
    res_free(&r);
    items_of(sid, &li);
    snprintf(id0, sizeof id0, "%s", jstr(li.json, "data.0.id"));
    snprintf(id1, sizeof id1, "%s", jstr(li.json, "data.1.id"));
    res_free(&li);

    /* item 1 first with a new quantity, item 0 dropped, a new item added */
    snprintf(body, sizeof body,
             "line_items[0][id]=%s&line_items[0][quantity]=3"
             "&line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=250"
             "&line_items[1][price_data][product_data][name]=Mug&line_items[1][quantity]=2",
             id1);
    r = post_update(sid, body);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(jnum(r.json, "amount_subtotal"), 3 * 1099 + 500);
    cr_assert_eq(jnum(r.json, "amount_total"), 3 * 1099 + 500);
    res_free(&r);
    items_of(sid, &li);
    cr_assert_eq(cJSON_GetArraySize(jget(li.json, "data")), 2);
    cr_assert_str_eq(jstr(li.json, "data.0.id"), id1);
    cr_assert_eq(jnum(li.json, "data.0.quantity"), 3);
    cr_assert_eq(jnum(li.json, "data.0.amount_total"), 3297);
    cr_assert_str_eq(jstr(li.json, "data.1.description"), "Mug");
    cr_assert(!strncmp(jstr(li.json, "data.1.id"), "li_", 3));
    cr_assert_str_neq(jstr(li.json, "data.1.id"), id0);
    cr_assert_eq(jnum(li.json, "data.1.amount_total"), 500);
    res_free(&li);

    /* retrieve agrees with the update */
    {
        char path[160];

        snprintf(path, sizeof path, "/v1/checkout/sessions/%s", sid);
        r = call(S, "GET", path, NULL, NULL);
        cr_assert_eq(jnum(r.json, "amount_total"), 3797);
        res_free(&r);
    }
}

Test(server_update, line_items_errors_change_nothing)
{
    res r, li;
    char sid[80], id0[40], body[600];

    create_id(S, KEY_A, sid);
    items_of(sid, &li);
    snprintf(id0, sizeof id0, "%s", jstr(li.json, "data.0.id"));
    res_free(&li);

    r = post_update(sid, "line_items[0][id]=li_doesNotExist&line_items[0][quantity]=1");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.code"), "resource_missing");
    cr_assert_str_eq(jstr(r.json, "error.param"), "line_items[0][id]");
    res_free(&r);
    snprintf(body, sizeof body, "line_items[0][id]=%s&line_items[1][id]=%s", id0, id0);
    r = post_update(sid, body);
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.param"), "line_items[1][id]");
    res_free(&r);
    r = post_update(sid, "line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.param"), "line_items[0][quantity]");
    res_free(&r);
    /* a new currency is refused: the session's currency is fixed */
    r = post_update(sid, "line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=5"
                         "&line_items[0][price_data][product_data][name]=X&line_items[0][quantity]=1");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    res_free(&r);
    /* a valid change in the same request as a bad one is not applied */
    snprintf(body, sizeof body, "line_items[0][id]=%s&line_items[0][quantity]=9&line_items[1][id]=li_nope", id0);
    r = post_update(sid, body);
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    res_free(&r);
    items_of(sid, &li);
    cr_assert_eq(cJSON_GetArraySize(jget(li.json, "data")), 1);
    cr_assert_eq(jnum(li.json, "data.0.quantity"), 2);
    res_free(&li);
    /* keeping an item by id alone changes nothing */
    snprintf(body, sizeof body, "line_items[0][id]=%s", id0);
    r = post_update(sid, body);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(jnum(r.json, "amount_total"), 2198);
    res_free(&r);
    /* setup sessions have no line items */
    r = call(S, "POST", "/v1/checkout/sessions", NULL, "mode=setup&currency=usd");
    snprintf(sid, sizeof sid, "%s", jstr(r.json, "id"));
    res_free(&r);
    r = post_update(sid, &BODY_PAY[strlen("mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok&")]);
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.param"), "line_items");
    res_free(&r);
}

Test(server_update, custom_fields_and_shipping_options_echoed)
{
    res r = call(S, "POST", "/v1/checkout/sessions", NULL,
                 BODY_PAY "&custom_fields[0][key]=size&custom_fields[0][label][type]=custom"
                 "&custom_fields[0][label][custom]=Size&custom_fields[0][type]=dropdown"
                 "&custom_fields[0][dropdown][options][0][label]=Small&custom_fields[0][dropdown][options][0][value]=s"
                 "&custom_fields[1][key]=note&custom_fields[1][label][type]=custom&custom_fields[1][label][custom]=Note"
                 "&custom_fields[1][type]=text&custom_fields[1][optional]=true&custom_fields[1][text][maximum_length]=20"
                 "&shipping_options[0][shipping_rate_data][display_name]=Ground"
                 "&shipping_options[0][shipping_rate_data][type]=fixed_amount"
                 "&shipping_options[0][shipping_rate_data][fixed_amount][amount]=500"
                 "&shipping_options[0][shipping_rate_data][fixed_amount][currency]=usd");

    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "custom_fields")), 2);
    cr_assert_str_eq(jstr(r.json, "custom_fields.0.key"), "size");
    cr_assert_str_eq(jstr(r.json, "custom_fields.0.label.custom"), "Size");
    cr_assert_str_eq(jstr(r.json, "custom_fields.0.dropdown.options.0.value"), "s");
    cr_assert(cJSON_IsNull(jget(r.json, "custom_fields.0.dropdown.value")));
    cr_assert(cJSON_IsFalse(jget(r.json, "custom_fields.0.optional")));
    cr_assert(cJSON_IsTrue(jget(r.json, "custom_fields.1.optional")));
    cr_assert_eq(jnum(r.json, "custom_fields.1.text.maximum_length"), 20);
    cr_assert_null(jget(r.json, "custom_fields.1.dropdown"));
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "shipping_options")), 1);
    cr_assert_eq(jnum(r.json, "shipping_options.0.shipping_amount"), 500);
    cr_assert(!strncmp(jstr(r.json, "shipping_options.0.shipping_rate"), "shr_", 4));
    cr_assert_eq(jnum(r.json, "shipping_cost.amount_total"), 500);
    cr_assert_eq(jnum(r.json, "total_details.amount_shipping"), 500);
    cr_assert_eq(jnum(r.json, "amount_subtotal"), 2198);
    cr_assert_eq(jnum(r.json, "amount_total"), 2698);
    res_free(&r);

    r = call(S, "POST", "/v1/checkout/sessions", NULL,
             BODY_PAY "&custom_fields[0][key]=a&custom_fields[0][label][type]=custom&custom_fields[0][label][custom]=A"
             "&custom_fields[0][type]=text&custom_fields[1][key]=b&custom_fields[1][label][type]=custom"
             "&custom_fields[1][label][custom]=B&custom_fields[1][type]=text&custom_fields[2][key]=c"
             "&custom_fields[2][label][type]=custom&custom_fields[2][label][custom]=C&custom_fields[2][type]=text"
             "&custom_fields[3][key]=d&custom_fields[3][label][type]=custom&custom_fields[3][label][custom]=D"
             "&custom_fields[3][type]=text");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.param"), "custom_fields");
    res_free(&r);
    r = call(S, "POST", "/v1/checkout/sessions", NULL,
             BODY_PAY "&custom_fields[0][key]=a&custom_fields[0][label][type]=custom&custom_fields[0][label][custom]=A"
             "&custom_fields[0][type]=dropdown");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.param"), "custom_fields[0][dropdown][options]");
    res_free(&r);
    r = call(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY "&shipping_options[0][shipping_rate]=shr_nope");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.code"), "resource_missing");
    res_free(&r);
}

Test(server_update, session_past_expires_at_reads_expired)
{
    char sid[80], path[160];
    res r;

    create_id(S, KEY_A, sid);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", sid);
    r = call(S, "GET", path, NULL, NULL);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    res_free(&r);
    S->clock_offset = 86400 + 5; /* the default expires_at is created + 24 h */
    r = call(S, "GET", path, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "expired");
    cr_assert(cJSON_IsNull(jget(r.json, "url")));
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions", "status=expired", NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 1);
    cr_assert_str_eq(jstr(r.json, "data.0.id"), sid);
    res_free(&r);
    r = call(S, "GET", "/v1/checkout/sessions", "status=open", NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "data")), 0);
    res_free(&r);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/expire", sid);
    r = call(S, "POST", path, NULL, "");
    cr_assert_eq(r.status, 400, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "error.code"), "checkout_session_not_open");
    res_free(&r);
    /* a session created "now" (after the clock moved) is open */
    create_id(S, KEY_A, sid);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", sid);
    r = call(S, "GET", path, NULL, NULL);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    res_free(&r);
}

Test(server_update, line_items_expand_product)
{
    res r = call(S, "POST", "/v1/checkout/sessions", NULL, BODY_TWO);
    char path[160];

    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", jstr(r.json, "id"));
    res_free(&r);
    r = call(S, "GET", path, "expand[]=data.price.product", NULL);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "data.0.price.product.object"), "product");
    cr_assert_str_eq(jstr(r.json, "data.0.price.product.name"), "T-shirt");
    cr_assert(!strncmp(jstr(r.json, "data.0.price.product.id"), "prod_", 5));
    cr_assert_str_eq(jstr(r.json, "data.1.price.product.object"), "product");
    res_free(&r);
    r = call(S, "GET", path, NULL, NULL);
    cr_assert(!strncmp(jstr(r.json, "data.0.price.product"), "prod_", 5));
    res_free(&r);
}

/* The items without what differs by draw or clock: generated ids, the
 * price's creation time. */
static char *items_norm(const cJSON *list)
{
    cJSON *data = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(list, "data"), 1), *it;
    char *out;

    cJSON_ArrayForEach(it, data) {
        cJSON *price = cJSON_GetObjectItemCaseSensitive(it, "price");
        const cJSON *prod = cJSON_GetObjectItemCaseSensitive(price, "product");

        cJSON_DeleteItemFromObjectCaseSensitive(it, "id");
        if (!strncmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(price, "id")), "price_", 6) &&
            strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(price, "id")),
                   "price_1MotwRLkdIwHu7ixYcPLm5uZ")) {
            cJSON_DeleteItemFromObjectCaseSensitive(price, "id");
            cJSON_DeleteItemFromObjectCaseSensitive(price, "created");
        }
        if (cJSON_IsString(prod) && !strncmp(prod->valuestring, "prod_", 5))
            cJSON_DeleteItemFromObjectCaseSensitive(price, "product");
    }
    out = cJSON_PrintUnformatted(data);
    cJSON_Delete(data);
    return out;
}

/* A create writes its items straight to text; an update builds new items
 * as trees and prints them. Both must give the same items: inline and
 * catalog prices, a fractional decimal, adjustable quantities (given and
 * defaulted), metadata needing escapes. */
Test(server_update, created_items_match_updated_items)
{
#define ITEMS                                                                                                   \
    "line_items[0][price_data][currency]=USD&line_items[0][price_data][unit_amount_decimal]=0250.50"            \
    "&line_items[0][price_data][product_data][name]=Sti%22cker%5Cs&line_items[0][quantity]=3"                  \
    "&line_items[0][price_data][tax_behavior]=exclusive"                                                        \
    "&line_items[0][adjustable_quantity][enabled]=true&line_items[0][adjustable_quantity][maximum]=12"          \
    "&line_items[0][metadata][a%22b]=x%0Ay&line_items[0][metadata][k]=v"                                       \
    "&line_items[1][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[1][quantity]=1"                           \
    "&line_items[1][adjustable_quantity][enabled]=false"                                                        \
    "&line_items[2][price_data][currency]=usd&line_items[2][price_data][unit_amount]=0"                        \
    "&line_items[2][price_data][product_data][name]=Free&line_items[2][quantity]=7"
    res r = call(S, "POST", "/v1/checkout/sessions", NULL,
                 "mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok&" ITEMS), created, updated;
    char sid[80], *a, *b;

    cr_assert_eq(r.status, 200, "%s", r.r.body);
    snprintf(sid, sizeof sid, "%s", jstr(r.json, "id"));
    res_free(&r);
    items_of(sid, &created);
    cr_assert_eq(cJSON_GetArraySize(jget(created.json, "data")), 3);
    cr_assert_str_eq(jstr(created.json, "data.0.price.unit_amount_decimal"), "250.5");
    cr_assert(cJSON_IsNull(jget(created.json, "data.0.price.unit_amount")));
    cr_assert_str_eq(jstr(created.json, "data.0.metadata.a\"b"), "x\ny");
    cr_assert_eq(jnum(created.json, "data.0.amount_total"), 752); /* 3 x 250.5, half up */
    cr_assert_eq(jnum(created.json, "data.1.adjustable_quantity.maximum"), 99);

    r = call(S, "POST", "/v1/checkout/sessions", NULL, BODY_PAY);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    snprintf(sid, sizeof sid, "%s", jstr(r.json, "id"));
    res_free(&r);
    r = post_update(sid, ITEMS);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    res_free(&r);
    items_of(sid, &updated);
    a = items_norm(created.json);
    b = items_norm(updated.json);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    res_free(&created);
    res_free(&updated);
#undef ITEMS
}
