/* `ccs contract list|diff` and lib/contract/contract_diff.c: real versions'
 * differences (one diff byte for byte against tests/data/contract_diff/),
 * the list, usage errors, and the comparison rules on small made-up
 * contracts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ccs/contract_diff.h"
#include "ccs/fs.h"
#include "ccs/versions.h"

static char tmpdir[64];
static char out_path[128];
static char *output; /* stdout of the last run */
static char *errors; /* its stderr */

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ccs-contract-diff-XXXXXX");
    cr_assert(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[256];

    free(output);
    free(errors);
    output = errors = NULL;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(contract_diff_cli, .init = setup, .fini = teardown);
TestSuite(contract_diff_lib);

static char *slurp(const char *path)
{
    char *text = NULL;
    ccs_error err;

    ccs_error_clear(&err);
    cr_assert_eq(ccs_fs_read_file(path, (size_t)64 << 20, &text, NULL, &err), CCS_OK, "%s", err.message);
    return text;
}

/* Run `ccs contract ARGS`: stdout into output, stderr into errors. */
static int ccs_contract(const char *args)
{
    const char *bin = getenv("CCS_BIN");
    char cmd[4096], err_path[160];
    int st;

    cr_assert(bin && *bin, "CCS_BIN not set");
    free(output);
    free(errors);
    snprintf(out_path, sizeof out_path, "%s/out.txt", tmpdir);
    snprintf(err_path, sizeof err_path, "%s/err.txt", tmpdir);
    snprintf(cmd, sizeof cmd, "'%s' contract %s >'%s' 2>'%s'", bin, args, out_path, err_path);
    st = system(cmd);
    cr_assert(st != -1 && WIFEXITED(st), "ccs did not exit normally");
    output = slurp(out_path);
    errors = slurp(err_path);
    return WEXITSTATUS(st);
}

/* The lines of the text section `title` (up to the blank line after it),
 * each ending in \n; "" when the section is not there. */
static const char *section(const char *text, const char *title)
{
    static char buf[65536];
    char head[256];
    const char *at, *end;

    snprintf(head, sizeof head, "\n%s\n", title);
    buf[0] = '\0';
    if (!(at = strstr(text, head)))
        return buf;
    at += strlen(head);
    end = strstr(at, "\n\n");
    end = end ? end + 1 : at + strlen(at);
    cr_assert_lt((size_t)(end - at), sizeof buf);
    memcpy(buf, at, (size_t)(end - at));
    buf[end - at] = '\0';
    return buf;
}

/* `line` (without \n) is a whole line of s. */
static int has_line(const char *s, const char *line)
{
    size_t n = strlen(line);
    const char *p;

    for (p = s; (p = strstr(p, line)) != NULL; p++)
        if ((p == s || p[-1] == '\n') && p[n] == '\n')
            return 1;
    return 0;
}

/* basil removed the session's shipping_details (collected_information has
 * it since); item and price keep theirs. */
Test(contract_diff_cli, acacia_to_basil_removes_shipping_details)
{
    const char *s;

    cr_assert_eq(ccs_contract("diff 2025-02-24.acacia 2025-03-31.basil"), 0, "%s", errors);
    cr_assert(has_line(output, "Checkout Sessions: API 2025-02-24.acacia -> 2025-03-31.basil"), "%s", output);
    s = section(output, "checkout.session properties");
    cr_assert(has_line(s, "- shipping_details"), "%s", output);
    cr_assert(!strstr(section(output, "item properties"), "shipping_details"), "%s", output);
    cr_assert(has_line(section(output, "price properties"), "- recurring.aggregate_usage"), "%s", output);
    cr_assert(strstr(output, "\nsummary: properties +3 -5 ~0;"), "%s", output);
}

/* endive replaced the create parameter payment_method_types by
 * allowed_payment_method_types and added the locale hi-IN. */
Test(contract_diff_cli, dahlia_to_endive_payment_method_types_and_locale)
{
    const char *s;

    cr_assert_eq(ccs_contract("diff 2026-08-26.dahlia 2026-10-28.endive"), 0, "%s", errors);
    s = section(output, "create parameters");
    cr_assert(has_line(s, "- payment_method_types"), "%s", output);
    cr_assert(has_line(s, "+ allowed_payment_method_types"), "%s", output);
    cr_assert(has_line(s, "+ locale: enum value hi-IN"), "%s", output);
    cr_assert(has_line(section(output, "checkout.session properties"), "+ locale: enum value hi-IN"), "%s", output);
    cr_assert(!strstr(output, "\noperations\n"), "%s", output);
}

/* The whole text of one diff, checked line by line against the versions'
 * JSON when it was written. */
Test(contract_diff_cli, dahlia_to_endive_text_byte_for_byte)
{
    const char *src = getenv("CCS_SOURCE_DIR");
    char path[4096];
    char *want;

    cr_assert(src);
    snprintf(path, sizeof path, "%s/tests/data/contract_diff/2026-08-26.dahlia..2026-10-28.endive.txt", src);
    want = slurp(path);
    cr_assert_eq(ccs_contract("diff 2026-08-26.dahlia latest"), 0, "%s", errors);
    cr_assert_str_eq(output, want);
    free(want);
}

static int sorted_by_path(const cJSON *arr)
{
    const cJSON *e, *prev = NULL;

    cJSON_ArrayForEach(e, arr) {
        const char *a = prev ? (cJSON_IsString(prev) ? prev->valuestring
                                                     : cJSON_GetObjectItem(prev, "path")->valuestring)
                             : NULL;
        const char *b = cJSON_IsString(e) ? e->valuestring : cJSON_GetObjectItem(e, "path")->valuestring;

        if (a && strcmp(a, b) > 0)
            return 0;
        prev = e;
    }
    return 1;
}

/* --json: the same differences, sorted, counted in the summary, and the
 * same bytes on every run. */
Test(contract_diff_cli, json_is_sorted_counted_and_stable)
{
    cJSON *d, *group, *s, *arr;
    char *first, *removed;
    double sum = 0;
    int k;

    cr_assert_eq(ccs_contract("diff 2022-11-15 latest --json"), 0, "%s", errors);
    first = strdup(output);
    d = cJSON_Parse(output);
    cr_assert(d, "%s", output);
    cr_assert_str_eq(cJSON_GetObjectItem(d, "from")->valuestring, "2022-11-15");
    cr_assert_str_eq(cJSON_GetObjectItem(d, "to")->valuestring, "2026-10-28.endive");
    for (k = 0; k < 2; k++) {
        group = cJSON_GetObjectItem(d, k ? "parameters" : "objects");
        cr_assert(cJSON_IsObject(group));
        cJSON_ArrayForEach(s, group) {
            cJSON_ArrayForEach(arr, s) {
                cr_assert(cJSON_IsArray(arr), "%s.%s", s->string, arr->string);
                cr_assert(sorted_by_path(arr), "%s.%s not sorted", s->string, arr->string);
                sum += cJSON_GetArraySize(arr);
            }
        }
    }
    cr_assert_eq(sum, cJSON_GetObjectItem(cJSON_GetObjectItem(d, "summary"), "total")->valuedouble);
    arr = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "parameters"), "operations"), "added");
    cr_assert_eq(cJSON_GetArraySize(arr), 1);
    cr_assert_str_eq(cJSON_GetArrayItem(arr, 0)->valuestring, "update");
    arr = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "objects"), "checkout.session"), "removed");
    removed = cJSON_PrintUnformatted(arr);
    cr_assert(strstr(removed, "\"shipping_details\""), "%s", removed);
    free(removed);
    cJSON_Delete(d);
    cr_assert_eq(ccs_contract("diff 2022-11-15 latest --json"), 0);
    cr_assert_str_eq(output, first);
    free(first);
}

Test(contract_diff_cli, same_version_has_no_differences)
{
    cr_assert_eq(ccs_contract("diff 2026-10-28.endive latest"), 0, "%s", errors);
    cr_assert(has_line(output, "no differences"), "%s", output);
    cr_assert(strstr(output, "; 0 differences\n"), "%s", output);
    cr_assert(!strstr(output, "\n+ ") && !strstr(output, "\n- ") && !strstr(output, "\n~ "), "%s", output);
}

Test(contract_diff_cli, list_names_every_version_and_marks_latest)
{
    cJSON *versions = NULL, *listed;
    const cJSON *v, *e;
    ccs_error err;
    char line[256];
    int n = 0, marked = 0;

    ccs_error_clear(&err);
    cr_assert_eq(ccs_versions_load(NULL, &versions, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_contract("list"), 0, "%s", errors);
    cJSON_ArrayForEach(v, ccs_versions_list(versions)) {
        const char *name = cJSON_GetObjectItem(v, "api_version")->valuestring, *at, *end;
        int latest = !strcmp(name, cJSON_GetObjectItem(versions, "latest")->valuestring);
        size_t len;

        snprintf(line, sizeof line, "\n%s ", name);
        cr_assert(at = strstr(output, line), "%s missing:\n%s", name, output);
        end = strchr(++at, '\n');
        cr_assert(end);
        len = (size_t)(end - at);
        cr_assert_lt(len, sizeof line);
        memcpy(line, at, len);
        line[len] = '\0';
        cr_assert(strstr(line, cJSON_GetObjectItem(v, "package")->valuestring), "%s", line);
        cr_assert_eq(len > 8 && !strcmp(line + len - 8, "  latest"), latest, "latest mark: %s", line);
        marked += latest;
        n++;
    }
    cr_assert_gt(n, 10);
    cr_assert_eq(marked, 1);
    marked = 0;
    cr_assert_eq(ccs_contract("list --json"), 0, "%s", errors);
    listed = cJSON_Parse(output);
    cr_assert(cJSON_IsArray(listed), "%s", output);
    cr_assert_eq(cJSON_GetArraySize(listed), n);
    cJSON_ArrayForEach(e, listed) {
        if (cJSON_IsTrue(cJSON_GetObjectItem(e, "latest"))) {
            marked++;
            cr_assert_str_eq(cJSON_GetObjectItem(e, "api_version")->valuestring,
                             cJSON_GetObjectItem(versions, "latest")->valuestring);
        }
        cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(e, "properties")));
        cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(e, "parameters")));
        cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(e, "enum_values")));
    }
    cr_assert_eq(marked, 1);
    cJSON_Delete(listed);
    cJSON_Delete(versions);
}

Test(contract_diff_cli, unknown_version_exits_2_naming_the_known_ones)
{
    cr_assert_eq(ccs_contract("diff 1999-01-01 latest"), 2, "%s", output);
    cr_assert(strstr(errors, "unknown API version \"1999-01-01\"; known: 2022-11-15, "), "%s", errors);
    cr_assert(strstr(errors, "2026-10-28.endive, latest"), "%s", errors);
    cr_assert_str_eq(output, "");
    cr_assert_eq(ccs_contract("diff latest 2025-02-30.basil --json"), 2, "%s", output);
    cr_assert(strstr(errors, "unknown API version \"2025-02-30.basil\""), "%s", errors);
}

Test(contract_diff_cli, missing_arguments_exit_2)
{
    cr_assert_eq(ccs_contract("diff latest"), 2, "%s", output);
    cr_assert(strstr(errors, "needs two API versions"), "%s", errors);
    cr_assert_eq(ccs_contract("diff"), 2, "%s", output);
    cr_assert(strstr(errors, "needs two API versions"), "%s", errors);
    cr_assert_eq(ccs_contract(""), 2, "%s", output);
    cr_assert(strstr(errors, "usage: ccs contract"), "%s", errors);
    cr_assert_eq(ccs_contract("frobnicate"), 2, "%s", output);
    cr_assert(strstr(errors, "unknown subcommand"), "%s", errors);
    cr_assert_eq(ccs_contract("diff latest latest latest"), 2, "%s", output);
    cr_assert_eq(ccs_contract("list --golden"), 2, "%s", output);
    cr_assert_eq(ccs_contract("list --what"), 2, "%s", output);
    cr_assert_eq(ccs_contract("diff --help"), 0, "%s", errors);
    cr_assert(strstr(output, "usage: ccs contract"), "%s", output);
}

/* ---- the rules, on made-up contracts ---- */

static void side(ccs_contract_diff_side *s, const char *version, const char *session, const char *endpoints)
{
    size_t i;

    memset(s, 0, sizeof *s);
    snprintf(s->version, sizeof s->version, "%s", version);
    s->objects[0] = cJSON_Parse(session);
    for (i = 1; i < CCS_CONTRACT_DIFF_NOBJECTS; i++)
        s->objects[i] = cJSON_Parse("{\"properties\":{}}");
    s->endpoints = cJSON_Parse(endpoints);
    cr_assert(s->objects[0] && s->endpoints);
}

static char *diff_text(const ccs_contract_diff_side *a, const ccs_contract_diff_side *b, cJSON **json)
{
    ccs_strbuf text = {0};
    ccs_error err;
    cJSON *d;

    ccs_error_clear(&err);
    cr_assert_eq(ccs_contract_diff_compare(a, b, &d, &err), CCS_OK, "%s", err.message);
    cr_assert_eq(ccs_contract_diff_text(d, &text, &err), CCS_OK, "%s", err.message);
    if (json)
        *json = d;
    else
        cJSON_Delete(d);
    return text.p;
}

Test(contract_diff_lib, nested_paths_removed_after_type_and_nullable)
{
    ccs_contract_diff_side a, b;
    char *t;

    side(&a, "v1",
         "{\"properties\":{"
         "\"gone\":{\"type\":\"string\",\"nullable\":true},"
         "\"old\":{\"type\":\"any\",\"removed_after\":\"v0\"},"
         "\"automatic_tax\":{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\",\"enum\":[\"x\",\"y\"]}}},"
         "\"custom_fields\":{\"type\":\"array\",\"nullable\":false,\"items\":{\"type\":\"object\",\"properties\":{"
         "\"type\":{\"type\":\"string\"},\"text\":{\"type\":\"object\",\"nullable\":true,\"properties\":{"
         "\"value\":{\"type\":\"string\"}}}}}},"
         "\"customer\":{\"type\":\"string\",\"nullable\":true}}}",
         "{\"endpoints\":[]}");
    side(&b, "v2",
         "{\"properties\":{"
         "\"gone\":{\"type\":\"any\",\"nullable\":true,\"removed_after\":\"v1\"},"
         "\"automatic_tax\":{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\",\"enum\":[\"y\",\"z\"]},"
         "\"provider\":{\"type\":\"string\"}}},"
         "\"custom_fields\":{\"type\":\"array\",\"nullable\":false,\"items\":{\"type\":\"object\",\"properties\":{"
         "\"text\":{\"type\":\"object\",\"nullable\":false,\"properties\":{\"value\":{\"type\":\"string\"},"
         "\"label\":{\"type\":\"string\"}}}}}},"
         "\"customer\":{\"type\":[\"string\",\"object\"],\"nullable\":true}}}",
         "{\"endpoints\":[]}");
    t = diff_text(&a, &b, NULL);
    cr_assert_str_eq(t, "Checkout Sessions: API v1 -> v2\n"
                        "\n"
                        "checkout.session properties\n"
                        "+ automatic_tax.provider\n"
                        "+ custom_fields[].text.label\n"
                        "- custom_fields[].type\n"
                        "- gone\n"
                        "~ custom_fields[].text: nullable true -> false\n"
                        "~ customer: type string -> string|object\n"
                        "+ automatic_tax.status: enum value z\n"
                        "- automatic_tax.status: enum value x\n"
                        "\n"
                        "summary: properties +2 -2 ~2; parameters +0 -0 ~0; enum values +1 -1 (properties) "
                        "+0 -0 (parameters); operations +0 -0; 8 differences\n");
    free(t);
    ccs_contract_diff_release(&a);
    ccs_contract_diff_release(&b);
}

Test(contract_diff_lib, parameters_required_anyof_and_operations)
{
    ccs_contract_diff_side a, b;
    cJSON *d;
    char *t;

    side(&a, "v1", "{\"properties\":{}}",
         "{\"operations_absent\":[\"update\"],\"endpoints\":["
         "{\"operation\":\"list\",\"parameters\":{\"created\":{\"anyOf\":[{\"type\":\"object\",\"properties\":"
         "{\"gt\":{\"type\":\"integer\"}}},{\"type\":\"integer\"}]}}},"
         "{\"operation\":\"create\",\"parameters\":{\"mode\":{\"type\":\"string\",\"enum\":[\"payment\"]},"
         "\"success_url\":{\"type\":\"string\",\"required\":true},"
         "\"line_items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
         "{\"price\":{\"type\":\"string\"}}}},\"payment_method_types\":{\"type\":\"array\"}}},"
         "{\"operation\":\"expire\",\"parameters\":{}}]}");
    side(&b, "v2", "{\"properties\":{}}",
         "{\"endpoints\":["
         "{\"operation\":\"list\",\"parameters\":{\"created\":{\"anyOf\":[{\"type\":\"object\",\"properties\":"
         "{\"gt\":{\"type\":\"integer\"},\"lte\":{\"type\":\"integer\"}}},{\"type\":\"integer\"}]}}},"
         "{\"operation\":\"create\",\"parameters\":{\"mode\":{\"type\":\"string\",\"enum\":[\"payment\",\"setup\"]},"
         "\"success_url\":{\"type\":\"string\"},"
         "\"line_items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
         "{\"price\":{\"type\":\"string\",\"required\":true}}}}}},"
         "{\"operation\":\"update\",\"parameters\":{\"metadata\":{\"type\":\"object\"}}}]}");
    t = diff_text(&a, &b, &d);
    cr_assert_str_eq(t, "Checkout Sessions: API v1 -> v2\n"
                        "\n"
                        "operations\n"
                        "+ update\n"
                        "- expire\n"
                        "\n"
                        "list parameters\n"
                        "+ created.lte\n"
                        "\n"
                        "create parameters\n"
                        "- payment_method_types\n"
                        "~ line_items[].price: now required\n"
                        "~ success_url: no longer required\n"
                        "+ mode: enum value setup\n"
                        "\n"
                        "summary: properties +0 -0 ~0; parameters +1 -1 ~2; enum values +0 -0 (properties) "
                        "+1 -0 (parameters); operations +1 -1; 7 differences\n");
    cr_assert_eq(ccs_contract_diff_total(d), 7);
    cr_assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "parameters"), "update"));
    cr_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "parameters"),
                                                                                  "create"),
                                                             "required"),
                                        0)
                         ->valuestring,
                     "line_items[].price");
    cJSON_Delete(d);
    free(t);
    ccs_contract_diff_release(&a);
    ccs_contract_diff_release(&b);
}
