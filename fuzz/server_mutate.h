/* fuzz_server_request's input as a sequence of requests, and its
 * structure-aware mutator (server_mutate.c). */
#ifndef CCS_FUZZ_SERVER_MUTATE_H
#define CCS_FUZZ_SERVER_MUTATE_H

#include <stddef.h>
#include <stdint.h>

/* Requests of one input are joined by this; at most SEQ_MAX run. */
#define SEQ_SEP "\n--next--\n"
#define SEQ_SEP_LEN (sizeof SEQ_SEP - 1)
#define SEQ_MAX 8

/* The separator that ends the first request of data[0..size), or NULL. */
const uint8_t *fuzz_server_seq_next(const uint8_t *data, size_t size);

/* libFuzzer's hook (defined in server_mutate.c): edits one request of the
 * sequence, keeping its layout: a form value drawn from the endpoint's
 * parameter schema (enum values and near misses, lengths at maxLength and
 * past it, integer and decimal limits, long metadata keys), a new
 * parameter, a route on the session the input made, a request appended,
 * duplicated or dropped; some calls mutate the bytes as libFuzzer does. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed);

#endif
