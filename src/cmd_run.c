/* `ccs run`: the conformance suite against one or several targets (default:
 * the embedded reference server, started and stopped here), the reports, and
 * the CI gate (known failures, baseline, annotations). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ccs/baseline.h"
#include "ccs/cases.h"
#include "ccs/causes.h"
#include "ccs/contract.h"
#include "ccs/diff.h"
#include "ccs/fs.h"
#include "ccs/gate.h"
#include "ccs/http.h"
#include "ccs/known_failures.h"
#include "ccs/paths.h"
#include "ccs/redact.h"
#include "ccs/report.h"
#include "ccs/result.h"
#include "ccs/runner.h"
#include "ccs/versions.h"
#include "commands.h"

#define SERVER_START_TIMEOUT_MS 15000

static volatile sig_atomic_t server_pid = 0;

/* The first Ctrl-C (or SIGTERM) asks the run to stop: cases not started
 * are SKIP, --cleanup runs, reports are written and the exit is 130. A
 * second one stops at once. */
static void on_signal(int sig)
{
    pid_t pid = (pid_t)server_pid;

    if (!ccs_runner_interrupted()) {
        ccs_runner_interrupt();
        return;
    }
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ccs run [options]\n"
            "  --target [NAME=]URL     implementation under test (env CCS_TARGET); repeat with a NAME for\n"
            "                          each of several implementations: reports go to DIR/NAME/ and a\n"
            "                          case x implementation matrix to DIR/matrix.html and DIR/matrix.md.\n"
            "                          Default: start the embedded reference server on 127.0.0.1, port 0\n"
            "  --api-key [NAME=]KEY    secret key (env CCS_API_KEY); NAME=KEY for one target, KEY for all;\n"
            "                          default for the embedded server: a generated sk_test_ key\n"
            "  --alt-api-key [NAME=]KEY  a second account's key ({{config.alt_api_key}}, env\n"
            "                          CCS_ALT_API_KEY): without it the cases that need a second account\n"
            "                          (auth.isolation.*, idempotency.scope.*) are SKIP; the embedded\n"
            "                          server makes one up (each key is an account there)\n"
            "  --profile core|full     core: create, retrieve, update, line items; full: also list, expire\n"
            "  --filter GLOB[,GLOB]    case ids to run (fnmatch; '!GLOB' excludes)\n"
            "  --jobs N                concurrent cases (default 4)\n"
            "  --report-dir DIR        default reports/<run_id>\n"
            "  --history FILE          append the run to FILE and chart it in report.html (default:\n"
            "                          history.jsonl beside the report directory, e.g.\n"
            "                          reports/history.jsonl)\n"
            "  --known-failures [NAME=]FILE  cases whose FAIL/ERROR does not fail the gate; lines\n"
            "                          'ID_OR_GLOB [expires=YYYY-MM-DD] [# reason]'; an expired entry\n"
            "                          fails the gate again\n"
            "  --baseline [NAME=]FILE  gate on regressions only: compare with FILE (a results.json),\n"
            "                          write diff.md and diff.html to the report dir and fail only when\n"
            "                          a case that PASSed in FILE now FAILs/ERRORs. Cases failing in the\n"
            "                          baseline too, and new cases that fail, are reported, not gated\n"
            "  --baseline-update       after a run whose gate passed, copy results.json to the baseline\n"
            "                          FILE (created when missing: the first run adopts the gate)\n"
            "  --annotate github|none  print a GitHub Actions ::error line per failure that fails the\n"
            "                          gate (::warning for excused ones) on stdout\n"
            "  --strict                SHOULD cases and SHOULD contract rules count\n"
            "  --timeout MS            per request (default 10000)\n"
            "  --rate N                at most N requests per second over all jobs (0 = no limit);\n"
            "                          default 20 for a target on stripe.com or *.stripe.com (its\n"
            "                          rate limit), no limit otherwise\n"
            "  --max-consecutive-timeouts N  after N request timeouts in a row the target is taken as\n"
            "                          dead: cases not yet sent end as ERROR at once (default 3, 0 = off)\n"
            "  --price-id ID           a catalog price (enables cases with feature catalog_price)\n"
            "  --feature NAME          declare an optional feature supported (repeatable):\n"
            "                          update_line_items, custom_fields; the embedded server has all\n"
            "  --golden DIR            data directory (default $CCS_GOLDEN, else PREFIX/share/ccs beside\n"
            "                          an installed ccs, else the source tree's golden/)\n"
            "  --api-version V         the Stripe API version to judge by (env CCS_API_VERSION): a known\n"
            "                          version (ccs contract list), latest (default), or auto (the\n"
            "                          target's Stripe-Version response header); every request\n"
            "                          sends Stripe-Version: V, cases using what V lacks are SKIP\n"
            "  --cleanup, --no-cleanup after the run (also after a failed gate or Ctrl-C), expire every\n"
            "                          session it created that is still open, with the key that created\n"
            "                          it; on by default for a target on *.stripe.com, off elsewhere\n"
            "  --allow-live            accept sk_live_/rk_live_ keys: without it a live key is refused,\n"
            "                          since a run creates and expires real Checkout Sessions\n"
            "  --list                  print the selected case ids and exit\n"
            "exit: 0 the gate passed, 1 a case failed the gate (with --baseline: regressed; with several\n"
            "targets: any target's gate), 2 usage/set-up error or unreachable target (TCP connect)\n");
}

/* ---- embedded server ------------------------------------------------------ */

static int start_server(char *url, size_t cap)
{
    int fds[2], rc = -1;
    pid_t pid;
    char line[256];
    size_t len = 0;
    struct pollfd pfd;
    struct timespec t0, t1;

    if (pipe(fds)) {
        fprintf(stderr, "ccs run: pipe: %s\n", strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "ccs run: fork: %s\n", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        char *argv[] = {"ccs", "serve", "--host", "127.0.0.1", "--port", "0", "--quiet", NULL};

        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    server_pid = pid;
    close(fds[1]);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pfd.fd = fds[0];
    pfd.events = POLLIN;
    /* The first stdout line is the port. */
    while (len + 1 < sizeof line) {
        long waited;
        ssize_t n;

        clock_gettime(CLOCK_MONOTONIC, &t1);
        waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (waited >= SERVER_START_TIMEOUT_MS) {
            fprintf(stderr, "ccs run: the reference server did not report its port within %d ms\n",
                    SERVER_START_TIMEOUT_MS);
            goto done;
        }
        if (poll(&pfd, 1, (int)(SERVER_START_TIMEOUT_MS - waited)) <= 0)
            continue;
        n = read(fds[0], line + len, 1);
        if (n <= 0) {
            fprintf(stderr, "ccs run: the reference server exited before reporting its port\n");
            goto done;
        }
        if (line[len] == '\n')
            break;
        len++;
    }
    line[len] = '\0';
    {
        char *end;
        long port = strtol(line, &end, 10);

        if (end == line || port <= 0 || port > 65535) {
            fprintf(stderr, "ccs run: unexpected first line from the reference server: \"%s\"\n", line);
            goto done;
        }
        snprintf(url, cap, "http://127.0.0.1:%ld", port);
    }
    rc = 0;
done:
    close(fds[0]);
    return rc;
}

static void stop_server(void)
{
    pid_t pid = (pid_t)server_pid;

    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    server_pid = 0;
}

/* ---- progress ------------------------------------------------------------ */

struct progress {
    int tty;
    size_t counts[4];
};

static void on_progress(void *ud, const ccs_case_result *r, size_t done, size_t total)
{
    struct progress *p = ud;

    if (r->verdict <= CCS_SKIP)
        p->counts[r->verdict]++;
    if (!p->tty)
        return;
    fprintf(stderr, "\r\033[K[%3zu/%zu] pass %zu fail %zu error %zu  %s", done, total, p->counts[CCS_PASS],
            p->counts[CCS_FAIL], p->counts[CCS_ERROR], r->id ? r->id : "");
    fflush(stderr);
}

static void random_key(char *buf, size_t cap)
{
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char b[24];
    size_t i;

    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
        for (i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)(rand() ^ (int)getpid() ^ (int)time(NULL));
    snprintf(buf, cap, "sk_test_");
    for (i = 0; i < sizeof b && strlen(buf) + 1 < cap; i++) {
        size_t n = strlen(buf);

        buf[n] = alnum[b[i] % (sizeof alnum - 1)];
        buf[n + 1] = '\0';
    }
}

/* ---- several targets ------------------------------------------------------ */

#define MAX_TARGETS 16
#define MAX_FEATURES 32
#define MAX_VALUES 32
#define FAILURE_LINES_MAX 50
#define CAUSE_LINES_MAX 5     /* causes printed after the totals */

/* One implementation under test and everything its run produced. */
struct target {
    char name[128];      /* report name: NAME of NAME=URL, else the URL */
    char url[512];
    const char *key, *alt, *kf_path, *baseline;
    ccs_known_failures kf;
    ccs_run_result base;
    int have_base, base_missing;
    ccs_run_result run;
    int ran;             /* run holds results and reports were written */
    ccs_diff diff;
    int have_diff;
    char dir[4096];
    int status;          /* this target's exit status */
    char version[64];    /* with --api-version V1,V2: this run's version ("" otherwise) */
};

/* Options given once per target or once for all: [NAME=]VALUE. */
struct values {
    const char *v[MAX_VALUES];
    size_t n;
    const char *flag;
};

/* What every target's run shares. */
struct run_ctx {
    ccs_case_set *set;
    ccs_lint *lint;
    ccs_contracts *contracts;
    const ccs_api *api;
    const char *golden;
    int auto_version;           /* --api-version auto: each target's own */
    ccs_runner_config base_cfg;
    const char *history;
    const char *profile;
    int strict, annotate, baseline_update, multi;
    char run_id[64];
    double started_at;
    char dir[4000];             /* the run's report directory */
    char history_buf[4096];     /* history: the default beside dir */
};

static int valid_name(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || n > 64 || s[0] == '.')
        return 0;
    for (i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", s[i]))
            return 0;
    return 1;
}

/* The value of vals for target t: "NAME=VALUE" for t wins over a shared
 * VALUE. Returns -1 (message printed) on a usage error. */
static int pick_value(const struct values *vals, const struct target *targets, size_t nt, const struct target *t,
                      const char **out)
{
    const char *shared = NULL;
    size_t i, j;

    *out = NULL;
    for (i = 0; i < vals->n; i++) {
        const char *v = vals->v[i], *eq = strchr(v, '=');
        int named = 0;

        if (eq && valid_name(v, (size_t)(eq - v))) {
            for (j = 0; j < nt && !named; j++)
                named = strlen(targets[j].name) == (size_t)(eq - v) && !strncmp(targets[j].name, v, (size_t)(eq - v));
            if (!named && nt > 1) {
                fprintf(stderr, "ccs run: %s %.*s=...: no --target named '%.*s'\n", vals->flag, (int)(eq - v), v,
                        (int)(eq - v), v);
                return -1;
            }
        }
        if (named) {
            if ((size_t)(eq - v) == strlen(t->name) && !strncmp(t->name, v, (size_t)(eq - v)))
                *out = eq + 1;
        } else if (shared) {
            fprintf(stderr, "ccs run: %s is given twice without a NAME= prefix\n", vals->flag);
            return -1;
        } else {
            shared = v;
        }
    }
    if (!*out)
        *out = shared;
    return 0;
}

static int add_value(struct values *vals, const char *v)
{
    if (vals->n >= MAX_VALUES) {
        fprintf(stderr, "ccs run: %s given more than %d times\n", vals->flag, MAX_VALUES);
        return -1;
    }
    vals->v[vals->n++] = v;
    return 0;
}

/* Fill name and url of t from "[NAME=]URL". */
static int parse_target(const char *arg, struct target *t, int multi)
{
    const char *eq = strchr(arg, '='), *scheme = strstr(arg, "://"), *url = arg;

    /* NAME=URL names the implementation in reports. */
    if (eq && (!scheme || eq < scheme)) {
        if (!valid_name(arg, (size_t)(eq - arg))) {
            fprintf(stderr, "ccs run: --target name '%.*s': use letters, digits, '_', '.', '-' (not first)\n",
                    (int)(eq - arg), arg);
            return -1;
        }
        snprintf(t->name, sizeof t->name, "%.*s", (int)(eq - arg), arg);
        url = eq + 1;
    } else if (multi) {
        fprintf(stderr, "ccs run: with several --target options each needs a name: --target NAME=URL ('%s')\n",
                arg);
        return -1;
    } else {
        snprintf(t->name, sizeof t->name, "%s", arg);
    }
    if (strlen(url) >= sizeof t->url) {
        fprintf(stderr, "ccs run: --target URL is too long\n");
        return -1;
    }
    snprintf(t->url, sizeof t->url, "%s", url);
    while (strlen(t->url) > 0 && t->url[strlen(t->url) - 1] == '/')
        t->url[strlen(t->url) - 1] = '\0';
    if (strncmp(t->url, "http://", 7) && strncmp(t->url, "https://", 8)) {
        fprintf(stderr, "ccs run: --target '%s': the URL must start with http:// or https://\n", url);
        return -1;
    }
    return 0;
}

static void today_utc(char *buf, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(buf, cap, "%Y-%m-%d", &tm);
}

static int write_diff_file(const char *dir, const char *name, int html, const struct target *t)
{
    char path[4200];
    ccs_error err;
    FILE *f;
    int rc;

    ccs_error_clear(&err);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "ccs run: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    rc = html ? ccs_diff_write_html(&t->diff, &t->base, &t->run, f, &err)
              : ccs_diff_write_markdown(&t->diff, &t->base, &t->run, f, &err);
    if (fclose(f) != 0 && rc == CCS_OK)
        rc = ccs_error_set(&err, CCS_EIO, -1, "write failed: %s", strerror(errno));
    if (rc != CCS_OK)
        fprintf(stderr, "ccs run: %s: %s\n", path, err.message);
    return rc == CCS_OK ? 0 : -1;
}

/* The largest causes of the failures, after the totals: where to start. */
static void print_causes(const struct target *t)
{
    ccs_causes causes;
    ccs_error err;
    size_t i;

    ccs_error_clear(&err);
    if (ccs_causes_build(&t->run, &causes, &err) != CCS_OK || causes.count == 0) {
        ccs_causes_free(&causes);
        return;
    }
    fprintf(stderr, "%zu cause%s of failure, largest first (a guess is only a guess):\n", causes.count,
            causes.count == 1 ? "" : "s");
    for (i = 0; i < causes.count && i < CAUSE_LINES_MAX; i++) {
        const ccs_cause *c = &causes.items[i];

        fprintf(stderr, "  %4zu  %s%s%s%s\n", c->count, c->title, c->guess ? " (guess: " : "",
                c->guess ? c->guess : "", c->guess ? ")" : "");
    }
    if (causes.count > CAUSE_LINES_MAX)
        fprintf(stderr, "  ... %zu more causes, see %s/summary.md\n", causes.count - CAUSE_LINES_MAX, t->dir);
    ccs_causes_free(&causes);
}

/* The lines a person reads first: what failed and why, then the totals. */
static void print_summary(const struct run_ctx *rc, const struct target *t, const ccs_gate *g, size_t gating,
                          int embedded)
{
    const char *label = rc->multi ? t->name : NULL;
    char why[160];
    size_t i, shown = 0, more = 0;

    for (i = 0; i < t->run.count; i++) {
        const ccs_case_result *r = &t->run.cases[i];
        ccs_gate_class cls = ccs_gate_case(g, r, why, sizeof why);

        if (cls == CCS_GATE_PASSES)
            continue;
        if (shown >= FAILURE_LINES_MAX) {
            more++;
            continue;
        }
        shown++;
        fprintf(stderr, "%s%s%s %s%s%s%s: %s\n", label ? label : "", label ? ": " : "", ccs_verdict_name(r->verdict),
                r->id, cls == CCS_GATE_FAILS ? "" : " (not gating: ", cls == CCS_GATE_FAILS ? "" : why,
                cls == CCS_GATE_FAILS ? "" : ")", r->message ? r->message : "");
    }
    if (more)
        fprintf(stderr, "... %zu more failing cases, see %s/summary.md\n", more, t->dir);
    if (t->have_diff) {
        fprintf(stderr, "baseline %s%s: %zu regressed, %zu fixed, %zu new, %zu removed, %zu still failing\n",
                t->baseline, t->base_missing ? " (none yet)" : "", t->diff.n[CCS_DIFF_REGRESSED],
                t->diff.n[CCS_DIFF_FIXED], t->diff.n[CCS_DIFF_NEW], t->diff.n[CCS_DIFF_REMOVED],
                t->diff.n[CCS_DIFF_STILL_FAILING]);
    }
    fprintf(stderr, "%zu cases: %zu pass, %zu fail, %zu error, %zu skip in %.1f s (target %s, API %s, profile %s%s)\n",
            t->run.count, ccs_result_count(&t->run, CCS_PASS), ccs_result_count(&t->run, CCS_FAIL),
            ccs_result_count(&t->run, CCS_ERROR), ccs_result_count(&t->run, CCS_SKIP), t->run.duration_ms / 1000.0,
            embedded ? "embedded reference server" : t->name, t->run.api_version, rc->profile,
            rc->strict ? ", strict" : "");
    if (t->run.cleanup.enabled)
        fprintf(stderr, "cleanup: expired %d of the %d sessions the run created (%d no longer open, %d failed)\n",
                t->run.cleanup.expired, t->run.cleanup.created, t->run.cleanup.closed, t->run.cleanup.failed);
    if (t->run.interrupted)
        fprintf(stderr, "interrupted: cases not started are SKIP\n");
    print_causes(t);
    if (gating)
        fprintf(stderr, "gate FAILED: %zu case%s fail%s it\n", gating, gating == 1 ? "" : "s", gating == 1 ? "s" : "");
    else
        fprintf(stderr, "gate passed\n");
    fprintf(stderr, "reports: %s/\n", t->dir);
}

/* --api-version auto: the version the target names in Stripe-Version, else
 * latest (said so). Loads that version's contracts (into api and contracts) for
 * this target. Returns -1 (message printed) on an error. */
static int target_version(const struct run_ctx *rc, const struct target *t, ccs_runner_config *cfg, ccs_api **api,
                          ccs_contracts **contracts)
{
    char named[CCS_VERSION_MAX];
    const char *use = "latest";
    ccs_error err;

    ccs_error_clear(&err);
    if (t->version[0] && strcmp(t->version, "auto"))
        snprintf(named, sizeof named, "%s", t->version); /* one of --api-version V1,V2,... */
    else if (ccs_runner_probe_version(cfg, named, sizeof named, &err) != CCS_OK)
        named[0] = '\0';
    if (!named[0])
        fprintf(stderr, "ccs run: %s names no Stripe-Version; judging it by the latest known version\n", t->name);
    else if (ccs_versions_pick(rc->api->versions, named, named, sizeof named, &err) != CCS_OK)
        fprintf(stderr, "ccs run: %s speaks an API version not known here (%s); judging it by the latest\n", t->name,
                err.message);
    else
        use = named;
    if (ccs_versions_open(rc->golden, use, api, &err) ||
        ccs_contract_load_version(rc->golden, (*api)->version, contracts, &err)) {
        fprintf(stderr, "ccs run: --api-version auto: %s\n", err.message);
        return -1;
    }
    if (named[0] && use == named && (!t->version[0] || !strcmp(t->version, "auto")))
        fprintf(stderr, "ccs run: %s speaks API %s (its Stripe-Version)\n", t->name, (*api)->version);
    cfg->api = *api;
    cfg->contracts = *contracts;
    return 0;
}

/* Stripe's documented limit is 25 requests/s in test mode (100 live); 20
 * leaves room for whatever else uses the account. */
#define STRIPE_RATE 20.0

/* 1 when url's host is stripe.com or a subdomain of it (api.stripe.com). */
static int stripe_host(const char *url)
{
    const char *h = strstr(url, "://"), *end, *at;
    size_t n;

    h = h ? h + 3 : url;
    end = h + strcspn(h, "/?#");
    at = memchr(h, '@', (size_t)(end - h));
    if (at)
        h = at + 1; /* user:password@ */
    n = strcspn(h, ":/?#");
    if (h + n > end)
        n = (size_t)(end - h);
    if (n && h[n - 1] == '.')
        n--; /* the absolute form api.stripe.com. */
    return (n == 10 && !strncasecmp(h, "stripe.com", 10)) ||
           (n > 11 && !strncasecmp(h + n - 11, ".stripe.com", 11));
}

/* Run the suite against one target; sets t->status (0, 1, 2). */
static void run_target(struct run_ctx *rc, struct target *t, int embedded, struct progress *prog)
{
    ccs_api *own_api = NULL;
    ccs_contracts *own_contracts = NULL;
    ccs_runner_config cfg = rc->base_cfg;
    char gen_key[64], gen_alt[80], today[16];
    ccs_error err;
    ccs_gate g;
    size_t gating;

    ccs_error_clear(&err);
    t->status = 2;
    if (embedded) {
        if (start_server(t->url, sizeof t->url))
            goto done;
        if (!t->key || !*t->key) {
            random_key(gen_key, sizeof gen_key);
            t->key = gen_key;
        }
        if (!t->alt || !*t->alt) {
            snprintf(gen_alt, sizeof gen_alt, "%s_alt", t->key);
            t->alt = gen_alt;
        }
    }
    cfg.target = t->url;
    if (cfg.rate < 0) {
        cfg.rate = stripe_host(t->url) ? STRIPE_RATE : 0;
        if (cfg.rate > 0)
            fprintf(stderr, "ccs run: %s is Stripe: at most %g requests/s (--rate N to change, 0 = no limit)\n",
                    t->name, cfg.rate);
    }
    if (cfg.cleanup < 0) /* a shared sandbox: leave no open sessions behind */
        cfg.cleanup = stripe_host(t->url);
    cfg.api_key = t->key;
    cfg.alt_api_key = t->alt;
    if (ccs_runner_probe(&cfg, &err)) {
        fprintf(stderr, "ccs run: target %s (%s) is not reachable: %s\n", t->name, t->url, err.message);
        goto done;
    }
    t->run.run_id = strdup(rc->run_id);
    t->run.target = strdup(t->url);
    t->run.target_name = strdup(t->name);
    t->run.profile = strdup(rc->profile);
    if ((rc->auto_version || t->version[0]) && target_version(rc, t, &cfg, &own_api, &own_contracts))
        goto done;
    t->run.api_version = strdup(cfg.api->version);
    t->run.started_at = rc->started_at;
    if (!t->run.run_id || !t->run.target || !t->run.target_name || !t->run.profile || !t->run.api_version) {
        fprintf(stderr, "ccs run: out of memory\n");
        goto done;
    }
    memset(prog->counts, 0, sizeof prog->counts);
    if (ccs_runner_run(&cfg, rc->set, &t->run, &err)) {
        if (prog->tty)
            fprintf(stderr, "\n");
        fprintf(stderr, "ccs run: %s: %s\n", t->name, err.message);
        goto done;
    }
    if (prog->tty)
        fprintf(stderr, "\r\033[K");
    if (embedded)
        stop_server();
    today_utc(today, sizeof today);
    if (t->kf_path && ccs_known_failures_apply(&t->kf, &t->run, today, &err) < 0) {
        fprintf(stderr, "ccs run: %s\n", err.message);
        goto done;
    }
    if (ccs_report_write_all(&t->run, t->dir, rc->history, &err)) {
        fprintf(stderr, "ccs run: writing reports: %s\n", err.message);
        goto done;
    }
    t->ran = 1;
    if (t->have_base) {
        if (ccs_diff_compute(&t->base, &t->run, &t->diff, &err)) {
            fprintf(stderr, "ccs run: comparing with baseline %s: %s\n", t->baseline, err.message);
            goto done;
        }
        t->have_diff = 1;
        if (write_diff_file(t->dir, "diff.md", 0, t) || write_diff_file(t->dir, "diff.html", 1, t))
            goto done;
    }
    memset(&g, 0, sizeof g);
    g.run = &t->run;
    g.diff = t->have_diff ? &t->diff : NULL;
    g.kf = t->kf_path ? &t->kf : NULL;
    g.today = today;
    gating = ccs_gate_count(&g);
    print_summary(rc, t, &g, gating, embedded);
    if (rc->annotate && ccs_gate_annotate_github(&g, rc->multi ? t->name : NULL, 50, stdout, &err))
        fprintf(stderr, "ccs run: annotations: %s\n", err.message);
    t->status = gating ? 1 : 0;
    if (rc->baseline_update && t->baseline) {
        char results[4200];

        if (gating) {
            fprintf(stderr, "baseline %s not updated: the gate failed (fix the regressions or list them in "
                            "--known-failures first)\n", t->baseline);
        } else {
            snprintf(results, sizeof results, "%s/results.json", t->dir);
            if (ccs_baseline_update(results, t->baseline, &err)) {
                fprintf(stderr, "ccs run: %s\n", err.message);
                t->status = 2;
            } else {
                fprintf(stderr, "baseline %s updated\n", t->baseline);
            }
        }
    }
done:
    if (embedded) {
        stop_server();
        if (t->key == gen_key)
            t->key = NULL;
        if (t->alt == gen_alt)
            t->alt = NULL;
    }
    ccs_contract_free(own_contracts);
    ccs_versions_close(own_api);
}

static int write_matrix(const char *dir, struct target *targets, size_t nt)
{
    ccs_run_result runs[MAX_TARGETS];
    char path[4200];
    ccs_error err;
    size_t i, n = 0;

    ccs_error_clear(&err);
    for (i = 0; i < nt; i++)
        if (targets[i].ran)
            runs[n++] = targets[i].run;
    if (!n)
        return 0;
    snprintf(path, sizeof path, "%s/matrix.html", dir);
    if (ccs_report_write_matrix_html(runs, n, path, &err) == CCS_OK) {
        snprintf(path, sizeof path, "%s/matrix.md", dir);
        if (ccs_report_write_matrix_markdown(runs, n, path, &err) == CCS_OK) {
            fprintf(stderr, "matrix of %zu implementations: %s/matrix.html\n", n, dir);
            return 0;
        }
    }
    fprintf(stderr, "ccs run: writing the matrix: %s\n", err.message);
    return -1;
}

/* ---- the command: options -> data -> targets -> reports and gate ---------- */

enum { O_TARGET = 1, O_KEY, O_ALT, O_PROFILE, O_FILTER, O_JOBS, O_REPORT, O_HISTORY, O_KF, O_STRICT, O_TIMEOUT,
       O_PRICE, O_GOLDEN, O_LIST, O_HELP, O_BASELINE, O_BASELINE_UPDATE, O_ANNOTATE, O_BREAKER,
       O_FEATURE, O_API_VERSION, O_ALLOW_LIVE, O_RATE, O_CLEANUP, O_NO_CLEANUP };

/* The command line, as given. */
struct run_options {
    const char *profile, *filter, *report_dir, *history, *price, *golden, *api_version;
    const char *target_args[MAX_TARGETS];
    size_t ntargets;
    struct values keys, alts, kfs, baselines;
    const char *features[MAX_FEATURES + 1];
    size_t nfeatures;
    long jobs, timeout, breaker;
    double rate;                /* < 0: not given, the target's default */
    int cleanup;                /* < 0: not given, the target's default */
    int strict, list, annotate, baseline_update, allow_live;
};

/* One option that takes no decision about help or unknown options.
 * Returns -1 (message printed) on a bad value. */
static int set_option(struct run_options *o, int c, const char *arg)
{
    char *end = NULL;

    switch (c) {
    case O_TARGET:
        if (o->ntargets >= MAX_TARGETS) {
            fprintf(stderr, "ccs run: at most %d --target options\n", MAX_TARGETS);
            return -1;
        }
        o->target_args[o->ntargets++] = arg;
        break;
    case O_KEY: return add_value(&o->keys, arg);
    case O_ALT: return add_value(&o->alts, arg);
    case O_PROFILE: o->profile = arg; break;
    case O_FILTER: o->filter = arg; break;
    case O_JOBS:
        o->jobs = strtol(arg, &end, 10);
        if (*end || o->jobs < 1 || o->jobs > 64) {
            fprintf(stderr, "ccs run: --jobs must be 1..64\n");
            return -1;
        }
        break;
    case O_REPORT: o->report_dir = arg; break;
    case O_HISTORY: o->history = arg; break;
    case O_KF: return add_value(&o->kfs, arg);
    case O_BASELINE: return add_value(&o->baselines, arg);
    case O_BASELINE_UPDATE: o->baseline_update = 1; break;
    case O_ANNOTATE:
        if (!strcmp(arg, "github")) {
            o->annotate = 1;
        } else if (strcmp(arg, "none")) {
            fprintf(stderr, "ccs run: --annotate must be github or none\n");
            return -1;
        }
        break;
    case O_BREAKER:
        o->breaker = strtol(arg, &end, 10);
        if (*end || o->breaker < 0 || o->breaker > 100000) {
            fprintf(stderr, "ccs run: --max-consecutive-timeouts must be 0 (off) .. 100000\n");
            return -1;
        }
        break;
    case O_STRICT: o->strict = 1; break;
    case O_TIMEOUT:
        o->timeout = strtol(arg, &end, 10);
        if (*end || o->timeout < 1) {
            fprintf(stderr, "ccs run: --timeout must be a positive number of milliseconds\n");
            return -1;
        }
        break;
    case O_PRICE: o->price = arg; break;
    case O_FEATURE:
        if (o->nfeatures >= MAX_FEATURES || !*arg) {
            fprintf(stderr, "ccs run: --feature needs a name (at most %d features)\n", MAX_FEATURES);
            return -1;
        }
        o->features[o->nfeatures++] = arg;
        break;
    case O_GOLDEN: o->golden = arg; break;
    case O_API_VERSION: o->api_version = arg; break;
    case O_LIST: o->list = 1; break;
    case O_ALLOW_LIVE: o->allow_live = 1; break;
    case O_CLEANUP: o->cleanup = 1; break;
    case O_NO_CLEANUP: o->cleanup = 0; break;
    case O_RATE:
        o->rate = strtod(arg, &end);
        if (end == arg || *end || !(o->rate >= 0 && o->rate <= 100000)) {
            fprintf(stderr, "ccs run: --rate must be 0 (no limit) .. 100000 requests per second\n");
            return -1;
        }
        break;
    }
    return 0;
}

/* A live key's run creates and expires real Checkout Sessions in live mode;
 * that takes an explicit --allow-live, never a pasted key by mistake.
 * Returns -1 (message printed, key redacted) when vals holds a live key. */
static int refuse_live(const struct values *vals)
{
    static const char *const live[] = {"sk_live_", "rk_live_"};
    char shown[64];
    size_t i, j;

    for (i = 0; i < vals->n; i++) {
        const char *v = vals->v[i], *eq = strchr(v, '=');
        const char *key = eq && valid_name(v, (size_t)(eq - v)) ? eq + 1 : v; /* NAME=KEY */

        for (j = 0; j < sizeof live / sizeof live[0]; j++)
            if (!strncmp(key, live[j], strlen(live[j]))) {
                fprintf(stderr, "ccs run: %s %s is a live-mode key: a run creates and expires real Checkout "
                                "Sessions; use an sk_test_ key, or add --allow-live to run against live mode\n",
                        v == getenv("CCS_API_KEY")       ? "CCS_API_KEY"
                        : v == getenv("CCS_ALT_API_KEY") ? "CCS_ALT_API_KEY"
                                                         : vals->flag,
                        ccs_redact_key(key, shown, sizeof shown));
                return -1;
            }
    }
    return 0;
}

/* Parse argv into o (defaults, then options, then the environment).
 * Returns 0 to run, 1 after --help, -1 on a usage error (message printed). */
static int parse_options(int argc, char **argv, struct run_options *o)
{
    static const struct option opts[] = {
        {"target", required_argument, NULL, O_TARGET}, {"api-key", required_argument, NULL, O_KEY},
        {"alt-api-key", required_argument, NULL, O_ALT}, {"profile", required_argument, NULL, O_PROFILE},
        {"filter", required_argument, NULL, O_FILTER}, {"jobs", required_argument, NULL, O_JOBS},
        {"report-dir", required_argument, NULL, O_REPORT}, {"history", required_argument, NULL, O_HISTORY},
        {"known-failures", required_argument, NULL, O_KF}, {"strict", no_argument, NULL, O_STRICT},
        {"timeout", required_argument, NULL, O_TIMEOUT}, {"price-id", required_argument, NULL, O_PRICE},
        {"golden", required_argument, NULL, O_GOLDEN}, {"list", no_argument, NULL, O_LIST},
        {"baseline", required_argument, NULL, O_BASELINE},
        {"baseline-update", no_argument, NULL, O_BASELINE_UPDATE},
        {"annotate", required_argument, NULL, O_ANNOTATE},
        {"max-consecutive-timeouts", required_argument, NULL, O_BREAKER},
        {"feature", required_argument, NULL, O_FEATURE},
        {"api-version", required_argument, NULL, O_API_VERSION},
        {"allow-live", no_argument, NULL, O_ALLOW_LIVE}, {"rate", required_argument, NULL, O_RATE},
        {"cleanup", no_argument, NULL, O_CLEANUP}, {"no-cleanup", no_argument, NULL, O_NO_CLEANUP},
        {"help", no_argument, NULL, O_HELP}, {NULL, 0, NULL, 0}};
    int c;

    memset(o, 0, sizeof *o);
    o->profile = "core";
    o->keys.flag = "--api-key";
    o->alts.flag = "--alt-api-key";
    o->kfs.flag = "--known-failures";
    o->baselines.flag = "--baseline";
    o->jobs = 4;
    o->timeout = 10000;
    o->breaker = 3;
    o->rate = -1;
    o->cleanup = -1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == O_HELP) {
            usage(stdout);
            return 1;
        }
        if (c <= 0 || c > O_NO_CLEANUP) {
            fprintf(stderr, "ccs run: unknown or incomplete option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return -1;
        }
        if (set_option(o, c, optarg))
            return -1;
    }
    if (optind < argc) {
        fprintf(stderr, "ccs run: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return -1;
    }
    if (strcmp(o->profile, "core") && strcmp(o->profile, "full")) {
        fprintf(stderr, "ccs run: --profile must be core or full\n");
        return -1;
    }
    if (o->baseline_update && !o->baselines.n) {
        fprintf(stderr, "ccs run: --baseline-update needs --baseline FILE\n");
        return -1;
    }
    if (!o->ntargets && getenv("CCS_TARGET") && *getenv("CCS_TARGET"))
        o->target_args[o->ntargets++] = getenv("CCS_TARGET");
    if (!o->keys.n && getenv("CCS_API_KEY") && *getenv("CCS_API_KEY"))
        o->keys.v[o->keys.n++] = getenv("CCS_API_KEY");
    if (!o->alts.n && getenv("CCS_ALT_API_KEY") && *getenv("CCS_ALT_API_KEY"))
        o->alts.v[o->alts.n++] = getenv("CCS_ALT_API_KEY");
    if (!o->allow_live && (refuse_live(&o->keys) || refuse_live(&o->alts)))
        return -1;
    if (!o->golden)
        o->golden = ccs_paths_golden();
    else if (ccs_paths_set_golden(o->golden) != 0) /* the embedded server reads the same data */
        return -1;
    if (!o->api_version)
        o->api_version = getenv("CCS_API_VERSION") && *getenv("CCS_API_VERSION") ? getenv("CCS_API_VERSION") : "latest";
    return 0;
}

/* The targets of o (none given: the embedded server, *embedded set) with
 * their per-target options. *targets (calloc'd, *nt entries) is set even on
 * an error, for the caller to free. Returns -1 (message printed) on an error. */
static int setup_targets(const struct run_options *o, struct target **targets, size_t *nt, int *embedded)
{
    struct target *ts;
    size_t i, j, n = o->ntargets ? o->ntargets : 1;

    /* Targets first: the other per-target options refer to their names. */
    *nt = n;
    *targets = ts = calloc(n, sizeof *ts);
    if (!ts) {
        *nt = 0;
        fprintf(stderr, "ccs run: out of memory\n");
        return -1;
    }
    if (!o->ntargets) {
        *embedded = 1;
        snprintf(ts[0].name, sizeof ts[0].name, "reference");
    }
    for (i = 0; i < o->ntargets; i++) {
        if (parse_target(o->target_args[i], &ts[i], o->ntargets > 1))
            return -1;
        for (j = 0; j < i; j++)
            if (!strcmp(ts[j].name, ts[i].name)) {
                fprintf(stderr, "ccs run: two targets are named '%s'\n", ts[i].name);
                return -1;
            }
    }
    for (i = 0; i < n; i++) {
        struct target *t = &ts[i];

        if (pick_value(&o->keys, ts, n, t, &t->key) || pick_value(&o->alts, ts, n, t, &t->alt) ||
            pick_value(&o->kfs, ts, n, t, &t->kf_path) || pick_value(&o->baselines, ts, n, t, &t->baseline))
            return -1;
        if (!*embedded && (!t->key || !*t->key)) {
            fprintf(stderr, "ccs run: no API key for target %s: --api-key KEY (all targets), --api-key %s=KEY "
                            "or CCS_API_KEY\n", t->name, t->name);
            return -1;
        }
    }
    if (n > 1 && o->baselines.n) {
        /* A shared baseline would compare different implementations. */
        for (i = 0; i < o->baselines.n; i++)
            if (!strchr(o->baselines.v[i], '=')) {
                fprintf(stderr, "ccs run: with several targets give one --baseline NAME=FILE per target\n");
                return -1;
            }
    }
    return 0;
}

/* --api-version V1,V2,...: every target runs once per version, as NAME@V, and
 * the matrix shows them side by side. Returns -1 (message printed) on an error. */
static int expand_versions(const char *list, struct target **targets, size_t *nt)
{
    const char *p = list;
    size_t k = 1, i, j, n = 0;
    struct target *out;

    for (; *p; p++)
        k += *p == ',';
    if (k == 1)
        return 0;
    /* the matrix holds at most MAX_TARGETS columns */
    if (*nt * k > MAX_TARGETS || !(out = calloc(*nt * k, sizeof *out))) {
        fprintf(stderr, "ccs run: at most %d targets x API versions\n", MAX_TARGETS);
        return -1;
    }
    for (i = 0; i < *nt; i++)
        for (p = list, j = 0; j < k; j++) {
            size_t len = strcspn(p, ",");

            out[n] = (*targets)[i];
            if (!len || len >= sizeof out[n].version) {
                fprintf(stderr, "ccs run: --api-version: an empty or overlong name in '%s'\n", list);
                free(out);
                return -1;
            }
            snprintf(out[n].version, sizeof out[n].version, "%.*s", (int)len, p);
            snprintf(out[n].name, sizeof out[n].name, "%.60s@%s", (*targets)[i].name, out[n].version);
            n++;
            p += len + (p[len] == ',');
        }
    free(*targets);
    *targets = out;
    *nt = n;
    return 0;
}

/* Cases, contracts and the case lint from golden/. Data first: a broken
 * case file is a set-up error, found before any server starts. */
static int load_data(const char *golden, const char *version, ccs_api **api, ccs_case_set *set,
                     ccs_contracts **contracts, ccs_lint *lint)
{
    char path[4200];
    ccs_error err;
    size_t i;

    ccs_error_clear(&err);
    snprintf(path, sizeof path, "%s/cases", golden);
    if (ccs_cases_load_dir(path, set, &err)) {
        fprintf(stderr, "ccs run: cannot load cases: %s\n", err.message);
        return -1;
    }
    if (ccs_versions_open(golden, strcmp(version, "auto") ? version : "latest", api, &err)) {
        fprintf(stderr, "ccs run: --api-version: %s\n", err.message);
        return -1;
    }
    snprintf(path, sizeof path, "%s/contract/%s", golden, (*api)->version);
    if (ccs_contract_load_dir(path, contracts, &err)) {
        fprintf(stderr, "ccs run: cannot load contracts from %s: %s\n", path, err.message);
        return -1;
    }
    if (ccs_cases_lint(set, *contracts, lint, &err)) {
        fprintf(stderr, "ccs run: %s\n", err.message);
        return -1;
    }
    for (i = 0; i < lint->count && i < 20; i++)
        fprintf(stderr, "ccs run: case lint: %s\n", lint->items[i].text);
    if (lint->count > 20)
        fprintf(stderr, "ccs run: ... %zu more lint problems (those cases will be ERROR)\n", lint->count - 20);
    return 0;
}

/* --list: the ids the profile and filter select. */
static void list_cases(const struct run_options *o, const ccs_case_set *set)
{
    ccs_runner_config cfg;
    size_t i;

    memset(&cfg, 0, sizeof cfg);
    cfg.profile = o->profile;
    cfg.filter = o->filter;
    for (i = 0; i < set->count; i++)
        if (ccs_runner_selected(&cfg, &set->items[i]) &&
            (!strcmp(o->profile, "full") || !strcmp(set->items[i].profile, "core")))
            printf("%s\n", set->items[i].id);
}

/* Known failures and baselines are read before any request is sent: a typo
 * in a file name must not cost a whole run. */
static int load_gate_inputs(struct target *targets, size_t nt, int baseline_update)
{
    ccs_error err;
    size_t i;

    ccs_error_clear(&err);
    for (i = 0; i < nt; i++) {
        struct target *t = &targets[i];

        if (t->kf_path && ccs_known_failures_load(t->kf_path, &t->kf, &err)) {
            fprintf(stderr, "ccs run: --known-failures: %s\n", err.message);
            return -1;
        }
        if (t->baseline) {
            if (ccs_baseline_load(t->baseline, baseline_update, &t->base, &t->base_missing, &err)) {
                fprintf(stderr, "ccs run: --baseline: %s\n", err.message);
                return -1;
            }
            t->have_base = 1;
            if (t->base_missing)
                fprintf(stderr, "ccs run: baseline %s does not exist yet: every case is new; it is written "
                                "after a run whose gate passes\n", t->baseline);
        }
    }
    return 0;
}

/* Run id, start time, report directory (created) and history file of the
 * run, and each target's report directory. */
static int prepare_reports(const struct run_options *o, struct run_ctx *ctx, struct target *targets, size_t nt)
{
    struct timeval tv;
    struct tm tm;
    time_t now;
    ccs_error err;
    char *dir = ctx->dir;
    size_t i;

    ccs_error_clear(&err);
    gettimeofday(&tv, NULL);
    now = tv.tv_sec;
    gmtime_r(&now, &tm);
    strftime(ctx->run_id, sizeof ctx->run_id, "%Y%m%dT%H%M%SZ", &tm);
    ctx->started_at = (double)tv.tv_sec + tv.tv_usec / 1e6;
    if (o->report_dir) {
        snprintf(dir, sizeof ctx->dir, "%s", o->report_dir);
        while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
            dir[strlen(dir) - 1] = '\0';
    } else {
        struct stat st;
        char base[64];
        int n = 1;

        snprintf(base, sizeof base, "%s", ctx->run_id);
        snprintf(dir, sizeof ctx->dir, "reports/%s", ctx->run_id);
        /* Two runs in the same second get distinct directories. */
        while (stat(dir, &st) == 0 && n < 1000) {
            snprintf(ctx->run_id, sizeof ctx->run_id, "%.40s-%d", base, ++n);
            snprintf(dir, sizeof ctx->dir, "reports/%s", ctx->run_id);
        }
    }
    ctx->history = o->history;
    if (!ctx->history) {
        /* The history sits beside the run directories it charts:
         * reports/<run> and reports/mine both append to reports/history.jsonl. */
        const char *slash = strrchr(dir, '/');

        if (slash && slash > dir)
            snprintf(ctx->history_buf, sizeof ctx->history_buf, "%.*s/history.jsonl", (int)(slash - dir), dir);
        else
            snprintf(ctx->history_buf, sizeof ctx->history_buf, "%s", slash ? "/history.jsonl" : "history.jsonl");
        ctx->history = ctx->history_buf;
    }
    if (ccs_fs_mkdir_p(dir, &err) != CCS_OK) {
        fprintf(stderr, "ccs run: %s\n", err.message);
        return -1;
    }
    if (ctx->history && strchr(ctx->history, '/')) {
        char hdir[4096];

        snprintf(hdir, sizeof hdir, "%s", ctx->history);
        *strrchr(hdir, '/') = '\0';
        /* A failure shows when the history is written. */
        if (*hdir)
            ccs_fs_mkdir_p(hdir, NULL);
    }
    for (i = 0; i < nt; i++) {
        if (nt > 1)
            snprintf(targets[i].dir, sizeof targets[i].dir, "%.3900s/%s", dir, targets[i].name);
        else
            snprintf(targets[i].dir, sizeof targets[i].dir, "%s", dir);
    }
    return 0;
}

/* The runner configuration every target starts from, and the rest of ctx. */
static void make_config(const struct run_options *o, struct run_ctx *ctx, int embedded, size_t nt,
                        struct progress *prog)
{
    /* What the reference server supports beyond the defaults. */
    static const char *const embedded_features[] = {"catalog_price", "update_line_items", "custom_fields", NULL};
    ccs_runner_config *cfg = &ctx->base_cfg;

    memset(cfg, 0, sizeof *cfg);
    cfg->profile = o->profile;
    cfg->filter = o->filter;
    cfg->price_id = o->price;
    cfg->features = o->features;
    if (embedded) {
        /* The reference server has the seed's catalog price and supports
         * every optional feature the cases know. */
        if (!cfg->price_id)
            cfg->price_id = "price_1MotwRLkdIwHu7ixYcPLm5uZ";
        if (!o->nfeatures)
            cfg->features = embedded_features;
    }
    cfg->jobs = (int)o->jobs;
    cfg->strict = o->strict;
    cfg->timeout_ms = o->timeout;
    cfg->run_id = ctx->run_id;
    cfg->contracts = ctx->contracts;
    cfg->api = ctx->api;
    cfg->lint = ctx->lint;
    cfg->max_consecutive_timeouts = (int)o->breaker;
    cfg->rate = o->rate; /* < 0: each target's default (run_target) */
    cfg->cleanup = o->cleanup; /* < 0: likewise */
    cfg->max_response = CCS_RUNNER_MAX_RESPONSE;
    prog->tty = isatty(STDERR_FILENO);
    cfg->progress = on_progress;
    cfg->progress_ud = prog;
    ctx->profile = o->profile;
    ctx->strict = o->strict;
    ctx->annotate = o->annotate;
    ctx->baseline_update = o->baseline_update;
    ctx->multi = nt > 1;
}

/* Every target in turn, then the matrix of several; the worst status. */
static int run_targets(struct run_ctx *ctx, struct target *targets, size_t nt, int embedded, struct progress *prog)
{
    int rc = 0;
    size_t i;

    for (i = 0; i < nt; i++) {
        if (nt > 1)
            fprintf(stderr, "== target %s (%s)\n", targets[i].name, targets[i].url);
        run_target(ctx, &targets[i], embedded, prog);
        if (targets[i].status > rc)
            rc = targets[i].status;
    }
    if (nt > 1) {
        if (write_matrix(ctx->dir, targets, nt))
            rc = 2;
        for (i = 0; i < nt; i++)
            fprintf(stderr, "%-20s %s\n", targets[i].name,
                    targets[i].status == 0 ? "gate passed" : targets[i].status == 1 ? "gate FAILED" : "not run (set-up error)");
    }
    return rc;
}

int ccs_cmd_run(int argc, char **argv)
{
    struct run_options o;
    int rc = 2, embedded = 0, parsed;
    size_t nt = 0, i;
    ccs_case_set set = {0};
    ccs_lint lint = {0};
    ccs_contracts *contracts = NULL;
    ccs_api *api = NULL;
    struct target *targets = NULL;
    struct run_ctx ctx;
    struct progress prog = {0};
    struct sigaction sa, old_int, old_term;

    memset(&ctx, 0, sizeof ctx);
    memset(&sa, 0, sizeof sa);
    /* Stop the embedded server on Ctrl-C too. */
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    parsed = parse_options(argc, argv, &o);
    if (parsed) {
        rc = parsed > 0 ? 0 : 2;
        goto done;
    }
    if (setup_targets(&o, &targets, &nt, &embedded) || expand_versions(o.api_version, &targets, &nt) ||
        load_data(o.golden, strchr(o.api_version, ',') ? "latest" : o.api_version, &api, &set, &contracts, &lint))
        goto done;
    if (o.list) {
        list_cases(&o, &set);
        rc = 0;
        goto done;
    }
    if (load_gate_inputs(targets, nt, o.baseline_update))
        goto done;
    ctx.set = &set;
    ctx.lint = &lint;
    ctx.contracts = contracts;
    ctx.api = api;
    ctx.golden = o.golden;
    ctx.auto_version = !strcmp(o.api_version, "auto");
    if (prepare_reports(&o, &ctx, targets, nt))
        goto done;
    make_config(&o, &ctx, embedded, nt, &prog);
    rc = run_targets(&ctx, targets, nt, embedded, &prog);
    if (ccs_runner_interrupted())
        rc = 130;
done:
    stop_server();
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    for (i = 0; targets && i < nt; i++) {
        ccs_diff_free(&targets[i].diff);
        ccs_result_free(&targets[i].run);
        ccs_result_free(&targets[i].base);
        ccs_known_failures_free(&targets[i].kf);
    }
    free(targets);
    ccs_lint_free(&lint);
    ccs_cases_free(&set);
    ccs_contract_free(contracts);
    ccs_versions_close(api);
    return rc;
}
