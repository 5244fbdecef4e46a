/* Template substitution: captures, config, uuid, now arithmetic, errors. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/template.h"

static cJSON *caps, *conf;
static ccs_template_ctx ctx;

static void setup(void)
{
    caps = cJSON_Parse("{\"s\":{\"id\":\"cs_test_1\",\"amount_total\":2198,\"line_items\":{\"data\":[{\"id\":\"li_1\"}]}},"
                       "\"n\":5}");
    conf = cJSON_Parse("{\"api_key\":\"sk_test_abc\",\"price_id\":\"price_1\"}");
    memset(&ctx, 0, sizeof ctx);
    ctx.captures = caps;
    ctx.config = conf;
    ctx.run_id = "20260101T000000Z";
    ctx.uuid = "123e4567-e89b-42d3-a456-426614174000";
    ctx.now = 1000;
}

static void teardown(void)
{
    cJSON_Delete(caps);
    cJSON_Delete(conf);
}

TestSuite(template, .init = setup, .fini = teardown);

static char *sub(const char *in)
{
    char *out = NULL;
    ccs_error err;

    cr_assert_eq(ccs_template_string(&ctx, in, &out, &err), CCS_OK, "%s: %s", in, err.message);
    return out;
}

Test(template, captures_config_and_builtins)
{
    char *s;

    s = sub("/v1/checkout/sessions/{{s.id}}/line_items");
    cr_assert_str_eq(s, "/v1/checkout/sessions/cs_test_1/line_items");
    free(s);
    s = sub("{{s.line_items.data.0.id}}|{{config.api_key}}|{{run}}|{{s.amount_total}}");
    cr_assert_str_eq(s, "li_1|sk_test_abc|20260101T000000Z|2198");
    free(s);
    s = sub("{{now}} {{now+3600}} {{now-60}}");
    cr_assert_str_eq(s, "1000 4600 940");
    free(s);
    s = sub("{{uuid}}");
    cr_assert_str_eq(s, "123e4567-e89b-42d3-a456-426614174000");
    free(s);
    s = sub("no templates");
    cr_assert_str_eq(s, "no templates");
    free(s);
}

Test(template, named_uuid_is_stable_and_distinct)
{
    char *a = sub("{{uuid:a}}"), *a2 = sub("{{uuid:a}}"), *b = sub("{{uuid:b}}");
    char *f1 = sub("{{fresh}}"), *f2 = sub("{{fresh}}");

    cr_assert_str_eq(a, a2);
    cr_assert_str_neq(a, b);
    cr_assert_eq(strlen(a), 36);
    cr_assert_str_neq(f1, f2);
    free(a);
    free(a2);
    free(b);
    free(f1);
    free(f2);
}

Test(template, single_template_keeps_json_type)
{
    cJSON *v = NULL;
    ccs_error err;

    cr_assert_eq(ccs_template_value(&ctx, "{{s.amount_total}}", &v, &err), CCS_OK);
    cr_assert(cJSON_IsNumber(v));
    cr_assert_eq(v->valueint, 2198);
    cJSON_Delete(v);
    cr_assert_eq(ccs_template_value(&ctx, "x{{n}}", &v, &err), CCS_OK);
    cr_assert(cJSON_IsString(v));
    cr_assert_str_eq(v->valuestring, "x5");
    cJSON_Delete(v);
    cr_assert_eq(ccs_template_value(&ctx, "{{eq:s}}", &v, &err), CCS_OK);
    cr_assert(cJSON_IsObject(v));
    cJSON_Delete(v);
}

Test(template, errors_are_reported)
{
    char *out = NULL;
    ccs_error err;

    cr_assert_eq(ccs_template_string(&ctx, "{{missing.id}}", &out, &err), CCS_ENOTFOUND);
    cr_assert(strstr(err.message, "missing"), "%s", err.message);
    cr_assert_null(out);
    cr_assert_eq(ccs_template_string(&ctx, "{{s.nope}}", &out, &err), CCS_ENOTFOUND);
    cr_assert_eq(ccs_template_string(&ctx, "{{config.alt_api_key}}", &out, &err), CCS_ENOTFOUND);
    cr_assert_eq(ccs_template_string(&ctx, "abc {{s.id", &out, &err), CCS_EINVAL);
    cr_assert_eq(ccs_template_string(&ctx, "{{now+x}}", &out, &err), CCS_EINVAL);
    cr_assert_eq(ccs_template_string(&ctx, "{{s.line_items.data.7.id}}", &out, &err), CCS_ENOTFOUND);
}

Test(template, tree_substitutes_leaves_and_names_the_pointer)
{
    cJSON *in = cJSON_Parse("{\"a\":[\"{{s.id}}\",{\"b\":\"{{n}}\"}],\"k\":1}"), *out = NULL;
    cJSON *bad = cJSON_Parse("{\"a\":[\"ok\",{\"b\":\"{{zz}}\"}]}");
    ccs_error err;

    cr_assert_eq(ccs_template_tree(&ctx, in, &out, &err), CCS_OK);
    cr_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "a"), 0)->valuestring, "cs_test_1");
    cr_assert_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "a"), 1), "b")->valueint, 5);
    cJSON_Delete(out);
    out = NULL;
    ccs_error_clear(&err);
    cr_assert_neq(ccs_template_tree(&ctx, bad, &out, &err), CCS_OK);
    cr_assert_str_eq(err.pointer, "/a/1/b");
    cr_assert_null(out);
    cJSON_Delete(in);
    cJSON_Delete(bad);
}

static int count_ref(void *ud, const char *name)
{
    char *buf = ud;

    strcat(buf, name);
    strcat(buf, ",");
    return 0;
}

Test(template, refs_lists_capture_names_only)
{
    char buf[256] = "";

    ccs_template_refs("{{s.id}} {{config.api_key}} {{uuid}} {{eq:t.x}} {{now+5}} {{run}} {{u}}", count_ref, buf);
    cr_assert_str_eq(buf, "s,t,u,");
    buf[0] = '\0';
    ccs_template_refs("{{re:^a{2}}}", count_ref, buf);
    cr_assert_str_eq(buf, "");
}
