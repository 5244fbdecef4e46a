/* report.html's scorecard: area x endpoint, each cell passed/judged (skips
 * left out), coloured by the share that passes and linking to the list of
 * its cases (shown by :target, so the page needs no script). A case counts
 * under the endpoint of its last request; the columns are the contract's six
 * endpoints and "other" (unknown paths and methods), which keeps the grid
 * narrow enough for a phone. */
#include <stdio.h>
#include <string.h>

#include "ccs/escape.h"
#include "report_internal.h"

static const struct {
    const char *endpoint, *label;
} cols[] = {
    {"POST /v1/checkout/sessions", "create"},
    {"GET /v1/checkout/sessions/{id}", "retrieve"},
    {"POST /v1/checkout/sessions/{id}", "update"},
    {"GET /v1/checkout/sessions/{id}/line_items", "line items"},
    {"GET /v1/checkout/sessions", "list"},
    {"POST /v1/checkout/sessions/{id}/expire", "expire"},
    {NULL, "other"},
};
#define NCOLS (sizeof cols / sizeof cols[0])

static int judged(const ccs_case_result *c)
{
    return c->verdict != CCS_SKIP;
}

static size_t col_of(const ccs_case_result *c)
{
    size_t i;

    for (i = 0; i + 1 < NCOLS; i++)
        if (c->endpoint && !strcmp(c->endpoint, cols[i].endpoint))
            return i;
    return NCOLS - 1;
}

static int in_cell(const ccs_case_result *c, const char *area, size_t col)
{
    return judged(c) && col_of(c) == col && !strcmp(ccs_report_area_name(c), area);
}

static int col_used(const ccs_run_result *run, size_t col)
{
    size_t i;

    for (i = 0; i < run->count; i++)
        if (judged(&run->cases[i]) && col_of(&run->cases[i]) == col)
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

static void cell(FILE *f, const ccs_run_result *run, size_t row, const char *area, size_t col)
{
    size_t i, pass = 0, total = 0;

    for (i = 0; i < run->count; i++) {
        if (in_cell(&run->cases[i], area, col)) {
            total++;
            pass += run->cases[i].verdict == CCS_PASS;
        }
    }
    if (total == 0)
        fputs("<td></td>", f);
    else
        fprintf(f, "<td class=\"n %s\"><a href=\"#sc-%zu-%zu\">%zu/%zu</a></td>", shade(pass, total), row, col, pass,
                total);
}

/* The list behind one cell; failures link to their details. */
static int cell_cases(FILE *f, const ccs_run_result *run, size_t row, const char *area, size_t col)
{
    size_t i, n = 0;
    int rc = 0;

    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];
        int bad = c->verdict == CCS_FAIL || c->verdict == CCS_ERROR;

        if (!in_cell(c, area, col))
            continue;
        if (n++ == 0) {
            fprintf(f, "<div class=\"cell-cases\" id=\"sc-%zu-%zu\">\n<h3>", row, col);
            rc |= ccs_escape_xml(f, area, REPORT_MAX_LINE, 0);
            fprintf(f, " &times; %s</h3>\n<ul>\n", cols[col].label);
        }
        fputs(bad ? "<li><a href=\"#f-" : "<li><code>", f);
        if (bad) {
            rc |= ccs_escape_xml(f, c->id ? c->id : "", REPORT_MAX_LINE, 1);
            fputs("\"><code>", f);
        }
        rc |= ccs_escape_xml(f, c->id ? c->id : "", REPORT_MAX_LINE, 0);
        fprintf(f, "</code>%s <span class=\"v %s\">%s</span></li>\n", bad ? "</a>" : "",
                ccs_verdict_name(c->verdict), ccs_verdict_name(c->verdict));
    }
    if (n)
        fputs("</ul>\n</div>\n", f);
    return rc;
}

int ccs_report_html_scorecard(FILE *f, const ccs_run_result *run, const ccs_report_area *areas, size_t n)
{
    size_t row, col;
    int rc = 0;

    fputs("<section id=\"scorecard\">\n<h2>Scorecard</h2>\n<p class=\"known\">Passed of judged cases per area "
          "and endpoint (of the case's last request); a cell links to its cases.</p>\n"
          "<div class=\"scroll\"><table class=\"scorecard\">\n<tr><th>Area</th>",
          f);
    for (col = 0; col < NCOLS; col++)
        if (col_used(run, col))
            fprintf(f, "<th title=\"%s\">%s</th>", cols[col].endpoint ? cols[col].endpoint : "other paths and methods",
                    cols[col].label);
    fputs("</tr>\n", f);
    for (row = 0; row < n; row++) {
        fputs("<tr><th>", f);
        rc |= ccs_escape_xml(f, areas[row].name, REPORT_MAX_LINE, 0);
        fputs("</th>", f);
        for (col = 0; col < NCOLS; col++)
            if (col_used(run, col))
                cell(f, run, row, areas[row].name, col);
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    for (row = 0; row < n; row++)
        for (col = 0; col < NCOLS; col++)
            rc |= cell_cases(f, run, row, areas[row].name, col);
    fputs("</section>\n", f);
    return rc;
}
