/* Case files: every golden/cases file lints clean; crafted bad files are
 * caught with file, case id and JSON pointer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccs/cases.h"
#include "ccs/contract.h"
#include "ccs/paths.h"
#include "ccs/runner.h"

static const char *golden(void)
{
    return ccs_paths_golden();
}

Test(case_load, all_golden_cases_lint_clean)
{
    char path[1024];
    ccs_case_set set = {0};
    ccs_contracts *contracts = NULL;
    ccs_lint lint = {0};
    ccs_error err;
    size_t i;

    snprintf(path, sizeof path, "%s/cases", golden());
    cr_assert_eq(ccs_cases_load_dir(path, &set, &err), CCS_OK, "%s", err.message);
    cr_assert_gt(set.count, 0, "no cases under %s", path);
    snprintf(path, sizeof path, "%s/contract", golden());
    cr_assert_eq(ccs_contract_load_dir(path, &contracts, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_cases_lint(&set, contracts, &lint, &err), CCS_OK);
    for (i = 0; i < lint.count; i++)
        cr_log_error("%s", lint.items[i].text);
    cr_assert_eq(lint.count, 0, "%zu lint problems in golden/cases (see above)", lint.count);
    for (i = 0; i < set.count; i++)
        cr_assert_str_neq(set.items[i].area, "", "%s has no area", set.items[i].file);
    ccs_lint_free(&lint);
    ccs_contract_free(contracts);
    ccs_cases_free(&set);
}

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512], dir[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    mkdir(dir, 0755);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static void mk_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ccs_case_load_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm_tmp(void)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", tmpdir);
}

TestSuite(bad_cases, .init = mk_tmp, .fini = rm_tmp);

#define HEAD "\"description\":\"d\",\"level\":\"MUST\",\"profile\":\"core\",\"requirement\":{\"text\":\"t\",\"source\":\"s\"}"
#define REQ "\"request\":{\"method\":\"GET\",\"path\":\"/v1/x\"}"

static int has_problem(const ccs_lint *l, const char *needle1, const char *needle2)
{
    size_t i;

    for (i = 0; i < l->count; i++)
        if (strstr(l->items[i].text, needle1) && (!needle2 || strstr(l->items[i].text, needle2)))
            return 1;
    return 0;
}

Test(bad_cases, every_problem_is_named)
{
    ccs_case_set set = {0};
    ccs_lint lint = {0};
    ccs_error err;
    size_t i;

    write_file("create/a.json",
               "{\"cases\":[{\"id\":\"create.ok\"," HEAD ",\"steps\":[{" REQ ",\"capture\":{\"s\":\"\"}},"
               "{\"request\":{\"method\":\"GET\",\"path\":\"/v1/{{s.id}}\"}}]},"
               "{\"id\":\"create.ok\"," HEAD ",\"steps\":[{" REQ "}]},"
               "{\"id\":\"Bad Id\"," HEAD ",\"steps\":[{" REQ "}]},"
               "{\"id\":\"create.later\"," HEAD ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/v1/{{t.id}}\"},"
               "\"capture\":{\"t\":\"\"}}]},"
               "{\"id\":\"create.level\",\"description\":\"d\",\"level\":\"MAY\",\"profile\":\"all\",\"requirement\":\"r\","
               "\"steps\":[{" REQ ",\"expect\":{\"status\":\"2yy\",\"contract\":\"nope\",\"body\":{\"a\":\"{{int:9..1}}\"}},"
               "\"colour\":1}]},"
               "{\"id\":\"create.builtin\"," HEAD ",\"builtin\":\"no.such.check\"},"
               "{\"id\":\"create.params\"," HEAD ",\"builtin\":\"pagination.line_items_walk\",\"params\":{\"count\":1000}},"
               "{\"id\":\"create.nothing\"," HEAD "},"
               "{\"id\":\"create.config\"," HEAD ",\"steps\":[{\"request\":{\"method\":\"GET\",\"path\":\"/{{config.secret}}\","
               "\"form\":{\"a\":\"{{any}}\"}}}]}"
               "]}");
    cr_assert_eq(ccs_cases_load_dir(tmpdir, &set, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(set.count, 9);
    cr_assert_str_eq(set.items[0].area, "create");
    cr_assert_str_eq(set.items[0].file, "create/a.json");
    cr_assert_eq(ccs_cases_lint(&set, NULL, &lint, &err), CCS_OK);
    for (i = 0; i < lint.count; i++)
        cr_log_info("%s", lint.items[i].text);
    cr_assert_null(ccs_lint_for_case(&lint, 0), "the good case has no problem");
    cr_assert(has_problem(&lint, "create/a.json: create.ok: /cases/1/id: duplicate id", NULL));
    cr_assert(has_problem(&lint, "Bad Id: /cases/2/id", "[a-z0-9_.-]"));
    cr_assert(has_problem(&lint, "create.later: /cases/3/steps/0/request/path", "no earlier step captured"));
    cr_assert(has_problem(&lint, "create.level: /cases/4/level", NULL));
    cr_assert(has_problem(&lint, "create.level: /cases/4/profile", NULL));
    cr_assert(has_problem(&lint, "create.level: /cases/4/steps/0/expect", "status"));
    cr_assert(has_problem(&lint, "create.level: /cases/4/steps/0", "unknown key \"colour\""));
    cr_assert(has_problem(&lint, "create.level", "bad range"));
    cr_assert(has_problem(&lint, "create.builtin: /cases/5/builtin", "unknown builtin"));
    cr_assert(has_problem(&lint, "create.params: /cases/6/params/count", "2..100"));
    cr_assert(has_problem(&lint, "create.nothing", "steps or builtin"));
    cr_assert(has_problem(&lint, "create.config", "unknown config value"));
    cr_assert(has_problem(&lint, "create.config", "only allowed in expectations"));
    ccs_lint_free(&lint);
    ccs_cases_free(&set);
}

Test(bad_cases, unknown_contract_is_named)
{
    ccs_case_set set = {0};
    ccs_lint lint = {0};
    ccs_contracts *contracts = NULL;
    ccs_error err;
    char path[512];

    snprintf(path, sizeof path, "%s/contract", golden());
    cr_assert_eq(ccs_contract_load_dir(path, &contracts, &err), CCS_OK, "%s", err.message);
    write_file("x/c.json", "{\"cases\":[{\"id\":\"x.c\"," HEAD ",\"steps\":[{" REQ
                           ",\"expect\":{\"contract\":\"no.such.contract\",\"contract_items\":\"checkout.session\"}}]}]}");
    cr_assert_eq(ccs_cases_load_dir(tmpdir, &set, &err), CCS_OK);
    cr_assert_eq(ccs_cases_lint(&set, contracts, &lint, &err), CCS_OK);
    cr_assert_eq(lint.count, 1, "exactly the unknown contract: %s", lint.count ? lint.items[0].text : "");
    cr_assert(has_problem(&lint, "x.c: /cases/0/steps/0/expect", "no.such.contract"));
    ccs_lint_free(&lint);
    ccs_cases_free(&set);
    ccs_contract_free(contracts);
}

Test(bad_cases, malformed_files_are_load_errors)
{
    ccs_case_set set = {0};
    ccs_error err;

    write_file("a/broken.json", "{\"cases\": [ {\"id\": ");
    cr_assert_eq(ccs_cases_load_dir(tmpdir, &set, &err), CCS_EINVAL);
    cr_assert(strstr(err.message, "a/broken.json"), "%s", err.message);
    cr_assert_geq(err.offset, 0);
    ccs_cases_free(&set);
    write_file("a/broken.json", "[1,2]");
    cr_assert_eq(ccs_cases_load_dir(tmpdir, &set, &err), CCS_EINVAL);
    cr_assert(strstr(err.message, "cases"), "%s", err.message);
    ccs_cases_free(&set);
}

Test(case_load, filter_globs)
{
    cr_assert(ccs_cases_filter_match(NULL, "create.mode.invalid"));
    cr_assert(ccs_cases_filter_match("create.*", "create.mode.invalid"));
    cr_assert_not(ccs_cases_filter_match("update.*", "create.mode.invalid"));
    cr_assert(ccs_cases_filter_match("update.*,create.mode.*", "create.mode.invalid"));
    cr_assert_not(ccs_cases_filter_match("create.*,!create.mode.*", "create.mode.invalid"));
    cr_assert(ccs_cases_filter_match("!errors.*", "create.mode.invalid"));
}

Test(case_load, builtins_are_registered)
{
    size_t n, i;
    const ccs_builtin *b = ccs_builtin_list(&n);

    cr_assert_geq(n, 7);
    for (i = 0; i < n; i++) {
        cr_assert_eq(ccs_builtin_find(b[i].name), &b[i]);
        cr_assert_not_null(b[i].run);
    }
    cr_assert(ccs_builtin_find("pagination.sessions_walk")->isolated);
    cr_assert_null(ccs_builtin_find("nope"));
}
