# The CI gate of `ccs run`: gate classification, annotations, baseline file
# (unit), and end to end: baseline, known failures, history, several targets.
ccs_add_criterion_test(test_gate ${CMAKE_CURRENT_SOURCE_DIR}/test_gate.c)
add_test(NAME gate_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/gate_test.sh)
set_tests_properties(gate_cli PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 600)
