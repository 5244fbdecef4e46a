/* POST /v1/checkout/sessions: validate the params, build every property of
 * the session object (API 2026-07-29.dahlia) and store it with its items. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INVALID "parameter_invalid_string"

static int url_ok(const char *u)
{
    const char *host;

    if (!strncmp(u, "https://", 8))
        host = u + 8;
    else if (!strncmp(u, "http://", 7))
        host = u + 7;
    else
        return 0;
    if (!*host || *host == '/' || *host == '?' || *host == '#')
        return 0;
    for (; *u; u++)
        if ((unsigned char)*u <= ' ' || *u == 0x7f)
            return 0;
    return 1;
}

static int email_ok(const char *s)
{
    const char *at = strchr(s, '@');

    if (!at || at == s || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.'))
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ')
            return 0;
    return 1;
}

/* custom_fields: at most 3, unique keys, the object matching `type` given,
 * dropdowns with 1..200 options. */
static int check_custom_fields(const cJSON *cf, const char *ui, srv_err *e)
{
    const cJSON *f, *g;
    char sub[80];
    int i = 0;

    if (!cf)
        return 0;
    if (cJSON_GetArraySize(cf) > 3)
        return err_param(e, INVALID, "custom_fields",
                         "You can pass up to 3 custom fields; you passed %d.", cJSON_GetArraySize(cf));
    if (cJSON_GetArraySize(cf) && !strcmp(ui, "elements"))
        return err_param(e, INVALID, "custom_fields", "`custom_fields` cannot be used when `ui_mode` is `elements`.");
    cJSON_ArrayForEach(f, cf) {
        const char *type = str(f, "type"), *key = str(f, "key");

        for (g = cf->child; g != f; g = g->next)
            if (key && str(g, "key") && !strcmp(key, str(g, "key"))) {
                snprintf(sub, sizeof sub, "custom_fields[%d][key]", i);
                return err_param(e, INVALID, sub, "Custom field keys must be unique; '%.100s' is repeated.", key);
            }
        if (type && !strcmp(type, "dropdown")) {
            int n = cJSON_GetArraySize(get(get(f, "dropdown"), "options"));

            snprintf(sub, sizeof sub, "custom_fields[%d][dropdown][options]", i);
            if (!get(f, "dropdown"))
                return err_param(e, "parameter_missing", sub,
                                 "Missing required param: %s. Dropdown fields need their options.", sub);
            if (n < 1 || n > 200)
                return err_param(e, INVALID, sub, "A dropdown needs between 1 and 200 options; it has %d.", n);
        }
        i++;
    }
    return 0;
}

/* shipping_options: at most 5, payment mode, inline fixed-amount rates. */
static int check_shipping(const cJSON *so, const char *mode, srv_err *e)
{
    const cJSON *o;
    char sub[80];
    int i = 0;

    if (!cJSON_IsArray(so) || !cJSON_GetArraySize(so))
        return 0;
    if (cJSON_GetArraySize(so) > 5)
        return err_param(e, INVALID, "shipping_options", "You can pass up to 5 shipping options; you passed %d.",
                         cJSON_GetArraySize(so));
    if (strcmp(mode, "payment"))
        return err_param(e, INVALID, "shipping_options", "`shipping_options` can only be used in `payment` mode.");
    cJSON_ArrayForEach(o, so) {
        const cJSON *rd = get(o, "shipping_rate_data");
        long long amount = 0;

        if (str(o, "shipping_rate")) {
            snprintf(sub, sizeof sub, "shipping_options[%d][shipping_rate]", i);
            return err_param(e, "resource_missing", sub, "No such shipping rate: '%.100s'", str(o, "shipping_rate"));
        }
        snprintf(sub, sizeof sub, "shipping_options[%d][shipping_rate_data]", i);
        if (!rd)
            return err_param(e, "parameter_missing", sub,
                             "Missing required param: %s. Pass shipping_rate or shipping_rate_data.", sub);
        snprintf(sub, sizeof sub, "shipping_options[%d][shipping_rate_data][fixed_amount]", i);
        if (!get(rd, "fixed_amount"))
            return err_param(e, "parameter_missing", sub, "Missing required param: %s.", sub);
        snprintf(sub, sizeof sub, "shipping_options[%d][shipping_rate_data][fixed_amount][amount]", i);
        if (parse_int64(str(get(rd, "fixed_amount"), "amount"), &amount) || amount < 0 ||
            amount > SRV_MAX_UNIT_AMOUNT)
            return err_param(e, "parameter_invalid_integer", sub,
                             "The shipping amount must be between 0 and %lld.", SRV_MAX_UNIT_AMOUNT);
        i++;
    }
    return 0;
}

/* Rules between params that the schema cannot express (spec descriptions). */
static int check_rules(req_ctx *c, const cJSON *p, const char *mode, const char *ui, srv_err *e)
{
    static const char *const url_params[] = {"success_url", "cancel_url", "return_url"};
    int embedded = !strcmp(ui, "embedded_page") || !strcmp(ui, "elements");
    size_t i;
    long long exp;

    (void)c;
    for (i = 0; i < sizeof url_params / sizeof url_params[0]; i++) {
        const char *u = str(p, url_params[i]);

        if (u && !url_ok(u))
            return err_param(e, "url_invalid", url_params[i], "Not a valid URL");
    }
    if (embedded && get(p, "success_url"))
        return err_param(e, INVALID, "success_url",
                         "You cannot pass `success_url` when `ui_mode` is `%s`; use `return_url` instead.", ui);
    if (embedded && get(p, "cancel_url"))
        return err_param(e, INVALID, "cancel_url", "You cannot pass `cancel_url` when `ui_mode` is `%s`.", ui);
    if (!embedded && get(p, "return_url"))
        return err_param(e, INVALID, "return_url",
                         "`return_url` can only be passed when `ui_mode` is `embedded_page` or `elements`.");
    if (get(p, "redirect_on_completion") && strcmp(ui, "embedded_page"))
        return err_param(e, INVALID, "redirect_on_completion",
                         "`redirect_on_completion` can only be passed when `ui_mode` is `embedded_page`.");
    if (!strcmp(ui, "elements")) {
        static const char *const forbidden[] = {"after_expiration", "branding_settings", "origin_context",
                                                "submit_type"};

        for (i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
            if (get(p, forbidden[i]))
                return err_param(e, INVALID, forbidden[i],
                                 "You cannot pass `%s` when `ui_mode` is `elements`.", forbidden[i]);
    }
    if (get(p, "customer_creation") && !strcmp(mode, "subscription"))
        return err_param(e, INVALID, "customer_creation",
                         "`customer_creation` can only be used in `payment` and `setup` mode.");
    if (get(p, "payment_method_collection") && strcmp(mode, "subscription"))
        return err_param(e, INVALID, "payment_method_collection",
                         "`payment_method_collection` can only be used in `subscription` mode.");
    if (get(p, "submit_type") && !strcmp(mode, "setup"))
        return err_param(e, INVALID, "submit_type", "`submit_type` cannot be used in `setup` mode.");
    if (get(p, "payment_intent_data") && strcmp(mode, "payment"))
        return err_param(e, INVALID, "payment_intent_data",
                         "`payment_intent_data` can only be used in `payment` mode.");
    if (get(p, "setup_intent_data") && strcmp(mode, "setup"))
        return err_param(e, INVALID, "setup_intent_data", "`setup_intent_data` can only be used in `setup` mode.");
    if (get(p, "subscription_data") && strcmp(mode, "subscription"))
        return err_param(e, INVALID, "subscription_data",
                         "`subscription_data` can only be used in `subscription` mode.");
    if (get(p, "customer") && get(p, "customer_email"))
        return err_param(e, "parameters_exclusive", "customer_email",
                         "You may only specify one of these parameters: customer, customer_email.");
    if (get(p, "customer_update") && !get(p, "customer"))
        return err_param(e, INVALID, "customer_update", "`customer_update` can only be used with `customer`.");
    if (str(p, "customer_email") && !email_ok(str(p, "customer_email")))
        return err_param(e, "email_invalid", "customer_email", "Invalid email address: %.100s",
                         str(p, "customer_email"));
    if (str(p, "expires_at") && !FAULT(c->srv, F_EXPIRES_AT_NO_WINDOW)) {
        parse_int64(str(p, "expires_at"), &exp);
        if (exp < c->now + 1800)
            return err_param(e, "parameter_invalid_integer", "expires_at",
                             "The `expires_at` timestamp must be at least 30 minutes from Checkout Session "
                             "creation.");
        if (exp > c->now + 86400)
            return err_param(e, "parameter_invalid_integer", "expires_at",
                             "The `expires_at` timestamp must be less than 24 hours from Checkout Session "
                             "creation.");
    }
    if (get(p, "discounts") && cJSON_GetArraySize(get(p, "discounts")) > 0) {
        const cJSON *d = cJSON_GetArrayItem(get(p, "discounts"), 0);
        const char *id = str(d, "coupon") ? str(d, "coupon") : str(d, "promotion_code");

        return err_param(e, "resource_missing", str(d, "coupon") ? "discounts[0][coupon]" :
                         "discounts[0][promotion_code]", "No such %s: '%.100s'",
                         str(d, "coupon") ? "coupon" : "promotion code", id ? id : "");
    }
    if (get(p, "discounts") && get(p, "allow_promotion_codes"))
        return err_param(e, "parameters_exclusive", "allow_promotion_codes",
                         "You may only specify one of these parameters: allow_promotion_codes, discounts.");
    if (get(p, "optional_items"))
        return err_param(e, INVALID, "optional_items", "`optional_items` is not supported by this server.");
    if (check_custom_fields(get(p, "custom_fields"), ui, e) || check_shipping(get(p, "shipping_options"), mode, e))
        return -1;
    return validate_metadata(get(p, "metadata"), "metadata", 0, e);
}

static cJSON *int_or_null(const char *v)
{
    long long n;

    return v && !parse_int64(v, &n) ? cJSON_CreateNumber((double)n) : cJSON_CreateNull();
}

/* The echoed custom fields: the object of the field's type, value unset. */
static cJSON *custom_fields(const cJSON *cf)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *f;

    cJSON_ArrayForEach(f, cf) {
        cJSON *o = cJSON_CreateObject(), *x;
        const char *type = str(f, "type") ? str(f, "type") : "text";
        int opt = 0;

        if (!strcmp(type, "dropdown")) {
            const cJSON *dd = get(f, "dropdown"), *op;
            cJSON *opts;

            x = cJSON_AddObjectToObject(o, "dropdown");
            cJSON_AddItemToObject(x, "default_value", str_or_null(str(dd, "default_value")));
            opts = cJSON_AddArrayToObject(x, "options");
            cJSON_ArrayForEach(op, get(dd, "options")) {
                cJSON *y = cJSON_CreateObject();

                cJSON_AddItemToObject(y, "label", str_or_null(str(op, "label")));
                cJSON_AddItemToObject(y, "value", str_or_null(str(op, "value")));
                cJSON_AddItemToArray(opts, y);
            }
            cJSON_AddNullToObject(x, "value");
        }
        cJSON_AddItemToObject(o, "key", str_or_null(str(f, "key")));
        x = cJSON_AddObjectToObject(o, "label");
        cJSON_AddItemToObject(x, "custom", str_or_null(str(get(f, "label"), "custom")));
        cJSON_AddStringToObject(x, "type", "custom");
        if (!strcmp(type, "numeric") || !strcmp(type, "text")) {
            const cJSON *src = get(f, type);

            x = cJSON_AddObjectToObject(o, type);
            cJSON_AddItemToObject(x, "default_value", str_or_null(str(src, "default_value")));
            cJSON_AddItemToObject(x, "maximum_length", int_or_null(str(src, "maximum_length")));
            cJSON_AddItemToObject(x, "minimum_length", int_or_null(str(src, "minimum_length")));
            cJSON_AddNullToObject(x, "value");
        }
        parse_bool(get(f, "optional"), &opt);
        cJSON_AddBoolToObject(o, "optional", opt);
        cJSON_AddStringToObject(o, "type", type);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static long long first_shipping(const cJSON *so)
{
    long long amount = 0;

    if (cJSON_IsArray(so) && cJSON_GetArraySize(so))
        parse_int64(str(get(get(cJSON_GetArrayItem(so, 0), "shipping_rate_data"), "fixed_amount"), "amount"),
                    &amount);
    return amount;
}

/* Inline shipping rates get ids; the first one is the selected shipping cost. */
static cJSON *shipping_options(const cJSON *so, cJSON **cost)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *o;

    *cost = NULL;
    if (!cJSON_IsArray(so))
        return arr;
    cJSON_ArrayForEach(o, so) {
        cJSON *x = cJSON_CreateObject();
        long long amount = 0;
        char id[40];

        parse_int64(str(get(get(o, "shipping_rate_data"), "fixed_amount"), "amount"), &amount);
        ids_make(id, sizeof id, "shr_", 24);
        cJSON_AddNumberToObject(x, "shipping_amount", (double)amount);
        cJSON_AddStringToObject(x, "shipping_rate", id);
        if (!*cost) {
            *cost = cJSON_CreateObject();
            cJSON_AddNumberToObject(*cost, "amount_subtotal", (double)amount);
            cJSON_AddNumberToObject(*cost, "amount_tax", 0);
            cJSON_AddNumberToObject(*cost, "amount_total", (double)amount);
            cJSON_AddStringToObject(*cost, "shipping_rate", id);
        }
        cJSON_AddItemToArray(arr, x);
    }
    return arr;
}

/* Keys of the session object are literals of plain letters: written as
 * they are (KEY), without the escaping scan; metadata keys use jw_key. */
#define KEY(w, k) jw_key_lit((w), (k), strlen(k))

static void kstr(jw *w, const char *k, const char *v)
{
    KEY(w, k);
    jw_str(w, v);
}

static void knull(jw *w, const char *k)
{
    KEY(w, k);
    jw_null(w);
}

static void kbool(jw *w, const char *k, int v)
{
    KEY(w, k);
    jw_bool(w, v);
}

static void kint(jw *w, const char *k, long long v)
{
    KEY(w, k);
    jw_int(w, v);
}

/* {"enabled":<param's enabled or false>} */
static void kenabled(jw *w, const char *k, const cJSON *o)
{
    int b = 0;

    parse_bool(get(o, "enabled"), &b);
    KEY(w, k);
    jw_open(w, '{');
    kbool(w, "enabled", b);
    jw_close(w, '}');
}

/* A subtree taken over as is; the key is left out when there is none. */
static void ktree(jw *w, const char *k, const cJSON *v)
{
    if (!v)
        return;
    KEY(w, k);
    jw_value(w, v);
}

/* Metadata without the keys posted as "" (they mean "unset"). */
static void kmetadata(jw *w, const char *k, const cJSON *md)
{
    const cJSON *kv;

    KEY(w, k);
    jw_open(w, '{');
    cJSON_ArrayForEach(kv, md)
        if (cJSON_IsString(kv) && kv->valuestring[0]) {
            jw_key(w, kv->string); /* client text: escaped */
            jw_str(w, kv->valuestring);
        }
    jw_close(w, '}');
}

static void kcustom_text(jw *w, const cJSON *ct)
{
    static const char *const keys[] = {"after_submit", "shipping_address", "submit", "terms_of_service_acceptance"};
    size_t i;

    KEY(w, "custom_text");
    jw_open(w, '{');
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *m = str(get(ct, keys[i]), "message");

        if (m) {
            KEY(w, keys[i]);
            jw_open(w, '{');
            kstr(w, "message", m);
            jw_close(w, '}');
        } else {
            knull(w, keys[i]);
        }
    }
    jw_close(w, '}');
}

/* {"recovery":{...}} when after_expiration was posted, else null. */
static void kafter_expiration(jw *w, const cJSON *p)
{
    const cJSON *r = get(get(p, "after_expiration"), "recovery");
    int b;

    if (!get(p, "after_expiration")) {
        knull(w, "after_expiration");
        return;
    }
    KEY(w, "after_expiration");
    jw_open(w, '{');
    KEY(w, "recovery");
    jw_open(w, '{');
    b = 0;
    parse_bool(get(r, "allow_promotion_codes"), &b);
    kbool(w, "allow_promotion_codes", b);
    b = 0;
    parse_bool(get(r, "enabled"), &b);
    kbool(w, "enabled", b);
    knull(w, "expires_at");
    knull(w, "url");
    jw_close(w, '}');
    jw_close(w, '}');
}

static void kautomatic_tax(jw *w, const cJSON *p)
{
    int b = 0;

    KEY(w, "automatic_tax");
    jw_open(w, '{');
    parse_bool(get(get(p, "automatic_tax"), "enabled"), &b);
    kbool(w, "enabled", b);
    if (b) {
        KEY(w, "liability");
        jw_open(w, '{');
        kstr(w, "type", "self");
        jw_close(w, '}');
        knull(w, "provider");
        kstr(w, "status", "requires_location_inputs");
    } else {
        knull(w, "liability");
        knull(w, "provider");
        knull(w, "status");
    }
    jw_close(w, '}');
}

/* Embedded and elements sessions get a secret: "<id>_secret_<random>". */
static void kclient_secret(jw *w, const char *ui, const char *id)
{
    char secret[160], rnd[40];

    if (strcmp(ui, "embedded_page") && strcmp(ui, "elements")) {
        knull(w, "client_secret");
        return;
    }
    ids_random(rnd, 24);
    snprintf(secret, sizeof secret, "%s_secret_%s", id, rnd);
    kstr(w, "client_secret", secret);
}

static void kconsent_collection(jw *w, const cJSON *p)
{
    const cJSON *o = get(p, "consent_collection");

    if (!o) {
        knull(w, "consent_collection");
        return;
    }
    KEY(w, "consent_collection");
    jw_open(w, '{');
    if (get(o, "payment_method_reuse_agreement")) {
        KEY(w, "payment_method_reuse_agreement");
        jw_open(w, '{');
        kstr(w, "position", str(get(o, "payment_method_reuse_agreement"), "position"));
        jw_close(w, '}');
    } else {
        knull(w, "payment_method_reuse_agreement");
    }
    kstr(w, "promotions", str(o, "promotions"));
    kstr(w, "terms_of_service", str(o, "terms_of_service"));
    jw_close(w, '}');
}

static void kcustom_fields(jw *w, const cJSON *p)
{
    cJSON *tree;

    if (!get(p, "custom_fields")) {
        KEY(w, "custom_fields");
        jw_open(w, '[');
        jw_close(w, ']');
        return;
    }
    tree = custom_fields(get(p, "custom_fields"));
    ktree(w, "custom_fields", tree);
    cJSON_Delete(tree);
}

/* Payment mode: {"enabled", "invoice_data":{...}}; other modes: null. */
static void kinvoice_creation(jw *w, const cJSON *p, const char *mode)
{
    const cJSON *pic = get(p, "invoice_creation");
    int b = 0;

    if (strcmp(mode, "payment")) {
        knull(w, "invoice_creation");
        return;
    }
    KEY(w, "invoice_creation");
    jw_open(w, '{');
    parse_bool(get(pic, "enabled"), &b);
    kbool(w, "enabled", b);
    KEY(w, "invoice_data");
    jw_open(w, '{');
    knull(w, "account_tax_ids");
    knull(w, "custom_fields");
    kstr(w, "description", str(get(pic, "invoice_data"), "description"));
    kstr(w, "footer", str(get(pic, "invoice_data"), "footer"));
    knull(w, "issuer");
    kmetadata(w, "metadata", get(get(pic, "invoice_data"), "metadata"));
    knull(w, "rendering_options");
    jw_close(w, '}');
    jw_close(w, '}');
}

/* The posted types, or ["card"]. */
static void kpayment_method_types(jw *w, const cJSON *p)
{
    if (cJSON_IsArray(get(p, "payment_method_types")) && cJSON_GetArraySize(get(p, "payment_method_types"))) {
        ktree(w, "payment_method_types", get(p, "payment_method_types"));
        return;
    }
    KEY(w, "payment_method_types");
    jw_open(w, '[');
    jw_str(w, "card");
    jw_close(w, ']');
}

static void kpermissions(jw *w, const cJSON *p)
{
    if (!get(p, "permissions")) {
        knull(w, "permissions");
        return;
    }
    KEY(w, "permissions");
    jw_open(w, '{');
    kstr(w, "update_shipping_details", str(get(p, "permissions"), "update_shipping_details"));
    jw_close(w, '}');
}

/* Priced modes only; allow_redisplay_filters defaults to ["always"]. */
static void ksaved_payment_method_options(jw *w, const cJSON *p, int priced)
{
    const cJSON *sp = get(p, "saved_payment_method_options");

    if (!priced) {
        knull(w, "saved_payment_method_options");
        return;
    }
    KEY(w, "saved_payment_method_options");
    jw_open(w, '{');
    if (get(sp, "allow_redisplay_filters")) {
        ktree(w, "allow_redisplay_filters", get(sp, "allow_redisplay_filters"));
    } else {
        KEY(w, "allow_redisplay_filters");
        jw_open(w, '[');
        jw_str(w, "always");
        jw_close(w, ']');
    }
    kstr(w, "payment_method_remove", str(sp, "payment_method_remove"));
    kstr(w, "payment_method_save", str(sp, "payment_method_save"));
    jw_close(w, '}');
}

static void kshipping_address_collection(jw *w, const cJSON *p)
{
    if (!get(p, "shipping_address_collection")) {
        knull(w, "shipping_address_collection");
        return;
    }
    KEY(w, "shipping_address_collection");
    jw_open(w, '{');
    ktree(w, "allowed_countries", get(get(p, "shipping_address_collection"), "allowed_countries"));
    jw_close(w, '}');
}

/* shipping_cost (the first rate, or null) and shipping_options. */
static void kshipping(jw *w, const cJSON *p)
{
    cJSON *ship_cost = NULL, *tree = shipping_options(get(p, "shipping_options"), &ship_cost);

    if (ship_cost)
        ktree(w, "shipping_cost", ship_cost);
    else
        knull(w, "shipping_cost");
    ktree(w, "shipping_options", tree);
    cJSON_Delete(ship_cost);
    cJSON_Delete(tree);
}

static void ktotal_details(jw *w, int priced, long long shipping)
{
    if (!priced) {
        knull(w, "total_details");
        return;
    }
    KEY(w, "total_details");
    jw_open(w, '{');
    kint(w, "amount_discount", 0);
    kint(w, "amount_shipping", shipping);
    kint(w, "amount_tax", 0);
    jw_close(w, '}');
}

/* Hosted sessions get a checkout URL. */
static void kurl(jw *w, const char *ui, const char *id)
{
    char url[160];

    if (strcmp(ui, "hosted_page")) {
        knull(w, "url");
        return;
    }
    snprintf(url, sizeof url, "https://checkout.stripe.com/c/pay/%s", id);
    kstr(w, "url", url);
}

/* Optional properties: present only when they apply. */
static void koptional(jw *w, const cJSON *p, const char *ui)
{
    const cJSON *o;
    int b = 0;

    if (str(p, "return_url"))
        kstr(w, "return_url", str(p, "return_url"));
    if (!strcmp(ui, "embedded_page"))
        kstr(w, "redirect_on_completion",
             str(p, "redirect_on_completion") ? str(p, "redirect_on_completion") : "always");
    if ((o = get(p, "tax_id_collection"))) {
        KEY(w, "tax_id_collection");
        jw_open(w, '{');
        parse_bool(get(o, "enabled"), &b);
        kbool(w, "enabled", b);
        kstr(w, "required", str(o, "required") ? str(o, "required") : "never");
        jw_close(w, '}');
    }
    if (cJSON_IsArray(get(p, "excluded_payment_method_types")))
        ktree(w, "excluded_payment_method_types", get(p, "excluded_payment_method_types"));
    /* endive's filter; earlier versions reject the parameter in validation,
     * and their responses drop the member (version.c) */
    if (cJSON_IsArray(get(p, "allowed_payment_method_types")))
        ktree(w, "allowed_payment_method_types", get(p, "allowed_payment_method_types"));
}

static void kempty(jw *w, const char *k, char bracket)
{
    KEY(w, k);
    jw_open(w, bracket);
    jw_close(w, bracket == '{' ? '}' : ']');
}

/* Renders the stored session, every always-present property in order,
 * straight to text (no tree); ix gets the values the store indexes. One
 * emitter per sub-object (k<property> above). */
static char *render(req_ctx *c, const cJSON *p, const char *mode, const char *ui, const char *currency,
                    long long subtotal, session_index *ix, size_t *len)
{
    jw w = {0};
    const cJSON *o;
    int priced = strcmp(mode, "setup") != 0;
    long long exp = c->now + (FAULT(c->srv, F_EXPIRES_AT_DEFAULT_1H) ? 3600 : 86400);
    long long shipping = first_shipping(get(p, "shipping_options"));
    const char *id = ix->id_buf;
    int b;

    ids_make(ix->id_buf, sizeof ix->id_buf, FAULT(c->srv, F_BAD_ID_PREFIX) ? "sess_" : "cs_test_",
             SRV_SESSION_ID_RANDOM);
    if (str(p, "expires_at"))
        parse_int64(str(p, "expires_at"), &exp);
    jw_open(&w, '{');
    kstr(&w, "id", id);
    kstr(&w, "object", "checkout.session");
    kenabled(&w, "adaptive_pricing", get(p, "adaptive_pricing"));
    kafter_expiration(&w, p);
    if ((o = get(p, "allow_promotion_codes")) && !parse_bool(o, &b))
        kbool(&w, "allow_promotion_codes", b);
    else
        knull(&w, "allow_promotion_codes");
    if (priced) {
        kint(&w, "amount_subtotal", subtotal);
        kint(&w, "amount_total", subtotal + shipping);
    } else {
        knull(&w, "amount_subtotal");
        knull(&w, "amount_total");
    }
    kautomatic_tax(&w, p);
    kstr(&w, "billing_address_collection", str(p, "billing_address_collection"));
    kstr(&w, "cancel_url", str(p, "cancel_url"));
    kstr(&w, "client_reference_id", str(p, "client_reference_id"));
    kclient_secret(&w, ui, id);
    knull(&w, "collected_information");
    knull(&w, "consent");
    kconsent_collection(&w, p);
    kint(&w, "created", c->now);
    kstr(&w, "currency", currency[0] ? currency : NULL);
    knull(&w, "currency_conversion");
    kcustom_fields(&w, p);
    kcustom_text(&w, get(p, "custom_text"));
    kstr(&w, "customer", str(p, "customer"));
    kstr(&w, "customer_account", str(p, "customer_account"));
    if (!strcmp(mode, "subscription"))
        knull(&w, "customer_creation");
    else
        kstr(&w, "customer_creation", str(p, "customer_creation") ? str(p, "customer_creation") : "if_required");
    knull(&w, "customer_details");
    kstr(&w, "customer_email", str(p, "customer_email"));
    kempty(&w, "discounts", '[');
    kint(&w, "expires_at", exp);
    kstr(&w, "integration_identifier", str(p, "integration_identifier"));
    knull(&w, "invoice");
    kinvoice_creation(&w, p, mode);
    kbool(&w, "livemode", 0);
    kstr(&w, "locale", str(p, "locale"));
    if (get(p, "managed_payments"))
        kenabled(&w, "managed_payments", get(p, "managed_payments"));
    else
        knull(&w, "managed_payments");
    kmetadata(&w, "metadata", get(p, "metadata"));
    kstr(&w, "mode", mode);
    kstr(&w, "origin_context", str(p, "origin_context"));
    knull(&w, "payment_intent");
    knull(&w, "payment_link");
    kstr(&w, "payment_method_collection",
         str(p, "payment_method_collection") ? str(p, "payment_method_collection") : "always");
    knull(&w, "payment_method_configuration_details");
    kempty(&w, "payment_method_options", '{');
    kpayment_method_types(&w, p);
    kstr(&w, "payment_status", priced ? "unpaid" : "no_payment_required");
    kpermissions(&w, p);
    kenabled(&w, "phone_number_collection", get(p, "phone_number_collection"));
    knull(&w, "recovered_from");
    ksaved_payment_method_options(&w, p, priced);
    knull(&w, "setup_intent");
    kshipping_address_collection(&w, p);
    kshipping(&w, p);
    kstr(&w, "status", "open");
    kstr(&w, "submit_type", str(p, "submit_type"));
    knull(&w, "subscription");
    kstr(&w, "success_url", str(p, "success_url"));
    ktotal_details(&w, priced, shipping);
    kstr(&w, "ui_mode", ui);
    kurl(&w, ui, id);
    knull(&w, "wallet_options");
    koptional(&w, p, ui);
    jw_close(&w, '}');
    ix->id = id;
    ix->status = "open";
    ix->customer = str(p, "customer");
    ix->payment_intent = ix->payment_link = ix->subscription = NULL;
    ix->email = str(p, "customer_email");
    ix->created = c->now;
    ix->expires_at = exp;
    return jw_finish(&w, len);
}

static const char *const expandable[] = {"line_items", "customer", "invoice", "payment_intent", "payment_link",
                                         "setup_intent", "subscription", NULL};

/* Shared by create/update/expire: the params that may follow the session. */
const char *const *session_expandable(void)
{
    return expandable;
}

/* Everything a create does before it touches the store: decoding,
 * validation, ids, amounts and the printed session. It needs no lock. */
int create_prepare(req_ctx *c, cJSON *p, create_prep *out)
{
    srv_err e;
    const char *mode = str(p, "mode"), *ui = str(p, "ui_mode") ? str(p, "ui_mode") : "hosted_page";
    const cJSON *items = get(p, "line_items");
    char *text = NULL, *items_text = NULL;
    size_t len = 0;
    long long subtotal = 0;
    char currency[4] = "";

    memset(&e, 0, sizeof e);
    if (validate_params(c->srv, c->ver->p[SRV_OP_CREATE], p, &e))
        goto fail;
    /* From here on the server's own names (ui_mode embedded -> embedded_page). */
    versions_translate_in(c->srv, c->ver, p, SRV_OP_CREATE);
    ui = str(p, "ui_mode") ? str(p, "ui_mode") : "hosted_page";
    if (validate_expand(get(p, "expand"), expandable, &e))
        goto fail;
    if (!mode) {
        if (FAULT(c->srv, F_MISSING_PARAM_500)) {
            err_set(&e, 500, "api_error", "", "", "An unknown error occurred");
            goto fail;
        }
        err_param(&e, "parameter_missing", "mode", "Missing required param: mode.");
        goto fail;
    }
    if (!FAULT(c->srv, F_ENUM_NOT_VALIDATED) && strcmp(mode, "payment") && strcmp(mode, "setup") &&
        strcmp(mode, "subscription")) {
        err_param(&e, INVALID, "mode", "Invalid mode: must be one of payment, setup, or subscription");
        goto fail;
    }
    if (check_rules(c, p, mode, ui, &e))
        goto fail;
    if (!strcmp(mode, "setup")) {
        const char *cur = str(p, "currency");

        if (items && cJSON_GetArraySize(items) > 0) {
            err_param(&e, INVALID, "line_items", "You cannot pass `line_items` in `setup` mode.");
            goto fail;
        }
        if (!cur && !get(p, "payment_method_types")) {
            err_param(&e, "parameter_missing", "currency",
                      "Missing required param: currency. `currency` is required in `setup` mode unless "
                      "`payment_method_types` is set.");
            goto fail;
        }
        if (cur) {
            if (strlen(cur) != 3 || !isalpha((unsigned char)cur[0]) || !isalpha((unsigned char)cur[1]) ||
                !isalpha((unsigned char)cur[2])) {
                err_param(&e, INVALID, "currency", "Invalid currency: %.20s", cur);
                goto fail;
            }
            for (int i = 0; i < 3; i++)
                currency[i] = (char)tolower((unsigned char)cur[i]);
            currency[3] = '\0';
        }
    } else {
        if (!items) {
            if (FAULT(c->srv, F_MISSING_PARAM_500)) {
                err_set(&e, 500, "api_error", "", "", "An unknown error occurred");
                goto fail;
            }
            err_param(&e, "parameter_missing", "line_items",
                      "Missing required param: line_items. `line_items` is required in `%s` mode.", mode);
            goto fail;
        }
        if (lines_build(c, items, mode, &items_text, &subtotal, currency, &e))
            goto fail;
        if (str(p, "currency") && strcasecmp(str(p, "currency"), currency)) {
            err_param(&e, INVALID, "currency",
                      "`currency` (%.8s) does not match the currency of the line items (%s).", str(p, "currency"),
                      currency);
            goto fail;
        }
    }
    if (!(text = render(c, p, mode, ui, currency, subtotal, &out->index, &len)))
        goto oom;
    out->text = text;
    out->len = len;
    out->items = items_text;
    out->expand = get(p, "expand");
    return 0;
oom:
    err_set(&e, 500, "api_error", "", "", "The server could not store the session.");
fail:
    free(text);
    free(items_text);
    reply_error(c, &e);
    return -1;
}

/* The store half, under the server lock: insert, then reply. */
void create_store(req_ctx *c, create_prep *prep)
{
    srv_err e;
    cJSON *s;

    memset(&e, 0, sizeof e);
    if (store_insert_session(c->srv, c->account, &prep->index, prep->text, prep->items)) {
        err_set(&e, 500, "api_error", "", "", "The server could not store the session.");
        reply_error(c, &e);
        return;
    }
    /* fast path: the stored text is the response (printed once) */
    if (!c->srv->faults && !cJSON_GetArraySize(prep->expand)) {
        free(c->resp->body);
        c->resp->status = 200;
        c->resp->body = prep->text;
        c->resp->body_len = prep->len;
        prep->text = NULL;
        return;
    }
    /* expansion and render faults work on a tree of the stored text */
    if (!(s = cJSON_Parse(prep->text))) {
        err_set(&e, 500, "api_error", "", "", "The server could not read the session.");
        reply_error(c, &e);
        return;
    }
    if (session_expand_line_items(c, s, prep->expand, "line_items", &e)) {
        cJSON_Delete(s);
        reply_error(c, &e);
        return;
    }
    reply_json(c, FAULT(c->srv, F_CREATE_201) ? 201 : 200, session_render_fix(c->srv, s));
}

void create_prep_free(create_prep *prep)
{
    free(prep->text);
    free(prep->items);
    memset(prep, 0, sizeof *prep);
}

void op_create(req_ctx *c, cJSON *p)
{
    create_prep prep;

    memset(&prep, 0, sizeof prep);
    if (!create_prepare(c, p, &prep))
        create_store(c, &prep);
    create_prep_free(&prep);
}
