# The installed tree (cmake --install): data found beside the binary, the
# manual, completion; and the manual agrees with every --help text.
add_test(NAME install_tree COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/install_test.sh ${CMAKE_BINARY_DIR})
add_test(NAME man_flags COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/man_flags.sh
                                ${CMAKE_BINARY_DIR}/ccs ${CMAKE_BINARY_DIR}/ccs.1.gz)
add_test(NAME man_flags_selftest COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/man_flags_selftest.sh
                                         ${CMAKE_BINARY_DIR}/ccs ${CMAKE_BINARY_DIR}/ccs.1.gz)
set_tests_properties(install_tree man_flags man_flags_selftest PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 300)
