/* Unit tests of ccs_form_encode: exact bytes as the SDKs send them, errors,
 * and the round-trip property decode(encode(t)) == t. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"

static void enc_eq(const char *json, const char *want)
{
    cJSON *t = cJSON_Parse(json);
    char *body = NULL;
    size_t len = 0;
    ccs_error err;

    cr_assert_not_null(t, "bad JSON in test: %s", json);
    cr_assert_eq(ccs_form_encode(t, &body, &len, &err), CCS_OK, "%s", err.message);
    cr_assert_str_eq(body, want);
    cr_assert_eq(len, strlen(want));
    free(body);
    cJSON_Delete(t);
}

static void enc_err(cJSON *t, int code)
{
    char *body = (char *)1;
    size_t len = 7;
    ccs_error err;

    cr_assert_eq(ccs_form_encode(t, &body, &len, &err), code);
    cr_assert_eq(err.code, code);
    cr_assert_null(body);
    cr_assert_eq(len, 0);
    cr_assert_neq(err.message[0], '\0');
    cJSON_Delete(t);
}

Test(form_encode, sdk_example)
{
    enc_eq("{\"line_items\":[{\"price_data\":{\"product_data\":{\"name\":\"T-shirt\"}}}],"
           "\"metadata\":{\"order_id\":\"6735\"},\"expand\":[\"line_items\"]}",
           "line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=T-shirt"
           "&metadata%5Border_id%5D=6735&expand%5B0%5D=line_items");
}

Test(form_encode, rfc3986_bytes)
{
    enc_eq("{\"k y&=+%[]\":\"a b&c=d+e%f[g]h~i-j.k_l*m'n(o)p!q/r?s#t\"}",
           "k%20y%26%3D%2B%25%5B%5D=a%20b%26c%3Dd%2Be%25f%5Bg%5Dh~i-j.k_l%2Am%27n%28o%29p%21q%2Fr"
           "%3Fs%23t");
    enc_eq("{\"\u00e9\":\"\u20ac\U0001F600\"}", "%C3%A9=%E2%82%AC%F0%9F%98%80");
}

Test(form_encode, scalars_as_js_prints_them)
{
    enc_eq("{\"a\":1,\"b\":-42,\"c\":1.5,\"d\":0.1,\"e\":1e21,\"f\":1.5e-7,\"g\":123456789012,"
           "\"h\":-0,\"i\":true,\"j\":false,\"k\":null,\"l\":\"\",\"m\":0.000001,\"n\":1e300}",
           "a=1&b=-42&c=1.5&d=0.1&e=1e%2B21&f=1.5e-7&g=123456789012&h=0&i=true&j=false&k=&l="
           "&m=0.000001&n=1e%2B300");
}

Test(form_encode, empty_containers_produce_nothing)
{
    enc_eq("{}", "");
    enc_eq("{\"a\":{},\"b\":[],\"c\":{\"d\":[]},\"e\":\"x\"}", "e=x");
    enc_eq("{\"a\":[{},\"x\"]}", "a%5B1%5D=x"); /* qs keeps the index */
}

Test(form_encode, nested_arrays)
{
    enc_eq("{\"a\":[[\"x\",\"y\"],[\"z\"]]}", "a%5B0%5D%5B0%5D=x&a%5B0%5D%5B1%5D=y&a%5B1%5D%5B0%5D=z");
}

Test(form_encode, out_len_is_optional)
{
    cJSON *t = cJSON_Parse("{\"a\":\"b\"}");
    char *body = NULL;

    cr_assert_eq(ccs_form_encode(t, &body, NULL, NULL), CCS_OK);
    cr_assert_str_eq(body, "a=b");
    free(body);
    cJSON_Delete(t);
}

Test(form_encode, errors)
{
    cJSON *t;

    enc_err(cJSON_CreateArray(), CCS_EINVAL);
    enc_err(cJSON_CreateString("x"), CCS_EINVAL);
    t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "a", "bad \xff byte");
    enc_err(t, CCS_EINVAL);
    t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "k\xc0\xaf", "v");
    enc_err(t, CCS_EINVAL);
    t = cJSON_CreateObject();
    cJSON_AddRawToObject(t, "r", "{}");
    enc_err(t, CCS_EINVAL);
}

Test(form_encode, error_names_the_key)
{
    cJSON *t = cJSON_Parse("{\"a\":{\"b\":[\"ok\",\"x\"]}}");
    char *body = NULL;
    ccs_error err;

    cJSON_SetValuestring(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "a"), "b"), 1),
                         "\xed\xa0\x80");
    cr_assert_eq(ccs_form_encode(t, &body, NULL, &err), CCS_EINVAL);
    cr_assert_str_eq(err.pointer, "a%5Bb%5D%5B1%5D");
    cJSON_Delete(t);
}

Test(form_encode, deep_tree_is_refused)
{
    cJSON *root = cJSON_CreateObject(), *cur = root;
    int i;

    for (i = 0; i < 1100; i++) {
        cJSON *n = cJSON_CreateObject();

        cJSON_AddItemToObject(cur, "k", n);
        cur = n;
    }
    cJSON_AddStringToObject(cur, "v", "x");
    enc_err(root, CCS_ELIMIT);
}

/* Deterministic trees of objects, arrays and strings without empty
 * containers; keys are never canonical decimals (those mean indices without
 * a schema) and hold no brackets (the encoded form cannot tell them apart
 * from structure). */
static uint64_t rng_state;

static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

static const char *const pieces[] = {
    "a", "b", "Z", "0", "7", " ", "%", "&", "=", "+", "#", "?", "/", "~", "-", ".", "_", "\"",
    "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "%20", "%5B", "[", "]", "\t",
};

static void rnd_text(char *out, size_t cap, int key)
{
    size_t o = 0;
    int n = (int)(rnd() % 8) + (key ? 1 : 0), i;

    for (i = 0; i < n; i++) {
        const char *p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];

        if (key && (p[0] == '[' || p[0] == ']'))
            p = "k";
        if (o + strlen(p) + 2 >= cap)
            break;
        memcpy(out + o, p, strlen(p));
        o += strlen(p);
    }
    out[o] = '\0';
    if (key) {
        size_t j;
        int digits = 1;

        for (j = 0; j < o; j++)
            digits &= out[j] >= '0' && out[j] <= '9';
        if (digits) { /* also the empty key */
            out[o++] = 'k';
            out[o] = '\0';
        }
    }
}

static cJSON *rnd_tree(int depth)
{
    int kind = depth >= 5 ? 0 : (int)(rnd() % 3), n, i;
    char text[64];
    cJSON *v;

    if (kind == 0) {
        rnd_text(text, sizeof text, 0);
        return cJSON_CreateString(text);
    }
    v = kind == 1 ? cJSON_CreateObject() : cJSON_CreateArray();
    n = 1 + (int)(rnd() % (kind == 2 && rnd() % 4 == 0 ? 30 : 4));
    for (i = 0; i < n; i++) {
        if (kind == 1) {
            rnd_text(text, sizeof text, 1);
            if (cJSON_GetObjectItemCaseSensitive(v, text))
                continue;
            cJSON_AddItemToObject(v, text, rnd_tree(depth + 1));
        } else {
            cJSON_AddItemToArray(v, rnd_tree(depth + 1));
        }
    }
    return v;
}

Test(form_encode, roundtrip_property)
{
    int t;

    rng_state = 20240601;
    for (t = 0; t < 1000; t++) {
        cJSON *tree = cJSON_CreateObject(), *back = NULL;
        char key[64], *body = NULL, *want, *got;
        size_t len = 0;
        ccs_error err;
        int i, n = 1 + (int)(rnd() % 5);

        for (i = 0; i < n; i++) {
            rnd_text(key, sizeof key, 1);
            if (!cJSON_GetObjectItemCaseSensitive(tree, key))
                cJSON_AddItemToObject(tree, key, rnd_tree(1));
        }
        cr_assert_eq(ccs_form_encode(tree, &body, &len, &err), CCS_OK, "%s", err.message);
        cr_assert_eq(ccs_form_decode(body, len, NULL, NULL, &back, &err), CCS_OK,
                     "tree %d: %s at %ld in %s", t, err.message, err.offset, body);
        want = cJSON_PrintUnformatted(tree);
        got = cJSON_PrintUnformatted(back);
        cr_assert_str_eq(got, want, "tree %d via %s", t, body);
        cJSON_free(want);
        cJSON_free(got);
        free(body);
        cJSON_Delete(tree);
        cJSON_Delete(back);
    }
}

Test(form_encode, literal_brackets_as_stripe_node_sends_them)
{
    cJSON *tree = cJSON_Parse("{\"line_items\":[{\"price\":\"p_1\"}],\"metadata\":{\"k\":\"[%5B]\"}}");
    cJSON *back = NULL;
    char *body = NULL;
    size_t len = 0;
    ccs_error err;

    cr_assert_eq(ccs_form_encode(tree, &body, &len, &err), CCS_OK, "%s", err.message);
    cr_assert_str_eq(body, "line_items%5B0%5D%5Bprice%5D=p_1&metadata%5Bk%5D=%5B%255B%5D");
    len = ccs_form_literal_brackets(body, len);
    /* Brackets of the data turn literal too (stripe-node rewrites the whole
     * string); the data's "%5B" stays %255B. */
    cr_assert_str_eq(body, "line_items[0][price]=p_1&metadata[k]=[%255B]");
    cr_assert_eq(len, strlen(body));
    cr_assert_eq(ccs_form_decode(body, len, NULL, NULL, &back, &err), CCS_OK, "%s", err.message);
    cr_assert(cJSON_Compare(tree, back, 1), "decode(literal form) differs from the tree");
    cr_assert_eq(ccs_form_literal_brackets(body, len), len, "a second pass changes nothing");
    free(body);
    cJSON_Delete(tree);
    cJSON_Delete(back);
}
