/* `ccs fuzz-remote`: stress a live implementation's decoder and validation. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"
#include "ccs/fs.h"
#include "ccs/http.h"
#include "ccs/redact.h"
#include "ccs/rfuzz.h"
#include "commands.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ccs fuzz-remote --target URL [--api-key KEY] [--requests N] [--duration S]\n"
            "                       [--seed S] [--timeout MS] [--report-dir DIR] [--golden DIR] [--verbose]\n"
            "                       [--create FILE]\n"
            "\n"
            "Sends structure-aware mutations of golden requests (wrong types, huge numbers, deep\n"
            "nesting, broken brackets and escapes, duplicate and unknown keys, enum near-misses,\n"
            "oversized values, invalid UTF-8, empty values) and judges every answer: no 5xx, every\n"
            "4xx a Stripe error envelope, every 2xx contract-valid, no hang, alive afterwards.\n"
            "--create FILE: the create parameters the target needs (a form body, or a JSON object\n"
            "of them); the anchor session and every mutated create start from it.\n"
            "Target and key also come from CCS_TARGET and CCS_API_KEY. Defaults: 1000 requests,\n"
            "seed 1, timeout 10000 ms, report dir reports/fuzz-remote-<seed>.\n"
            "Exit: 0 no findings, 1 findings, 2 usage error or unreachable target.\n");
}

/* --create FILE: a JSON object of create parameters, or a form body. */
static int load_create(const char *path, cJSON **out)
{
    char *text = NULL;
    size_t len = 0, i = 0;
    ccs_error err;
    int rc;

    *out = NULL;
    ccs_error_clear(&err);
    rc = ccs_fs_read_file(path, (size_t)1 << 20, &text, &len, &err);
    if (rc != CCS_OK)
        goto done;
    while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        i++;
    if (i < len && text[i] == '{') {
        *out = cJSON_ParseWithLength(text, len);
        if (!cJSON_IsObject(*out))
            rc = ccs_error_set(&err, CCS_EINVAL, -1, "not a JSON object");
    } else {
        /* a form body as curl -d would send it; a trailing newline is not part of it */
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            len--;
        rc = ccs_form_decode(text, len, NULL, NULL, out, &err);
    }
done:
    if (rc != CCS_OK) {
        fprintf(stderr, "ccs fuzz-remote: --create %s: %s\n", path, err.message);
        cJSON_Delete(*out);
        *out = NULL;
    }
    free(text);
    return rc;
}

static int parse_num(const char *s, double *out)
{
    char *end;

    *out = strtod(s, &end);
    return *s && !*end && *out >= 0;
}

int ccs_cmd_fuzz_remote(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"target", required_argument, 0, 't'},  {"api-key", required_argument, 0, 'k'},
        {"requests", required_argument, 0, 'n'}, {"duration", required_argument, 0, 'd'},
        {"seed", required_argument, 0, 's'},    {"timeout", required_argument, 0, 'T'},
        {"report-dir", required_argument, 0, 'r'}, {"golden", required_argument, 0, 'g'},
        {"verbose", no_argument, 0, 'v'},       {"help", no_argument, 0, 'h'},
        {"create", required_argument, 0, 'c'},
        {0, 0, 0, 0},
    };
    ccs_rfuzz_options o = {0};
    ccs_rfuzz_report rep = {0};
    ccs_error err;
    cJSON *create = NULL;
    const char *report_dir = NULL;
    char dirbuf[256], redacted[64];
    double v;
    int c, rc = 2;

    o.target = getenv("CCS_TARGET");
    o.api_key = getenv("CCS_API_KEY");
    o.requests = 1000;
    o.seed = 1;
    o.timeout_ms = 10000;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 't': o.target = optarg; break;
        case 'k': o.api_key = optarg; break;
        case 'r': report_dir = optarg; break;
        case 'g': o.golden_dir = optarg; break;
        case 'v': o.verbose = 1; break;
        case 'c':
            cJSON_Delete(create);
            if (load_create(optarg, &create) != CCS_OK)
                goto done;
            o.create = create;
            break;
        case 'h': usage(stdout); rc = 0; goto done;
        case 'n': case 'd': case 's': case 'T':
            if (!parse_num(optarg, &v)) {
                fprintf(stderr, "ccs fuzz-remote: --%s needs a non-negative number, got '%s'\n",
                        c == 'n' ? "requests" : c == 'd' ? "duration" : c == 's' ? "seed" : "timeout",
                        optarg);
                goto done;
            }
            if (c == 'n') o.requests = (long)v;
            if (c == 'd') o.duration_s = v;
            if (c == 's') o.seed = (uint64_t)v;
            if (c == 'T') o.timeout_ms = (long)v;
            break;
        default: usage(stderr); goto done;
        }
    }
    if (optind < argc || !o.target || !*o.target) {
        fprintf(stderr, "ccs fuzz-remote: %s\n", optind < argc ? "unexpected argument" : "--target URL is required");
        usage(stderr);
        goto done;
    }
    if (!o.api_key || !*o.api_key)
        o.api_key = "sk_test_ccsfuzzremote0000000000";
    if (!report_dir) {
        snprintf(dirbuf, sizeof dirbuf, "reports/fuzz-remote-%llu", (unsigned long long)o.seed);
        report_dir = dirbuf;
    }
    ccs_error_clear(&err);
    fprintf(stderr, "ccs fuzz-remote: %s (key %s), seed %llu\n", o.target,
            ccs_redact_key(o.api_key, redacted, sizeof redacted), (unsigned long long)o.seed);
    if (ccs_rfuzz_run(&o, &rep, &err) != CCS_OK) {
        fprintf(stderr, "ccs fuzz-remote: %s\n", err.message);
        goto done;
    }
    if (ccs_rfuzz_write_reports(&rep, report_dir, &err) != CCS_OK) {
        fprintf(stderr, "ccs fuzz-remote: %s\n", err.message);
        goto done;
    }
    printf("%ld requests in %.1f s (2xx %ld, 4xx %ld, 5xx %ld, transport %ld); %zu finding%s; "
           "alive afterwards: %s\nreports: %s/findings.md\n",
           rep.requests, rep.duration_ms / 1e3, rep.by_class[2], rep.by_class[4], rep.by_class[5],
           rep.by_class[0], rep.count, rep.count == 1 ? "" : "s", rep.alive_after ? "yes" : "no",
           report_dir);
    rc = rep.count ? 1 : 0;
done:
    ccs_rfuzz_report_free(&rep);
    cJSON_Delete(create);
    return rc;
}
