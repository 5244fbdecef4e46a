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
 * Sequences: requests joined by SEQ_SEP ("\n--next--\n"), up to SEQ_MAX,
 * run in order against the same server, so a session can be created and
 * then updated, retrieved, listed and expired.
 * "{s}" in the path, query or body stands for a session created at start-up,
 * "{n}" for the newest session this input created (the start-up one until
 * then). The structure-aware mutator is in server_mutate.c.
 * Properties: every request gets a status in 200..499 with a JSON object
 * body (errors as {"error": {"type": ...}}), sane headers and a request id;
 * every 2xx body passes the contract checker (no MUST violation) of the
 * version it was rendered in; a retrieve right after a successful update
 * shows what the update answered. A 5xx or a malformed answer aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "ccs/contract.h"
#include "ccs/versions.h"
#include "handler.h"
#include "fuzz_common.h"
#include "server_mutate.h"

/* Bound the in-memory store: start afresh after this many requests. */
#define RESET_EVERY 20000

static ccs_server *srv;
static char session_id[128] = "cs_test_missing";
static char newest_id[128]; /* "{n}": the newest session this input created */
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

static void free_versions(void);

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
    atexit(free_versions);
    return 0;
}

/* A copy of p[0..n) with every "{s}" replaced by the fixture session id
 * and every "{n}" by the newest session of this input; NUL-terminated, its
 * length in *len. */
static char *subst(const uint8_t *p, size_t n, size_t *len)
{
    const char *ids[2] = {session_id, newest_id[0] ? newest_id : session_id};
    size_t cap = n + 1, o = 0, i;
    char *out;

    for (i = 0; i + 3 <= n; i++)
        if (p[i] == '{' && (p[i + 1] == 's' || p[i + 1] == 'n') && p[i + 2] == '}')
            cap += sizeof session_id;
    if (!(out = malloc(cap)))
        return NULL;
    for (i = 0; i < n; i++) {
        if (i + 3 <= n && p[i] == '{' && (p[i + 1] == 's' || p[i + 1] == 'n') && p[i + 2] == '}') {
            const char *id = ids[p[i + 1] == 'n'];

            memcpy(out + o, id, strlen(id));
            o += strlen(id);
            i += 2;
        } else {
            out[o++] = (char)p[i];
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

/* A header, path or query value: NUL bytes become '_', ids substituted. */
static char *field(const uint8_t *p, size_t n)
{
    char *raw = fuzz_strndup_clean(p, n, '_'), *out;
    size_t len;

    if (!raw)
        return NULL;
    out = subst((const uint8_t *)raw, n, &len);
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

/* The common oracle; returns the parsed body (the caller frees it). */
static cJSON *check_response(const ccs_server_request *req, const ccs_server_response *resp, int rc)
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
    return body;
}

/* The contracts of each API version the server answered in, loaded once. */
#define MAX_VERSIONS 32
static struct {
    char name[64];
    ccs_contracts *set;
} versions[MAX_VERSIONS];

static void free_versions(void)
{
    size_t i;

    for (i = 0; i < MAX_VERSIONS && versions[i].name[0]; i++)
        ccs_contract_free(versions[i].set);
}

static const ccs_contracts *contracts_of(const char *version)
{
    char dir[4096];
    size_t i;
    ccs_error err;

    for (i = 0; i < MAX_VERSIONS && versions[i].name[0]; i++)
        if (!strcmp(versions[i].name, version))
            return versions[i].set;
    if (i == MAX_VERSIONS || strlen(version) >= sizeof versions[i].name || strchr(version, '/'))
        return NULL;
    snprintf(versions[i].name, sizeof versions[i].name, "%s", version);
    snprintf(dir, sizeof dir, "%s/contract/%s", fuzz_golden_dir(), version);
    ccs_error_clear(&err);
    if (ccs_contract_load_dir(dir, &versions[i].set, &err) != CCS_OK)
        versions[i].set = NULL; /* not a version golden/ knows: nothing to check against */
    return versions[i].set;
}

/* A 2xx body is what the contract of its version allows: no MUST violation.
 * Enum values are judged only in the newest version: the store keeps every
 * session the process made, under any version, and an older version's
 * answer shows values of newer ones it never listed (submit_type
 * "subscribe"), which is how Stripe answers old versions too. */
static void check_contract(const ccs_server_response *resp, const cJSON *body)
{
    static char latest[64];
    const ccs_contracts *set = NULL;
    int newest = 0;
    const char *name = ccs_contract_guess(body);
    ccs_violations v = {0};
    ccs_error err;
    size_t i;
    int k;

    if (!latest[0]) {
        ccs_error_clear(&err);
        if (ccs_versions_resolve(fuzz_golden_dir(), "latest", latest, sizeof latest, &err) != CCS_OK)
            snprintf(latest, sizeof latest, "?");
    }
    for (k = 0; k < resp->header_count; k++)
        if (!strcasecmp(resp->headers[k][0], "Stripe-Version")) {
            set = contracts_of(resp->headers[k][1]);
            newest = !strcmp(resp->headers[k][1], latest);
        }
    if (!set || !name || !ccs_contract_get(set, name))
        return;
    ccs_error_clear(&err);
    FUZZ_CHECK(ccs_contract_check(set, name, body, "", &v, &err) == CCS_OK, "contract check failed: %s",
               err.message);
    for (i = 0; i < v.count; i++)
        FUZZ_CHECK(v.items[i].level != CCS_LEVEL_MUST || (v.items[i].rule == CCS_RULE_ENUM && !newest),
                   "%s body breaks its contract at %s: expected %s, got %s",
                   name, v.items[i].pointer, v.items[i].expected, v.items[i].actual);
    ccs_violations_free(&v);
}

/* The session id of "/v1/checkout/sessions/<id>" (no further '/'), or NULL. */
static const char *session_path_id(const char *path)
{
    static const char prefix[] = "/v1/checkout/sessions/";

    if (strncmp(path, prefix, sizeof prefix - 1) || !path[sizeof prefix - 1] ||
        strchr(path + sizeof prefix - 1, '/'))
        return NULL;
    return path + sizeof prefix - 1;
}

/* After a successful update, a retrieve of the same session (same key and
 * version) answers 200 with the same members, line_items aside (the update
 * may have expanded them). */
static void check_retrieve_after_update(const ccs_server_request *upd, const cJSON *updated)
{
    ccs_server_request req;
    ccs_server_response resp;
    cJSON *body;
    const cJSON *m;
    int rc;

    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    req.method = "GET";
    req.path = upd->path;
    req.authorization = upd->authorization;
    req.stripe_version = upd->stripe_version;
    rc = ccs_server_handle(srv, &req, &resp);
    body = check_response(&req, &resp, rc);
    FUZZ_CHECK(resp.status == 200, "retrieve after a successful update answered %d: %.300s", resp.status,
               resp.body);
    cJSON_ArrayForEach(m, updated) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(body, m->string);

        if (!strcmp(m->string, "line_items"))
            continue;
        FUZZ_CHECK(r && cJSON_Compare(m, r, 1), "retrieve after update shows another %s: update %.300s",
                   m->string, resp.body);
    }
    cJSON_Delete(body);
    ccs_server_response_free(&resp);
}

/* The request fields the input names, owned here. */
typedef struct fields {
    char *method, *path, *query, *auth, *ctype, *idem, *version, *body;
    size_t body_len;
} fields;

static void fields_free(fields *f)
{
    free(f->method);
    free(f->path);
    free(f->query);
    free(f->auth);
    free(f->ctype);
    free(f->idem);
    free(f->version);
    free(f->body);
}

/* One request of the input (see the layout at the top), then the oracles. */
static void run_request(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"};
    fuzz_reader r = {data, size};
    uint8_t m = fuzz_take_u8(&r) & 7, flags = fuzz_take_u8(&r);
    fields f = {0};
    ccs_server_request req;
    ccs_server_response resp;
    cJSON *body = NULL;
    const char *id;
    int rc;

    memset(&req, 0, sizeof req);
    memset(&resp, 0, sizeof resp);
    if (m == 7)
        f.method = take_field(&r);
    f.path = take_field(&r);
    if (flags & 0x40)
        f.query = take_field(&r);
    if ((flags & 3) == 3)
        f.auth = take_header(&r);
    if (!(flags & 4) && (flags & 8))
        f.ctype = take_header(&r);
    if (flags & 0x10)
        f.idem = take_header(&r);
    if (flags & 0x20)
        f.version = take_header(&r);
    f.body = subst(r.p, r.n, &f.body_len);
    if (!f.body || (m == 7 && !f.method) || !f.path)
        goto done;

    req.method = m == 7 ? f.method : methods[m];
    req.path = f.path;
    req.query = f.query;
    req.authorization = (flags & 3) == 0 ? good_basic : (flags & 3) == 1 ? good_bearer
                        : (flags & 3) == 2 ? NULL : f.auth;
    req.content_type = (flags & 4) ? form_type : f.ctype;
    req.idempotency_key = f.idem;
    req.stripe_version = f.version;
    req.body = f.body;
    req.body_len = f.body_len;
    rc = ccs_server_handle(srv, &req, &resp);
    body = check_response(&req, &resp, rc);
    if (resp.status < 200 || resp.status > 299)
        goto done;
    check_contract(&resp, body);
    if (strcmp(req.method, "POST"))
        goto done;
    if (!strcmp(req.path, "/v1/checkout/sessions")) {
        const cJSON *sid = cJSON_GetObjectItemCaseSensitive(body, "id");

        if (cJSON_IsString(sid) && strlen(sid->valuestring) < sizeof newest_id)
            snprintf(newest_id, sizeof newest_id, "%s", sid->valuestring);
    } else if ((id = session_path_id(req.path)) != NULL && !req.idempotency_key) {
        /* (an idempotent replay answers what the first update did, which a
         * later one may have changed) */
        check_retrieve_after_update(&req, body);
    }
done:
    cJSON_Delete(body);
    ccs_server_response_free(&resp);
    fields_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t k;

    if (++served % RESET_EVERY == 0) {
        close_server();
        open_server();
    }
    newest_id[0] = '\0';
    for (k = 0; k < SEQ_MAX; k++) {
        const uint8_t *sep = fuzz_server_seq_next(data, size);
        size_t n = sep ? (size_t)(sep - data) : size;

        run_request(data, n);
        if (!sep)
            break;
        size -= n + SEQ_SEP_LEN;
        data = sep + SEQ_SEP_LEN;
    }
    return 0;
}
