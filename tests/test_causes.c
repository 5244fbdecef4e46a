/* Causes: signatures ignore what varies between cases of one defect (ids,
 * numbers, endpoints, list positions) and keep what tells defects apart. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/causes.h"

static ccs_case_result *add(ccs_run_result *run, const char *id, const char *level, const char *msg,
                            const char *ptr, const char *exp, const char *act, const char *req)
{
    ccs_case_result *c = ccs_result_add(run);

    cr_assert_not_null(c);
    c->id = strdup(id);
    c->level = strdup(level);
    c->verdict = CCS_FAIL;
    c->message = strdup(msg);
    c->pointer = ptr ? strdup(ptr) : NULL;
    c->expected = exp ? strdup(exp) : NULL;
    c->actual = act ? strdup(act) : NULL;
    c->request = req ? strdup(req) : NULL;
    return c;
}

static char *sig(const ccs_run_result *run, size_t i)
{
    char ep[256];

    return ccs_cause_signature(&run->cases[i], ep, sizeof ep);
}

Test(causes, endpoint_template)
{
    char ep[256];

    ccs_cause_endpoint("GET /v1/checkout/sessions/cs_test_abc123/line_items?limit=3 HTTP/1.1", ep, sizeof ep);
    cr_expect_str_eq(ep, "GET /v1/checkout/sessions/{id}/line_items");
    ccs_cause_endpoint("POST /v1/checkout/sessions HTTP/1.1", ep, sizeof ep);
    cr_expect_str_eq(ep, "POST /v1/checkout/sessions");
    ccs_cause_endpoint("not a request line", ep, sizeof ep);
    cr_expect_str_eq(ep, "");
}

Test(causes, same_defect_same_signature_other_defect_other)
{
    ccs_run_result run = {0};
    char *s[8];
    size_t i;

    /* 0,1: one wrong type on two endpoints, from a body check and a contract rule */
    add(&run, "a", "MUST", "step 1 (create): body /livemode: not equal", "/livemode", "false", "\"false\"",
        "POST /v1/checkout/sessions HTTP/1.1");
    add(&run, "b", "MUST", "contract list: MUST type at /data/3/livemode", "/data/3/livemode", "boolean",
        "string \"false\"", "GET /v1/checkout/sessions?limit=3 HTTP/1.1");
    /* 2,3: 400 for an unknown id on two endpoints */
    add(&run, "c", "MUST", "step 1 (retrieve): expected HTTP status 404, got 400 (x: No such 'cs_test_1')", NULL,
        "404", "400", "GET /v1/checkout/sessions/cs_test_1 HTTP/1.1");
    add(&run, "d", "SHOULD", "step 2 (expire): expected HTTP status 404, got 400 (x: No such 'cs_test_2')", NULL,
        "404", "400", "POST /v1/checkout/sessions/cs_test_2/expire HTTP/1.1");
    /* 4,5: missing routes are one cause each */
    add(&run, "e", "MUST", "step 2 (update): expected HTTP status 200, got 404", NULL, "200", "404",
        "POST /v1/checkout/sessions/cs_test_3 HTTP/1.1");
    add(&run, "f", "MUST", "step 2 (expire): expected HTTP status 200, got 404", NULL, "200", "404",
        "POST /v1/checkout/sessions/cs_test_4/expire HTTP/1.1");
    /* 6: the same field, another way of being wrong; 7: a header */
    add(&run, "g", "MUST", "step 1 (create): body /livemode: missing", "/livemode", "{{type:boolean}}", "(absent)",
        "POST /v1/checkout/sessions HTTP/1.1");
    add(&run, "h", "MUST", "step 1 (create): header Request-Id: missing", "Request-Id", "{{re:^req_}}", "(absent)",
        "POST /v1/checkout/sessions HTTP/1.1");
    for (i = 0; i < 8; i++)
        cr_assert_not_null(s[i] = sig(&run, i));
    cr_expect_str_eq(s[0], s[1]);
    cr_expect_str_eq(s[2], s[3]);
    cr_expect_str_neq(s[4], s[5]);
    cr_expect_str_neq(s[0], s[6]);
    cr_expect_str_neq(s[0], s[2]);
    cr_expect_str_neq(s[6], s[7]);
    cr_expect_null(strstr(s[2], "cs_test"), "%s", s[2]);
    for (i = 0; i < 8; i++)
        free(s[i]);
    ccs_result_free(&run);
}

Test(causes, build_groups_counts_orders_and_titles)
{
    ccs_run_result run = {0};
    ccs_causes causes;
    ccs_error err;
    ccs_case_result *p;
    const ccs_cause *c;

    add(&run, "r1", "MUST", "step 2 (update): expected HTTP status 200, got 404", NULL, "200", "404",
        "POST /v1/checkout/sessions/cs_test_a HTTP/1.1");
    add(&run, "n1", "MUST", "step 1 (retrieve): expected HTTP status 404, got 400", NULL, "404", "400",
        "GET /v1/checkout/sessions/cs_test_x HTTP/1.1");
    p = ccs_result_add(&run);
    p->id = strdup("ok");
    p->verdict = CCS_PASS;
    add(&run, "n2", "SHOULD", "step 1 (expire): expected HTTP status 404, got 400", NULL, "404", "400",
        "POST /v1/checkout/sessions/cs_test_y/expire HTTP/1.1")->verdict = CCS_ERROR;
    cr_assert_eq(ccs_causes_build(&run, &causes, &err), CCS_OK);
    cr_assert_eq(causes.count, 2);
    c = &causes.items[0]; /* largest first */
    cr_expect_eq(c->count, 2);
    cr_expect_eq(c->must, 1);
    cr_expect_eq(c->should, 1);
    cr_expect_eq(c->fail, 1);
    cr_expect_eq(c->error, 1);
    cr_expect_str_eq(run.cases[c->cases[0]].id, "n1");
    cr_expect_str_eq(c->title, "2 endpoints: 400 where 404 expected");
    cr_expect_str_eq(c->endpoints, "GET /v1/checkout/sessions/{id}, POST /v1/checkout/sessions/{id}/expire");
    cr_expect_null(ccs_causes_of_case(&causes, 2));
    cr_expect_eq(ccs_causes_of_case(&causes, 3), c);
    c = &causes.items[1];
    cr_expect_str_eq(c->title, "POST /v1/checkout/sessions/{id}: 404 where 200 expected");
    cr_expect_str_eq(c->guess, "route missing?");
    cr_expect_eq(c->id[0], 'c');
    cr_expect_eq(strlen(c->id), 9);
    ccs_causes_free(&causes);
    ccs_result_free(&run);
}
