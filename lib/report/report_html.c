/* report.html: one self-contained page (inline CSS, no scripts, no external
 * assets; a CSP forbids both in case an escape is ever missed). Failures
 * expand with <details>; the history is an inline SVG. Layout: header,
 * failures by cause when the gate failed, scorecard, areas (with trends),
 * history (one line until there are three runs), every failure, every case.
 * It reads on a phone-width window and prints without the folded parts. */
#include "ccs/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/causes.h"
#include "ccs/escape.h"
#include "report_internal.h"

/* Runs of history before a chart and per-area trends are drawn. */
#define HISTORY_CHART_MIN 3

static const char css[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;"
    "color:#1b1f23}\n"
    "h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;"
    "text-align:left;vertical-align:top}th{background:#f5f5f5}td.n{text-align:right}\n"
    "pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.6em;overflow:auto;"
    "white-space:pre-wrap;word-break:break-all;max-height:30em}\n"
    "details{margin:.4em 0;border:1px solid #e1e4e8;border-radius:4px;padding:.3em .6em}\n"
    "summary{cursor:pointer}dt{font-weight:bold}dd{margin:0 0 .4em 1em}\n"
    ".v{font-weight:bold;padding:0 .4em;border-radius:3px;color:#fff}\n"
    ".PASS{background:#2da44e}.FAIL{background:#cf222e}.ERROR{background:#bc4c00}"
    ".SKIP{background:#6e7781}\n"
    ".gate-failed{color:#cf222e;font-weight:bold}.gate-passed{color:#2da44e;font-weight:bold}\n"
    ".known{color:#6e7781;font-style:italic}\n"
    ".guess{color:#6e7781;font-style:italic}.count{display:inline-block;min-width:3em;font-weight:bold}\n"
    ".scroll{overflow-x:auto}table.scorecard td,table.scorecard th{white-space:nowrap}\n"
    ".good{background:#dafbe1}.fair{background:#fff8c5}.poor{background:#ffebe9}\n"
    ".cell-cases{display:none;border:1px solid #e1e4e8;padding:.3em .8em;margin:.5em 0}"
    ".cell-cases:target{display:block}\n"
    "code{word-break:break-word}\n"
    "@media (max-width:40em){body{margin:.5em auto;font-size:13px}td,th{padding:.2em .35em}"
    "h1{font-size:1.3em}}\n"
    "@media print{body{max-width:none;margin:0;font-size:11px}a{color:inherit;text-decoration:none}"
    ".scroll{overflow:visible}pre{max-height:none;overflow:visible}h2{break-after:avoid}"
    "tr,details{break-inside:avoid}.cell-cases:target{display:none}}\n";

/* Escaped text; -1 on ENOMEM. */
static int h(FILE *f, const char *s, size_t max)
{
    return ccs_escape_xml(f, s, max, 0);
}

/* Escaped text or an em dash. */
static int hd(FILE *f, const char *s, size_t max)
{
    if (!s || !*s) {
        fputs("&mdash;", f);
        return 0;
    }
    return h(f, s, max);
}

static int header(FILE *f, const ccs_run_result *run)
{
    char stamp[32];
    double secs = (isfinite(run->duration_ms) && run->duration_ms > 0) ? run->duration_ms / 1000
                                                                          : 0;
    int gate = ccs_result_gate_failed(run), rc = 0;

    ccs_report_iso_time(run->started_at, stamp, sizeof stamp);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    fputs("Conformance report: ", f);
    rc |= hd(f, run->target_name ? run->target_name : run->target, REPORT_MAX_LINE);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Conformance report: ", css);
    rc |= hd(f, run->target_name ? run->target_name : run->target, REPORT_MAX_LINE);
    fputs("</h1>\n<table>\n<tr><th>Target</th><td>", f);
    rc |= hd(f, run->target, REPORT_MAX_LINE);
    fputs("</td></tr>\n<tr><th>Profile</th><td>", f);
    rc |= hd(f, run->profile, REPORT_MAX_LINE);
    fprintf(f, "%s</td></tr>\n<tr><th>API version</th><td>", run->strict ? " (strict)" : "");
    rc |= hd(f, run->api_version ? run->api_version : "(none named)", REPORT_MAX_LINE);
    fputs("</td></tr>\n<tr><th>Run</th><td>", f);
    rc |= hd(f, run->run_id, REPORT_MAX_LINE);
    fprintf(f,
            "</td></tr>\n<tr><th>Started</th><td>%s</td></tr>\n"
            "<tr><th>Duration</th><td>%.1f s</td></tr>\n"
            "<tr><th>Cases</th><td>%zu: %zu passed, %zu failed, %zu errors, %zu skipped</td></tr>\n"
            "<tr><th>Gate</th><td class=\"%s\">%s</td></tr>\n</table>\n",
            stamp, secs, run->count, ccs_result_count(run, CCS_PASS),
            ccs_result_count(run, CCS_FAIL), ccs_result_count(run, CCS_ERROR),
            ccs_result_count(run, CCS_SKIP), gate ? "gate-failed" : "gate-passed",
            gate ? "FAILED" : "PASSED");
    return rc;
}

static void area_spark(FILE *f, const ccs_history *hist, const char *name);

/* Verdicts per area; with enough history, each area's trend beside it. */
static int area_table(FILE *f, const ccs_run_result *run, const ccs_report_area *areas, size_t n,
                      const ccs_history *hist)
{
    int trend = hist && hist->count >= HISTORY_CHART_MIN;
    size_t i;
    int rc = 0;

    fprintf(f, "<h2>Areas</h2>\n<div class=\"scroll\"><table>\n<tr><th>Area</th><th>Pass</th><th>Fail</th>"
               "<th>Error</th><th>Skip</th><th>Known failures</th><th>Total</th>%s</tr>\n",
            trend ? "<th>Trend (passed per run)</th>" : "");
    for (i = 0; i < n; i++) {
        fputs("<tr><td>", f);
        rc |= h(f, areas[i].name, REPORT_MAX_LINE);
        fprintf(f,
                "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>",
                areas[i].pass, areas[i].fail, areas[i].error, areas[i].skip, areas[i].known,
                areas[i].total);
        if (trend)
            area_spark(f, hist, areas[i].name);
        fputs("</tr>\n", f);
    }
    fprintf(f,
            "<tr><th>all</th><th class=\"n\">%zu</th><th class=\"n\">%zu</th><th class=\"n\">%zu"
            "</th><th class=\"n\">%zu</th><th></th><th class=\"n\">%zu</th>%s</tr>\n</table></div>\n",
            ccs_result_count(run, CCS_PASS), ccs_result_count(run, CCS_FAIL),
            ccs_result_count(run, CCS_ERROR), ccs_result_count(run, CCS_SKIP), run->count,
            trend ? "<th></th>" : "");
    return rc;
}

/* Stacked bars (pass/fail/error/skip) per run, oldest left. */
static int history_svg(FILE *f, const ccs_history *hist)
{
    static const char *const colors[] = {"#2da44e", "#cf222e", "#bc4c00", "#8c959f"};
    const double top = 20, plot_h = 180, left = 50, bar_w = 24, gap = 8;
    size_t i, k, max = 1;
    double width, x, y;
    int rc = 0;

    for (i = 0; i < hist->count; i++)
        if (hist->entries[i].total > max)
            max = hist->entries[i].total;
    width = left + (double)hist->count * (bar_w + gap) + 20;
    if (width < 320)
        width = 320;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"history\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "aria-label=\"verdicts per run, oldest left\">\n",
            width, top + plot_h + 40, width, top + plot_h + 40);
    fprintf(f,
            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>\n"
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">%zu</text>\n"
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">0</text>\n",
            left - 4, top + plot_h, width - 10, top + plot_h, left - 8, top + 10, max, left - 8,
            top + plot_h);
    for (i = 0; i < hist->count; i++) {
        const ccs_history_entry *e = &hist->entries[i];
        size_t counts[4] = {e->pass, e->fail, e->error, e->skip};

        x = left + (double)i * (bar_w + gap);
        y = top + plot_h;
        fputs("<g><title>", f);
        rc |= h(f, e->run_id, REPORT_MAX_LINE);
        fprintf(f, ": %zu pass, %zu fail, %zu error, %zu skip</title>\n", e->pass, e->fail,
                e->error, e->skip);
        for (k = 0; k < 4; k++) {
            double seg = plot_h * (double)counts[k] / (double)max;

            if (counts[k] == 0)
                continue;
            y -= seg;
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\"/>\n",
                    x, y, bar_w, seg, colors[k]);
        }
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">%zu</text>\n",
                x + bar_w / 2, top + plot_h + 14, i + 1);
        fputs("</g>\n", f);
    }
    fprintf(f,
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">"
            "<tspan fill=\"%s\">&#9632; pass</tspan> <tspan fill=\"%s\">&#9632; fail</tspan> "
            "<tspan fill=\"%s\">&#9632; error</tspan> <tspan fill=\"%s\">&#9632; skip</tspan>"
            "</text>\n</svg>\n",
            left, top + plot_h + 34, colors[0], colors[1], colors[2], colors[3]);
    return rc;
}

static const ccs_history_area *find_area(const ccs_history_entry *e, const char *name)
{
    size_t i;

    for (i = 0; i < e->area_count; i++)
        if (!strcmp(e->areas[i].area, name))
            return &e->areas[i];
    return NULL;
}

/* One area's pass counts over the runs as an inline SVG line (oldest
 * left), scaled to the area's largest total; runs without the area leave
 * a gap. */
static void area_spark(FILE *f, const ccs_history *hist, const char *name)
{
    const double w = 8, hgt = 24, pad = 2;
    size_t k, max = 1;
    int open = 0;

    for (k = 0; k < hist->count; k++) {
        const ccs_history_area *a = find_area(&hist->entries[k], name);

        if (a && a->pass + a->fail + a->error + a->skip > max)
            max = a->pass + a->fail + a->error + a->skip;
    }
    fprintf(f,
            "<td><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"passed cases per run\">",
            (double)hist->count * w + 2 * pad, hgt, (double)hist->count * w + 2 * pad, hgt);
    for (k = 0; k < hist->count; k++) {
        const ccs_history_area *a = find_area(&hist->entries[k], name);
        double x = pad + (double)k * w + w / 2, y;

        if (!a) {
            if (open)
                fputs("\"/>", f);
            open = 0;
            continue;
        }
        y = pad + (hgt - 2 * pad) * (1.0 - (double)a->pass / (double)max);
        if (!open)
            fputs("<polyline fill=\"none\" stroke=\"#2da44e\" stroke-width=\"1.5\" points=\"", f);
        fprintf(f, "%s%.1f,%.1f", open ? " " : "", x, y);
        open = 1;
    }
    if (open)
        fputs("\"/>", f);
    fputs("</svg></td>", f);
}

/* The chart needs a few runs to say anything; before that, one line. */
static int history_section(FILE *f, const ccs_history *hist)
{
    int rc = 0;
    size_t i;

    if (hist->count < HISTORY_CHART_MIN)
        fprintf(f, "<p id=\"history\"><strong>History:</strong> %zu run%s so far (", hist->count,
                hist->count == 1 ? "" : "s");
    else
        fprintf(f, "<h2 id=\"history\">History (last %zu runs)</h2>\n", hist->count);
    if (hist->malformed)
        fprintf(f, "<p class=\"known\">%zu malformed history lines were skipped.</p>\n",
                hist->malformed);
    if (hist->count >= HISTORY_CHART_MIN) {
        rc |= history_svg(f, hist);
        fputs("<p>Runs: ", f);
    }
    for (i = 0; i < hist->count; i++) {
        fprintf(f, "%s%zu = ", i ? ", " : "", i + 1);
        rc |= h(f, hist->entries[i].run_id, REPORT_MAX_LINE);
        if (hist->entries[i].gate_failed)
            fputs(" (gate failed)", f);
    }
    fputs(hist->count < HISTORY_CHART_MIN ? "); the chart starts at three runs.</p>\n"
                                          : "</p>\n<p>Each area's trend is in the areas table.</p>\n",
          f);
    return rc;
}

static int pre_block(FILE *f, const char *title, const char *s, size_t max, int collapsed)
{
    int rc;

    if (!s || !*s)
        return 0;
    if (collapsed)
        fprintf(f, "<details><summary>%s</summary>\n<pre>", title);
    else
        fprintf(f, "<h4>%s</h4>\n<pre>", title);
    rc = h(f, s, max);
    fputs(collapsed ? "</pre>\n</details>\n" : "</pre>\n", f);
    return rc;
}

static int dl_item(FILE *f, const char *term, const char *s)
{
    int rc;

    if (!s || !*s)
        return 0;
    fprintf(f, "<dt>%s</dt><dd>", term);
    rc = h(f, s, REPORT_MAX_FIELD);
    fputs("</dd>\n", f);
    return rc;
}

static int failure(FILE *f, const ccs_case_result *c)
{
    const char *v = ccs_verdict_name(c->verdict);
    char *first = ccs_report_first_line(c->message, REPORT_MAX_LINE);
    int rc = -1;

    if (!first)
        goto done;
    rc = 0;
    fputs("<details class=\"failure\" id=\"f-", f);
    rc |= ccs_escape_xml(f, c->id ? c->id : "", REPORT_MAX_LINE, 1);
    fprintf(f, "\">\n<summary><span class=\"v %s\">%s</span> <code>", v, v);
    rc |= hd(f, c->id, REPORT_MAX_LINE);
    fputs("</code> ", f);
    if (c->known_failure)
        fputs("<span class=\"known\">(known failure)</span> ", f);
    rc |= h(f, first, REPORT_MAX_LINE);
    fputs("</summary>\n<dl>\n", f);
    rc |= dl_item(f, "Message", c->message);
    rc |= dl_item(f, "Case", c->description);
    rc |= dl_item(f, "Level", c->level);
    rc |= dl_item(f, "Requirement", c->requirement);
    rc |= dl_item(f, "Pointer", c->pointer);
    fputs("</dl>\n", f);
    rc |= pre_block(f, "Expected", c->expected, REPORT_MAX_FIELD, 0);
    rc |= pre_block(f, "Actual", c->actual, REPORT_MAX_FIELD, 0);
    rc |= pre_block(f, "Reproduce", c->curl, REPORT_MAX_FIELD, 0);
    rc |= pre_block(f, "Request", c->request, REPORT_MAX_FIELD, 1);
    rc |= pre_block(f, "Response", c->response, REPORT_MAX_BODY, 1);
    fputs("</details>\n", f);
done:
    free(first);
    return rc;
}

static int all_cases(FILE *f, const ccs_run_result *run, const ccs_report_area *areas, size_t n)
{
    size_t a, i;
    int rc = 0;

    fputs("<h2>All cases</h2>\n", f);
    for (a = 0; a < n; a++) {
        fputs("<details>\n<summary>", f);
        rc |= h(f, areas[a].name, REPORT_MAX_LINE);
        fprintf(f,
                " &mdash; %zu pass, %zu fail, %zu error, %zu skip</summary>\n<table>\n"
                "<tr><th>Case</th><th>Verdict</th><th>Level</th><th>Time (ms)</th>"
                "<th>Message</th></tr>\n",
                areas[a].pass, areas[a].fail, areas[a].error, areas[a].skip);
        for (i = 0; i < run->count; i++) {
            const ccs_case_result *c = &run->cases[i];
            const char *v = ccs_verdict_name(c->verdict);
            char *first;

            if (strcmp(ccs_report_area_name(c), areas[a].name) != 0)
                continue;
            first = ccs_report_first_line(c->message, REPORT_MAX_LINE);
            if (!first) {
                rc = -1;
                goto done;
            }
            fputs("<tr><td><code>", f);
            rc |= hd(f, c->id, REPORT_MAX_LINE);
            fprintf(f, "</code></td><td><span class=\"v %s\">%s</span>%s</td><td>", v, v,
                    c->known_failure ? " <span class=\"known\">known</span>" : "");
            rc |= hd(f, c->level, REPORT_MAX_LINE);
            fprintf(f, "</td><td class=\"n\">%.1f</td><td>",
                    isfinite(c->duration_ms) ? c->duration_ms : 0.0);
            rc |= h(f, first, REPORT_MAX_LINE);
            fputs("</td></tr>\n", f);
            free(first);
        }
        fputs("</table>\n</details>\n", f);
    }
done:
    return rc;
}

/* The page's sections. A failed gate opens with its causes: what to fix
 * comes before how the run went and how earlier runs went. */
static int body(FILE *f, const ccs_run_result *run, const ccs_history *history, const ccs_report_area *areas,
                size_t nareas, const ccs_causes *causes)
{
    int gate = ccs_result_gate_failed(run);
    size_t i, nbad;

    if (header(f, run) || (gate && ccs_report_html_causes(f, run, causes)) ||
        ccs_report_html_scorecard(f, run, areas, nareas) ||
        area_table(f, run, areas, nareas, history))
        return -1;
    if (history && history->count > 0 && history_section(f, history))
        return -1;
    if (!gate && causes->count && ccs_report_html_causes(f, run, causes))
        return -1;
    nbad = ccs_result_count(run, CCS_FAIL) + ccs_result_count(run, CCS_ERROR);
    fprintf(f, "<h2>Failures (%zu)</h2>\n", nbad);
    if (nbad == 0)
        fputs("<p>None.</p>\n", f);
    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];

        if ((c->verdict == CCS_FAIL || c->verdict == CCS_ERROR) && failure(f, c))
            return -1;
    }
    if (all_cases(f, run, areas, nareas))
        return -1;
    fputs("</body>\n</html>\n", f);
    return 0;
}

int ccs_report_write_html(const ccs_run_result *run, const ccs_history *history,
                          const char *path, ccs_error *err)
{
    ccs_report_out out = {0};
    ccs_report_area *areas = NULL;
    ccs_causes causes = {0};
    size_t nareas = 0;
    int rc;

    if (!run) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "no run to report");
        goto done;
    }
    if ((rc = ccs_report_areas(run, &areas, &nareas, err)) != CCS_OK ||
        (rc = ccs_causes_build(run, &causes, err)) != CCS_OK ||
        (rc = ccs_report_out_open(&out, path, err)) != CCS_OK)
        goto done;
    if (body(out.f, run, history, areas, nareas, &causes)) {
        ccs_report_out_close(&out, 0, err);
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory writing %s", path);
        goto done;
    }
    rc = ccs_report_out_close(&out, 1, err);
done:
    ccs_causes_free(&causes);
    free(areas);
    return rc;
}
