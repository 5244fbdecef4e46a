ccs_add_criterion_test(test_error ${CMAKE_CURRENT_SOURCE_DIR}/test_error.c)
