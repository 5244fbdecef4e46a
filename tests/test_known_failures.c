/* Known-failures file: parsing, fnmatch globs, expiry and the gate. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/known_failures.h"
#include "ccs/result.h"

static const char sample[] =
    "# known failures of the test gateway\n"
    "\n"
    "create.mode.invalid\n"
    "   list.*   expires=2026-03-31   # pagination rewrite pending\n"
    "expire.open expires=2025-01-01 #old\r\n"
    "retrieve.expand.?  # reason only\n"
    "expire.open\texpires=2027-01-01\n";

static void parse_ok(const char *text, ccs_known_failures *kf)
{
    ccs_error err;

    cr_assert_eq(ccs_known_failures_parse(text, strlen(text), "kf.txt", kf, &err), CCS_OK, "%s",
                 err.message);
}

Test(known_failures, parses_entries)
{
    ccs_known_failures kf;

    parse_ok(sample, &kf);
    cr_assert_eq(kf.count, 5);
    cr_assert_str_eq(kf.entries[0].pattern, "create.mode.invalid");
    cr_assert_str_eq(kf.entries[0].expires, "");
    cr_assert_null(kf.entries[0].reason);
    cr_assert_eq(kf.entries[0].line, 3);
    cr_assert_str_eq(kf.entries[1].pattern, "list.*");
    cr_assert_str_eq(kf.entries[1].expires, "2026-03-31");
    cr_assert_str_eq(kf.entries[1].reason, "pagination rewrite pending");
    cr_assert_str_eq(kf.entries[2].reason, "old");
    cr_assert_str_eq(kf.entries[3].reason, "reason only");
    cr_assert_eq(kf.entries[4].line, 7);
    ccs_known_failures_free(&kf);
    cr_assert_eq(kf.count, 0);
}

Test(known_failures, glob_and_expiry)
{
    ccs_known_failures kf;
    const ccs_known_failure *e;

    parse_ok(sample, &kf);
    cr_assert_eq(ccs_known_failures_match(&kf, "create.mode.invalid", "2030-01-01", &e),
                 CCS_KF_LISTED);
    cr_assert_eq(e->line, 3);
    cr_assert_eq(ccs_known_failures_match(&kf, "create.mode.valid", "2026-01-01", &e),
                 CCS_KF_NOT_LISTED);
    cr_assert_null(e);
    cr_assert_eq(ccs_known_failures_match(&kf, "list.limit.max", "2026-03-31", &e),
                 CCS_KF_LISTED, "the expiry day itself is still in force");
    cr_assert_eq(ccs_known_failures_match(&kf, "list.limit.max", "2026-04-01", &e),
                 CCS_KF_EXPIRED);
    cr_assert_str_eq(e->expires, "2026-03-31");
    cr_assert_eq(ccs_known_failures_match(&kf, "retrieve.expand.x", "2026-01-01", NULL),
                 CCS_KF_LISTED);
    cr_assert_eq(ccs_known_failures_match(&kf, "retrieve.expand.xy", "2026-01-01", NULL),
                 CCS_KF_NOT_LISTED);
    /* two entries: the one in force wins over the expired one */
    cr_assert_eq(ccs_known_failures_match(&kf, "expire.open", "2026-06-01", &e), CCS_KF_LISTED);
    cr_assert_eq(e->line, 7);
    cr_assert_eq(ccs_known_failures_match(&kf, "expire.open", "2027-06-01", &e), CCS_KF_EXPIRED);
    /* NULL today uses the clock: an entry without expiry is always listed */
    cr_assert_eq(ccs_known_failures_match(&kf, "create.mode.invalid", NULL, NULL), CCS_KF_LISTED);
    ccs_known_failures_free(&kf);
}

struct bad {
    const char *text;
    const char *needle;
};

Test(known_failures, malformed_lines_name_the_line)
{
    static const struct bad bad[] = {
        {"ok.case\nbad case\n", "kf.txt:2: unexpected 'case'"},
        {"a\n\n# c\nx expires=2026-13-01\n", "kf.txt:4: invalid date '2026-13-01'"},
        {"x expires=2026-02-29\n", "kf.txt:1: invalid date"},
        {"x expires=26-01-01\n", "kf.txt:1: invalid date"},
        {"x expires=2026-01-01 expires=2026-01-02\n", "kf.txt:1: expires= given twice"},
        {"x expiry=2026-01-01\n", "kf.txt:1: unexpected 'expiry=2026-01-01'"},
        {"x expires=\n", "kf.txt:1: unexpected 'expires='"},
        {"case<script>\n", "kf.txt:1: character '<' is not allowed"},
        {"a\nb\nc\nd\ne\nf\ng\nh\ni\nj z\n", "kf.txt:10:"},
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ccs_known_failures kf;
        ccs_error err;

        cr_assert_eq(ccs_known_failures_parse(bad[i].text, strlen(bad[i].text), "kf.txt", &kf,
                                              &err),
                     CCS_EINVAL, "case %zu", i);
        cr_assert_not_null(strstr(err.message, bad[i].needle), "case %zu: %s", i, err.message);
        cr_assert_eq(kf.count, 0);
        cr_assert_null(kf.entries);
    }
    /* leap day is a real date */
    {
        ccs_known_failures kf;

        parse_ok("x expires=2028-02-29\n", &kf);
        cr_assert_str_eq(kf.entries[0].expires, "2028-02-29");
        ccs_known_failures_free(&kf);
    }
}

Test(known_failures, nul_byte_and_missing_file)
{
    ccs_known_failures kf;
    ccs_error err;

    cr_assert_eq(ccs_known_failures_parse("a\nb\0c\n", 6, "kf.txt", &kf, &err), CCS_EINVAL);
    cr_assert_not_null(strstr(err.message, "kf.txt:2: NUL"), "%s", err.message);
    cr_assert_eq(ccs_known_failures_load("/nonexistent/kf.txt", &kf, &err), CCS_EIO);
    cr_assert_not_null(strstr(err.message, "/nonexistent/kf.txt"));
    cr_assert_eq(ccs_known_failures_parse("", 0, "kf.txt", &kf, &err), CCS_OK);
    cr_assert_eq(kf.count, 0);
}

Test(known_failures, load_from_file)
{
    char path[] = "/tmp/ccs-kf-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    ccs_known_failures kf;
    ccs_error err;

    cr_assert_not_null(f);
    fputs(sample, f);
    fclose(f);
    cr_assert_eq(ccs_known_failures_load(path, &kf, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(kf.count, 5);
    ccs_known_failures_free(&kf);
    remove(path);
}

static ccs_case_result *add(ccs_run_result *run, const char *id, ccs_verdict v)
{
    ccs_case_result *c = ccs_result_add(run);

    c->id = strdup(id);
    c->level = strdup("MUST");
    c->verdict = v;
    c->message = strdup("status 200, expected 400");
    return c;
}

Test(known_failures, expired_entry_fails_the_gate_distinctly)
{
    ccs_known_failures kf;
    ccs_run_result run = {0};
    ccs_error err;

    parse_ok(sample, &kf);
    add(&run, "create.mode.invalid", CCS_FAIL);
    add(&run, "list.limit.max", CCS_FAIL);
    add(&run, "list.ok", CCS_PASS);

    cr_assert_eq(ccs_known_failures_apply(&kf, &run, "2026-01-01", &err), 0);
    cr_assert_eq(run.cases[0].known_failure, 1);
    cr_assert_eq(run.cases[1].known_failure, 1);
    cr_assert_eq(ccs_result_gate_failed(&run), 0, "listed failures do not gate");

    cr_assert_eq(ccs_known_failures_apply(&kf, &run, "2026-04-01", &err), 1);
    cr_assert_eq(run.cases[0].known_failure, 1);
    cr_assert_eq(run.cases[1].known_failure, 0);
    cr_assert_str_eq(run.cases[1].message,
                     "[known failure expired 2026-03-31, line 4] status 200, expected 400");
    cr_assert_eq(run.cases[2].known_failure, 0, "an expired entry no longer marks the case");
    cr_assert_eq(ccs_result_gate_failed(&run), 1, "an expired entry must fail the gate");
    ccs_result_free(&run);
    ccs_known_failures_free(&kf);
}
