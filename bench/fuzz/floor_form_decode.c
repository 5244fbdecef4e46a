/* Throughput floor for fuzz_form_decode: the harness without its oracle.
 * The same input layout and modes (byte 0 = mode, byte 1 = which allocation
 * fails; schema, injected allocation failure, tight limits), the same decode,
 * then the tree is freed: no round trip, no checks. bench/fuzz/run.sh runs it
 * beside the harness to show what the decoder itself costs a run under
 * libFuzzer + ASan + UBSan. Not a fuzz target for campaigns. */
#include <stdio.h>
#include <stdlib.h>

#include "ccs/form.h"
#include "fuzz_common.h"

static cJSON *create_schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    create_schema = fuzz_load_create_schema();
    if (!create_schema)
        fprintf(stderr, "floor_form_decode: no create schema under %s/contract\n", fuzz_golden_dir());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t mode = 0, nth = 0;
    const char *body = (const char *)data;
    size_t len = size;
    ccs_form_limits lim, *limp = NULL;
    cJSON *out = NULL;
    ccs_error err;

    if (size >= 2) {
        mode = data[0];
        nth = data[1];
        body += 2;
        len -= 2;
    }
    if (mode & 8) {
        ccs_form_limits_default(&lim);
        lim.max_body = 256;
        lim.max_pairs = 8;
        lim.max_depth = 3;
        lim.max_index = 9;
        lim.max_key_len = 24;
        limp = &lim;
    }
    ccs_error_clear(&err);
    if (mode & 2)
        fuzz_alloc_fail_install((unsigned)nth + 1, (mode & 4) != 0);
    if (ccs_form_decode(body, len, (mode & 1) ? create_schema : NULL, limp, &out, &err) == CCS_OK)
        cJSON_Delete(out);
    if (mode & 2)
        fuzz_alloc_restore();
    return 0;
}
