# Failures grouped by cause against a server with five faults at once
# (N..2N causes, each fault's cases under one or two), and both reports
# rendered in headless Chromium (label browser; skipped where it is missing).
add_test(NAME report_causes_faults COMMAND node ${CMAKE_CURRENT_SOURCE_DIR}/report_causes.mjs)
set_tests_properties(report_causes_faults PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 120)
add_test(NAME report_browser COMMAND node ${CMAKE_CURRENT_SOURCE_DIR}/browser_report.mjs)
set_tests_properties(report_browser PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 180 LABELS browser
                     SKIP_RETURN_CODE 77)
ccs_add_criterion_test(test_causes ${CMAKE_CURRENT_SOURCE_DIR}/test_causes.c)
