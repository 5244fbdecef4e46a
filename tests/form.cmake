# Form codec: unit tests, the CLI, and the differential test against npm qs.
ccs_add_criterion_test(test_form_decode ${CMAKE_CURRENT_SOURCE_DIR}/test_form_decode.c)
ccs_add_criterion_test(test_form_encode ${CMAKE_CURRENT_SOURCE_DIR}/test_form_encode.c)

add_test(NAME form_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/form_cli.sh ${CMAKE_BINARY_DIR}/ccs)
set_tests_properties(form_cli PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 120)

# One process checks every case; spawning `ccs` per case would be far slower.
add_executable(form_diff_driver ${CMAKE_CURRENT_SOURCE_DIR}/form_diff_driver.c)
target_link_libraries(form_diff_driver PRIVATE ccs)
find_program(CCS_NODE node)
if(CCS_NODE)
  add_test(NAME form_qs_diff
           COMMAND ${CCS_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/form_qs_diff.js
                   --driver $<TARGET_FILE:form_diff_driver>
                   --work ${CMAKE_CURRENT_BINARY_DIR}/form_qs_diff)
else()
  # No silent skip: node is a bootstrap dependency, so its absence fails.
  add_test(NAME form_qs_diff COMMAND sh -c "echo 'form_qs_diff: node not found; run scripts/bootstrap' >&2; exit 1")
endif()
set_tests_properties(form_qs_diff PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 300)
