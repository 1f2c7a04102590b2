/* The document limits of pith_options: defaults, each limit turning a page
 * into PITH_ERR_LIMIT with a message that names it, 0 meaning the default,
 * and the JSON rendering of control characters and quotes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "pith.h"

static const char page[] =
    "<!DOCTYPE html><html><head><title>Ferry returns</title></head><body>"
    "<article><h1>Ferry returns</h1>"
    "<p>The little ferry made its first crossing in two years on Thursday "
    "morning, carrying forty-one passengers across the sound.</p>"
    "<p>The service was suspended when the old pier was found to be unsafe "
    "after a winter of storms, and islanders relied on a weekly boat.</p>"
    "<p>\"You plan your whole week around the tide\", said the shopkeeper, "
    "a \\ backslash, a\ttab and a / slash included.</p>"
    "</article></body></html>";

static char *deep_page(size_t depth) {
  size_t n = strlen(page) + depth * 11 + 1;
  char *s = malloc(n);
  assert_non_null(s);
  const char *at = strstr(page, "<p>");
  size_t o = (size_t)(at - page);
  memcpy(s, page, o);
  for (size_t i = 0; i < depth; i++, o += 5)
    memcpy(s + o, "<div>", 5);
  strcpy(s + o, at);
  return s;
}

static void expect_limit(const char *html, size_t len, const pith_options *opt,
                         const char *field) {
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, len, opt, &r), PITH_ERR_LIMIT);
  assert_int_equal(pith_result_status(r), PITH_ERR_LIMIT);
  assert_non_null(strstr(pith_result_message(r), field));
  assert_non_null(strstr(pith_result_message(r), "raise it"));
  assert_null(pith_result_text(r));
  pith_result_free(r);
}

static void test_defaults(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  assert_int_equal(opt.max_depth, PITH_DEFAULT_MAX_DEPTH);
  assert_int_equal(opt.max_output_bytes, PITH_DEFAULT_MAX_OUTPUT_BYTES);
  assert_int_equal(opt.max_millis, PITH_DEFAULT_MAX_MILLIS);
}

static void test_depth(void **state) {
  (void)state;
  char *deep = deep_page(300);
  pith_options opt;
  pith_options_init(&opt);
  opt.max_depth = 200;
  expect_limit(deep, strlen(deep), &opt, "max_depth");
  opt.max_depth = 400;
  pith_result *r = NULL;
  assert_int_equal(pith_extract(deep, strlen(deep), &opt, &r), PITH_OK);
  pith_result_free(r);
  free(deep);
}

static void test_output(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.max_output_bytes = 100;
  expect_limit(page, sizeof page - 1, &opt, "max_output_bytes");
  opt.max_output_bytes = 1000; /* the JSON of clean is about 150 bytes */
  pith_result *r = NULL;
  assert_int_equal(
      pith_clean_text("one line of text\nanother line of text\n", 38, &opt, &r),
      PITH_OK);
  pith_result_free(r);
  opt.max_output_bytes = 10;
  assert_int_equal(
      pith_clean_text("one line of text\nanother line of text\n", 38, &opt, &r),
      PITH_ERR_LIMIT);
  assert_non_null(strstr(pith_result_message(r), "max_output_bytes"));
  pith_result_free(r);
}

static void test_time(void **state) {
  (void)state;
  /* A page big enough to take over a millisecond anywhere. */
  size_t n = 0, cap = 4u << 20;
  char *big = malloc(cap);
  assert_non_null(big);
  n += (size_t)snprintf(big, cap, "<html><body><article>");
  for (int i = 0; n + 200 < cap; i++)
    n += (size_t)snprintf(big + n, cap - n,
                          "<p>Paragraph %d of a long page, with a few words "
                          "so it counts as text.</p>",
                          i);
  pith_options opt;
  pith_options_init(&opt);
  opt.max_millis = 1;
  expect_limit(big, n, &opt, "max_millis");
  free(big);
}

static void test_zero_means_default(void **state) {
  (void)state;
  pith_options opt;
  memset(&opt, 0, sizeof opt);
  pith_result *r = NULL;
  assert_int_equal(pith_extract(page, sizeof page - 1, &opt, &r), PITH_OK);
  pith_result_free(r);
}

static void test_too_large_names_limit(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.max_input_bytes = 10;
  pith_result *r = NULL;
  assert_int_equal(pith_extract(page, sizeof page - 1, &opt, &r),
                   PITH_ERR_TOO_LARGE);
  assert_non_null(strstr(pith_result_message(r), "max_input_bytes = 10"));
  pith_result_free(r);
}

/* The body is escaped into the JSON by pith itself: it must parse back to
 * the very text. */
static void test_json_escapes(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(pith_extract(page, sizeof page - 1, NULL, &r), PITH_OK);
  json_object *obj = json_tokener_parse(pith_result_json(r));
  assert_non_null(obj);
  json_object *text = NULL, *md = NULL;
  assert_true(json_object_object_get_ex(obj, "text", &text));
  assert_true(json_object_object_get_ex(obj, "markdown", &md));
  assert_string_equal(json_object_get_string(text), pith_result_text(r));
  assert_string_equal(json_object_get_string(md), pith_result_markdown(r));
  assert_non_null(strstr(pith_result_json(r), "\\\"You plan"));
  json_object_put(obj);
  pith_result_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_depth),
      cmocka_unit_test(test_output),
      cmocka_unit_test(test_time),
      cmocka_unit_test(test_zero_means_default),
      cmocka_unit_test(test_too_large_names_limit),
      cmocka_unit_test(test_json_escapes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
