/* libmicrohttpd front end: collects the request, calls ccs_server_handle and
 * writes the response with its headers; one log line per request. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http_front.h"
#include "internal.h"

struct ccs_http_front {
    struct MHD_Daemon *daemon;
    ccs_server *srv;
    int quiet;
};

typedef struct conn_state {
    char *body;
    size_t len, cap;
    int too_large;
    struct timespec start;
} conn_state;

typedef struct query_buf {
    char *s;
    size_t len, cap;
    int oom;
} query_buf;

static void qb_append(query_buf *q, const char *s, size_t n)
{
    if (q->oom)
        return;
    if (q->len + n + 1 > q->cap) {
        size_t cap = (q->len + n + 1) * 2;
        char *p = realloc(q->s, cap);

        if (!p) {
            q->oom = 1;
            return;
        }
        q->s = p;
        q->cap = cap;
    }
    memcpy(q->s + q->len, s, n);
    q->len += n;
    q->s[q->len] = '\0';
}

/* Query arguments arrive raw (identity unescape); rebuild the query string. */
static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    query_buf *q = cls;

    (void)kind;
    if (q->len)
        qb_append(q, "&", 1);
    qb_append(q, key, strlen(key));
    if (value) {
        qb_append(q, "=", 1);
        qb_append(q, value, strlen(value));
    }
    return MHD_YES;
}

static size_t identity_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static enum MHD_Result respond(ccs_http_front *f, struct MHD_Connection *conn, const char *method,
                               const char *url, conn_state *st)
{
    ccs_server_request req;
    ccs_server_response resp;
    struct MHD_Response *r;
    query_buf q = {0};
    enum MHD_Result ret;
    int i;

    memset(&req, 0, sizeof req);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, &q);
    req.method = method;
    req.path = url;
    req.query = q.len ? q.s : NULL;
    req.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    req.idempotency_key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Idempotency-Key");
    req.stripe_version = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Stripe-Version");
    req.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    req.body = st->too_large ? NULL : st->body;
    req.body_len = st->len;
    ccs_server_handle(f->srv, &req, &resp);
    free(q.s);
    latency_wait(f->srv); /* --latency: this connection's thread only */
    r = MHD_create_response_from_buffer(resp.body_len, resp.body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        ccs_server_response_free(&resp);
        return MHD_NO;
    }
    resp.body = NULL;
    if (resp.request_id[0])
        MHD_add_response_header(r, "Request-Id", resp.request_id);
    for (i = 0; i < resp.header_count; i++)
        MHD_add_response_header(r, resp.headers[i][0], resp.headers[i][1]);
    ret = MHD_queue_response(conn, (unsigned)resp.status, r);
    MHD_destroy_response(r);
    if (!f->quiet) {
        struct timespec end;
        double ms;

        clock_gettime(CLOCK_MONOTONIC, &end);
        ms = (double)(end.tv_sec - st->start.tv_sec) * 1e3 + (double)(end.tv_nsec - st->start.tv_nsec) / 1e6;
        /* The key shows which requests are retries of one another. */
        fprintf(stderr, "%s %.200s %d %.2fms %s%s%.255s\n", method, url, resp.status, ms,
                resp.request_id[0] ? resp.request_id : "-", req.idempotency_key ? " idempotency-key=" : "",
                req.idempotency_key ? req.idempotency_key : "");
    }
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
    ccs_http_front *f = cls;
    conn_state *st = *con_cls;

    (void)version;
    if (!st) {
        if (!(st = calloc(1, sizeof *st)))
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        *con_cls = st;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;

        if (!st->too_large && st->len + n > SRV_MAX_BODY) {
            st->too_large = 1;
            free(st->body);
            st->body = NULL;
            st->cap = 0;
        }
        if (!st->too_large) {
            if (st->len + n + 1 > st->cap) {
                size_t cap = (st->len + n + 1) * 2;
                char *p = realloc(st->body, cap);

                if (!p)
                    return MHD_NO;
                st->body = p;
                st->cap = cap;
            }
            memcpy(st->body + st->len, upload_data, n);
            st->body[st->len + n] = '\0';
        }
        st->len += n;
        *upload_size = 0;
        return MHD_YES;
    }
    return respond(f, conn, method, url, st);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    conn_state *st = *con_cls;

    (void)cls;
    (void)conn;
    (void)toe;
    if (st) {
        free(st->body);
        free(st);
        *con_cls = NULL;
    }
}

static unsigned pool_size(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 2 ? 2u : n > 16 ? 16u : (unsigned)n;
}

/* The default: one polling thread per core; TURBO skips checks a loopback
 * test server does not need. */
static struct MHD_Daemon *start_pooled(ccs_http_front *f, int port, struct sockaddr_in *addr)
{
    return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_TURBO,
                            (uint16_t)port, NULL, NULL, on_request, f, MHD_OPTION_SOCK_ADDR,
                            (struct sockaddr *)addr, MHD_OPTION_THREAD_POOL_SIZE, pool_size(),
                            MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_UNESCAPE_CALLBACK,
                            identity_unescape, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
}

/* --latency: a thread per connection, so an answer held back holds back no
 * other connection's (a pool of one thread per core would serve only as
 * many requests at once as there are cores). poll: descriptors past
 * FD_SETSIZE work too. */
static struct MHD_Daemon *start_threaded(ccs_http_front *f, int port, struct sockaddr_in *addr)
{
    return MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_TURBO,
                            (uint16_t)port, NULL, NULL, on_request, f, MHD_OPTION_SOCK_ADDR,
                            (struct sockaddr *)addr, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                            MHD_OPTION_UNESCAPE_CALLBACK, identity_unescape, NULL,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT,
                            (unsigned)1000, MHD_OPTION_END);
}

int ccs_server_http_start(ccs_server *srv, const char *host, int port, int quiet, ccs_http_front **out,
                          int *bound_port, ccs_error *err)
{
    ccs_http_front *f = calloc(1, sizeof *f);
    struct sockaddr_in addr;
    const union MHD_DaemonInfo *info;

    *out = NULL;
    if (!f)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host ? host : "127.0.0.1", &addr.sin_addr) != 1) {
        free(f);
        return ccs_error_set(err, CCS_EUSAGE, -1, "--host must be an IPv4 address, got '%s'", host);
    }
    f->srv = srv;
    f->quiet = quiet;
    f->daemon = latency_on(srv) ? start_threaded(f, port, &addr) : start_pooled(f, port, &addr);
    if (!f->daemon) {
        free(f);
        return ccs_error_set(err, CCS_ENET, -1, "cannot listen on %s:%d", host ? host : "127.0.0.1", port);
    }
    info = MHD_get_daemon_info(f->daemon, MHD_DAEMON_INFO_BIND_PORT);
    *bound_port = info ? (int)info->port : port;
    *out = f;
    return CCS_OK;
}

void ccs_server_http_stop(ccs_http_front *f)
{
    if (!f)
        return;
    MHD_stop_daemon(f->daemon);
    free(f);
}
