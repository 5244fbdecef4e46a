/* junit.xml: one <testsuite> per area, one <testcase> per case id. CI
 * renderers show the failure message attribute first, so it carries the
 * case's one-line reason; the element text has the whole story. */
#include "ccs/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/escape.h"
#include "report_internal.h"

/* Junit's idea of the verdict: known failures are skipped, since the gate
 * ignores them. */
typedef enum { J_PASS, J_FAILURE, J_ERROR, J_SKIPPED } jverdict;

static jverdict jverdict_of(const ccs_case_result *c)
{
    if (c->verdict == CCS_PASS)
        return J_PASS;
    if (c->verdict == CCS_SKIP || c->known_failure)
        return J_SKIPPED;
    return c->verdict == CCS_FAIL ? J_FAILURE : J_ERROR;
}

static double seconds(double ms)
{
    return (isfinite(ms) && ms > 0) ? ms / 1000.0 : 0.0;
}

/* Write text (cleaned and escaped); returns -1 on ENOMEM. */
static int text(FILE *f, const char *s, size_t max)
{
    return ccs_escape_xml(f, s, max, 0);
}

static int attr(FILE *f, const char *name, const char *s)
{
    int rc;

    fprintf(f, " %s=\"", name);
    rc = ccs_escape_xml(f, s, REPORT_MAX_FIELD, 1);
    fputc('"', f);
    return rc;
}

/* "Label: value\n" when value is present. */
static int labelled(FILE *f, const char *label, const char *value)
{
    if (!value || !*value)
        return 0;
    fprintf(f, "%s: ", label);
    if (text(f, value, REPORT_MAX_FIELD))
        return -1;
    fputc('\n', f);
    return 0;
}

/* Body of <failure>/<error>/<skipped>: the message first. */
static int detail_body(FILE *f, const ccs_case_result *c)
{
    int rc = 0;

    if (c->message && *c->message) {
        rc |= text(f, c->message, REPORT_MAX_FIELD);
        fputc('\n', f);
    }
    rc |= labelled(f, "Verdict", ccs_verdict_name(c->verdict));
    rc |= labelled(f, "Level", c->level);
    rc |= labelled(f, "Case", c->description);
    rc |= labelled(f, "Requirement", c->requirement);
    rc |= labelled(f, "Pointer", c->pointer);
    rc |= labelled(f, "Expected", c->expected);
    rc |= labelled(f, "Actual", c->actual);
    rc |= labelled(f, "Reproduce", c->curl);
    return rc;
}

static int write_case(FILE *f, const ccs_case_result *c, const char *area)
{
    static const char *const elem[] = {NULL, "failure", "error", "skipped"};
    jverdict jv = jverdict_of(c);
    char *first = NULL, *prefixed = NULL;
    const char *msg;
    int rc = 0;

    fputs("    <testcase", f);
    fprintf(f, " classname=\"ccs.");
    rc |= ccs_escape_xml(f, area, REPORT_MAX_FIELD, 1);
    fputc('"', f);
    rc |= attr(f, "name", c->id ? c->id : "(no id)");
    fprintf(f, " time=\"%.3f\"", seconds(c->duration_ms));
    if (jv == J_PASS) {
        fputs("/>\n", f);
        goto done;
    }
    fputs(">\n", f);
    first = ccs_report_first_line(c->message, REPORT_MAX_LINE);
    if (!first) {
        rc = -1;
        goto done;
    }
    msg = first;
    if (jv == J_SKIPPED && c->verdict != CCS_SKIP) {
        size_t n = strlen(first) + 32;

        prefixed = malloc(n);
        if (!prefixed) {
            rc = -1;
            goto done;
        }
        snprintf(prefixed, n, "known failure: %s", first);
        msg = prefixed;
    } else if (!*first) {
        msg = jv == J_SKIPPED ? "skipped" : ccs_verdict_name(c->verdict);
    }
    fprintf(f, "      <%s", elem[jv]);
    rc |= attr(f, "message", msg);
    if (jv != J_SKIPPED)
        rc |= attr(f, "type", ccs_verdict_name(c->verdict));
    fputs(">", f);
    rc |= detail_body(f, c);
    fprintf(f, "</%s>\n", elem[jv]);
    if ((c->request && *c->request) || (c->response && *c->response)) {
        fputs("      <system-out>", f);
        if (c->request && *c->request) {
            fputs("Request:\n", f);
            rc |= text(f, c->request, REPORT_MAX_FIELD);
            fputs("\n\n", f);
        }
        if (c->response && *c->response) {
            fputs("Response:\n", f);
            rc |= text(f, c->response, REPORT_MAX_BODY);
            fputc('\n', f);
        }
        fputs("</system-out>\n", f);
    }
    fputs("    </testcase>\n", f);
done:
    free(first);
    free(prefixed);
    return rc;
}

static void count(const ccs_run_result *run, const char *area, size_t *tests, size_t *fail,
                  size_t *error, size_t *skip, double *secs)
{
    size_t i;

    *tests = *fail = *error = *skip = 0;
    *secs = 0;
    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];

        if (area && strcmp(ccs_report_area_name(c), area) != 0)
            continue;
        (*tests)++;
        switch (jverdict_of(c)) {
        case J_FAILURE: (*fail)++; break;
        case J_ERROR: (*error)++; break;
        case J_SKIPPED: (*skip)++; break;
        default: break;
        }
        *secs += seconds(c->duration_ms);
    }
}

static int properties(FILE *f, const ccs_run_result *run)
{
    int rc = 0;

    fputs("    <properties>\n", f);
    fputs("      <property name=\"run_id\"", f);
    rc |= attr(f, "value", run->run_id);
    fputs("/>\n      <property name=\"target\"", f);
    rc |= attr(f, "value", run->target);
    fputs("/>\n      <property name=\"target_name\"", f);
    rc |= attr(f, "value", run->target_name);
    fputs("/>\n      <property name=\"profile\"", f);
    rc |= attr(f, "value", run->profile);
    if (run->api_version) {
        fputs("/>\n      <property name=\"api_version\"", f);
        rc |= attr(f, "value", run->api_version);
    }
    fprintf(f, "/>\n      <property name=\"strict\" value=\"%s\"/>\n",
            run->strict ? "true" : "false");
    fputs("    </properties>\n", f);
    return rc;
}

int ccs_report_write_junit(const ccs_run_result *run, const char *path, ccs_error *err)
{
    ccs_report_out out = {0};
    ccs_report_area *areas = NULL;
    size_t nareas = 0, a, i, tests, fail, error, skip;
    double secs;
    char stamp[32];
    int rc, ok = 0;
    FILE *f;

    if (!run) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "no run to report");
        goto done;
    }
    rc = ccs_report_areas(run, &areas, &nareas, err);
    if (rc != CCS_OK)
        goto done;
    rc = ccs_report_out_open(&out, path, err);
    if (rc != CCS_OK)
        goto done;
    f = out.f;
    ccs_report_iso_time(run->started_at, stamp, sizeof stamp);
    count(run, NULL, &tests, &fail, &error, &skip, &secs);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
    if (attr(f, "name", run->target_name ? run->target_name : "ccs"))
        goto nomem;
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
            tests, fail, error, skip, secs);
    fprintf(f, " timestamp=\"%s\">\n", stamp);
    for (a = 0; a < nareas; a++) {
        count(run, areas[a].name, &tests, &fail, &error, &skip, &secs);
        fputs("  <testsuite", f);
        if (attr(f, "name", areas[a].name))
            goto nomem;
        fprintf(f,
                " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\""
                " timestamp=\"%s\">\n",
                tests, fail, error, skip, secs, stamp);
        if (properties(f, run))
            goto nomem;
        for (i = 0; i < run->count; i++) {
            if (strcmp(ccs_report_area_name(&run->cases[i]), areas[a].name) != 0)
                continue;
            if (write_case(f, &run->cases[i], areas[a].name))
                goto nomem;
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
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
    free(areas);
    return rc;
}
