# Run record: results.json round trip, gate logic, malformed input.
ccs_add_criterion_test(test_result ${CMAKE_CURRENT_SOURCE_DIR}/test_result.c)
