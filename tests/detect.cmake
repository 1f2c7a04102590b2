# Language and charset detection on the development pages with their
# declarations removed (bench/language_check.py, bench/charset_check.py),
# against the floors of issue 15: the detected language equals the declared
# one on >= 95 % of pages with 200+ characters of text; a page re-encoded
# into its declared legacy charset reads the same without the declaration on
# >= 90 %. Skipped (with the reason printed) when the sets are not found.
# Not in the sanitizer build: they measure detection, which the unit and
# fixture tests already run there.
if(NOT PITH_SANITIZE)
  add_test(NAME language_check
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/bench/language_check.py
                   $<TARGET_FILE:pith> --floor 0.95)
  add_test(NAME charset_check
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/bench/charset_check.py
                   $<TARGET_FILE:pith> --floor 0.90)
  set_tests_properties(language_check charset_check PROPERTIES
    TIMEOUT 900 LABELS quality SKIP_RETURN_CODE 77)
endif()
