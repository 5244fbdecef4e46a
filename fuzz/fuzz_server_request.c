/* Harness: the reference server's request handler in process.
 *
 * Input (every byte string is a request):
 *   byte 0  method: GET POST DELETE PUT PATCH HEAD OPTIONS, 7 = raw (lp field)
 *   byte 1  flags: bits 0-1 auth (0 Basic good key, 1 Bearer good key, 2 none,
 *           3 raw lp field); bit 2 form Content-Type; bit 3 raw Content-Type
 *           (lp, when bit 2 is clear); bit 4 Idempotency-Key (lp);
 *           bit 5 Stripe-Version (lp); bit 6 query (lp)
 *   fields  [raw method] path [query] [authorization] [content type]
 *           [idempotency key] [stripe version], each a length byte + bytes
 *   rest    the body (exact-size buffer, NUL bytes allowed)
 * Header values never hold CR or LF (no HTTP parser delivers them).
 * "{s}" in the path or query stands for a session created at start-up.
 * Properties: every request gets a status in 200..499 with a JSON object
 * body (errors as {"error": {"type": ...}}), sane headers and a request id;
 * a 5xx or a malformed answer aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "handler.h"
#include "fuzz_common.h"

/* Bound the in-memory store: start afresh after this many requests. */
#define RESET_EVERY 20000

static ccs_server *srv;
static char session_id[128] = "cs_test_missing";
static unsigned long served;

static const char good_basic[] = "Basic c2tfdGVzdF9mdXp6MDAwMDAwMDAwMDAwMDAwMTo="; /* sk_test_fuzz...0001: */
static const char good_bearer[] = "Bearer sk_test_fuzz0000000000000001";
static const char form_type[] = "application/x-www-form-urlencoded";

static void open_server(void)
{
    static const char fixture[] =
        "mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok"
        "&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1099"
        "&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2"
        "&metadata[order]=42";
    ccs_server_config cfg = {.golden_dir = fuzz_golden_dir()};
    ccs_server_request req;
    ccs_server_response resp;
    ccs_error err;
    cJSON *body;

    ccs_error_clear(&err);
    if (ccs_server_open(&cfg, &srv, &err) != CCS_OK) {
        fprintf(stderr, "fuzz_server_request: cannot open the server: %s\n", err.message);
        abort();
    }
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    req.method = "POST";
    req.path = "/v1/checkout/sessions";
    req.authorization = good_basic;
    req.content_type = form_type;
    req.body = fixture;
    req.body_len = sizeof fixture - 1;
    ccs_server_handle(srv, &req, &resp);
    body = resp.body ? cJSON_ParseWithLength(resp.body, resp.body_len) : NULL;
    if (resp.status == 200 && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "id")))
        snprintf(session_id, sizeof session_id, "%s",
                 cJSON_GetObjectItemCaseSensitive(body, "id")->valuestring);
    else
        fprintf(stderr, "fuzz_server_request: fixture session not created (status %d): %.300s\n",
                resp.status, resp.body ? resp.body : "");
    cJSON_Delete(body);
    ccs_server_response_free(&resp);
}

static void close_server(void)
{
    ccs_server_close(srv);
    srv = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* The store's page cache in one allocation when the database opens
     * (up to 16 MB, capped at the cache size the server sets) instead of a
     * malloc per page as sessions accumulate: a run whose only "extra"
     * allocation is a cache page made libFuzzer suspect a leak, re-run the
     * input and scan the whole heap, and give up leak detection for good
     * after 1000 such runs. Must precede the first sqlite3 call. */
    if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, -16384) != SQLITE_OK)
        fprintf(stderr, "fuzz_server_request: SQLite already initialised; page cache grows per page\n");
    open_server();
    atexit(close_server);
    return 0;
}

/* A NUL-terminated copy with "{s}" replaced by the fixture session id. */
static char *field(const uint8_t *p, size_t n)
{
    char *raw = fuzz_strndup_clean(p, n, '_'), *out, *hit;
    size_t idlen = strlen(session_id);

    if (!raw || !(hit = strstr(raw, "{s}")))
        return raw;
    out = malloc(n + idlen + 1);
    if (out)
        sprintf(out, "%.*s%s%s", (int)(hit - raw), raw, session_id, hit + 3);
    free(raw);
    return out;
}

static char *take_field(fuzz_reader *r)
{
    size_t n;
    const uint8_t *p = fuzz_take_lp(r, 255, &n);

    return field(p, n);
}

/* A header value as an HTTP parser delivers it: no CR or LF inside. */
static char *take_header(fuzz_reader *r)
{
    char *s = take_field(r), *c;

    for (c = s; c && *c; c++)
        if (*c == '\r' || *c == '\n')
            *c = ' ';
    return s;
}

static void check_response(const ccs_server_request *req, const ccs_server_response *resp, int rc)
{
    cJSON *body;
    const cJSON *err_obj;
    int i;

    FUZZ_CHECK(resp->status >= 200 && resp->status <= 499, "status %d (rc %d) for %s %s: %.*s",
               resp->status, rc, req->method, req->path, (int)(resp->body_len > 2000 ? 2000 : resp->body_len),
               resp->body ? resp->body : "");
    FUZZ_CHECK(rc == CCS_OK, "handler returned %d with status %d", rc, resp->status);
    FUZZ_CHECK(resp->body != NULL && resp->body_len > 0, "status %d without a body", resp->status);
    FUZZ_CHECK(strlen(resp->body) == resp->body_len, "body_len %zu but strlen %zu", resp->body_len,
               strlen(resp->body));
    FUZZ_CHECK(resp->header_count >= 0 && resp->header_count <= 8, "header_count %d", resp->header_count);
    for (i = 0; i < resp->header_count; i++)
        FUZZ_CHECK(memchr(resp->headers[i][0], '\0', 128) && memchr(resp->headers[i][1], '\0', 128) &&
                       resp->headers[i][0][0] && !strpbrk(resp->headers[i][1], "\r\n"),
                   "malformed header %d: \"%.128s\": \"%.128s\"", i, resp->headers[i][0],
                   resp->headers[i][1]);
    FUZZ_CHECK(strncmp(resp->request_id, "req_", 4) == 0 &&
                   memchr(resp->request_id, '\0', sizeof resp->request_id),
               "request id %.40s", resp->request_id);
    body = cJSON_ParseWithLength(resp->body, resp->body_len);
    FUZZ_CHECK(cJSON_IsObject(body), "status %d body is not a JSON object: %.*s", resp->status,
               (int)(resp->body_len > 2000 ? 2000 : resp->body_len), resp->body);
    if (resp->status >= 400) {
        err_obj = cJSON_GetObjectItemCaseSensitive(body, "error");
        FUZZ_CHECK(cJSON_IsObject(err_obj) &&
                       cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err_obj, "type")) &&
                       cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err_obj, "message")),
                   "status %d without an error envelope: %s", resp->status, resp->body);
    } else {
        FUZZ_CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "object")),
                   "status %d without \"object\": %.300s", resp->status, resp->body);
    }
    cJSON_Delete(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"};
    fuzz_reader r = {data, size};
    uint8_t m = fuzz_take_u8(&r) & 7, flags = fuzz_take_u8(&r);
    char *method = NULL, *path = NULL, *query = NULL, *auth = NULL, *ctype = NULL, *idem = NULL,
         *version = NULL, *body = NULL;
    ccs_server_request req;
    ccs_server_response resp;
    int rc;

    if (++served % RESET_EVERY == 0) {
        close_server();
        open_server();
    }
    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    if (m == 7)
        method = take_field(&r);
    path = take_field(&r);
    if (flags & 0x40)
        query = take_field(&r);
    if ((flags & 3) == 3)
        auth = take_header(&r);
    if (!(flags & 4) && (flags & 8))
        ctype = take_header(&r);
    if (flags & 0x10)
        idem = take_header(&r);
    if (flags & 0x20)
        version = take_header(&r);
    body = malloc(r.n ? r.n : 1);
    if (!body || (m == 7 && !method) || !path)
        goto done;
    memcpy(body, r.p, r.n);

    req.method = m == 7 ? method : methods[m];
    req.path = path;
    req.query = query;
    req.authorization = (flags & 3) == 0 ? good_basic : (flags & 3) == 1 ? good_bearer
                        : (flags & 3) == 2 ? NULL : auth;
    req.content_type = (flags & 4) ? form_type : ctype;
    req.idempotency_key = idem;
    req.stripe_version = version;
    req.body = body;
    req.body_len = r.n;
    rc = ccs_server_handle(srv, &req, &resp);
    check_response(&req, &resp, rc);
done:
    ccs_server_response_free(&resp);
    free(method);
    free(path);
    free(query);
    free(auth);
    free(ctype);
    free(idem);
    free(version);
    free(body);
    return 0;
}
