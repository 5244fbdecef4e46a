/* The partial matcher: every pattern kind, pointers, expected/actual. */
#include <criterion/criterion.h>
#include <string.h>

#include "ccs/match.h"

static ccs_mismatch run_match(const char *expected, const char *actual, const ccs_template_ctx *ctx)
{
    cJSON *e = cJSON_Parse(expected), *a = cJSON_Parse(actual);
    ccs_mismatch mm;
    ccs_error err;

    cr_assert_not_null(e, "bad expected JSON %s", expected);
    cr_assert_not_null(a, "bad actual JSON %s", actual);
    cr_assert_eq(ccs_match_json(e, a, "", ctx, &mm, &err), CCS_OK, "%s", err.message);
    cJSON_Delete(e);
    cJSON_Delete(a);
    return mm;
}

#define OK(e, a) cr_assert_not(run_match(e, a, NULL).failed, "expected match: %s vs %s", e, a)
#define NO(e, a, ptr)                                                                     \
    do {                                                                                  \
        ccs_mismatch m_ = run_match(e, a, NULL);                                           \
        cr_assert(m_.failed, "expected mismatch: %s vs %s", e, a);                        \
        cr_assert_str_eq(m_.pointer, ptr);                                                 \
    } while (0)

Test(match, scalars_and_partial_objects)
{
    OK("{\"object\":\"checkout.session\"}", "{\"object\":\"checkout.session\",\"id\":\"cs_1\"}");
    NO("{\"object\":\"checkout.session\"}", "{\"object\":\"item\"}", "/object");
    OK("{\"a\":1,\"b\":true,\"c\":null}", "{\"a\":1,\"b\":true,\"c\":null,\"d\":2}");
    NO("{\"a\":1}", "{\"a\":\"1\"}", "/a");
    NO("{\"a\":1}", "{\"a\":1.5}", "/a");
    NO("{\"c\":null}", "{\"c\":0}", "/c");
    NO("{\"x\":{\"y\":{\"z\":\"q\"}}}", "{\"x\":{\"y\":{}}}", "/x/y/z");
    NO("{\"a/b\":{\"c~d\":1}}", "{\"a/b\":{\"c~d\":2}}", "/a~1b/c~0d");
}

Test(match, patterns)
{
    OK("{\"id\":\"{{re:^cs_test_[A-Za-z0-9]+$}}\"}", "{\"id\":\"cs_test_a1\"}");
    NO("{\"id\":\"{{re:^cs_}}\"}", "{\"id\":\"li_1\"}", "/id");
    NO("{\"id\":\"{{re:^cs_}}\"}", "{\"id\":5}", "/id");
    OK("{\"a\":\"{{any}}\"}", "{\"a\":null}");
    NO("{\"a\":\"{{any}}\"}", "{}", "/a");
    OK("{\"a\":\"{{absent}}\"}", "{\"b\":1}");
    NO("{\"a\":\"{{absent}}\"}", "{\"a\":null}", "/a");
    OK("{\"a\":\"{{type:integer}}\",\"b\":\"{{type:null}}\",\"c\":\"{{type:array}}\"}", "{\"a\":3,\"b\":null,\"c\":[]}");
    NO("{\"a\":\"{{type:integer}}\"}", "{\"a\":3.5}", "/a");
    NO("{\"a\":\"{{type:string}}\"}", "{\"a\":null}", "/a");
    OK("{\"a\":\"{{int:>=0}}\",\"b\":\"{{int:1..100}}\",\"c\":\"{{int:<0}}\"}", "{\"a\":0,\"b\":100,\"c\":-1}");
    NO("{\"b\":\"{{int:1..100}}\"}", "{\"b\":101}", "/b");
    NO("{\"b\":\"{{int:>0}}\"}", "{\"b\":0}", "/b");
    OK("{\"d\":\"{{len:3}}\",\"e\":\"{{len:>=1}}\",\"s\":\"{{len:3}}\"}",
       "{\"d\":[1,2,3],\"e\":[0],\"s\":\"abc\"}");
    NO("{\"d\":\"{{len:3}}\"}", "{\"d\":[1,2]}", "/d");
}

Test(match, arrays_exact_and_prefix)
{
    OK("{\"d\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", "{\"d\":[{\"id\":\"a\",\"x\":1},{\"id\":\"b\"}]}");
    NO("{\"d\":[{\"id\":\"a\"}]}", "{\"d\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", "/d");
    OK("{\"d\":[{\"id\":\"a\"},\"{{...}}\"]}", "{\"d\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
    NO("{\"d\":[{\"id\":\"a\"},{\"id\":\"c\"},\"{{...}}\"]}", "{\"d\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", "/d/1/id");
    NO("{\"d\":[1]}", "{\"d\":{}}", "/d");
}

Test(match, expected_and_actual_texts)
{
    ccs_mismatch m = run_match("{\"error\":{\"param\":\"mode\"}}", "{\"error\":{\"param\":\"currency\"}}", NULL);

    cr_assert(m.failed);
    cr_assert_str_eq(m.pointer, "/error/param");
    cr_assert_str_eq(m.expected, "\"mode\"");
    cr_assert_str_eq(m.actual, "\"currency\"");
    cr_assert(strstr(m.message, "/error/param"), "%s", m.message);
    m = run_match("{\"x\":1}", "{}", NULL);
    cr_assert_str_eq(m.actual, "(absent)");
}

Test(match, templates_and_eq)
{
    cJSON *caps = cJSON_Parse("{\"s\":{\"id\":\"cs_1\",\"amount_total\":2198,\"metadata\":{\"k\":\"v\"}}}");
    ccs_template_ctx ctx;

    memset(&ctx, 0, sizeof ctx);
    ctx.captures = caps;
    cr_assert_not(run_match("{\"id\":\"{{s.id}}\",\"amount_total\":\"{{s.amount_total}}\"}",
                            "{\"id\":\"cs_1\",\"amount_total\":2198}", &ctx).failed);
    cr_assert_not(run_match("{\"metadata\":\"{{eq:s.metadata}}\"}", "{\"metadata\":{\"k\":\"v\"}}", &ctx).failed);
    cr_assert(run_match("{\"metadata\":\"{{eq:s.metadata}}\"}", "{\"metadata\":{\"k\":\"w\"}}", &ctx).failed);
    cr_assert(run_match("{\"url\":\"/v1/checkout/sessions/{{s.id}}/line_items\"}",
                        "{\"url\":\"/v1/checkout/sessions/cs_2/line_items\"}", &ctx).failed);
    cJSON_Delete(caps);
}

Test(match, broken_expectations_are_errors)
{
    cJSON *e = cJSON_Parse("{\"a\":\"{{re:([}}\"}"), *a = cJSON_Parse("{\"a\":\"x\"}");
    ccs_mismatch mm;
    ccs_error err;

    cr_assert_eq(ccs_match_json(e, a, "", NULL, &mm, &err), CCS_EINVAL);
    cJSON_Delete(e);
    e = cJSON_Parse("{\"a\":\"{{nocapture.x}}\"}");
    cr_assert_neq(ccs_match_json(e, a, "", NULL, &mm, &err), CCS_OK);
    cJSON_Delete(e);
    cJSON_Delete(a);
    cr_assert_neq(ccs_match_pattern_check("{{int:5..1}}", &err), CCS_OK);
    cr_assert_neq(ccs_match_pattern_check("{{type:float}}", &err), CCS_OK);
    cr_assert_eq(ccs_match_pattern_check("{{len:>=2}}", &err), CCS_OK);
}

Test(match, header_strings)
{
    cJSON *re = cJSON_CreateString("{{re:^req_}}"), *num = cJSON_CreateNumber(400), *in = cJSON_CreateString("{{int:1..10}}");
    ccs_mismatch mm;
    ccs_error err;

    cr_assert_eq(ccs_match_string(re, "req_abc", "Request-Id", NULL, &mm, &err), CCS_OK);
    cr_assert_not(mm.failed);
    ccs_match_string(re, NULL, "Request-Id", NULL, &mm, &err);
    cr_assert(mm.failed);
    cr_assert_str_eq(mm.pointer, "Request-Id");
    ccs_match_string(num, "400", "X", NULL, &mm, &err);
    cr_assert_not(mm.failed);
    ccs_match_string(in, "7", "X", NULL, &mm, &err);
    cr_assert_not(mm.failed);
    ccs_match_string(in, "70", "X", NULL, &mm, &err);
    cr_assert(mm.failed);
    cJSON_Delete(re);
    cJSON_Delete(num);
    cJSON_Delete(in);
}

Test(match, pointer_lookup)
{
    cJSON *v = cJSON_Parse("{\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"x/y\":1}");

    cr_assert_str_eq(ccs_match_pointer(v, "/data/1/id")->valuestring, "b");
    cr_assert_eq(ccs_match_pointer(v, ""), v);
    cr_assert_not_null(ccs_match_pointer(v, "/x~1y"));
    cr_assert_null(ccs_match_pointer(v, "/data/2"));
    cr_assert_null(ccs_match_pointer(v, "/data/01"));
    cr_assert_null(ccs_match_pointer(v, "data"));
    cJSON_Delete(v);
}

/* glibc's regcomp copies the tree for each repetition: these would take
 * seconds to gigabytes. They are refused with a reason; ordinary patterns
 * with brackets, classes, groups and single repetitions still compile. */
Test(match, regex_that_could_blow_up_is_refused)
{
    static const char *const refused[] = {
        "^cs_a+++++++++++++++++++++++++++++++++++++++++++++++++++$",
        "(a+)+", "((a*))*", "(ab{2})+", "a{101}", "a{1,200}", "a*?", "x{2}{3}",
    };
    static const char *const accepted[] = {
        "^req_[A-Za-z0-9]+$", "^https?://", "[+*]+", "[]+]*", "[[:alnum:]+]+", "(ab)+c?",
        "a\\++", "(a|b)*x{3}", "^(cs|li)_[a-z]{2,24}$", "(a)(b+)",
    };
    regex_t rx;
    ccs_error err;
    size_t i;

    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        cr_assert_eq(ccs_match_regcomp(&rx, refused[i], strlen(refused[i]), &err), CCS_EINVAL, "%s",
                     refused[i]);
        cr_assert(strstr(err.message, "refused"), "%s: %s", refused[i], err.message);
    }
    for (i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        cr_assert_eq(ccs_match_regcomp(&rx, accepted[i], strlen(accepted[i]), &err), CCS_OK, "%s: %s",
                     accepted[i], err.message);
        regfree(&rx);
    }
    cr_assert_neq(ccs_match_pattern_check("{{re:(a+)+}}", &err), CCS_OK);
    cr_assert(strstr(err.message, "nested repetitions"), "%s", err.message);
    cr_assert(strstr(err.message, "{{re:(a+)+}}"), "%s", err.message);
}
