/* Failures grouped by cause. A cause is a normalised signature of what went
 * wrong in a FAIL or ERROR: the kind of expectation (HTTP status, header,
 * a value in the body, another check), what it was about (a status pair, a
 * header name, a JSON pointer with indices and list wrappers removed) and the
 * class of expected and actual (absent, null, a JSON type, "differs"), with
 * numbers, ids and timestamps normalised away. The endpoint and method of the
 * failing exchange are part of the signature where they are the likely cause
 * (a 404/405 where success was expected: a missing route); elsewhere the same
 * wrong value on several endpoints is one cause and lists them.
 *
 * A cause's title is written for people; its guess (route missing?,
 * stateless?) is only a guess and the writers show it as one. */
#ifndef CCS_CAUSES_H
#define CCS_CAUSES_H

#include <stddef.h>

#include "ccs/error.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CCS_CAUSE_NONE ((size_t)-1)

typedef struct ccs_cause {
    char id[12];        /* "c" + 8 hex digits of the signature's hash: stable across runs */
    char *signature;    /* kind|subject|expected|actual[|endpoint] */
    char *title;        /* "GET /v1/checkout/sessions/{id}: 400 where 404 expected" */
    char *guess;        /* "unknown ids answered as bad requests?" or NULL */
    char *endpoints;    /* failing exchanges' "METHOD /path/{id}", first seen first, ", "-joined */
    size_t count, must, should, fail, error;
    size_t *cases;      /* indices into run->cases, in run order; cases[0] is the example */
} ccs_cause;

typedef struct ccs_causes {
    ccs_cause *items;   /* largest first; equal counts by signature */
    size_t count;
    size_t *of_case;    /* run->count entries: index into items, or CCS_CAUSE_NONE */
    size_t n_cases;
} ccs_causes;

/* Group run's FAIL and ERROR cases (known failures included) by cause. out
 * is overwritten; free it with ccs_causes_free. CCS_ENOMEM on failure. */
int ccs_causes_build(const ccs_run_result *run, ccs_causes *out, ccs_error *err);
void ccs_causes_free(ccs_causes *c);

/* How many cases the causes hold together (each failing case once). */
size_t ccs_causes_cases(const ccs_causes *c);

/* The cause of run->cases[i], or NULL (a PASS or SKIP). */
const ccs_cause *ccs_causes_of_case(const ccs_causes *c, size_t i);

/* The signature of one failing case (malloc'd, NULL on ENOMEM), and the
 * endpoint of its failing exchange ("GET /v1/checkout/sessions/{id}", or
 * "" when the case recorded none) into ep. */
char *ccs_cause_signature(const ccs_case_result *c, char *ep, size_t epsz);

/* "METHOD /path" of a request line "METHOD /path?query HTTP/1.1" with the
 * segment after /sessions/ written {id}; "" when line is not one. */
void ccs_cause_endpoint(const char *request_line, char *out, size_t outsz);

/* Title and guess of a signature (malloc'd into *title and *guess, *guess
 * NULL when there is none); endpoints as in ccs_cause. -1 on ENOMEM. */
int ccs_cause_title(const char *signature, const char *endpoints, size_t n_endpoints, char **title,
                    char **guess);

#ifdef __cplusplus
}
#endif
#endif
