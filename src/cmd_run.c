/* `ccs run`: the conformance suite against a target (default: the embedded
 * reference server, started and stopped here). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ccs/cases.h"
#include "ccs/contract.h"
#include "ccs/http.h"
#include "ccs/known_failures.h"
#include "ccs/paths.h"
#include "ccs/report.h"
#include "ccs/result.h"
#include "ccs/runner.h"
#include "commands.h"

#define SERVER_START_TIMEOUT_MS 15000

static volatile sig_atomic_t server_pid = 0;

static void on_signal(int sig)
{
    pid_t pid = (pid_t)server_pid;

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
            "  --target [NAME=]URL     implementation under test (env CCS_TARGET); default: start the\n"
            "                          embedded reference server on 127.0.0.1, port 0\n"
            "  --api-key KEY           secret key (env CCS_API_KEY); default for the embedded server: a\n"
            "                          generated sk_test_ key\n"
            "  --alt-api-key KEY       a second account's key ({{config.alt_api_key}}; default KEY_alt)\n"
            "  --profile core|full     core: create, retrieve, update, line items; full: also list, expire\n"
            "  --filter GLOB[,GLOB]    case ids to run (fnmatch; '!GLOB' excludes)\n"
            "  --jobs N                concurrent cases (default 4)\n"
            "  --report-dir DIR        default reports/<run_id>\n"
            "  --history FILE          append the run to FILE and chart it (default reports/history.jsonl\n"
            "                          when --report-dir is not given)\n"
            "  --known-failures FILE   ids/globs whose FAIL/ERROR does not fail the gate\n"
            "  --strict                SHOULD cases and SHOULD contract rules count\n"
            "  --timeout MS            per request (default 10000)\n"
            "  --price-id ID           a catalog price (enables cases with feature catalog_price)\n"
            "  --golden DIR            data directory (default $CCS_GOLDEN_DIR or the source tree's golden/)\n"
            "  --list                  print the selected case ids and exit\n"
            "exit: 0 all required cases pass, 1 a case failed, 2 usage/set-up error or unreachable target\n");
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

static int mkdir_p(const char *path)
{
    char tmp[4096], *p;

    snprintf(tmp, sizeof tmp, "%s", path);
    for (p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return (mkdir(tmp, 0755) && errno != EEXIST) ? -1 : 0;
}

int ccs_cmd_run(int argc, char **argv)
{
    enum { O_TARGET = 1, O_KEY, O_ALT, O_PROFILE, O_FILTER, O_JOBS, O_REPORT, O_HISTORY, O_KF, O_STRICT, O_TIMEOUT,
           O_PRICE, O_GOLDEN, O_LIST, O_HELP };
    static const struct option opts[] = {
        {"target", required_argument, NULL, O_TARGET}, {"api-key", required_argument, NULL, O_KEY},
        {"alt-api-key", required_argument, NULL, O_ALT}, {"profile", required_argument, NULL, O_PROFILE},
        {"filter", required_argument, NULL, O_FILTER}, {"jobs", required_argument, NULL, O_JOBS},
        {"report-dir", required_argument, NULL, O_REPORT}, {"history", required_argument, NULL, O_HISTORY},
        {"known-failures", required_argument, NULL, O_KF}, {"strict", no_argument, NULL, O_STRICT},
        {"timeout", required_argument, NULL, O_TIMEOUT}, {"price-id", required_argument, NULL, O_PRICE},
        {"golden", required_argument, NULL, O_GOLDEN}, {"list", no_argument, NULL, O_LIST},
        {"help", no_argument, NULL, O_HELP}, {NULL, 0, NULL, 0}};
    const char *target = getenv("CCS_TARGET"), *key = getenv("CCS_API_KEY"), *alt = NULL, *profile = "core";
    const char *filter = NULL, *report_dir = NULL, *history = NULL, *kf_path = NULL, *price = NULL;
    const char *golden = NULL;
    long jobs = 4, timeout = 10000;
    int strict = 0, list = 0, rc = 2, c, embedded = 0;
    char url[512], gen_key[64], dir[4096], path[4200], run_id[64], target_name[128];
    ccs_case_set set = {0};
    ccs_lint lint = {0};
    ccs_contracts *contracts = NULL;
    ccs_known_failures kf = {0};
    ccs_run_result run;
    ccs_runner_config cfg;
    ccs_error err;
    struct progress prog = {0};
    struct sigaction sa, old_int, old_term;
    size_t i;
    struct timeval tv;
    struct tm tm;
    time_t now;

    memset(&run, 0, sizeof run);
    memset(&cfg, 0, sizeof cfg);
    memset(&sa, 0, sizeof sa);
    ccs_error_clear(&err);
    snprintf(target_name, sizeof target_name, "reference");
    /* Stop the embedded server on Ctrl-C too. */
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end = NULL;

        switch (c) {
        case O_TARGET: target = optarg; break;
        case O_KEY: key = optarg; break;
        case O_ALT: alt = optarg; break;
        case O_PROFILE: profile = optarg; break;
        case O_FILTER: filter = optarg; break;
        case O_JOBS:
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > 64) {
                fprintf(stderr, "ccs run: --jobs must be 1..64\n");
                goto done;
            }
            break;
        case O_REPORT: report_dir = optarg; break;
        case O_HISTORY: history = optarg; break;
        case O_KF: kf_path = optarg; break;
        case O_STRICT: strict = 1; break;
        case O_TIMEOUT:
            timeout = strtol(optarg, &end, 10);
            if (*end || timeout < 1) {
                fprintf(stderr, "ccs run: --timeout must be a positive number of milliseconds\n");
                goto done;
            }
            break;
        case O_PRICE: price = optarg; break;
        case O_GOLDEN: golden = optarg; break;
        case O_LIST: list = 1; break;
        case O_HELP: usage(stdout); rc = 0; goto done;
        default:
            fprintf(stderr, "ccs run: unknown or incomplete option '%s'\n", argv[optind - 1]);
            usage(stderr);
            goto done;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ccs run: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        goto done;
    }
    if (strcmp(profile, "core") && strcmp(profile, "full")) {
        fprintf(stderr, "ccs run: --profile must be core or full\n");
        goto done;
    }
    if (!golden)
        golden = ccs_paths_golden();

    /* Data first: a broken case file is a set-up error, found before any
     * server starts. */
    snprintf(path, sizeof path, "%s/cases", golden);
    if (ccs_cases_load_dir(path, &set, &err)) {
        fprintf(stderr, "ccs run: cannot load cases: %s\n", err.message);
        goto done;
    }
    snprintf(path, sizeof path, "%s/contract", golden);
    if (ccs_contract_load_dir(path, &contracts, &err)) {
        fprintf(stderr, "ccs run: cannot load contracts from %s: %s\n", path, err.message);
        goto done;
    }
    if (ccs_cases_lint(&set, contracts, &lint, &err)) {
        fprintf(stderr, "ccs run: %s\n", err.message);
        goto done;
    }
    for (i = 0; i < lint.count && i < 20; i++)
        fprintf(stderr, "ccs run: case lint: %s\n", lint.items[i].text);
    if (lint.count > 20)
        fprintf(stderr, "ccs run: ... %zu more lint problems (those cases will be ERROR)\n", lint.count - 20);
    cfg.profile = profile;
    cfg.filter = filter;
    if (list) {
        for (i = 0; i < set.count; i++)
            if (ccs_runner_selected(&cfg, &set.items[i]) &&
                (!strcmp(profile, "full") || !strcmp(set.items[i].profile, "core")))
                printf("%s\n", set.items[i].id);
        rc = 0;
        goto done;
    }
    if (kf_path && ccs_known_failures_load(kf_path, &kf, &err)) {
        fprintf(stderr, "ccs run: --known-failures: %s\n", err.message);
        goto done;
    }

    /* Run id and report dir. */
    gettimeofday(&tv, NULL);
    now = tv.tv_sec;
    gmtime_r(&now, &tm);
    strftime(run_id, sizeof run_id, "%Y%m%dT%H%M%SZ", &tm);
    if (report_dir) {
        snprintf(dir, sizeof dir, "%s", report_dir);
    } else {
        struct stat st;
        char base[64];
        int n = 1;

        snprintf(base, sizeof base, "%s", run_id);
        snprintf(dir, sizeof dir, "reports/%s", run_id);
        /* Two runs in the same second get distinct directories. */
        while (stat(dir, &st) == 0 && n < 1000) {
            snprintf(run_id, sizeof run_id, "%.40s-%d", base, ++n);
            snprintf(dir, sizeof dir, "reports/%s", run_id);
        }
        if (!history)
            history = "reports/history.jsonl";
    }

    if (target && *target) {
        const char *eq = strchr(target, '='), *scheme = strstr(target, "://");

        /* NAME=URL names the implementation in reports. */
        if (eq && (!scheme || eq < scheme)) {
            snprintf(target_name, sizeof target_name, "%.*s", (int)(eq - target), target);
            target = eq + 1;
        } else {
            snprintf(target_name, sizeof target_name, "%s", target);
        }
        snprintf(url, sizeof url, "%s", target);
        while (strlen(url) > 0 && url[strlen(url) - 1] == '/')
            url[strlen(url) - 1] = '\0';
        if (!key || !*key) {
            fprintf(stderr, "ccs run: --api-key (or CCS_API_KEY) is required with --target\n");
            goto done;
        }
    } else {
        if (start_server(url, sizeof url)) {
            stop_server();
            goto done;
        }
        embedded = 1;
        if (!key || !*key) {
            random_key(gen_key, sizeof gen_key);
            key = gen_key;
        }
    }
    cfg.target = url;
    cfg.api_key = key;
    cfg.alt_api_key = alt;
    cfg.price_id = price;
    cfg.jobs = (int)jobs;
    cfg.strict = strict;
    cfg.timeout_ms = timeout;
    cfg.run_id = run_id;
    cfg.contracts = contracts;
    cfg.lint = &lint;
    prog.tty = isatty(STDERR_FILENO);
    cfg.progress = on_progress;
    cfg.progress_ud = &prog;
    if (ccs_runner_probe(&cfg, &err)) {
        fprintf(stderr, "ccs run: target %s is not reachable: %s\n", url, err.message);
        goto done;
    }
    run.run_id = strdup(run_id);
    run.target = strdup(url);
    run.target_name = strdup(target_name);
    run.profile = strdup(profile);
    run.started_at = (double)tv.tv_sec + tv.tv_usec / 1e6;
    if (!run.run_id || !run.target || !run.target_name || !run.profile) {
        fprintf(stderr, "ccs run: out of memory\n");
        goto done;
    }
    if (ccs_runner_run(&cfg, &set, &run, &err)) {
        if (prog.tty)
            fprintf(stderr, "\n");
        fprintf(stderr, "ccs run: %s\n", err.message);
        goto done;
    }
    if (prog.tty)
        fprintf(stderr, "\r\033[K");
    stop_server();
    if (kf_path && ccs_known_failures_apply(&kf, &run, NULL, &err) < 0) {
        fprintf(stderr, "ccs run: %s\n", err.message);
        goto done;
    }
    if (mkdir_p(dir)) {
        fprintf(stderr, "ccs run: cannot create %s: %s\n", dir, strerror(errno));
        goto done;
    }
    if (history && strchr(history, '/')) {
        char hdir[4096];

        snprintf(hdir, sizeof hdir, "%s", history);
        *strrchr(hdir, '/') = '\0';
        mkdir_p(hdir);
    }
    if (ccs_report_write_all(&run, dir, history, &err)) {
        fprintf(stderr, "ccs run: writing reports: %s\n", err.message);
        goto done;
    }
    /* Summary: failures first, then the totals. */
    for (i = 0; i < run.count; i++) {
        const ccs_case_result *r = &run.cases[i];

        if (r->verdict != CCS_FAIL && r->verdict != CCS_ERROR)
            continue;
        fprintf(stderr, "%s %s%s%s: %s\n", ccs_verdict_name(r->verdict), r->id,
                r->known_failure ? " (known failure)" : "", !strcmp(r->level, "SHOULD") ? " [SHOULD]" : "",
                r->message ? r->message : "");
    }
    fprintf(stderr, "%zu cases: %zu pass, %zu fail, %zu error, %zu skip in %.1f s (target %s, profile %s%s)\n",
            run.count, ccs_result_count(&run, CCS_PASS), ccs_result_count(&run, CCS_FAIL),
            ccs_result_count(&run, CCS_ERROR), ccs_result_count(&run, CCS_SKIP), run.duration_ms / 1000.0,
            embedded ? "embedded reference server" : target_name, profile, strict ? ", strict" : "");
    fprintf(stderr, "reports: %s/\n", dir);
    rc = ccs_result_gate_failed(&run) ? 1 : 0;
done:
    stop_server();
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    ccs_result_free(&run);
    ccs_known_failures_free(&kf);
    ccs_lint_free(&lint);
    ccs_cases_free(&set);
    ccs_contract_free(contracts);
    return rc;
}
