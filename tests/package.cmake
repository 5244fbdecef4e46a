# The Debian package (label "package"): scripts/package builds it once
# (fixture), lintian must be quiet about it, and it installs and runs on a
# bare Debian 12 root (tests/scripts/package_install.sh, which skips with a
# message without root or mmdebstrap). Only in the plain build: a package of
# a sanitizer or fuzzing build is not one anybody ships.
if(CCS_SANITIZE OR CCS_FUZZ)
  return()
endif()
set(CCS_PACKAGE_DIR ${CMAKE_BINARY_DIR}/package-deb)
add_test(NAME package_build COMMAND ${CMAKE_SOURCE_DIR}/scripts/package ${CCS_PACKAGE_DIR})
add_test(NAME package_lintian COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/package_lintian.sh
                                      ${CMAKE_SOURCE_DIR} ${CCS_PACKAGE_DIR})
add_test(NAME package_install COMMAND bash -c "exec bash \"$0\" \"$1\" \"$2\"/ccs_*.deb \"$3\""
                                      ${CMAKE_CURRENT_SOURCE_DIR}/scripts/package_install.sh ${CMAKE_SOURCE_DIR}
                                      ${CCS_PACKAGE_DIR} ${CMAKE_BINARY_DIR}/package-root)
set_tests_properties(package_build PROPERTIES FIXTURES_SETUP ccs_deb LABELS package TIMEOUT 600)
set_tests_properties(package_lintian package_install PROPERTIES FIXTURES_REQUIRED ccs_deb LABELS package
                     SKIP_RETURN_CODE 77 TIMEOUT 900)
