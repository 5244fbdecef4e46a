/* Throughput floor for fuzz_json_parse: what the issue asks of every input
 * and nothing more. The exact-size parse, print -> parse -> compare, and the
 * checker on the value once, against the contract the runner would guess
 * (checkout.session when it guesses none). The harness checks every
 * contract, the guessed one and a list's first element, and validates every
 * violation. bench/fuzz/run.sh runs both side by side. Not a campaign target. */
#include <stdlib.h>

#include "ccs/contract.h"
#include "fuzz_common.h"

static ccs_contracts *contracts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    contracts = fuzz_load_contracts("floor_json_parse");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *tree = fuzz_json_parse_exact(data, size), *again = NULL;
    char *printed = NULL;

    if (!tree)
        goto done;
    if ((printed = cJSON_PrintUnformatted(tree)) && (again = cJSON_Parse(printed)))
        (void)fuzz_json_equal(tree, again);
    if (contracts) {
        const char *name = ccs_contract_guess(tree);
        ccs_violations v = {0};
        ccs_error err;

        ccs_error_clear(&err);
        (void)ccs_contract_check(contracts, name ? name : "checkout.session", tree, "", &v, &err);
        ccs_violations_free(&v);
    }
done:
    cJSON_Delete(again);
    cJSON_Delete(tree);
    free(printed);
    return 0;
}
