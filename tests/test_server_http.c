/* HTTP-level tests: the real libmicrohttpd front end on port 0, talked to
 * with libcurl; persistence of --db across restarts. */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http_front.h"
#include "test_server_util.h"

typedef struct buf {
    char data[1 << 16];
    size_t len;
    char headers[8192];
    size_t hlen;
} buf;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    buf *b = ud;
    size_t k = sz * n;

    if (b->len + k < sizeof b->data) {
        memcpy(b->data + b->len, p, k);
        b->len += k;
        b->data[b->len] = '\0';
    }
    return k;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    buf *b = ud;
    size_t k = sz * n;

    if (b->hlen + k < sizeof b->headers) {
        memcpy(b->headers + b->hlen, p, k);
        b->hlen += k;
        b->headers[b->hlen] = '\0';
    }
    return k;
}

static long perform(CURL *c, int port, const char *method, const char *path, const char *body, const char *key,
                    buf *out)
{
    char url[512], auth[128];
    struct curl_slist *h = NULL;
    long status = 0;

    memset(out, 0, sizeof *out);
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    }
    if (key) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
        h = curl_slist_append(h, auth);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
    return status;
}

static ccs_server *S;
static ccs_http_front *F;
static int PORT;

static void start(void)
{
    ccs_error err;

    S = srv_open_fault(NULL);
    cr_assert_eq(ccs_server_http_start(S, "127.0.0.1", 0, 1, &F, &PORT, &err), CCS_OK, "%s", err.message);
    cr_assert_gt(PORT, 0);
}

static void stop(void)
{
    ccs_server_http_stop(F);
    ccs_server_close(S);
}

TestSuite(server_http, .init = start, .fini = stop);

Test(server_http, headers_on_401_and_success_and_keep_alive)
{
    CURL *c = curl_easy_init();
    buf *b = malloc(sizeof *b);
    long n = 0;

    cr_assert_eq(perform(c, PORT, "GET", "/v1/checkout/sessions", NULL, NULL, b), 401);
    cr_assert(strcasestr(b->headers, "Request-Id: req_"), "%s", b->headers);
    cr_assert(strcasestr(b->headers, "WWW-Authenticate: Basic realm=\"Stripe\""));
    cr_assert(strcasestr(b->headers, "Content-Type: application/json"));
    cr_assert(strstr(b->data, "\"error\""));
    cr_assert_eq(perform(c, PORT, "POST", "/v1/checkout/sessions", BODY_PAY, KEY_A, b), 200, "%s", b->data);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &n);
    cr_assert_eq(n, 0, "second request reused the connection");
    cr_assert(strcasestr(b->headers, "Stripe-Version: 2026-07-29.dahlia"));
    cr_assert(strstr(b->data, "\"amount_total\":2198"));
    {
        cJSON *j = cJSON_Parse(b->data);
        char path[200];

        snprintf(path, sizeof path, "/v1/checkout/sessions/%s?expand%%5B%%5D=line_items", jstr(j, "id"));
        cJSON_Delete(j);
        cr_assert_eq(perform(c, PORT, "GET", path, NULL, KEY_A, b), 200);
        cr_assert(strstr(b->data, "\"line_items\":{\"object\":\"list\""), "%s", b->data);
    }
    cr_assert_eq(perform(c, PORT, "GET", "/v1/checkout/sessions?limit=101", NULL, KEY_A, b), 400);
    cr_assert(strstr(b->data, "\"param\":\"limit\""));
    cr_assert_eq(perform(c, PORT, "PUT", "/v1/checkout/sessions", NULL, KEY_A, b), 405);
    cr_assert(strcasestr(b->headers, "Allow: GET, POST"));
    curl_easy_cleanup(c);
    free(b);
}

Test(server_http, body_too_large)
{
    CURL *c = curl_easy_init();
    buf *b = malloc(sizeof *b);
    char *big = malloc(3 << 20);

    memset(big, 'x', (3 << 20) - 1);
    big[(3 << 20) - 1] = '\0';
    cr_assert_eq(perform(c, PORT, "POST", "/v1/checkout/sessions", big, KEY_A, b), 413);
    cr_assert(strstr(b->data, "\"error\""));
    curl_easy_cleanup(c);
    free(big);
    free(b);
}

Test(server_persistence, in_process_reopen_keeps_everything)
{
    char db[] = "/tmp/ccs_server_persist_XXXXXX";
    int fd = mkstemp(db);
    ccs_server_config cfg = {0};
    ccs_server *s = NULL;
    ccs_error err;
    char id[80], path[160], wal[300];
    res r;

    cr_assert_geq(fd, 0);
    close(fd);
    cfg.db_path = db;
    cr_assert_eq(ccs_server_open(&cfg, &s, &err), CCS_OK, "%s", err.message);
    create_id(s, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    r = call(s, "POST", path, NULL, "metadata[kept]=yes");
    res_free(&r);
    ccs_server_close(s);
    cr_assert_eq(ccs_server_open(&cfg, &s, &err), CCS_OK, "%s", err.message);
    r = call(s, "GET", path, "expand[]=line_items", NULL);
    cr_assert_eq(r.status, 200, "%s", r.r.body);
    cr_assert_str_eq(jstr(r.json, "metadata.kept"), "yes");
    cr_assert_eq(cJSON_GetArraySize(jget(r.json, "line_items.data")), 1);
    res_free(&r);
    ccs_server_close(s);
    unlink(db);
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db);
    unlink(wal);
}

/* Spawns `ccs serve --port 0 --db FILE --quiet`; returns pid, port via *port. */
static pid_t spawn(const char *bin, const char *db, int *port)
{
    int fds[2];
    pid_t pid;
    char line[32] = "";
    FILE *f;

    cr_assert_eq(pipe(fds), 0);
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execl(bin, bin, "serve", "--port", "0", "--db", db, "--quiet", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    f = fdopen(fds[0], "r");
    cr_assert(fgets(line, sizeof line, f), "no port line from ccs serve");
    fclose(f);
    *port = atoi(line);
    return pid;
}

Test(server_persistence, binary_restart_keeps_sessions)
{
    const char *bin = getenv("CCS_BIN");
    char db[] = "/tmp/ccs_server_bin_XXXXXX", path[200], id[80];
    int fd, port, st;
    pid_t pid;
    CURL *c;
    buf *b;
    cJSON *j;

    if (!bin || access(bin, X_OK))
        cr_skip_test("CCS_BIN not built");
    fd = mkstemp(db);
    close(fd);
    b = malloc(sizeof *b);
    c = curl_easy_init();
    pid = spawn(bin, db, &port);
    cr_assert_gt(port, 0);
    cr_assert_eq(perform(c, port, "POST", "/v1/checkout/sessions", BODY_PAY, KEY_A, b), 200);
    j = cJSON_Parse(b->data);
    snprintf(id, sizeof id, "%s", jstr(j, "id"));
    cJSON_Delete(j);
    kill(pid, SIGTERM);
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "clean exit on SIGTERM");
    curl_easy_cleanup(c);
    c = curl_easy_init();
    pid = spawn(bin, db, &port);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    cr_assert_eq(perform(c, port, "GET", path, NULL, KEY_A, b), 200, "%s", b->data);
    cr_assert(strstr(b->data, id));
    kill(pid, SIGINT);
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    curl_easy_cleanup(c);
    free(b);
    unlink(db);
}
