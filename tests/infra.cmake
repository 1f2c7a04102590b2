# Whole-program tests of the pith CLI, included from tests/CMakeLists.txt:
#   quality_gate  scores pith on every development set (pages with extract,
#                 scraped texts with clean) against the floors in
#                 tests/quality_floors.json; skipped (exit 77) when the sets
#                 are not found ($PITH_DATA_DIR, default ../shared/data next
#                 to the repository);
#   bad_input     hostile and broken inputs: no crash, no hang, the
#                 documented exit codes and messages.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

add_test(NAME quality_gate
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/quality_gate.py
                 $<TARGET_FILE:pith>)
set_tests_properties(quality_gate PROPERTIES
  SKIP_RETURN_CODE 77 TIMEOUT 1500 LABELS quality)
pith_skip_notes(quality_gate)

add_test(NAME bad_input
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/bad_input.py
                 $<TARGET_FILE:pith>)
set_tests_properties(bad_input PROPERTIES TIMEOUT 1800 LABELS robustness)

# sealed_library: only pith_ symbols in libpith.a and libpith.so, only
# include/ handed to users, and a command line on the public API alone.
set(PITH_SEALED_LIBRARIES $<TARGET_FILE:pith_static>)
if(TARGET pith_shared)
  list(APPEND PITH_SEALED_LIBRARIES $<TARGET_FILE:pith_shared>)
endif()
add_test(NAME sealed_library
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/sealed_test.py
                 ${PROJECT_SOURCE_DIR}
                 "$<JOIN:$<TARGET_PROPERTY:pith_static,INTERFACE_INCLUDE_DIRECTORIES>,:>"
                 ${PITH_SEALED_LIBRARIES})
set_tests_properties(sealed_library PROPERTIES TIMEOUT 60 LABELS robustness)

# install_test  installs the build into a temporary prefix, moves it, and
#               builds a C program against it with pkg-config and with
#               find_package(pith); renders the installed man pages.
add_test(NAME install_test
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/install_test.py
                 ${PROJECT_BINARY_DIR})
set_tests_properties(install_test PROPERTIES TIMEOUT 600 LABELS infra)
