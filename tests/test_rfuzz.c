/* Remote fuzzer internals: deterministic mutations, oracles that fire. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/contract.h"
#include "ccs/fs.h"
#include "ccs/paths.h"
#include "ccs/rfuzz.h"
#include "rfuzz_internal.h"

Test(rfuzz, same_seed_same_requests)
{
    uint64_t a = 42, b = 42;
    int i;

    for (i = 0; i < 200; i++) {
        ccs_rfuzz_input x, y;
        ccs_error err;

        cr_assert_eq(ccs_rfuzz_mutate(&a, "cs_test_x", 1700000000L, NULL, &x, &err), CCS_OK, "%s", err.message);
        cr_assert_eq(ccs_rfuzz_mutate(&b, "cs_test_x", 1700000000L, NULL, &y, &err), CCS_OK, "%s", err.message);
        cr_assert_str_eq(x.path, y.path);
        cr_assert_str_eq(x.mutation, y.mutation);
        cr_assert_eq(x.body_len, y.body_len);
        if (x.body_len)
            cr_assert(memcmp(x.body, y.body, x.body_len) == 0);
        ccs_rfuzz_input_free(&x);
        ccs_rfuzz_input_free(&y);
    }
}

Test(rfuzz, mutations_cover_every_kind)
{
    static const char *const kinds[] = {
        "wrong_type", "odd_number", "enum_near_miss", "oversized", "empty_value", "remove_key",
        "unknown_key", "array_gap", "deep_nesting", "broken_brackets", "broken_percent",
        "duplicate_key", "invalid_utf8", "byte_flip", "empty_pairs", "huge_index",
    };
    int seen[16] = {0};
    uint64_t rng = 1;
    size_t k;
    int i;

    for (i = 0; i < 2000; i++) {
        ccs_rfuzz_input x;
        ccs_error err;

        cr_assert_eq(ccs_rfuzz_mutate(&rng, "cs_test_x", 1700000000L, NULL, &x, &err), CCS_OK);
        for (k = 0; k < 16; k++)
            if (!strcmp(x.mutation, kinds[k]))
                seen[k] = 1;
        cr_assert(strstr(x.path, "{id}") == NULL, "anchor not substituted: %s", x.path);
        ccs_rfuzz_input_free(&x);
    }
    for (k = 0; k < 16; k++)
        cr_assert(seen[k], "mutation %s never produced", kinds[k]);
}

static ccs_contracts *load(void)
{
    char dir[4096];
    ccs_contracts *set = NULL;
    ccs_error err;

    snprintf(dir, sizeof dir, "%s/contract", ccs_paths_golden());
    cr_assert_eq(ccs_contract_load_dir(dir, &set, &err), CCS_OK, "%s", err.message);
    return set;
}

static const char *judge(ccs_contracts *set, int rc, long status, const char *body)
{
    ccs_http_response r = {0};
    char why[512];

    r.status = status;
    r.body = (char *)body;
    r.body_len = strlen(body);
    return ccs_rfuzz_judge(set, rc, &r, why, sizeof why);
}

Test(rfuzz, oracles_fire_on_broken_answers)
{
    ccs_contracts *set = load();

    cr_assert_null(judge(set, CCS_OK, 400,
                         "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"m\",\"param\":\"mode\"}}"));
    cr_assert_str_eq(judge(set, CCS_OK, 500, "{}"), "server_error");
    cr_assert_str_eq(judge(set, CCS_OK, 400, "{\"message\":\"flat\"}"), "bad_error_envelope");
    cr_assert_str_eq(judge(set, CCS_OK, 400, "not json"), "bad_error_envelope");
    cr_assert_str_eq(judge(set, CCS_OK, 200, "{\"object\":\"checkout.session\",\"id\":1}"), "bad_success_body");
    cr_assert_str_eq(judge(set, CCS_OK, 302, ""), "unexpected_status");
    cr_assert_str_eq(judge(set, CCS_ETIMEOUT, 0, ""), "hang");
    cr_assert_str_eq(judge(set, CCS_ENET, 0, ""), "transport");
    ccs_contract_free(set);
}

/* --create: every mutated create starts from the caller's parameters. */
Test(rfuzz, creates_start_from_the_given_body)
{
    cJSON *create = cJSON_Parse("{\"mode\":\"payment\",\"success_url\":\"https://e.com/s\","
                                "\"custom_thing\":\"zq7required\",\"currency\":\"usd\"}");
    uint64_t rng = 5;
    int creates = 0, with = 0, i;

    cr_assert_not_null(create);
    for (i = 0; i < 400; i++) {
        ccs_rfuzz_input x;
        ccs_error err;

        cr_assert_eq(ccs_rfuzz_mutate(&rng, "cs_test_x", 1700000000L, create, &x, &err), CCS_OK, "%s",
                     err.message);
        if (!strcmp(x.method, "POST") && !strcmp(x.endpoint, "/v1/checkout/sessions")) {
            creates++;
            /* most mutations leave the given parameter in place */
            with += x.body && memmem(x.body, x.body_len, "zq7required", 11) != NULL;
            cr_assert(!x.body || !memmem(x.body, x.body_len, "T-shirt", 7), "a built-in create was used");
        }
        ccs_rfuzz_input_free(&x);
    }
    cr_assert(creates > 50 && with > creates / 2, "%d creates, %d with the given parameter", creates, with);
    cJSON_Delete(create);
}

/* A huge payload is shown cut in findings.md, whole in finding-<n>.txt. */
Test(rfuzz, findings_md_cuts_huge_values)
{
    char dir[] = "/tmp/ccs-rfuzz-test.XXXXXX", path[256], *md = NULL, *full = NULL;
    size_t big = 100000, mdlen = 0, fulllen = 0;
    ccs_rfuzz_report rep = {0};
    ccs_rfuzz_finding fd = {0};
    ccs_error err;

    cr_assert_not_null(mkdtemp(dir));
    fd.oracle = "server_error";
    fd.endpoint = "POST /v1/checkout/sessions";
    fd.mutation = "oversized";
    fd.status = 500;
    fd.message = "HTTP 500";
    fd.curl = malloc(big + 1);
    fd.response = strdup("{\"error\":{}}");
    memset(fd.curl, 'A', big);
    memcpy(fd.curl, "curl -d 'x=", 11);
    fd.curl[big - 1] = 'Z';
    fd.curl[big] = '\0';
    rep.findings = &fd;
    rep.count = 1;
    cr_assert_eq(ccs_rfuzz_write_reports(&rep, dir, &err), CCS_OK, "%s", err.message);
    snprintf(path, sizeof path, "%s/findings.md", dir);
    cr_assert_eq(ccs_fs_read_file(path, 1 << 20, &md, &mdlen, &err), CCS_OK);
    cr_assert(mdlen < 10000, "findings.md is %zu bytes", mdlen);
    cr_assert_not_null(strstr(md, "of 100000 bytes; the whole text is in finding-1.txt"), "%s", md);
    snprintf(path, sizeof path, "%s/finding-1.txt", dir);
    cr_assert_eq(ccs_fs_read_file(path, 1 << 20, &full, &fulllen, &err), CCS_OK);
    cr_assert(fulllen > big && memchr(full, 'Z', fulllen) != NULL, "finding-1.txt is %zu bytes", fulllen);
    free(md);
    free(full);
    free(fd.curl);
    free(fd.response);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    cr_assert_eq(system(path), 0);
}
