/* Several implementations in one run: a case x implementation matrix of
 * verdicts, in HTML and Markdown. Rows where the implementations disagree
 * are marked: that is where one of them (or the case) is wrong. */
#include "ccs/report.h"

#include <stdlib.h>
#include <string.h>

#include "ccs/escape.h"
#include "report_internal.h"

#define MISSING "\xe2\x80\x94"  /* em dash: the run lacks this case */

typedef struct matrix {
    const char **ids;                 /* union of case ids, first-seen order */
    size_t nids;
    const ccs_case_result **cells;    /* nids x nruns, NULL when missing */
} matrix;

static const ccs_case_result *find_case(const ccs_run_result *run, const char *id)
{
    size_t i;

    for (i = 0; i < run->count; i++)
        if (run->cases[i].id && !strcmp(run->cases[i].id, id))
            return &run->cases[i];
    return NULL;
}

static int matrix_build(const ccs_run_result *runs, size_t n, matrix *m, ccs_error *err)
{
    size_t total = 0, r, i, k;
    int rc = CCS_OK;

    memset(m, 0, sizeof *m);
    for (r = 0; r < n; r++)
        total += runs[r].count;
    if (total == 0)
        goto done;
    m->ids = calloc(total, sizeof *m->ids);
    if (!m->ids)
        goto nomem;
    for (r = 0; r < n; r++) {
        for (i = 0; i < runs[r].count; i++) {
            const char *id = runs[r].cases[i].id;

            if (!id)
                continue;
            for (k = 0; k < m->nids && strcmp(m->ids[k], id) != 0; k++)
                ;
            if (k == m->nids)
                m->ids[m->nids++] = id;
        }
    }
    if (m->nids == 0)
        goto done;
    m->cells = calloc(m->nids * n, sizeof *m->cells);
    if (!m->cells)
        goto nomem;
    for (k = 0; k < m->nids; k++)
        for (r = 0; r < n; r++)
            m->cells[k * n + r] = find_case(&runs[r], m->ids[k]);
    goto done;
nomem:
    rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
done:
    return rc;
}

static void matrix_free(matrix *m)
{
    free(m->ids);
    free(m->cells);
    memset(m, 0, sizeof *m);
}

/* Do the runs that have this case disagree on its verdict? */
static int row_differs(const matrix *m, size_t row, size_t n)
{
    const ccs_case_result *first = NULL;
    size_t r;

    for (r = 0; r < n; r++) {
        const ccs_case_result *c = m->cells[row * n + r];

        if (!c)
            continue;
        if (first && first->verdict != c->verdict)
            return 1;
        if (!first)
            first = c;
    }
    return 0;
}

static const char *run_label(const ccs_run_result *run)
{
    if (run->target_name && *run->target_name)
        return run->target_name;
    return run->target && *run->target ? run->target : "(unnamed)";
}

/* The API version a column was judged by, unless its label already ends in it
 * (NAME@V of a multi-version run); NULL when the run names none. */
static const char *label_version(const ccs_run_result *run)
{
    const char *label = run_label(run), *v = run->api_version;
    size_t ll = strlen(label), lv = v ? strlen(v) : 0;

    if (!v || !*v || (ll > lv && label[ll - lv - 1] == '@' && !strcmp(label + ll - lv, v)))
        return NULL;
    return v;
}

/* What both writers start with: the matrix, the open output file and how
 * many rows disagree. */
static int matrix_open(const ccs_run_result *runs, size_t n, const char *path, matrix *m,
                       ccs_report_out *out, size_t *differ, ccs_error *err)
{
    size_t k;
    int rc;

    if (!runs || n == 0)
        return ccs_error_set(err, CCS_EINVAL, -1, "matrix: no runs");
    rc = matrix_build(runs, n, m, err);
    if (rc != CCS_OK)
        return rc;
    rc = ccs_report_out_open(out, path, err);
    if (rc != CCS_OK)
        return rc;
    for (k = 0; k < m->nids; k++)
        *differ += row_differs(m, k, n);
    return CCS_OK;
}

int ccs_report_write_matrix_markdown(const ccs_run_result *runs, size_t n, const char *path,
                                     ccs_error *err)
{
    ccs_report_out out = {0};
    matrix m = {0};
    size_t r, k, differ = 0;
    int rc, ok = 0, bad = 0;
    FILE *f;

    rc = matrix_open(runs, n, path, &m, &out, &differ, err);
    if (rc != CCS_OK)
        goto done;
    f = out.f;
    fprintf(f, "# Conformance matrix\n\n%zu cases, %zu implementations, %zu cases where they "
               "disagree (marked \xe2\x89\xa0).\n\n| Case | |",
            m.nids, n, differ);
    for (r = 0; r < n; r++) {
        fputc(' ', f);
        bad |= ccs_escape_md_text(f, run_label(&runs[r]), REPORT_MAX_LINE, "-");
        if (label_version(&runs[r])) {
            fputs(" (API ", f);
            bad |= ccs_escape_md_text(f, label_version(&runs[r]), REPORT_MAX_LINE, "-");
            fputc(')', f);
        }
        fputs(" |", f);
    }
    fputs("\n|---|---|", f);
    for (r = 0; r < n; r++)
        fputs("---|", f);
    fputc('\n', f);
    for (k = 0; k < m.nids; k++) {
        fputs("| ", f);
        bad |= ccs_escape_md_text(f, m.ids[k], REPORT_MAX_LINE, "-");
        fprintf(f, " | %s |", row_differs(&m, k, n) ? "\xe2\x89\xa0" : "");
        for (r = 0; r < n; r++) {
            const ccs_case_result *c = m.cells[k * n + r];

            fprintf(f, " %s%s |", c ? ccs_verdict_name(c->verdict) : MISSING,
                    c && c->known_failure ? " (known)" : "");
        }
        fputc('\n', f);
    }
    fputs("| **passed** | |", f);
    for (r = 0; r < n; r++)
        fprintf(f, " %zu/%zu |", ccs_result_count(&runs[r], CCS_PASS), runs[r].count);
    fputs("\n| **gate** | |", f);
    for (r = 0; r < n; r++)
        fprintf(f, " %s |", ccs_result_gate_failed(&runs[r]) ? "FAILED" : "PASSED");
    fputc('\n', f);
    if (bad) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory writing %s", path);
        goto close;
    }
    ok = 1;
close:
    if (ok)
        rc = ccs_report_out_close(&out, 1, err);
    else
        ccs_report_out_close(&out, 0, err);
done:
    matrix_free(&m);
    return rc;
}

int ccs_report_write_matrix_html(const ccs_run_result *runs, size_t n, const char *path,
                                 ccs_error *err)
{
    ccs_report_out out = {0};
    matrix m = {0};
    size_t r, k, differ = 0;
    int rc, ok = 0, bad = 0;
    FILE *f;

    rc = matrix_open(runs, n, path, &m, &out, &differ, err);
    if (rc != CCS_OK)
        goto done;
    f = out.f;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n<title>Conformance matrix</title>\n<style>\n"
          "body{font:14px/1.45 system-ui,sans-serif;margin:2em}\n"
          "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;"
          "text-align:left}th{background:#f5f5f5}\n"
          ".PASS{background:#dafbe1}.FAIL{background:#ffebe9}.ERROR{background:#fff1e5}"
          ".SKIP{background:#f6f8fa;color:#6e7781}.differs td:first-child{font-weight:bold}\n"
          "</style>\n</head>\n<body>\n<h1>Conformance matrix</h1>\n",
          f);
    fprintf(f,
            "<p>%zu cases, %zu implementations, %zu cases where they disagree (bold).</p>\n"
            "<table>\n<tr><th>Case</th>",
            m.nids, n, differ);
    for (r = 0; r < n; r++) {
        fputs("<th title=\"", f);
        bad |= ccs_escape_xml(f, runs[r].target, REPORT_MAX_LINE, 1);
        fputs("\">", f);
        bad |= ccs_escape_xml(f, run_label(&runs[r]), REPORT_MAX_LINE, 0);
        if (label_version(&runs[r])) {
            fputs("<br><small>API ", f);
            bad |= ccs_escape_xml(f, label_version(&runs[r]), REPORT_MAX_LINE, 0);
            fputs("</small>", f);
        }
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (k = 0; k < m.nids && !bad; k++) {
        fprintf(f, "<tr%s><td><code>", row_differs(&m, k, n) ? " class=\"differs\"" : "");
        bad |= ccs_escape_xml(f, m.ids[k], REPORT_MAX_LINE, 0);
        fputs("</code></td>", f);
        for (r = 0; r < n; r++) {
            const ccs_case_result *c = m.cells[k * n + r];
            char *first;

            if (!c) {
                fputs("<td>&mdash;</td>", f);
                continue;
            }
            first = ccs_report_first_line(c->message, REPORT_MAX_LINE);
            if (!first) {
                bad = 1;
                break;
            }
            fprintf(f, "<td class=\"%s\" title=\"", ccs_verdict_name(c->verdict));
            bad |= ccs_escape_xml(f, first, REPORT_MAX_LINE, 1);
            fprintf(f, "\">%s%s</td>", ccs_verdict_name(c->verdict),
                    c->known_failure ? " (known)" : "");
            free(first);
        }
        fputs("</tr>\n", f);
    }
    fputs("<tr><th>passed</th>", f);
    for (r = 0; r < n; r++)
        fprintf(f, "<th>%zu/%zu</th>", ccs_result_count(&runs[r], CCS_PASS), runs[r].count);
    fputs("</tr>\n<tr><th>gate</th>", f);
    for (r = 0; r < n; r++)
        fprintf(f, "<th>%s</th>", ccs_result_gate_failed(&runs[r]) ? "FAILED" : "PASSED");
    fputs("</tr>\n</table>\n</body>\n</html>\n", f);
    if (bad) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory writing %s", path);
        goto close;
    }
    ok = 1;
close:
    if (ok)
        rc = ccs_report_out_close(&out, 1, err);
    else
        ccs_report_out_close(&out, 0, err);
done:
    matrix_free(&m);
    return rc;
}
