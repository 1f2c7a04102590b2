/* robots.txt parsing and matching (RFC 9309), including the examples of
 * the RFC itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "robots.h"

static robots *parse(const char *text, const char *agent) {
  robots *r = pith_robots_parse(text, strlen(text), agent);
  assert_non_null(r);
  return r;
}

static void test_empty_file_allows_everything(void **state) {
  (void)state;
  robots *r = parse("", "pith");
  assert_int_equal(pith_robots_allowed(r, "/"), 1);
  assert_int_equal(pith_robots_allowed(r, "/private/x"), 1);
  assert_int_equal(pith_robots_rule_count(r), 0);
  pith_robots_free(r);
}

static void test_star_group_applies_to_everyone(void **state) {
  (void)state;
  robots *r = parse("User-agent: *\nDisallow: /private/\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/private/a.html"), 0);
  assert_int_equal(pith_robots_allowed(r, "/private"), 1);
  assert_int_equal(pith_robots_allowed(r, "/public/a.html"), 1);
  pith_robots_free(r);
}

static void test_own_group_replaces_star_group(void **state) {
  (void)state;
  const char *text = "User-agent: *\n"
                     "Disallow: /\n"
                     "\n"
                     "User-agent: Pith\n"
                     "Disallow: /secret\n";
  robots *r = parse(text, "pith");
  assert_int_equal(pith_robots_allowed(r, "/news"), 1);
  assert_int_equal(pith_robots_allowed(r, "/secret/1"), 0);
  pith_robots_free(r);
  /* Another crawler gets the "*" group. */
  r = parse(text, "otherbot");
  assert_int_equal(pith_robots_allowed(r, "/news"), 0);
  pith_robots_free(r);
}

static void test_agent_token_ignores_version_and_case(void **state) {
  (void)state;
  robots *r = parse("user-AGENT: PITH/1.0\ndisallow: /x\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/x"), 0);
  pith_robots_free(r);
  /* "pithy" is another crawler. */
  r = parse("User-agent: pithy\nDisallow: /x\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/x"), 1);
  pith_robots_free(r);
}

static void test_groups_for_the_same_agent_merge(void **state) {
  (void)state;
  robots *r = parse("User-agent: pith\nDisallow: /a\n"
                    "User-agent: other\nDisallow: /b\n"
                    "User-agent: pith\nDisallow: /c\n",
                    "pith");
  assert_int_equal(pith_robots_allowed(r, "/a"), 0);
  assert_int_equal(pith_robots_allowed(r, "/b"), 1);
  assert_int_equal(pith_robots_allowed(r, "/c"), 0);
  assert_int_equal(pith_robots_rule_count(r), 2);
  pith_robots_free(r);
}

static void test_consecutive_agent_lines_share_a_group(void **state) {
  (void)state;
  robots *r = parse("User-agent: a\nUser-agent: pith\nDisallow: /z\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/z"), 0);
  pith_robots_free(r);
}

static void test_longest_match_wins(void **state) {
  (void)state;
  robots *r = parse("User-agent: *\n"
                    "Disallow: /shop\n"
                    "Allow: /shop/open\n"
                    "Disallow: /shop/open/closed\n",
                    "pith");
  assert_int_equal(pith_robots_allowed(r, "/shop/x"), 0);
  assert_int_equal(pith_robots_allowed(r, "/shop/open/1"), 1);
  assert_int_equal(pith_robots_allowed(r, "/shop/open/closed/2"), 0);
  pith_robots_free(r);
}

static void test_equal_length_allow_wins(void **state) {
  (void)state;
  robots *r = parse("User-agent: *\nDisallow: /page\nAllow: /page\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/page"), 1);
  pith_robots_free(r);
}

static void test_wildcards_and_end_anchor(void **state) {
  (void)state;
  robots *r = parse("User-agent: *\n"
                    "Disallow: /*.pdf$\n"
                    "Disallow: /tmp*/cache\n"
                    "Allow: /$\n"
                    "Disallow: /\n",
                    "pith");
  /* RFC 9309 2.2.3: "/$" allows the root only. */
  assert_int_equal(pith_robots_allowed(r, "/"), 1);
  assert_int_equal(pith_robots_allowed(r, "/index.html"), 0);
  pith_robots_free(r);

  r = parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/cache\n",
            "pith");
  assert_int_equal(pith_robots_allowed(r, "/files/a.pdf"), 0);
  assert_int_equal(pith_robots_allowed(r, "/files/a.pdf?x=1"), 1);
  assert_int_equal(pith_robots_allowed(r, "/files/a.pdfx"), 1);
  assert_int_equal(pith_robots_allowed(r, "/tmp123/cache/x"), 0);
  assert_int_equal(pith_robots_allowed(r, "/tmp/a/b/cache"), 0);
  assert_int_equal(pith_robots_allowed(r, "/tmp/a/b/cach"), 1);
  pith_robots_free(r);
}

static void test_empty_disallow_allows(void **state) {
  (void)state;
  robots *r = parse("User-agent: *\nDisallow:\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/anything"), 1);
  pith_robots_free(r);
}

static void test_robots_txt_is_always_allowed(void **state) {
  (void)state;
  robots *r = parse("User-agent: *\nDisallow: /\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/robots.txt"), 1);
  assert_int_equal(pith_robots_allowed(r, "/"), 0);
  pith_robots_free(r);
}

static void test_comments_crlf_bom_and_junk(void **state) {
  (void)state;
  const char text[] = "\xEF\xBB\xBF# a comment\r\n"
                      "this line is junk\r\n"
                      "Sitemap: http://x/sitemap.xml\r\n"
                      "User-agent: * # everyone\r\n"
                      "Crawl-delay: 10\r\n"
                      "Disallow: /a # not /b\r"
                      "Disallow: /c\n";
  robots *r = parse(text, "pith");
  assert_int_equal(pith_robots_allowed(r, "/a"), 0);
  assert_int_equal(pith_robots_allowed(r, "/b"), 1);
  assert_int_equal(pith_robots_allowed(r, "/c"), 0);
  pith_robots_free(r);
}

static void test_rules_before_any_group_are_ignored(void **state) {
  (void)state;
  robots *r = parse("Disallow: /\nUser-agent: *\nDisallow: /x\n", "pith");
  assert_int_equal(pith_robots_allowed(r, "/y"), 1);
  assert_int_equal(pith_robots_allowed(r, "/x"), 0);
  pith_robots_free(r);
}

static void test_percent_encoding_is_normalised(void **state) {
  (void)state;
  /* RFC 9309 2.2.2: a UTF-8 pattern matches the percent-encoded path,
   * and an encoded unreserved character matches the plain one. */
  robots *r = parse("User-agent: *\n"
                    "Disallow: /foo/bar/\xE3\x83\x84\n"
                    "Disallow: /%7ejoe/\n"
                    "Disallow: /a%2fb\n",
                    "pith");
  assert_int_equal(pith_robots_allowed(r, "/foo/bar/%E3%83%84"), 0);
  assert_int_equal(pith_robots_allowed(r, "/foo/bar/%e3%83%84"), 0);
  assert_int_equal(pith_robots_allowed(r, "/~joe/index.html"), 0);
  assert_int_equal(pith_robots_allowed(r, "/a%2Fb"), 0);
  /* An encoded slash is not a path separator. */
  assert_int_equal(pith_robots_allowed(r, "/a/b"), 1);
  pith_robots_free(r);
}

static void test_binary_input_is_safe(void **state) {
  (void)state;
  char junk[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof junk; i++) {
    x = x * 1103515245u + 12345u;
    junk[i] = (char)(x >> 16);
  }
  robots *r = pith_robots_parse(junk, sizeof junk, "pith");
  assert_non_null(r);
  (void)pith_robots_allowed(r, "/x");
  pith_robots_free(r);
  r = pith_robots_parse(NULL, 0, NULL);
  assert_non_null(r);
  assert_int_equal(pith_robots_allowed(r, "/x"), 1);
  pith_robots_free(r);
}

static void test_many_wildcards_stay_fast(void **state) {
  (void)state;
  /* A hostile pattern against a long path: bounded by pattern x path. */
  char text[3000] = "User-agent: *\nDisallow: /";
  size_t n = strlen(text);
  for (int i = 0; i < 1000; i++) {
    text[n++] = '*';
    text[n++] = 'a';
  }
  text[n++] = 'b';
  text[n] = '\0';
  char path[20002];
  path[0] = '/';
  memset(path + 1, 'a', 20000);
  path[20001] = '\0';
  robots *r = parse(text, "pith");
  assert_int_equal(pith_robots_allowed(r, path), 1);
  pith_robots_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_file_allows_everything),
      cmocka_unit_test(test_star_group_applies_to_everyone),
      cmocka_unit_test(test_own_group_replaces_star_group),
      cmocka_unit_test(test_agent_token_ignores_version_and_case),
      cmocka_unit_test(test_groups_for_the_same_agent_merge),
      cmocka_unit_test(test_consecutive_agent_lines_share_a_group),
      cmocka_unit_test(test_longest_match_wins),
      cmocka_unit_test(test_equal_length_allow_wins),
      cmocka_unit_test(test_wildcards_and_end_anchor),
      cmocka_unit_test(test_empty_disallow_allows),
      cmocka_unit_test(test_robots_txt_is_always_allowed),
      cmocka_unit_test(test_comments_crlf_bom_and_junk),
      cmocka_unit_test(test_rules_before_any_group_are_ignored),
      cmocka_unit_test(test_percent_encoding_is_normalised),
      cmocka_unit_test(test_binary_input_is_safe),
      cmocka_unit_test(test_many_wildcards_stay_fast),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
