# Report writers: junit.xml, summary.md, report.html, history, matrix, escaping.
ccs_add_criterion_test(test_report ${CMAKE_CURRENT_SOURCE_DIR}/test_report.c)
ccs_add_criterion_test(test_escape ${CMAKE_CURRENT_SOURCE_DIR}/test_escape.c)
ccs_add_criterion_test(test_report_matrix ${CMAKE_CURRENT_SOURCE_DIR}/test_report_matrix.c)
