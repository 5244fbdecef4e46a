/* badge.svg: "checkout conformance | 97% · 2026-07-29.dahlia", the shape of
 * the usual README badges, drawn without fonts or links so it shows the same
 * wherever it is served. */
#include "ccs/report.h"

#include <stdio.h>
#include <string.h>

#include "ccs/escape.h"
#include "report_internal.h"

#define LABEL "checkout conformance"
/* an average glyph of 11px Verdana/DejaVu Sans: text widths are estimated,
 * so the boxes fit without measuring fonts */
#define CHAR_W 6.5

unsigned ccs_report_conformance_percent(const ccs_run_result *run)
{
    size_t pass = ccs_result_count(run, CCS_PASS);
    size_t judged = pass + ccs_result_count(run, CCS_FAIL) + ccs_result_count(run, CCS_ERROR);

    return judged ? (unsigned)(pass * 100 / judged) : 100;
}

static const char *colour(unsigned pct)
{
    if (pct >= 95)
        return "#2da44e";
    if (pct >= 80)
        return "#bf8700";
    return "#cf222e";
}

int ccs_report_write_badge(const ccs_run_result *run, const char *path, ccs_error *err)
{
    ccs_report_out out = {0};
    char value[96];
    unsigned pct;
    double lw, vw;
    int rc, bad = 0;
    FILE *f;

    if (!run)
        return ccs_error_set(err, CCS_EINVAL, -1, "no run to report");
    pct = ccs_report_conformance_percent(run);
    snprintf(value, sizeof value, "%u%%%s%.60s", pct, run->api_version ? " \xc2\xb7 " : "",
             run->api_version ? run->api_version : "");
    lw = (double)strlen(LABEL) * CHAR_W + 12;
    vw = (double)strlen(value) * CHAR_W + 12;
    rc = ccs_report_out_open(&out, path, err);
    if (rc != CCS_OK)
        return rc;
    f = out.f;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"20\" role=\"img\" "
            "aria-label=\"" LABEL ": ",
            lw + vw);
    bad |= ccs_escape_xml(f, value, sizeof value, 1);
    fprintf(f,
            "\">\n<title>" LABEL ": ");
    bad |= ccs_escape_xml(f, value, sizeof value, 0);
    fprintf(f,
            "</title>\n<rect width=\"%.0f\" height=\"20\" rx=\"3\" fill=\"#555\"/>\n"
            "<rect x=\"%.0f\" width=\"%.0f\" height=\"20\" rx=\"3\" fill=\"%s\"/>\n"
            "<rect x=\"%.0f\" width=\"4\" height=\"20\" fill=\"%s\"/>\n"
            "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">\n"
            "<text x=\"6\" y=\"14\">" LABEL "</text>\n<text x=\"%.0f\" y=\"14\">",
            lw + vw, lw, vw, colour(pct), lw, colour(pct), lw + 6);
    bad |= ccs_escape_xml(f, value, sizeof value, 0);
    fputs("</text>\n</g>\n</svg>\n", f);
    if (!bad)
        return ccs_report_out_close(&out, 1, err);
    ccs_report_out_close(&out, 0, err);
    return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory writing %s", path);
}
