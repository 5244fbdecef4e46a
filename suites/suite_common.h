/* Criterion conformance suites: one ParameterizedTest per area over the
 * area's golden cases, run through the runner against $CCS_TARGET or a
 * reference server started by a PRE_ALL report hook. */
#ifndef CCS_SUITE_COMMON_H
#define CCS_SUITE_COMMON_H

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <criterion/parameterized.h>

typedef struct ccs_suite_param {
    char id[160];
} ccs_suite_param;

/* The area's case ids as a cr_malloc'd parameter array. */
struct criterion_test_params ccs_suite_params(const char *area);

/* Run one case; FAIL/ERROR of a MUST case (any case with CCS_STRICT=1) fails
 * the test, SKIP skips it. */
void ccs_suite_run_case(const char *area, const char *id);


/* One suite per area file: CCS_AREA_SUITE(responses, "responses"). */
#define CCS_AREA_SUITE(name, area)                                              \
    ParameterizedTestParameters(name, cases)                                    \
    {                                                                           \
        return ccs_suite_params(area);                                          \
    }                                                                           \
    ParameterizedTest(ccs_suite_param *p, name, cases, .timeout = 120)          \
    {                                                                           \
        ccs_suite_run_case(area, p->id);                                              \
    }

#endif
