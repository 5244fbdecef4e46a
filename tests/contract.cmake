# Contract checker (lib/contract/: contract_*.c, violations.c) and `ccs check`.
ccs_add_criterion_test(test_contract ${CMAKE_CURRENT_SOURCE_DIR}/test_contract.c)
ccs_add_criterion_test(test_contract_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_contract_cli.c)
add_dependencies(test_contract_cli ccs_cli)
# golden/contract/<version>/ must be what scripts/gen-contract makes from the
# pinned stripe packages: checked by generated_fresh (tests/generated.cmake).
# Real Stripe objects (tests/data/realworld, 2022-11-15 and later) are valid
# at their own API version.
add_test(NAME contract_realworld COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/realworld.sh)
set_tests_properties(contract_realworld PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}")
# `ccs contract list|diff` and lib/contract/contract_diff.c (expected text in
# tests/data/contract_diff/).
ccs_add_criterion_test(test_contract_diff ${CMAKE_CURRENT_SOURCE_DIR}/test_contract_diff.c)
add_dependencies(test_contract_diff ccs_cli)
# API versions end to end (ccs run --api-version, the server per version).
add_test(NAME api_versions COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/versions.sh)
set_tests_properties(api_versions PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 300)
