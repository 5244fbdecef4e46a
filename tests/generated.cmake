# generated_fresh (label "generated"): every generated file is what its
# generator makes today: golden/cases (scripts/gen-cases), golden/contract
# (scripts/gen-contract; skipped with a message when node_modules is missing)
# and the fuzz seeds in corpus/ (scripts/gen-corpus), each run with --check;
# and tests/data/fault_guards.json (declared by hand; scripts/gen-fault-guards
# only reports on it) names exactly the server's faults, existing case ids and reasons.
# Plain builds only: it reads the source tree, and gen-corpus runs
# `ccs form encode` once per form tree.
if(NOT CCS_FUZZ AND NOT CCS_SANITIZE)
  add_test(NAME generated_fresh COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/generated_fresh.sh
           ${CMAKE_SOURCE_DIR} $<TARGET_FILE:ccs_cli>)
  set_tests_properties(generated_fresh PROPERTIES LABELS generated TIMEOUT 300)
endif()
