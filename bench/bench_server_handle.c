/* In-process cost of the reference server's handler, without HTTP: N creates
 * (3 line items, as bench/server/create.lua) then N retrieves of one session.
 * usage: bench_server_handle [N] [--db FILE] [--creates-only]   (default 20000)
 * prints: creates/s, retrieves/s and the peak RSS. For profilers: run under
 * perf record or valgrind --tool=callgrind with a small N (--creates-only
 * makes instructions / N the cost of one create, start-up aside). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handler.h"

static const char body[] =
    "mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok"
    "&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1099"
    "&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2"
    "&line_items[1][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[1][quantity]=1"
    "&line_items[2][price_data][currency]=usd&line_items[2][price_data][unit_amount_decimal]=250.5"
    "&line_items[2][price_data][product_data][name]=Sticker&line_items[2][quantity]=3"
    "&metadata[order]=bench";

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    ccs_server_config cfg = {0};
    ccs_server *srv = NULL;
    ccs_error err;
    ccs_server_request req;
    ccs_server_response resp;
    char path[160], id[100] = "";
    long n = 20000, i;
    double t0, t1, t2;
    int rc = 1, a, creates_only = 0;

    for (a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--db") && a + 1 < argc)
            cfg.db_path = argv[++a];
        else if (!strcmp(argv[a], "--creates-only"))
            creates_only = 1;
        else
            n = strtol(argv[a], NULL, 10);
    }
    if (n < 1)
        n = 1;
    ccs_error_clear(&err);
    if (ccs_server_open(&cfg, &srv, &err) != CCS_OK) {
        fprintf(stderr, "bench_server_handle: %s\n", err.message);
        return 1;
    }
    memset(&req, 0, sizeof req);
    req.authorization = "Bearer sk_test_benchAccount0001";
    req.content_type = "application/x-www-form-urlencoded";
    t0 = now();
    for (i = 0; i < n; i++) {
        req.method = "POST";
        req.path = "/v1/checkout/sessions";
        req.body = body;
        req.body_len = sizeof body - 1;
        ccs_server_handle(srv, &req, &resp);
        if (resp.status != 200) {
            fprintf(stderr, "create answered %d: %.300s\n", resp.status, resp.body ? resp.body : "");
            ccs_server_response_free(&resp);
            goto done;
        }
        if (!id[0])
            sscanf(resp.body, "{\"id\":\"%90[A-Za-z0-9_]\"", id);
        ccs_server_response_free(&resp);
    }
    t1 = now();
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    req.method = "GET";
    req.path = path;
    req.body = NULL;
    req.body_len = 0;
    for (i = 0; i < n && !creates_only; i++) {
        ccs_server_handle(srv, &req, &resp);
        if (resp.status != 200) {
            fprintf(stderr, "retrieve answered %d\n", resp.status);
            ccs_server_response_free(&resp);
            goto done;
        }
        ccs_server_response_free(&resp);
    }
    t2 = now();
    if (creates_only)
        printf("creates: %.0f/s  (n=%ld)  peak RSS: %ld kB\n", (double)n / (t1 - t0), n, peak_rss_kb());
    else
        printf("creates: %.0f/s  retrieves: %.0f/s  (n=%ld)  peak RSS: %ld kB\n", (double)n / (t1 - t0),
               (double)n / (t2 - t1), n, peak_rss_kb());
    rc = 0;
done:
    ccs_server_close(srv);
    return rc;
}
