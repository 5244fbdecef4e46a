# Every validation rule of the reference server (each 400 refusal in
# server/validate.c, create.c, update.c, lineitems.c, list.c, expire.c) has a
# case in tests/data/validation_rules.json that expects the 400 on its param
# and, run against the embedded server, trips that rule's message.
add_test(NAME validation_rules COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/validation_rules.py
         --ccs $<TARGET_FILE:ccs_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(validation_rules PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 120)
