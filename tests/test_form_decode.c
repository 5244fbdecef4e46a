/* Unit tests of ccs_form_decode: every rule and every error, with its code,
 * its byte offset and *out left NULL. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"
#include "ccs/params.h"
#include "ccs/paths.h"

static cJSON *dec_ok_n(const char *body, size_t len, const cJSON *schema)
{
    cJSON *out = (cJSON *)1;
    ccs_error err;
    int rc = ccs_form_decode(body, len, schema, NULL, &out, &err);

    cr_assert_eq(rc, CCS_OK, "decode of '%.*s' failed: %s at %ld", (int)(len > 200 ? 200 : len),
                 body, err.message, err.offset);
    cr_assert_not_null(out);
    return out;
}

static cJSON *dec_ok(const char *body, const cJSON *schema)
{
    return dec_ok_n(body, strlen(body), schema);
}

/* Decode must fail with code at offset and leave *out NULL (CCS_OK: must
 * succeed). */
static void dec_err_n(const char *body, size_t len, const ccs_form_limits *lim, int code,
                      long offset)
{
    cJSON *out = (cJSON *)1;
    ccs_error err;
    int rc = ccs_form_decode(body, len, NULL, lim, &out, &err);

    if (code == CCS_OK) { /* the boundary case that must still pass */
        cr_assert_eq(rc, CCS_OK, "'%.*s': %s at %ld", (int)len, body, err.message, err.offset);
        cr_assert_not_null(out);
        cJSON_Delete(out);
        return;
    }
    cr_assert_eq(rc, code, "'%.*s': rc %d (%s), want %d", (int)(len > 80 ? 80 : len), body, rc,
                 err.message, code);
    cr_assert_eq(err.code, code);
    cr_assert_eq(err.offset, offset, "'%.*s': offset %ld, want %ld (%s)",
                 (int)(len > 80 ? 80 : len), body, err.offset, offset, err.message);
    cr_assert_null(out);
    cr_assert_neq(err.message[0], '\0');
}

static void dec_err(const char *body, int code, long offset)
{
    dec_err_n(body, strlen(body), NULL, code, offset);
}

/* Compare with expected JSON text, member order included. */
static void assert_json(cJSON *got, const char *want_json)
{
    cJSON *want = cJSON_Parse(want_json);
    char *g = cJSON_PrintUnformatted(got), *w;

    cr_assert_not_null(want, "bad expected JSON in test: %s", want_json);
    w = cJSON_PrintUnformatted(want);
    cr_assert_str_eq(g, w);
    cJSON_free(g);
    cJSON_free(w);
    cJSON_Delete(want);
    cJSON_Delete(got);
}

static cJSON *endpoints;

static const cJSON *schema_for(const char *op)
{
    ccs_error err;
    const cJSON *p;

    if (!endpoints)
        cr_assert_eq(ccs_params_load(NULL, &endpoints, &err), CCS_OK, "%s", err.message);
    p = ccs_params_for(endpoints, op);
    cr_assert_not_null(p, "no parameters for %s", op);
    return p;
}

static void free_endpoints(void)
{
    cJSON_Delete(endpoints);
    endpoints = NULL;
}

TestSuite(form_decode, .fini = free_endpoints);

Test(form_decode, sdk_example)
{
    assert_json(dec_ok("line_items[0][price_data][product_data][name]=T-shirt&metadata[order_id]"
                       "=6735&expand[]=line_items", NULL),
                "{\"line_items\":[{\"price_data\":{\"product_data\":{\"name\":\"T-shirt\"}}}],"
                "\"metadata\":{\"order_id\":\"6735\"},\"expand\":[\"line_items\"]}");
}

Test(form_decode, encoded_brackets_are_structure)
{
    assert_json(dec_ok("a%5Bb%5D%5b0%5d=1&a%5Bb%5D%5B1%5D=2", NULL), "{\"a\":{\"b\":[\"1\",\"2\"]}}");
}

Test(form_decode, empty_body_is_empty_object)
{
    assert_json(dec_ok("", NULL), "{}");
    assert_json(dec_ok_n(NULL, 0, NULL), "{}");
}

Test(form_decode, percent_and_plus)
{
    assert_json(dec_ok("q=a+b%20c%2Bd%26e%3Df&k%20y+z=%E2%82%AC%F0%9F%98%80&r=%5B%5D", NULL),
                "{\"q\":\"a b c+d&e=f\",\"k y z\":\"\u20ac\U0001F600\",\"r\":\"[]\"}");
    /* raw UTF-8 and raw reserved characters in values pass through */
    assert_json(dec_ok("v=\xc3\xa9[x]=y", NULL), "{\"v\":\"\u00e9[x]=y\"}");
}

Test(form_decode, key_without_equals_is_empty_string)
{
    assert_json(dec_ok("a&b=1&c[d]", NULL), "{\"a\":\"\",\"b\":\"1\",\"c\":{\"d\":\"\"}}");
}

Test(form_decode, empty_value_is_kept)
{
    assert_json(dec_ok("metadata[k]=&x=", NULL), "{\"metadata\":{\"k\":\"\"},\"x\":\"\"}");
}

Test(form_decode, empty_pairs_are_skipped)
{
    assert_json(dec_ok("&a=1&&b=2&", NULL), "{\"a\":\"1\",\"b\":\"2\"}");
}

Test(form_decode, repeated_scalar_last_wins)
{
    assert_json(dec_ok("a=1&a=longer-value&m[k]=x&m[k]=&a=z", NULL),
                "{\"a\":\"z\",\"m\":{\"k\":\"\"}}");
}

Test(form_decode, values_stay_strings)
{
    assert_json(dec_ok("quantity=2&enabled=true&n=null&f=1.5", NULL),
                "{\"quantity\":\"2\",\"enabled\":\"true\",\"n\":\"null\",\"f\":\"1.5\"}");
}

Test(form_decode, append_brackets)
{
    assert_json(dec_ok("expand[]=line_items&expand[]=customer", NULL),
                "{\"expand\":[\"line_items\",\"customer\"]}");
    /* [] appends after the largest index so far */
    assert_json(dec_ok("a[0]=x&a[]=y&a[1]=z", NULL), "{\"a\":[\"x\",\"z\"]}");
    assert_json(dec_ok("a[1]=x&a[]=y&a[0]=z", NULL), "{\"a\":[\"z\",\"x\",\"y\"]}");
    /* each [] makes a new element, also for nested containers */
    assert_json(dec_ok("a[][k]=1&a[][k]=2&b[][]=x", NULL),
                "{\"a\":[{\"k\":\"1\"},{\"k\":\"2\"}],\"b\":[[\"x\"]]}");
}

Test(form_decode, indices_sorted)
{
    assert_json(dec_ok("a[2]=c&a[0]=a&a[1]=b", NULL), "{\"a\":[\"a\",\"b\",\"c\"]}");
    assert_json(dec_ok("li[1][p]=b&li[0][p]=a&li[1][q]=2&li[0][q]=1", NULL),
                "{\"li\":[{\"p\":\"a\",\"q\":\"1\"},{\"p\":\"b\",\"q\":\"2\"}]}");
    assert_json(dec_ok("a[0][1]=y&a[0][0]=x", NULL), "{\"a\":[[\"x\",\"y\"]]}");
}

Test(form_decode, non_canonical_numbers_are_keys)
{
    /* qs and we only index with canonical decimals */
    assert_json(dec_ok("a[01]=x&a[-1]=y&a[1a]=z", NULL),
                "{\"a\":{\"01\":\"x\",\"-1\":\"y\",\"1a\":\"z\"}}");
    assert_json(dec_ok("0=x&12=y", NULL), "{\"0\":\"x\",\"12\":\"y\"}");
}

Test(form_decode, index_gap_is_error)
{
    dec_err("a[0]=x&a[2]=y", CCS_EINVAL, 8);
    dec_err("a[1]=x", CCS_EINVAL, 1);
    dec_err("a[0]&a[2]", CCS_EINVAL, 6);
    dec_err("z=1&b[0][k]=1&b[1][k]=2&b[3][k]=4", CCS_EINVAL, 25);
}

Test(form_decode, schema_metadata_digits_are_keys)
{
    const cJSON *create = schema_for("create");

    assert_json(dec_ok("metadata[0]=x&metadata[1]=y&line_items[0][price]=p&line_items[0][quantity]=1"
                       "&line_items[0][price_data][product_data][metadata][7]=s",
                       create),
                "{\"metadata\":{\"0\":\"x\",\"1\":\"y\"},\"line_items\":[{\"price\":\"p\","
                "\"quantity\":\"1\",\"price_data\":{\"product_data\":{\"metadata\":{\"7\":\"s\"}}}}]}");
    /* a lone "1" is fine for a map, though it would be a gap for an array */
    assert_json(dec_ok("metadata[1]=y", create), "{\"metadata\":{\"1\":\"y\"}}");
    /* without the schema the same body makes an array, as qs does */
    assert_json(dec_ok("metadata[0]=x&metadata[1]=y", NULL), "{\"metadata\":[\"x\",\"y\"]}");
}

Test(form_decode, schema_update_metadata_unset)
{
    assert_json(dec_ok("metadata=", schema_for("update")), "{\"metadata\":\"\"}");
    assert_json(dec_ok("metadata[k]=", schema_for("update")), "{\"metadata\":{\"k\":\"\"}}");
}

Test(form_decode, schema_arrays_allow_large_indices)
{
    const cJSON *create = schema_for("create");
    char body[64 * 200];
    size_t o = 0;
    int i;
    cJSON *t;

    for (i = 149; i >= 0; i--)
        o += (size_t)snprintf(body + o, sizeof body - o, "%sline_items[%d][quantity]=%d",
                              o ? "&" : "", i, i);
    t = dec_ok(body, create);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(t, "line_items")), 150);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "line_items"),
                                                            123),
                                         "quantity")->valuestring,
                     "123");
    cJSON_Delete(t);
}

Test(form_decode, schema_anyof_object)
{
    const cJSON *list = schema_for("list");

    assert_json(dec_ok("created[gte]=10&created[lt]=20&limit=3", list),
                "{\"created\":{\"gte\":\"10\",\"lt\":\"20\"},\"limit\":\"3\"}");
    assert_json(dec_ok("created=10", list), "{\"created\":\"10\"}");
}

Test(form_decode, schema_unknown_keys_are_generic)
{
    const cJSON *create = schema_for("create");

    assert_json(dec_ok("bogus[0]=x&bogus[1]=y&line_items[0][bogus][0]=z", create),
                "{\"bogus\":[\"x\",\"y\"],\"line_items\":[{\"bogus\":[\"z\"]}]}");
}

Test(form_decode, schema_type_mismatch_is_left_to_validation)
{
    const cJSON *create = schema_for("create");

    /* an array parameter given a name, a string parameter given an index:
     * decoded as objects so the server can report the bad type */
    assert_json(dec_ok("line_items[x]=1&mode[0]=a", create),
                "{\"line_items\":{\"x\":\"1\"},\"mode\":{\"0\":\"a\"}}");
}

static void dec_schema_err(const char *body, const cJSON *schema, int code, long offset)
{
    cJSON *out = (cJSON *)1;
    ccs_error err;

    cr_assert_eq(ccs_form_decode(body, strlen(body), schema, NULL, &out, &err), code, "%s",
                 body);
    cr_assert_eq(err.offset, offset, "%s: offset %ld (%s)", body, err.offset, err.message);
    cr_assert_null(out);
}

Test(form_decode, schema_refuses_append_where_no_array)
{
    const cJSON *create = schema_for("create");

    /* "[]" has no key, so it cannot fill an object; building an array would
     * break decode(encode(t)) == t, since metadata[0] decodes as a key */
    dec_schema_err("metadata[]=a", create, CCS_ECONFLICT, 8);
    dec_schema_err("x=1&mode[]=a", create, CCS_ECONFLICT, 8);
    dec_schema_err("metadata[k]=1&metadata[]=a", create, CCS_ECONFLICT, 22);
    assert_json(dec_ok("expand[]=a&line_items[][price]=p&bogus[]=z", create),
                "{\"expand\":[\"a\"],\"line_items\":[{\"price\":\"p\"}],\"bogus\":[\"z\"]}");
}

Test(form_decode, malformed_keys)
{
    dec_err("a[b", CCS_EINVAL, 1);
    dec_err("x=1&a[b=c", CCS_EINVAL, 7);
    dec_err("x=1&a[b&c=1", CCS_EINVAL, 5);
    dec_err("a[b]c=1", CCS_EINVAL, 4);
    dec_err("a[b]%41=1", CCS_EINVAL, 4);
    dec_err("[x]=1", CCS_EINVAL, 0);
    dec_err("%5Bx%5D=1", CCS_EINVAL, 0);
    dec_err("k=v&=1", CCS_EINVAL, 4);
    dec_err("a]=1", CCS_EINVAL, 1);
    dec_err("a[b]]=1", CCS_EINVAL, 4);
    dec_err("a[b[c]]=1", CCS_EINVAL, 3);
    dec_err("a[b=c]=1", CCS_EINVAL, 3);
}

Test(form_decode, bad_escapes)
{
    dec_err("%zz=1", CCS_EINVAL, 0);
    dec_err("a=%zz", CCS_EINVAL, 2);
    dec_err("a=%4", CCS_EINVAL, 2);
    dec_err("a=%", CCS_EINVAL, 2);
    dec_err("a=b%4g", CCS_EINVAL, 3);
    dec_err("a%4", CCS_EINVAL, 1);
    dec_err("a[%g0]=1", CCS_EINVAL, 2);
}

Test(form_decode, type_conflicts)
{
    dec_err("m[a]=1&m=2", CCS_ECONFLICT, 7);
    dec_err("m=2&m[a]=1", CCS_ECONFLICT, 4);
    dec_err("a[0]=1&a[x]=2", CCS_ECONFLICT, 8);
    dec_err("a[x]=1&a[0]=2", CCS_ECONFLICT, 8);
    dec_err("a[x]=1&a[]=2", CCS_ECONFLICT, 8);
    dec_err("a[0]=1&a[0][k]=2", CCS_ECONFLICT, 8);
    dec_err("a[0][k]=1&a[0]=2", CCS_ECONFLICT, 11);
    dec_err("a[k][j]=1&a[k]=2", CCS_ECONFLICT, 11);
}

Test(form_decode, conflict_names_the_key)
{
    cJSON *out = NULL;
    ccs_error err;

    cr_assert_eq(ccs_form_decode("li[0][p][x]=1&li[0][p]=2", 24, NULL, NULL, &out, &err),
                 CCS_ECONFLICT);
    cr_assert_str_eq(err.pointer, "li[0][p]");
    cr_assert_null(out);
}

Test(form_decode, invalid_utf8)
{
    dec_err("a=%C0%AF", CCS_EINVAL, 2);          /* overlong '/' */
    dec_err("a=%E0%80%AF", CCS_EINVAL, 2);       /* overlong, 3 bytes */
    dec_err("a=%F0%80%80%AF", CCS_EINVAL, 2);    /* overlong, 4 bytes */
    dec_err("a=x%ED%A0%80", CCS_EINVAL, 3);      /* UTF-16 surrogate */
    dec_err("a=%E2%82", CCS_EINVAL, 2);          /* truncated */
    dec_err("a=%E2%82x", CCS_EINVAL, 2);         /* truncated mid-string */
    dec_err("a=%80", CCS_EINVAL, 2);             /* stray continuation */
    dec_err("a=%F4%90%80%80", CCS_EINVAL, 2);    /* above U+10FFFF */
    dec_err("a=ab\xff", CCS_EINVAL, 4);          /* raw bad byte */
    dec_err("k%C3=1", CCS_EINVAL, 1);            /* in a key */
    dec_err("k[x%FF]=1", CCS_EINVAL, 3);         /* in a bracket segment */
    dec_err("k[\xc3\xa9][x+%E2%82]=1", CCS_EINVAL, 8);
}

Test(form_decode, nul_bytes)
{
    dec_err("a=%00", CCS_EINVAL, 2);
    dec_err("a%00=1", CCS_EINVAL, 1);
    dec_err("a[%00]=1", CCS_EINVAL, 2);
    dec_err_n("a=x\0y", 5, NULL, CCS_EINVAL, 3);
    dec_err_n("a\0=y", 4, NULL, CCS_EINVAL, 1);
}

Test(form_decode, limit_body)
{
    ccs_form_limits lim;

    ccs_form_limits_default(&lim);
    cr_assert_eq(lim.max_body, 1024 * 1024);
    cr_assert_eq(lim.max_pairs, 10000);
    cr_assert_eq(lim.max_depth, 32);
    cr_assert_eq(lim.max_index, 9999);
    cr_assert_eq(lim.max_key_len, 1024);
    lim.max_body = 8;
    dec_err_n("a=123456", 8, &lim, CCS_OK, -1);
    dec_err_n("a=1234567", 9, &lim, CCS_ELIMIT, 8);
}

Test(form_decode, limit_pairs)
{
    ccs_form_limits lim;

    ccs_form_limits_default(&lim);
    lim.max_pairs = 3;
    dec_err_n("a=1&&b=2&c=3&", 13, &lim, CCS_OK, -1);
    dec_err_n("a=1&b=2&c=3&d=4", 15, &lim, CCS_ELIMIT, 12);
}

Test(form_decode, limit_depth)
{
    ccs_form_limits lim;

    ccs_form_limits_default(&lim);
    lim.max_depth = 2;
    dec_err_n("a[b][c]=1", 9, &lim, CCS_OK, -1);
    dec_err_n("a[b][c][d]=1", 12, &lim, CCS_ELIMIT, 7);
    dec_err_n("a%5Bb%5D%5Bc%5D%5Bd%5D=1", 25, &lim, CCS_ELIMIT, 15);
}

Test(form_decode, limit_default_depth)
{
    char body[512];
    size_t o = 1;
    int i;

    body[0] = 'a';
    for (i = 0; i < 33; i++)
        o += (size_t)snprintf(body + o, sizeof body - o, "[k]");
    snprintf(body + o, sizeof body - o, "=1");
    dec_err(body, CCS_ELIMIT, 1 + 32 * 3);
    body[1 + 32 * 3] = '=';
    body[1 + 32 * 3 + 1] = '\0';
    cJSON_Delete(dec_ok(body, NULL));
}

Test(form_decode, limit_index)
{
    ccs_form_limits lim;

    ccs_form_limits_default(&lim);
    lim.max_index = 3;
    dec_err_n("a[0]=1&a[1]=1&a[2]=1&a[3]=1", 27, &lim, CCS_OK, -1);
    dec_err_n("a[0]=1&a[4]=1", 13, &lim, CCS_ELIMIT, 8);
    dec_err_n("a[0]=1&a[1]=1&a[2]=1&a[3]=1&a[]=1", 33, &lim, CCS_ELIMIT, 29);
    dec_err("a[99999999999999999999999]=1", CCS_ELIMIT, 1);
    dec_err("a[10000]=1", CCS_ELIMIT, 1);
}

Test(form_decode, limit_index_not_applied_to_map_keys)
{
    assert_json(dec_ok("metadata[123456789012345678901234567890]=x", schema_for("create")),
                "{\"metadata\":{\"123456789012345678901234567890\":\"x\"}}");
}

Test(form_decode, limit_key_length)
{
    ccs_form_limits lim;

    ccs_form_limits_default(&lim);
    lim.max_key_len = 6;
    dec_err_n("x=1&ab[cd]=1", 12, &lim, CCS_OK, -1);         /* decoded "ab[cd]" = 6 */
    dec_err_n("x=1&ab%5Bcd%5D=1", 16, &lim, CCS_OK, -1);     /* same key, encoded */
    dec_err_n("x=1&ab[cde]=1", 13, &lim, CCS_ELIMIT, 4);
    dec_err_n("x=1&abcdefg=1", 13, &lim, CCS_ELIMIT, 4);
}

Test(form_decode, null_error_struct_is_accepted)
{
    cJSON *out = (cJSON *)1;

    cr_assert_eq(ccs_form_decode("a[", 2, NULL, NULL, &out, NULL), CCS_EINVAL);
    cr_assert_null(out);
    cr_assert_eq(ccs_form_decode("a=1", 3, NULL, NULL, &out, NULL), CCS_OK);
    cJSON_Delete(out);
}

Test(form_decode, many_keys_and_long_arrays)
{
    /* exercises the hash table growth and the out-of-order array path */
    size_t cap = 9000 * 24, o = 0;
    char *body = malloc(cap);
    cJSON *t, *c;
    int i, n = 0;

    cr_assert_not_null(body);
    for (i = 0; i < 3000; i++)
        o += (size_t)snprintf(body + o, cap - o, "%sk%d=%d", o ? "&" : "", i, i);
    for (i = 2999; i >= 0; i--)
        o += (size_t)snprintf(body + o, cap - o, "&r[%d]=%d", i, i);
    for (i = 0; i < 3000; i++)
        o += (size_t)snprintf(body + o, cap - o, "&s[%d][v]=%d", i, i);
    t = dec_ok_n(body, o, NULL);
    cr_assert_eq(cJSON_GetArraySize(t), 3002);
    cr_assert_str_eq(cJSON_GetObjectItem(t, "k2999")->valuestring, "2999");
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(t, "r")) {
        char want[16];

        snprintf(want, sizeof want, "%d", n++);
        cr_assert_str_eq(c->valuestring, want);
    }
    cr_assert_eq(n, 3000);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(t, "s")), 3000);
    cr_assert_eq(cJSON_GetObjectItem(t, "r")->valueint, 0, "side data must not leak out");
    cJSON_Delete(t);
    free(body);
}

Test(form_decode, params_load_errors)
{
    cJSON *out = (cJSON *)1;
    ccs_error err;

    cr_assert_eq(ccs_params_load("/nonexistent-dir", &out, &err), CCS_EIO);
    cr_assert_null(out);
    cr_assert_null(ccs_params_for(schema_for("create") ? endpoints : NULL, "nope"));
    cr_assert_null(ccs_params_for(NULL, "create"));
    cr_assert_not_null(ccs_params_for(endpoints, "list_line_items"));
}

/* Runs of ordinary bytes are copied 16 at a time: put every kind of
 * special byte at every position around the chunk edges, in keys and
 * values, and check the text and the error offsets byte for byte. */
Test(form_decode, specials_at_every_position_of_a_run)
{
    static const struct {
        const char *enc, *dec;
    } sp[] = {{"%41", "A"}, {"+", " "}, {"\xc3\xa9", "\xc3\xa9"}, {"%C3%A9", "\xc3\xa9"}};
    char body[256], key[128], val[128];
    size_t p, k;

    for (p = 0; p < 40; p++) {
        for (k = 0; k < sizeof sp / sizeof sp[0]; k++) {
            cJSON *t, *m;
            int n;

            memset(key, 'k', p);
            memset(val, 'v', p);
            snprintf(key + p, sizeof key - p, "%sK", sp[k].dec);
            snprintf(val + p, sizeof val - p, "%s%.*s", sp[k].dec, (int)(40 - p), "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww");
            n = snprintf(body, sizeof body, "m%.*s[%.*s%sK]=%.*s%s%.*s&z=1", (int)p,
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", (int)p,
                         "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", sp[k].enc, (int)p,
                         "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", sp[k].enc, (int)(40 - p),
                         "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww");
            t = dec_ok_n(body, (size_t)n, NULL);
            cr_assert_eq(cJSON_GetArraySize(t), 2, "%s", body);
            m = t->child->child;
            cr_assert_eq(t->child->string[0], 'm');
            cr_assert_eq(strlen(t->child->string), p + 1, "%s", body);
            cr_assert_str_eq(m->string, key, "%s", body);
            cr_assert_str_eq(m->valuestring, val, "%s", body);
            cr_assert_str_eq(t->child->next->valuestring, "1");
            cJSON_Delete(t);
        }
        /* errors found inside a run keep their exact offsets */
        {
            int n = snprintf(body, sizeof body, "v=%.*s%s", (int)p,
                             "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", "x\xff" "abcdefghijklmnopqrstu");

            dec_err_n(body, (size_t)n, NULL, CCS_EINVAL, (long)(2 + p + 1));
            memcpy(body + 2 + p, "\0", 1);
            dec_err_n(body, (size_t)n, NULL, CCS_EINVAL, (long)(2 + p));
            n = snprintf(body, sizeof body, "k%.*s\xc0\xaf=1", (int)p,
                         "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
            dec_err_n(body, (size_t)n, NULL, CCS_EINVAL, (long)(1 + p));
            n = snprintf(body, sizeof body, "k%.*s]=1234567890123456789", (int)p,
                         "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
            dec_err_n(body, (size_t)n, NULL, CCS_EINVAL, (long)(1 + p));
        }
    }
}

/* Pairs around the size of the first (stack) scratch buffer, whose room
 * must also cover a run copied 16 bytes at a time. */
Test(form_decode, pairs_around_scratch_size)
{
    size_t n;
    char *body = malloc(1200);

    cr_assert_not_null(body);
    for (n = 990; n < 1060; n++) {
        cJSON *t;

        memcpy(body, "key=", 4);
        memset(body + 4, 'x', n - 4);
        t = dec_ok_n(body, n, NULL);
        cr_assert_eq(strlen(t->child->valuestring), n - 4);
        cr_assert_eq(strspn(t->child->valuestring, "x"), n - 4);
        cJSON_Delete(t);
    }
    free(body);
}

/* Decoded trees are ordinary cJSON trees for every cJSON call a caller may
 * make: duplicate (and outlive the original), re-key, replace, delete. */
Test(form_decode, tree_works_with_cjson_calls)
{
    cJSON *t = dec_ok("a[b]=hello&a[c]=world&s=short&s=a-much-longer-value", NULL);
    cJSON *copy = cJSON_Duplicate(t, 1), *b;

    cr_assert_not_null(copy);
    cJSON_Delete(t);
    assert_json(cJSON_Duplicate(copy, 1),
                "{\"a\":{\"b\":\"hello\",\"c\":\"world\"},\"s\":\"a-much-longer-value\"}");
    cr_assert_not_null(cJSON_SetValuestring(cJSON_GetObjectItem(copy->child, "b"), "again"));
    cJSON_Delete(copy);

    t = dec_ok("a[b]=hello&a[c]=world&x=1", NULL);
    /* as documented in form_decode.c: a decoded leaf is replaced, not edited */
    cr_assert_null(cJSON_SetValuestring(cJSON_GetObjectItem(t, "x"), "9"));
    cr_assert_str_eq(cJSON_GetObjectItem(t, "x")->valuestring, "1");
    b = cJSON_DetachItemFromObject(cJSON_GetObjectItem(t, "a"), "b");
    cJSON_AddItemToObject(t, "moved", b); /* re-keyed: the old key is freed */
    cr_assert(cJSON_ReplaceItemInObject(t, "x", cJSON_CreateString("2")));
    assert_json(t, "{\"a\":{\"c\":\"world\"},\"x\":\"2\",\"moved\":\"hello\"}");
}

/* Well-known parameter names point at static text (cJSON_StringIsConst):
 * the same tree, and every cJSON call still works, including copies that
 * outlive the original and moving such a node under another key. */
Test(form_decode, known_keys_are_static_and_safe)
{
    cJSON *t = dec_ok("mode=payment&line_items[0][price]=p&line_items[0][quantity]=2&metadata[mode]=m"
                      "&order=7",
                      NULL);
    cJSON *copy, *li, *q;

    cr_assert(cJSON_GetObjectItem(t, "mode")->type & cJSON_StringIsConst, "a known name is shared");
    cr_assert_not(cJSON_GetObjectItem(t, "order")->type & cJSON_StringIsConst, "others are copies");
    copy = cJSON_Duplicate(t, 1);
    cJSON_Delete(t);
    assert_json(cJSON_Duplicate(copy, 1), "{\"mode\":\"payment\",\"line_items\":[{\"price\":\"p\","
                                          "\"quantity\":\"2\"}],\"metadata\":{\"mode\":\"m\"},\"order\":\"7\"}");
    li = cJSON_GetArrayItem(cJSON_GetObjectItem(copy, "line_items"), 0);
    q = cJSON_DetachItemFromObject(li, "quantity");
    cJSON_AddItemToObject(copy, "qty", q); /* re-keyed: the static name is not freed */
    cr_assert(cJSON_ReplaceItemInObject(copy, "mode", cJSON_CreateString("setup")));
    assert_json(copy, "{\"mode\":\"setup\",\"line_items\":[{\"price\":\"p\"}],\"metadata\":{\"mode\":\"m\"},"
                      "\"order\":\"7\",\"qty\":\"2\"}");
}
