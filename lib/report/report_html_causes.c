/* report.html's "Failures by cause": one <details> per cause, largest first;
 * the summary line is the title, its count and the guess (marked as one),
 * expanding it lists the cases (linked to their failure details) and the
 * example's curl. */
#include <stdio.h>

#include "ccs/causes.h"
#include "ccs/escape.h"
#include "report_internal.h"

static int h(FILE *f, const char *s, size_t max)
{
    return ccs_escape_xml(f, s ? s : "", max, 0);
}

static int one_cause(FILE *f, const ccs_run_result *run, const ccs_cause *c)
{
    const ccs_case_result *ex = &run->cases[c->cases[0]];
    size_t i;
    int rc = 0;

    fprintf(f, "<details class=\"cause\" id=\"cause-%s\">\n<summary><span class=\"count\">%zu</span> ", c->id,
            c->count);
    rc |= h(f, c->title, REPORT_MAX_LINE);
    if (c->guess) {
        fputs(" <span class=\"guess\">(guess: ", f);
        rc |= h(f, c->guess, REPORT_MAX_LINE);
        fputs(")</span>", f);
    }
    fprintf(f,
            "</summary>\n<p>%zu MUST, %zu SHOULD &middot; %zu FAIL, %zu ERROR &middot; cause <code>%s</code>"
            "</p>\n",
            c->must, c->should, c->fail, c->error, c->id);
    if (c->endpoints) {
        fputs("<p>Endpoints: <code>", f);
        rc |= h(f, c->endpoints, REPORT_MAX_FIELD);
        fputs("</code></p>\n", f);
    }
    fputs("<ul class=\"cause-cases\">\n", f);
    for (i = 0; i < c->count; i++) {
        const ccs_case_result *r = &run->cases[c->cases[i]];

        fputs("<li><a href=\"#f-", f);
        rc |= ccs_escape_xml(f, r->id ? r->id : "", REPORT_MAX_LINE, 1);
        fputs("\"><code>", f);
        rc |= h(f, r->id, REPORT_MAX_LINE);
        fprintf(f, "</code></a> <span class=\"v %s\">%s</span></li>\n", ccs_verdict_name(r->verdict),
                ccs_verdict_name(r->verdict));
    }
    fputs("</ul>\n", f);
    if (ex->curl && *ex->curl) {
        fputs("<p>Example, <code>", f);
        rc |= h(f, ex->id, REPORT_MAX_LINE);
        fputs("</code>:</p>\n<pre>", f);
        rc |= h(f, ex->curl, REPORT_MAX_FIELD);
        fputs("</pre>\n", f);
    }
    fputs("</details>\n", f);
    return rc;
}

int ccs_report_html_causes(FILE *f, const ccs_run_result *run, const ccs_causes *causes)
{
    size_t i, n = ccs_causes_cases(causes);
    int rc = 0;

    fprintf(f,
            "<section id=\"causes\">\n<h2>Failures by cause (%zu cause%s, %zu case%s)</h2>\n"
            "<p class=\"known\">Cases that fail the same way are grouped, largest first. A title says what "
            "broke; a guess says what it may mean and is only a guess.</p>\n",
            causes->count, causes->count == 1 ? "" : "s", n, n == 1 ? "" : "s");
    for (i = 0; i < causes->count; i++)
        rc |= one_cause(f, run, &causes->items[i]);
    fputs("</section>\n", f);
    return rc;
}
