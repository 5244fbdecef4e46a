/* The run record: verdict names, gate rules and the results.json format. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccs/result.h"

static char dir_[64];

static void make_dir(void)
{
    snprintf(dir_, sizeof dir_, "/tmp/ccs-result-XXXXXX");
    cr_assert_not_null(mkdtemp(dir_));
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(result_json, .init = make_dir, .fini = remove_dir);

static char *file_in_dir(const char *name, const char *content)
{
    static char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir_, name);
    if (content) {
        f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs(content, f);
        fclose(f);
    }
    return path;
}

static ccs_case_result *add_case(ccs_run_result *run, const char *id, const char *level,
                                 ccs_verdict v)
{
    ccs_case_result *c = ccs_result_add(run);

    cr_assert_not_null(c);
    c->id = strdup(id);
    c->level = level ? strdup(level) : NULL;
    c->verdict = v;
    return c;
}

static int streq_null(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

Test(result, verdict_names_round_trip)
{
    ccs_verdict v;
    int i;

    for (i = CCS_PASS; i <= CCS_SKIP; i++) {
        cr_assert_eq(ccs_verdict_parse(ccs_verdict_name((ccs_verdict)i), &v), CCS_OK);
        cr_assert_eq((int)v, i);
    }
    cr_assert_str_eq(ccs_verdict_name(CCS_ERROR), "ERROR");
    cr_assert_str_eq(ccs_verdict_name((ccs_verdict)42), "UNKNOWN");
    cr_assert_eq(ccs_verdict_parse("pass", &v), CCS_EINVAL);
    cr_assert_eq(ccs_verdict_parse(NULL, &v), CCS_EINVAL);
}

Test(result, add_grows_and_counts)
{
    ccs_run_result run = {0};
    int i;

    for (i = 0; i < 100; i++)
        add_case(&run, "x", "MUST", (ccs_verdict)(i % 4));
    cr_assert_eq(run.count, 100);
    cr_assert_eq(ccs_result_count(&run, CCS_PASS), 25);
    cr_assert_eq(ccs_result_count(&run, CCS_SKIP), 25);
    cr_assert_null(run.cases[99].message);
    ccs_result_free(&run);
    cr_assert_eq(run.count, 0);
    cr_assert_null(run.cases);
}

Test(result, gate_rules)
{
    ccs_run_result run = {0};
    ccs_case_result *c;

    add_case(&run, "a", "MUST", CCS_PASS);
    add_case(&run, "b", "MUST", CCS_SKIP);
    cr_assert_eq(ccs_result_gate_failed(&run), 0);

    /* SHOULD failure: gate only when strict */
    c = add_case(&run, "c", "SHOULD", CCS_FAIL);
    cr_assert_eq(ccs_result_gate_failed(&run), 0);
    run.strict = 1;
    cr_assert_eq(ccs_result_gate_failed(&run), 1);
    c->known_failure = 1;
    cr_assert_eq(ccs_result_gate_failed(&run), 0, "known failure must be ignored");
    run.strict = 0;

    /* MUST failure gates; known failure is ignored */
    c = add_case(&run, "d", "MUST", CCS_FAIL);
    cr_assert_eq(ccs_result_gate_failed(&run), 1);
    c->known_failure = 1;
    cr_assert_eq(ccs_result_gate_failed(&run), 0);

    /* ERROR counts as failure */
    c = add_case(&run, "e", "MUST", CCS_ERROR);
    cr_assert_eq(ccs_result_gate_failed(&run), 1);
    c->verdict = CCS_PASS;
    cr_assert_eq(ccs_result_gate_failed(&run), 0);

    /* no level: treated as MUST */
    add_case(&run, "f", NULL, CCS_ERROR);
    cr_assert_eq(ccs_result_gate_failed(&run), 1);
    ccs_result_free(&run);
}

Test(result_json, round_trip_is_equal)
{
    ccs_run_result run = {0}, back;
    ccs_case_result *c;
    ccs_error err;
    char *path = file_in_dir("results.json", NULL);
    size_t i;

    run.run_id = strdup("20261126T051500Z");
    run.target = strdup("http://127.0.0.1:12111");
    run.target_name = strdup("reference");
    run.profile = strdup("core");
    run.strict = 1;
    run.started_at = 1795670100.123456;
    run.duration_ms = 1234.5;
    c = add_case(&run, "create.mode.invalid", "MUST", CCS_FAIL);
    c->area = strdup("errors");
    c->description = strdup("an invalid mode is rejected with \"400\"");
    c->profile = strdup("core");
    c->requirement = strdup("mode must be one of payment, setup, subscription");
    c->known_failure = 1;
    c->duration_ms = 0.1 + 0.2;
    c->retries = 3;
    c->message = strdup("status differs\n<script>alert('x')</script>");
    c->pointer = strdup("/error/type");
    c->expected = strdup("\"invalid_request_error\"");
    c->actual = strdup("null");
    c->curl = strdup("curl -sS -X 'POST' 'http://h/v1' -u 'sk_test_\xe2\x80\xa6p7dc:'");
    c->request = strdup("POST /v1 HTTP/1.1\r\n\r\nmode=bogus");
    c->response = strdup("HTTP/1.1 200 OK\r\n\r\n{}");
    add_case(&run, "retrieve.ok", "SHOULD", CCS_PASS);
    add_case(&run, "list.skip", "MUST", CCS_SKIP);

    cr_assert_eq(ccs_result_write_json(&run, path, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_result_read_json(path, &back, &err), CCS_OK, "%s", err.message);
    cr_assert_str_eq(back.run_id, run.run_id);
    cr_assert_str_eq(back.target, run.target);
    cr_assert_str_eq(back.target_name, run.target_name);
    cr_assert_str_eq(back.profile, run.profile);
    cr_assert_eq(back.strict, 1);
    cr_assert_eq(back.started_at, run.started_at);
    cr_assert_eq(back.duration_ms, run.duration_ms);
    cr_assert_eq(back.count, run.count);
    for (i = 0; i < run.count; i++) {
        const ccs_case_result *a = &run.cases[i], *b = &back.cases[i];

        cr_assert(streq_null(a->id, b->id));
        cr_assert(streq_null(a->area, b->area));
        cr_assert(streq_null(a->description, b->description));
        cr_assert(streq_null(a->level, b->level));
        cr_assert(streq_null(a->profile, b->profile));
        cr_assert(streq_null(a->requirement, b->requirement));
        cr_assert_eq(a->verdict, b->verdict);
        cr_assert_eq(a->known_failure, b->known_failure);
        cr_assert_eq(a->retries, b->retries);
        cr_assert_eq(a->duration_ms, b->duration_ms, "%.17g vs %.17g", a->duration_ms,
                     b->duration_ms);
        cr_assert(streq_null(a->message, b->message));
        cr_assert(streq_null(a->pointer, b->pointer));
        cr_assert(streq_null(a->expected, b->expected));
        cr_assert(streq_null(a->actual, b->actual));
        cr_assert(streq_null(a->curl, b->curl));
        cr_assert(streq_null(a->request, b->request));
        cr_assert(streq_null(a->response, b->response));
    }
    ccs_result_free(&back);
    ccs_result_free(&run);
}

Test(result_json, file_has_format_summary_and_nulls)
{
    ccs_run_result run = {0};
    ccs_error err;
    char *path = file_in_dir("r.json", NULL);
    char buf[4096];
    size_t n;
    FILE *f;

    add_case(&run, "a", "MUST", CCS_PASS);
    add_case(&run, "b", "MUST", CCS_FAIL);
    add_case(&run, "c", "MUST", CCS_FAIL);
    cr_assert_eq(ccs_result_write_json(&run, path, &err), CCS_OK, "%s", err.message);
    f = fopen(path, "r");
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    cr_assert_not_null(strstr(buf, "\"format\":\t\"ccs-results/1\""), "%s", buf);
    cr_assert_not_null(strstr(buf, "\"pass\":\t1"));
    cr_assert_not_null(strstr(buf, "\"fail\":\t2"));
    cr_assert_not_null(strstr(buf, "\"total\":\t3"));
    cr_assert_not_null(strstr(buf, "\"run_id\":\tnull"));
    cr_assert_not_null(strstr(buf, "\"message\":\tnull"));
    ccs_result_free(&run);
}

Test(result_json, minimal_file_is_accepted)
{
    ccs_run_result run;
    ccs_error err;
    char *path = file_in_dir("min.json",
                             "{\"format\":\"ccs-results/1\",\"cases\":["
                             "{\"id\":\"x\",\"verdict\":\"ERROR\"}]}");

    cr_assert_eq(ccs_result_read_json(path, &run, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(run.count, 1);
    cr_assert_str_eq(run.cases[0].id, "x");
    cr_assert_eq(run.cases[0].verdict, CCS_ERROR);
    cr_assert_eq(run.cases[0].retries, 0); /* written before retries were counted */
    cr_assert_null(run.cases[0].level);
    cr_assert_null(run.run_id);
    ccs_result_free(&run);
}

struct bad {
    const char *text;
    const char *needle;
};

Test(result_json, malformed_files_error_clearly)
{
    static const struct bad bad[] = {
        {"{\"format\":\"ccs-results/1\",\n\"cases\": [ }", "malformed JSON at line 2"},
        {"", "malformed JSON at line 1"},
        {"[1,2]", "top level must be an object"},
        {"{\"cases\":[]}", "\"format\" is missing"},
        {"{\"format\":\"ccs-results/2\"}", "\"format\" is \"ccs-results/2\", expected"},
        {"{\"format\":7}", "not a string"},
        {"{\"format\":\"ccs-results/1\",\"cases\":{}}", "/cases must be an array"},
        {"{\"format\":\"ccs-results/1\",\"cases\":[{\"verdict\":\"PASS\"}]}", "/cases/0/id"},
        {"{\"format\":\"ccs-results/1\",\"cases\":[{\"id\":\"a\",\"verdict\":\"MAYBE\"}]}",
         "/cases/0/verdict must be PASS"},
        {"{\"format\":\"ccs-results/1\",\"cases\":[{\"id\":\"a\",\"verdict\":\"PASS\"},"
         "{\"id\":\"b\",\"verdict\":\"PASS\",\"message\":3}]}",
         "/cases/1/message must be a string"},
        {"{\"format\":\"ccs-results/1\",\"strict\":\"yes\"}", "/strict must be true or false"},
        {"{\"format\":\"ccs-results/1\",\"started_at\":\"now\"}", "/started_at must be a number"},
        {"{\"format\":\"ccs-results/1\",\"cases\":[7]}", "/cases/0 must be an object"},
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ccs_run_result run;
        ccs_error err;
        char *path = file_in_dir("bad.json", bad[i].text);

        cr_assert_eq(ccs_result_read_json(path, &run, &err), CCS_EINVAL, "case %zu", i);
        cr_assert_not_null(strstr(err.message, bad[i].needle), "case %zu: %s", i, err.message);
        cr_assert_not_null(strstr(err.message, "bad.json"), "case %zu: %s", i, err.message);
        cr_assert_eq(run.count, 0);
        cr_assert_null(run.cases);
    }
}

Test(result_json, missing_file_is_eio)
{
    ccs_run_result run;
    ccs_error err;

    cr_assert_eq(ccs_result_read_json("/nonexistent/dir/results.json", &run, &err), CCS_EIO);
    cr_assert_not_null(strstr(err.message, "/nonexistent/dir/results.json"));
}

Test(result_json, unwritable_path_is_eio)
{
    ccs_run_result run = {0};
    ccs_error err;

    cr_assert_eq(ccs_result_write_json(&run, "/nonexistent/dir/results.json", &err), CCS_EIO);
    cr_assert_not_null(strstr(err.message, "/nonexistent/dir/results.json"));
}
