/* Extraction modes and the confidence score: precision mode keeps a subset
 * of balanced mode's blocks, recall mode a superset; the confidence is in
 * 0..1, matches the JSON, and rises with the signals it is made of. */
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
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Night trains return to the northern line</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/travel\">Travel</a></nav>"
    "<article><h1>Night trains return to the northern line</h1>"
    "<p>Weekend edition</p>"
    "<p>The night train between the capital and the northern coast will run "
    "again from December, eight years after the service was cut, the rail "
    "operator said on Tuesday.</p>"
    "<p>Sleeper carriages bought second-hand from a neighbouring country are "
    "being refitted in the depot at Millbrook, where forty workers were "
    "hired for the job this autumn.</p>"
    "<div class=\"teaser\"><p>The first timetable shows three departures a "
    "week, with a fourth added in summer if the demand is there.</p></div>"
    "<p>Tickets go on sale next month. <a href=\"/a/1\">Fares for the "
    "sleeper</a>, <a href=\"/a/2\">the seated carriages</a> and <a "
    "href=\"/a/3\">the bicycle places</a> are <a href=\"/a/4\">listed on the "
    "operator's site</a>.</p>"
    "<p>Travel groups welcomed the decision, saying that a night service "
    "would take thousands of short flights off the route every year and "
    "bring visitors to the coast in winter.</p>"
    "<p>More from the travel desk</p>"
    "</article><footer>All rights reserved.</footer></body></html>";

static pith_result *extract_in(const char *html, pith_mode mode) {
  pith_options opt;
  pith_options_init(&opt);
  opt.mode = mode;
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, strlen(html), &opt, &r), PITH_OK);
  return r;
}

/* Every kept paragraph of `small` is a kept paragraph of `large`. */
static void assert_kept_subset(const pith_result *small,
                               const pith_result *large) {
  for (size_t i = 0; i < pith_result_line_count(small); i++) {
    if (!pith_result_line_kept(small, i))
      continue;
    const char *t = pith_result_line_text(small, i);
    int found = 0;
    for (size_t j = 0; j < pith_result_line_count(large) && !found; j++)
      found = pith_result_line_kept(large, j) &&
              strcmp(pith_result_line_text(large, j), t) == 0;
    if (!found)
      fail_msg("kept in the narrower mode only: %s", t);
  }
}

static void test_options_default_balanced(void **state) {
  (void)state;
  pith_options opt;
  memset(&opt, 0xff, sizeof opt);
  pith_options_init(&opt);
  assert_int_equal(opt.mode, PITH_MODE_BALANCED);
}

static void test_precision_drops_uncertain_blocks(void **state) {
  (void)state;
  pith_result *bal = extract_in(page, PITH_MODE_BALANCED);
  pith_result *pre = extract_in(page, PITH_MODE_PRECISION);
  const char *b = pith_result_text(bal), *p = pith_result_text(pre);
  /* Balanced keeps the kicker and the link-heavy paragraph. */
  assert_non_null(strstr(b, "Weekend edition"));
  assert_non_null(strstr(b, "Tickets go on sale"));
  assert_null(strstr(p, "Weekend edition"));
  assert_null(strstr(p, "Tickets go on sale"));
  assert_non_null(strstr(p, "The night train between the capital"));
  assert_non_null(strstr(p, "Travel groups welcomed the decision"));
  assert_true(strlen(p) < strlen(b));
  assert_kept_subset(pre, bal);
  pith_result_free(bal);
  pith_result_free(pre);
}

static void test_recall_keeps_more(void **state) {
  (void)state;
  pith_result *bal = extract_in(page, PITH_MODE_BALANCED);
  pith_result *rec = extract_in(page, PITH_MODE_RECALL);
  const char *b = pith_result_text(bal), *r = pith_result_text(rec);
  assert_null(strstr(b, "The first timetable"));
  assert_non_null(strstr(r, "The first timetable"));
  assert_true(strlen(r) > strlen(b));
  assert_kept_subset(bal, rec);
  pith_result_free(bal);
  pith_result_free(rec);
}

static double json_confidence(const pith_result *r) {
  json_object *obj = json_tokener_parse(pith_result_json(r)), *v = NULL;
  assert_non_null(obj);
  assert_true(json_object_object_get_ex(obj, "confidence", &v));
  double d = json_object_get_double(v);
  json_object_put(obj);
  return d;
}

static void test_confidence_accessor(void **state) {
  (void)state;
  assert_true(pith_result_confidence(NULL) == 0.0);
  pith_result *r = extract_in(page, PITH_MODE_BALANCED);
  double c = pith_result_confidence(r);
  assert_true(c > 0.0 && c <= 1.0);
  /* The JSON has it to two decimals. */
  double j = json_confidence(r);
  assert_true(j > c - 0.006 && j < c + 0.006);
  pith_result_free(r);

  const char home[] =
      "<html><head><title>Home</title></head><body><ul>"
      "<li><a href=\"/1\">One story</a></li><li><a href=\"/2\">Two</a></li>"
      "</ul></body></html>";
  pith_result *h = NULL;
  assert_int_equal(pith_extract(home, strlen(home), NULL, &h), PITH_NO_ARTICLE);
  assert_true(pith_result_confidence(h) == 0.0);
  pith_result_free(h);
}

/* Builds a page of `paras` numbered paragraphs, in <article> or a plain
 * <div>, with a JSON-LD articleBody that holds the same paragraphs or
 * tells another story. */
static char *make_page(int paras, int article, int json_matches) {
  static const char para[] =
      "The committee met on Thursday to review the plans for the new "
      "library, which will open on the old market square in two years, "
      "and heard from residents who asked for longer opening hours.";
  static const char other[] =
      "Completely different words about a football match that ended in a "
      "draw after the visiting side missed a penalty in the last minute of "
      "play, to the dismay of their travelling supporters.";
  size_t cap = 4096 + 2 * (size_t)paras * (sizeof para + 32);
  char *s = malloc(cap);
  assert_non_null(s);
  size_t n = (size_t)snprintf(
      s, cap,
      "<html><head><title>Library plans</title>"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"articleBody\":\"");
  for (int i = 0; i < paras; i++)
    n += (size_t)snprintf(s + n, cap - n, "Part %d. %s\\n", i + 1,
                          json_matches ? para : other);
  n += (size_t)snprintf(s + n, cap - n, "\"}</script></head><body>%s",
                        article ? "<article>" : "<div class=\"x\">");
  for (int i = 0; i < paras; i++)
    n += (size_t)snprintf(s + n, cap - n, "<p>Part %d. %s</p>", i + 1, para);
  snprintf(s + n, cap - n, "%s</body></html>",
           article ? "</article>" : "</div>");
  return s;
}

static double confidence_of(int paras, int article, int json_matches) {
  char *html = make_page(paras, article, json_matches);
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, strlen(html), NULL, &r), PITH_OK);
  double c = pith_result_confidence(r);
  pith_result_free(r);
  free(html);
  return c;
}

static void test_confidence_signals(void **state) {
  (void)state;
  /* Agreement: the same text in <article> and in a JSON-LD body that
   * matches beats a plain div whose JSON-LD tells another story. */
  double agreed = confidence_of(12, 1, 1);
  double disputed = confidence_of(12, 0, 0);
  assert_true(agreed > disputed + 0.2);
  /* Length: a long body beats a short one, all else equal. */
  assert_true(confidence_of(12, 1, 1) > confidence_of(2, 1, 1));
  assert_true(agreed <= 1.0 && disputed > 0.0);
}

/* A page of `paras` paragraphs of `text`, numbered so none repeats. */
static double confidence_of_text(const char *text, int paras) {
  size_t cap = 1024 + (size_t)paras * (strlen(text) + 32);
  char *html = malloc(cap);
  assert_non_null(html);
  size_t n = (size_t)snprintf(html, cap,
                              "<html><head><meta charset=\"utf-8\"></head>"
                              "<body><div class=\"x\">");
  for (int i = 0; i < paras; i++)
    n += (size_t)snprintf(html + n, cap - n, "<p>%d. %s</p>", i + 1, text);
  snprintf(html + n, cap - n, "</div></body></html>");
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, strlen(html), NULL, &r), PITH_OK);
  double c = pith_result_confidence(r);
  pith_result_free(r);
  free(html);
  return c;
}

static void test_confidence_length_without_spaces(void **state) {
  (void)state;
  /* The same news in Japanese takes half the characters of the English
   * and has no spaces: length is measured in characters, never in
   * space-separated words, and a kana or ideograph weighs like a short
   * word, so the Japanese page is not judged the shorter. */
  static const char ja[] =
      "東京の港で新しい橋の工事が始まり、市は二年後の完成を"
      "目指していると発表した。";
  static const char en[] = "A new bridge is being built at the port of the "
                           "city, officials said today.";
  double c_ja = confidence_of_text(ja, 8);
  double c_en = confidence_of_text(en, 8);
  assert_true(c_ja > c_en);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_options_default_balanced),
      cmocka_unit_test(test_precision_drops_uncertain_blocks),
      cmocka_unit_test(test_recall_keeps_more),
      cmocka_unit_test(test_confidence_accessor),
      cmocka_unit_test(test_confidence_signals),
      cmocka_unit_test(test_confidence_length_without_spaces),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
