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
