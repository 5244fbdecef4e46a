/* Remote fuzzer mutations: start from a golden-shaped request, break it in
 * one of the ways real decoders and validators get wrong, encode it the way
 * the SDKs do (or deliberately not). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ccs/form.h"
#include "ccs/strbuf.h"
#include "rfuzz_internal.h"

struct template {
    const char *method;
    const char *endpoint;  /* {id} is the anchor session */
    const char *params;    /* JSON: body for POST, query for GET */
};

static const struct template templates[] = {
    {"POST", "/v1/checkout/sessions",
     "{\"mode\":\"payment\",\"success_url\":\"https://example.com/success\","
     "\"line_items\":[{\"price_data\":{\"currency\":\"usd\",\"unit_amount\":\"1099\","
     "\"product_data\":{\"name\":\"T-shirt\"}},\"quantity\":\"2\"},"
     "{\"price_data\":{\"currency\":\"usd\",\"unit_amount\":\"500\","
     "\"product_data\":{\"name\":\"Socks\"}},\"quantity\":\"1\"}],"
     "\"metadata\":{\"order_id\":\"6735\"},\"client_reference_id\":\"cart-1\","
     "\"locale\":\"fr\",\"billing_address_collection\":\"auto\",\"expand\":[\"line_items\"]}"},
    {"POST", "/v1/checkout/sessions",
     "{\"mode\":\"setup\",\"currency\":\"usd\",\"success_url\":\"https://example.com/s\","
     "\"ui_mode\":\"hosted_page\"}"},
    {"POST", "/v1/checkout/sessions",
     "{\"mode\":\"subscription\",\"success_url\":\"https://example.com/s\","
     "\"line_items\":[{\"price_data\":{\"currency\":\"eur\",\"unit_amount\":\"900\","
     "\"recurring\":{\"interval\":\"month\",\"interval_count\":\"1\"},"
     "\"product_data\":{\"name\":\"Plan\"}},\"quantity\":\"1\"}],"
     "\"expires_at\":\"@now+3600\"}"},
    {"POST", "/v1/checkout/sessions/{id}",
     "{\"metadata\":{\"k1\":\"v1\",\"k2\":\"\"},\"expand\":[\"line_items\"]}"},
    {"GET", "/v1/checkout/sessions/{id}", "{\"expand\":[\"line_items\"]}"},
    {"GET", "/v1/checkout/sessions",
     "{\"limit\":\"3\",\"status\":\"open\",\"created\":{\"gte\":\"0\"}}"},
    {"GET", "/v1/checkout/sessions/{id}/line_items", "{\"limit\":\"2\"}"},
};

static const char *const enum_fields[] = {
    "mode", "ui_mode", "locale", "billing_address_collection", "submit_type",
    "status", "currency", "interval", "customer_creation",
};

static const char *const odd_numbers[] = {
    "-1", "0", "99999999999999999999999", "-9223372036854775809", "9223372036854775807",
    "1e309", "0x10", " 12", "1.5", "NaN", "+1", "00000000000000000001", "",
};

enum tree_kind {
    K_WRONG_TYPE, K_ODD_NUMBER, K_ENUM_NEAR_MISS, K_OVERSIZED, K_EMPTY_VALUE,
    K_REMOVE_KEY, K_UNKNOWN_KEY, K_ARRAY_GAP, K_TREE_KINDS
};
enum body_kind {
    B_DEEP_NESTING, B_BROKEN_BRACKETS, B_BROKEN_PERCENT, B_DUPLICATE_KEY, B_INVALID_UTF8,
    B_BYTE_FLIP, B_EMPTY_PAIRS, B_HUGE_INDEX, B_BODY_KINDS
};

static const char *const tree_names[] = {
    "wrong_type", "odd_number", "enum_near_miss", "oversized", "empty_value",
    "remove_key", "unknown_key", "array_gap",
};
static const char *const body_names[] = {
    "deep_nesting", "broken_brackets", "broken_percent", "duplicate_key", "invalid_utf8",
    "byte_flip", "empty_pairs", "huge_index",
};

/* Collect every node below root (not root itself) so one can be picked. */
static void collect(cJSON *node, cJSON **out, size_t *n, size_t cap)
{
    cJSON *c;

    for (c = node->child; c; c = c->next) {
        if (*n < cap)
            out[(*n)++] = c;
        if (cJSON_IsObject(c) || cJSON_IsArray(c))
            collect(c, out, n, cap);
    }
}

static cJSON *find_parent(cJSON *root, cJSON *target)
{
    cJSON *c, *p;

    for (c = root->child; c; c = c->next) {
        if (c == target)
            return root;
        if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && (p = find_parent(c, target)))
            return p;
    }
    return NULL;
}

static int is_enum_field(const char *key)
{
    size_t i;

    for (i = 0; key && i < sizeof enum_fields / sizeof enum_fields[0]; i++)
        if (!strcmp(key, enum_fields[i]))
            return 1;
    return 0;
}

/* A value one edit away from a valid enum member. */
static char *near_miss(uint64_t *rng, const char *v)
{
    size_t len = strlen(v), i;
    char *s = malloc(len + 3);

    if (!s)
        return NULL;
    memcpy(s, v, len + 1);
    switch (ccs_rfuzz_below(rng, 5)) {
    case 0: /* upper case */
        for (i = 0; i < len; i++)
            if (s[i] >= 'a' && s[i] <= 'z')
                s[i] = (char)(s[i] - 32);
        break;
    case 1: /* trailing space */
        s[len] = ' ';
        s[len + 1] = '\0';
        break;
    case 2: /* truncated */
        s[len ? len - 1 : 0] = '\0';
        break;
    case 3: /* one letter changed */
        if (len)
            s[ccs_rfuzz_below(rng, len)] = 'q';
        break;
    default: /* doubled */
        s[0] = len ? s[0] : 'x';
        s[len] = s[0];
        s[len + 1] = '\0';
        break;
    }
    return s;
}

static cJSON *oversized(uint64_t *rng)
{
    size_t n = ccs_rfuzz_below(rng, 2) ? 5001 : 100000;
    char *s = malloc(n + 1);
    cJSON *item;

    if (!s)
        return NULL;
    memset(s, 'A' + (int)ccs_rfuzz_below(rng, 26), n);
    s[n] = '\0';
    item = cJSON_CreateString(s);
    free(s);
    return item;
}

/* Replace keeping the member name (cJSON_ReplaceItemViaPointer drops it). */
static void replace(cJSON *parent, cJSON *old, cJSON *repl)
{
    if (!repl)
        return;
    if (cJSON_IsObject(parent) && old->string) {
        repl->string = strdup(old->string);
        if (!repl->string) {
            cJSON_Delete(repl);
            return;
        }
    }
    if (!cJSON_ReplaceItemViaPointer(parent, old, repl))
        cJSON_Delete(repl);
}

static void mutate_tree(uint64_t *rng, cJSON *root, int kind)
{
    cJSON *nodes[256], *pick, *parent, *repl = NULL;
    size_t n = 0;

    collect(root, nodes, &n, sizeof nodes / sizeof nodes[0]);
    if (kind == K_UNKNOWN_KEY || n == 0) {
        cJSON *where = root;

        if (n && ccs_rfuzz_below(rng, 2)) {
            pick = nodes[ccs_rfuzz_below(rng, n)];
            if (cJSON_IsObject(pick))
                where = pick;
        }
        cJSON_AddStringToObject(where, ccs_rfuzz_below(rng, 2) ? "bogus_param" : "__proto__", "1");
        return;
    }
    if (kind == K_ENUM_NEAR_MISS) {
        size_t i;

        for (i = 0; i < n; i++)
            if (cJSON_IsString(nodes[i]) && is_enum_field(nodes[i]->string))
                break;
        if (i < n) {
            char *s = near_miss(rng, nodes[i]->valuestring);

            if (s) {
                parent = find_parent(root, nodes[i]);
                repl = cJSON_CreateString(s);
                free(s);
                if (parent)
                    replace(parent, nodes[i], repl);
                else
                    cJSON_Delete(repl);
            }
            return;
        }
        kind = K_WRONG_TYPE;
    }
    if (kind == K_ARRAY_GAP) {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "line_items");

        /* An array can't express a gap; an object keyed by index does. */
        if (cJSON_IsArray(arr) && arr->child) {
            cJSON *obj = cJSON_CreateObject();
            char key[16];

            snprintf(key, sizeof key, "%u", 1 + (unsigned)ccs_rfuzz_below(rng, 20));
            cJSON_AddItemToObject(obj, key, cJSON_Duplicate(arr->child, 1));
            cJSON_ReplaceItemInObjectCaseSensitive(root, "line_items", obj);
            return;
        }
        kind = K_REMOVE_KEY;
    }
    pick = nodes[ccs_rfuzz_below(rng, n)];
    parent = find_parent(root, pick);
    if (!parent)
        return;
    switch (kind) {
    case K_WRONG_TYPE:
        if (cJSON_IsString(pick)) {
            repl = cJSON_CreateObject();
            cJSON_AddStringToObject(repl, "x", "y");
        } else {
            repl = cJSON_CreateString("scalar");
        }
        break;
    case K_ODD_NUMBER:
        repl = cJSON_CreateString(odd_numbers[ccs_rfuzz_below(rng, sizeof odd_numbers / sizeof odd_numbers[0])]);
        break;
    case K_OVERSIZED:
        repl = oversized(rng);
        break;
    case K_EMPTY_VALUE:
        repl = cJSON_CreateString("");
        break;
    case K_REMOVE_KEY:
    default:
        cJSON_Delete(cJSON_DetachItemViaPointer(parent, pick));
        return;
    }
    replace(parent, pick, repl);
}

/* Insert ins at a random position of body (keeps the rest). */
static int splice(uint64_t *rng, ccs_strbuf *out, const char *body, size_t len, const char *ins)
{
    size_t at = ccs_rfuzz_below(rng, len + 1);

    return ccs_strbuf_put(out, body, at) || ccs_strbuf_puts(out, ins) || ccs_strbuf_put(out, body + at, len - at);
}

static int mutate_body(uint64_t *rng, const char *body, size_t len, int kind, ccs_strbuf *out)
{
    static const char *const brackets[] = {"[", "]", "[[", "]]", "[]", "%5B", "%5D", "a[b", "[x]"};
    static const char *const percents[] = {"%", "%z", "%G1", "%%", "%4", "%00", "%2"};
    static const char *const utf8[] = {"%FF%FE", "%C0%AF", "%ED%A0%80", "%E2%82", "%F4%90%80%80"};
    size_t i, depth;

    switch (kind) {
    case B_DEEP_NESTING:
        depth = 50 + ccs_rfuzz_below(rng, 2000);
        if (ccs_strbuf_put(out, body, len) || ccs_strbuf_puts(out, len ? "&metadata" : "metadata"))
            return -1;
        for (i = 0; i < depth; i++)
            if (ccs_strbuf_puts(out, "[a]"))
                return -1;
        return ccs_strbuf_puts(out, "=deep");
    case B_BROKEN_BRACKETS:
        return splice(rng, out, body, len, brackets[ccs_rfuzz_below(rng, 9)]);
    case B_BROKEN_PERCENT:
        return splice(rng, out, body, len, percents[ccs_rfuzz_below(rng, 7)]);
    case B_DUPLICATE_KEY:
        return ccs_strbuf_put(out, body, len) ||
               ccs_strbuf_puts(out, ccs_rfuzz_below(rng, 2) ? "&mode=setup&mode=payment" : "&metadata=x&metadata[a]=1");
    case B_INVALID_UTF8:
        return ccs_strbuf_put(out, body, len) || ccs_strbuf_puts(out, "&client_reference_id=") ||
               ccs_strbuf_puts(out, utf8[ccs_rfuzz_below(rng, 5)]);
    case B_EMPTY_PAIRS:
        return splice(rng, out, body, len, ccs_rfuzz_below(rng, 2) ? "&&=&" : "&=");
    case B_HUGE_INDEX:
        return ccs_strbuf_put(out, body, len) ||
               ccs_strbuf_puts(out, "&line_items[99999999999999999999][quantity]=1");
    case B_BYTE_FLIP:
    default:
        if (ccs_strbuf_put(out, body, len))
            return -1;
        for (i = 0; out->len && i < 1 + ccs_rfuzz_below(rng, 4); i++)
            out->p[ccs_rfuzz_below(rng, out->len)] = (char)(1 + ccs_rfuzz_below(rng, 255));
        return 0;
    }
}

/* "@now+3600" in a template means "an hour from now"; the caller gives
 * "now" so the same seed builds byte-identical requests. */
static void resolve_now(cJSON *node, long now)
{
    cJSON *c;

    for (c = node->child; c; c = c->next) {
        if (cJSON_IsString(c) && !strcmp(c->valuestring, "@now+3600")) {
            char v[32];

            snprintf(v, sizeof v, "%ld", now + 3600);
            cJSON_SetValuestring(c, v);
        } else if (c->child) {
            resolve_now(c, now);
        }
    }
}

/* A URL can't carry raw spaces, controls or '#': escape them so the
 * mutation reaches the server instead of failing in the client. */
static void query_append(char *path, size_t used, size_t cap, const char *q, size_t qlen)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;

    path[used++] = '?';
    for (i = 0; i < qlen && used + 4 < cap; i++) {
        unsigned char c = (unsigned char)q[i];

        if (c <= 0x20 || c >= 0x7f || c == '#') {
            path[used++] = '%';
            path[used++] = hex[c >> 4];
            path[used++] = hex[c & 15];
        } else {
            path[used++] = (char)c;
        }
    }
    path[used] = '\0';
}

int ccs_rfuzz_mutate(uint64_t *rng, const char *anchor_id, long now, const cJSON *create,
                     ccs_rfuzz_input *out, ccs_error *err)
{
    const struct template *t = &templates[ccs_rfuzz_below(rng, sizeof templates / sizeof templates[0])];
    cJSON *tree = NULL;
    char *enc = NULL, *pos;
    size_t enc_len = 0, prefix;
    ccs_strbuf b = {0};
    int rc = CCS_OK, kind;

    memset(out, 0, sizeof *out);
    out->method = t->method;
    out->endpoint = t->endpoint;
    /* A target whose create needs more than the built-in bodies gets the
     * caller's: every mutated create starts from it. */
    if (create && !strcmp(t->method, "POST") && !strcmp(t->endpoint, "/v1/checkout/sessions"))
        tree = cJSON_Duplicate(create, 1);
    else
        tree = cJSON_Parse(t->params);
    if (!tree) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "cannot build request template");
        goto done;
    }
    resolve_now(tree, now);
    kind = (int)ccs_rfuzz_below(rng, K_TREE_KINDS + B_BODY_KINDS);
    if (kind < K_TREE_KINDS) {
        out->mutation = tree_names[kind];
        mutate_tree(rng, tree, kind);
    }
    rc = ccs_form_encode(tree, &enc, &enc_len, err);
    if (rc != CCS_OK)
        goto done;
    if (kind >= K_TREE_KINDS) {
        out->mutation = body_names[kind - K_TREE_KINDS];
        if (mutate_body(rng, enc, enc_len, kind - K_TREE_KINDS, &b)) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory building a mutation");
            goto done;
        }
        free(enc);
        enc = b.p;
        enc_len = b.len;
        b.p = NULL;
    }
    /* Path: substitute the anchor id. */
    pos = strstr(t->endpoint, "{id}");
    prefix = pos ? (size_t)(pos - t->endpoint) : strlen(t->endpoint);
    snprintf(out->path, sizeof out->path, "%.*s%s%s", (int)prefix, t->endpoint,
             pos ? anchor_id : "", pos ? pos + 4 : "");
    if (!strcmp(t->method, "GET")) {
        /* Query strings carry the same mutations; keep paths bounded. */
        size_t used = strlen(out->path);

        if (enc_len && used + 2 < sizeof out->path)
            query_append(out->path, used, sizeof out->path, enc, enc_len);
        free(enc);
    } else {
        out->body = enc;
        out->body_len = enc_len;
    }
    enc = NULL;
done:
    free(enc);
    free(b.p);
    cJSON_Delete(tree);
    return rc;
}

void ccs_rfuzz_input_free(ccs_rfuzz_input *in)
{
    if (!in)
        return;
    free(in->body);
    in->body = NULL;
}
