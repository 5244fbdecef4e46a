/* Line items from create/update params: prices by catalog id or inline
 * price_data, quantities, and amounts in integer minor units with overflow
 * and range checks. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INVALID "parameter_invalid_string"

/* Items are built, printed and freed per request: their keys are literals
 * (constant, not copied), which halves the allocations of a line item. */
static cJSON *add(cJSON *o, const char *k, cJSON *v)
{
    cJSON_AddItemToObjectCS(o, k, v);
    return v;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    add(o, k, cJSON_CreateString(v));
}

static void add_num(cJSON *o, const char *k, double v)
{
    add(o, k, cJSON_CreateNumber(v));
}

static void add_bool(cJSON *o, const char *k, int v)
{
    add(o, k, cJSON_CreateBool(v));
}

/* "12.345" -> value in 1e-12 units; -1 when not a non-negative decimal with at
 * most 12 fraction digits and an integer part within the unit amount limit. */
static int parse_decimal(const char *s, __int128 *out, long long *whole_out, int *integral)
{
    long long whole = 0;
    __int128 frac = 0;
    int digits = 0, fd = 0;
    const char *p = s;

    for (; isdigit((unsigned char)*p); p++, digits++) {
        whole = whole * 10 + (*p - '0');
        if (whole > SRV_MAX_UNIT_AMOUNT)
            return -1;
    }
    *integral = 1;
    if (*p == '.') {
        p++;
        for (; isdigit((unsigned char)*p); p++, fd++) {
            if (fd >= 12)
                return -1;
            frac = frac * 10 + (*p - '0');
            if (*p != '0')
                *integral = 0;
        }
        if (!fd)
            return -1;
    }
    if (*p || (!digits && !fd))
        return -1;
    for (; fd < 12; fd++)
        frac *= 10;
    *out = (__int128)whole * 1000000000000LL + frac;
    *whole_out = whole;
    return 0;
}

/* Canonical text of a decimal: no leading zeros, no trailing fraction zeros. */
static void canon_decimal(const char *s, char *out, size_t cap)
{
    char buf[64];
    char *dot, *p;

    snprintf(buf, sizeof buf, "%s", s);
    p = buf;
    while (p[0] == '0' && p[1] && p[1] != '.')
        p++;
    if ((dot = strchr(p, '.'))) {
        char *end = p + strlen(p) - 1;

        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (*p == '.' || !*p)
        snprintf(out, cap, "0%s", p);
    else
        snprintf(out, cap, "%s", p);
}

static int currency_ok(const char *c)
{
    return c && strlen(c) == 3 && isalpha((unsigned char)c[0]) && isalpha((unsigned char)c[1]) &&
           isalpha((unsigned char)c[2]);
}

static int interval_max(const char *iv)
{
    if (!strcmp(iv, "day"))
        return 1095;
    if (!strcmp(iv, "week"))
        return 156;
    if (!strcmp(iv, "month"))
        return 36;
    return 3;
}

/* A price from inline price_data, validated: built as a tree (update) or
 * written as text (create) from the same values, so both print the same. */
typedef struct price_in {
    char id[40], product_id[40], currency[4], dec[64];
    const char *product, *interval, *tax_behavior;
    const cJSON *rec;
    long long count, unit, created;
    int integral;
} price_in;

/* Keys are literals of plain letters: no escaping scan (as in create.c). */
#define KEY(w, k) jw_key_lit((w), (k), strlen(k))

static cJSON *recurring_obj(const char *interval, long long count)
{
    cJSON *r = cJSON_CreateObject();

    add_str(r, "interval", interval);
    add_num(r, "interval_count", (double)count);
    add(r, "meter", cJSON_CreateNull());
    add(r, "trial_period_days", cJSON_CreateNull());
    add(r, "usage_type", cJSON_CreateStringReference("licensed"));
    return r;
}

static cJSON *price_tree(const price_in *pi)
{
    cJSON *o = cJSON_CreateObject();

    add_str(o, "id", pi->id);
    add(o, "object", cJSON_CreateStringReference("price"));
    add_bool(o, "active", 0);
    add(o, "billing_scheme", cJSON_CreateStringReference("per_unit"));
    add_num(o, "created", (double)pi->created);
    add_str(o, "currency", pi->currency);
    add(o, "custom_unit_amount", cJSON_CreateNull());
    add_bool(o, "livemode", 0);
    add(o, "lookup_key", cJSON_CreateNull());
    add(o, "metadata", cJSON_CreateObject());
    add(o, "nickname", cJSON_CreateNull());
    add_str(o, "product", pi->product ? pi->product : pi->product_id);
    if (pi->rec)
        add(o, "recurring", recurring_obj(pi->interval, pi->count));
    else
        add(o, "recurring", cJSON_CreateNull());
    add_str(o, "tax_behavior", pi->tax_behavior);
    add(o, "tiers_mode", cJSON_CreateNull());
    add(o, "transform_quantity", cJSON_CreateNull());
    add_str(o, "type", pi->rec ? "recurring" : "one_time");
    if (pi->integral)
        add_num(o, "unit_amount", (double)pi->unit);
    else
        add(o, "unit_amount", cJSON_CreateNull());
    add_str(o, "unit_amount_decimal", pi->dec);
    return o;
}

/* The same object as price_tree, as text. Numbers go through jw_num, the
 * tree printer's conversion; a NULL string leaves its key out, as adding a
 * NULL cJSON string does. */
static void kstr(jw *w, const char *k, const char *v)
{
    if (!v)
        return;
    KEY(w, k);
    jw_str(w, v);
}

static void knum(jw *w, const char *k, double v)
{
    KEY(w, k);
    jw_num(w, v);
}

static void knull(jw *w, const char *k)
{
    KEY(w, k);
    jw_null(w);
}

static void price_text(jw *w, const price_in *pi)
{
    jw_open(w, '{');
    kstr(w, "id", pi->id);
    kstr(w, "object", "price");
    KEY(w, "active");
    jw_bool(w, 0);
    kstr(w, "billing_scheme", "per_unit");
    knum(w, "created", (double)pi->created);
    kstr(w, "currency", pi->currency);
    knull(w, "custom_unit_amount");
    KEY(w, "livemode");
    jw_bool(w, 0);
    knull(w, "lookup_key");
    KEY(w, "metadata");
    jw_open(w, '{');
    jw_close(w, '}');
    knull(w, "nickname");
    kstr(w, "product", pi->product ? pi->product : pi->product_id);
    if (pi->rec) {
        KEY(w, "recurring");
        jw_open(w, '{');
        kstr(w, "interval", pi->interval);
        knum(w, "interval_count", (double)pi->count);
        knull(w, "meter");
        knull(w, "trial_period_days");
        kstr(w, "usage_type", "licensed");
        jw_close(w, '}');
    } else {
        knull(w, "recurring");
    }
    kstr(w, "tax_behavior", pi->tax_behavior);
    knull(w, "tiers_mode");
    knull(w, "transform_quantity");
    kstr(w, "type", pi->rec ? "recurring" : "one_time");
    if (pi->integral)
        knum(w, "unit_amount", (double)pi->unit);
    else
        knull(w, "unit_amount");
    kstr(w, "unit_amount_decimal", pi->dec);
    jw_close(w, '}');
}

/* Inline price_data -> *pi; *desc gets the product name. */
static int price_from_data(req_ctx *c, const cJSON *pd, const char *p, price_in *pi, const char **desc,
                           srv_err *e)
{
    const cJSON *pdata = get(pd, "product_data"), *rec = get(pd, "recurring");
    const char *cur = str(pd, "currency"), *ua = str(pd, "unit_amount"), *uad = str(pd, "unit_amount_decimal");
    const char *prod = str(pd, "product");
    char sub[300];
    long long unit = 0, count = 1;
    __int128 scaled;
    int integral = 1;

    if (!currency_ok(cur)) {
        param_path(sub, sizeof sub, p, "[price_data][currency]");
        return err_param(e, INVALID, sub, "Invalid currency: %.20s. Currencies are three-letter ISO codes.",
                         cur ? cur : "");
    }
    if (ua && uad) {
        param_path(sub, sizeof sub, p, "[price_data][unit_amount]");
        return err_param(e, "parameters_exclusive", sub,
                         "You may only specify one of these parameters: unit_amount, unit_amount_decimal.");
    }
    if (!ua && !uad) {
        param_path(sub, sizeof sub, p, "[price_data][unit_amount]");
        return err_param(e, "parameter_missing", sub,
                         "Missing required param: %s. Pass unit_amount or unit_amount_decimal.", sub);
    }
    if (ua) {
        param_path(sub, sizeof sub, p, "[price_data][unit_amount]");
        if (parse_int64(ua, &unit) || unit < 0)
            return err_param(e, "parameter_invalid_integer", sub,
                             "Invalid integer: %.40s. unit_amount must be a non-negative integer.", ua);
        if (unit > SRV_MAX_UNIT_AMOUNT)
            return err_param(e, "parameter_invalid_integer", sub,
                             "This value must be less than or equal to %lld (it currently is '%lld').",
                             SRV_MAX_UNIT_AMOUNT, unit);
        param_index(pi->dec, sizeof pi->dec, "", unit);
    } else {
        param_path(sub, sizeof sub, p, "[price_data][unit_amount_decimal]");
        if (parse_decimal(uad, &scaled, &unit, &integral))
            return err_param(e, INVALID, sub,
                             "Invalid decimal: %.40s. Use a non-negative amount below 100000000 with at most "
                             "12 decimal places.", uad);
        canon_decimal(uad, pi->dec, sizeof pi->dec);
    }
    if (prod && pdata) {
        param_path(sub, sizeof sub, p, "[price_data][product]");
        return err_param(e, "parameters_exclusive", sub,
                         "You may only specify one of these parameters: product, product_data.");
    }
    if (!prod && !pdata) {
        param_path(sub, sizeof sub, p, "[price_data][product_data]");
        return err_param(e, "parameter_missing", sub,
                         "Missing required param: %s. Pass product or product_data.", sub);
    }
    if (prod) {
        if (!(*desc = catalog_product_name(c->srv, prod))) {
            param_path(sub, sizeof sub, p, "[price_data][product]");
            return err_param(e, "resource_missing", sub, "No such product: '%.100s'", prod);
        }
    } else {
        param_path(sub, sizeof sub, p, "[price_data][product_data][metadata]");
        if (validate_metadata(get(pdata, "metadata"), sub, 0, e))
            return -1;
        *desc = str(pdata, "name");
    }
    if (rec) {
        const char *iv = str(rec, "interval"), *ic = str(rec, "interval_count");

        if (ic) {
            param_path(sub, sizeof sub, p, "[price_data][recurring][interval_count]");
            if (parse_int64(ic, &count) || count < 1 || count > interval_max(iv ? iv : "year"))
                return err_param(e, "parameter_invalid_integer", sub,
                                 "Invalid interval_count: %.20s. The maximum billing period is three years "
                                 "(%d %ss).", ic, interval_max(iv ? iv : "year"), iv ? iv : "year");
        }
    }
    ids_make(pi->id, sizeof pi->id, "price_", 24);
    pi->created = c->now;
    for (int i = 0; i < 3; i++)
        pi->currency[i] = (char)tolower((unsigned char)cur[i]);
    pi->currency[3] = '\0';
    pi->product = prod;
    if (!prod)
        ids_make(pi->product_id, sizeof pi->product_id, "prod_", 14);
    pi->rec = rec;
    pi->interval = rec ? str(rec, "interval") : NULL;
    pi->count = count;
    pi->tax_behavior = str(pd, "tax_behavior") ? str(pd, "tax_behavior") : "unspecified";
    pi->integral = integral;
    pi->unit = unit;
    return 0;
}

/* quantity x price in minor units, rounded half up for fractional prices. */
static int line_amount(const char *dec, long long qty, long long *out)
{
    __int128 scaled, v;
    long long whole;
    int integral;

    if (!dec || parse_decimal(dec, &scaled, &whole, &integral))
        return -1;
    /* bound qty first so the product cannot overflow even in 128 bits */
    if (scaled > 0 && (__int128)qty > ((__int128)(SRV_MAX_AMOUNT + 1) * 1000000000000LL) / scaled + 1)
        return -1;
    v = scaled * qty;
    v = (v + 500000000000LL) / 1000000000000LL;
    if (v > SRV_MAX_AMOUNT)
        return -1;
    *out = (long long)v;
    return 0;
}

static cJSON *adjustable(const cJSON *aq)
{
    cJSON *o;
    int en = 0;
    long long v;

    if (!aq)
        return cJSON_CreateNull();
    o = cJSON_CreateObject();
    parse_bool(get(aq, "enabled"), &en);
    add_bool(o, "enabled", en);
    if (str(aq, "maximum") && !parse_int64(str(aq, "maximum"), &v))
        add_num(o, "maximum", (double)v);
    else
        add_num(o, "maximum", 99);
    if (str(aq, "minimum") && !parse_int64(str(aq, "minimum"), &v))
        add_num(o, "minimum", (double)v);
    else
        add_num(o, "minimum", 0);
    return o;
}

static void adjustable_text(jw *w, const cJSON *aq)
{
    int en = 0;
    long long v;

    if (!aq) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    parse_bool(get(aq, "enabled"), &en);
    KEY(w, "enabled");
    jw_bool(w, en);
    knum(w, "maximum", str(aq, "maximum") && !parse_int64(str(aq, "maximum"), &v) ? (double)v : 99);
    knum(w, "minimum", str(aq, "minimum") && !parse_int64(str(aq, "minimum"), &v) ? (double)v : 0);
    jw_close(w, '}');
}

static int check_adjustable(const cJSON *aq, const char *p, srv_err *e)
{
    long long mx = 99, mn = 0;
    char sub[300];

    if (!aq)
        return 0;
    if (str(aq, "maximum"))
        parse_int64(str(aq, "maximum"), &mx);
    if (str(aq, "minimum"))
        parse_int64(str(aq, "minimum"), &mn);
    if (mx < 1 || mx > 999999) {
        param_path(sub, sizeof sub, p, "[adjustable_quantity][maximum]");
        return err_param(e, "parameter_invalid_integer", sub, "maximum must be between 1 and 999999.");
    }
    if (mn < 0 || mn > mx) {
        param_path(sub, sizeof sub, p, "[adjustable_quantity][minimum]");
        return err_param(e, "parameter_invalid_integer", sub, "minimum must be between 0 and maximum.");
    }
    return 0;
}

typedef struct tally {
    int recurring, one_time;
    long long sum;
} tally;

/* Line item metadata without the keys posted as "" (they mean "unset"). */
static cJSON *metadata_clean(const cJSON *md, const cJSON *base)
{
    cJSON *out = cJSON_IsObject(base) ? cJSON_Duplicate(base, 1) : cJSON_CreateObject();
    const cJSON *kv;

    if (cJSON_IsString(md)) { /* "" clears every key */
        cJSON_Delete(out);
        return cJSON_CreateObject();
    }
    cJSON_ArrayForEach(kv, md) {
        cJSON_DeleteItemFromObjectCaseSensitive(out, kv->string);
        if (cJSON_IsString(kv) && kv->valuestring[0])
            cJSON_AddStringToObject(out, kv->string, kv->valuestring);
    }
    return out;
}

/* metadata_clean(md, NULL) as text: a key posted twice counts once, at its
 * last place, as the tree's delete-then-add leaves it. */
static void metadata_text(jw *w, const cJSON *md)
{
    const cJSON *kv, *later;

    jw_open(w, '{');
    if (!cJSON_IsString(md)) {
        cJSON_ArrayForEach(kv, md) {
            if (!kv->string || !cJSON_IsString(kv) || !kv->valuestring[0])
                continue;
            for (later = kv->next; later; later = later->next)
                if (later->string && !strcmp(later->string, kv->string))
                    break;
            if (later)
                continue;
            jw_key(w, kv->string);
            jw_str(w, kv->valuestring);
        }
    }
    jw_close(w, '}');
}

/* Shape, price/price_data, quantity, tax rates, adjustable quantity and
 * metadata of one posted item (param prefix p). *qty gets the quantity
 * (the stored one when an update does not post it). */
static int check_item(const cJSON *it, const char *p, const cJSON *base, long long *qty, srv_err *e)
{
    char sub[300];
    const char *pid = str(it, "price"), *q = str(it, "quantity");
    const cJSON *pd = get(it, "price_data"), *tr = get(it, "tax_rates");

    if (!cJSON_IsObject(it))
        return err_param(e, INVALID, p, "Invalid line item: %s must be a hash", p);
    if (pid && pd) {
        param_path(sub, sizeof sub, p, "[price]");
        return err_param(e, "parameters_exclusive", sub,
                         "You may only specify one of these parameters: price, price_data.");
    }
    if (!pid && !pd && !base) {
        param_path(sub, sizeof sub, p, "[price]");
        return err_param(e, "parameter_missing", sub,
                         "Missing required param: %s. Each line item needs a `price` or `price_data`.", sub);
    }
    if (!q && !base) {
        param_path(sub, sizeof sub, p, "[quantity]");
        return err_param(e, "parameter_missing", sub, "Quantity is required. Add `quantity` to `%s`.", p);
    }
    param_path(sub, sizeof sub, p, "[quantity]");
    if (!q) {
        const cJSON *bq = get(base, "quantity");

        *qty = cJSON_IsNumber(bq) ? (long long)bq->valuedouble : 1;
    } else if (parse_int64(q, qty)) {
        return err_param(e, "parameter_invalid_integer", sub, "Invalid integer: %.40s", q);
    }
    /* Stripe refuses quantity 0 on create ("This value must be greater than
     * or equal to 1.", recorded for line_items[N][quantity]); an update of a
     * stored item keeps the old floor of 0. */
    if (*qty < (base ? 0 : 1))
        return err_param(e, "parameter_invalid_integer", sub, "This value must be greater than or equal to %d.",
                         base ? 0 : 1);
    if (cJSON_IsArray(tr) && cJSON_GetArraySize(tr) > 0) {
        param_path(sub, sizeof sub, p, "[tax_rates][0]");
        return err_param(e, "resource_missing", sub, "No such tax rate: '%.100s'",
                         cJSON_IsString(cJSON_GetArrayItem(tr, 0)) ? cJSON_GetArrayItem(tr, 0)->valuestring : "");
    }
    if (check_adjustable(get(it, "adjustable_quantity"), p, e))
        return -1;
    param_path(sub, sizeof sub, p, "[metadata]");
    return validate_metadata(get(it, "metadata"), sub, base != NULL, e) ? -1 : 0;
}

/* An item's price in whichever form it has: a catalog price, inline
 * price_data, or (update without either) the stored item's price. */
typedef struct item_price {
    cJSON *price;            /* the tree the stored item gets; NULL when written as text */
    const cJSON *cp;         /* catalog price */
    price_in pi;             /* inline price_data */
    int inline_price;
    const char *desc;        /* product name */
    const char *currency, *dec;
    int recurring;
} item_price;

/* Look up or build the item's price (a tree only when want_tree) and read
 * its currency, kind and decimal amount. */
static int resolve_price(req_ctx *c, const cJSON *it, const char *p, const cJSON *base, int want_tree,
                         item_price *ip, srv_err *e)
{
    const char *pid = str(it, "price");
    const cJSON *pd = get(it, "price_data");
    char sub[300];

    ip->price = NULL;
    ip->cp = NULL;
    ip->inline_price = 0;
    ip->desc = NULL;
    if (pid) {
        if (!(ip->cp = catalog_price(c->srv, pid))) {
            param_path(sub, sizeof sub, p, "[price]");
            return err_param(e, "resource_missing", sub, "No such price: '%.100s'", pid);
        }
        /* the catalog outlives every item: refer to its price, don't copy it */
        if (want_tree)
            ip->price = cJSON_CreateObjectReference(ip->cp->child);
        ip->desc = catalog_product_name(c->srv, str(ip->cp, "product") ? str(ip->cp, "product") : "");
    } else if (pd) {
        if (price_from_data(c, pd, p, &ip->pi, &ip->desc, e))
            return -1;
        ip->inline_price = 1;
        if (want_tree)
            ip->price = price_tree(&ip->pi);
    } else {
        ip->price = cJSON_Duplicate(get(base, "price"), 1);
        ip->desc = str(base, "description");
    }
    if (ip->price) {
        ip->currency = str(ip->price, "currency");
        ip->recurring = cJSON_IsObject(get(ip->price, "recurring"));
        ip->dec = str(ip->price, "unit_amount_decimal");
    } else if (ip->inline_price) {
        ip->currency = ip->pi.currency;
        ip->recurring = ip->pi.rec != NULL;
        ip->dec = ip->pi.dec;
    } else {
        ip->currency = str(ip->cp, "currency");
        ip->recurring = cJSON_IsObject(get(ip->cp, "recurring"));
        ip->dec = str(ip->cp, "unit_amount_decimal");
    }
    return 0;
}

/* The item's share of the session: one currency for every item (the first
 * sets it), no recurring price in payment mode, a total within
 * SRV_MAX_AMOUNT. *amount gets quantity x price. -1 with e unset when the
 * price has no currency. */
static int tally_item(req_ctx *c, const char *p, int catalog, const char *mode, char currency[4],
                      const item_price *ip, long long qty, tally *t, long long *amount, srv_err *e)
{
    const char *pc = ip->currency;
    char sub[300];

    if (!pc)
        return -1;
    if (!currency[0]) {
        memcpy(currency, pc, strnlen(pc, 3));
        currency[strnlen(pc, 3)] = '\0';
    } else if (strcmp(currency, pc)) {
        snprintf(sub, sizeof sub, catalog ? "%s[price]" : "%s[price_data][currency]", p);
        return err_param(e, INVALID, sub,
                         "All line items must use the same currency: `%s` differs from `%s`.", pc, currency);
    }
    if (ip->recurring) {
        t->recurring++;
        if (!strcmp(mode, "payment")) {
            snprintf(sub, sizeof sub, catalog ? "%s[price]" : "%s[price_data][recurring]", p);
            return err_param(e, INVALID, sub,
                             "You specified `payment` mode but passed a recurring price. Either switch to "
                             "`subscription` mode or use only one-time prices.");
        }
    } else {
        t->one_time++;
    }
    if (!ip->dec || line_amount(ip->dec, FAULT(c->srv, F_SUBTOTAL_IGNORES_QUANTITY) ? 1 : qty, amount) ||
        *amount > SRV_MAX_AMOUNT - t->sum) {
        param_path(sub, sizeof sub, p, "[quantity]");
        return err_param(e, "amount_too_large", sub,
                         "The total amount is too large: line item amounts may sum to at most %lld.",
                         SRV_MAX_AMOUNT);
    }
    t->sum += *amount;
    return 0;
}

/* A new item (create) straight to text: the same object as item_tree. */
static void item_text(jw *w, const char *id, const cJSON *it, const item_price *ip, const char *currency,
                      long long qty, long long amount)
{
    jw_open(w, '{');
    kstr(w, "id", id);
    kstr(w, "object", "item");
    KEY(w, "adjustable_quantity");
    adjustable_text(w, get(it, "adjustable_quantity"));
    knum(w, "amount_discount", 0);
    knum(w, "amount_subtotal", (double)amount);
    knum(w, "amount_tax", 0);
    knum(w, "amount_total", (double)amount);
    kstr(w, "currency", currency);
    if (ip->desc)
        kstr(w, "description", ip->desc);
    else
        knull(w, "description");
    KEY(w, "metadata");
    metadata_text(w, get(it, "metadata"));
    KEY(w, "price");
    if (ip->inline_price)
        price_text(w, &ip->pi);
    else
        jw_value(w, ip->cp);
    knum(w, "quantity", (double)qty);
    jw_close(w, '}');
}

/* The item as a tree; fields not posted keep base's values. Takes
 * ip->price. */
static cJSON *item_tree(const char *id, const cJSON *it, const cJSON *base, item_price *ip, const char *currency,
                        long long qty, long long amount)
{
    const cJSON *aq = get(it, "adjustable_quantity");
    cJSON *li = cJSON_CreateObject();

    add_str(li, "id", id);
    add(li, "object", cJSON_CreateStringReference("item"));
    if (aq || !base || !get(base, "adjustable_quantity"))
        add(li, "adjustable_quantity", adjustable(aq));
    else
        add(li, "adjustable_quantity", cJSON_Duplicate(get(base, "adjustable_quantity"), 1));
    add_num(li, "amount_discount", 0);
    add_num(li, "amount_subtotal", (double)amount);
    add_num(li, "amount_tax", 0);
    add_num(li, "amount_total", (double)amount);
    add_str(li, "currency", currency);
    if (ip->desc)
        add_str(li, "description", ip->desc);
    else
        add(li, "description", cJSON_CreateNull());
    add(li, "metadata", metadata_clean(get(it, "metadata"), get(base, "metadata")));
    add(li, "price", ip->price);
    ip->price = NULL;
    add_num(li, "quantity", (double)qty);
    return li;
}

/* One line item from its params. base is the stored item being changed
 * (update with an `id`) or NULL for a new one; fields not posted keep their
 * stored values. With w (create: no base) the item is written there as text
 * instead of built as a tree in *out: building, printing and freeing ~40
 * nodes per item cost more than the rest of the item. */
static int build_item(req_ctx *c, const cJSON *it, int i, const cJSON *base, const char *mode, char currency[4],
                      tally *t, jw *w, cJSON **out, srv_err *e)
{
    char p[64], id[40];
    item_price ip;
    long long qty = 0, amount = 0;
    int rc = -1;

    if (out)
        *out = NULL;
    param_index(p, sizeof p, "line_items", i);
    if (check_item(it, p, base, &qty, e) || resolve_price(c, it, p, base, !w, &ip, e))
        return -1;
    if (tally_item(c, p, str(it, "price") != NULL, mode, currency, &ip, qty, t, &amount, e))
        goto done;
    if (base && str(base, "id"))
        snprintf(id, sizeof id, "%s", str(base, "id"));
    else
        ids_make(id, sizeof id, FAULT(c->srv, F_BAD_LINE_ITEM_ID) ? "item_" : "li_", 24);
    if (w)
        item_text(w, id, it, &ip, currency, qty, amount);
    else
        *out = item_tree(id, it, base, &ip, currency, qty, amount);
    rc = 0;
done:
    if (rc && !e->status)
        err_set(e, 500, "api_error", "", "", "The server could not build the line item.");
    cJSON_Delete(ip.price);
    return rc;
}

/* Count rules per mode, checked on the final list. */
static int check_counts(const char *mode, int n, const tally *t, srv_err *e)
{
    if (!strcmp(mode, "payment") && n > 100)
        return err_param(e, INVALID, "line_items",
                         "You can pass up to 100 line items in `payment` mode; you passed %d.", n);
    if (!strcmp(mode, "subscription")) {
        if (!t->recurring)
            return err_param(e, INVALID, "line_items",
                             "You must provide at least one recurring price in `subscription` mode when using "
                             "prices.");
        if (t->recurring > 20 || t->one_time > 20)
            return err_param(e, INVALID, "line_items",
                             "In `subscription` mode you can pass up to 20 line items with recurring prices and 20 "
                             "with one-time prices.");
    }
    if (!n)
        return err_param(e, "parameter_missing", "line_items",
                         "Missing required param: line_items. At least one line item is required in `%s` mode.",
                         mode);
    return 0;
}

int lines_build(req_ctx *c, const cJSON *items, const char *mode, char **out_text, long long *subtotal,
                char currency[4], srv_err *e)
{
    const cJSON *it;
    jw w = {0};
    tally t = {0, 0, 0};
    int i = 0, rc = -1;

    currency[0] = '\0';
    memset(e, 0, sizeof *e);
    jw_open(&w, '[');
    cJSON_ArrayForEach(it, items) {
        if (build_item(c, it, i, NULL, mode, currency, &t, &w, NULL, e))
            goto done;
        i++;
    }
    if (check_counts(mode, i, &t, e))
        goto done;
    jw_close(&w, ']');
    if (!(*out_text = jw_finish(&w, NULL))) {
        err_set(e, 500, "api_error", "", "", "The server could not build the line item.");
        goto done;
    }
    *subtotal = t.sum;
    rc = 0;
done:
    free(w.s);
    return rc;
}

static const cJSON *find_id(const cJSON *arr, const char *id)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, arr)
        if (str(x, "id") && !strcmp(str(x, "id"), id))
            return x;
    return NULL;
}

int lines_replace(req_ctx *c, const cJSON *items, const cJSON *stored, const char *mode, const char *session_currency,
                  cJSON **out_items, long long *subtotal, srv_err *e)
{
    const cJSON *it;
    cJSON *arr = cJSON_CreateArray(), *li;
    tally t = {0, 0, 0};
    char currency[4] = "";
    int i = 0, rc = -1;

    memset(e, 0, sizeof *e);
    if (session_currency)
        snprintf(currency, sizeof currency, "%s", session_currency);
    cJSON_ArrayForEach(it, items) {
        const char *id = str(it, "id");
        const cJSON *base = NULL;
        char sub[64];

        snprintf(sub, sizeof sub, "line_items[%d][id]", i);
        if (id) {
            if (!(base = find_id(stored, id))) {
                err_param(e, "resource_missing", sub, "No such line item on this Checkout Session: '%.100s'", id);
                goto done;
            }
            if (find_id(arr, id)) {
                err_param(e, INVALID, sub, "Line item '%.100s' is listed more than once.", id);
                goto done;
            }
        }
        if (build_item(c, it, i, base, mode, currency, &t, NULL, &li, e))
            goto done;
        cJSON_AddItemToArray(arr, li);
        i++;
    }
    if (check_counts(mode, i, &t, e))
        goto done;
    *subtotal = t.sum;
    *out_items = arr;
    arr = NULL;
    rc = 0;
done:
    cJSON_Delete(arr);
    return rc;
}
