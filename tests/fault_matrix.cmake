# The suite has teeth: every server fault is caught by its declared guard
# cases, each failing for its declared reason.
add_test(NAME suite_fault_matrix COMMAND node ${CMAKE_CURRENT_SOURCE_DIR}/fault_matrix.mjs)
# The guards are declared at the server's own API version.
set_tests_properties(suite_fault_matrix PROPERTIES ENVIRONMENT "${CCS_TEST_ENV};CCS_API_VERSION=2026-07-29.dahlia" TIMEOUT 900)
# The reason matcher itself: a guard failing for another reason is rejected.
add_test(NAME fault_reason COMMAND node ${CMAKE_CURRENT_SOURCE_DIR}/fault_reason_test.mjs)
