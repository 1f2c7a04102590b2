# One consistent command line, included from tests/CMakeLists.txt: what
# every subcommand shares, one test per case of tests/cli_test.py:
#   cli_extract_input  standard input without a FILE, gzip-compressed pages
#   cli_option_errors  errors name the option; K/M/G sizes; contradictions
#   cli_write_errors   disk full and closed pipe: exit 6; exit codes in
#                      pith --help
#   cli_batch_inputs   skipped files counted; JSON Lines keys passed through
#   cli_warnings       HTML given to clean; a charset pith cannot decode
#   cli_data_skip      tests without ../shared/data say why
#   cli_man_pages      the man pages render cleanly and match --help
find_package(Python3 COMPONENTS Interpreter REQUIRED)

foreach(case extract_input option_errors write_errors batch_inputs warnings
             data_skip man_pages)
  add_test(NAME cli_${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/cli_test.py
                   $<TARGET_FILE:pith> ${CMAKE_COMMAND} ${case})
  set_tests_properties(cli_${case} PROPERTIES TIMEOUT 300 LABELS cli
                       SKIP_RETURN_CODE 77)
  pith_skip_notes(cli_${case})
endforeach()
# cli_man_pages reads build/man/, which the "man" target (part of the
# default build) writes.
