/* The in-process request handler: request id and headers, auth, routing,
 * decoding, idempotency and the transaction around each operation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ccs/form.h"
#include "ccs/paths.h"
#include "ccs/params.h"
#include "internal.h"

#define PREFIX "/v1/checkout/sessions"

enum route { R_NONE, R_COLLECTION, R_SESSION, R_LINE_ITEMS, R_EXPIRE };

/* The sandbox realism switches (handler.h); the writer starts last, once
 * everything it writes through is open. */
static int sandbox_open(ccs_server *srv, const ccs_server_config *cfg, ccs_error *err)
{
    if (!cfg)
        return CCS_OK;
    srv->seed = cfg->seed ? (uint64_t)cfg->seed : 0x5eedULL;
    srv->prefill = cfg->prefill > 0 ? cfg->prefill : 0;
    if (latency_open(srv, cfg->latency_ms, cfg->latency_jitter_ms) || random429_open(srv, cfg->random_429) ||
        ((srv->prefill || cfg->background_writes > 0) && accounts_open(srv)))
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    if (writer_start(srv, cfg->background_writes))
        return ccs_error_set(err, CCS_ENOMEM, -1, "cannot start the background writer");
    return CCS_OK;
}

int ccs_server_open(const ccs_server_config *cfg, ccs_server **out, ccs_error *err)
{
    ccs_server *srv = calloc(1, sizeof *srv);
    const char *bad = NULL;
    size_t bad_len = 0;
    const char *golden = cfg && cfg->golden_dir ? cfg->golden_dir : ccs_paths_golden();
    int rc = CCS_ENOMEM;

    *out = NULL;
    if (!srv)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    pthread_mutex_init(&srv->mu, NULL);
    if (faults_parse(cfg ? cfg->fault : NULL, &srv->faults, &bad, &bad_len) < 0) {
        rc = ccs_error_set(err, CCS_EUSAGE, -1, "unknown fault '%.*s' (see --fault list)", (int)bad_len, bad);
        goto fail;
    }
    if ((rc = versions_open(srv, golden, cfg ? cfg->api_version : NULL, err)) != CCS_OK)
        goto fail;
    if (validate_compile(srv)) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto fail;
    }
    if ((rc = catalog_load(srv, golden, err)) != CCS_OK)
        goto fail;
    if ((rc = store_open(srv, cfg ? cfg->db_path : NULL, err)) != CCS_OK)
        goto fail;
    if (ratelimit_open(srv, cfg ? cfg->rate_limit : 0)) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto fail;
    }
    if ((rc = sandbox_open(srv, cfg, err)) != CCS_OK)
        goto fail;
    *out = srv;
    return CCS_OK;
fail:
    ccs_server_close(srv);
    return rc;
}

void ccs_server_close(ccs_server *srv)
{
    if (!srv)
        return;
    writer_stop(srv); /* first: it writes to the store */
    accounts_close(srv);
    random429_close(srv);
    latency_close(srv);
    ratelimit_close(srv);
    store_close(srv);
    validate_free(srv);
    versions_close(srv);
    cJSON_Delete(srv->catalog);
    pthread_mutex_destroy(&srv->mu);
    free(srv);
}

void ccs_server_response_free(ccs_server_response *resp)
{
    if (!resp)
        return;
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
}

/* Splits the path; *id points into buf. */
static enum route route(const char *path, char *buf, size_t cap, const char **id)
{
    size_t n = strlen(PREFIX);
    char *slash;

    *id = NULL;
    if (!path || strncmp(path, PREFIX, n))
        return R_NONE;
    path += n;
    if (!*path)
        return R_COLLECTION;
    if (*path != '/' || !path[1] || strlen(path) >= cap)
        return R_NONE;
    snprintf(buf, cap, "%s", path + 1);
    *id = buf;
    if (!(slash = strchr(buf, '/')))
        return R_SESSION;
    *slash = '\0';
    if (!buf[0])
        return R_NONE;
    if (!strcmp(slash + 1, "line_items"))
        return R_LINE_ITEMS;
    if (!strcmp(slash + 1, "expire"))
        return R_EXPIRE;
    return R_NONE;
}

static int allowed(enum route r, const char *method, const char **allow)
{
    switch (r) {
    case R_COLLECTION:
    case R_SESSION:
        *allow = "GET, POST";
        return !strcmp(method, "GET") || !strcmp(method, "POST");
    case R_LINE_ITEMS:
        *allow = "GET";
        return !strcmp(method, "GET");
    case R_EXPIRE:
        *allow = "POST";
        return !strcmp(method, "POST");
    default:
        *allow = "";
        return 0;
    }
}

static void fingerprint(const ccs_server_request *req, char out[33])
{
    uint64_t a = ids_hash(req->method, strlen(req->method), 1), b = ids_hash(req->method, strlen(req->method), 2);

    a = ids_hash(req->path, strlen(req->path), a);
    b = ids_hash(req->path, strlen(req->path), b);
    a = ids_hash(req->body ? req->body : "", req->body ? req->body_len : 0, a);
    b = ids_hash(req->body ? req->body : "", req->body ? req->body_len : 0, b);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

static const cJSON *schema_for(const srv_version *v, enum route r, int post)
{
    switch (r) {
    case R_COLLECTION:
        return v->p[post ? SRV_OP_CREATE : SRV_OP_LIST];
    case R_SESSION:
        return v->p[post ? SRV_OP_UPDATE : SRV_OP_RETRIEVE];
    case R_LINE_ITEMS:
        return v->p[SRV_OP_LINE_ITEMS];
    case R_EXPIRE:
        return v->p[SRV_OP_EXPIRE];
    default:
        return NULL;
    }
}

/* Decodes query or body; replies itself on failure and returns NULL. */
static cJSON *decode(req_ctx *c, enum route r, int post)
{
    const ccs_server_request *req = c->req;
    const char *src = post ? req->body : req->query;
    size_t len = post ? req->body_len : (req->query ? strlen(req->query) : 0);
    ccs_error err;
    cJSON *out = NULL;
    srv_err e;

    ccs_error_clear(&err);
    if (post && len > 0 && req->content_type && req->content_type[0] &&
        strncasecmp(req->content_type, "application/x-www-form-urlencoded", 33)) {
        err_set(&e, 400, "invalid_request_error", "", "",
                "Invalid request: unsupported Content-Type %.60s. Send application/x-www-form-urlencoded.",
                req->content_type);
        reply_error(c, &e);
        return NULL;
    }
    if (!src || !len)
        return cJSON_CreateObject();
    if (ccs_form_decode(src, len, schema_for(c->ver, r, post), NULL, &out, &err) != CCS_OK) {
        if (err.code == CCS_ELIMIT && len > SRV_MAX_BODY)
            err_set(&e, 413, "invalid_request_error", "", "", "Request body too large: %s", err.message);
        else
            err_set(&e, 400, "invalid_request_error", "", err.pointer,
                    "Invalid request: could not parse the %s: %s%s%.0ld", post ? "body" : "query string",
                    err.message, err.offset >= 0 ? " at byte " : "", err.offset >= 0 ? err.offset : 0L);
        reply_error(c, &e);
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

static void dispatch(req_ctx *c, enum route r, const char *id, cJSON *params)
{
    int post = !strcmp(c->req->method, "POST");

    switch (r) {
    case R_COLLECTION:
        if (post)
            op_create(c, params);
        else
            op_list(c, params);
        break;
    case R_SESSION:
        if (post)
            op_update(c, id, params);
        else
            op_retrieve(c, id, params);
        break;
    case R_LINE_ITEMS:
        op_line_items(c, id, params);
        break;
    case R_EXPIRE:
        op_expire(c, id, params);
        break;
    default:
        break;
    }
}

/* Sessions past expires_at read as expired: sweep them at most once a second
 * (a cheap index probe), under the lock, before the request sees the store. */
static int sweep(req_ctx *c)
{
    ccs_server *srv = c->srv;

    if (srv->swept_at == c->now)
        return 0;
    if (store_expire_due(srv, c->now, FAULT(srv, F_EXPIRE_KEEPS_URL)))
        return -1;
    srv->swept_at = c->now;
    return 0;
}

/* POST: one transaction for the operation and its idempotency record. A
 * create is prepared first, outside the lock (it reads no stored state), so
 * concurrent creates only serialise on the store write; its reply is kept
 * only if the idempotency check under the lock does not answer instead. */
static void run_post(req_ctx *c, enum route r, const char *id)
{
    const char *key = c->req->idempotency_key;
    char fp[33] = "", stored_fp[33];
    int use_key = key && *key && !FAULT(c->srv, F_IDEMPOTENCY_IGNORED);
    int create = r == R_COLLECTION, prepared = 0;
    cJSON *params = NULL;
    create_prep prep;
    srv_err e;

    memset(&prep, 0, sizeof prep);
    if (use_key && strlen(key) > 255) {
        err_set(&e, 400, "invalid_request_error", "", "",
                "Idempotency-Key must be at most 255 characters long (got %zu).", strlen(key));
        reply_error(c, &e);
        return;
    }
    if (use_key)
        fingerprint(c->req, fp); /* only a keyed request is compared with a stored one */
    if (create && (params = decode(c, r, 1)))
        prepared = !create_prepare(c, params, &prep);
    pthread_mutex_lock(&c->srv->mu);
    if (store_begin(c->srv)) {
        pthread_mutex_unlock(&c->srv->mu);
        err_set(&e, 500, "api_error", "", "", "The server could not start a transaction.");
        reply_error(c, &e);
        goto done;
    }
    if (sweep(c))
        goto fail;
    if (use_key) {
        int status = 0;
        char *body = NULL;
        int rc = store_idem_get(c->srv, c->account, key, c->now, stored_fp, &status, &body);

        if (rc == 1 && (!strcmp(stored_fp, fp) || FAULT(c->srv, F_IDEMPOTENCY_MISMATCH_OK))) {
            reply_text(c, status, body);
            if (!FAULT(c->srv, F_NO_REPLAYED_HEADER))
                resp_header(c->resp, "Idempotent-Replayed", "true");
            free(body);
            goto commit;
        }
        free(body);
        if (rc == 1) {
            err_set(&e, 400, "idempotency_error", "idempotency_key_in_use", "",
                    "Keys for idempotent requests can only be used with the same parameters they were first "
                    "used with. Try using a key other than '%.100s' if you meant to execute a different request.",
                    key);
            reply_error(c, &e);
            goto commit;
        }
        if (rc < 0)
            goto fail;
    }
    if (create) {
        if (prepared)
            create_store(c, &prep);
    } else if ((params = decode(c, r, 1))) {
        dispatch(c, r, id, params);
    }
    if (c->resp->status >= 500)
        goto fail;
    if (use_key && c->resp->status >= 200 && c->resp->status < 300 &&
        store_idem_put(c->srv, c->account, key, fp, c->resp->status, c->resp->body, c->now))
        goto fail;
commit:
    if (store_commit(c->srv))
        goto fail;
    pthread_mutex_unlock(&c->srv->mu);
    goto done;
fail:
    store_rollback(c->srv);
    c->srv->swept_at = 0; /* the sweep, if any, was rolled back too */
    pthread_mutex_unlock(&c->srv->mu);
    if (c->resp->status < 500 || FAULT(c->srv, F_MISSING_PARAM_500)) {
        if (c->resp->status >= 500)
            goto done; /* the fault's own 500 */
        err_set(&e, 500, "api_error", "", "", "The server could not complete the request; nothing was changed.");
        reply_error(c, &e);
    }
done:
    create_prep_free(&prep);
    cJSON_Delete(params);
}

int ccs_server_handle(ccs_server *srv, const ccs_server_request *req, ccs_server_response *resp)
{
    req_ctx c;
    srv_err e;
    enum route r;
    char buf[512];
    const char *id = NULL, *allow;
    const char *ver = req->stripe_version;

    memset(resp, 0, sizeof *resp);
    memset(&c, 0, sizeof c);
    c.srv = srv;
    c.req = req;
    c.resp = resp;
    c.now = (long long)time(NULL) + srv->clock_offset;
    if (!FAULT(srv, F_NO_REQUEST_ID))
        ids_make(resp->request_id, sizeof resp->request_id, "req_", 14);
    resp_header(resp, "Content-Type",
                FAULT(srv, F_WRONG_CONTENT_TYPE) ? "text/html; charset=utf-8" : "application/json");
    c.ver = ver ? versions_find(srv, ver) : srv->account_default;
    resp_header(resp, "Stripe-Version", c.ver ? c.ver->name : srv->account_default->name);
    if (FAULT(srv, F_VERSION_IGNORED) && c.ver)
        c.ver = srv->native; /* the header says V, the body is the server's own */
    if (!c.ver) {
        err_set(&e, 400, "invalid_request_error", "", "",
                "Invalid Stripe API version: %.100s", ver); /* Stripe's own wording */
        reply_error(&c, &e);
        return CCS_OK;
    }
    if (!req->method || !req->path) {
        err_set(&e, 400, "invalid_request_error", "", "", "Invalid request: no method or path.");
        reply_error(&c, &e);
        return CCS_OK;
    }
    if (auth_check(&c, &e)) {
        reply_error(&c, &e);
        return CCS_OK;
    }
    if (accounts_seen(srv, c.account, c.now)) {
        err_set(&e, 500, "api_error", "", "", "The server could not prepare the account's sessions.");
        reply_error(&c, &e);
        return CCS_EIO;
    }
    /* --random-429 answers as --rate-limit does: Stripe's 429 for lock
     * contention looks the same to a client */
    if (!ratelimit_take(srv, c.account) || random429_hit(srv)) {
        /* Stripe's answer over its rate limit: 429 (since API version
         * 2015-09-08, see docs.stripe.com/changelog/2015-09-08), type
         * invalid_request_error, code rate_limit (docs.stripe.com/error-codes),
         * and this message, as api.stripe.com words it in recorded responses. */
        err_set(&e, 429, "invalid_request_error", "rate_limit", "",
                "Request rate limit exceeded. You can learn more about rate limits here "
                "https://stripe.com/docs/rate-limits.");
        reply_error(&c, &e);
        return CCS_OK;
    }
    r = route(req->path, buf, sizeof buf, &id);
    /* An operation this version does not have is an unknown URL, as it was then. */
    if (r != R_NONE && allowed(r, req->method, &allow) && !schema_for(c.ver, r, !strcmp(req->method, "POST")))
        r = R_NONE;
    if (r == R_NONE) {
        err_set(&e, 404, "invalid_request_error", "", "",
                "Unrecognized request URL (%.10s: %.200s). Please see https://stripe.com/docs or we can help at "
                "https://support.stripe.com/.", req->method, req->path);
        reply_error(&c, &e);
        return CCS_OK;
    }
    if (!allowed(r, req->method, &allow)) {
        err_set(&e, 405, "invalid_request_error", "", "",
                "Unrecognized request URL (%.10s: %.200s). This path accepts %s.", req->method, req->path, allow);
        resp_header(resp, "Allow", allow);
        reply_error(&c, &e);
        return CCS_OK;
    }
    if (!strcmp(req->method, "POST")) {
        if (req->body_len > SRV_MAX_BODY) {
            err_set(&e, 413, "invalid_request_error", "", "", "Request body too large: at most %d bytes.",
                    SRV_MAX_BODY);
            reply_error(&c, &e);
            return CCS_OK;
        }
        run_post(&c, r, id);
    } else {
        cJSON *params = decode(&c, r, 0);

        if (params) {
            pthread_mutex_lock(&srv->mu);
            sweep(&c); /* on failure reads go on; the next request retries */
            dispatch(&c, r, id, params);
            pthread_mutex_unlock(&srv->mu);
            cJSON_Delete(params);
        }
    }
    if (versions_project(srv, c.ver, resp)) {
        err_set(&e, 500, "api_error", "", "", "Out of memory while rendering the response.");
        reply_error(&c, &e);
    }
    return resp->status >= 500 ? CCS_EIO : CCS_OK;
}
