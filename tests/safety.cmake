# Running against a real Stripe account safely (issue 11): live keys, request
# rate, retries; end to end through the `ccs` binary.
add_test(NAME safety_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/safety_test.sh
         $<TARGET_FILE:hostile_server>)
set_tests_properties(safety_cli PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 300)
