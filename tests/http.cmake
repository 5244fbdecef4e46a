# HTTP client, redaction and curl reproduction: tests run against a small
# libmicrohttpd server started inside the test on 127.0.0.1, port 0.
ccs_add_criterion_test(test_http ${CMAKE_CURRENT_SOURCE_DIR}/test_http.c)
target_link_libraries(test_http PRIVATE PkgConfig::MHD)
