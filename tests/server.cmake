# The reference server: in-process handler tests, fault checks, HTTP-level
# tests, persistence across restarts and the Node SDK end-to-end run.
ccs_add_criterion_test(test_server_handler ${CMAKE_CURRENT_LIST_DIR}/test_server_handler.c)
ccs_add_criterion_test(test_server_faults ${CMAKE_CURRENT_LIST_DIR}/test_server_faults.c)
ccs_add_criterion_test(test_server_http ${CMAKE_CURRENT_LIST_DIR}/test_server_http.c)
target_link_libraries(test_server_http PRIVATE PkgConfig::CURL)
# The official Node SDK against `ccs serve`. node and node_modules/stripe come
# from scripts/bootstrap; without them the test fails rather than vanishing.
add_test(NAME server_sdk_e2e COMMAND node ${CMAKE_CURRENT_LIST_DIR}/sdk/e2e.mjs)
set_tests_properties(server_sdk_e2e PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 300)
ccs_add_criterion_test(test_server_update ${CMAKE_CURRENT_LIST_DIR}/test_server_update.c)
# The store's line item rows and the migration of files in the earlier layout.
ccs_add_criterion_test(test_server_store ${CMAKE_CURRENT_LIST_DIR}/test_server_store.c)
