/* `ccs serve`: the reference Checkout Sessions server over HTTP. */
#include <errno.h>
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
                 "                 [--api-version V] [--rate-limit N] [--golden DIR] [--quiet]\n"
                 "                 [--latency MS[:JITTER]] [--prefill N] [--background-writes R]\n"
                 "                 [--random-429 P] [--seed N]\n"
                 "  --host ADDR listens on address ADDR (default 127.0.0.1).\n"
                 "  --api-version V answers requests without Stripe-Version in API version V\n"
                 "    (default 2026-07-29.dahlia, the server's own; latest: the newest known).\n"
                 "  --port 0 picks a free port; the port is printed as stdout's first line.\n"
                 "  --db FILE keeps sessions across restarts (SQLite, WAL); default: in memory.\n"
                 "  --fault NAME breaks one contract rule on purpose; --fault list shows them.\n"
                 "    Repeat it (or give NAME,NAME) to break several rules at once.\n"
                 "  --rate-limit N allows each account (API key) N requests per second, in\n"
                 "    bursts of up to N; over it a request gets HTTP 429 with Stripe's error\n"
                 "    (invalid_request_error, code rate_limit). Default 0: no limit.\n"
                 "  --golden DIR reads the contracts and catalog from DIR (default $CCS_GOLDEN,\n"
                 "    else PREFIX/share/ccs beside an installed ccs, else the source tree's).\n"
                 "  --quiet does not log requests to stderr.\n"
                 "Sandbox realism (a shared account on a real service; each off by default):\n"
                 "  --latency MS[:JITTER] holds every answer back MS ms, plus or minus a uniform\n"
                 "    JITTER ms (0..MS); requests in flight wait side by side, not in turn.\n"
                 "    MS 0..60000.\n"
                 "  --prefill N gives every account N sessions from before its first request:\n"
                 "    a fifth open (created in the last 23 h), two fifths expired and two\n"
                 "    fifths complete (paid; setup: no_payment_required) from the last 90 days,\n"
                 "    modes payment, setup and subscription in turn, all older than the\n"
                 "    first request's second. Filled on that request (with --db, again\n"
                 "    after each start). N 0..1000000.\n"
                 "  --background-writes R: another writer adds R open sessions per second\n"
                 "    (created: now) to every account a request has used. R 0..1000.\n"
                 "  --random-429 P answers a random share P (0..1) of the authenticated\n"
                 "    requests 429 with the rate_limit error, as Stripe does under lock\n"
                 "    contention; nothing of such a request is done.\n"
                 "  --seed N seeds the random choices above (jitter, 429s, prefill times),\n"
                 "    1..2^64-1; default a fixed seed, so runs repeat.\n");
}

/* A number in [lo, hi] or exit 2 with a message naming the option. */
static int parse_num(const char *opt, const char *v, double lo, double hi, double *out)
{
    char *end;

    *out = strtod(v, &end);
    if (*end || end == v || !(*out >= lo && *out <= hi)) {
        fprintf(stderr, "ccs serve: %s must be a number from %.15g to %.15g, got '%s'\n", opt, lo, hi, v);
        return -1;
    }
    return 0;
}

/* A whole number in [lo, hi]. */
static int parse_int(const char *opt, const char *v, long lo, long hi, long *out)
{
    char *end;

    *out = strtol(v, &end, 10);
    if (*end || end == v || *out < lo || *out > hi) {
        fprintf(stderr, "ccs serve: %s must be a whole number from %ld to %ld, got '%s'\n", opt, lo, hi, v);
        return -1;
    }
    return 0;
}

/* MS or MS:JITTER, JITTER at most MS (a delay is never negative). */
static int parse_latency(const char *v, ccs_server_config *cfg)
{
    char ms[32], *colon;
    long a, b = 0;

    snprintf(ms, sizeof ms, "%s", v);
    if ((colon = strchr(ms, ':')))
        *colon = '\0';
    if (strlen(v) >= sizeof ms || parse_int("--latency MS", ms, 0, 60000, &a) ||
        (colon && parse_int("--latency JITTER", colon + 1, 0, 60000, &b)))
        return -1;
    if (b > a) {
        fprintf(stderr, "ccs serve: --latency %s: JITTER (%ld) must not exceed MS (%ld)\n", v, b, a);
        return -1;
    }
    cfg->latency_ms = (int)a;
    cfg->latency_jitter_ms = (int)b;
    return 0;
}

static int parse_seed(const char *v, ccs_server_config *cfg)
{
    char *end;

    errno = 0;
    cfg->seed = strtoull(v, &end, 10);
    if (*end || end == v || errno || !cfg->seed || v[0] == '-') {
        fprintf(stderr, "ccs serve: --seed must be a whole number from 1 to 2^64-1, got '%s'\n", v);
        return -1;
    }
    return 0;
}

/* The options that take a value. 1 handled, 0 not one of them, -1 bad value. */
static int parse_valued(const char *a, const char *v, ccs_server_config *cfg, const char **host, long *port)
{
    double d;
    long n;

    if (!strcmp(a, "--host")) {
        *host = v;
    } else if (!strcmp(a, "--port")) {
        if (parse_int("--port", v, 0, 65535, port))
            return -1;
    } else if (!strcmp(a, "--db")) {
        cfg->db_path = v;
    } else if (!strcmp(a, "--api-version")) {
        cfg->api_version = v;
    } else if (!strcmp(a, "--golden")) {
        cfg->golden_dir = v;
    } else if (!strcmp(a, "--rate-limit")) {
        if (parse_num("--rate-limit (requests per second; 0: off)", v, 0, 1000000, &cfg->rate_limit))
            return -1;
    } else if (!strcmp(a, "--latency")) {
        if (parse_latency(v, cfg))
            return -1;
    } else if (!strcmp(a, "--prefill")) {
        if (parse_int("--prefill (sessions per account)", v, 0, 1000000, &n))
            return -1;
        cfg->prefill = (int)n;
    } else if (!strcmp(a, "--background-writes")) {
        if (parse_num("--background-writes (sessions per second per account)", v, 0, 1000, &d))
            return -1;
        cfg->background_writes = d;
    } else if (!strcmp(a, "--random-429")) {
        if (parse_num("--random-429 (a share of requests)", v, 0, 1, &cfg->random_429))
            return -1;
    } else if (!strcmp(a, "--seed")) {
        if (parse_seed(v, cfg))
            return -1;
    } else {
        return 0;
    }
    return 1;
}

/* Repeated --fault switches become one comma-separated list. */
static int add_fault(char *faults, size_t size, const char *name)
{
    size_t used = strlen(faults);
    int n = snprintf(faults + used, size - used, "%s%s", used ? "," : "", name);

    return n < 0 || (size_t)n >= size - used ? -1 : 0;
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
    char faults[4096] = "";
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
        int got = 0;

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        } else if (v && !strcmp(a, "--fault")) {
            if (add_fault(faults, sizeof faults, v)) {
                fprintf(stderr, "ccs serve: too many --fault switches\n");
                return 2;
            }
            cfg.fault = faults;
            i++;
            continue;
        }
        if (v && (got = parse_valued(a, v, &cfg, &host, &port)) < 0)
            return 2;
        if (!got) {
            fprintf(stderr, "ccs serve: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
        i++;
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
