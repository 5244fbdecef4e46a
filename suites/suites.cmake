# One Criterion executable per area of golden/cases; each case id is one
# parameterized test instance. Without CCS_TARGET the suite starts the
# reference server ($CCS_BIN serve --port 0) in a PRE_ALL report hook.
# One source (area.c) built per area directory: a new directory of cases is
# a new suite with no code to write.
file(GLOB CCS_SUITE_DIRS LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CCS_GOLDEN_DIR}/cases/*)
add_library(ccs_suite_common STATIC ${CMAKE_CURRENT_SOURCE_DIR}/suite_common.c)
target_link_libraries(ccs_suite_common PUBLIC ccs PkgConfig::CRITERION)
foreach(dir ${CCS_SUITE_DIRS})
  if(NOT IS_DIRECTORY ${dir})
    continue()
  endif()
  get_filename_component(dirname ${dir} NAME)
  string(REGEX REPLACE "^_" "" area ${dirname})
  add_executable(suite_${area} ${CMAKE_CURRENT_SOURCE_DIR}/area.c)
  target_compile_definitions(suite_${area} PRIVATE CCS_SUITE_NAME=${area} CCS_SUITE_AREA="${dirname}")
  target_link_libraries(suite_${area} PRIVATE ccs_suite_common ccs PkgConfig::CRITERION)
  add_test(NAME suite_${area} COMMAND suite_${area} --jobs 2 --short-filename)
  # The suites need the ccs binary (reference server) built first.
  add_dependencies(suite_${area} ccs_cli)
  set_tests_properties(suite_${area} PROPERTIES TIMEOUT 600 LABELS suite ENVIRONMENT
    "CCS_GOLDEN_DIR=${CCS_GOLDEN_DIR};CCS_BIN=${CMAKE_BINARY_DIR}/ccs;ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endforeach()
