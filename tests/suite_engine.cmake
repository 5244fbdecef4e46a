# Suite engine: matcher, templates, case loader + lint of golden/cases, runner.
ccs_add_criterion_test(test_match ${CMAKE_CURRENT_SOURCE_DIR}/test_match.c)
ccs_add_criterion_test(test_template ${CMAKE_CURRENT_SOURCE_DIR}/test_template.c)
ccs_add_criterion_test(test_case_load ${CMAKE_CURRENT_SOURCE_DIR}/test_case_load.c)
ccs_add_criterion_test(test_runner ${CMAKE_CURRENT_SOURCE_DIR}/test_runner.c)
target_link_libraries(test_runner PRIVATE PkgConfig::MHD)
ccs_add_criterion_test(test_walks ${CMAKE_CURRENT_SOURCE_DIR}/test_walks.c)
target_link_libraries(test_walks PRIVATE PkgConfig::MHD)
