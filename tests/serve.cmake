# `pith serve` on 127.0.0.1, one test per case of tests/serve_test.py:
#   serve_routes   every route and status; extraction equal to pith extract
#   serve_limits   oversized, chunked-over-limit, malformed bodies and
#                  headers (413/400/431), the connection cap and a full
#                  queue (503), and the service still serving after them
#   serve_slow     200 clients sending headers a byte a second while /health
#                  answers in under a second; the per-client cap
#   serve_sigterm  SIGTERM/SIGINT: requests in flight answered, exit 0
#   serve_memory   RSS after 100 000 requests within 10 % of after 10 000
#                  (fewer requests and no bound in a sanitizer build)
#   serve_usage    usage errors, --help, a port in use
find_package(Python3 COMPONENTS Interpreter REQUIRED)

foreach(case routes limits slow sigterm memory usage)
  add_test(NAME serve_${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/serve_test.py
                   $<TARGET_FILE:pith> ${case})
  set_tests_properties(serve_${case} PROPERTIES TIMEOUT 300 LABELS serve
                       SKIP_RETURN_CODE 77)
  if(PITH_SANITIZE)
    set_tests_properties(serve_${case} PROPERTIES ENVIRONMENT PITH_SANITIZED=1)
  endif()
  pith_skip_notes(serve_${case})
endforeach()
