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

# The full suite, strict, at each API version the reference server already
# speaks completely (golden/contract/versions.json lists all; the older ones
# still fail cases whose expectations were written for 2026-07-29.dahlia:
# see the README's version table).
foreach(version 2026-03-25.dahlia 2026-07-29.dahlia 2026-08-26.dahlia 2026-10-28.endive)
  add_test(NAME suite_run_api_${version}
           COMMAND ${CMAKE_BINARY_DIR}/ccs run --profile full --strict --jobs 4 --api-version ${version}
                   --report-dir ${CMAKE_BINARY_DIR}/reports/selftest-${version}
                   --history ${CMAKE_BINARY_DIR}/reports/selftest-history-versions.jsonl)
  set_tests_properties(suite_run_api_${version} PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 600)
endforeach()
