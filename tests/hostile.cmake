# Hostile implementations: the runner against a server that is broken in
# every way (tests/hostile_server.c); it must never crash, hang, grow
# without bound, lose a report or leak the API key.
add_executable(hostile_server ${CMAKE_CURRENT_SOURCE_DIR}/hostile_server.c)
target_link_libraries(hostile_server PRIVATE Threads::Threads)
add_executable(peak_rss ${CMAKE_CURRENT_SOURCE_DIR}/peak_rss.c)
add_test(NAME hostile_runner
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/hostile_test.sh
                 $<TARGET_FILE:hostile_server> $<TARGET_FILE:peak_rss>)
set_tests_properties(hostile_runner PROPERTIES ENVIRONMENT "${CCS_TEST_ENV}" TIMEOUT 600)
