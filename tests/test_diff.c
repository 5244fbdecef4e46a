/* Regression diff: every class, the gate, escaping in both reports, and the
 * `ccs diff` command's exit codes (via $CCS_BIN). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "ccs/diff.h"
#include "ccs/result.h"

static char dir_[64];

static void make_dir(void)
{
    snprintf(dir_, sizeof dir_, "/tmp/ccs-diff-XXXXXX");
    cr_assert_not_null(mkdtemp(dir_));
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(diff, .init = make_dir, .fini = remove_dir);

static ccs_case_result *add(ccs_run_result *run, const char *id, ccs_verdict v)
{
    ccs_case_result *c = ccs_result_add(run);

    cr_assert_not_null(c);
    c->id = strdup(id);
    c->level = strdup("MUST");
    c->verdict = v;
    return c;
}

static const ccs_diff_entry *find(const ccs_diff *d, const char *id)
{
    size_t i;

    for (i = 0; i < d->count; i++)
        if (!strcmp(d->entries[i].id, id))
            return &d->entries[i];
    return NULL;
}

/* baseline and current covering every class */
static void build_runs(ccs_run_result *base, ccs_run_result *cur)
{
    memset(base, 0, sizeof *base);
    memset(cur, 0, sizeof *cur);
    base->run_id = strdup("base-run");
    cur->run_id = strdup("cur-run");
    add(base, "z.regressed", CCS_PASS);
    add(cur, "z.regressed", CCS_FAIL)->message = strdup("status 200, expected 400");
    add(base, "a.regressed_error", CCS_PASS);
    add(cur, "a.regressed_error", CCS_ERROR);
    add(base, "fixed", CCS_FAIL);
    add(cur, "fixed", CCS_PASS);
    add(base, "still", CCS_ERROR);
    add(cur, "still", CCS_FAIL);
    add(base, "same", CCS_PASS);
    add(cur, "same", CCS_PASS);
    add(base, "skipped", CCS_PASS);
    add(cur, "skipped", CCS_SKIP);
    add(base, "gone", CCS_PASS);
    add(cur, "brand.new", CCS_FAIL);
}

Test(diff, classifies_every_case)
{
    ccs_run_result base, cur;
    ccs_diff d;
    ccs_error err;
    size_t i;

    build_runs(&base, &cur);
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(d.count, 8);
    cr_assert_eq(find(&d, "z.regressed")->cls, CCS_DIFF_REGRESSED);
    cr_assert_eq(find(&d, "a.regressed_error")->cls, CCS_DIFF_REGRESSED);
    cr_assert_eq(find(&d, "fixed")->cls, CCS_DIFF_FIXED);
    cr_assert_eq(find(&d, "still")->cls, CCS_DIFF_STILL_FAILING);
    cr_assert_eq(find(&d, "same")->cls, CCS_DIFF_UNCHANGED);
    cr_assert_eq(find(&d, "skipped")->cls, CCS_DIFF_UNCHANGED);
    cr_assert_eq(find(&d, "gone")->cls, CCS_DIFF_REMOVED);
    cr_assert_null(find(&d, "gone")->cur);
    cr_assert_eq(find(&d, "brand.new")->cls, CCS_DIFF_NEW);
    cr_assert_null(find(&d, "brand.new")->base);
    cr_assert_eq(d.n[CCS_DIFF_REGRESSED], 2);
    cr_assert_eq(d.n[CCS_DIFF_UNCHANGED], 2);
    cr_assert_eq(d.gating, 2);
    cr_assert_eq(ccs_diff_gate_failed(&d), 1);
    for (i = 1; i < d.count; i++)
        cr_assert_lt(strcmp(d.entries[i - 1].id, d.entries[i].id), 0, "entries sorted by id");
    cr_assert_str_eq(ccs_diff_class_name(CCS_DIFF_STILL_FAILING), "still failing");
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

Test(diff, known_failure_regression_does_not_gate)
{
    ccs_run_result base = {0}, cur = {0};
    ccs_diff d;
    ccs_error err;

    add(&base, "x", CCS_PASS);
    add(&cur, "x", CCS_FAIL)->known_failure = 1;
    add(&base, "y", CCS_FAIL);
    add(&cur, "y", CCS_PASS);
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(d.n[CCS_DIFF_REGRESSED], 1);
    cr_assert_eq(d.gating, 0);
    cr_assert_eq(ccs_diff_gate_failed(&d), 0);
    ccs_diff_free(&d);
    /* a known failure only in the baseline does not excuse the current run */
    cur.cases[0].known_failure = 0;
    base.cases[0].known_failure = 1;
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_diff_gate_failed(&d), 1);
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

Test(diff, should_regression_gates_only_a_strict_run)
{
    ccs_run_result base = {0}, cur = {0};
    ccs_diff d;
    ccs_error err;
    ccs_case_result *c;

    add(&base, "s", CCS_PASS);
    c = add(&cur, "s", CCS_FAIL);
    free(c->level);
    c->level = strdup("SHOULD");
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(d.n[CCS_DIFF_REGRESSED], 1, "still reported as a regression");
    cr_assert_eq(ccs_diff_gate_failed(&d), 0, "a SHOULD case does not gate a non-strict run");
    ccs_diff_free(&d);
    cur.strict = 1;
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_diff_gate_failed(&d), 1, "a strict run gates SHOULD regressions");
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

Test(diff, duplicates_and_empty_runs)
{
    ccs_run_result base = {0}, cur = {0};
    ccs_diff d;
    ccs_error err;

    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(d.count, 0);
    cr_assert_eq(ccs_diff_gate_failed(&d), 0);
    ccs_diff_free(&d);
    add(&cur, "dup", CCS_PASS);
    add(&cur, "dup", CCS_FAIL);
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_EINVAL);
    cr_assert_not_null(strstr(err.message, "'dup' twice"), "%s", err.message);
    cr_assert_null(d.entries);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

static char *render(int html, const ccs_diff *d, const ccs_run_result *b,
                    const ccs_run_result *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ccs_error err;

    cr_assert_not_null(f);
    cr_assert_eq(html ? ccs_diff_write_html(d, b, c, f, &err)
                      : ccs_diff_write_markdown(d, b, c, f, &err),
                 CCS_OK, "%s", err.message);
    fclose(f);
    return buf;
}

Test(diff, reports_escape_hostile_strings)
{
    ccs_run_result base = {0}, cur = {0};
    ccs_diff d;
    ccs_error err;
    char *md, *html;
    const char *hostile = "<script>alert(\"x\")</script>' | pipe\nnext";

    base.target = strdup("http://<img src=x onerror=alert(1)>");
    add(&base, "<script>id</script>", CCS_PASS);
    add(&cur, "<script>id</script>", CCS_FAIL)->message = strdup(hostile);
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);

    html = render(1, &d, &base, &cur);
    cr_assert_null(strstr(html, "<script"), "%s", html);
    cr_assert_null(strstr(html, "<img"));
    cr_assert_null(strstr(html, "\"x\""));
    cr_assert_null(strstr(html, "'"), "single quotes are escaped too");
    cr_assert_not_null(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;"));
    cr_assert_not_null(strstr(html, "Gate: FAILED"));
    cr_assert_eq(strncmp(html, "<!DOCTYPE html>", 15), 0);
    /* self-contained: no external resources */
    cr_assert_null(strstr(html, "<link"));
    cr_assert_null(strstr(html, "<script"));

    md = render(0, &d, &base, &cur);
    cr_assert_null(strstr(md, "<script"), "%s", md);
    cr_assert_not_null(strstr(md, "\\| pipe next"), "%s", md);
    cr_assert_not_null(strstr(md, "## Regressed (1)"));
    cr_assert_not_null(strstr(md, "| regressed | 1 |"));
    free(html);
    free(md);
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

/* --- the command --- */

static const char *path_in(const char *name)
{
    static char paths[4][160];
    static int next;
    char *p = paths[next++ % 4];

    snprintf(p, 160, "%s/%s", dir_, name);
    return p;
}

static int run_ccs(const char *args, const char *stdout_file)
{
    const char *bin = getenv("CCS_BIN");
    char cmd[1024];
    int st;

    cr_assert_not_null(bin, "CCS_BIN must point at the ccs binary");
    snprintf(cmd, sizeof cmd, "'%s' diff %s >'%s' 2>'%s.err'", bin, args, stdout_file,
             stdout_file);
    st = system(cmd);
    cr_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void write_run(const ccs_run_result *run, const char *path)
{
    ccs_error err;

    cr_assert_eq(ccs_result_write_json(run, path, &err), CCS_OK, "%s", err.message);
}

Test(diff, command_exit_codes_and_reports)
{
    ccs_run_result base, cur;
    char args[512], *out, *html, *md, *errtext;
    const char *b = path_in("base.json"), *c = path_in("cur.json");
    const char *o = path_in("out.txt");

    build_runs(&base, &cur);
    write_run(&base, b);
    write_run(&cur, c);
    snprintf(args, sizeof args, "'%s' '%s' --html '%s/r.html' --markdown '%s/r.md'", b, c, dir_,
             dir_);
    cr_assert_eq(run_ccs(args, o), 1, "regressions exit 1");
    out = slurp(o);
    cr_assert_not_null(strstr(out, "## Regressed (2)"), "%s", out);
    cr_assert_not_null(strstr(out, "z.regressed"));
    cr_assert_not_null(strstr(out, "## Fixed (1)"));
    cr_assert_not_null(strstr(out, "## New (1)"));
    cr_assert_not_null(strstr(out, "## Removed (1)"));
    cr_assert_not_null(strstr(out, "## Still failing (1)"));
    snprintf(args, sizeof args, "%s/r.md", dir_);
    md = slurp(args);
    cr_assert_str_eq(md, out);
    snprintf(args, sizeof args, "%s/r.html", dir_);
    html = slurp(args);
    cr_assert_not_null(strstr(html, "z.regressed"));
    free(out);
    free(md);
    free(html);

    /* same run against itself: exit 0 */
    snprintf(args, sizeof args, "'%s' '%s'", c, c);
    cr_assert_eq(run_ccs(args, o), 0);
    /* regressions all known failures in CURRENT: exit 0 */
    cur.cases[0].known_failure = 1;
    cur.cases[1].known_failure = 1;
    write_run(&cur, c);
    snprintf(args, sizeof args, "'%s' '%s'", b, c);
    cr_assert_eq(run_ccs(args, o), 0);

    /* unreadable and malformed input: exit 2 with a clear message */
    snprintf(args, sizeof args, "'%s' '%s/missing.json'", b, dir_);
    cr_assert_eq(run_ccs(args, o), 2);
    snprintf(args, sizeof args, "%s.err", o);
    errtext = slurp(args);
    cr_assert_not_null(strstr(errtext, "cannot open"), "%s", errtext);
    cr_assert_not_null(strstr(errtext, "missing.json"), "%s", errtext);
    free(errtext);
    out = (char *)path_in("bad.json");
    {
        FILE *f = fopen(out, "w");

        fputs("{\"format\":\"something-else/1\"}", f);
        fclose(f);
    }
    snprintf(args, sizeof args, "'%s' '%s'", b, out);
    cr_assert_eq(run_ccs(args, o), 2);
    /* usage errors: exit 2 */
    cr_assert_eq(run_ccs("only-one.json", o), 2);
    cr_assert_eq(run_ccs("a b c", o), 2);
    cr_assert_eq(run_ccs("a b --bogus", o), 2);
    cr_assert_eq(run_ccs("a b --html", o), 2);
    cr_assert_eq(run_ccs("--help", o), 0);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}
