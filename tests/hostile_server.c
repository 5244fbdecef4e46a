/* A deliberately broken HTTP server for runner robustness tests: each mode
 * misbehaves in one way real implementations (or proxies in front of them)
 * do. Usage: hostile_server MODE [--gzip-file FILE]; prints the port on the
 * first line of stdout and serves until killed. */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *mode;
static const char *gzip_file;

static const char session_json[] =
    "{\"id\":\"cs_test_hostile\",\"object\":\"checkout.session\",\"mode\":\"payment\"}";

static int send_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int send_str(int fd, const char *s)
{
    return send_all(fd, s, strlen(s));
}

/* Read one request's head and its Content-Length body; 0 on success. */
static int read_request(int fd)
{
    char buf[65536];
    size_t used = 0;
    char *end, *cl;
    long body = 0;

    for (;;) {
        ssize_t n = recv(fd, buf + used, sizeof buf - 1 - used, 0);

        if (n <= 0)
            return -1;
        used += (size_t)n;
        buf[used] = '\0';
        if ((end = strstr(buf, "\r\n\r\n")))
            break;
        if (used == sizeof buf - 1)
            return -1;
    }
    cl = strcasestr(buf, "\r\nContent-Length:");
    if (cl)
        body = strtol(cl + 17, NULL, 10);
    body -= (long)(used - (size_t)(end + 4 - buf));
    while (body > 0) {
        ssize_t n = recv(fd, buf, sizeof buf < (size_t)body ? sizeof buf : (size_t)body, 0);

        if (n <= 0)
            return -1;
        body -= n;
    }
    return 0;
}

static int respond_json(int fd, const char *status, const char *ctype, const char *body, size_t len)
{
    char head[512];

    snprintf(head, sizeof head,
             "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nRequest-Id: req_hostile\r\n\r\n",
             status, ctype, len);
    return send_str(fd, head) || send_all(fd, body, len);
}

static void serve_gzip(int fd)
{
    FILE *f = gzip_file ? fopen(gzip_file, "rb") : NULL;
    char buf[65536], head[512];
    long size;
    size_t n;

    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    snprintf(head, sizeof head,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
             "Content-Length: %ld\r\n\r\n", size);
    if (send_str(fd, head) == 0)
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            if (send_all(fd, buf, n))
                break;
    fclose(f);
}

static void serve_deep(int fd)
{
    const size_t depth = 100000;
    char *body = malloc(2 * depth);

    if (!body)
        return;
    memset(body, '[', depth);
    memset(body + depth, ']', depth);
    respond_json(fd, "200 OK", "application/json", body, 2 * depth);
    free(body);
}

/* Stripe's answer over its rate limit (server/handler.c has the sources). */
static const char rate_limited[] =
    "{\"error\":{\"code\":\"rate_limit\",\"message\":\"Request rate limit exceeded.\","
    "\"type\":\"invalid_request_error\"}}";

/* The modes a client is meant to retry: a reset connection, a 429 that asks
 * for a pause (every other request), a 429 that says not to retry.
 * Returns -1 for another mode, else as misbehave. */
static int retry_modes(int fd)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static unsigned long served;
    char head[512];
    unsigned long n;

    if (!strcmp(mode, "reset")) {
        /* SO_LINGER 0: close sends RST, the client reads "connection reset" */
        struct linger lg = {1, 0};

        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        return 0;
    }
    if (!strcmp(mode, "retry-after")) {
        pthread_mutex_lock(&mu);
        n = served++;
        pthread_mutex_unlock(&mu);
        if (n % 2)
            return !respond_json(fd, "200 OK", "application/json", session_json, strlen(session_json));
        snprintf(head, sizeof head, "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                                    "Retry-After: 1\r\nContent-Length: %zu\r\n\r\n", strlen(rate_limited));
        return !(send_str(fd, head) || send_str(fd, rate_limited));
    }
    if (!strcmp(mode, "no-retry")) {
        snprintf(head, sizeof head, "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                                    "Stripe-Should-Retry: false\r\nContent-Length: %zu\r\n\r\n",
                 strlen(rate_limited));
        return !(send_str(fd, head) || send_str(fd, rate_limited));
    }
    return -1;
}

/* Returns 1 to keep the connection for another request. */
static int misbehave(int fd)
{
    static const char huge_head[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n";
    char chunk[65536];
    size_t i;
    int r = retry_modes(fd);

    if (r >= 0)
        return r;
    if (!strcmp(mode, "silent")) {
        /* Hold the connection; the client must give up on its own. */
        while (recv(fd, chunk, sizeof chunk, 0) > 0)
            ;
        return 0;
    }
    if (!strcmp(mode, "trickle")) {
        char head[256];

        snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                    "Content-Length: %zu\r\n\r\n", strlen(session_json));
        if (send_str(fd, head))
            return 0;
        for (i = 0; session_json[i]; i++) {
            if (send_all(fd, session_json + i, 1))
                return 0;
            sleep(1);
        }
        return 1;
    }
    if (!strcmp(mode, "huge")) {
        memset(chunk, ' ', sizeof chunk);
        if (send_str(fd, huge_head))
            return 0;
        for (i = 0; i < (1u << 30) / sizeof chunk; i++)
            if (send_all(fd, chunk, sizeof chunk))
                return 0;
        return 0;
    }
    if (!strcmp(mode, "close-mid")) {
        send_str(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                     "{\"id\":\"cs_test_");
        return 0;
    }
    if (!strcmp(mode, "malformed-json"))
        return !respond_json(fd, "200 OK", "application/json", "{\"id\": \"cs_test_x\", \"object\":", 30);
    if (!strcmp(mode, "truncated-json"))
        return !respond_json(fd, "200 OK", "application/json", session_json, strlen(session_json) - 9);
    if (!strcmp(mode, "invalid-utf8")) {
        static const char b[] = "{\"id\":\"cs_test_\xff\xfe\",\"object\":\"checkout.session\",\"url\":\"\xc0\xaf\"}";

        return !respond_json(fd, "200 OK", "application/json", b, sizeof b - 1);
    }
    if (!strcmp(mode, "deep-json")) {
        serve_deep(fd);
        return 1;
    }
    if (!strcmp(mode, "wrong-content-type"))
        return !respond_json(fd, "200 OK", "text/html", "<html><body>hello</body></html>", 31);
    if (!strcmp(mode, "redirect")) {
        send_str(fd, "HTTP/1.1 302 Found\r\nLocation: http://checkout.invalid/v1/checkout/sessions\r\n"
                     "Content-Length: 0\r\n\r\n");
        return 1;
    }
    if (!strcmp(mode, "gzip-bomb")) {
        serve_gzip(fd);
        return 1;
    }
    if (!strcmp(mode, "dup-keys")) {
        static const char b[] = "{\"id\":\"cs_test_a\",\"id\":\"cs_test_b\",\"object\":\"checkout.session\","
                                "\"object\":\"list\"}";

        return !respond_json(fd, "200 OK", "application/json", b, sizeof b - 1);
    }
    if (!strcmp(mode, "http10")) {
        send_str(fd, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n");
        send_str(fd, session_json);
        return 0;
    }
    respond_json(fd, "500 Internal Server Error", "application/json", "{}", 2);
    return 0;
}

static void *connection(void *arg)
{
    int fd = (int)(long)arg;

    while (read_request(fd) == 0 && misbehave(fd))
        ;
    close(fd);
    return NULL;
}

int main(int argc, char **argv)
{
    struct sockaddr_in addr;
    socklen_t alen = sizeof addr;
    int lfd, one = 1;

    if (argc < 2) {
        fprintf(stderr, "usage: hostile_server MODE [--gzip-file FILE]\n"
                        "modes: silent trickle huge close-mid malformed-json truncated-json invalid-utf8\n"
                        "       deep-json wrong-content-type redirect gzip-bomb dup-keys http10\n"
                        "       reset retry-after no-retry\n");
        return 2;
    }
    mode = argv[1];
    if (argc >= 4 && !strcmp(argv[2], "--gzip-file"))
        gzip_file = argv[3];
    signal(SIGPIPE, SIG_IGN);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) || listen(lfd, 64) ||
        getsockname(lfd, (struct sockaddr *)&addr, &alen)) {
        perror("hostile_server");
        return 1;
    }
    printf("%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;) {
        pthread_t t;
        int fd = accept(lfd, NULL, NULL);

        if (fd < 0)
            continue;
        if (pthread_create(&t, NULL, connection, (void *)(long)fd) == 0)
            pthread_detach(t);
        else
            close(fd);
    }
}
