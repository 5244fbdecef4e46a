# Fuzz harnesses. Normal builds: replay_<name> runs corpus/<name>/ as the
# ctest fuzz_replay_<name> (under ASan+UBSan in the sanitize build). With
# -DCCS_FUZZ=ON (clang): fuzz_<name> libFuzzer executables, the same replay
# test through the fuzzer binary (-runs=0) and a short campaign per harness
# as the ctest fuzz_run_<name> (label "fuzz").
set(CCS_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR})
set(CCS_CORPUS_DIR ${CMAKE_SOURCE_DIR}/corpus)
set(CCS_FUZZ_ENV "CCS_GOLDEN_DIR=${CCS_GOLDEN_DIR};ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
# Seconds each fuzz_run_<name> ctest fuzzes for (CI campaigns use scripts/fuzz).
set(CCS_FUZZ_CTEST_SECONDS 10 CACHE STRING "libFuzzer budget per harness in ctest")

# libFuzzer builds: the harness code (input decoding, property checks, the
# custom mutator) is the oracle, not the code under test, so it is compiled
# without coverage instrumentation (ASan and UBSan stay on). Its edges and
# comparisons only cost time on every run and add features that reward
# inputs for how the checker behaved (e.g. the depth a tree comparison
# reached) instead of what the library did; the mutator's comparisons would
# also land in the table libFuzzer draws comparison operands from.
# -DCCS_FUZZ_HARNESS_COVERAGE=ON instruments it anyway (to compare).
option(CCS_FUZZ_HARNESS_COVERAGE "Instrument the fuzz harness code for coverage too" OFF)
set(CCS_FUZZ_HARNESS_FLAGS "")
if(CCS_FUZZ AND NOT CCS_FUZZ_HARNESS_COVERAGE)
  set(CCS_FUZZ_HARNESS_FLAGS -fno-sanitize=fuzzer-no-link)
endif()

add_library(ccs_fuzz_common STATIC ${CCS_FUZZ_DIR}/fuzz_common.c)
target_link_libraries(ccs_fuzz_common PUBLIC ccs)
target_include_directories(ccs_fuzz_common PUBLIC ${CCS_FUZZ_DIR})
target_compile_options(ccs_fuzz_common PRIVATE ${CCS_FUZZ_HARNESS_FLAGS})

# A harness is built once the code it drives exists in the tree (parallel
# development lands the modules one by one).
function(ccs_fuzz_have out)
  set(found ON)
  foreach(pattern ${ARGN})
    file(GLOB hits CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${pattern})
    if(NOT hits)
      set(found OFF)
    endif()
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

function(ccs_add_fuzzer name)
  cmake_parse_arguments(F "" "" "LIBS;SOURCES" ${ARGN})
  set(src ${CCS_FUZZ_DIR}/fuzz_${name}.c)
  foreach(extra ${F_SOURCES})
    list(APPEND src ${CCS_FUZZ_DIR}/${extra})
  endforeach()
  set(corpus ${CCS_CORPUS_DIR}/${name})
  if(CCS_FUZZ)
    set(exe fuzz_${name})
    add_executable(${exe} ${src})
    target_compile_options(${exe} PRIVATE ${CCS_FUZZ_HARNESS_FLAGS})
    target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
    add_test(NAME fuzz_replay_${name} COMMAND ${exe} -runs=0 ${corpus})
    set(work ${CMAKE_BINARY_DIR}/fuzz-work/${name})
    file(MAKE_DIRECTORY ${work})
    set(args -max_total_time=${CCS_FUZZ_CTEST_SECONDS} -timeout=10 -rss_limit_mb=2048
             -print_final_stats=1 -artifact_prefix=${work}/)
    if(EXISTS ${CCS_FUZZ_DIR}/${name}.dict)
      list(APPEND args -dict=${CCS_FUZZ_DIR}/${name}.dict)
    endif()
    if(EXISTS ${CCS_FUZZ_DIR}/${name}.options)
      file(STRINGS ${CCS_FUZZ_DIR}/${name}.options max_len_line REGEX "^max_len *=")
      if(max_len_line MATCHES "= *([0-9]+)")
        list(APPEND args -max_len=${CMAKE_MATCH_1})
      endif()
    endif()
    # New inputs go to the first (scratch) directory; the corpus stays read-only.
    add_test(NAME fuzz_run_${name} COMMAND ${exe} ${args} ${work} ${corpus})
    set_tests_properties(fuzz_run_${name} PROPERTIES LABELS fuzz ENVIRONMENT "${CCS_FUZZ_ENV}"
                         TIMEOUT 300)
  else()
    set(exe replay_${name})
    add_executable(${exe} ${src} ${CCS_FUZZ_DIR}/replay_main.c)
    add_test(NAME fuzz_replay_${name} COMMAND ${exe} ${corpus})
  endif()
  target_link_libraries(${exe} PRIVATE ${F_LIBS} ccs_fuzz_common ccs)
  set_tests_properties(fuzz_replay_${name} PROPERTIES LABELS fuzz-replay ENVIRONMENT "${CCS_FUZZ_ENV}"
                       TIMEOUT 300)
endfunction()

ccs_fuzz_have(have_form lib/form/form_decode.c lib/form/form_encode.c)
ccs_fuzz_have(have_contract lib/contract/contract*.c)
ccs_fuzz_have(have_match lib/cases/match*.c lib/report/report_*.c lib/util/escape.c)
ccs_fuzz_have(have_handler server/handler.c)

if(have_form)
  ccs_add_fuzzer(form_decode)
  ccs_add_fuzzer(form_roundtrip)
endif()
if(have_contract)
  ccs_add_fuzzer(json_parse)
endif()
if(have_contract AND have_match)
  ccs_add_fuzzer(response_check)
  # The matrix writers land after the others; drive them once they exist.
  file(GLOB report_sources ${CMAKE_SOURCE_DIR}/lib/report/report_*.c)
  foreach(f ${report_sources})
    file(READ ${f} text)
    string(FIND "${text}" "int ccs_report_write_matrix_markdown(" pos)
    if(pos GREATER -1)
      if(TARGET fuzz_response_check)
        target_compile_definitions(fuzz_response_check PRIVATE CCS_FUZZ_HAVE_MATRIX=1)
      else()
        target_compile_definitions(replay_response_check PRIVATE CCS_FUZZ_HAVE_MATRIX=1)
      endif()
    endif()
  endforeach()
endif()
if(have_handler)
  ccs_add_fuzzer(server_request LIBS ccs_server SOURCES server_mutate.c)
endif()

# The committed gen-* / edge-* seeds are what scripts/gen-corpus makes of
# golden/ today: checked by generated_fresh (tests/generated.cmake).
