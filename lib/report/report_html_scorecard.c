/* report.html's scorecard: endpoint x area, each cell passed/judged (skips
 * left out), coloured by the share that passes and linking to the list of
 * its cases (shown by :target, so the page needs no script). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/escape.h"
#include "report_internal.h"

#define MAX_ROWS 32

/* The six endpoints in the contract's order; others follow as first seen. */
static const char *const known[] = {
    "POST /v1/checkout/sessions",          "GET /v1/checkout/sessions/{id}",
    "POST /v1/checkout/sessions/{id}",     "GET /v1/checkout/sessions/{id}/line_items",
    "GET /v1/checkout/sessions",           "POST /v1/checkout/sessions/{id}/expire",
};

typedef struct rows {
    const char *name[MAX_ROWS];
    size_t n;
} rows;

static int judged(const ccs_case_result *c)
{
    return c->verdict != CCS_SKIP;
}

/* Row of an endpoint; "other" gathers what does not fit. */
static size_t row_of(rows *r, const char *ep)
{
    size_t i;

    if (!ep || !*ep)
        ep = "(no request)";
    for (i = 0; i < r->n; i++)
        if (!strcmp(r->name[i], ep))
            return i;
    if (r->n + 1 < MAX_ROWS) {
        r->name[r->n] = ep;
        return r->n++;
    }
    return r->n - 1;
}

static void collect_rows(const ccs_run_result *run, rows *r)
{
    size_t i;

    memset(r, 0, sizeof *r);
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        r->name[r->n++] = known[i];
    for (i = 0; i < run->count; i++)
        if (judged(&run->cases[i]))
            row_of(r, run->cases[i].endpoint);
}

static int row_used(const ccs_run_result *run, rows *r, size_t row)
{
    size_t i;

    for (i = 0; i < run->count; i++)
        if (judged(&run->cases[i]) && row_of(r, run->cases[i].endpoint) == row)
            return 1;
    return 0;
}

static const char *shade(size_t pass, size_t total)
{
    if (pass * 100 >= total * 95)
        return "good";
    if (pass * 100 >= total * 80)
        return "fair";
    return "poor";
}

static int cell(FILE *f, const ccs_run_result *run, rows *r, size_t row, size_t col, const char *area)
{
    size_t i, pass = 0, total = 0;

    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];

        if (judged(c) && row_of(r, c->endpoint) == row && !strcmp(ccs_report_area_name(c), area)) {
            total++;
            pass += c->verdict == CCS_PASS;
        }
    }
    if (total == 0)
        fputs("<td></td>", f);
    else
        fprintf(f, "<td class=\"n %s\"><a href=\"#sc-%zu-%zu\">%zu/%zu</a></td>", shade(pass, total), row, col, pass,
                total);
    return 0;
}

/* The hidden list behind one cell. */
static int cell_cases(FILE *f, const ccs_run_result *run, rows *r, size_t row, size_t col, const char *area)
{
    size_t i, n = 0;
    int rc = 0;

    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];
        int bad = c->verdict == CCS_FAIL || c->verdict == CCS_ERROR;

        if (!judged(c) || row_of(r, c->endpoint) != row || strcmp(ccs_report_area_name(c), area))
            continue;
        if (n++ == 0) {
            fprintf(f, "<div class=\"cell-cases\" id=\"sc-%zu-%zu\">\n<h3>", row, col);
            rc |= ccs_escape_xml(f, r->name[row], REPORT_MAX_LINE, 0);
            fputs(" &times; ", f);
            rc |= ccs_escape_xml(f, area, REPORT_MAX_LINE, 0);
            fputs("</h3>\n<ul>\n", f);
        }
        fputs(bad ? "<li><a href=\"#f-" : "<li><code>", f);
        if (bad) {
            rc |= ccs_escape_xml(f, c->id ? c->id : "", REPORT_MAX_LINE, 1);
            fputs("\"><code>", f);
        }
        rc |= ccs_escape_xml(f, c->id ? c->id : "", REPORT_MAX_LINE, 0);
        fprintf(f, "</code>%s <span class=\"v %s\">%s</span></li>\n", bad ? "</a>" : "", ccs_verdict_name(c->verdict),
                ccs_verdict_name(c->verdict));
    }
    if (n)
        fputs("</ul>\n</div>\n", f);
    return rc;
}

int ccs_report_html_scorecard(FILE *f, const ccs_run_result *run, const ccs_report_area *areas, size_t n)
{
    rows r;
    size_t row, col;
    int rc = 0;

    collect_rows(run, &r);
    fputs("<section id=\"scorecard\">\n<h2>Scorecard</h2>\n<p class=\"known\">Passed of judged cases per "
          "endpoint (of the case's last request) and area; a cell links to its cases.</p>\n"
          "<div class=\"scroll\"><table class=\"scorecard\">\n<tr><th>Endpoint \\ area</th>",
          f);
    for (col = 0; col < n; col++) {
        fputs("<th>", f);
        rc |= ccs_escape_xml(f, areas[col].name, REPORT_MAX_LINE, 0);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (row = 0; row < r.n; row++) {
        if (!row_used(run, &r, row))
            continue;
        fputs("<tr><th><code>", f);
        rc |= ccs_escape_xml(f, r.name[row], REPORT_MAX_LINE, 0);
        fputs("</code></th>", f);
        for (col = 0; col < n; col++)
            rc |= cell(f, run, &r, row, col, areas[col].name);
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    for (row = 0; row < r.n; row++)
        for (col = 0; col < n; col++)
            rc |= cell_cases(f, run, &r, row, col, areas[col].name);
    fputs("</section>\n", f);
    return rc;
}
