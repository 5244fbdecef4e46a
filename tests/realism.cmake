# `ccs serve`'s sandbox realism switches (issue 11): --latency, --prefill,
# --background-writes, --random-429; end to end through the `ccs` binary.
add_test(NAME realism_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/realism_test.sh)
set_tests_properties(realism_cli PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 120)
