/* Private to the remote fuzzer: PRNG, mutated request builder, oracles. */
#ifndef CCS_RFUZZ_INTERNAL_H
#define CCS_RFUZZ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ccs/contract.h"
#include "ccs/error.h"
#include "ccs/http.h"

/* splitmix64: tiny, seedable, good enough to pick mutations reproducibly. */
uint64_t ccs_rfuzz_rand(uint64_t *state);
size_t ccs_rfuzz_below(uint64_t *state, size_t n); /* uniform-ish in [0, n) */

typedef struct ccs_rfuzz_input {
    const char *method;
    const char *endpoint;     /* template, e.g. "POST /v1/checkout/sessions/{id}" */
    const char *mutation;     /* static string naming the mutation kind */
    char path[1024];          /* path with query */
    char *body;               /* malloc'd form body or NULL */
    size_t body_len;
} ccs_rfuzz_input;

/* Build one mutated request against the anchor session id; now (epoch
 * seconds) fills time-relative template values. create (or NULL) replaces
 * the built-in create templates' parameters. */
int ccs_rfuzz_mutate(uint64_t *rng, const char *anchor_id, long now, const cJSON *create,
                     ccs_rfuzz_input *out, ccs_error *err);
void ccs_rfuzz_input_free(ccs_rfuzz_input *in);

/* Judge one exchange. Returns NULL when fine, else a static oracle name and
 * fills why (NUL-terminated). */
const char *ccs_rfuzz_judge(const ccs_contracts *contracts, int transport_rc,
                            const ccs_http_response *resp, char *why, size_t whysz);

#endif
