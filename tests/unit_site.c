/* Site profiles and the site-repeat rule: counting pages per host, the
 * thresholds, the lines of the article's own that recur, the profile's
 * text (the same counts give the same bytes, damaged text is refused),
 * and that the order of the pages does not matter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

#define FOOTER "Copyright Example Group. All rights reserved everywhere."
#define TEASER "Council approves the new railway station plans"

/* A page of host `host` (canonical URL), article n, with the site's teaser
 * and footer; `signoff` adds the author's name under the last
 * paragraph. */
static char *page(const char *host, int n, int signoff) {
  char *html = malloc(8192);
  assert_non_null(html);
  snprintf(
      html, 8192,
      "<html><head><title>Story %d</title>"
      "<link rel=canonical href=\"https://%s/story/%d\"></head><body>"
      "<div class=story><h1>Story %d</h1>"
      "<p>Story %d begins: the harbour bridge reopened to traffic on a quiet "
      "Monday morning, six months after the spring floods damaged two of "
      "its supports and forced the city to close the crossing for repairs.</p>"
      "<p>" TEASER "</p>"
      "<p>Engineers of story %d worked through the summer to replace the "
      "damaged piers, and the council said the final cost was close to the "
      "original estimate, despite a shortage of steel in July.</p>"
      "<p>Shop owners on the eastern bank in story %d said their trade had "
      "fallen by half while the bridge was shut, and planned a party.</p>"
      "%s<p>" FOOTER "</p></div></body></html>",
      n, host, n, n, n, n, n, signoff ? "<p>Ross</p>" : "");
  return html;
}

static pith_site_profile *profile_of(const char *host, int pages, int signoff) {
  pith_site_profile *p = pith_site_profile_new();
  assert_non_null(p);
  for (int n = 0; n < pages; n++) {
    char *html = page(host, n, signoff);
    assert_int_equal(pith_site_profile_add_page(p, html, strlen(html), NULL),
                     PITH_OK);
    free(html);
  }
  return p;
}

/* The text of page n extracted with the profile, and the rule of the line
 * holding `line` (NULL when there is none). */
static char *extract_with(const pith_site_profile *p, const char *host, int n,
                          int signoff, const char *line, const char **rule) {
  char *html = page(host, n, signoff);
  pith_options opt;
  pith_options_init(&opt);
  opt.site_profile = p;
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, strlen(html), &opt, &r), PITH_OK);
  free(html);
  *rule = NULL;
  for (size_t i = 0; i < pith_result_line_count(r); i++)
    if (strcmp(pith_result_line_text(r, i), line) == 0)
      *rule = pith_result_line_rule(r, i);
  char *text = strdup(pith_result_text(r));
  pith_result_free(r);
  return text;
}

static void test_rule_is_listed(void **state) {
  (void)state;
  int found = 0;
  for (size_t i = 0; pith_rule_name(i); i++)
    found |= strcmp(pith_rule_name(i), "site-repeat") == 0;
  assert_true(found);
}

static void test_recurring_lines_go(void **state) {
  (void)state;
  pith_site_profile *p = profile_of("news.example.org", 10, 0);
  assert_int_equal(pith_site_profile_pages(p, "news.example.org"), 10);
  assert_int_equal(pith_site_profile_pages(p, "other.example.org"), 0);
  const char *rule;
  char *text = extract_with(p, "news.example.org", 3, 0, FOOTER, &rule);
  assert_string_equal(rule, "site-repeat");
  assert_null(strstr(text, FOOTER));
  assert_null(strstr(text, TEASER));
  assert_non_null(strstr(text, "Story 3 begins"));
  assert_non_null(strstr(text, "Engineers of story 3"));
  assert_non_null(strstr(text, "Shop owners on the eastern bank in story 3"));
  free(text);
  /* another host's page keeps them: the profile knows nothing of it */
  text = extract_with(p, "blog.example.net", 3, 0, FOOTER, &rule);
  assert_string_equal(rule, "content");
  assert_non_null(strstr(text, FOOTER));
  free(text);
  /* the rule can be switched off like any other */
  char *html = page("news.example.org", 3, 0);
  pith_options opt;
  pith_options_init(&opt);
  opt.site_profile = p;
  opt.disabled_rules = "site-repeat";
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, strlen(html), &opt, &r), PITH_OK);
  assert_non_null(strstr(pith_result_text(r), FOOTER));
  pith_result_free(r);
  free(html);
  pith_site_profile_free(p);
}

static void test_thresholds(void **state) {
  (void)state;
  /* two pages are not a site's furniture yet */
  pith_site_profile *p = profile_of("news.example.org", 2, 0);
  const char *rule;
  char *text = extract_with(p, "news.example.org", 0, 0, FOOTER, &rule);
  assert_string_equal(rule, "content");
  free(text);
  pith_site_profile_free(p);
  /* three pages of ten (30 %) are; two of ten are not */
  for (int with = 2; with <= 3; with++) {
    p = profile_of("news.example.org", with, 0);
    for (int n = 0; n < 10 - with; n++) {
      char html[512];
      snprintf(html, sizeof html,
               "<html><head><link rel=canonical "
               "href=\"https://news.example.org/other/%d\"></head><body><p>"
               "An unrelated page number %d of the site, with a paragraph "
               "long enough to be read as an article of its own.</p>"
               "</body></html>",
               n, n);
      assert_int_equal(pith_site_profile_add_page(p, html, strlen(html), NULL),
                       PITH_OK);
    }
    assert_int_equal(pith_site_profile_pages(p, "news.example.org"), 10);
    text = extract_with(p, "news.example.org", 0, 0, FOOTER, &rule);
    assert_string_equal(rule, with == 3 ? "site-repeat" : "content");
    free(text);
    pith_site_profile_free(p);
  }
}

static void test_signoff_stays(void **state) {
  (void)state;
  pith_site_profile *p = profile_of("blog.example.org", 6, 1);
  const char *rule;
  char *text = extract_with(p, "blog.example.org", 2, 1, "Ross", &rule);
  assert_string_equal(rule, "content");
  assert_non_null(strstr(text, "Ross"));
  assert_null(strstr(text, FOOTER));
  free(text);
  pith_site_profile_free(p);
}

static void test_write_read(void **state) {
  (void)state;
  pith_site_profile *whole = profile_of("news.example.org", 6, 0);
  char *a = NULL, *b = NULL;
  size_t alen = 0, blen = 0;
  assert_int_equal(pith_site_profile_write(whole, &a, &alen), PITH_OK);
  assert_int_equal(strlen(a), alen);
  assert_memory_equal(a, "pith-site-profile 1\nhost news.example.org 6 ", 43);
  /* two halves, added in the other order and read into one, give the
   * same bytes */
  pith_site_profile *first = pith_site_profile_new();
  pith_site_profile *second = pith_site_profile_new();
  for (int n = 5; n >= 0; n--) {
    char *html = page("news.example.org", n, 0);
    assert_int_equal(pith_site_profile_add_page(n < 3 ? first : second, html,
                                                strlen(html), NULL),
                     PITH_OK);
    free(html);
  }
  pith_site_profile *merged = pith_site_profile_new();
  char *part = NULL;
  size_t plen = 0;
  char why[128];
  assert_int_equal(pith_site_profile_write(second, &part, &plen), PITH_OK);
  assert_int_equal(pith_site_profile_read(merged, part, plen, why, sizeof why),
                   PITH_OK);
  pith_free(part);
  assert_int_equal(pith_site_profile_write(first, &part, &plen), PITH_OK);
  assert_int_equal(pith_site_profile_read(merged, part, plen, why, sizeof why),
                   PITH_OK);
  pith_free(part);
  assert_int_equal(pith_site_profile_write(merged, &b, &blen), PITH_OK);
  assert_int_equal(alen, blen);
  assert_memory_equal(a, b, alen);
  pith_free(b);
  pith_free(a);
  pith_site_profile_free(whole);
  pith_site_profile_free(first);
  pith_site_profile_free(second);
  pith_site_profile_free(merged);
}

static void test_read_refuses_damage(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "not a profile\n",
      "pith-site-profile 1\nhost a.org 3 1\n",       /* cut short */
      "pith-site-profile 1\nhost a.org 3 1\nzz 2\n", /* bad hash */
      "pith-site-profile 1\nhost a.org 3 1\n00000000000000a1 9\n", /* > 3 */
      "pith-site-profile 1\nhost a.org x 1\n",
      "pith-site-profile 1\nhost  3 1\n",
      "pith-site-profile 1\nhost a.org 3 99999999999\n0000000000000001 1\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    pith_site_profile *p = pith_site_profile_new();
    char why[128];
    assert_int_equal(
        pith_site_profile_read(p, bad[i], strlen(bad[i]), why, sizeof why),
        PITH_ERR_PARSE);
    assert_non_null(strstr(why, "line "));
    pith_site_profile_free(p);
  }
  pith_site_profile *p = pith_site_profile_new();
  static const char good[] = "pith-site-profile 1\nhost a.org 3 1\n"
                             "00000000000000a1 3\n";
  assert_int_equal(pith_site_profile_read(p, good, strlen(good), NULL, 0),
                   PITH_OK);
  assert_int_equal(pith_site_profile_pages(p, "a.org"), 3);
  pith_site_profile_free(p);
  assert_int_equal(pith_site_profile_read(NULL, good, 1, NULL, 0),
                   PITH_ERR_ARGUMENT);
  assert_int_equal(pith_site_profile_add(NULL, NULL), PITH_ERR_ARGUMENT);
  pith_site_profile_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rule_is_listed),
      cmocka_unit_test(test_recurring_lines_go),
      cmocka_unit_test(test_thresholds),
      cmocka_unit_test(test_signoff_stays),
      cmocka_unit_test(test_write_read),
      cmocka_unit_test(test_read_refuses_damage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
