# The CI sample of bench/mutation: 40 mutants of the reference server that
# the golden cases killed when drawn (bench/mutation/ci-sample.json) must
# still be killed. Each is rebuilt and run in worker trees under the build
# dir; a case removed or weakened so that one survives fails this test.
# Plain build only: the sanitizer run would only repeat it more slowly.
if(NOT CCS_SANITIZE AND NOT CCS_FUZZ)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_FOUND)
    add_test(NAME mutation_sample
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/bench/mutation/mutate
                     --check ${CMAKE_SOURCE_DIR}/bench/mutation/ci-sample.json --workers 2
                     --tmp ${CMAKE_BINARY_DIR}/mutation
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(mutation_sample PROPERTIES LABELS mutation TIMEOUT 900)
  endif()
endif()
