/* summary.md: the run at a glance (header, per-area table), then every
 * FAIL/ERROR with what a developer needs to fix it, then the skips. */
#include "ccs/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/causes.h"
#include "ccs/escape.h"
#include "report_internal.h"

static int md(FILE *f, const char *s, size_t max)
{
    return ccs_escape_md_text(f, s, max, "\xe2\x80\x94");  /* em dash for nothing */
}

static int header(FILE *f, const ccs_run_result *run)
{
    char stamp[32];
    int rc = 0;
    double secs = (isfinite(run->duration_ms) && run->duration_ms > 0) ? run->duration_ms / 1000
                                                                          : 0;
    size_t known = 0, i;

    for (i = 0; i < run->count; i++)
        known += run->cases[i].known_failure != 0;
    ccs_report_iso_time(run->started_at, stamp, sizeof stamp);
    fputs("# Conformance report: ", f);
    rc |= md(f, run->target_name ? run->target_name : run->target, REPORT_MAX_LINE);
    fputs("\n\n| | |\n|---|---|\n| Target | ", f);
    rc |= md(f, run->target, REPORT_MAX_LINE);
    fputs(" |\n| Profile | ", f);
    rc |= md(f, run->profile, REPORT_MAX_LINE);
    fprintf(f, "%s |\n| API version | ", run->strict ? " (strict)" : "");
    rc |= md(f, run->api_version ? run->api_version : "(none named)", REPORT_MAX_LINE);
    fputs(" |\n| Run | ", f);
    rc |= md(f, run->run_id, REPORT_MAX_LINE);
    fprintf(f, " |\n| Started | %s |\n| Duration | %.1f s |\n", stamp, secs);
    fprintf(f, "| Cases | %zu: %zu passed, %zu failed, %zu errors, %zu skipped", run->count,
            ccs_result_count(run, CCS_PASS), ccs_result_count(run, CCS_FAIL),
            ccs_result_count(run, CCS_ERROR), ccs_result_count(run, CCS_SKIP));
    if (known)
        fprintf(f, " (%zu known failures)", known);
    fprintf(f, " |\n| Gate | **%s** |\n\n", ccs_result_gate_failed(run) ? "FAILED" : "PASSED");
    return rc;
}

static int area_table(FILE *f, const ccs_run_result *run, ccs_error *err)
{
    ccs_report_area *areas = NULL;
    size_t n = 0, i;
    int rc = ccs_report_areas(run, &areas, &n, err);

    if (rc != CCS_OK)
        goto done;
    fputs("## Areas\n\n| Area | Pass | Fail | Error | Skip | Known failures | Total |\n"
          "|---|---:|---:|---:|---:|---:|---:|\n", f);
    for (i = 0; i < n; i++) {
        fputs("| ", f);
        if (md(f, areas[i].name, REPORT_MAX_LINE)) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
        fprintf(f, " | %zu | %zu | %zu | %zu | %zu | %zu |\n", areas[i].pass, areas[i].fail,
                areas[i].error, areas[i].skip, areas[i].known, areas[i].total);
    }
    fprintf(f, "| **all** | %zu | %zu | %zu | %zu | | %zu |\n\n", ccs_result_count(run, CCS_PASS),
            ccs_result_count(run, CCS_FAIL), ccs_result_count(run, CCS_ERROR),
            ccs_result_count(run, CCS_SKIP), run->count);
done:
    free(areas);
    return rc;
}

static int field(FILE *f, const char *label, const char *s)
{
    int rc;

    if (!s || !*s)
        return 0;
    fprintf(f, "**%s:** ", label);
    rc = md(f, s, REPORT_MAX_FIELD);
    fputs("\n\n", f);
    return rc;
}

static int block(FILE *f, const char *label, const char *s, const char *lang)
{
    if (!s || !*s)
        return 0;
    fprintf(f, "**%s:**\n\n", label);
    if (ccs_escape_md_block(f, s, REPORT_MAX_FIELD, lang))
        return -1;
    fputc('\n', f);
    return 0;
}

static int failure(FILE *f, const ccs_case_result *c, size_t num)
{
    int rc = 0;

    fprintf(f, "### %zu. %s ", num, ccs_verdict_name(c->verdict));
    rc |= md(f, c->id, REPORT_MAX_LINE);
    if (c->level && *c->level) {
        fputs(" (", f);
        rc |= md(f, c->level, REPORT_MAX_LINE);
        fputc(')', f);
    }
    if (c->known_failure)
        fputs(" \xe2\x80\x94 known failure", f);
    fputs("\n\n", f);
    rc |= field(f, "Message", c->message);
    rc |= field(f, "Case", c->description);
    rc |= field(f, "Requirement", c->requirement);
    rc |= field(f, "Pointer", c->pointer);
    rc |= block(f, "Expected", c->expected, "text");
    rc |= block(f, "Actual", c->actual, "text");
    rc |= block(f, "Reproduce", c->curl, "sh");
    return rc;
}

int ccs_report_write_markdown(const ccs_run_result *run, const char *path, ccs_error *err)
{
    ccs_report_out out = {0};
    ccs_causes causes = {0};
    size_t i, num = 0, nbad, nskip;
    int rc, ok = 0, gate;
    FILE *f;

    if (!run) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "no run to report");
        goto done;
    }
    rc = ccs_report_out_open(&out, path, err);
    if (rc != CCS_OK)
        goto done;
    f = out.f;
    if ((rc = ccs_causes_build(run, &causes, err)) != CCS_OK)
        goto close;
    gate = ccs_result_gate_failed(run);
    /* a failed gate opens with its causes: what to fix comes first */
    if (header(f, run) || (gate && ccs_report_md_causes(f, run, &causes)))
        goto nomem;
    rc = area_table(f, run, err);
    if (rc != CCS_OK)
        goto close;
    if ((!gate && causes.count && ccs_report_md_causes(f, run, &causes)) || ccs_report_md_badge(f, run))
        goto nomem;
    nbad = ccs_result_count(run, CCS_FAIL) + ccs_result_count(run, CCS_ERROR);
    fprintf(f, "## Failures (%zu)\n\n", nbad);
    if (nbad == 0)
        fputs("None.\n\n", f);
    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];

        if (c->verdict != CCS_FAIL && c->verdict != CCS_ERROR)
            continue;
        if (failure(f, c, ++num))
            goto nomem;
    }
    nskip = ccs_result_count(run, CCS_SKIP);
    if (nskip) {
        fprintf(f, "## Skipped (%zu)\n\n| Case | Reason |\n|---|---|\n", nskip);
        for (i = 0; i < run->count; i++) {
            const ccs_case_result *c = &run->cases[i];

            if (c->verdict != CCS_SKIP)
                continue;
            fputs("| ", f);
            if (md(f, c->id, REPORT_MAX_LINE))
                goto nomem;
            fputs(" | ", f);
            if (md(f, c->message, REPORT_MAX_LINE))
                goto nomem;
            fputs(" |\n", f);
        }
        fputc('\n', f);
    }
    ok = 1;
    goto close;
nomem:
    rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory writing %s", path);
close:
    if (ok)
        rc = ccs_report_out_close(&out, 1, err);
    else
        ccs_report_out_close(&out, 0, err);
done:
    ccs_causes_free(&causes);
    return rc;
}
