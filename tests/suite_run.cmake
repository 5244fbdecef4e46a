# The whole suite through `ccs run` against the embedded reference server, in
# both profiles and strict: every case passes. This is the path users take,
# and it is cheap enough to run under the sanitizers too (the per-area
# Criterion suites, label "suite", fork a process per case and run in the
# plain build only).
foreach(profile core full)
  add_test(NAME suite_run_${profile}
           COMMAND ${CMAKE_BINARY_DIR}/ccs run --profile ${profile} --strict --jobs 4
                   --report-dir ${CMAKE_BINARY_DIR}/reports/selftest-${profile}
                   --history ${CMAKE_BINARY_DIR}/reports/selftest-history.jsonl)
  set_tests_properties(suite_run_${profile} PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 600)
endforeach()

# The full suite, strict, at every known API version: the reference server
# speaks each one (cases a version cannot take are SKIP "not in API V").
file(READ ${CMAKE_SOURCE_DIR}/golden/contract/versions.json CCS_VERSIONS_JSON)
# a new version (scripts/gen-contract --package ...) re-configures and gets its test
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/golden/contract/versions.json)
string(JSON n_versions LENGTH "${CCS_VERSIONS_JSON}" versions)
math(EXPR last "${n_versions} - 1")
foreach(i RANGE ${last})
  string(JSON version GET "${CCS_VERSIONS_JSON}" versions ${i} api_version)
  add_test(NAME suite_run_api_${version}
           COMMAND ${CMAKE_BINARY_DIR}/ccs run --profile full --strict --jobs 4 --api-version ${version}
                   --report-dir ${CMAKE_BINARY_DIR}/reports/selftest-${version}
                   --history ${CMAKE_BINARY_DIR}/reports/selftest-history-versions.jsonl)
  set_tests_properties(suite_run_api_${version} PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 600 LABELS api-version)
endforeach()
