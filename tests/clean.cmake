# Text-mode tests of `pith clean`, included from tests/CMakeLists.txt:
#   clean_cases  the hand-annotated cases in tests/cases/clean (every line
#                marked keep / debris / either), checked through the text,
#                --explain and JSON outputs, and again with CRLF and CR line
#                endings, in windows-1252 and in UTF-16 with a BOM;
#   clean_seeds  the annotated seed texts of the development data, scored
#                as the evaluation kit scores them;
#   seed_pages   each seed's article built into an HTML page: `pith extract`
#                on the page must keep what `pith clean` keeps of the text.
# The last two read $PITH_DATA_DIR/seeds (default ../shared/data/seeds next
# to the repository) in place and are skipped (exit 77) without it.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

add_test(NAME clean_cases
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_clean_cases.py
                 $<TARGET_FILE:pith> --encodings
                 ${CMAKE_CURRENT_LIST_DIR}/cases/clean)
set_tests_properties(clean_cases PROPERTIES TIMEOUT 300 LABELS clean)

add_test(NAME clean_seeds
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_clean_cases.py
                 $<TARGET_FILE:pith> --seeds)
set_tests_properties(clean_seeds PROPERTIES
  SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS clean)

add_test(NAME seed_pages
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/seed_pages.py
                 $<TARGET_FILE:pith>)
set_tests_properties(seed_pages PROPERTIES
  SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS clean)
pith_skip_notes(clean_seeds seed_pages)
