/* Shared machinery of the Criterion conformance suites. */
#include "suite_common.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ccs/cases.h"
#include "ccs/contract.h"
#include "ccs/paths.h"
#include "ccs/runner.h"
#include "ccs/versions.h"

static pid_t server_pid;

static void free_params(struct criterion_test_params *crp)
{
    cr_free(crp->params);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Only the area's own files: every test instance runs in a fresh process,
 * so loading all of golden/cases per instance would dominate the run. */
static int load_area(const char *area, ccs_case_set *set, ccs_error *err)
{
    char dir[1024], path[2048], rel[1024], *names[256];
    size_t n = 0, i, len;
    struct dirent *e;
    DIR *d;
    int rc = CCS_OK;

    snprintf(dir, sizeof dir, "%s/cases/%s", ccs_paths_golden(), area);
    d = opendir(dir);
    if (!d)
        return ccs_error_set(err, CCS_EIO, -1, "cannot open %s", dir);
    while ((e = readdir(d)) && n < sizeof names / sizeof names[0]) {
        len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_name);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(rel, sizeof rel, "%s/%s", area, names[i]);
        if (rc == CCS_OK)
            rc = ccs_cases_load_file(path, rel, area, set, err);
        free(names[i]);
    }
    return rc;
}

struct criterion_test_params ccs_suite_params(const char *area)
{
    ccs_case_set set = {0};
    ccs_error err;
    ccs_suite_param *params = NULL;
    size_t i, n = 0;

    if (load_area(area, &set, &err)) {
        fprintf(stderr, "suite %s: cannot load cases: %s\n", area, err.message);
        return cr_make_param_array(ccs_suite_param, NULL, 0, NULL);
    }
    for (i = 0; i < set.count; i++)
        n += !strcmp(set.items[i].area, area);
    params = n ? cr_malloc(n * sizeof *params) : NULL;
    n = 0;
    for (i = 0; params && i < set.count; i++)
        if (!strcmp(set.items[i].area, area)) {
            memset(&params[n], 0, sizeof params[n]);
            snprintf(params[n].id, sizeof params[n].id, "%s", set.items[i].id);
            n++;
        }
    ccs_cases_free(&set);
    return cr_make_param_array(ccs_suite_param, params, n, free_params);
}

ReportHook(PRE_ALL)(struct criterion_test_set *tests)
{
    const char *bin = getenv("CCS_BIN"), *target = getenv("CCS_TARGET");
    int fds[2];
    char line[64];
    size_t len = 0;
    struct pollfd pfd;

    (void)tests;
    if (target && *target)
        return;
    if (!bin || pipe(fds)) {
        fprintf(stderr, "suites: set CCS_TARGET or CCS_BIN (the ccs binary)\n");
        return;
    }
    server_pid = fork();
    if (server_pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(bin, "ccs", "serve", "--host", "127.0.0.1", "--port", "0", "--quiet", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    pfd.fd = fds[0];
    pfd.events = POLLIN;
    while (len + 1 < sizeof line && poll(&pfd, 1, 15000) > 0 && read(fds[0], line + len, 1) == 1 && line[len] != '\n')
        len++;
    line[len] = '\0';
    close(fds[0]);
    if (atoi(line) > 0) {
        char url[96];

        snprintf(url, sizeof url, "http://127.0.0.1:%d", atoi(line));
        /* Forked tests inherit it; the marker gives each case its own account. */
        setenv("CCS_TARGET", url, 1);
        setenv("CCS_SUITE_EMBEDDED", "1", 1);
    } else {
        fprintf(stderr, "suites: the reference server did not report a port (\"%s\")\n", line);
    }
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    (void)stats;
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        waitpid(server_pid, NULL, 0);
        server_pid = 0;
    }
}

/* FNV-1a: a stable per-case account on the embedded server. */
static unsigned long long hash_id(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

void ccs_suite_run_case(const char *area, const char *id)
{
    const char *target = getenv("CCS_TARGET"), *key = getenv("CCS_API_KEY");
    const char *strict_env = getenv("CCS_STRICT");
    int strict = strict_env && !strcmp(strict_env, "1");
    ccs_case_set set = {0};
    ccs_contracts *contracts = NULL;
    ccs_api *api = NULL;
    ccs_lint lint = {0};
    ccs_runner_config cfg;
    ccs_http_client *client = NULL;
    ccs_http_options o;
    ccs_case_result r;
    ccs_error err;
    const ccs_case *c;
    char own_key[96], own_alt[112];
    size_t idx;

    cr_assert(target && *target, "no target: set CCS_TARGET or CCS_BIN");
    cr_assert_eq(load_area(area, &set, &err), CCS_OK, "%s", err.message);
    /* Judged by CCS_API_VERSION (default latest), as `ccs run` judges. */
    cr_assert_eq(ccs_versions_open(NULL, getenv("CCS_API_VERSION"), &api, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_contract_load_version(NULL, api->version, &contracts, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_cases_lint(&set, contracts, &lint, &err), CCS_OK);
    c = ccs_cases_find(&set, id);
    cr_assert_not_null(c, "case %s disappeared", id);
    idx = (size_t)(c - set.items);
    if (getenv("CCS_SUITE_EMBEDDED") || !key || !*key) {
        /* Each case its own account: list cases see only their sessions. */
        snprintf(own_key, sizeof own_key, "sk_test_suite%016llx", hash_id(id));
        key = own_key;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.target = target;
    cfg.api_key = key;
    cfg.alt_api_key = getenv("CCS_ALT_API_KEY");
    if (getenv("CCS_SUITE_EMBEDDED")) { /* each key is an account there */
        snprintf(own_alt, sizeof own_alt, "%s_alt", key);
        cfg.alt_api_key = own_alt;
    }
    cfg.profile = "full";
    cfg.strict = strict;
    cfg.timeout_ms = 10000;
    cfg.run_id = "suite";
    cfg.contracts = contracts;
    cfg.api = api;
    cfg.price_id = getenv("CCS_PRICE_ID");
    memset(&o, 0, sizeof o);
    o.base_url = target;
    o.timeout_ms = cfg.timeout_ms;
    cr_assert_eq(ccs_http_client_new(&o, &client, &err), CCS_OK, "%s", err.message);
    memset(&r, 0, sizeof r);
    cr_assert_eq(ccs_runner_run_case(&cfg, client, c, &lint, idx, &r, &err), CCS_OK, "%s", err.message);
    ccs_http_client_free(client);
    if (r.verdict == CCS_SKIP)
        cr_skip_test("%s: %s", id, r.message ? r.message : "skipped");
    if (r.verdict != CCS_PASS) {
        const char *what = r.verdict == CCS_FAIL ? "FAIL" : "ERROR";

        if (!strcmp(c->level, "SHOULD") && !strict) {
            cr_log_info("%s [SHOULD, not gating without CCS_STRICT=1] %s: %s", what, id, r.message ? r.message : "");
        } else {
            cr_assert_fail("%s %s: %s\n  requirement: %s\n  pointer: %s\n  expected: %s\n  actual: %s\n  reproduce: %s",
                           what, id, r.message ? r.message : "", c->requirement, r.pointer ? r.pointer : "",
                           r.expected ? r.expected : "", r.actual ? r.actual : "", r.curl ? r.curl : "");
        }
    }
    {
        ccs_run_result run = {0};

        run.cases = malloc(sizeof r);
        if (run.cases) {
            run.cases[0] = r;
            run.count = run.cap = 1;
            ccs_result_free(&run);
        }
    }
    ccs_lint_free(&lint);
    ccs_contract_free(contracts);
    ccs_versions_close(api);
    ccs_cases_free(&set);
}
