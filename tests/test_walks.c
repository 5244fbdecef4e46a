/* Pagination walks against a scripted list server: a correct list passes,
 * one that other writers add to while it is walked passes too, and each
 * sign of no progress (a repeated element, a cursor that does not move,
 * more pages than the elements can fill) FAILs at once, with its evidence,
 * after a bounded number of requests. */
#include <criterion/criterion.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccs/cases.h"
#include "ccs/clock.h"
#include "ccs/http.h"
#include "ccs/result.h"
#include "ccs/runner.h"
#include "test_mock_util.h"

enum mode {
    M_CORRECT,   /* a static list, cursors honoured */
    M_LIVE,      /* correct, and a foreign session is created before every list request */
    M_BACKFILL,  /* like live, but the foreign sessions land among the old ones */
    M_REPEAT,    /* starting_after ignored: the first page again */
    M_ENDLESS,   /* every page new elements and has_more=true */
    M_STUCK      /* ending_before=X answers [X] with has_more=true */
};

#define MAX_SESSIONS 4096
#define N_ITEMS 30

static struct MHD_Daemon *mock;
static char mock_url[64];
static enum mode mode;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
/* Sessions oldest first: id number and created. */
static struct {
    int n;
    int id[MAX_SESSIONS];
    long long created[MAX_SESSIONS];
    int next_id;
    long long clock;
} db;
static int list_requests, endless_next;

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *body)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ret;

    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Request-Id", "req_walks");
    ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Under mu. at: index in db (oldest first) where the session goes. */
static int add_session(int at, long long created)
{
    int id = db.next_id++;

    memmove(&db.id[at + 1], &db.id[at], (size_t)(db.n - at) * sizeof db.id[0]);
    memmove(&db.created[at + 1], &db.created[at], (size_t)(db.n - at) * sizeof db.created[0]);
    db.id[at] = id;
    db.created[at] = created;
    db.n++;
    return id;
}

static void append_element(char *out, size_t cap, int items, int k)
{
    size_t len = strlen(out);

    if (items) /* line item k (0-based, creation order): unit_amount 100+k, quantity 1+k%3 */
        snprintf(out + len, cap - len,
                 "%s{\"id\":\"li_%04d\",\"object\":\"item\",\"quantity\":%d,\"price\":{\"unit_amount\":%d}}",
                 out[len - 1] == '[' ? "" : ",", k, 1 + k % 3, 100 + k);
    else /* session at index k of db */
        snprintf(out + len, cap - len, "%s{\"id\":\"cs_test_%05d\",\"object\":\"checkout.session\",\"created\":%lld}",
                 out[len - 1] == '[' ? "" : ",", db.id[k], db.created[k]);
}

static int position(int items, const char *id)
{
    int k, want;

    if (!id || sscanf(id, items ? "li_%d" : "cs_test_%d", &want) != 1)
        return -2;
    if (items)
        return want;
    for (k = 0; k < db.n; k++)
        if (db.id[k] == want)
            return db.n - 1 - k; /* list position, newest first */
    return -2;
}

/* The list, newest first for sessions and in creation order for items. */
static void list_page(char *out, size_t cap, int items, int limit, const char *after, const char *before)
{
    int total = items ? N_ITEMS : db.n, from, to, i;

    snprintf(out, cap, "{\"object\":\"list\",\"data\":[");
    if (mode == M_ENDLESS) {
        for (i = 0; i < limit; i++)
            snprintf(out + strlen(out), cap - strlen(out), "%s{\"id\":\"%s_%06d\",\"created\":1}", i ? "," : "",
                     items ? "li" : "cs_test", 90000 + endless_next++);
        snprintf(out + strlen(out), cap - strlen(out), "],\"has_more\":true}");
        return;
    }
    if (mode == M_STUCK && before) { /* a full page that starts at the cursor itself */
        snprintf(out + strlen(out), cap - strlen(out), "{\"id\":\"%s\",\"created\":1}", before);
        for (i = 1; i < limit; i++)
            snprintf(out + strlen(out), cap - strlen(out), ",{\"id\":\"%s_%06d\",\"created\":1}",
                     items ? "li" : "cs_test", 90000 + endless_next++);
        snprintf(out + strlen(out), cap - strlen(out), "],\"has_more\":true}");
        return;
    }
    if (mode == M_REPEAT)
        after = NULL;
    if (before) {
        to = position(items, before);
        from = to - limit < 0 ? 0 : to - limit;
    } else {
        from = after ? position(items, after) + 1 : 0;
        to = from + limit > total ? total : from + limit;
    }
    for (i = from; i < to; i++)
        append_element(out, cap, items, items ? i : db.n - 1 - i);
    snprintf(out + strlen(out), cap - strlen(out), "],\"has_more\":%s}",
             (before ? from > 0 : to < total) ? "true" : "false");
}

static enum MHD_Result on_list(struct MHD_Connection *conn, int items)
{
    const char *lim = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "limit");
    static char body[1 << 20];
    enum MHD_Result ret;

    pthread_mutex_lock(&mu);
    list_requests++;
    if (!items && mode == M_LIVE)
        add_session(db.n, ++db.clock);
    if (!items && mode == M_BACKFILL && db.n > 2)
        add_session(1, db.created[1]);
    list_page(body, sizeof body, items, lim ? atoi(lim) : 10,
              MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "starting_after"),
              MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "ending_before"));
    ret = reply(conn, 200, body);
    pthread_mutex_unlock(&mu);
    return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **state)
{
    static int marker;
    char body[160];
    int id;

    (void)cls;
    (void)version;
    (void)upload;
    if (!*state) {
        *state = &marker;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* the form does not matter here */
        return MHD_YES;
    }
    if (!strcmp(method, "POST") && !strcmp(url, "/v1/checkout/sessions")) {
        pthread_mutex_lock(&mu);
        id = add_session(db.n, ++db.clock);
        snprintf(body, sizeof body, "{\"id\":\"cs_test_%05d\",\"object\":\"checkout.session\",\"created\":%lld}", id,
                 db.clock);
        pthread_mutex_unlock(&mu);
        return reply(conn, 200, body);
    }
    if (!strcmp(method, "GET") && !strcmp(url, "/v1/checkout/sessions"))
        return on_list(conn, 0);
    if (!strcmp(method, "GET") && strstr(url, "/line_items"))
        return on_list(conn, 1);
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

TestSuite(walks, .init = start_mock, .fini = stop_mock);

/* Runs builtin (with params) against the mock in mode m, with `prefill`
 * foreign sessions already in the account; returns the record. */
static ccs_case_result walk(enum mode m, const char *builtin, const char *params, int prefill, double *ms)
{
    char json[1024], path[] = "/tmp/ccs_walks_XXXXXX";
    ccs_case_set set = {0};
    ccs_case_result r;
    ccs_runner_config cfg;
    ccs_http_client *client = NULL;
    ccs_http_options o = {0};
    ccs_error err;
    double t0;
    int fd, i;

    pthread_mutex_lock(&mu);
    memset(&db, 0, sizeof db);
    db.clock = 1700000000;
    for (i = 0; i < prefill; i++)
        add_session(db.n, ++db.clock);
    mode = m;
    list_requests = endless_next = 0;
    pthread_mutex_unlock(&mu);
    snprintf(json, sizeof json,
             "{\"cases\":[{\"id\":\"w\",\"description\":\"d\",\"level\":\"MUST\",\"profile\":\"core\","
             "\"requirement\":\"r\",\"builtin\":\"%s\",\"params\":%s}]}", builtin, params);
    fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, json, strlen(json)), (ssize_t)strlen(json));
    close(fd);
    cr_assert_eq(ccs_cases_load_file(path, "t/t.json", "t", &set, &err), CCS_OK, "%s", err.message);
    unlink(path);
    memset(&cfg, 0, sizeof cfg);
    cfg.target = mock_url;
    cfg.api_key = "sk_test_walks0123456789";
    cfg.profile = "full";
    cfg.jobs = 1;
    cfg.timeout_ms = 5000;
    cfg.run_id = "walks";
    o.base_url = mock_url;
    o.timeout_ms = 5000;
    cr_assert_eq(ccs_http_client_new(&o, &client, &err), CCS_OK);
    memset(&r, 0, sizeof r);
    t0 = ccs_clock_now_ms();
    cr_assert_eq(ccs_runner_run_case(&cfg, client, &set.items[0], NULL, 0, &r, &err), CCS_OK, "%s", err.message);
    *ms = ccs_clock_now_ms() - t0;
    ccs_http_client_free(client);
    ccs_cases_free(&set);
    return r;
}

static void free_rec(ccs_case_result *r)
{
    test_record_free(r);
}

#define SESSIONS "pagination.sessions_walk"
#define ITEMS "pagination.line_items_walk"

static void expect_pass(enum mode m, const char *builtin, const char *params, int prefill)
{
    double ms;
    ccs_case_result r = walk(m, builtin, params, prefill, &ms);

    cr_expect_eq(r.verdict, CCS_PASS, "%s %s (mode %d): %s", builtin, params, m, r.message ? r.message : "");
    free_rec(&r);
}

/* A FAIL whose message names why, after at most max_lists list requests. */
static void expect_fail(enum mode m, const char *builtin, const char *params, const char *why, int max_lists)
{
    double ms;
    ccs_case_result r = walk(m, builtin, params, 0, &ms);

    cr_expect_eq(r.verdict, CCS_FAIL, "%s (mode %d): verdict %d: %s", builtin, m, r.verdict,
                 r.message ? r.message : "");
    cr_expect(r.message && strstr(r.message, why), "%s (mode %d): message \"%s\" lacks \"%s\"", builtin, m,
              r.message ? r.message : "", why);
    cr_expect_leq(list_requests, max_lists, "%s (mode %d): %d list requests before the FAIL", builtin, m,
                  list_requests);
    cr_log_info("%s mode %d: FAIL after %d list requests in %.0f ms", builtin, m, list_requests, ms);
    free_rec(&r);
}

Test(walks, a_correct_list_passes)
{
    expect_pass(M_CORRECT, ITEMS, "{\"count\":30,\"limit\":7}", 0);
    expect_pass(M_CORRECT, SESSIONS, "{\"count\":25,\"limit\":7}", 0);
    expect_pass(M_CORRECT, SESSIONS, "{\"count\":2,\"limit\":100}", 0);
}

/* A shared account: old sessions before the run, a new one from another
 * writer before every page. The run's own sessions are what is judged. */
Test(walks, a_list_others_write_to_passes)
{
    expect_pass(M_LIVE, SESSIONS, "{\"count\":25,\"limit\":7}", 300);
    expect_pass(M_LIVE, SESSIONS, "{\"count\":25,\"limit\":10}", 0);
    expect_pass(M_LIVE, SESSIONS, "{\"count\":2,\"limit\":100}", 50);
}

/* Elements appearing among the old ones while walking is not another
 * writer: a new session is the newest. */
Test(walks, elements_appearing_mid_list_fail)
{
    double ms;
    ccs_case_result r = walk(M_BACKFILL, SESSIONS, "{\"count\":25,\"limit\":7}", 0, &ms);

    cr_expect_eq(r.verdict, CCS_FAIL, "%s", r.message ? r.message : "");
    cr_expect(r.message && strstr(r.message, "walking back with ending_before did not return the same elements"),
              "backfill: %s", r.message ? r.message : "");
    free_rec(&r);
}

/* 25 sessions at limit 7: the walk needs 4 pages forward; page 2 repeats. */
Test(walks, a_repeated_element_fails_on_the_second_page)
{
    expect_fail(M_REPEAT, SESSIONS, "{\"count\":25,\"limit\":7}", "was already returned", 2);
    expect_fail(M_REPEAT, ITEMS, "{\"count\":30,\"limit\":7}", "was already returned", 2);
}

Test(walks, a_cursor_that_does_not_move_fails)
{
    /* forward: 5 pages + the page after the last element; back: 1 page */
    expect_fail(M_STUCK, ITEMS, "{\"count\":30,\"limit\":7}", "the next cursor is the one this page was asked with",
                5 + 1 + 1);
    expect_fail(M_STUCK, SESSIONS, "{\"count\":25,\"limit\":7}", "the next cursor is the one this page was asked with",
                4 + 1 + 1);
}

/* Page caps: 30 items at 7 fill 5 pages, cap 6; the session list allows
 * 500 foreign sessions besides the 25: ceil(525 / 7) + 1 = 76 pages. */
Test(walks, more_pages_than_the_elements_fill_fails)
{
    expect_fail(M_ENDLESS, ITEMS, "{\"count\":30,\"limit\":7}", "did not end after 6 pages", 6);
    expect_fail(M_ENDLESS, SESSIONS, "{\"count\":25,\"limit\":7}", "did not end after 76 pages", 76);
}
