# Remote fuzzer: end to end against `ccs serve` (clean and faulty).
add_test(NAME rfuzz_remote COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/rfuzz_test.sh)
set_tests_properties(rfuzz_remote PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 600)
ccs_add_criterion_test(test_rfuzz ${CMAKE_CURRENT_SOURCE_DIR}/test_rfuzz.c)
# The unit test looks inside the module: its private header (rfuzz_internal.h).
target_include_directories(test_rfuzz PRIVATE ${CMAKE_SOURCE_DIR}/lib/rfuzz)
