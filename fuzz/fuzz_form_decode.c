/* Harness: any bytes -> ccs_form_decode.
 *
 * Input: byte 0 = mode, byte 1 = allocation to fail, the rest = the body
 * (fuzz_form_input in fuzz_common.h reads it).
 *   mode bit 0: decode with the create endpoint's parameter schema
 *   mode bit 1: inject an allocation failure at allocation byte1+1
 *   mode bit 2: ... and every later allocation fails too (sticky)
 *   mode bit 3: tight limits (depth 3, 8 pairs, index 9, key 24, body 256)
 * Properties: never crashes, leaks or reads out of bounds; an error carries
 * a code, a message and an offset inside [0, len] (ENOMEM may say -1); a
 * success is an object without empty containers whose encoding decodes to
 * the same tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"
#include "fuzz_common.h"

static cJSON *create_schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    create_schema = fuzz_load_create_schema("fuzz_form_decode");
    return 0;
}

/* Decoded trees never hold empty arrays or objects (a key always has a value). */
static int has_empty_container(const cJSON *v)
{
    const cJSON *c;

    if ((cJSON_IsArray(v) || cJSON_IsObject(v)) && !v->child)
        return 1;
    for (c = v->child; c && (cJSON_IsArray(v) || cJSON_IsObject(v)); c = c->next)
        if (has_empty_container(c))
            return 1;
    return 0;
}

static void check_error(int rc, const ccs_error *err, const cJSON *out, size_t len)
{
    FUZZ_CHECK(out == NULL, "error %d but *out was set", rc);
    FUZZ_CHECK(err->code == rc, "rc %d but err.code %d", rc, err->code);
    FUZZ_CHECK(err->message[0] != '\0', "error %d without a message", rc);
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL, "message not terminated");
    if (rc == CCS_ENOMEM)
        FUZZ_CHECK(err->offset >= -1 && err->offset <= (long)len,
                   "ENOMEM offset %ld outside [-1, %zu]", err->offset, len);
    else
        FUZZ_CHECK(err->offset >= 0 && err->offset <= (long)len,
                   "error %d (%s) offset %ld outside [0, %zu]", rc, err->message, err->offset, len);
}

static void check_roundtrip(const cJSON *tree, const cJSON *schema)
{
    char *enc = NULL;
    size_t enc_len = 0;
    cJSON *again = NULL;
    ccs_error err;
    int rc;

    ccs_error_clear(&err);
    rc = ccs_form_encode(tree, &enc, &enc_len, &err);
    FUZZ_CHECK(rc == CCS_OK, "encode of a decoded tree failed: %d %s", rc, err.message);
    FUZZ_CHECK(strlen(enc) == enc_len, "encode length %zu but strlen %zu", enc_len, strlen(enc));
    ccs_error_clear(&err);
    rc = ccs_form_decode(enc, enc_len, schema, NULL, &again, &err);
    /* Known finding form-schema-push-array: "p[]=x" builds an array where the
     * schema has none, "p[0]=x" then builds an object. */
    if (rc == CCS_OK && schema && !fuzz_json_equal(tree, again) && fuzz_known("form-schema-push-array"))
        goto done;
    if (rc != CCS_OK || !fuzz_json_equal(tree, again)) {
        char *a = cJSON_PrintUnformatted(tree), *b = again ? cJSON_PrintUnformatted(again) : NULL;

        fuzz_fail(__FILE__, __LINE__, "decode(encode(t)) == t",
                  "rc %d (%s)\n  tree:    %s\n  encoded: %s\n  again:   %s", rc, err.message,
                  a ? a : "?", enc, b ? b : "(none)");
    }
done:
    cJSON_Delete(again);
    free(enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_form_input in;
    const cJSON *schema;
    cJSON *out = NULL;
    ccs_error err;
    int rc;

    fuzz_form_input_read(data, size, &in);
    schema = (in.mode & 1) ? create_schema : NULL;
    ccs_error_clear(&err);
    if (in.mode & 2)
        fuzz_alloc_fail_install((unsigned)in.nth + 1, (in.mode & 4) != 0);
    rc = ccs_form_decode(in.body, in.len, schema, fuzz_form_input_limits(&in), &out, &err);
    if (in.mode & 2) {
        /* A lost allocation must surface as an error, never as a tree with
         * a member silently missing. */
        FUZZ_CHECK(!fuzz_alloc_failed() || rc != CCS_OK, "allocation %u failed but decode succeeded",
                   (unsigned)in.nth + 1);
        fuzz_alloc_restore();
    }

    if (rc != CCS_OK) {
        check_error(rc, &err, out, in.len);
        goto done;
    }
    FUZZ_CHECK(cJSON_IsObject(out), "success without an object (type %d)", out ? out->type : -1);
    /* The root may be empty (body "" or "&&"); nothing below it may. */
    for (const cJSON *c = out->child; c; c = c->next)
        FUZZ_CHECK(!has_empty_container(c), "decoded tree holds an empty container");
    check_roundtrip(out, schema);
done:
    cJSON_Delete(out);
    return 0;
}
