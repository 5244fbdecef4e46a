/* summary.md's causes section (failures grouped by cause, largest first, each
 * with its guess marked as one and its cases folded away) and its badge
 * snippet. */
#include <stdio.h>

#include "ccs/causes.h"
#include "ccs/escape.h"
#include "ccs/report.h"
#include "report_internal.h"

static int md(FILE *f, const char *s, size_t max)
{
    return ccs_escape_md_text(f, s, max, "\xe2\x80\x94");
}

static int one_cause(FILE *f, const ccs_run_result *run, const ccs_cause *c, size_t num)
{
    const ccs_case_result *ex = &run->cases[c->cases[0]];
    size_t i;
    int rc = 0;

    fprintf(f, "### %zu. ", num);
    rc |= md(f, c->title, REPORT_MAX_LINE);
    fprintf(f, " \xe2\x80\x94 %zu case%s\n\n", c->count, c->count == 1 ? "" : "s");
    if (c->guess) {
        fputs("*Guess:* ", f);
        rc |= md(f, c->guess, REPORT_MAX_LINE);
        fputs(" \xc2\xb7 ", f);
    }
    fprintf(f, "%zu MUST, %zu SHOULD \xc2\xb7 %zu FAIL, %zu ERROR \xc2\xb7 cause `%s`\n\n", c->must, c->should,
            c->fail, c->error, c->id);
    if (c->endpoints) {
        fputs("Endpoints: ", f);
        rc |= md(f, c->endpoints, REPORT_MAX_FIELD);
        fputs("\n\n", f);
    }
    fprintf(f, "<details><summary>%zu case%s</summary>\n\n", c->count, c->count == 1 ? "" : "s");
    for (i = 0; i < c->count; i++) {
        fputs("- ", f);
        rc |= md(f, run->cases[c->cases[i]].id, REPORT_MAX_LINE);
        fputc('\n', f);
    }
    fputs("\n</details>\n\nExample, ", f);
    rc |= md(f, ex->id, REPORT_MAX_LINE);
    fputs(":\n\n", f);
    if (ex->curl && *ex->curl)
        rc |= ccs_escape_md_block(f, ex->curl, REPORT_MAX_FIELD, "sh");
    else
        fputs("(no request recorded)\n", f);
    fputc('\n', f);
    return rc;
}

int ccs_report_md_causes(FILE *f, const ccs_run_result *run, const ccs_causes *causes)
{
    size_t i, n = ccs_causes_cases(causes);
    int rc = 0;

    fprintf(f, "## Failures by cause (%zu cause%s, %zu case%s)\n\n", causes->count,
            causes->count == 1 ? "" : "s", n, n == 1 ? "" : "s");
    fputs("Cases that fail the same way are grouped; titles name what broke, a guess says what it may "
          "mean and is only a guess.\n\n",
          f);
    for (i = 0; i < causes->count; i++)
        rc |= one_cause(f, run, &causes->items[i], i + 1);
    return rc;
}

int ccs_report_md_badge(FILE *f, const ccs_run_result *run)
{
    unsigned pct = ccs_report_conformance_percent(run);
    int rc = 0;

    fprintf(f, "## Badge\n\n`badge.svg` beside this file shows **checkout conformance %u%%**", pct);
    if (run->api_version) {
        fputs(" at API version ", f);
        rc |= md(f, run->api_version, REPORT_MAX_LINE);
    }
    fputs(". For your README (point the paths at where CI publishes the reports):\n\n", f);
    fprintf(f, "```markdown\n[![checkout conformance %u%%](reports/badge.svg)](reports/report.html)\n```\n\n", pct);
    return rc;
}
