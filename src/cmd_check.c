/* `ccs check`: recorded JSON responses -> contract violations, offline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/contract.h"
#include "ccs/fs.h"
#include "ccs/versions.h"
#include "ccs/paths.h"
#include "commands.h"

struct totals {
    size_t files, must, should, failed;
    int unreadable;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ccs check [--api-version V|any] [--contract NAME] [--strict] [--golden DIR] FILE...\n"
            "\n"
            "Checks recorded JSON responses (a session, an item, a list, an error\n"
            "envelope) against golden/contract. FILE may be - for standard input.\n"
            "\n"
            "  --contract NAME  checkout.session, item, price, list, list<item>, error...\n"
            "                   (default: from the body's \"object\", or error for {\"error\":...})\n"
            "  --api-version V  judge by API version V (ccs contract list; default latest);\n"
            "                   any: print the known versions each file is valid in\n"
            "  --strict         SHOULD violations fail too\n"
            "  --golden DIR     golden directory (default $CCS_GOLDEN, else the installed\n"
            "                   data, PREFIX/share/ccs, else the source tree's golden/)\n"
            "\n"
            "Exit: 0 conforming, 1 a MUST violation (or SHOULD with --strict), 2 usage,\n"
            "unreadable file or invalid JSON.\n");
}

/* Checked documents are API responses: far below this. */
#define MAX_DOCUMENT ((size_t)256 << 20)

/* Byte offset of a parse error, for the message. */
static long parse_offset(const char *text, size_t len)
{
    const char *at = cJSON_GetErrorPtr();

    if (!at || at < text || at > text + len)
        return -1;
    return (long)(at - text);
}

/* Read and parse FILE (or - for standard input); NULL after a message. */
static cJSON *read_value(const char *path)
{
    size_t len = 0;
    char *text = NULL;
    cJSON *value = NULL;
    ccs_error err;

    ccs_error_clear(&err);
    if ((strcmp(path, "-") ? ccs_fs_read_file(path, MAX_DOCUMENT, &text, &len, &err)
                           : ccs_fs_read_stream(stdin, "standard input", MAX_DOCUMENT, &text, &len,
                                                &err)) != CCS_OK) {
        fprintf(stderr, "%s\n", err.message);
        return NULL;
    }
    if (!(value = cJSON_ParseWithLength(text, len)))
        fprintf(stderr, "%s: invalid JSON near byte %ld\n", path, parse_offset(text, len));
    free(text);
    return value;
}

/* First MUST violation of value at one version into why ("" if none). */
static int valid_at(const ccs_contracts *set, const char *name, const cJSON *value, char *why, size_t cap)
{
    ccs_violations v = {0};
    ccs_error err;
    size_t k;
    int ok;

    why[0] = '\0';
    ccs_error_clear(&err);
    if (ccs_contract_check(set, name, value, "", &v, &err) != CCS_OK) {
        snprintf(why, cap, "%s", err.message);
        return 0;
    }
    ok = !ccs_violations_count(&v, CCS_LEVEL_MUST);
    for (k = 0; k < v.count && !ok; k++)
        if (v.items[k].level == CCS_LEVEL_MUST) {
            snprintf(why, cap, "%s %s", ccs_contract_rule_name(v.items[k].rule),
                     v.items[k].pointer[0] ? v.items[k].pointer : "(root)");
            break;
        }
    ccs_violations_free(&v);
    return ok;
}

/* --api-version any: the known versions FILE is valid in (no MUST
 * violation), as ranges, and why the first version after the last valid one
 * rejects it. 0 when valid somewhere, 1 when nowhere, 2 unreadable. */
static int check_any(ccs_contracts *const *sets, const char *const *names, size_t n, const char *path,
                     const char *forced)
{
    cJSON *value = read_value(path);
    const char *name = value ? (forced ? forced : ccs_contract_guess(value)) : NULL;
    char why[512], later[600] = "";
    unsigned char ok[128] = {0};
    size_t i, start, valid = 0, last = 0, ranges = 0;

    if (!value || !name) {
        if (value)
            fprintf(stderr, "%s: cannot tell the contract (no \"object\" or \"error\"); use --contract\n", path);
        cJSON_Delete(value);
        return 2;
    }
    for (i = 0; i < n && i < sizeof ok; i++) {
        ok[i] = (unsigned char)valid_at(sets[i], name, value, why, sizeof why);
        if (ok[i])
            valid++, last = i;
        else if (valid && !later[0] && i == last + 1)
            snprintf(later, sizeof later, "%s in %s", why, names[i]);
    }
    printf("%s: %s", path, valid ? "valid in " : "valid in no known API version");
    for (i = 0; i < n; i++) {
        if (!ok[i])
            continue;
        for (start = i; i + 1 < n && ok[i + 1]; i++)
            ;
        printf("%s%s", ranges++ ? ", " : "", names[start]);
        if (i > start)
            printf(" … %s", names[i]);
    }
    if (later[0])
        printf("; not in later versions: %s", later);
    printf("\n");
    cJSON_Delete(value);
    return valid ? 0 : 1;
}

static void check_file(const ccs_contracts *set, const char *path, const char *forced, int strict, struct totals *t)
{
    size_t i, must, should;
    cJSON *value = NULL;
    ccs_violations v = {0};
    ccs_error err;
    const char *name;

    ccs_error_clear(&err);
    t->files++;
    if (!(value = read_value(path))) { /* it said why */
        t->unreadable = 1;
        goto done;
    }
    name = forced ? forced : ccs_contract_guess(value);
    if (!name) {
        fprintf(stderr, "%s: cannot tell the contract (no \"object\" or \"error\" member); use --contract\n", path);
        t->unreadable = 1;
        goto done;
    }
    if (ccs_contract_check(set, name, value, "", &v, &err) != CCS_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        t->unreadable = 1;
        goto done;
    }
    for (i = 0; i < v.count; i++) {
        const ccs_violation *x = &v.items[i];

        printf("%s: %s %s %s expected %s, got %s\n", path, ccs_contract_level_name(x->level),
               ccs_contract_rule_name(x->rule), x->pointer[0] ? x->pointer : "(root)", x->expected, x->actual);
    }
    must = ccs_violations_count(&v, CCS_LEVEL_MUST);
    should = ccs_violations_count(&v, CCS_LEVEL_SHOULD);
    t->must += must;
    t->should += should;
    if (must || (strict && should))
        t->failed++;
    else if (!v.count)
        printf("%s: ok (%s)\n", path, name);
done:
    ccs_violations_free(&v);
    cJSON_Delete(value);
}

static int check_all_versions(const char *golden, const char *contract, char **files, int nfiles)
{
    ccs_contracts *sets[128] = {0};
    const char *names[128];
    cJSON *doc = NULL;
    const cJSON *e;
    ccs_error err;
    size_t n = 0, k;
    int rc = 2, i, r;

    ccs_error_clear(&err);
    if (ccs_versions_load(golden, &doc, &err) != CCS_OK) {
        fprintf(stderr, "ccs check: %s\n", err.message);
        return 2;
    }
    cJSON_ArrayForEach(e, ccs_versions_list(doc)) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "api_version");

        if (!cJSON_IsString(name) || n >= sizeof sets / sizeof sets[0])
            continue;
        names[n] = name->valuestring;
        if (ccs_contract_load_version(golden, names[n], &sets[n], &err) != CCS_OK) {
            fprintf(stderr, "ccs check: cannot load contracts of %s: %s\n", names[n], err.message);
            goto done;
        }
        n++;
    }
    rc = 0;
    for (i = 0; i < nfiles; i++)
        if ((r = check_any(sets, names, n, files[i], contract)) > rc)
            rc = r;
done:
    for (k = 0; k < n; k++)
        ccs_contract_free(sets[k]);
    cJSON_Delete(doc);
    return rc;
}

int ccs_cmd_check(int argc, char **argv)
{
    const char *contract = NULL, *golden = NULL, *version = NULL;
    ccs_contracts *set = NULL;
    struct totals t = {0};
    char dir[4096];
    ccs_error err;
    int strict = 0, i, first = -1, rc = 2;

    ccs_error_clear(&err);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--strict")) {
            strict = 1;
        } else if (!strcmp(a, "--contract") || !strcmp(a, "--golden") || !strcmp(a, "--api-version")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "ccs check: %s needs a value\n", a);
                usage(stderr);
                return 2;
            }
            *(a[2] == 'c' ? &contract : a[2] == 'g' ? &golden : &version) = argv[++i];
        } else if (!strcmp(a, "--")) {
            first = i + 1;
            break;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ccs check: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else {
            first = i;
            break;
        }
    }
    if (first < 0 || first >= argc) {
        fprintf(stderr, "ccs check: no FILE given\n");
        usage(stderr);
        return 2;
    }
    if (version && !strcmp(version, "any"))
        return check_all_versions(golden, contract, argv + first, argc - first);
    if (ccs_contract_load_version(golden, version, &set, &err) != CCS_OK) {
        fprintf(stderr, "ccs check: cannot load contracts: %s\n", err.message);
        return 2;
    }
    snprintf(dir, sizeof dir, "API %s", version ? version : "latest");
    if (contract && !ccs_contract_get(set, contract)) {
        fprintf(stderr, "ccs check: no contract named \"%s\" in %s\n", contract, dir);
        goto done;
    }
    for (i = first; i < argc; i++)
        check_file(set, argv[i], contract, strict, &t);
    printf("%zu file%s checked: %zu MUST, %zu SHOULD violation%s; %zu file%s failed%s%s\n", t.files,
           t.files == 1 ? "" : "s", t.must, t.should, t.must + t.should == 1 ? "" : "s", t.failed,
           t.failed == 1 ? "" : "s", strict ? " (strict)" : "", t.unreadable ? "; some files could not be checked" : "");
    rc = t.unreadable ? 2 : t.failed ? 1 : 0;
done:
    ccs_contract_free(set);
    return rc;
}
