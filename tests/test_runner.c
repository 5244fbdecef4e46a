/* The runner against a tiny in-test libmicrohttpd mock: PASS, FAIL (status,
 * body, capture), ERROR (timeout, refused, bad template), SKIP, ordering
 * with --jobs, and redaction of the key in every record. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ccs/cases.h"
#include "ccs/runner.h"
#include "test_mock_util.h"

#define KEY "sk_test_runnerSECRETkey1234"

static struct MHD_Daemon *mock;
static char mock_url[64];
static int req_counter;

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *body)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    char rid[32];
    enum MHD_Result ret;

    snprintf(rid, sizeof rid, "req_%d", __atomic_add_fetch(&req_counter, 1, __ATOMIC_SEQ_CST));
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Request-Id", rid);
    ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **state)
{
    static int marker;

    (void)cls;
    (void)version;
    (void)upload;
    if (!*state) {
        *state = &marker;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* body ignored */
        return MHD_YES;
    }
    if (!strcmp(method, "POST") && !strcmp(url, "/v1/checkout/sessions"))
        return reply(conn, 200, "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"amount_total\":2198,"
                                "\"metadata\":{}}");
    if (!strcmp(method, "GET") && !strcmp(url, "/v1/checkout/sessions/cs_test_1"))
        return reply(conn, 200, "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"amount_total\":2198}");
    if (!strcmp(url, "/slow")) {
        usleep(1500 * 1000);
        return reply(conn, 200, "{}");
    }
    if (!strcmp(url, "/notjson"))
        return reply(conn, 200, "<html>oops</html>");
    return reply(conn, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such thing\"}}");
}

static void start_mock(void)
{
    mock = test_mock_start(handler, mock_url, sizeof mock_url);
}

static void stop_mock(void)
{
    if (mock)
        MHD_stop_daemon(mock);
    mock = NULL;
}

TestSuite(runner, .init = start_mock, .fini = stop_mock);

static void load_cases(const char *json, ccs_case_set *set)
{
    char path[] = "/tmp/ccs_runner_case_XXXXXX";
    int fd = mkstemp(path);
    ccs_error err;

    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, json, strlen(json)), (ssize_t)strlen(json));
    close(fd);
    cr_assert_eq(ccs_cases_load_file(path, "t/t.json", "t", set, &err), CCS_OK, "%s", err.message);
    unlink(path);
}

static void config(ccs_runner_config *cfg, const char *target)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->target = target;
    cfg->api_key = KEY;
    cfg->profile = "core";
    cfg->jobs = 1;
    cfg->timeout_ms = 5000;
    cfg->run_id = "test";
}

#define H "\"description\":\"d\",\"level\":\"MUST\",\"profile\":\"core\",\"requirement\":\"r\""

static ccs_case_result run_one(const char *case_json, const ccs_runner_config *cfg)
{
    ccs_case_set set = {0};
    ccs_case_result r;
    ccs_http_client *client = NULL;
    ccs_http_options o = {0};
    ccs_error err;

    load_cases(case_json, &set);
    o.base_url = cfg->target;
    o.timeout_ms = cfg->timeout_ms;
    o.connect_timeout_ms = 2000;
    cr_assert_eq(ccs_http_client_new(&o, &client, &err), CCS_OK);
    memset(&r, 0, sizeof r);
    cr_assert_eq(ccs_runner_run_case(cfg, client, &set.items[0], NULL, 0, &r, &err), CCS_OK, "%s", err.message);
    ccs_http_client_free(client);
    ccs_cases_free(&set);
    return r;
}

static void free_rec(ccs_case_result *r)
{
    test_record_free(r);
}

static void no_key_anywhere(const ccs_case_result *r)
{
    const char *fields[] = {r->message, r->expected, r->actual, r->curl, r->request, r->response};
    size_t i;

    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i])
            cr_assert_null(strstr(fields[i], KEY), "the full key leaked into a record: %s", fields[i]);
}

Test(runner, pass_with_capture_and_templates)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.pass\"," H ",\"steps\":["
                "{\"request\":{\"method\":\"POST\",\"path\":\"/v1/checkout/sessions\",\"form\":{\"mode\":\"payment\"}},"
                "\"expect\":{\"status\":200,\"headers\":{\"Request-Id\":\"{{re:^req_}}\"},"
                "\"body\":{\"object\":\"checkout.session\",\"id\":\"{{re:^cs_}}\"}},\"capture\":{\"s\":\"\"}},"
                "{\"request\":{\"method\":\"GET\",\"path\":\"/v1/checkout/sessions/{{s.id}}\"},"
                "\"expect\":{\"status\":[200,201],\"body\":{\"id\":\"{{s.id}}\",\"amount_total\":\"{{s.amount_total}}\","
                "\"metadata\":\"{{absent}}\"},\"body_absent\":[\"line_items\"],\"headers_absent\":[\"Idempotent-Replayed\"]}}"
                "]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_PASS, "%s", r.message ? r.message : "");
    cr_assert_str_eq(r.id, "t.pass");
    cr_assert_str_eq(r.area, "t");
    cr_assert_null(r.curl, "no reproduction for a PASS");
    free_rec(&r);
}

/* The absence checks must be able to fail: a present header or member named
 * in headers_absent / body_absent ends the case as FAIL at its pointer. */
Test(runner, headers_absent_fails_on_a_present_header)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.habsent\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\","
                "\"path\":\"/v1/checkout/sessions/cs_test_1\"},\"expect\":{\"status\":200,"
                "\"headers_absent\":[\"Idempotent-Replayed\",\"request-id\"]}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_FAIL, "%s", r.message ? r.message : "");
    cr_assert(strstr(r.message, "Request-Id") || strstr(r.message, "request-id"), "%s", r.message);
    free_rec(&r);
}

Test(runner, body_absent_fails_on_a_present_member)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.babsent\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\","
                "\"path\":\"/v1/checkout/sessions/cs_test_1\"},\"expect\":{\"status\":200,"
                "\"body_absent\":[\"line_items\",\"/amount_total\"]}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_FAIL, "%s", r.message ? r.message : "");
    cr_assert_str_eq(r.pointer, "/amount_total");
    free_rec(&r);
}

Test(runner, fail_on_status_names_expected_and_actual)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.status\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\","
                "\"path\":\"/v1/checkout/sessions/cs_nope\"},\"expect\":{\"status\":\"2xx\"}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_FAIL);
    cr_assert_str_eq(r.expected, "\"2xx\"");
    cr_assert_str_eq(r.actual, "404");
    cr_assert(strstr(r.message, "No such thing"), "%s", r.message);
    cr_assert_not_null(r.curl);
    cr_assert(strstr(r.curl, "/v1/checkout/sessions/cs_nope"), "%s", r.curl);
    cr_assert(strstr(r.request, "GET /v1/checkout/sessions/cs_nope"), "%s", r.request);
    cr_assert(strstr(r.response, "404"), "%s", r.response);
    no_key_anywhere(&r);
    free_rec(&r);
}

Test(runner, fail_on_body_reports_pointer)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.body\"," H ",\"steps\":[{\"request\":{\"method\":\"POST\","
                "\"path\":\"/v1/checkout/sessions\",\"form\":{\"metadata\":{\"k\":\"" KEY "\"}}},"
                "\"expect\":{\"body\":{\"amount_total\":\"{{int:0..100}}\"}}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_FAIL);
    cr_assert_str_eq(r.pointer, "/amount_total");
    cr_assert_str_eq(r.expected, "{{int:0..100}}");
    cr_assert_str_eq(r.actual, "2198");
    no_key_anywhere(&r);
    free_rec(&r);
}

Test(runner, fail_on_missing_capture_and_non_json)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.cap\"," H ",\"steps\":[{\"request\":{\"method\":\"POST\","
                "\"path\":\"/v1/checkout/sessions\"},\"capture\":{\"u\":\"/url\"}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_FAIL);
    cr_assert_str_eq(r.pointer, "/url");
    free_rec(&r);
    r = run_one("{\"cases\":[{\"id\":\"t.html\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\","
                "\"path\":\"/notjson\"},\"expect\":{\"status\":200,\"body\":{}}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_FAIL);
    cr_assert(strstr(r.message, "not JSON"), "%s", r.message);
    free_rec(&r);
}

Test(runner, timeout_is_error)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    cfg.timeout_ms = 300;
    r = run_one("{\"cases\":[{\"id\":\"t.slow\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/slow\"},"
                "\"expect\":{\"status\":200}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_ERROR, "%s", r.message ? r.message : "");
    cr_assert_not_null(r.curl, "an ERROR still gets a reproduction");
    free_rec(&r);
}

Test(runner, refused_is_error_and_probe_fails)
{
    ccs_runner_config cfg;
    ccs_case_result r;
    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    char url[64];
    ccs_error err;

    /* A port that was free a moment ago: nothing listens there. */
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(getsockname(s, (struct sockaddr *)&a, &len), 0);
    close(s);
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    config(&cfg, url);
    r = run_one("{\"cases\":[{\"id\":\"t.refused\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/x\"}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_ERROR);
    free_rec(&r);
    cr_assert_neq(ccs_runner_probe(&cfg, &err), CCS_OK);
    cr_assert_neq(err.message[0], '\0');
    config(&cfg, mock_url);
    cr_assert_eq(ccs_runner_probe(&cfg, &err), CCS_OK, "%s", err.message);
}

Test(runner, bad_template_is_error_and_skips)
{
    ccs_runner_config cfg;
    ccs_case_result r;

    config(&cfg, mock_url);
    r = run_one("{\"cases\":[{\"id\":\"t.tmpl\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\","
                "\"path\":\"/v1/checkout/sessions/{{nothing.id}}\"}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_ERROR);
    cr_assert(strstr(r.message, "nothing"), "%s", r.message);
    free_rec(&r);
    r = run_one("{\"cases\":[{\"id\":\"t.full\",\"description\":\"d\",\"level\":\"MUST\",\"profile\":\"full\","
                "\"requirement\":\"r\",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/x\"}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_SKIP);
    free_rec(&r);
    r = run_one("{\"cases\":[{\"id\":\"t.price\"," H ",\"features\":[\"catalog_price\"],\"steps\":[{\"request\":"
                "{\"method\":\"GET\",\"path\":\"/x\"}}]}]}",
                &cfg);
    cr_assert_eq(r.verdict, CCS_SKIP);
    cr_assert(strstr(r.message, "catalog_price"));
    free_rec(&r);
}

Test(runner, run_keeps_case_order_with_jobs_and_isolation)
{
    ccs_runner_config cfg;
    ccs_case_set set = {0};
    ccs_run_result run = {0};
    ccs_error err;
    const char *want[] = {"t.a", "t.b", "t.iso", "t.c", "t.d"};
    size_t i;

    load_cases("{\"cases\":["
               "{\"id\":\"t.a\"," H ",\"steps\":[{\"request\":{\"method\":\"POST\",\"path\":\"/v1/checkout/sessions\"},"
               "\"expect\":{\"status\":200}}]},"
               "{\"id\":\"t.b\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/nope\"},"
               "\"expect\":{\"status\":200}}]},"
               "{\"id\":\"t.iso\"," H ",\"isolated\":true,\"steps\":[{\"request\":{\"method\":\"GET\","
               "\"path\":\"/v1/checkout/sessions/cs_test_1\"},\"expect\":{\"status\":200}}]},"
               "{\"id\":\"t.c\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/v1/checkout/sessions/cs_test_1\"},"
               "\"expect\":{\"status\":200}}],\"_note\":\"comment keys are allowed\"},"
               "{\"id\":\"t.d\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/v1/checkout/sessions/cs_test_1\"},"
               "\"repeat\":3,\"expect\":{\"status\":200}}]},"
               "{\"id\":\"u.skipped_by_filter\"," H ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/\"}}]}"
               "]}",
               &set);
    config(&cfg, mock_url);
    cfg.jobs = 3;
    cfg.filter = "t.*";
    cr_assert_eq(ccs_runner_run(&cfg, &set, &run, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(run.count, 5);
    for (i = 0; i < 5; i++)
        cr_assert_str_eq(run.cases[i].id, want[i]);
    cr_assert_eq(run.cases[0].verdict, CCS_PASS);
    cr_assert_eq(run.cases[1].verdict, CCS_FAIL);
    cr_assert_eq(run.cases[2].verdict, CCS_PASS);
    cr_assert_eq(run.cases[4].verdict, CCS_PASS);
    cr_assert_eq(ccs_result_gate_failed(&run), 1);
    ccs_result_free(&run);
    ccs_cases_free(&set);
}
