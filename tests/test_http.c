/* HTTP client against an in-test libmicrohttpd server that echoes requests
 * and can answer huge, slow, redirecting and compressed responses. */
#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ccs/http.h"
#include "ccs/redact.h"

#define MAX_UPLOAD (4 * 1024 * 1024)

static struct MHD_Daemon *daemon_;
static unsigned short port_;
static char base_[64];
static atomic_int connections_;
static atomic_int stopping_;

struct upload {
    char *data;
    size_t len;
};

struct echo {
    char *p;
    size_t len, cap;
};

static void echo_put(struct echo *e, const char *s, size_t n)
{
    if (e->len + n + 1 > e->cap) {
        e->cap = (e->len + n + 1) * 2;
        e->p = realloc(e->p, e->cap);
        if (!e->p)
            abort();
    }
    memcpy(e->p + e->len, s, n);
    e->len += n;
    e->p[e->len] = '\0';
}

static enum MHD_Result echo_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct echo *e = cls;

    (void)kind;
    echo_put(e, "H:", 2);
    echo_put(e, key, strlen(key));
    echo_put(e, ": ", 2);
    echo_put(e, value, strlen(value));
    echo_put(e, "\n", 1);
    return MHD_YES;
}

/* Body generator for /big: 'x' forever (or up to the declared size). */
static ssize_t fill_x(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    (void)pos;
    memset(buf, 'x', max);
    return (ssize_t)max;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    (void)c;
    (void)socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&connections_, 1);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct upload *up = *con_cls;

    (void)cls;
    (void)c;
    (void)toe;
    if (up) {
        free(up->data);
        free(up);
        *con_cls = NULL;
    }
}

static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r)
{
    enum MHD_Result ret = MHD_queue_response(c, status, r);

    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
    struct upload *up = *con_cls;
    struct MHD_Response *r;

    (void)cls;
    (void)version;
    if (!up) {
        up = calloc(1, sizeof *up);
        *con_cls = up;
        return up ? MHD_YES : MHD_NO;
    }
    if (*upload_data_size) {
        if (up->len + *upload_data_size <= MAX_UPLOAD) {
            up->data = realloc(up->data, up->len + *upload_data_size + 1);
            memcpy(up->data + up->len, upload_data, *upload_data_size);
            up->len += *upload_data_size;
            up->data[up->len] = '\0';
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!strcmp(url, "/big")) {
        const char *n = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "n");
        uint64_t size = n ? strtoull(n, NULL, 10) : MHD_SIZE_UNKNOWN;

        r = MHD_create_response_from_callback(size, 64 * 1024, fill_x, NULL, NULL);
        return queue(c, 200, r);
    }
    if (!strcmp(url, "/redirect")) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        /* Port 1 on loopback refuses: following it would turn into ENET. */
        MHD_add_response_header(r, "Location", "http://127.0.0.1:1/elsewhere");
        return queue(c, 302, r);
    }
    if (!strcmp(url, "/slow")) {
        int i;

        for (i = 0; i < 200 && !atomic_load(&stopping_); i++)
            usleep(10 * 1000);
        r = MHD_create_response_from_buffer(4, (void *)"late", MHD_RESPMEM_PERSISTENT);
        return queue(c, 200, r);
    }
    if (!strcmp(url, "/headers")) {
        r = MHD_create_response_from_buffer(2, (void *)"{}", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "X-Mixed-Case-Thing", "value-1");
        MHD_add_response_header(r, "Request-Id", "req_123");
        return queue(c, 200, r);
    }
    if (!strcmp(url, "/gzip")) {
        /* Not valid gzip on purpose: a decoding client would fail. */
        static const char raw[] = "\x1f\x8b\x08\x00not-really-gzip";

        r = MHD_create_response_from_buffer(sizeof raw - 1, (void *)raw, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Encoding", "gzip");
        return queue(c, 200, r);
    }
    {
        struct echo e = {0};
        char line[256];

        snprintf(line, sizeof line, "method=%s\npath=%s\n", method, url);
        echo_put(&e, line, strlen(line));
        MHD_get_connection_values(c, MHD_HEADER_KIND, echo_header, &e);
        snprintf(line, sizeof line, "body_len=%zu\nbody=", up->len);
        echo_put(&e, line, strlen(line));
        if (up->len)
            echo_put(&e, up->data, up->len);
        r = MHD_create_response_from_buffer(e.len, e.p, MHD_RESPMEM_MUST_FREE);
        return queue(c, 200, r);
    }
}

static void server_start(void)
{
    struct sockaddr_in sa;
    const union MHD_DaemonInfo *info;

    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = 0;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    atomic_store(&connections_, 0);
    atomic_store(&stopping_, 0);
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
                               0, NULL, NULL, handler, NULL,
                               MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                               MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
                               MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                               MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                               MHD_OPTION_END);
    cr_assert_not_null(daemon_, "test server failed to start");
    info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    cr_assert_not_null(info);
    port_ = info->port;
    cr_assert_neq(port_, 0);
    snprintf(base_, sizeof base_, "http://127.0.0.1:%u", port_);
}

static void server_stop(void)
{
    atomic_store(&stopping_, 1);
    if (daemon_)
        MHD_stop_daemon(daemon_);
    daemon_ = NULL;
}

TestSuite(http, .init = server_start, .fini = server_stop);

static ccs_http_client *client_with(long timeout_ms, size_t max_response)
{
    ccs_http_options o = {base_, 2000, timeout_ms, max_response};
    ccs_http_client *c = NULL;
    ccs_error err;

    cr_assert_eq(ccs_http_client_new(&o, &c, &err), CCS_OK, "%s", err.message);
    return c;
}

#define API_KEY "sk_test_51SecretValueThatMustNotLeakp7dc"

Test(http, get_echoes_method_and_path)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request req = {.method = "GET", .path = "/v1/checkout/sessions?limit=3"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(resp.status, 200);
    cr_assert_not_null(strstr(resp.body, "method=GET\n"));
    cr_assert_not_null(strstr(resp.body, "path=/v1/checkout/sessions\n"));
    cr_assert_not_null(strstr(resp.body, "body_len=0\n"));
    cr_assert_eq(resp.body[resp.body_len], '\0');
    cr_assert_eq(strlen(resp.body), resp.body_len);
    cr_assert_eq(resp.truncated, 0);
    cr_assert_geq(resp.duration_ms, 0.0);
    /* never advertise compression on our own */
    cr_assert_null(strstr(resp.body, "Accept-Encoding"));
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, post_sends_form_body_without_expect)
{
    ccs_http_client *c = client_with(0, 0);
    size_t big = 2 * 1024 * 1024, i;
    char *body = malloc(big + 1);
    ccs_http_request req = {.method = "POST", .path = "/v1/checkout/sessions"};
    ccs_http_response resp;
    ccs_error err;
    char want[64];

    for (i = 0; i < big; i++)
        body[i] = "mode=payment&"[i % 13];
    body[big] = '\0';
    req.body = body;
    req.body_len = big;
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(resp.status, 200);
    cr_assert_not_null(strstr(resp.body, "method=POST\n"));
    cr_assert_not_null(strstr(resp.body, "H:Content-Type: application/x-www-form-urlencoded\n"));
    snprintf(want, sizeof want, "body_len=%zu\n", big);
    cr_assert_not_null(strstr(resp.body, want));
    cr_assert_not_null(strstr(resp.body, "body=mode=payment&mode=payment&"));
    cr_assert_null(strstr(resp.body, "H:Expect"), "client must not send Expect: 100-continue");
    ccs_http_response_free(&resp);
    free(body);
    ccs_http_client_free(c);
}

Test(http, delete_with_body_and_empty_post)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request del = {.method = "DELETE", .path = "/x", .body = "a=1", .body_len = 3};
    ccs_http_request post = {.method = "POST", .path = "/y"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &del, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_not_null(strstr(resp.body, "method=DELETE\n"));
    cr_assert_not_null(strstr(resp.body, "body=a=1"));
    ccs_http_response_free(&resp);
    cr_assert_eq(ccs_http_send(c, &post, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_not_null(strstr(resp.body, "method=POST\n"));
    cr_assert_not_null(strstr(resp.body, "H:Content-Length: 0\n"));
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, basic_auth_is_key_colon_empty_password)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request req = {.method = "GET", .path = "/a", .auth = CCS_AUTH_BASIC,
                            .api_key = "sk_test_abc"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    /* base64("sk_test_abc:") */
    cr_assert_not_null(strstr(resp.body, "H:Authorization: Basic c2tfdGVzdF9hYmM6\n"), "%s",
                       resp.body);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, bearer_and_raw_auth)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request req = {.method = "GET", .path = "/a", .auth = CCS_AUTH_BEARER,
                            .api_key = "sk_test_xyz"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_not_null(strstr(resp.body, "H:Authorization: Bearer sk_test_xyz\n"));
    ccs_http_response_free(&resp);

    req.auth = CCS_AUTH_RAW;
    req.raw_authorization = "Basic !!!not-base64";
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_not_null(strstr(resp.body, "H:Authorization: Basic !!!not-base64\n"));
    ccs_http_response_free(&resp);

    /* no auth: no header at all */
    req.auth = CCS_AUTH_NONE;
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_null(strstr(resp.body, "H:Authorization"));
    ccs_http_response_free(&resp);

    /* header injection is refused before anything is sent */
    req.auth = CCS_AUTH_RAW;
    req.raw_authorization = "Bearer x\r\nX-Evil: 1";
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_EINVAL);
    cr_assert_not_null(strstr(err.message, "CR or LF"));
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, idempotency_version_and_extra_headers)
{
    ccs_http_client *c = client_with(0, 0);
    const char *extra[] = {"X-Test-Header: hello", "Accept-Encoding: identity", NULL};
    ccs_http_request req = {.method = "POST", .path = "/v1/checkout/sessions", .body = "a=b",
                            .body_len = 3, .idempotency_key = "idem-123",
                            .stripe_version = "2024-06-20", .headers = extra};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_not_null(strstr(resp.body, "H:Idempotency-Key: idem-123\n"));
    cr_assert_not_null(strstr(resp.body, "H:Stripe-Version: 2024-06-20\n"));
    cr_assert_not_null(strstr(resp.body, "H:X-Test-Header: hello\n"));
    cr_assert_not_null(strstr(resp.body, "H:Accept-Encoding: identity\n"));
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, connection_is_reused_by_one_client)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_client *d;
    ccs_http_request get = {.method = "GET", .path = "/a"};
    ccs_http_request post = {.method = "POST", .path = "/b", .body = "x=1", .body_len = 3};
    ccs_http_response resp;
    ccs_error err;
    int i;

    for (i = 0; i < 4; i++) {
        cr_assert_eq(ccs_http_send(c, i % 2 ? &post : &get, &resp, &err), CCS_OK, "%s",
                     err.message);
        cr_assert_eq(resp.status, 200);
        ccs_http_response_free(&resp);
    }
    cr_assert_eq(atomic_load(&connections_), 1, "4 requests on one client used %d connections",
                 atomic_load(&connections_));
    /* a second client opens its own connection: the counter does count */
    d = client_with(0, 0);
    cr_assert_eq(ccs_http_send(d, &get, &resp, &err), CCS_OK, "%s", err.message);
    ccs_http_response_free(&resp);
    cr_assert_eq(atomic_load(&connections_), 2);
    ccs_http_client_free(d);
    ccs_http_client_free(c);
}

Test(http, slow_server_times_out)
{
    ccs_http_client *c = client_with(300, 0);
    ccs_http_request req = {.method = "GET", .path = "/slow"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_ETIMEOUT, "got %d: %s", err.code,
                 err.message);
    cr_assert_not_null(strstr(err.message, "/slow"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "timed out"), "%s", err.message);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, refused_connection_is_enet)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    char url[64];
    ccs_http_options o = {url, 2000, 5000, 0};
    ccs_http_client *c = NULL;
    ccs_http_request req = {.method = "GET", .path = "/v1/x", .auth = CCS_AUTH_BASIC,
                            .api_key = API_KEY};
    ccs_http_response resp;
    ccs_error err;

    /* a port that was just free and has no listener */
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    snprintf(url, sizeof url, "http://127.0.0.1:%u", ntohs(sa.sin_port));
    cr_assert_eq(ccs_http_client_new(&o, &c, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_ENET, "got %d: %s", err.code,
                 err.message);
    cr_assert_not_null(strstr(err.message, url), "%s", err.message);
    cr_assert_null(strstr(err.message, "SecretValue"));
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

static long max_rss_kib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

Test(http, huge_body_is_capped_with_bounded_memory)
{
    size_t cap = 64 * 1024;
    ccs_http_client *c = client_with(0, cap);
    /* 1 GiB declared; and a second one without Content-Length (chunked) */
    ccs_http_request sized = {.method = "GET", .path = "/big?n=1073741824"};
    ccs_http_request chunked = {.method = "GET", .path = "/big"};
    ccs_http_response resp;
    ccs_error err;
    long before = max_rss_kib();
    size_t i;

    cr_assert_eq(ccs_http_send(c, &sized, &resp, &err), CCS_ELIMIT, "got %d: %s", err.code,
                 err.message);
    cr_assert_eq(resp.truncated, 1);
    cr_assert_eq(resp.status, 200);
    cr_assert_eq(resp.body_len, cap);
    cr_assert_eq(resp.body[cap], '\0');
    for (i = 0; i < cap; i++)
        cr_assert_eq(resp.body[i], 'x');
    cr_assert_not_null(strstr(err.message, "/big"));
    ccs_http_response_free(&resp);

    cr_assert_eq(ccs_http_send(c, &chunked, &resp, &err), CCS_ELIMIT, "%s", err.message);
    cr_assert_eq(resp.truncated, 1);
    cr_assert_eq(resp.body_len, cap);
    ccs_http_response_free(&resp);
    /* the server is in-process, so this bounds both sides: far below 1 GiB */
    cr_assert_lt(max_rss_kib() - before, 256 * 1024, "RSS grew by %ld KiB",
                 max_rss_kib() - before);

    /* the client still works after an aborted transfer */
    sized.path = "/big?n=1000";
    cr_assert_eq(ccs_http_send(c, &sized, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(resp.body_len, 1000);
    cr_assert_eq(resp.truncated, 0);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, body_exactly_at_cap_is_complete)
{
    ccs_http_client *c = client_with(0, 1000);
    ccs_http_request req = {.method = "GET", .path = "/big?n=1000"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(resp.body_len, 1000);
    cr_assert_eq(resp.truncated, 0);
    ccs_http_response_free(&resp);
    req.path = "/big?n=1001";
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_ELIMIT, "%s", err.message);
    cr_assert_eq(resp.body_len, 1000);
    cr_assert_eq(resp.truncated, 1);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, redirect_is_returned_not_followed)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request req = {.method = "GET", .path = "/redirect"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(resp.status, 302);
    cr_assert_str_eq(ccs_http_response_header(&resp, "location"), "http://127.0.0.1:1/elsewhere");
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, header_lookup_is_case_insensitive)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request req = {.method = "GET", .path = "/headers"};
    ccs_http_response resp;
    ccs_error err;
    size_t i;
    int seen = 0;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_str_eq(ccs_http_response_header(&resp, "x-mixed-case-thing"), "value-1");
    cr_assert_str_eq(ccs_http_response_header(&resp, "X-MIXED-CASE-THING"), "value-1");
    cr_assert_str_eq(ccs_http_response_header(&resp, "request-id"), "req_123");
    cr_assert_null(ccs_http_response_header(&resp, "X-Absent"));
    cr_assert_null(ccs_http_response_header(&resp, "HTTP/1.1 200 OK"));
    /* names keep their wire spelling; no status line among headers */
    for (i = 0; i < resp.header_count; i++) {
        if (!strcmp(resp.headers[i].name, "X-Mixed-Case-Thing"))
            seen = 1;
        cr_assert_neq(strncmp(resp.headers[i].name, "HTTP/", 5), 0);
    }
    cr_assert(seen);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http, compressed_body_is_not_decoded)
{
    ccs_http_client *c = client_with(0, 0);
    ccs_http_request req = {.method = "GET", .path = "/gzip"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_str_eq(ccs_http_response_header(&resp, "Content-Encoding"), "gzip");
    cr_assert_eq(resp.body_len, 19);
    cr_assert_eq(memcmp(resp.body, "\x1f\x8b\x08\x00not-really-gzip", 19), 0);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(http_client, rejects_bad_options)
{
    ccs_http_options o = {"ftp://127.0.0.1/", 0, 0, 0};
    ccs_http_client *c = (ccs_http_client *)1;
    ccs_error err;

    cr_assert_eq(ccs_http_client_new(&o, &c, &err), CCS_EINVAL);
    cr_assert_null(c);
    cr_assert_not_null(strstr(err.message, "http://"));
    o.base_url = NULL;
    cr_assert_eq(ccs_http_client_new(&o, &c, &err), CCS_EINVAL);
}

Test(http_client, userinfo_in_base_url_never_in_messages)
{
    ccs_http_options o = {"http://user:hunter2@127.0.0.1:1", 500, 500, 0};
    ccs_http_client *c = NULL;
    ccs_http_request req = {.method = "GET", .path = "/x"};
    ccs_http_response resp;
    ccs_error err;

    cr_assert_eq(ccs_http_client_new(&o, &c, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_ENET, "%s", err.message);
    cr_assert_null(strstr(err.message, "hunter2"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "127.0.0.1:1/x"), "%s", err.message);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}

Test(redact, keeps_prefix_and_last_four)
{
    char buf[64];

    cr_assert_str_eq(ccs_redact_key(API_KEY, buf, sizeof buf), "sk_test_\xe2\x80\xa6p7dc");
    cr_assert_str_eq(ccs_redact_key("sk_live_0123456789abcdef", buf, sizeof buf),
                     "sk_live_\xe2\x80\xa6" "cdef");
    cr_assert_str_eq(ccs_redact_key("some-other-long-secret", buf, sizeof buf),
                     "\xe2\x80\xa6" "cret");
    cr_assert_str_eq(ccs_redact_key("sk_test_short", buf, sizeof buf), "[redacted]");
    cr_assert_str_eq(ccs_redact_key("tiny", buf, sizeof buf), "[redacted]");
    cr_assert_str_eq(ccs_redact_key("", buf, sizeof buf), "[redacted]");
    cr_assert_str_eq(ccs_redact_key(NULL, buf, sizeof buf), "[redacted]");
    /* tiny buffer: truncated but terminated */
    cr_assert_eq(strlen(ccs_redact_key(API_KEY, buf, 5)), 4);
}

Test(curl_command, basic_is_redacted_and_quoted)
{
    const char *extra[] = {"X-Note: it's", NULL};
    ccs_http_request req = {.method = "POST", .path = "/v1/checkout/sessions",
                            .body = "metadata[k]=a'b&mode=payment", .body_len = 28,
                            .auth = CCS_AUTH_BASIC, .api_key = API_KEY,
                            .idempotency_key = "idem-1", .stripe_version = "2024-06-20",
                            .headers = extra};
    char *cmd = ccs_http_curl_command("http://127.0.0.1:12111", &req);

    cr_assert_not_null(cmd);
    cr_assert_null(strstr(cmd, "SecretValue"), "%s", cmd);
    cr_assert_null(strstr(cmd, API_KEY));
    cr_assert_not_null(strstr(cmd, "-u 'sk_test_\xe2\x80\xa6p7dc:'"), "%s", cmd);
    cr_assert_not_null(strstr(cmd, "-X 'POST' 'http://127.0.0.1:12111/v1/checkout/sessions'"),
                       "%s", cmd);
    cr_assert_not_null(strstr(cmd, "-H 'Idempotency-Key: idem-1'"));
    cr_assert_not_null(strstr(cmd, "-H 'Stripe-Version: 2024-06-20'"));
    cr_assert_not_null(strstr(cmd, "-H 'X-Note: it'\\''s'"), "%s", cmd);
    cr_assert_not_null(strstr(cmd, "-H 'Content-Type: application/x-www-form-urlencoded'"));
    cr_assert_not_null(strstr(cmd, "--data-binary 'metadata[k]=a'\\''b&mode=payment'"), "%s",
                       cmd);
    free(cmd);
}

Test(curl_command, bearer_raw_and_key_elsewhere_are_redacted)
{
    const char *extra[] = {"Authorization: Bearer " API_KEY, NULL};
    ccs_http_request req = {.method = "GET", .path = "/v1/x?key=" API_KEY,
                            .auth = CCS_AUTH_BEARER, .api_key = API_KEY};
    char *cmd = ccs_http_curl_command("http://h", &req);

    cr_assert_not_null(cmd);
    cr_assert_not_null(strstr(cmd, "-H 'Authorization: Bearer sk_test_\xe2\x80\xa6p7dc'"), "%s",
                       cmd);
    cr_assert_null(strstr(cmd, "SecretValue"), "%s", cmd);
    cr_assert_null(strstr(cmd, "--data-binary"));
    free(cmd);

    req.auth = CCS_AUTH_RAW;
    req.raw_authorization = "Bearer sk_test_OtherSecretNotTheApiKey1234";
    req.path = "/v1/x";
    cmd = ccs_http_curl_command("http://h", &req);
    cr_assert_null(strstr(cmd, "OtherSecret"), "%s", cmd);
    cr_assert_not_null(strstr(cmd, "Authorization: Bearer sk_test_\xe2\x80\xa6" "1234"), "%s",
                       cmd);
    free(cmd);

    /* an extra Authorization header with a foreign secret is redacted too */
    req.auth = CCS_AUTH_NONE;
    req.api_key = NULL;
    req.headers = extra;
    cmd = ccs_http_curl_command("http://h", &req);
    cr_assert_null(strstr(cmd, "SecretValue"), "%s", cmd);
    free(cmd);
}

Test(curl_command, body_with_nul_goes_through_printf)
{
    ccs_http_request req = {.method = "POST", .path = "/p", .body = "a=\0%\\", .body_len = 5};
    char *cmd = ccs_http_curl_command("http://h", &req);

    cr_assert_not_null(cmd);
    cr_assert_eq(strncmp(cmd, "printf 'a=\\000%%\\\\' | curl ", 27), 0, "%s", cmd);
    cr_assert_not_null(strstr(cmd, "--data-binary @-"));
    free(cmd);
}

Test(http, interim_100_continue_is_not_the_response)
{
    ccs_http_client *c = client_with(0, 0);
    /* asking for 100-continue explicitly makes the server send an interim
     * "HTTP/1.1 100 Continue" before the final response */
    const char *extra[] = {"Expect: 100-continue", NULL};
    ccs_http_request req = {.method = "POST", .path = "/h", .body = "a=1", .body_len = 3,
                            .headers = extra};
    ccs_http_response resp;
    ccs_error err;
    size_t i;

    cr_assert_eq(ccs_http_send(c, &req, &resp, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(resp.status, 200);
    cr_assert_not_null(strstr(resp.body, "H:Expect: 100-continue\n"));
    cr_assert_not_null(strstr(resp.body, "body=a=1"));
    cr_assert_not_null(ccs_http_response_header(&resp, "Content-Length"));
    for (i = 0; i < resp.header_count; i++)
        cr_assert_neq(strncmp(resp.headers[i].name, "HTTP/", 5), 0);
    ccs_http_response_free(&resp);
    ccs_http_client_free(c);
}
