# End-to-end tests of `pith batch`, included from tests/CMakeLists.txt. The
# WARC, folder and JSON Lines inputs are written by tests/batch_test.py (with
# tests/warc_writer.py) from the pages in fixtures/, in a temporary folder:
#   batch_crawl     crawler-style WARCs (gzip per record, plain, one gzip
#                   stream; 1.0 and 1.1; chunked, gzip and deflate bodies, an
#                   image, a 404, a charset only in the HTTP header, a cut
#                   last record): one record per response, as pith extract;
#   batch_records   resource records read as pages; revisit, conversion and
#                   dns records skipped;
#   batch_damaged   lying Content-Length, garbage, damaged gzip;
#   batch_mutations randomly damaged WARCs (fixed seed): no crash, valid JSON;
#   batch_hostile   negative and absurd Content-Length, a misnamed .warc.gz,
#                   garbage, an empty file, a gzip bomb in an HTTP body;
#   batch_folder    folder walks; batch_jsonl: JSON Lines and standard input;
#   batch_stream    standard input a pipe: each record answered before the next;
#   batch_order     the same output for -j 1, 3 and 8;
#   batch_resume    kill -9 part way, then --resume: the uninterrupted output;
#   batch_memory    peak RSS under 200 MB over a 20x larger WARC;
#   batch_progress  progress on a terminal only, the summary line;
#   batch_options   --precision/--recall and the document limits;
#   batch_output    --images, --no-links, --no-tables, --target-language;
#   batch_usage     usage errors.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

foreach(case crawl records damaged mutations hostile folder jsonl stream order resume
             memory progress options output usage)
  add_test(NAME batch_${case}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/batch_test.py
                   $<TARGET_FILE:pith> ${case})
  set_tests_properties(batch_${case} PROPERTIES TIMEOUT 900 LABELS batch
                       SKIP_RETURN_CODE 77)
  if(PITH_SANITIZE)
    set_tests_properties(batch_${case} PROPERTIES ENVIRONMENT PITH_SANITIZED=1)
  endif()
  pith_skip_notes(batch_${case})
endforeach()

# unit_http (globbed with the other unit tests) compresses its own brotli
# test bodies.
pkg_check_modules(BROTLIENC REQUIRED IMPORTED_TARGET libbrotlienc)
target_link_libraries(unit_http PRIVATE PkgConfig::BROTLIENC)

# The Dask driver on a LocalCluster with two workers. Debian's python3
# modules load only in /usr/bin/python3; without python3-distributed the
# test is skipped (77).
if(EXISTS /usr/bin/python3)
  add_test(NAME batch_dask
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/dask_test.py
                   $<TARGET_FILE:pith>)
  set_tests_properties(batch_dask PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS batch)
  pith_skip_notes(batch_dask)
endif()
