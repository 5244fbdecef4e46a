/* `ccs contract list|diff`: the known Stripe API versions, and what changed
 * for Checkout Sessions between two of them (lib/contract/contract_diff.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/contract_diff.h"
#include "ccs/versions.h"
#include "commands.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ccs contract list [--json] [--golden DIR]\n"
            "       ccs contract diff V1 V2 [--json] [--golden DIR]\n"
            "\n"
            "list  the known Stripe API versions: stripe package, counts of properties,\n"
            "      parameters and enum values; the latest is marked\n"
            "diff  what changed for Checkout Sessions from V1 to V2 (a known version or\n"
            "      latest): properties of checkout.session, item and price added or\n"
            "      removed, type and nullability, enum values, parameters of every\n"
            "      operation added, removed or newly required, operations added or removed\n"
            "\n"
            "  --json        machine-readable output (sorted, stable)\n"
            "  --golden DIR  golden directory (default $CCS_GOLDEN, else the installed\n"
            "                data, PREFIX/share/ccs, else the source tree's golden/)\n"
            "\n"
            "Exit: 0 success (differences are not an error), 2 usage, unknown version or\n"
            "unreadable contracts.\n");
}

struct options {
    const char *golden;
    const char *args[2]; /* V1 V2 */
    int nargs, json;
};

/* Options anywhere after the subcommand; -1 to exit 0 (--help), 2 on a
 * usage error, 0 to go on. */
static int parse(int argc, char **argv, struct options *o)
{
    int i;

    memset(o, 0, sizeof *o);
    for (i = 2; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return -1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--golden")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "ccs contract: --golden needs a value\n");
                return 2;
            }
            o->golden = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ccs contract: unknown option %s\n", a);
            return 2;
        } else if (o->nargs < 2) {
            o->args[o->nargs++] = a;
        } else {
            fprintf(stderr, "ccs contract %s: unexpected argument %s\n", argv[1], a);
            return 2;
        }
    }
    return 0;
}

static long count_of(const cJSON *v, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(v, key);

    return cJSON_IsNumber(n) ? (long)n->valuedouble : -1;
}

static const char *text_of(const cJSON *v, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(v, key);

    return cJSON_IsString(s) ? s->valuestring : "";
}

/* --json: [{"api_version", "package", "properties", "parameters",
 * "enum_values", "latest"}...], oldest first. */
static int list_json(const cJSON *versions, const char *latest)
{
    static const char *const counts[] = {"properties", "parameters", "enum_values"};
    cJSON *arr = cJSON_CreateArray(), *o;
    const cJSON *v;
    char *text = NULL;
    size_t k;
    int rc = 2;

    if (!arr)
        goto done;
    cJSON_ArrayForEach(v, ccs_versions_list(versions)) {
        if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, o) ||
            !cJSON_AddStringToObject(o, "api_version", text_of(v, "api_version")) ||
            !cJSON_AddStringToObject(o, "package", text_of(v, "package")))
            goto done;
        for (k = 0; k < sizeof counts / sizeof counts[0]; k++)
            if (!cJSON_AddNumberToObject(o, counts[k], (double)count_of(v, counts[k])))
                goto done;
        if (!cJSON_AddBoolToObject(o, "latest", !strcmp(text_of(v, "api_version"), latest)))
            goto done;
    }
    if (!(text = cJSON_Print(arr)))
        goto done;
    printf("%s\n", text);
    rc = 0;
done:
    if (rc)
        fprintf(stderr, "ccs contract list: out of memory\n");
    free(text);
    cJSON_Delete(arr);
    return rc;
}

static int cmd_list(const struct options *o)
{
    char latest[CCS_VERSION_MAX];
    cJSON *versions = NULL;
    const cJSON *v;
    ccs_error err;
    int rc = 2;

    ccs_error_clear(&err);
    if (o->nargs) {
        fprintf(stderr, "ccs contract list: unexpected argument %s\n", o->args[0]);
        usage(stderr);
        return 2;
    }
    if (ccs_versions_load(o->golden, &versions, &err) != CCS_OK ||
        ccs_versions_pick(versions, "latest", latest, sizeof latest, &err) != CCS_OK) {
        fprintf(stderr, "ccs contract list: %s\n", err.message);
        goto done;
    }
    if (o->json) {
        rc = list_json(versions, latest);
        goto done;
    }
    printf("%-19s %-16s %11s %11s %12s\n", "API version", "stripe package", "properties", "parameters",
           "enum values");
    cJSON_ArrayForEach(v, ccs_versions_list(versions)) {
        const char *name = text_of(v, "api_version");

        printf("%-19s %-16s %11ld %11ld %12ld%s\n", name, text_of(v, "package"), count_of(v, "properties"),
               count_of(v, "parameters"), count_of(v, "enum_values"), strcmp(name, latest) ? "" : "  latest");
    }
    rc = 0;
done:
    cJSON_Delete(versions);
    return rc;
}

static int cmd_diff(const struct options *o)
{
    cJSON *diff = NULL;
    ccs_strbuf text = {0};
    char *json = NULL;
    ccs_error err;
    int rc = 2;

    ccs_error_clear(&err);
    if (o->nargs != 2) {
        fprintf(stderr, "ccs contract diff: needs two API versions (V1 V2; `ccs contract list` names them)\n");
        usage(stderr);
        return 2;
    }
    if (ccs_contract_diff_versions(o->golden, o->args[0], o->args[1], &diff, &err) != CCS_OK) {
        fprintf(stderr, "ccs contract diff: %s\n", err.message);
        goto done;
    }
    if (o->json) {
        if (!(json = cJSON_Print(diff))) {
            fprintf(stderr, "ccs contract diff: out of memory\n");
            goto done;
        }
        printf("%s\n", json);
    } else {
        if (ccs_contract_diff_text(diff, &text, &err) != CCS_OK) {
            fprintf(stderr, "ccs contract diff: %s\n", err.message);
            goto done;
        }
        fputs(text.p, stdout);
    }
    rc = 0;
done:
    free(json);
    free(text.p);
    cJSON_Delete(diff);
    return rc;
}

int ccs_cmd_contract(int argc, char **argv)
{
    struct options o;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "ccs contract: list or diff?\n");
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "list") && strcmp(argv[1], "diff")) {
        fprintf(stderr, "ccs contract: unknown subcommand '%s'\n", argv[1]);
        usage(stderr);
        return 2;
    }
    if ((rc = parse(argc, argv, &o)) != 0) {
        if (rc == 2)
            usage(stderr);
        return rc < 0 ? 0 : rc;
    }
    return !strcmp(argv[1], "list") ? cmd_list(&o) : cmd_diff(&o);
}
