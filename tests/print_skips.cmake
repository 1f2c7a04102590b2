# Run by ctest in the build folder after the tests (CTEST_CUSTOM_POST_TEST):
# prints the reason of every test that skipped itself, from the notes
# tests/skip_note.py left in Testing/skipped, since ctest does not show a
# skipped test's output.
file(GLOB notes "${CMAKE_CURRENT_BINARY_DIR}/Testing/skipped/*.txt")
list(SORT notes)
foreach(note ${notes})
  file(READ ${note} text)
  string(STRIP "${text}" text)
  message("skipped: ${text}")
endforeach()
