/* `ccs check`: exit codes 0/1/2 and the violation line format. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];
static char out_path[128];
static char output[65536];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ccs-check-XXXXXX");
    cr_assert(mkdtemp(tmpdir));
    snprintf(out_path, sizeof out_path, "%s/out.txt", tmpdir);
}

static void teardown(void)
{
    char cmd[256];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(check_cli, .init = setup, .fini = teardown);

static const char *data(const char *name)
{
    static char path[4][4096];
    static int slot;
    const char *src = getenv("CCS_SOURCE_DIR");

    cr_assert(src);
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/tests/data/contract/%s", src, name);
    return path[slot];
}

static const char *tmpfile_with(const char *name, const char *text)
{
    static char path[4][256];
    static int slot;
    FILE *f;

    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", tmpdir, name);
    f = fopen(path[slot], "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
    return path[slot];
}

/* Run `ccs check ARGS`; stdout+stderr land in output[]. */
static int ccs_check(const char *args)
{
    const char *bin = getenv("CCS_BIN");
    char cmd[16384];
    FILE *f;
    size_t n;
    int st;

    cr_assert(bin && *bin, "CCS_BIN not set");
    snprintf(cmd, sizeof cmd, "'%s' check %s >'%s' 2>&1", bin, args, out_path);
    st = system(cmd);
    cr_assert(st != -1 && WIFEXITED(st), "ccs did not exit normally");
    f = fopen(out_path, "r");
    cr_assert(f);
    n = fread(output, 1, sizeof output - 1, f);
    output[n] = '\0';
    fclose(f);
    return WEXITSTATUS(st);
}

static char *quoted(const char *path)
{
    static char buf[4][4200];
    static int slot;

    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "'%s'", path);
    return buf[slot];
}

Test(check_cli, conforming_files_exit_0)
{
    char args[16384];

    snprintf(args, sizeof args, "--api-version 2026-07-29.dahlia %s %s", quoted(data("example_session.json")),
             quoted(data("seed_line_items.json")));
    cr_assert_eq(ccs_check(args), 0, "%s", output);
    cr_assert(strstr(output, "2 files checked: 0 MUST"), "%s", output);
    cr_assert(strstr(output, "example_session.json: ok (checkout.session)"), "%s", output);
}

/* The seed was written before basil: valid at its own version, rejected at
 * latest for the property basil removed, and `any` names the range. */
Test(check_cli, older_shape_passes_at_its_version_and_fails_at_latest)
{
    char args[16384];

    snprintf(args, sizeof args, "--api-version 2025-02-24.acacia %s", quoted(data("seed_session.json")));
    cr_assert_eq(ccs_check(args), 0, "%s", output);
    cr_assert_eq(ccs_check(quoted(data("seed_session.json"))), 1, "%s", output);
    cr_assert(strstr(output, "MUST unknown /shipping_details expected no such property in API 2026-10-28.endive "
                             "(removed after 2025-02-24.acacia)"), "%s", output);
    snprintf(args, sizeof args, "--api-version any %s", quoted(data("seed_session.json")));
    cr_assert_eq(ccs_check(args), 0, "%s", output);
    cr_assert(strstr(output, "valid in 2022-11-15 … 2025-02-24.acacia; not in later versions: unknown "
                             "/shipping_details in 2025-03-31.basil"), "%s", output);
    cr_assert_eq(ccs_check("--api-version 1999-01-01 x.json"), 2, "%s", output);
    cr_assert(strstr(output, "unknown API version \"1999-01-01\"; known: 2022-11-15"), "%s", output);
}

Test(check_cli, must_violation_exits_1)
{
    const char *f = tmpfile_with("bad.json", "{\"object\":\"list\",\"data\":[],\"has_more\":\"no\",\"url\":\"/v1/x\"}");

    cr_assert_eq(ccs_check(quoted(f)), 1, "%s", output);
    cr_assert(strstr(output, "bad.json: MUST type /has_more expected boolean, got string \"no\""), "%s", output);
    cr_assert(strstr(output, "1 file failed"), "%s", output);
}

Test(check_cli, strict_fails_on_should)
{
    char args[8192];

    snprintf(args, sizeof args, "--api-version 2025-02-24.acacia %s", quoted(data("seed_session.json")));
    cr_assert_eq(ccs_check(args), 0, "%s", output);
    {
        snprintf(args, sizeof args, "--api-version 2025-02-24.acacia --strict %s", quoted(data("seed_session.json")));
        cr_assert_eq(ccs_check(args), 1, "%s", output);
        cr_assert(strstr(output, "(strict)"), "%s", output);
    }
}

Test(check_cli, forced_contract_and_error_envelope)
{
    const char *e = tmpfile_with("err.json", "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"m\"}}");
    char args[8192];

    cr_assert_eq(ccs_check(quoted(e)), 0, "%s", output);
    cr_assert(strstr(output, "ok (error)"), "%s", output);
    snprintf(args, sizeof args, "--contract 'list<item>' %s", quoted(data("seed_line_items.json")));
    cr_assert_eq(ccs_check(args), 0, "%s", output);
    snprintf(args, sizeof args, "--contract item %s", quoted(data("seed_session.json")));
    cr_assert_eq(ccs_check(args), 1, "%s", output);
    cr_assert(strstr(output, "MUST missing /amount_discount"), "%s", output);
}

Test(check_cli, bad_input_exits_2)
{
    const char *bad = tmpfile_with("broken.json", "{\"object\": \"checkout.session\",");
    const char *anon = tmpfile_with("anon.json", "{\"a\":1}");
    char args[8192];

    cr_assert_eq(ccs_check(quoted(bad)), 2, "%s", output);
    cr_assert(strstr(output, "broken.json: invalid JSON"), "%s", output);
    cr_assert_eq(ccs_check("/nonexistent/file.json"), 2, "%s", output);
    cr_assert(strstr(output, "cannot open /nonexistent/file.json"), "%s", output);
    cr_assert_eq(ccs_check(quoted(anon)), 2, "%s", output);
    cr_assert(strstr(output, "use --contract"), "%s", output);
    cr_assert_eq(ccs_check(""), 2, "%s", output);
    cr_assert(strstr(output, "no FILE"), "%s", output);
    cr_assert_eq(ccs_check("--bogus x.json"), 2, "%s", output);
    cr_assert(strstr(output, "unknown option"), "%s", output);
    snprintf(args, sizeof args, "--contract customer %s", quoted(anon));
    cr_assert_eq(ccs_check(args), 2, "%s", output);
    cr_assert(strstr(output, "no contract named"), "%s", output);
    snprintf(args, sizeof args, "--golden /nonexistent %s", quoted(anon));
    cr_assert_eq(ccs_check(args), 2, "%s", output);
    cr_assert(strstr(output, "cannot load contracts"), "%s", output);
    /* a broken file among good ones still exits 2, and the good ones are reported */
    snprintf(args, sizeof args, "--api-version 2026-07-29.dahlia %s %s", quoted(data("example_session.json")),
             quoted(bad));
    cr_assert_eq(ccs_check(args), 2, "%s", output);
    cr_assert(strstr(output, "example_session.json: ok"), "%s", output);
}

Test(check_cli, help_exits_0)
{
    cr_assert_eq(ccs_check("--help"), 0, "%s", output);
    cr_assert(strstr(output, "usage: ccs check"), "%s", output);
}
