# Source lints (label "lint"): they read the tree, they build nothing.
# lint_includes: a header inside lib/<module>/ is private to that module
# (tests/ may look inside); the selftest proves it fails on a bad include.
add_test(NAME lint_includes COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/lint_includes.sh ${CMAKE_SOURCE_DIR})
add_test(NAME lint_includes_selftest COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/lint_includes_selftest.sh)
set_tests_properties(lint_includes lint_includes_selftest PROPERTIES LABELS lint TIMEOUT 60)
