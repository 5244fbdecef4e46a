/* Shared by the runner tests that script a target with libmicrohttpd: start
 * and stop the mock, and free one case record. Criterion asserts inside. */
#ifndef CCS_TEST_MOCK_UTIL_H
#define CCS_TEST_MOCK_UTIL_H

#include <criterion/criterion.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccs/result.h"

/* A thread per connection, on a free loopback port; url gets its base URL. */
static inline struct MHD_Daemon *test_mock_start(MHD_AccessHandlerCallback handler, char *url, size_t cap)
{
    const union MHD_DaemonInfo *info;
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
                                            NULL, handler, NULL, MHD_OPTION_END);

    cr_assert_not_null(d, "mock server did not start");
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    cr_assert_not_null(info);
    snprintf(url, cap, "http://127.0.0.1:%u", (unsigned)info->port);
    return d;
}

/* Frees a record through the library's own run freeing. */
static inline void test_record_free(ccs_case_result *r)
{
    ccs_run_result run = {0};

    run.cases = malloc(sizeof *r);
    cr_assert_not_null(run.cases);
    run.cases[0] = *r;
    run.count = run.cap = 1;
    ccs_result_free(&run);
}

#endif
