# End-to-end tests: every fixtures/NAME.html is one ctest test, fixture.NAME,
# that runs the pith CLI on the page and compares its output with the
# NAME.expected.* files beside it (see fixtures/README.md).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
file(GLOB PITH_FIXTURE_PAGES CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/fixtures/*.html)
foreach(page ${PITH_FIXTURE_PAGES})
  # NAME_WLE keeps any dots in NAME; only ".html" is removed.
  get_filename_component(name ${page} NAME_WLE)
  add_test(NAME fixture.${name}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_fixture.py
                   $<TARGET_FILE:pith> ${page})
  set_tests_properties(fixture.${name} PROPERTIES TIMEOUT 60 LABELS fixture)
endforeach()
