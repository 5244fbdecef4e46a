/* reports/<run>/: every report of one run, plus the history line. */
#include "ccs/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ccs/escape.h"
#include "ccs/fs.h"
#include "report_internal.h"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* *dst = cleaned copy of src (keys redacted, UTF-8 repaired); NULL stays
 * NULL. Returns -1 on ENOMEM. */
static int clean_str(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = ccs_escape_clean(src, 0);
    return *dst ? 0 : -1;
}

/* results.json is written by the result module verbatim; give it a cleaned
 * copy so a key that slipped past the runner never reaches disk, and
 * invalid UTF-8 never makes the JSON invalid. */
static int clean_run(const ccs_run_result *src, ccs_run_result *dst)
{
    size_t i;
    int rc = 0;

    memset(dst, 0, sizeof *dst);
    dst->strict = src->strict;
    dst->started_at = src->started_at;
    dst->duration_ms = src->duration_ms;
    dst->interrupted = src->interrupted;
    dst->cleanup = src->cleanup;
    rc |= clean_str(&dst->run_id, src->run_id);
    rc |= clean_str(&dst->target, src->target);
    rc |= clean_str(&dst->target_name, src->target_name);
    rc |= clean_str(&dst->profile, src->profile);
    if (src->api_version)
        rc |= clean_str(&dst->api_version, src->api_version);
    for (i = 0; i < src->count && rc == 0; i++) {
        const ccs_case_result *a = &src->cases[i];
        ccs_case_result *b = ccs_result_add(dst);

        if (!b) {
            rc = -1;
            break;
        }
        b->verdict = a->verdict;
        b->known_failure = a->known_failure;
        b->duration_ms = a->duration_ms;
        b->retries = a->retries;
        rc |= clean_str(&b->id, a->id);
        rc |= clean_str(&b->area, a->area);
        rc |= clean_str(&b->description, a->description);
        rc |= clean_str(&b->level, a->level);
        rc |= clean_str(&b->profile, a->profile);
        rc |= clean_str(&b->requirement, a->requirement);
        rc |= clean_str(&b->message, a->message);
        rc |= clean_str(&b->pointer, a->pointer);
        rc |= clean_str(&b->expected, a->expected);
        rc |= clean_str(&b->actual, a->actual);
        rc |= clean_str(&b->curl, a->curl);
        rc |= clean_str(&b->request, a->request);
        rc |= clean_str(&b->response, a->response);
        rc |= clean_str(&b->endpoint, a->endpoint);
    }
    return rc;
}

int ccs_report_write_all(const ccs_run_result *run, const char *dir,
                         const char *history_path, ccs_error *err)
{
    static const char *const names[] = {"results.json", "junit.xml", "summary.md",
                                        "report.html", "badge.svg"};
    char *paths[5] = {NULL, NULL, NULL, NULL, NULL};
    ccs_history hist = {0};
    ccs_run_result clean = {0};
    int have_hist = 0, rc = CCS_OK;
    size_t i;

    if (!run || !dir || !*dir) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "report: no run or no directory");
        goto done;
    }
    rc = ccs_fs_mkdir_p(dir, err);
    if (rc != CCS_OK)
        goto done;
    for (i = 0; i < 5; i++) {
        paths[i] = join(dir, names[i]);
        if (!paths[i]) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
    }
    if (history_path) {
        rc = ccs_report_history_append(run, history_path, err);
        if (rc != CCS_OK)
            goto done;
        rc = ccs_report_history_load(history_path, 0, &hist, err);
        if (rc != CCS_OK)
            goto done;
        ccs_report_history_select(&hist, run->target_name, run->profile,
                                  CCS_REPORT_HISTORY_RUNS);
        have_hist = 1;
    }
    if (clean_run(run, &clean) != 0) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    rc = ccs_result_write_json(&clean, paths[0], err);
    if (rc == CCS_OK)
        rc = ccs_report_write_junit(run, paths[1], err);
    if (rc == CCS_OK)
        rc = ccs_report_write_markdown(run, paths[2], err);
    if (rc == CCS_OK)
        rc = ccs_report_write_html(run, have_hist ? &hist : NULL, paths[3], err);
    if (rc == CCS_OK)
        rc = ccs_report_write_badge(run, paths[4], err);
done:
    ccs_result_free(&clean);
    ccs_history_free(&hist);
    for (i = 0; i < 5; i++)
        free(paths[i]);
    return rc;
}
