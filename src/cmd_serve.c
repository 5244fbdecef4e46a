/* `ccs serve`: the reference Checkout Sessions server over HTTP. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "handler.h"
#include "http_front.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: ccs serve [--host 127.0.0.1] [--port 12111] [--db FILE] [--fault NAME|list]\n"
                 "                 [--api-version V] [--rate-limit N] [--quiet]\n"
                 "  --api-version V answers requests without Stripe-Version in API version V\n"
                 "    (default 2026-07-29.dahlia, the server's own; latest: the newest known).\n"
                 "  --port 0 picks a free port; the port is printed as stdout's first line.\n"
                 "  --db FILE keeps sessions across restarts (SQLite, WAL); default: in memory.\n"
                 "  --fault NAME breaks one contract rule on purpose; --fault list shows them.\n"
                 "  --rate-limit N allows each account (API key) N requests per second, in\n"
                 "    bursts of up to N; over it a request gets HTTP 429 with Stripe's error\n"
                 "    (invalid_request_error, code rate_limit). Default 0: no limit.\n");
}

static void list_faults(FILE *out)
{
    const ccs_server_fault *f;

    for (f = ccs_server_faults(); f->name; f++)
        fprintf(out, "%-30s  %s\n", f->name, f->description);
}

int ccs_cmd_serve(int argc, char **argv)
{
    ccs_server_config cfg = {0};
    const char *host = "127.0.0.1";
    long port = 12111;
    int quiet = 0, i, bound = 0, sig = 0, rc = 2;
    ccs_server *srv = NULL;
    ccs_http_front *front = NULL;
    ccs_error err;
    sigset_t set;

    ccs_error_clear(&err);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (v && !strcmp(a, "--host")) {
            host = v;
            i++;
        } else if (v && !strcmp(a, "--port")) {
            char *end;

            port = strtol(v, &end, 10);
            if (*end || end == v || port < 0 || port > 65535) {
                fprintf(stderr, "ccs serve: --port must be 0..65535, got '%s'\n", v);
                return 2;
            }
            i++;
        } else if (v && !strcmp(a, "--db")) {
            cfg.db_path = v;
            i++;
        } else if (v && !strcmp(a, "--api-version")) {
            cfg.api_version = v;
            i++;
        } else if (v && !strcmp(a, "--rate-limit")) {
            char *end;

            cfg.rate_limit = strtod(v, &end);
            if (*end || end == v || !(cfg.rate_limit >= 0 && cfg.rate_limit <= 1000000)) {
                fprintf(stderr, "ccs serve: --rate-limit must be 0 (off) .. 1000000 requests per second, got '%s'\n",
                        v);
                return 2;
            }
            i++;
        } else if (v && !strcmp(a, "--fault")) {
            cfg.fault = v;
            i++;
        } else {
            fprintf(stderr, "ccs serve: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (cfg.fault && !strcmp(cfg.fault, "list")) {
        list_faults(stdout);
        return 0;
    }
    if (ccs_server_open(&cfg, &srv, &err) != CCS_OK) {
        fprintf(stderr, "ccs serve: %s\n", err.message);
        if (err.code == CCS_EUSAGE) {
            fprintf(stderr, "valid faults:\n");
            list_faults(stderr);
        }
        return 2;
    }
    /* block the signals before MHD starts its threads so only sigwait sees them */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (ccs_server_http_start(srv, host, (int)port, quiet, &front, &bound, &err) != CCS_OK) {
        fprintf(stderr, "ccs serve: %s\n", err.message);
        goto done;
    }
    printf("%d\n", bound);
    fflush(stdout);
    if (!quiet)
        fprintf(stderr, "ccs serve: listening on http://%s:%d%s%s\n", host, bound, cfg.fault ? " fault=" : "",
                cfg.fault ? cfg.fault : "");
    sigwait(&set, &sig);
    rc = 0;
done:
    ccs_server_http_stop(front);
    ccs_server_close(srv);
    return rc;
}
