/* GET endpoints: retrieve one session, list sessions, list line items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int parse_limit(const ccs_server *srv, const cJSON *params, int *limit, srv_err *e)
{
    const cJSON *v = get(params, "limit");
    long long n;
    long long max = FAULT(srv, F_LIMIT_NO_MAX) ? 10000 : 100;

    *limit = FAULT(srv, F_LIMIT_DEFAULT_20) ? 20 : 10;
    if (!v)
        return 0;
    if (!cJSON_IsString(v) || parse_int64(v->valuestring, &n))
        return err_param(e, "parameter_invalid_integer", "limit", "Invalid integer: %.40s",
                         cJSON_IsString(v) ? v->valuestring : "(not a value)");
    if (n < 1)
        return err_param(e, "parameter_invalid_integer", "limit",
                         "This value must be greater than or equal to 1 (it currently is '%lld').", n);
    if (n > max)
        return err_param(e, "parameter_invalid_integer", "limit",
                         "This value must be less than or equal to 100 (it currently is '%lld').", n);
    if (!FAULT(srv, F_LIMIT_IGNORED))
        *limit = (int)n;
    return 0;
}

static int cursors(const cJSON *p, const char **sa, const char **eb, srv_err *e)
{
    *sa = str(p, "starting_after");
    *eb = str(p, "ending_before");
    if (*sa && *eb)
        return err_param(e, "parameters_exclusive", "ending_before",
                         "You may only specify one of these parameters: ending_before, starting_after.");
    return 0;
}

static void cursor_missing(req_ctx *c, const char *param, const char *kind, const char *id)
{
    srv_err e;

    err_param(&e, "resource_missing", param, "No such %s: '%.200s'", kind, id);
    reply_error(c, &e);
}

static void store_failed(req_ctx *c)
{
    srv_err e;

    err_set(&e, 500, "api_error", "", "", "The server could not read its storage.");
    reply_error(c, &e);
}

/* Loads a session of this account; replies 404 itself when missing. */
static cJSON *load(req_ctx *c, const char *id)
{
    char *text = NULL;
    int rc = store_get_session(c->srv, c->account, id, &text);
    cJSON *s = NULL;

    if (rc < 0)
        store_failed(c);
    else if (rc == 0)
        not_found(c, id);
    else if (!(s = cJSON_Parse(text)))
        store_failed(c);
    free(text);
    return s;
}

void op_retrieve(req_ctx *c, const char *id, cJSON *p)
{
    srv_err e;
    cJSON *s;
    const cJSON *expand = get(p, "expand");

    if (validate_params(c->srv, c->ver->p[SRV_OP_RETRIEVE], p, &e) ||
        validate_expand(expand, session_expandable(), &e)) {
        reply_error(c, &e);
        return;
    }
    /* fast path: the stored text is the response */
    if (!expand && !c->srv->faults) {
        char *text = NULL;
        int rc = store_get_session(c->srv, c->account, id, &text);

        if (rc < 0)
            store_failed(c);
        else if (rc == 0)
            not_found(c, id);
        else {
            free(c->resp->body);
            c->resp->status = 200;
            c->resp->body = text;
            c->resp->body_len = strlen(text);
            text = NULL;
        }
        free(text);
        return;
    }
    if (!(s = load(c, id)))
        return;
    if (session_expand_line_items(c, s, expand, "line_items", &e)) {
        cJSON_Delete(s);
        reply_error(c, &e);
        return;
    }
    reply_json(c, 200, session_render_fix(c->srv, s));
}

static const char *const list_expandable[] = {"data.line_items", "line_items", "data.customer", "data.invoice",
                                              "data.payment_intent", "data.payment_link", "data.setup_intent",
                                              "data.subscription", NULL};

static int created_filter(const cJSON *cr, list_query *q, srv_err *e)
{
    static const char *const ops[] = {"gt", "gte", "lt", "lte"};
    int *has[] = {&q->has_gt, &q->has_gte, &q->has_lt, &q->has_lte};
    long long *val[] = {&q->gt, &q->gte, &q->lt, &q->lte};
    size_t i;

    if (!cr)
        return 0;
    if (cJSON_IsString(cr)) {
        if (parse_int64(cr->valuestring, &q->created_eq))
            return err_param(e, "parameter_invalid_integer", "created", "Invalid integer: %.40s", cr->valuestring);
        q->has_created_eq = 1;
        return 0;
    }
    for (i = 0; i < 4; i++) {
        const char *v = str(cr, ops[i]);
        char sub[32];

        if (!v)
            continue;
        snprintf(sub, sizeof sub, "created[%s]", ops[i]);
        if (parse_int64(v, val[i]))
            return err_param(e, "parameter_invalid_integer", sub, "Invalid integer: %.40s", v);
        *has[i] = 1;
    }
    return 0;
}

void op_list(req_ctx *c, cJSON *p)
{
    srv_err e;
    list_query q;
    cJSON *rows = NULL, *it;
    const cJSON *expand = get(p, "expand");
    int has_more = 0, rc;
    const char *inner = "line_items";

    memset(&q, 0, sizeof q);
    if (validate_params(c->srv, c->ver->p[SRV_OP_LIST], p, &e) || validate_expand(expand, list_expandable, &e) ||
        parse_limit(c->srv, p, &q.limit, &e) || cursors(p, &q.starting_after, &q.ending_before, &e) ||
        created_filter(get(p, "created"), &q, &e)) {
        reply_error(c, &e);
        return;
    }
    if (FAULT(c->srv, F_ENDING_BEFORE_IGNORED))
        q.ending_before = NULL;
    if (FAULT(c->srv, F_STARTING_AFTER_IGNORED))
        q.starting_after = NULL;
    q.account = c->account;
    q.status = str(p, "status");
    q.customer = str(p, "customer");
    q.payment_intent = str(p, "payment_intent");
    q.payment_link = str(p, "payment_link");
    q.subscription = str(p, "subscription");
    q.email = str(get(p, "customer_details"), "email");
    q.oldest_first = FAULT(c->srv, F_LIST_OLDEST_FIRST);
    q.cursor_inclusive = FAULT(c->srv, F_STARTING_AFTER_INCLUSIVE);
    rc = store_list_sessions(c->srv, &q, &rows, &has_more);
    if (rc == 1) {
        cJSON_Delete(rows);
        cursor_missing(c, q.starting_after ? "starting_after" : "ending_before", "checkout.session",
                       q.starting_after ? q.starting_after : q.ending_before);
        return;
    }
    if (rc < 0) {
        cJSON_Delete(rows);
        store_failed(c);
        return;
    }
    /* Stripe spells list expansions data.X; plain X is accepted too */
    {
        cJSON *wanted = cJSON_CreateArray();
        const cJSON *x;

        cJSON_ArrayForEach(x, expand)
            if (cJSON_IsString(x) && (!strcmp(x->valuestring, "data.line_items") ||
                                      !strcmp(x->valuestring, "line_items")))
                cJSON_AddItemToArray(wanted, cJSON_CreateString("line_items"));
        cJSON_ArrayForEach(it, rows) {
            if (session_expand_line_items(c, it, wanted, inner, &e)) {
                cJSON_Delete(wanted);
                cJSON_Delete(rows);
                reply_error(c, &e);
                return;
            }
            session_render_fix(c->srv, it);
        }
        cJSON_Delete(wanted);
    }
    if (FAULT(c->srv, F_HAS_MORE_FALSE))
        has_more = 0;
    if (FAULT(c->srv, F_HAS_MORE_TRUE))
        has_more = 1;
    reply_json(c, 200, list_envelope(rows, has_more, "/v1/checkout/sessions"));
}

/* expand[]=data.price.product: the product id becomes a Product object
 * (catalog products by name; inline product_data named like the item). */
static void expand_products(req_ctx *c, cJSON *rows)
{
    cJSON *li;

    cJSON_ArrayForEach(li, rows) {
        cJSON *price = cJSON_GetObjectItemCaseSensitive(li, "price"), *o;
        const char *prod = str(price, "product"), *name;
        const cJSON *created = get(price, "created");

        if (!prod)
            continue;
        name = catalog_product_name(c->srv, prod);
        if (!name)
            name = str(li, "description") ? str(li, "description") : "";
        o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", prod);
        cJSON_AddStringToObject(o, "object", "product");
        cJSON_AddBoolToObject(o, "active", 1);
        cJSON_AddNumberToObject(o, "created", cJSON_IsNumber(created) ? created->valuedouble : (double)c->now);
        cJSON_AddNullToObject(o, "description");
        cJSON_AddArrayToObject(o, "images");
        cJSON_AddBoolToObject(o, "livemode", 0);
        cJSON_AddArrayToObject(o, "marketing_features");
        cJSON_AddObjectToObject(o, "metadata");
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddNullToObject(o, "package_dimensions");
        cJSON_AddNullToObject(o, "shippable");
        cJSON_AddNullToObject(o, "tax_code");
        cJSON_AddNullToObject(o, "unit_label");
        cJSON_AddNumberToObject(o, "updated", cJSON_IsNumber(created) ? created->valuedouble : (double)c->now);
        cJSON_AddNullToObject(o, "url");
        cJSON_ReplaceItemInObjectCaseSensitive(price, "product", o);
    }
}

void op_line_items(req_ctx *c, const char *id, cJSON *p)
{
    static const char *const item_expandable[] = {"data.price", "data.price.product", "data.discounts",
                                                  "data.taxes", NULL};
    srv_err e;
    const char *sa, *eb;
    cJSON *rows = NULL;
    char *text = NULL;
    int limit, has_more = 0, rc;
    char url[160];

    if (validate_params(c->srv, c->ver->p[SRV_OP_LINE_ITEMS], p, &e) ||
        validate_expand(get(p, "expand"), item_expandable, &e) || parse_limit(c->srv, p, &limit, &e) ||
        cursors(p, &sa, &eb, &e)) {
        reply_error(c, &e);
        return;
    }
    rc = store_get_session(c->srv, c->account, id, &text);
    free(text);
    if (rc <= 0) {
        if (rc < 0)
            store_failed(c);
        else
            not_found(c, id);
        return;
    }
    if (FAULT(c->srv, F_ENDING_BEFORE_IGNORED))
        eb = NULL;
    if (FAULT(c->srv, F_STARTING_AFTER_IGNORED))
        sa = NULL;
    rc = store_list_items(c->srv, id, limit, sa, eb, FAULT(c->srv, F_LINE_ITEMS_REVERSED), &rows, &has_more);
    if (rc == 1) {
        cJSON_Delete(rows);
        cursor_missing(c, sa ? "starting_after" : "ending_before", "line item", sa ? sa : eb);
        return;
    }
    if (rc < 0) {
        cJSON_Delete(rows);
        store_failed(c);
        return;
    }
    if (FAULT(c->srv, F_STARTING_AFTER_INCLUSIVE) && sa) {
        /* re-run with the cursor item included at the front */
        cJSON *all = NULL;
        int hm = 0;

        if (!store_list_items(c->srv, id, 100000, NULL, NULL, 0, &all, &hm)) {
            const cJSON *x;

            cJSON_ArrayForEach(x, all)
                if (!strcmp(cJSON_GetObjectItemCaseSensitive(x, "id")->valuestring, sa)) {
                    cJSON_InsertItemInArray(rows, 0, cJSON_Duplicate(x, 1));
                    break;
                }
        }
        cJSON_Delete(all);
        if (cJSON_GetArraySize(rows) > limit) {
            cJSON_DeleteItemFromArray(rows, cJSON_GetArraySize(rows) - 1);
            has_more = 1;
        }
    }
    if (FAULT(c->srv, F_HAS_MORE_FALSE))
        has_more = 0;
    if (FAULT(c->srv, F_HAS_MORE_TRUE))
        has_more = 1;
    if (!FAULT(c->srv, F_EXPAND_IGNORED) && expand_wants(get(p, "expand"), "data.price.product"))
        expand_products(c, rows);
    snprintf(url, sizeof url, "/v1/checkout/sessions/%.80s/line_items", id);
    reply_json(c, 200, list_envelope(rows, has_more, url));
}
