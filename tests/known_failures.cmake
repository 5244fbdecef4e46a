# Known-failures file: parse errors with line numbers, glob match, expiry.
ccs_add_criterion_test(test_known_failures ${CMAKE_CURRENT_SOURCE_DIR}/test_known_failures.c)
