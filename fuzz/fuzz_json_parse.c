/* Harness: bytes -> cJSON_ParseWithLength (exact-size buffer, no NUL) ->
 * print -> parse must give the same tree; then the contract checker runs on
 * the value for every contract name, whatever its shape.
 * Properties: no crash, leak or out-of-bounds read; print/parse round trip
 * (for finite numbers); the checker returns OK with well-formed violations
 * (terminated pointers under the base pointer, known rule and level). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/contract.h"
#include "fuzz_common.h"

static ccs_contracts *contracts;
static const char *const names[] = {"checkout.session", "item", "list", "error",
                                    "no.such.contract"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    contracts = fuzz_load_contracts("fuzz_json_parse");
    return 0;
}

static void check_contract(const char *name, const cJSON *value, const char *base)
{
    ccs_violations v = {0};
    ccs_error err;
    size_t i, blen = strlen(base);
    int rc;

    ccs_error_clear(&err);
    rc = ccs_contract_check(contracts, name, value, base, &v, &err);
    if (rc != CCS_OK) {
        FUZZ_CHECK(err.code == rc && err.message[0], "check error %d without a reason", rc);
        FUZZ_CHECK(ccs_contract_get(contracts, name) == NULL,
                   "check of a known contract %s failed: %s", name, err.message);
    }
    FUZZ_CHECK(v.count <= v.cap, "violations count %zu > cap %zu", v.count, v.cap);
    for (i = 0; i < v.count; i++) {
        const ccs_violation *x = &v.items[i];

        FUZZ_CHECK(x->pointer && x->expected && x->actual, "violation text missing");
        FUZZ_CHECK(strlen(x->pointer) < CCS_VIOLATION_POINTER_MAX, "pointer over the limit");
        FUZZ_CHECK(strlen(x->expected) < CCS_VIOLATION_TEXT_MAX, "expected over the limit");
        FUZZ_CHECK(strlen(x->actual) < CCS_VIOLATION_TEXT_MAX, "actual over the limit");
        FUZZ_CHECK(strncmp(x->pointer, base, blen) == 0 ||
                       strlen(x->pointer) == CCS_VIOLATION_POINTER_MAX - 1,
                   "pointer %s not under base %s", x->pointer, base);
        FUZZ_CHECK(x->rule >= CCS_RULE_MISSING && x->rule <= CCS_RULE_FORMAT, "rule %d", x->rule);
        FUZZ_CHECK(x->level == CCS_LEVEL_MUST || x->level == CCS_LEVEL_SHOULD, "level %d", x->level);
        FUZZ_CHECK(ccs_contract_rule_name(x->rule) != NULL, "rule without a name");
    }
    FUZZ_CHECK(ccs_violations_count(&v, CCS_LEVEL_MUST) + ccs_violations_count(&v, CCS_LEVEL_SHOULD) ==
                   v.count,
               "MUST + SHOULD != count");
    ccs_violations_free(&v);
}

static void check_all(const cJSON *value)
{
    const char *guess;
    const cJSON *data;
    size_t i;

    if (!contracts)
        return;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        check_contract(names[i], value, "");
    guess = ccs_contract_guess(value);
    if (guess)
        check_contract(guess, value, "/x~1y~0");
    /* List envelopes: the elements as sessions and items, as the runner does. */
    data = cJSON_GetObjectItemCaseSensitive(value, "data");
    if (cJSON_IsArray(data) && data->child) {
        check_contract("checkout.session", data->child, "/data/0");
        check_contract("item", data->child, "/data/0");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exact size, no terminator: the parser must respect the length. */
    cJSON *tree = fuzz_json_parse_exact(data, size), *again = NULL;
    char *printed = NULL;

    if (!tree)
        goto done;
    printed = cJSON_PrintUnformatted(tree);
    FUZZ_CHECK(printed != NULL, "print failed");
    again = cJSON_Parse(printed);
    FUZZ_CHECK(again != NULL, "printed JSON does not parse: %s", printed);
    /* cJSON prints 15 digits when they read back "close enough", so a value
     * near DBL_MAX can overflow to inf on the way back: compare finite ones. */
    if (fuzz_json_finite(tree) && fuzz_json_finite(again))
        FUZZ_CHECK(fuzz_json_equal(tree, again), "print/parse changed the tree: %s", printed);
    check_all(tree);
done:
    cJSON_Delete(again);
    cJSON_Delete(tree);
    free(printed);
    return 0;
}
