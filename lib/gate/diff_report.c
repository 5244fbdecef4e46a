/* Markdown and HTML renderings of a regression diff. Everything that came
 * from a results file is escaped: ids and messages are attacker-influenced
 * (they echo the implementation under test). */
#include "ccs/diff.h"

#include <errno.h>
#include <string.h>

#define MAX_CELL 300  /* bytes of a message shown in a table cell */

static const ccs_diff_class shown_classes[] = {
    CCS_DIFF_REGRESSED, CCS_DIFF_FIXED, CCS_DIFF_STILL_FAILING, CCS_DIFF_NEW, CCS_DIFF_REMOVED,
};

/* Length to show of s: at most MAX_CELL bytes, not cutting a UTF-8 sequence. */
static size_t cell_len(const char *s, int *cut)
{
    size_t n = strlen(s);

    *cut = 0;
    if (n <= MAX_CELL)
        return n;
    *cut = 1;
    n = MAX_CELL;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static void md_text(FILE *out, const char *s)
{
    size_t n, i;
    int cut;

    if (!s || !*s) {
        fputs("\xe2\x80\x94", out);  /* em dash for "nothing" */
        return;
    }
    n = cell_len(s, &cut);
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];

        if (ch == '<')
            fputs("&lt;", out);
        else if (ch == '>')
            fputs("&gt;", out);
        else if (ch == '&')
            fputs("&amp;", out);
        else if (ch < 0x20 || ch == 0x7f)
            fputc(' ', out);  /* a newline would end the table row */
        else if (strchr("\\`*_[]|#!", ch)) {
            fputc('\\', out);
            fputc(ch, out);
        } else
            fputc(ch, out);
    }
    if (cut)
        fputs("\xe2\x80\xa6", out);
}

static void html_text(FILE *out, const char *s)
{
    size_t n, i;
    int cut;

    if (!s || !*s) {
        fputs("&mdash;", out);
        return;
    }
    n = cell_len(s, &cut);
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];

        switch (ch) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
        }
    }
    if (cut)
        fputs("&hellip;", out);
}

static const char *verdict_of(const ccs_case_result *c)
{
    return c ? ccs_verdict_name(c->verdict) : NULL;
}

static const char *level_of(const ccs_diff_entry *e)
{
    const ccs_case_result *c = e->cur ? e->cur : e->base;

    return c->level;
}

/* The message worth showing: the current failure, else the old one. */
static const char *message_of(const ccs_diff_entry *e)
{
    if (e->cur && e->cur->message)
        return e->cur->message;
    return e->base ? e->base->message : NULL;
}

static void md_run_row(FILE *out, const char *label, const ccs_run_result *r)
{
    fprintf(out, "| %s | ", label);
    md_text(out, r->run_id);
    fputs(" | ", out);
    md_text(out, r->target_name);
    fputs(" | ", out);
    md_text(out, r->target);
    fprintf(out, " | %zu | %zu | %zu | %zu | %zu |\n", ccs_result_count(r, CCS_PASS),
            ccs_result_count(r, CCS_FAIL), ccs_result_count(r, CCS_ERROR),
            ccs_result_count(r, CCS_SKIP), r->count);
}

static int finish(FILE *out, const char *what, ccs_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return ccs_error_set(err, CCS_EIO, -1, "diff: writing the %s report failed: %s", what,
                             strerror(errno));
    return CCS_OK;
}

int ccs_diff_write_markdown(const ccs_diff *d, const ccs_run_result *base,
                            const ccs_run_result *cur, FILE *out, ccs_error *err)
{
    size_t k, i;
    int rc;

    if (!d || !base || !cur || !out)
        return ccs_error_set(err, CCS_EINVAL, -1, "diff: markdown report needs diff, runs, output");
    fputs("# Regression diff\n\n", out);
    fputs("| run | id | target | url | pass | fail | error | skip | total |\n", out);
    fputs("|---|---|---|---|---:|---:|---:|---:|---:|\n", out);
    md_run_row(out, "baseline", base);
    md_run_row(out, "current", cur);
    if (d->gating)
        fprintf(out, "\n**Gate: FAILED** \xe2\x80\x94 %zu regression%s.\n", d->gating,
                d->gating == 1 ? "" : "s");
    else
        fprintf(out, "\n**Gate: passed** \xe2\x80\x94 no regressions%s.\n",
                d->n[CCS_DIFF_REGRESSED] ? " outside known failures" : "");
    fputs("\n| class | cases |\n|---|---:|\n", out);
    for (k = 0; k < CCS_DIFF_CLASS_COUNT; k++)
        fprintf(out, "| %s | %zu |\n", ccs_diff_class_name((ccs_diff_class)k), d->n[k]);
    for (k = 0; k < sizeof shown_classes / sizeof shown_classes[0]; k++) {
        ccs_diff_class cls = shown_classes[k];
        const char *title = ccs_diff_class_name(cls);

        if (!d->n[cls])
            continue;
        fprintf(out, "\n## %c%s (%zu)\n\n", title[0] - 'a' + 'A', title + 1, d->n[cls]);
        fputs("| case | level | baseline | current | message |\n", out);
        fputs("|---|---|---|---|---|\n", out);
        for (i = 0; i < d->count; i++) {
            const ccs_diff_entry *e = &d->entries[i];

            if (e->cls != cls)
                continue;
            fputs("| ", out);
            md_text(out, e->id);
            fputs(" | ", out);
            md_text(out, level_of(e));
            fputs(" | ", out);
            md_text(out, verdict_of(e->base));
            fputs(" | ", out);
            md_text(out, verdict_of(e->cur));
            if (e->cur && e->cur->known_failure)
                fputs(" (known failure)", out);
            fputs(" | ", out);
            md_text(out, message_of(e));
            fputs(" |\n", out);
        }
    }
    if ((rc = ccs_diff_write_causes(base, cur, out, 0, err)) != CCS_OK)
        return rc;
    return finish(out, "markdown", err);
}

static void html_run_row(FILE *out, const char *label, const ccs_run_result *r)
{
    fprintf(out, "<tr><th>%s</th><td>", label);
    html_text(out, r->run_id);
    fputs("</td><td>", out);
    html_text(out, r->target_name);
    fputs("</td><td>", out);
    html_text(out, r->target);
    fprintf(out, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
            ccs_result_count(r, CCS_PASS), ccs_result_count(r, CCS_FAIL),
            ccs_result_count(r, CCS_ERROR), ccs_result_count(r, CCS_SKIP), r->count);
}

int ccs_diff_write_html(const ccs_diff *d, const ccs_run_result *base,
                        const ccs_run_result *cur, FILE *out, ccs_error *err)
{
    size_t k, i;
    int rc;

    if (!d || !base || !cur || !out)
        return ccs_error_set(err, CCS_EINVAL, -1, "diff: HTML report needs diff, runs, output");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>Regression diff</title>\n<style>\n"
          "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
          "table{border-collapse:collapse;margin:1em 0}\n"
          "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n"
          "th{background:#f4f4f4}\n.bad{color:#b00020;font-weight:bold}\n"
          ".good{color:#1b5e20;font-weight:bold}\ntd.msg{max-width:50em;word-break:break-word}\n"
          "</style>\n</head>\n<body>\n<h1>Regression diff</h1>\n",
          out);
    fputs("<table>\n<tr><th>run</th><th>id</th><th>target</th><th>url</th><th>pass</th>"
          "<th>fail</th><th>error</th><th>skip</th><th>total</th></tr>\n",
          out);
    html_run_row(out, "baseline", base);
    html_run_row(out, "current", cur);
    fputs("</table>\n", out);
    if (d->gating)
        fprintf(out, "<p class=\"bad\">Gate: FAILED &mdash; %zu regression%s.</p>\n", d->gating,
                d->gating == 1 ? "" : "s");
    else
        fputs("<p class=\"good\">Gate: passed &mdash; no regressions.</p>\n", out);
    fputs("<table>\n<tr><th>class</th><th>cases</th></tr>\n", out);
    for (k = 0; k < CCS_DIFF_CLASS_COUNT; k++)
        fprintf(out, "<tr><td>%s</td><td>%zu</td></tr>\n",
                ccs_diff_class_name((ccs_diff_class)k), d->n[k]);
    fputs("</table>\n", out);
    for (k = 0; k < sizeof shown_classes / sizeof shown_classes[0]; k++) {
        ccs_diff_class cls = shown_classes[k];

        if (!d->n[cls])
            continue;
        fprintf(out, "<h2>%s (%zu)</h2>\n<table>\n<tr><th>case</th><th>level</th>"
                     "<th>baseline</th><th>current</th><th>message</th></tr>\n",
                ccs_diff_class_name(cls), d->n[cls]);
        for (i = 0; i < d->count; i++) {
            const ccs_diff_entry *e = &d->entries[i];

            if (e->cls != cls)
                continue;
            fputs("<tr><td>", out);
            html_text(out, e->id);
            fputs("</td><td>", out);
            html_text(out, level_of(e));
            fputs("</td><td>", out);
            html_text(out, verdict_of(e->base));
            fputs("</td><td>", out);
            html_text(out, verdict_of(e->cur));
            if (e->cur && e->cur->known_failure)
                fputs(" (known failure)", out);
            fputs("</td><td class=\"msg\">", out);
            html_text(out, message_of(e));
            fputs("</td></tr>\n", out);
        }
        fputs("</table>\n", out);
    }
    if ((rc = ccs_diff_write_causes(base, cur, out, 1, err)) != CCS_OK)
        return rc;
    fputs("</body>\n</html>\n", out);
    return finish(out, "HTML", err);
}
