/* `ccs check`: recorded JSON responses -> contract violations, offline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/contract.h"
#include "ccs/fs.h"
#include "ccs/paths.h"
#include "commands.h"

struct totals {
    size_t files, must, should, failed;
    int unreadable;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ccs check [--contract NAME] [--strict] [--golden DIR] FILE...\n"
            "\n"
            "Checks recorded JSON responses (a session, an item, a list, an error\n"
            "envelope) against golden/contract. FILE may be - for standard input.\n"
            "\n"
            "  --contract NAME  checkout.session, item, price, list, list<item>, error...\n"
            "                   (default: from the body's \"object\", or error for {\"error\":...})\n"
            "  --strict         SHOULD violations fail too\n"
            "  --golden DIR     golden directory (default $CCS_GOLDEN_DIR or the source tree's)\n"
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

static void check_file(const ccs_contracts *set, const char *path, const char *forced, int strict, struct totals *t)
{
    size_t len = 0, i, must, should;
    char *text = NULL;
    cJSON *value = NULL;
    ccs_violations v = {0};
    ccs_error err;
    const char *name;

    ccs_error_clear(&err);
    t->files++;
    if ((strcmp(path, "-") ? ccs_fs_read_file(path, MAX_DOCUMENT, &text, &len, &err)
                           : ccs_fs_read_stream(stdin, "standard input", MAX_DOCUMENT, &text, &len,
                                                &err)) != CCS_OK) {
        fprintf(stderr, "%s\n", err.message); /* names the file */
        t->unreadable = 1;
        goto done;
    }
    value = cJSON_ParseWithLength(text, len);
    if (!value) {
        fprintf(stderr, "%s: invalid JSON near byte %ld\n", path, parse_offset(text, len));
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
    free(text);
}

int ccs_cmd_check(int argc, char **argv)
{
    const char *contract = NULL, *golden = NULL;
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
        } else if (!strcmp(a, "--contract") || !strcmp(a, "--golden")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "ccs check: %s needs a value\n", a);
                usage(stderr);
                return 2;
            }
            *(a[2] == 'c' ? &contract : &golden) = argv[++i];
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
    if (snprintf(dir, sizeof dir, "%s/contract", golden ? golden : ccs_paths_golden()) >= (int)sizeof dir) {
        fprintf(stderr, "ccs check: golden path too long\n");
        return 2;
    }
    if (ccs_contract_load_dir(dir, &set, &err) != CCS_OK) {
        fprintf(stderr, "ccs check: cannot load contracts: %s\n", err.message);
        return 2;
    }
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
