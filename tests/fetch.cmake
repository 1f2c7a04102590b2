# The fetcher against a real HTTP server on 127.0.0.1: pith_testd (a small
# libmicrohttpd program, tests/httpd/) is started by tests/fetch_test.py,
# which runs `pith fetch` and `pith extract URL` on it. No test touches the
# internet.
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
find_package(Python3 COMPONENTS Interpreter REQUIRED)

add_executable(pith_testd ${CMAKE_CURRENT_LIST_DIR}/httpd/pith_testd.c)
target_link_libraries(pith_testd PRIVATE PkgConfig::MHD ZLIB::ZLIB
                                         Threads::Threads)

set(PITH_FETCH_TEST_FLAGS)
if(PITH_SANITIZE)
  set(PITH_FETCH_TEST_FLAGS --sanitized)
endif()
add_test(NAME fetch_loopback
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/fetch_test.py
                 $<TARGET_FILE:pith> $<TARGET_FILE:pith_testd>
                 ${PROJECT_SOURCE_DIR}/fixtures ${PITH_FETCH_TEST_FLAGS})
set_tests_properties(fetch_loopback PROPERTIES TIMEOUT 300 LABELS fetch)

# The command-line cases of tests/fetch_test.py, each with its own server:
#   fetch_extract_url  pith extract URL with --ignore-robots, -A, --timeout...
#   fetch_output       -o FILE, --resume, --format text, the line of a record
#   fetch_timeouts     connecting, first byte, transfer: each phase named
foreach(case extract_url output timeouts)
  add_test(NAME fetch_${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/fetch_test.py
                   $<TARGET_FILE:pith> $<TARGET_FILE:pith_testd>
                   ${PROJECT_SOURCE_DIR}/fixtures ${PITH_FETCH_TEST_FLAGS}
                   ${case})
  set_tests_properties(fetch_${case} PROPERTIES TIMEOUT 300 LABELS fetch)
endforeach()

# Discovery (tests/discover_test.py) on the sitemaps and feeds of the small
# site pith_testd serves under /site/:
#   discover_sitemaps  an index of two sitemaps (one gzipped), robots.txt
#                      Sitemap: lines, RSS, Atom, a page linking its feed
#   discover_hostile   broken, not XML, billion laughs, gzip bomb: one error
#                      record each, in bounded time and memory
#   discover_filters   --same-host, --url-filter, --max-urls, usage errors
foreach(case sitemaps hostile filters)
  add_test(NAME discover_${case}
           COMMAND ${Python3_EXECUTABLE}
                   ${CMAKE_CURRENT_LIST_DIR}/discover_test.py
                   $<TARGET_FILE:pith> $<TARGET_FILE:pith_testd>
                   ${PROJECT_SOURCE_DIR}/fixtures ${PITH_FETCH_TEST_FLAGS}
                   ${case})
  set_tests_properties(discover_${case} PROPERTIES TIMEOUT 120 LABELS fetch)
endforeach()
