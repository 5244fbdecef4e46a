# Contract checker (lib/contract/: contract_*.c, violations.c) and `ccs check`.
ccs_add_criterion_test(test_contract ${CMAKE_CURRENT_SOURCE_DIR}/test_contract.c)
ccs_add_criterion_test(test_contract_cli ${CMAKE_CURRENT_SOURCE_DIR}/test_contract_cli.c)
add_dependencies(test_contract_cli ccs_cli)
# golden/contract must match what scripts/gen-contract makes from the facts.
if(EXISTS ${CMAKE_SOURCE_DIR}/../shared/contract/checkout_session.schema.json)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_FOUND)
    add_test(NAME contract_golden_fresh
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/gen-contract --check
                     --facts ${CMAKE_SOURCE_DIR}/../shared/contract --out ${CMAKE_SOURCE_DIR}/golden/contract)
  endif()
endif()
