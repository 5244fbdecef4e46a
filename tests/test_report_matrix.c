/* Matrix of several implementations: rows per case id, columns per run. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccs/report.h"

#define KEY_TAIL "4eC39HqLyjWDarjtT1zdp7dc"

static char dir_[64];

static void make_dir(void)
{
    snprintf(dir_, sizeof dir_, "/tmp/ccs-matrix-XXXXXX");
    cr_assert_not_null(mkdtemp(dir_));
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(matrix, .init = make_dir, .fini = remove_dir);

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    cr_assert_not_null(f, "open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void add(ccs_run_result *run, const char *id, ccs_verdict v, const char *msg)
{
    ccs_case_result *c = ccs_result_add(run);

    cr_assert_not_null(c);
    c->id = strdup(id);
    c->area = strdup("create");
    c->level = strdup("MUST");
    c->verdict = v;
    c->message = msg ? strdup(msg) : NULL;
}

static void build(ccs_run_result runs[3])
{
    memset(runs, 0, 3 * sizeof *runs);
    runs[0].target_name = strdup("reference");
    runs[0].target = strdup("http://127.0.0.1:1");
    add(&runs[0], "create.ok", CCS_PASS, NULL);
    add(&runs[0], "create.mode.invalid", CCS_PASS, NULL);
    runs[1].target_name = strdup("gateway<b>");
    add(&runs[1], "create.ok", CCS_PASS, NULL);
    add(&runs[1], "create.mode.invalid", CCS_FAIL,
        "<script>x</script> sk_test_4eC39HqLyjWDarjtT1zdp7dc");
    add(&runs[1], "list.only|here", CCS_SKIP, "unsupported");
    runs[2].target_name = strdup("mock");
    add(&runs[2], "create.mode.invalid", CCS_ERROR, "timeout");
    add(&runs[2], "create.ok", CCS_PASS, NULL);
}

static void free_runs(ccs_run_result runs[3])
{
    int i;

    for (i = 0; i < 3; i++)
        ccs_result_free(&runs[i]);
}

Test(matrix, markdown)
{
    ccs_run_result runs[3];
    ccs_error err;
    char path[128], *md;

    build(runs);
    snprintf(path, sizeof path, "%s/matrix.md", dir_);
    cr_assert_eq(ccs_report_write_matrix_markdown(runs, 3, path, &err), CCS_OK, "%s",
                 err.message);
    md = slurp(path);
    cr_expect_not_null(strstr(md, "3 cases, 3 implementations, 1 cases where they disagree"));
    cr_expect_not_null(strstr(md, "| Case | | reference | gateway&lt;b&gt; | mock |\n"));
    cr_expect_not_null(strstr(md, "| create.ok |  | PASS | PASS | PASS |\n"));
    cr_expect_not_null(strstr(md, "| create.mode.invalid | \xe2\x89\xa0 | PASS | FAIL | ERROR |\n"));
    cr_expect_not_null(strstr(md, "| list.only\\|here |  | \xe2\x80\x94 | SKIP | \xe2\x80\x94 |\n"));
    cr_expect_not_null(strstr(md, "| **passed** | | 2/2 | 1/3 | 1/2 |"));
    cr_expect_not_null(strstr(md, "| **gate** | | PASSED | FAILED | FAILED |"));
    free(md);
    free_runs(runs);
}

Test(matrix, html)
{
    ccs_run_result runs[3];
    ccs_error err;
    char path[128], *html;

    build(runs);
    snprintf(path, sizeof path, "%s/matrix.html", dir_);
    cr_assert_eq(ccs_report_write_matrix_html(runs, 3, path, &err), CCS_OK, "%s", err.message);
    html = slurp(path);
    cr_expect_not_null(strstr(html, "\">gateway&lt;b&gt;</th>"));
    cr_expect_not_null(strstr(html, "<th title=\"http://127.0.0.1:1\">reference</th>"));
    cr_expect_not_null(strstr(html, "<tr class=\"differs\"><td><code>create.mode.invalid</code>"));
    cr_expect_not_null(strstr(html, "<td class=\"FAIL\" title=\"&lt;script&gt;x&lt;/script&gt; "
                                    "sk_test_\xe2\x80\xa6p7dc\">FAIL</td>"));
    cr_expect_null(strstr(html, "<script"));
    cr_expect_null(strstr(html, KEY_TAIL));
    free(html);
    free_runs(runs);
}

Test(matrix, bad_arguments)
{
    ccs_run_result runs[3];
    ccs_error err;
    char path[128];

    build(runs);
    snprintf(path, sizeof path, "%s/m.md", dir_);
    cr_expect_eq(ccs_report_write_matrix_markdown(runs, 0, path, &err), CCS_EINVAL);
    cr_expect_eq(ccs_report_write_matrix_html(NULL, 2, path, &err), CCS_EINVAL);
    snprintf(path, sizeof path, "%s/missing/m.html", dir_);
    cr_expect_eq(ccs_report_write_matrix_html(runs, 3, path, &err), CCS_EIO);
    cr_expect_not_null(strstr(err.message, "missing/m.html"));
    cr_expect_neq(access(path, F_OK), 0);
    free_runs(runs);
}
