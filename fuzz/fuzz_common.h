/* Shared helpers for the libFuzzer harnesses: an input reader, data loading,
 * an allocation-failure hook for cJSON and a hard-failure check. */
#ifndef CCS_FUZZ_COMMON_H
#define CCS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "ccs/contract.h"
#include "ccs/form.h"

/* libFuzzer entry points (the replay driver calls the same ones). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A consuming reader over the input: every take_* is total (short input
 * yields zeros / shorter slices) so any byte string is a valid program. */
typedef struct fuzz_reader {
    const uint8_t *p;
    size_t n;
} fuzz_reader;

uint8_t fuzz_take_u8(fuzz_reader *r);
uint16_t fuzz_take_u16(fuzz_reader *r);
/* Up to max bytes, length from one prefix byte (or two when max > 255). */
const uint8_t *fuzz_take_lp(fuzz_reader *r, size_t max, size_t *len);
/* A new NUL-terminated copy of a slice (NUL bytes inside become replace). */
char *fuzz_strndup_clean(const uint8_t *p, size_t n, char replace);

/* Abort with a message: a harness property was violated. */
#define FUZZ_CHECK(cond, ...)                                           \
    do {                                                                \
        if (!(cond))                                                    \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);          \
    } while (0)
void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* 1 when name is listed in $CCS_FUZZ_KNOWN (comma-separated): a reported,
 * not yet fixed finding whose check a campaign skips to look for others. */
int fuzz_known(const char *name);

/* $CCS_GOLDEN_DIR, else the golden/ of the source tree. */
const char *fuzz_golden_dir(void);
/* Parse a JSON file; NULL when missing or invalid. */
cJSON *fuzz_load_json(const char *path);
/* The newest API version's endpoints.json (every operation's parameter
 * map), or NULL (said on stderr under the name who, unless NULL). */
cJSON *fuzz_load_endpoints(const char *who);
/* The create endpoint's parameter map of the newest API version
 * (a detached copy owned by the caller), or NULL when not available (said on
 * stderr under the name who, unless NULL). */
cJSON *fuzz_load_create_schema(const char *who);

/* The contracts of $CCS_GOLDEN_DIR/contract, or NULL; when they do not load
 * and who is not NULL, says so on stderr under that name. */
ccs_contracts *fuzz_load_contracts(const char *who);
/* form_decode's input (its floor in bench/fuzz reads the same): byte 0 =
 * mode, byte 1 = which allocation fails, the rest = the body (inputs shorter
 * than 2 bytes are all body, mode 0). Mode bit 0: decode with the create
 * schema; bit 1: inject an allocation failure at allocation nth + 1; bit 2:
 * and at every later one (sticky); bit 3: tight limits (depth 3, 8 pairs,
 * index 9, keys of 24 bytes, bodies of 256). */
typedef struct fuzz_form_input {
    uint8_t mode, nth;
    const char *body;
    size_t len;
    ccs_form_limits lim; /* the tight limits, set only with mode bit 3 */
} fuzz_form_input;
void fuzz_form_input_read(const uint8_t *data, size_t size, fuzz_form_input *in);
/* The limits to decode in with: NULL (defaults) unless mode bit 3. */
static inline const ccs_form_limits *fuzz_form_input_limits(const fuzz_form_input *in)
{
    return (in->mode & 8) ? &in->lim : NULL;
}

/* cJSON_ParseWithLength on a malloc'd copy of exactly size bytes, no NUL
 * after them (the path where cJSON has read out of bounds: ASan sees any read
 * past the copy); NULL when the bytes do not parse or memory runs out. */
cJSON *fuzz_json_parse_exact(const uint8_t *data, size_t size);

/* Structural equality that keeps member order and tolerates duplicate keys
 * (cJSON_Compare looks members up by name, so {"a":1,"a":2} != itself,
 * and is quadratic in the member count). Linear. */
int fuzz_json_equal(const cJSON *a, const cJSON *b);
/* 1 when every number in the tree is finite (else printing turns it into null). */
int fuzz_json_finite(const cJSON *v);

/* Length of the valid UTF-8 sequence (RFC 3629) at p, 0 when invalid. */
size_t fuzz_utf8_len(const unsigned char *p, size_t n);
/* 1 when every key and string of the tree is valid UTF-8. */
int fuzz_json_utf8(const cJSON *v);

/* cJSON allocation hooks that fail on the nth allocation (1-based) and every
 * later one when sticky; n == 0 disables failure. fuzz_alloc_restore puts the
 * default hooks back. */
void fuzz_alloc_fail_install(unsigned n, int sticky);
void fuzz_alloc_restore(void);
/* 1 when the injected failure fired since install. */
int fuzz_alloc_failed(void);

#endif
