# Source lints (label "lint"): they read the tree, they build nothing.
# lint_includes: a header inside lib/<module>/ is private to that module
# (tests/ may look inside); the selftest proves it fails on a bad include.
add_test(NAME lint_includes COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/lint_includes.sh ${CMAKE_SOURCE_DIR})
add_test(NAME lint_includes_selftest COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/lint_includes_selftest.sh)
set_tests_properties(lint_includes lint_includes_selftest PROPERTIES LABELS lint TIMEOUT 60)
# lint_function_length: no function in lib/, src/ or server/ is longer than
# 120 lines (scripts/longest-functions lists the longest; split along steps).
find_program(CCS_LINT_PYTHON3 python3)
if(CCS_LINT_PYTHON3)
  add_test(NAME lint_function_length
           COMMAND ${CCS_LINT_PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/longest-functions --max 120
                   ${CMAKE_SOURCE_DIR}/lib ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/server)
else()
  add_test(NAME lint_function_length
           COMMAND sh -c "echo 'lint_function_length: python3 not found; run scripts/bootstrap' >&2; exit 1")
endif()
set_tests_properties(lint_function_length PROPERTIES LABELS lint TIMEOUT 60)
