# The GitHub Action's shell steps (scripts/action) in a simulated runner
# against the reference server, healthy and under a fault.
add_test(NAME action_script COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/action_test.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(action_script PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 300)
# Its install step: the release .deb when the ref's release has one for this
# architecture, else the build (against a loopback stand-in for GitHub).
add_test(NAME action_install COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/action_install_test.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(action_install PROPERTIES TIMEOUT 120)
