# Out-of-memory paths, included from tests/CMakeLists.txt:
#   oom_inject  fails the N-th allocation of pith's own code (and then of
#               libxml2's) for N from 1 to 2000 and a sample beyond, on
#               fixture pages and a text; nothing may crash, and in the
#               sanitizer build nothing may leak. --wrap redirects the
#               malloc family of the statically linked library only.
add_executable(oom_inject ${CMAKE_CURRENT_LIST_DIR}/oom_inject.c)
target_link_libraries(oom_inject PRIVATE pith_static)
# discover.h: the reader of sitemaps and feeds is injected too.
target_include_directories(oom_inject PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_options(oom_inject PRIVATE
  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc)
add_test(NAME oom_inject COMMAND oom_inject ${PROJECT_SOURCE_DIR}/fixtures)
set_tests_properties(oom_inject PROPERTIES TIMEOUT 900 LABELS robustness)
