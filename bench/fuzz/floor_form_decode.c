/* Throughput floor for fuzz_form_decode: the harness without its oracle.
 * The same input layout and modes (byte 0 = mode, byte 1 = which allocation
 * fails; schema, injected allocation failure, tight limits), the same decode,
 * then the tree is freed: no round trip, no checks. bench/fuzz/run.sh runs it
 * beside the harness to show what the decoder itself costs a run under
 * libFuzzer + ASan + UBSan. Not a fuzz target for campaigns. */
#include "ccs/form.h"
#include "fuzz_common.h"

static cJSON *create_schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    create_schema = fuzz_load_create_schema("floor_form_decode");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_form_input in;
    cJSON *out = NULL;
    ccs_error err;

    fuzz_form_input_read(data, size, &in);
    ccs_error_clear(&err);
    if (in.mode & 2)
        fuzz_alloc_fail_install((unsigned)in.nth + 1, (in.mode & 4) != 0);
    if (ccs_form_decode(in.body, in.len, (in.mode & 1) ? create_schema : NULL,
                        fuzz_form_input_limits(&in), &out, &err) == CCS_OK)
        cJSON_Delete(out);
    if (in.mode & 2)
        fuzz_alloc_restore();
    return 0;
}
