# A full-profile run against `ccs serve` with every sandbox switch on (rate
# limit, latency, prefilled accounts, another writer) gives the verdicts of
# the plain server, nothing ERROR, and no 429 for a runner that keeps to
# the rate. Scaled down from bench/sandbox/run.sh's defaults to run in CI.
if(NOT CCS_FUZZ)
  add_test(NAME sandbox_verdicts COMMAND bash ${CMAKE_SOURCE_DIR}/bench/sandbox/run.sh ${CMAKE_BINARY_DIR}/ccs)
  set_tests_properties(sandbox_verdicts PROPERTIES
    ENVIRONMENT "${CCS_TEST_ENV};RATE=150;LATENCY=20;PREFILL=500;WRITES=5" TIMEOUT 300)
endif()
