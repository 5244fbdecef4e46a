/* New and fixed causes between two runs, beside the new and fixed cases: a
 * cause id is a hash of its signature, so the same defect keeps its id from
 * run to run and a cause present only now is a new way of failing. */
#include "ccs/diff.h"

#include <string.h>

#include "ccs/causes.h"
#include "ccs/escape.h"

static const ccs_cause *find(const ccs_causes *c, const char *id)
{
    size_t i;

    for (i = 0; i < c->count; i++)
        if (!strcmp(c->items[i].id, id))
            return &c->items[i];
    return NULL;
}

static size_t count_missing(const ccs_causes *a, const ccs_causes *b)
{
    size_t i, n = 0;

    for (i = 0; i < a->count; i++)
        n += find(b, a->items[i].id) == NULL;
    return n;
}

static int text(FILE *out, const char *s, int html)
{
    return html ? ccs_escape_xml(out, s ? s : "", 300, 0) : ccs_escape_md_text(out, s, 300, "");
}

/* The causes of a that b lacks, one line each. */
static int list(FILE *out, const char *heading, const ccs_causes *a, const ccs_causes *b, int html)
{
    size_t i, n = count_missing(a, b);
    int rc = 0;

    if (!n)
        return 0;
    fprintf(out, html ? "<h3>%s (%zu)</h3>\n<ul>\n" : "\n### %s (%zu)\n\n", heading, n);
    for (i = 0; i < a->count; i++) {
        const ccs_cause *c = &a->items[i];

        if (find(b, c->id))
            continue;
        fprintf(out, html ? "<li><code>%s</code> " : "- `%s` ", c->id);
        rc |= text(out, c->title, html);
        fprintf(out, " \xe2\x80\x94 %zu case%s", c->count, c->count == 1 ? "" : "s");
        if (c->guess) {
            fputs(" (guess: ", out);
            rc |= text(out, c->guess, html);
            fputc(')', out);
        }
        fputs(html ? "</li>\n" : "\n", out);
    }
    if (html)
        fputs("</ul>\n", out);
    return rc;
}

int ccs_diff_write_causes(const ccs_run_result *base, const ccs_run_result *cur, FILE *out, int html,
                          ccs_error *err)
{
    ccs_causes b = {0}, c = {0};
    int rc;

    if ((rc = ccs_causes_build(base, &b, err)) != CCS_OK || (rc = ccs_causes_build(cur, &c, err)) != CCS_OK)
        goto done;
    fprintf(out,
            html ? "<h2>Causes</h2>\n<p>%zu new, %zu fixed, %zu still failing (%zu in the baseline, %zu now).</p>\n"
                 : "\n## Causes\n\n%zu new, %zu fixed, %zu still failing (%zu in the baseline, %zu now).\n",
            count_missing(&c, &b), count_missing(&b, &c), c.count - count_missing(&c, &b), b.count, c.count);
    if (list(out, "New causes", &c, &b, html) || list(out, "Fixed causes", &b, &c, html))
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "diff: out of memory writing causes");
done:
    ccs_causes_free(&b);
    ccs_causes_free(&c);
    return rc;
}
