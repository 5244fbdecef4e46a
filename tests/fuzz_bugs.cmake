# fuzz_bugs_apply: every planted bug of the fuzzing benchmark
# (bench/fuzz/bugs/*.patch) still applies to the tree and the files it
# patches compile warning-free, so the benchmark does not rot as the code
# moves. It does not fuzz (bench/fuzz/bugs/run.sh runs the campaign).
# Plain builds only: it reads the source tree and needs git.
if(NOT CCS_FUZZ AND NOT CCS_SANITIZE)
  set(_ccs_bug_flags)
  foreach(dir ${CJSON_INCLUDE_DIRS} ${CURL_INCLUDE_DIRS})
    list(APPEND _ccs_bug_flags -isystem ${dir})
  endforeach()
  add_test(NAME fuzz_bugs_apply
           COMMAND bash ${CMAKE_SOURCE_DIR}/bench/fuzz/bugs/run.sh --check --cc ${CMAKE_C_COMPILER}
                   -- ${_ccs_bug_flags})
  set_tests_properties(fuzz_bugs_apply PROPERTIES LABELS bench TIMEOUT 120)
endif()
