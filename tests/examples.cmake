# CI examples: every `ccs <subcommand> --flag` they use is one the CLI
# accepts; the checker itself must catch misspelt flags.
add_test(NAME examples_flags
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_examples.sh
                 ${CMAKE_SOURCE_DIR}/examples/github-actions.yml ${CMAKE_SOURCE_DIR}/examples/gitlab-ci.yml)
add_test(NAME examples_flags_selftest COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_examples_selftest.sh)
set_tests_properties(examples_flags examples_flags_selftest PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 120)
