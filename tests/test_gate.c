/* The CI gate: classification with and without a baseline, expired known
 * failures, GitHub annotations (escaping, order, cap, no key), and the
 * baseline file (missing, corrupt, atomic update). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/baseline.h"
#include "ccs/diff.h"
#include "ccs/gate.h"
#include "ccs/known_failures.h"
#include "ccs/result.h"

static char dir_[64];

static void make_dir(void)
{
    snprintf(dir_, sizeof dir_, "/tmp/ccs-gate-XXXXXX");
    cr_assert_not_null(mkdtemp(dir_));
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(gate, .init = make_dir, .fini = remove_dir);

static ccs_case_result *add(ccs_run_result *run, const char *id, ccs_verdict v, const char *level)
{
    ccs_case_result *c = ccs_result_add(run);

    cr_assert_not_null(c);
    c->id = strdup(id);
    c->level = strdup(level);
    c->area = strdup("a");
    c->verdict = v;
    if (v == CCS_FAIL || v == CCS_ERROR)
        c->message = strdup("expected HTTP status 200, got 500");
    return c;
}

static void runs(ccs_run_result *base, ccs_run_result *cur)
{
    memset(base, 0, sizeof *base);
    memset(cur, 0, sizeof *cur);
    base->run_id = strdup("b");
    cur->run_id = strdup("c");
    add(base, "a.regressed", CCS_PASS, "MUST");
    add(cur, "a.regressed", CCS_FAIL, "MUST");
    add(base, "a.still", CCS_FAIL, "MUST");
    add(cur, "a.still", CCS_ERROR, "MUST");
    add(cur, "a.new", CCS_FAIL, "MUST");
    add(base, "a.was_skip", CCS_SKIP, "MUST");
    add(cur, "a.was_skip", CCS_FAIL, "MUST");
    add(base, "a.should", CCS_PASS, "SHOULD");
    add(cur, "a.should", CCS_FAIL, "SHOULD");
    add(base, "a.fixed", CCS_FAIL, "MUST");
    add(cur, "a.fixed", CCS_PASS, "MUST");
    add(base, "a.kf", CCS_PASS, "MUST");
    add(cur, "a.kf", CCS_FAIL, "MUST")->known_failure = 1;
}

static ccs_gate_class cls(const ccs_gate *g, const char *id, char *why, size_t cap)
{
    size_t i;

    for (i = 0; i < g->run->count; i++)
        if (!strcmp(g->run->cases[i].id, id))
            return ccs_gate_case(g, &g->run->cases[i], why, cap);
    cr_assert_fail("no case %s", id);
    return CCS_GATE_PASSES;
}

Test(gate, without_baseline_every_must_failure_counts)
{
    ccs_run_result base, cur;
    ccs_gate g = {0};
    char why[128];

    runs(&base, &cur);
    g.run = &cur;
    cr_assert_eq(cls(&g, "a.regressed", why, sizeof why), CCS_GATE_FAILS);
    cr_assert_eq(cls(&g, "a.still", why, sizeof why), CCS_GATE_FAILS);
    cr_assert_eq(cls(&g, "a.new", why, sizeof why), CCS_GATE_FAILS);
    cr_assert_eq(cls(&g, "a.should", why, sizeof why), CCS_GATE_EXCUSED);
    cr_assert(strstr(why, "--strict"), "%s", why);
    cr_assert_eq(cls(&g, "a.kf", why, sizeof why), CCS_GATE_EXCUSED);
    cr_assert_str_eq(why, "known failure");
    cr_assert_eq(cls(&g, "a.fixed", why, sizeof why), CCS_GATE_PASSES);
    cr_assert_eq(ccs_gate_count(&g), 4); /* regressed, still, new, was_skip */
    cr_assert_eq(ccs_gate_count(&g) > 0, ccs_result_gate_failed(&cur), "agrees with the result module");
    cur.strict = 1;
    cr_assert_eq(cls(&g, "a.should", why, sizeof why), CCS_GATE_FAILS, "strict: SHOULD counts");
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

Test(gate, with_baseline_only_regressions_count)
{
    ccs_run_result base, cur;
    ccs_diff d;
    ccs_gate g = {0};
    ccs_error err;
    char why[128];

    runs(&base, &cur);
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK, "%s", err.message);
    g.run = &cur;
    g.diff = &d;
    cr_assert_eq(cls(&g, "a.regressed", why, sizeof why), CCS_GATE_FAILS);
    cr_assert(strstr(why, "regressed"), "%s", why);
    cr_assert_eq(cls(&g, "a.still", why, sizeof why), CCS_GATE_EXCUSED);
    cr_assert(strstr(why, "still failing"), "%s", why);
    cr_assert_eq(cls(&g, "a.new", why, sizeof why), CCS_GATE_EXCUSED);
    cr_assert(strstr(why, "new case"), "%s", why);
    cr_assert_eq(cls(&g, "a.was_skip", why, sizeof why), CCS_GATE_EXCUSED);
    cr_assert_eq(cls(&g, "a.should", why, sizeof why), CCS_GATE_EXCUSED, "SHOULD regressions need --strict");
    cr_assert_eq(cls(&g, "a.kf", why, sizeof why), CCS_GATE_EXCUSED);
    cr_assert_eq(ccs_gate_count(&g), 1);
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

Test(gate, expired_known_failure_fails_in_both_modes)
{
    static const char text[] = "a.still expires=2020-01-31 # waiting for a fix\na.kf\n";
    ccs_run_result base, cur;
    ccs_known_failures kf = {0};
    ccs_diff d;
    ccs_gate g = {0};
    ccs_error err;
    char why[128];

    runs(&base, &cur);
    cr_assert_eq(ccs_known_failures_parse(text, sizeof text - 1, "kf", &kf, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_known_failures_apply(&kf, &cur, "2020-02-01", &err), 1);
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK);
    g.run = &cur;
    g.kf = &kf;
    g.today = "2020-02-01";
    g.diff = &d;
    cr_assert_eq(cls(&g, "a.still", why, sizeof why), CCS_GATE_FAILS, "still failing, but the entry expired");
    cr_assert(strstr(why, "expired 2020-01-31"), "%s", why);
    cr_assert_eq(cls(&g, "a.kf", why, sizeof why), CCS_GATE_EXCUSED);
    g.today = "2020-01-31"; /* honoured through its expiry date */
    cr_assert_eq(cls(&g, "a.still", why, sizeof why), CCS_GATE_EXCUSED);
    ccs_diff_free(&d);
    ccs_known_failures_free(&kf);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

static char *annotate(const ccs_gate *g, const char *label, size_t max)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ccs_error err;

    cr_assert_not_null(f);
    cr_assert_eq(ccs_gate_annotate_github(g, label, max, f, &err), CCS_OK, "%s", err.message);
    fclose(f);
    return buf;
}

Test(gate, github_annotations_escape_and_order)
{
    ccs_run_result base, cur;
    ccs_diff d;
    ccs_gate g = {0};
    ccs_error err;
    char *out, *first_warning, *line;

    runs(&base, &cur);
    free(cur.cases[0].message);
    cur.cases[0].message = strdup("100% wrong\nsecond line, key sk_test_abcdefghijkl1234 here");
    cr_assert_eq(ccs_diff_compute(&base, &cur, &d, &err), CCS_OK);
    g.run = &cur;
    g.diff = &d;
    out = annotate(&g, "stage,1", 0);
    line = strstr(out, "::error title=stage%2C1%3A a.regressed::FAIL (regressed: PASS in the baseline): 100%25 wrong"
                       "%0Asecond line, key ");
    cr_assert_not_null(line, "%s", out);
    cr_assert_null(strstr(out, "sk_test_abcdefghijkl1234"), "the key is redacted: %s", out);
    cr_assert(strstr(out, "1234 here\n"), "%s", out);
    first_warning = strstr(out, "::warning");
    cr_assert_not_null(first_warning);
    cr_assert_null(strstr(first_warning, "::error"), "errors come before warnings: %s", out);
    cr_assert(strstr(out, "::warning title=stage%2C1%3A a.still::ERROR (still failing"), "%s", out);
    free(out);
    /* The cap keeps the log readable: one line + a notice with the rest. */
    out = annotate(&g, NULL, 1);
    cr_assert(!strncmp(out, "::error title=a.regressed::", 27), "%s", out);
    cr_assert(strstr(out, "::notice title=ccs run::5 more failing cases"), "%s", out);
    free(out);
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

Test(gate, baseline_load_and_update)
{
    char missing[128], results[128], bad[128], *text;
    ccs_run_result base, run;
    ccs_error err;
    int was_missing = 0;
    FILE *f;
    long n;

    memset(&run, 0, sizeof run);
    snprintf(missing, sizeof missing, "%s/none.json", dir_);
    snprintf(results, sizeof results, "%s/results.json", dir_);
    snprintf(bad, sizeof bad, "%s/bad.json", dir_);
    cr_assert_eq(ccs_baseline_load(missing, 0, &base, &was_missing, &err), CCS_ENOTFOUND);
    cr_assert(strstr(err.message, "--baseline-update"), "%s", err.message);
    cr_assert_eq(ccs_baseline_load(missing, 1, &base, &was_missing, &err), CCS_OK);
    cr_assert_eq(was_missing, 1);
    cr_assert_eq(base.count, 0);
    ccs_result_free(&base);
    write_file(bad, "{\"cases\": [");
    cr_assert_neq(ccs_baseline_load(bad, 1, &base, NULL, &err), CCS_OK, "a corrupt baseline is an error");
    cr_assert(strstr(err.message, "bad.json"), "%s", err.message);
    cr_assert_neq(ccs_baseline_update(bad, missing, &err), CCS_OK, "a corrupt results file is not copied");
    cr_assert_null(fopen(missing, "r"));

    run.run_id = strdup("r1");
    run.target_name = strdup("t");
    add(&run, "a.one", CCS_PASS, "MUST");
    add(&run, "a.two", CCS_FAIL, "MUST");
    cr_assert_eq(ccs_result_write_json(&run, results, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_baseline_update(results, missing, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_baseline_load(missing, 0, &base, &was_missing, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(was_missing, 0);
    cr_assert_eq(base.count, 2);
    cr_assert_str_eq(base.cases[1].id, "a.two");
    ccs_result_free(&base);
    /* A byte-for-byte copy, and no temporary left behind. */
    f = fopen(missing, "r");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fclose(f);
    f = fopen(results, "r");
    fseek(f, 0, SEEK_END);
    cr_assert_eq(n, ftell(f));
    fclose(f);
    text = malloc(strlen(missing) + 5);
    sprintf(text, "%s.tmp", missing);
    cr_assert_null(fopen(text, "r"));
    free(text);
    ccs_result_free(&run);
}
