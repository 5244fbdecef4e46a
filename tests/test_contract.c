/* Contract checker: the seed's and Stripe's examples pass; every rule fails
 * a mutated object with the right pointer, rule and level. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccs/contract.h"

static ccs_contracts *set;
static ccs_contracts *acacia; /* the last version before basil removed shipping_details */

static void load_set(void)
{
    char dir[4096];
    const char *golden = getenv("CCS_GOLDEN_DIR");
    ccs_error err;

    cr_assert(golden && *golden, "CCS_GOLDEN_DIR not set");
    /* The fixtures of tests/data/contract were recorded at this version. */
    snprintf(dir, sizeof dir, "%s/contract/2026-07-29.dahlia", golden);
    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_load_dir(dir, &set, &err), CCS_OK, "load %s: %s", dir, err.message);
    cr_assert_eq(ccs_contract_load_version(golden, "2025-02-24.acacia", &acacia, &err), CCS_OK, "%s", err.message);
}

static void free_set(void)
{
    ccs_contract_free(set);
    ccs_contract_free(acacia);
    set = acacia = NULL;
}

TestSuite(contract, .init = load_set, .fini = free_set);

static cJSON *load_json(const char *name)
{
    char path[4096];
    const char *src = getenv("CCS_SOURCE_DIR");
    FILE *f;
    char *buf;
    long n;
    cJSON *v;

    cr_assert(src && *src, "CCS_SOURCE_DIR not set");
    snprintf(path, sizeof path, "%s/tests/data/contract/%s", src, name);
    f = fopen(path, "rb");
    cr_assert(f, "open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    v = cJSON_Parse(buf);
    free(buf);
    cr_assert(v, "parse %s", path);
    return v;
}

static ccs_violations run(const char *contract, const cJSON *v)
{
    ccs_violations out = {0};
    ccs_error err;

    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_check(set, contract, v, "", &out, &err), CCS_OK, "%s", err.message);
    return out;
}

static void dump(const ccs_violations *v)
{
    size_t i;

    for (i = 0; i < v->count; i++)
        fprintf(stderr, "  %s %s %s expected %s, got %s\n", ccs_contract_level_name(v->items[i].level),
                ccs_contract_rule_name(v->items[i].rule), v->items[i].pointer, v->items[i].expected,
                v->items[i].actual);
}

static const ccs_violation *find(const ccs_violations *v, const char *pointer)
{
    size_t i;

    for (i = 0; i < v->count; i++)
        if (!strcmp(v->items[i].pointer, pointer))
            return &v->items[i];
    return NULL;
}

/* Exactly one violation at pointer, with rule and level. */
static void expect_one(const char *contract, const cJSON *value, const char *pointer, ccs_rule rule,
                       ccs_level level)
{
    ccs_violations v = run(contract, value);
    const ccs_violation *x = find(&v, pointer);

    if (!x || x->rule != rule || x->level != level)
        dump(&v);
    cr_assert(x, "no violation at %s", pointer);
    cr_assert_eq(x->rule, rule, "%s: rule %s, want %s", pointer, ccs_contract_rule_name(x->rule),
                 ccs_contract_rule_name(rule));
    cr_assert_eq(x->level, level, "%s: level %s", pointer, ccs_contract_level_name(x->level));
    cr_assert(x->expected[0] && x->actual[0], "expected/actual filled");
    cr_assert_eq(ccs_violations_count(&v, CCS_LEVEL_MUST), level == CCS_LEVEL_MUST ? 1u : 0u,
                 "only the mutation breaks a MUST");
    ccs_violations_free(&v);
}

static void expect_must_clean(const char *contract, const cJSON *value)
{
    ccs_violations v = run(contract, value);

    if (ccs_violations_count(&v, CCS_LEVEL_MUST))
        dump(&v);
    cr_assert_eq(ccs_violations_count(&v, CCS_LEVEL_MUST), 0u, "MUST violations in %s", contract);
    ccs_violations_free(&v);
}

static void expect_clean(const char *contract, const cJSON *value)
{
    ccs_violations v = run(contract, value);

    if (v.count)
        dump(&v);
    cr_assert_eq(v.count, 0u, "violations in %s", contract);
    ccs_violations_free(&v);
}

static void replace(cJSON *obj, const char *key, cJSON *with)
{
    cr_assert(with);
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, with);
    else
        cJSON_AddItemToObject(obj, key, with);
}

/* ---- the examples ---- */

Test(contract, loads_every_object)
{
    static const char *const names[] = {"checkout.session", "item", "price", "list", "error", "list<item>",
                                        "list<checkout.session>"};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        cr_assert(ccs_contract_get(set, names[i]), "no contract %s", names[i]);
    cr_assert_null(ccs_contract_get(set, "customer"));
    cr_assert_null(ccs_contract_get(set, "list<nope>"));
    cr_assert_null(ccs_contract_get(set, "item<price>"));
    cr_assert_null(ccs_contract_get(set, "list<item"));
    cr_assert_null(ccs_contract_get(set, NULL));
}

Test(contract, seed_sessions_pass_must)
{
    static const char *const files[] = {"seed_session.json", "seed_create.json", "seed_update.json",
                                        "seed_retrieve.json"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        cJSON *v = load_json(files[i]);
        ccs_violations out;
        ccs_error err;

        cr_assert_str_eq(ccs_contract_guess(v), "checkout.session");
        /* The seed was written at an older API version: valid there. */
        memset(&out, 0, sizeof out);
        cr_assert_eq(ccs_contract_check(acacia, "checkout.session", v, "", &out, &err), CCS_OK, "%s", err.message);
        cr_assert_eq(ccs_violations_count(&out, CCS_LEVEL_MUST), 0u, "seed %s at 2025-02-24.acacia", files[i]);
        ccs_violations_free(&out);
        /* Here it has fewer properties (SHOULD missing) and shipping_details,
         * which basil removed: returning it is speaking another version. */
        out = run("checkout.session", v);
        cr_assert(find(&out, "/shipping_details") && find(&out, "/shipping_details")->rule == CCS_RULE_UNKNOWN &&
                  find(&out, "/shipping_details")->level == CCS_LEVEL_MUST);
        cr_assert_eq(ccs_violations_count(&out, CCS_LEVEL_MUST), 1u);
        cr_assert(find(&out, "/adaptive_pricing") && find(&out, "/adaptive_pricing")->rule == CCS_RULE_MISSING &&
                  find(&out, "/adaptive_pricing")->level == CCS_LEVEL_SHOULD);
        ccs_violations_free(&out);
        cJSON_Delete(v);
    }
}

Test(contract, seed_line_items_pass)
{
    cJSON *v = load_json("seed_line_items.json");

    cr_assert_str_eq(ccs_contract_guess(v), "list");
    expect_must_clean("list", v);
    expect_must_clean("list<item>", v);
    cJSON_Delete(v);
}

Test(contract, stripe_fixture_passes_fully)
{
    cJSON *v = load_json("example_session.json");

    expect_clean("checkout.session", v);
    cJSON_Delete(v);
}

/* ---- one rule at a time ---- */

Test(contract, missing_required_is_must)
{
    cJSON *v = load_json("example_session.json");

    cJSON_DeleteItemFromObjectCaseSensitive(v, "mode");
    expect_one("checkout.session", v, "/mode", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, missing_always_is_should)
{
    cJSON *v = load_json("example_session.json");

    cJSON_DeleteItemFromObjectCaseSensitive(v, "client_secret");
    expect_one("checkout.session", v, "/client_secret", CCS_RULE_MISSING, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, optional_and_includable_may_be_absent)
{
    cJSON *v = load_json("example_session.json");

    cr_assert_null(cJSON_GetObjectItemCaseSensitive(v, "line_items"));
    cr_assert_null(cJSON_GetObjectItemCaseSensitive(v, "return_url"));
    expect_clean("checkout.session", v);
    cJSON_Delete(v);
}

Test(contract, wrong_type)
{
    cJSON *v = load_json("example_session.json");

    replace(v, "created", cJSON_CreateString("1679600215"));
    expect_one("checkout.session", v, "/created", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    replace(v, "created", cJSON_CreateNumber(1679600215.5));
    expect_one("checkout.session", v, "/created", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    replace(v, "created", cJSON_CreateNumber(1679600215));
    replace(v, "livemode", cJSON_CreateNumber(0));
    expect_one("checkout.session", v, "/livemode", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, null_where_not_nullable)
{
    cJSON *v = load_json("example_session.json");

    replace(v, "payment_status", cJSON_CreateNull());
    expect_one("checkout.session", v, "/payment_status", CCS_RULE_NULL, CCS_LEVEL_MUST);
    cJSON_Delete(v);
    /* nullable ones accept null */
    v = load_json("example_session.json");
    replace(v, "customer_email", cJSON_CreateNull());
    replace(v, "status", cJSON_CreateNull());
    expect_clean("checkout.session", v);
    cJSON_Delete(v);
}

Test(contract, bad_enum)
{
    cJSON *v = load_json("example_session.json");

    replace(v, "status", cJSON_CreateString("pending"));
    expect_one("checkout.session", v, "/status", CCS_RULE_ENUM, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, enum_values_are_the_versions_own)
{
    static const char *const ui[] = {"hosted_page", "embedded_page", "elements", "form"};
    cJSON *v = load_json("example_session.json");
    size_t i;

    for (i = 0; i < sizeof ui / sizeof ui[0]; i++) {
        replace(v, "ui_mode", cJSON_CreateString(ui[i]));
        expect_clean("checkout.session", v);
    }
    /* The older name is another version's value (ui_mode is a bypass enum: SHOULD). */
    replace(v, "ui_mode", cJSON_CreateString("hosted"));
    expect_one("checkout.session", v, "/ui_mode", CCS_RULE_ENUM, CCS_LEVEL_SHOULD);
    replace(v, "ui_mode", cJSON_CreateString("hosted_page"));
    /* hi-IN arrives with endive */
    replace(v, "locale", cJSON_CreateString("hi-IN"));
    expect_one("checkout.session", v, "/locale", CCS_RULE_ENUM, CCS_LEVEL_SHOULD); /* a bypass enum too */
    cJSON_Delete(v);
}

Test(contract, bypass_enum_miss_is_should)
{
    cJSON *v = load_json("example_session.json");

    /* ui_mode carries x-stripeBypassValidation */
    replace(v, "ui_mode", cJSON_CreateString("kiosk"));
    expect_one("checkout.session", v, "/ui_mode", CCS_RULE_ENUM, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, unknown_property_is_should_only)
{
    cJSON *v = load_json("example_session.json");

    cJSON_AddStringToObject(v, "surprise", "x");
    expect_one("checkout.session", v, "/surprise", CCS_RULE_UNKNOWN, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, later_version_property_is_unknown_here)
{
    cJSON *v = load_json("example_session.json");

    /* endive adds allowed_payment_method_types: unknown at dahlia (SHOULD) */
    cJSON_AddItemToObject(v, "allowed_payment_method_types", cJSON_CreateArray());
    expect_one("checkout.session", v, "/allowed_payment_method_types", CCS_RULE_UNKNOWN, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, repeated_member_is_must)
{
    cJSON *v = load_json("example_session.json");
    cJSON *dup = cJSON_CreateString("payment");

    /* cJSON keeps both members in order, as the text had them */
    cJSON_AddItemToObject(v, "mode", dup);
    expect_one("checkout.session", v, "/mode", CCS_RULE_FORMAT, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, nested_pointer)
{
    cJSON *v = load_json("seed_session.json");
    cJSON *td = cJSON_GetObjectItemCaseSensitive(v, "total_details");

    cJSON_DeleteItemFromObjectCaseSensitive(v, "shipping_details"); /* removed at basil */
    replace(td, "amount_tax", cJSON_CreateString("0"));
    expect_one("checkout.session", v, "/total_details/amount_tax", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_DeleteItemFromObjectCaseSensitive(td, "amount_tax");
    expect_one("checkout.session", v, "/total_details/amount_tax", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, array_item_pointer)
{
    cJSON *v = load_json("seed_session.json");
    cJSON *pmt = cJSON_GetObjectItemCaseSensitive(v, "payment_method_types");

    cJSON_DeleteItemFromObjectCaseSensitive(v, "shipping_details"); /* removed at basil */
    cJSON_ReplaceItemInArray(pmt, 0, cJSON_CreateNumber(5));
    expect_one("checkout.session", v, "/payment_method_types/0", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, array_of_objects_pointer)
{
    cJSON *v = load_json("example_session.json");
    cJSON *opts = cJSON_GetObjectItemCaseSensitive(v, "shipping_options");
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "shipping_rate", "shr_1");
    cJSON_AddItemToArray(opts, cJSON_Parse("{\"shipping_amount\":0,\"shipping_rate\":\"shr_0\"}"));
    cJSON_AddItemToArray(opts, o);
    expect_one("checkout.session", v, "/shipping_options/1/shipping_amount", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, line_item_in_list)
{
    cJSON *v = load_json("seed_line_items.json");
    cJSON *price = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "data"), 0),
                                                    "price");

    replace(price, "unit_amount", cJSON_CreateString("1099"));
    expect_one("list", v, "/data/0/price/unit_amount", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    expect_one("list<item>", v, "/data/0/price/unit_amount", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, list_envelope_rules)
{
    cJSON *v = load_json("seed_line_items.json");

    cJSON_DeleteItemFromObjectCaseSensitive(v, "has_more");
    expect_one("list", v, "/has_more", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    replace(v, "has_more", cJSON_CreateFalse());
    replace(v, "object", cJSON_CreateString("lists"));
    expect_one("list", v, "/object", CCS_RULE_ENUM, CCS_LEVEL_MUST);
    replace(v, "object", cJSON_CreateString("list"));
    replace(v, "data", cJSON_CreateObject());
    expect_one("list", v, "/data", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, list_item_contract_from_caller_or_object)
{
    cJSON *v = load_json("seed_line_items.json");
    cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "data"), 0);

    /* With no `object`, only list<item> knows what to check. */
    cJSON_DeleteItemFromObjectCaseSensitive(item, "object");
    expect_must_clean("list", v);
    expect_one("list<item>", v, "/data/0/object", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    /* A session in a list of sessions is checked as a session. */
    cJSON_Delete(v);
    v = cJSON_Parse("{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/checkout/sessions\"}");
    item = load_json("example_session.json");
    cJSON_DeleteItemFromObjectCaseSensitive(item, "mode");
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(v, "data"), item);
    expect_one("list", v, "/data/0/mode", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    expect_one("list<checkout.session>", v, "/data/0/mode", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, includable_line_items)
{
    cJSON *v = load_json("example_session.json");
    cJSON *li = load_json("seed_line_items.json");
    cJSON *item;

    cJSON_AddItemToObject(v, "line_items", li);
    expect_must_clean("checkout.session", v);
    item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(li, "data"), 0);
    replace(item, "amount_total", cJSON_CreateNull());
    expect_one("checkout.session", v, "/line_items/data/0/amount_total", CCS_RULE_NULL, CCS_LEVEL_MUST);
    replace(v, "line_items", cJSON_CreateString("li_1"));
    expect_one("checkout.session", v, "/line_items", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, pointer_escaping)
{
    cJSON *v = load_json("example_session.json");
    cJSON *md = cJSON_GetObjectItemCaseSensitive(v, "metadata");

    cJSON_AddNumberToObject(md, "a/b~c", 5);
    expect_one("checkout.session", v, "/metadata/a~1b~0c", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_DeleteItemFromObjectCaseSensitive(md, "a/b~c");
    cJSON_AddStringToObject(v, "~/", "x");
    expect_one("checkout.session", v, "/~0~1", CCS_RULE_UNKNOWN, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, expandable_fields)
{
    cJSON *v = load_json("example_session.json");

    replace(v, "customer", cJSON_CreateString("cus_123"));
    expect_clean("checkout.session", v);
    /* expanded: id + object suffice; the foreign object is not deep-checked */
    replace(v, "customer", cJSON_Parse("{\"id\":\"cus_1\",\"object\":\"customer\",\"email\":null,\"x\":[1]}"));
    expect_clean("checkout.session", v);
    replace(v, "customer", cJSON_Parse("{\"object\":\"customer\"}"));
    expect_one("checkout.session", v, "/customer/id", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    replace(v, "customer", cJSON_Parse("{\"id\":\"in_1\",\"object\":\"invoice\"}"));
    expect_one("checkout.session", v, "/customer/object", CCS_RULE_ENUM, CCS_LEVEL_MUST);
    replace(v, "customer", cJSON_CreateNumber(7));
    expect_one("checkout.session", v, "/customer", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, formats)
{
    cJSON *v = load_json("example_session.json");
    cJSON *md = cJSON_GetObjectItemCaseSensitive(v, "metadata");
    char big[502];

    replace(v, "currency", cJSON_CreateString("USD"));
    expect_one("checkout.session", v, "/currency", CCS_RULE_FORMAT, CCS_LEVEL_MUST);
    replace(v, "currency", cJSON_CreateString("usd"));
    replace(v, "expires_at", cJSON_CreateNumber(-1));
    expect_one("checkout.session", v, "/expires_at", CCS_RULE_FORMAT, CCS_LEVEL_MUST);
    replace(v, "expires_at", cJSON_CreateNumber(1679686615));
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cJSON_AddStringToObject(md, "k", big);
    expect_one("checkout.session", v, "/metadata/k", CCS_RULE_FORMAT, CCS_LEVEL_MUST);
    cJSON_DeleteItemFromObjectCaseSensitive(md, "k");
    replace(v, "id", cJSON_CreateString("sess_1"));
    expect_one("checkout.session", v, "/id", CCS_RULE_FORMAT, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, item_and_price_prefixes)
{
    cJSON *v = load_json("seed_line_items.json");
    cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "data"), 0);
    cJSON *price = cJSON_GetObjectItemCaseSensitive(item, "price");

    replace(price, "product", cJSON_CreateString("product_1"));
    expect_one("list", v, "/data/0/price/product", CCS_RULE_FORMAT, CCS_LEVEL_SHOULD);
    replace(price, "product", cJSON_CreateString("prod_1"));
    replace(price, "unit_amount_decimal", cJSON_CreateString("10.9x"));
    expect_one("list", v, "/data/0/price/unit_amount_decimal", CCS_RULE_FORMAT, CCS_LEVEL_MUST);
    replace(price, "unit_amount_decimal", cJSON_CreateString("1099"));
    replace(item, "id", cJSON_CreateString("item_1"));
    expect_one("item", item, "/id", CCS_RULE_FORMAT, CCS_LEVEL_SHOULD);
    cJSON_Delete(v);
}

Test(contract, error_envelope)
{
    cJSON *v = cJSON_Parse("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such session\","
                           "\"param\":\"id\",\"code\":\"resource_missing\"}}");

    cr_assert_str_eq(ccs_contract_guess(v), "error");
    expect_clean("error", v);
    replace(cJSON_GetObjectItemCaseSensitive(v, "error"), "type", cJSON_CreateString("authentication_error"));
    expect_clean("error", v); /* an SDK raw type */
    replace(cJSON_GetObjectItemCaseSensitive(v, "error"), "type", cJSON_CreateString("oops"));
    expect_one("error", v, "/error/type", CCS_RULE_ENUM, CCS_LEVEL_MUST);
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(v, "error"), "type");
    expect_one("error", v, "/error/type", CCS_RULE_MISSING, CCS_LEVEL_MUST);
    replace(v, "error", cJSON_CreateString("bad"));
    expect_one("error", v, "/error", CCS_RULE_TYPE, CCS_LEVEL_MUST);
    cJSON_Delete(v);
}

Test(contract, base_pointer_prefixes_every_pointer)
{
    cJSON *v = load_json("seed_line_items.json");
    cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "data"), 0);
    ccs_violations out = {0};
    ccs_error err;

    cJSON_DeleteItemFromObjectCaseSensitive(item, "currency");
    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_check(set, "item", item, "/data/0", &out, &err), CCS_OK);
    /* the seed's item is older: adjustable_quantity and metadata are SHOULD */
    cr_assert_eq(ccs_violations_count(&out, CCS_LEVEL_MUST), 1u);
    cr_assert(find(&out, "/data/0/currency"));
    cr_assert_str_eq(find(&out, "/data/0/currency")->actual, "(absent)");
    for (size_t i = 0; i < out.count; i++)
        cr_assert(!strncmp(out.items[i].pointer, "/data/0/", 8), "%s", out.items[i].pointer);
    ccs_violations_free(&out);
    cJSON_Delete(v);
}

Test(contract, root_type_and_actual_snippet)
{
    cJSON *v = cJSON_Parse("[1,2]");
    ccs_violations out = run("checkout.session", v);

    cr_assert_eq(out.count, 1u);
    cr_assert_str_eq(out.items[0].pointer, "");
    cr_assert_eq(out.items[0].rule, CCS_RULE_TYPE);
    cr_assert_str_eq(out.items[0].expected, "object");
    cr_assert_str_eq(out.items[0].actual, "array [1,2]");
    ccs_violations_free(&out);
    cJSON_Delete(v);
}

Test(contract, check_errors)
{
    cJSON *v = cJSON_Parse("{}");
    ccs_violations out = {0};
    ccs_error err;

    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_check(set, "customer", v, "", &out, &err), CCS_ENOTFOUND);
    cr_assert(strstr(err.message, "customer"));
    cr_assert_eq(ccs_contract_check(set, "list<nope>", v, "", &out, &err), CCS_ENOTFOUND);
    cr_assert_eq(ccs_contract_check(set, "item<price>", v, "", &out, &err), CCS_EINVAL);
    cr_assert_eq(ccs_contract_check(set, "list<item", v, "", &out, &err), CCS_EINVAL);
    cr_assert_eq(ccs_contract_check(set, "item", NULL, "", &out, &err), CCS_EINVAL);
    cr_assert_eq(ccs_contract_check(NULL, "item", v, "", &out, &err), CCS_EINVAL);
    cr_assert_eq(out.count, 0u);
    cJSON_Delete(v);
}

Test(contract, guess)
{
    cJSON *v = cJSON_Parse("{\"object\":\"item\"}");

    cr_assert_str_eq(ccs_contract_guess(v), "item");
    cJSON_Delete(v);
    v = cJSON_Parse("[{\"object\":\"item\"}]");
    cr_assert_null(ccs_contract_guess(v));
    cJSON_Delete(v);
    v = cJSON_Parse("{\"error\":\"x\"}");
    cr_assert_null(ccs_contract_guess(v));
    cJSON_Delete(v);
    cr_assert_null(ccs_contract_guess(NULL));
}

Test(contract, names)
{
    cr_assert_str_eq(ccs_contract_rule_name(CCS_RULE_MISSING), "missing");
    cr_assert_str_eq(ccs_contract_rule_name(CCS_RULE_TYPE), "type");
    cr_assert_str_eq(ccs_contract_rule_name(CCS_RULE_NULL), "null");
    cr_assert_str_eq(ccs_contract_rule_name(CCS_RULE_ENUM), "enum");
    cr_assert_str_eq(ccs_contract_rule_name(CCS_RULE_UNKNOWN), "unknown");
    cr_assert_str_eq(ccs_contract_rule_name(CCS_RULE_FORMAT), "format");
    cr_assert_str_eq(ccs_contract_rule_name((ccs_rule)42), "unknown-rule");
    cr_assert_str_eq(ccs_contract_level_name(CCS_LEVEL_MUST), "MUST");
    cr_assert_str_eq(ccs_contract_level_name(CCS_LEVEL_SHOULD), "SHOULD");
}

/* ---- loading bad directories ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

static int load_tmp(const char *text, ccs_error *err)
{
    char dir[] = "/tmp/ccs-contract-XXXXXX";
    char path[4096];
    ccs_contracts *s = NULL;
    int rc;

    cr_assert(mkdtemp(dir));
    write_file(dir, "x.json", text);
    ccs_error_clear(err);
    rc = ccs_contract_load_dir(dir, &s, err);
    ccs_contract_free(s);
    snprintf(path, sizeof path, "%s/x.json", dir);
    unlink(path);
    rmdir(dir);
    return rc;
}

Test(contract_load, rejects_bad_contracts)
{
    ccs_error err;
    ccs_contracts *s = NULL;

    cr_assert_eq(ccs_contract_load_dir("/nonexistent/contract", &s, &err), CCS_EIO);
    cr_assert_null(s);
    cr_assert_eq(load_tmp("{not json", &err), CCS_EINVAL);
    cr_assert(strstr(err.message, "invalid JSON"), "%s", err.message);
    cr_assert_eq(load_tmp("{\"endpoints\":{}}", &err), CCS_ENOTFOUND, "no contract files: %s", err.message);
    cr_assert_eq(load_tmp("{\"name\":\"a\",\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"str\"}}}", &err),
                 CCS_EINVAL);
    cr_assert_str_eq(err.pointer, "/properties/b");
    cr_assert_eq(load_tmp("{\"name\":\"a\",\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"object\","
                          "\"ref\":\"zzz\"}}}",
                          &err),
                 CCS_ENOTFOUND);
    cr_assert(strstr(err.message, "zzz"), "%s", err.message);
    cr_assert_eq(load_tmp("{\"name\":\"a\",\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\","
                          "\"enum\":[]}}}",
                          &err),
                 CCS_EINVAL);
}

Test(contract_load, default_dir_is_golden_contract)
{
    ccs_contracts *s = NULL;
    ccs_error err;

    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_load_default(&s, &err), CCS_OK, "%s", err.message);
    cr_assert(ccs_contract_get(s, "checkout.session"));
    ccs_contract_free(s);
    setenv("CCS_GOLDEN_DIR", "/nonexistent", 1);
    cr_assert_eq(ccs_contract_load_default(&s, &err), CCS_EIO);
    cr_assert(strstr(err.message, "/nonexistent/contract"), "%s", err.message);
}

Test(contract_load, minimal_contract_works)
{
    ccs_error err;

    cr_assert_eq(load_tmp("{\"name\":\"a\",\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\","
                          "\"presence\":\"optional\",\"enum\":[\"x\"]}}}",
                          &err),
                 CCS_OK, "%s", err.message);
}

/* Every contract on every sample: no crash, pointers under the base,
 * violations well-formed (the fuzz harness checks the same on random input). */
Test(contract, every_contract_on_every_sample)
{
    static const char *const files[] = {"seed_session.json", "seed_line_items.json", "example_session.json"};
    static const char *const names[] = {"checkout.session", "item", "price", "list", "error", "list<item>",
                                        "list<checkout.session>"};
    size_t f, n, i;

    for (f = 0; f < sizeof files / sizeof files[0]; f++) {
        cJSON *v = load_json(files[f]);

        for (n = 0; n < sizeof names / sizeof names[0]; n++) {
            ccs_violations out = {0};
            ccs_error err;

            ccs_error_clear(&err);
            cr_assert_eq(ccs_contract_check(set, names[n], v, "/b~1", &out, &err), CCS_OK);
            for (i = 0; i < out.count; i++) {
                cr_assert(!strncmp(out.items[i].pointer, "/b~1", 4), "%s", out.items[i].pointer);
                cr_assert(out.items[i].expected[0] && out.items[i].actual[0]);
            }
            cr_assert_eq(ccs_violations_count(&out, CCS_LEVEL_MUST) + ccs_violations_count(&out, CCS_LEVEL_SHOULD),
                         out.count);
            ccs_violations_free(&out);
        }
        cJSON_Delete(v);
    }
}

Test(contract, long_pointer_is_cut_not_overflowed)
{
    char key[2000];
    cJSON *v = load_json("example_session.json");
    ccs_violations out;

    memset(key, '/', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    cJSON_AddStringToObject(v, key, "x");
    out = run("checkout.session", v);
    cr_assert_eq(out.count, 1u);
    cr_assert_eq(out.items[0].rule, CCS_RULE_UNKNOWN);
    cr_assert(strlen(out.items[0].pointer) < CCS_VIOLATION_POINTER_MAX);
    cr_assert(!strncmp(out.items[0].pointer, "/~1~1~1", 7));
    ccs_violations_free(&out);
    cJSON_Delete(v);
}

/* A contract wider than one 64-bit word of properties, with names that
 * need escaping: missing properties come out in name order across words,
 * members found by the in-order guess, by the hash and out of order give
 * the same verdicts, null is checked only where it is not allowed, and a
 * duplicate key is checked once. */
Test(contract_load, wide_object_missing_order_and_lookups)
{
    char dir[] = "/tmp/ccs-contract-XXXXXX", path[4096];
    char text[16384];
    size_t o = 0;
    int i;
    ccs_contracts *s = NULL;
    ccs_violations out = {0};
    ccs_error err;
    cJSON *v = cJSON_CreateObject();
    static const char *const want[] = {"/a~1b~0c", "/p000", "/p002", "/p064", "/p066", "/p068", "/p130"};
    size_t k;

    o += (size_t)snprintf(text + o, sizeof text - o,
                          "{\"name\":\"wide\",\"api_version\":\"v1\",\"type\":\"object\",\"properties\":{"
                          "\"a/b~c\":{\"type\":\"string\",\"required\":true},"
                          "\"nn\":{\"type\":\"string\"},\"zn\":{\"type\":\"string\",\"nullable\":true}");
    for (i = 0; i < 140; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, ",\"p%03d\":{\"type\":\"integer\"}", i);
    snprintf(text + o, sizeof text - o, "}}");
    cr_assert(mkdtemp(dir));
    write_file(dir, "wide.json", text);
    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_load_dir(dir, &s, &err), CCS_OK, "%s", err.message);
    snprintf(path, sizeof path, "%s/wide.json", dir);
    unlink(path);
    rmdir(dir);

    /* present: every p except 0, 2, 64, 66, 68, 130; mostly in order, some not */
    for (i = 139; i >= 120; i--)
        if (i != 130) {
            char name[8];

            snprintf(name, sizeof name, "p%03d", i);
            cJSON_AddNumberToObject(v, name, i);
        }
    for (i = 0; i < 120; i++)
        if (i != 0 && i != 2 && i != 64 && i != 66 && i != 68) {
            char name[8];

            snprintf(name, sizeof name, "p%03d", i);
            cJSON_AddNumberToObject(v, name, i);
        }
    cJSON_AddNumberToObject(v, "p001", 1.5); /* repeated: MUST, the value is ambiguous */
    cJSON_AddNullToObject(v, "nn");          /* not nullable: MUST */
    cJSON_AddNullToObject(v, "zn");          /* nullable: fine */
    cr_assert_eq(ccs_contract_check(s, "wide", v, "", &out, &err), CCS_OK);
    cr_assert_eq(out.count, 2 + sizeof want / sizeof want[0]);
    /* members in order first (the repeat, the null), then the missing ones by name */
    cr_assert_str_eq(out.items[0].pointer, "/p001");
    cr_assert_eq(out.items[0].rule, CCS_RULE_FORMAT);
    cr_assert_str_eq(out.items[1].pointer, "/nn");
    cr_assert_eq(out.items[1].rule, CCS_RULE_NULL);
    for (k = 2; k < out.count; k++) {
        cr_assert_str_eq(out.items[k].pointer, want[k - 2]);
        cr_assert_eq(out.items[k].rule, CCS_RULE_MISSING);
        cr_assert_eq(out.items[k].level, k == 2 ? CCS_LEVEL_MUST : CCS_LEVEL_SHOULD);
    }
    ccs_violations_free(&out);
    cJSON_Delete(v);
    ccs_contract_free(s);
}
