# End-to-end tests of site boilerplate, included from tests/CMakeLists.txt:
# tests/site_test.py writes a site of 30 articles sharing a teaser block and
# a footer line and runs pith batch and pith extract on it:
#   site_removes  --site-boilerplate removes both from every page and keeps
#                 every article paragraph;
#   site_order    the same output for -j 1 and -j 3 and in another order;
#   site_shards   two halves with --write-site-profile, then --site-profile
#                 with both: the output of one run;
#   site_explain  '- site-repeat' in pith extract --explain;
#   site_usage    standard input refused, a damaged profile named;
#   site_fetch    pith fetch --site-boilerplate, --write-site-profile and
#                 --site-profile over the site served on 127.0.0.1.
# unit_site (globbed with the unit tests) covers the library API.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

foreach(case removes order shards explain usage fetch)
  add_test(NAME site_${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/site_test.py
                   $<TARGET_FILE:pith> ${case})
  set_tests_properties(site_${case} PROPERTIES TIMEOUT 300 LABELS batch)
endforeach()
