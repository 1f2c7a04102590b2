/* The small building blocks: the capped buffer, the string helpers and URL
 * resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* ---- buf.c ----------------------------------------------------------------
 */

static void test_buf_append_puts_putc(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 0);
  assert_int_equal(pith_buf_append(&b, "abXX", 2), 0);
  assert_int_equal(pith_buf_puts(&b, "cd"), 0);
  assert_int_equal(pith_buf_putc(&b, 'e'), 0);
  assert_int_equal(b.len, 5);
  assert_string_equal(b.data, "abcde");
  assert_int_equal(b.failed, 0);
  pith_buf_free(&b);
  assert_null(b.data);
}

static void test_buf_nul_terminated_after_partial_append(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 0);
  assert_int_equal(pith_buf_append(&b, "xyz", 2), 0);
  assert_non_null(b.data);
  assert_int_equal(b.data[2], '\0');
  assert_string_equal(b.data, "xy");
  pith_buf_free(&b);
}

static void test_buf_grows_past_initial_capacity(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 0);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(pith_buf_putc(&b, (char)('a' + i % 26)), 0);
  assert_int_equal(b.len, 1000);
  assert_true(b.cap > 1000);
  assert_int_equal(b.data[1000], '\0');
  assert_int_equal(b.data[999], 'a' + 999 % 26);
  assert_int_equal(b.data[0], 'a');
  pith_buf_free(&b);
}

static void test_buf_fills_exactly_to_cap(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 5);
  assert_int_equal(pith_buf_puts(&b, "abcde"), 0);
  assert_int_equal(b.failed, 0);
  assert_string_equal(b.data, "abcde");
  pith_buf_free(&b);
}

static void test_buf_cap_fails_and_sticks(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 5);
  assert_int_equal(pith_buf_puts(&b, "abc"), 0);
  assert_int_equal(pith_buf_puts(&b, "def"), -1);
  assert_int_equal(b.failed, 1);
  /* Once failed, even an append that would fit is refused. */
  assert_int_equal(pith_buf_putc(&b, 'x'), -1);
  assert_int_equal(pith_buf_append(&b, "", 0), -1);
  assert_int_equal(b.len, 3);
  assert_string_equal(b.data, "abc");
  assert_null(pith_buf_detach(&b));
  assert_null(b.data);
}

static void test_buf_detach_empty_gives_empty_string(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 0);
  char *s = pith_buf_detach(&b);
  assert_non_null(s);
  assert_string_equal(s, "");
  free(s);
}

static void test_buf_detach_resets_for_reuse(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 0);
  pith_buf_puts(&b, "first");
  char *s = pith_buf_detach(&b);
  assert_string_equal(s, "first");
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  pith_buf_puts(&b, "second");
  char *t = pith_buf_detach(&b);
  assert_string_equal(t, "second");
  assert_string_equal(s, "first");
  free(s);
  free(t);
}

/* ---- text.c ---------------------------------------------------------------
 */

static void check_norm(const char *in, const char *expected) {
  char *out = pith_text_normalize_space(in, strlen(in));
  assert_non_null(out);
  assert_string_equal(out, expected);
  free(out);
}

/* pith_text_nfc: 0 for text already composed, else the NFC string. */
static void check_nfc(const char *in, int changed, const char *expected) {
  char *out = NULL;
  size_t len = 0;
  assert_int_equal(pith_text_nfc(in, strlen(in), &out, &len), changed);
  if (changed) {
    assert_non_null(out);
    assert_int_equal(len, strlen(expected));
    assert_string_equal(out, expected);
    free(out);
  }
}

static void test_nfc(void **state) {
  (void)state;
  /* ASCII, Latin-1, typographic quotes and dashes: untouched */
  check_nfc("plain text", 0, NULL);
  check_nfc("Gr\xC3\xBC\xC3\x9F"
            "e \xE2\x80\x93 \xE2\x80\x9EZitat\xE2\x80\x9C",
            0, NULL);
  /* e + combining acute composes to one letter */
  check_nfc("caf"
            "e\xCC\x81",
            1, "caf\xC3\xA9");
  /* Bengali RRA (U+09DC), excluded from composition, decomposes */
  check_nfc("\xE0\xA7\x9C", 1, "\xE0\xA6\xA1\xE0\xA6\xBC");
  /* already NFC outside the quick ranges: the same bytes back */
  check_nfc("\xCE\xB1\xCE\xB2", 1, "\xCE\xB1\xCE\xB2");
}

static void test_normalize_ascii_space(void **state) {
  (void)state;
  check_norm("  a \t b\n\n c\r\n", "a b c");
}

static void test_normalize_nbsp(void **state) {
  (void)state;
  check_norm("a\xC2\xA0\xC2\xA0"
             "b",
             "a b");
}

static void test_normalize_thin_space(void **state) {
  (void)state;
  check_norm("10\xE2\x80\x89"
             "000",
             "10 000");
}

static void test_normalize_ideographic_space(void **state) {
  (void)state;
  check_norm("\xE3\x80\x80"
             "a\xE3\x80\x80\xE3\x80\x80"
             "b\xE3\x80\x80",
             "a b");
}

static void test_normalize_trims_unicode_spaces(void **state) {
  (void)state;
  check_norm("\xC2\xA0 x \xE2\x80\x89", "x");
  check_norm(" \xC2\xA0\t", "");
}

static void test_normalize_keeps_other_multibyte(void **state) {
  (void)state;
  /* U+00E9 and U+2014 share lead bytes with spaces but are not spaces. */
  check_norm("caf\xC3\xA9 \xE2\x80\x94 ok", "caf\xC3\xA9 \xE2\x80\x94 ok");
}

static void test_normalize_respects_length(void **state) {
  (void)state;
  char *out = pith_text_normalize_space("abc def", 3);
  assert_non_null(out);
  assert_string_equal(out, "abc");
  free(out);
}

static void test_utf8_length(void **state) {
  (void)state;
  assert_int_equal(pith_utf8_length("", 0), 0);
  assert_int_equal(pith_utf8_length("abc", 3), 3);
  assert_int_equal(pith_utf8_length("h\xC3\xA9llo", 6), 5);
  assert_int_equal(pith_utf8_length("\xE6\x97\xA5\xE6\x9C\xAC", 6), 2);
  assert_int_equal(pith_utf8_length("\xF0\x9D\x84\x9E!", 5), 2);
}

static void test_ascii_strcasestr(void **state) {
  (void)state;
  const char *hay = "Hello World";
  assert_ptr_equal(pith_ascii_strcasestr(hay, "WORLD"), hay + 6);
  assert_ptr_equal(pith_ascii_strcasestr(hay, "hello"), hay);
  assert_ptr_equal(pith_ascii_strcasestr(hay, "lo w"), hay + 3);
  assert_null(pith_ascii_strcasestr(hay, "worlds"));
  assert_null(pith_ascii_strcasestr(hay, "xyz"));
  assert_ptr_equal(pith_ascii_strcasestr(hay, ""), hay);
  assert_null(pith_ascii_strcasestr("", "a"));
}

static void test_utf8_valid_accepts_valid(void **state) {
  (void)state;
  const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E";
  assert_true(pith_utf8_valid(s, strlen(s)));
  assert_true(pith_utf8_valid("", 0));
  /* U+10FFFF, the last code point */
  assert_true(pith_utf8_valid("\xF4\x8F\xBF\xBF", 4));
  /* U+D7FF and U+E000 sit just around the surrogates */
  assert_true(pith_utf8_valid("\xED\x9F\xBF\xEE\x80\x80", 6));
}

static void test_utf8_valid_rejects_overlong(void **state) {
  (void)state;
  assert_false(pith_utf8_valid("\xC0\xAF", 2));
  assert_false(pith_utf8_valid("\xC1\xBF", 2));
  assert_false(pith_utf8_valid("\xE0\x80\xAF", 3));
  assert_false(pith_utf8_valid("\xF0\x80\x80\xAF", 4));
}

static void test_utf8_valid_rejects_surrogate(void **state) {
  (void)state;
  assert_false(pith_utf8_valid("\xED\xA0\x80", 3));
  assert_false(pith_utf8_valid("\xED\xBF\xBF", 3));
}

static void test_utf8_valid_rejects_truncated(void **state) {
  (void)state;
  assert_false(pith_utf8_valid("ab\xE2\x82", 4));
  assert_false(pith_utf8_valid("\xC3", 1));
  /* complete in memory, cut by the length */
  assert_false(pith_utf8_valid("\xC3\xA9", 1));
  assert_false(pith_utf8_valid("\xF0\x9D\x84", 3));
}

static void test_utf8_valid_rejects_above_max(void **state) {
  (void)state;
  assert_false(pith_utf8_valid("\xF4\x90\x80\x80", 4));
  assert_false(pith_utf8_valid("\xF7\xBF\xBF\xBF", 4));
  assert_false(pith_utf8_valid("\xF8\x88\x80\x80\x80", 5));
}

static void test_utf8_valid_rejects_stray_continuation(void **state) {
  (void)state;
  assert_false(pith_utf8_valid("a\x80"
                               "b",
                               3));
  assert_false(pith_utf8_valid("\xC3(", 2));
}

/* ---- text.c: one meaning of sentence, clause, word and prefix ----------- */

static void test_ends_sentence(void **state) {
  (void)state;
  const char *yes[] = {"It rained.",
                       "Did it?",
                       "Yes!  ",
                       "He said \"no.\"",
                       "(See above.)",
                       "雨が降った。",
                       "本当？",
                       "She said \xE2\x80\x9Cgo.\xE2\x80\x9D",
                       "It\xE2\x80\x99s over.\xE2\x80\x99"};
  const char *no[] = {"",
                      "   ",
                      "Related articles",
                      "Read more:",
                      "Items; more;",
                      "He said \"no\"",
                      "A quote\xE2\x80\x9D",
                      "(pictured)"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    assert_true(pith_text_ends_sentence(yes[i], strlen(yes[i])));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    assert_false(pith_text_ends_sentence(no[i], strlen(no[i])));
}

static void test_ends_clause_adds_colon_and_semicolon(void **state) {
  (void)state;
  assert_true(pith_text_ends_clause("Ingredients:", 12));
  assert_true(pith_text_ends_clause("first; ", 7));
  assert_true(pith_text_ends_clause("Done.", 5));
  assert_false(pith_text_ends_clause("More in Politics", 16));
}

static void test_has_sentence_stop(void **state) {
  (void)state;
  assert_true(pith_text_has_sentence_stop("One. Two"));
  assert_true(pith_text_has_sentence_stop("Ends here."));
  assert_true(pith_text_has_sentence_stop("一。二"));
  assert_false(pith_text_has_sentence_stop("v1.2 release notes"));
}

static void test_count_words(void **state) {
  (void)state;
  assert_int_equal(pith_text_count_words("", PITH_UNTIL_NUL), 0);
  assert_int_equal(pith_text_count_words("  one\ttwo\nthree ", PITH_UNTIL_NUL),
                   3);
  assert_int_equal(pith_text_count_words("one two three", 7), 2);
}

static void test_has_prefix_ci_folds_latin1_and_cyrillic(void **state) {
  (void)state;
  assert_true(
      pith_text_has_prefix_ci("READ MORE at x", PITH_UNTIL_NUL, "read more"));
  assert_true(
      pith_text_has_prefix_ci("ÄHNLICHE Artikel", PITH_UNTIL_NUL, "ähnliche"));
  assert_true(
      pith_text_has_prefix_ci("ЧИТАЙТЕ также", PITH_UNTIL_NUL, "читайте"));
  assert_false(pith_text_has_prefix_ci("Read", PITH_UNTIL_NUL, "read more"));
  /* the length bounds the comparison as a NUL would */
  assert_false(pith_text_has_prefix_ci("charset=utf-8", 4, "charset"));
  assert_true(pith_text_has_prefix_ci("CHARSET=utf-8", 7, "charset"));
}

/* The first-byte index finds what a scan of the whole list finds, in list
 * order, for ASCII, Latin-1 and Cyrillic openings, upper or lower case. */
static void test_prefix_list_agrees_with_scan(void **state) {
  (void)state;
  static const char *const phrases[] = {
      "read more", "äh",      "ähnliche", "Upper", "читайте", "read",
      "é",         "related", "r",        "ÿ",     "чи"};
  PITH_PREFIX_LIST(list, phrases);
  static const char *const texts[] = {"READ MORE at x",
                                      "Read",
                                      "read",
                                      "ÄHNLICHE Artikel",
                                      "ähnlich",
                                      "ЧИТАЙТЕ также",
                                      "Чи",
                                      "Upper",
                                      "upper",
                                      "Éric",
                                      "é",
                                      "",
                                      "related",
                                      "ÿ",
                                      "Ÿ",
                                      "x",
                                      "\xC3"};
  size_t n = sizeof phrases / sizeof *phrases;
  for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
    for (size_t len = 0; len <= strlen(texts[t]) + 1; len++) {
      size_t bound = len > strlen(texts[t]) ? PITH_UNTIL_NUL : len;
      size_t want = 0, got = pith_prefix_list_next(&list, texts[t], bound, 0);
      for (size_t from = 0; from <= n; from = want + 1) {
        want = from;
        while (want < n &&
               !pith_text_has_prefix_ci(texts[t], bound, phrases[want]))
          want++;
        assert_int_equal(got, want);
        if (want == n)
          break;
        got = pith_prefix_list_next(&list, texts[t], bound, want + 1);
      }
    }
  }
  assert_int_equal(pith_prefix_list_next(&list, "ReAd on", 7, 0), 5);
  assert_int_equal(pith_prefix_list_next(&list, "Upper", 5, 0), n);
}

static void test_truncate_utf8_on_character_boundary(void **state) {
  (void)state;
  char s[] = "caf\xC3\xA9 au lait";
  pith_text_truncate_utf8(s, 4); /* inside the two bytes of the e acute */
  assert_string_equal(s, "caf");
  char t[] = "two words";
  pith_text_truncate_utf8(t, 4);
  assert_string_equal(t, "two");
}

/* ---- url.c ----------------------------------------------------------------
 */

static void check_resolve(const char *base, const char *ref,
                          const char *expected) {
  char *out = pith_url_resolve(base, ref);
  assert_non_null(out);
  assert_string_equal(out, expected);
  free(out);
}

#define BASE "https://example.com/a/b/page.html"

static void test_url_resolve_relative_path(void **state) {
  (void)state;
  check_resolve(BASE, "other.html", "https://example.com/a/b/other.html");
  check_resolve(BASE, "/root.png", "https://example.com/root.png");
}

static void test_url_resolve_dot_dot(void **state) {
  (void)state;
  check_resolve(BASE, "../up.html", "https://example.com/a/up.html");
  check_resolve(BASE, "../../x/y", "https://example.com/x/y");
}

static void test_url_resolve_absolute_ref(void **state) {
  (void)state;
  check_resolve(BASE, "http://other.org/z?q=1", "http://other.org/z?q=1");
}

static void test_url_resolve_protocol_relative(void **state) {
  (void)state;
  check_resolve(BASE, "//cdn.example.net/img.png",
                "https://cdn.example.net/img.png");
  check_resolve("http://example.com/", "//cdn.example.net/i",
                "http://cdn.example.net/i");
}

static void test_url_resolve_null_base(void **state) {
  (void)state;
  check_resolve(NULL, "https://example.com/p", "https://example.com/p");
  check_resolve("", "https://example.com/p", "https://example.com/p");
}

static void test_url_resolve_nothing_to_resolve(void **state) {
  (void)state;
  assert_null(pith_url_resolve(BASE, NULL));
  assert_null(pith_url_resolve(BASE, ""));
  assert_null(pith_url_resolve(NULL, NULL));
  /* A relative reference with no base has nothing to be relative to. */
  assert_null(pith_url_resolve(NULL, "just/a/path"));
}

static void test_url_resolve_garbage_is_safe(void **state) {
  (void)state;
  static const char *const refs[] = {"http://",
                                     "::::",
                                     "http://[::1",
                                     "ht tp://x y",
                                     "%%%",
                                     "\x01\x02",
                                     "https://exa mple.com/",
                                     "?q",
                                     "#frag",
                                     "http://a:99999999/"};
  static const char *const bases[] = {NULL, BASE, "not a url", "http://"};
  for (size_t i = 0; i < sizeof bases / sizeof *bases; i++)
    for (size_t k = 0; k < sizeof refs / sizeof *refs; k++) {
      char *out = pith_url_resolve(bases[i], refs[k]);
      /* Garbage may resolve or not; the call returns either way, and
       * what it returns is a usable string. */
      if (out)
        assert_true(strlen(out) > 0);
      free(out);
    }
}

static void test_url_resolve_query_only(void **state) {
  (void)state;
  check_resolve(BASE, "?page=2", "https://example.com/a/b/page.html?page=2");
}

/* An in-page anchor stays on the same document. */
static void test_url_resolve_fragment_only(void **state) {
  (void)state;
  char *out = pith_url_resolve(BASE, "#note-1");
  assert_non_null(out);
  assert_string_equal(out, "https://example.com/a/b/page.html#note-1");
  free(out);
}

static void check_host(const char *url, const char *expected) {
  char *out = pith_url_hostname(url);
  assert_non_null(out);
  assert_string_equal(out, expected);
  free(out);
}

static void test_url_hostname_strips_www_and_lowercases(void **state) {
  (void)state;
  check_host("https://WWW.Example.COM/path?x=1", "example.com");
  check_host("http://News.Example.org:8080/x", "news.example.org");
  check_host("https://www2.example.com/", "www2.example.com");
}

static void test_url_hostname_garbage(void **state) {
  (void)state;
  assert_null(pith_url_hostname(NULL));
  assert_null(pith_url_hostname(""));
  assert_null(pith_url_hostname("not a url"));
  assert_null(pith_url_hostname("/relative/path"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_buf_append_puts_putc),
      cmocka_unit_test(test_buf_nul_terminated_after_partial_append),
      cmocka_unit_test(test_buf_grows_past_initial_capacity),
      cmocka_unit_test(test_buf_fills_exactly_to_cap),
      cmocka_unit_test(test_buf_cap_fails_and_sticks),
      cmocka_unit_test(test_buf_detach_empty_gives_empty_string),
      cmocka_unit_test(test_buf_detach_resets_for_reuse),
      cmocka_unit_test(test_nfc),
      cmocka_unit_test(test_normalize_ascii_space),
      cmocka_unit_test(test_normalize_nbsp),
      cmocka_unit_test(test_normalize_thin_space),
      cmocka_unit_test(test_normalize_ideographic_space),
      cmocka_unit_test(test_normalize_trims_unicode_spaces),
      cmocka_unit_test(test_normalize_keeps_other_multibyte),
      cmocka_unit_test(test_normalize_respects_length),
      cmocka_unit_test(test_utf8_length),
      cmocka_unit_test(test_ascii_strcasestr),
      cmocka_unit_test(test_ends_sentence),
      cmocka_unit_test(test_ends_clause_adds_colon_and_semicolon),
      cmocka_unit_test(test_has_sentence_stop),
      cmocka_unit_test(test_count_words),
      cmocka_unit_test(test_has_prefix_ci_folds_latin1_and_cyrillic),
      cmocka_unit_test(test_prefix_list_agrees_with_scan),
      cmocka_unit_test(test_truncate_utf8_on_character_boundary),
      cmocka_unit_test(test_utf8_valid_accepts_valid),
      cmocka_unit_test(test_utf8_valid_rejects_overlong),
      cmocka_unit_test(test_utf8_valid_rejects_surrogate),
      cmocka_unit_test(test_utf8_valid_rejects_truncated),
      cmocka_unit_test(test_utf8_valid_rejects_above_max),
      cmocka_unit_test(test_utf8_valid_rejects_stray_continuation),
      cmocka_unit_test(test_url_resolve_relative_path),
      cmocka_unit_test(test_url_resolve_dot_dot),
      cmocka_unit_test(test_url_resolve_absolute_ref),
      cmocka_unit_test(test_url_resolve_protocol_relative),
      cmocka_unit_test(test_url_resolve_null_base),
      cmocka_unit_test(test_url_resolve_nothing_to_resolve),
      cmocka_unit_test(test_url_resolve_garbage_is_safe),
      cmocka_unit_test(test_url_resolve_query_only),
      cmocka_unit_test(test_url_resolve_fragment_only),
      cmocka_unit_test(test_url_hostname_strips_www_and_lowercases),
      cmocka_unit_test(test_url_hostname_garbage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
