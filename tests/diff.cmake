# Regression diff: classification, reports, `ccs diff` exit codes.
ccs_add_criterion_test(test_diff ${CMAKE_CURRENT_SOURCE_DIR}/test_diff.c)
add_dependencies(test_diff ccs_cli)
