# The Python binding (bindings/python) under Debian's /usr/bin/python3,
# where python3-pytest and python3-scrapy live; tests/run_pytest.py points
# it at this build's libpith and pith:
#   python_binding  pith.extract() and pith.clean() against the CLI on every
#                   fixture page, errors, modes, library lookup, threads
#   python_dev_pages  the same on every aeb/traf development page (skipped
#                   when the sets are absent; Release build only)
#   python_scrapy   a real Scrapy crawl of the fixture pages served by
#                   pith_testd through pith.scrapy.PithPipeline
# Skipped (77) when pytest is missing; test_scrapy.py skips itself when
# Scrapy is.
if(BUILD_SHARED_LIBS)
  find_program(PITH_DEBIAN_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT PITH_DEBIAN_PYTHON)
    set(PITH_DEBIAN_PYTHON ${Python3_EXECUTABLE})
  endif()
  set(PITH_PYTEST_FLAGS)
  if(PITH_SANITIZE)
    set(PITH_PYTEST_FLAGS --sanitized)
  endif()
  set(PITH_PYTEST_RUN ${PITH_DEBIAN_PYTHON}
      ${CMAKE_CURRENT_LIST_DIR}/run_pytest.py $<TARGET_FILE:pith_shared>
      $<TARGET_FILE:pith> $<TARGET_FILE:pith_testd> ${PITH_PYTEST_FLAGS})
  add_test(NAME python_binding
           COMMAND ${PITH_PYTEST_RUN} -- --ignore=test_scrapy.py
                   --ignore=test_data.py)
  add_test(NAME python_scrapy COMMAND ${PITH_PYTEST_RUN} -- test_scrapy.py)
  set(PITH_PYTHON_TESTS python_binding python_scrapy)
  # The development pages take minutes under the sanitizers: the Release
  # build compares them.
  if(NOT PITH_SANITIZE)
    add_test(NAME python_dev_pages COMMAND ${PITH_PYTEST_RUN} -- test_data.py)
    list(APPEND PITH_PYTHON_TESTS python_dev_pages)
  endif()
  set_tests_properties(${PITH_PYTHON_TESTS} PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS python
    ENVIRONMENT "PITH_FIXTURES=${PROJECT_SOURCE_DIR}/fixtures")
  pith_skip_notes(${PITH_PYTHON_TESTS})
endif()

# `pip install` of the binding into a fresh virtual environment, offline,
# and the three ways the installed package finds libpith. The Release
# build only: it checks packaging, which the sanitizer build does not
# change.
if(BUILD_SHARED_LIBS AND NOT PITH_SANITIZE)
  add_test(NAME python_pip_install
           COMMAND ${PITH_DEBIAN_PYTHON}
                   ${CMAKE_CURRENT_LIST_DIR}/python_install_test.py
                   $<TARGET_FILE:pith_shared> $<TARGET_FILE:pith>)
  set_tests_properties(python_pip_install PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS python)
  pith_skip_notes(python_pip_install)
endif()
