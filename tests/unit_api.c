/* The public API: statuses, messages, result accessors, the JSON rendering,
 * pages without an article, and extraction from several threads at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "pith.h"

static const char article_page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Harbour bridge reopens after repairs</title>"
    "<meta name=\"author\" content=\"Jane Doe\"></head><body>"
    "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a>"
    "</li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
    "<article><h1>Harbour bridge reopens after repairs</h1>"
    "<p>The harbour bridge reopened to traffic on Monday morning, six months "
    "after the spring floods damaged two of its supports and forced the "
    "city to close the crossing.</p>"
    "<p>Engineers worked through the summer to replace the damaged piers, "
    "and the council said the final cost was close to the original "
    "estimate, despite a shortage of steel in July.</p>"
    "<p>Shop owners on the eastern bank, who said their trade had fallen by "
    "half while the bridge was shut, welcomed the news and planned a street "
    "party for the weekend.</p>"
    "<p>Ferry services, which carried commuters during the closure, will "
    "return to their normal timetable from next week.</p>"
    "</article><footer>Contact us. All rights reserved.</footer>"
    "</body></html>";

static const char list_page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Garden notes</title></head><body><main>"
    "<h1>Garden notes</h1>"
    "<p>Spring is the time to prepare the beds, and a little planning now "
    "saves a lot of work in the summer months, when the weeds grow fast.</p>"
    "<h2>What to plant</h2>"
    "<ol><li>Early potatoes, in rows forty centimetres apart</li>"
    "<li>Broad beans, against a fence or a frame</li>"
    "<li>Onion sets, just below the surface</li></ol>"
    "<p>Water the seedlings in the evening, when less is lost to the sun, "
    "and cover them if a late frost is forecast for the night.</p>"
    "<p>Read <a href=\"/guides/compost\">our guide to compost</a> for more "
    "about feeding the soil before planting.</p>"
    "</main></body></html>";

static const char home_page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Example News - Home</title>"
    "<meta name=\"description\" content=\"News from the harbour city.\">"
    "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div class=\"front\"><ul>"
    "<li><a href=\"/a/1\">Harbour bridge reopens after repairs</a></li>"
    "<li><a href=\"/a/2\">Council approves next year's budget</a></li>"
    "<li><a href=\"/a/3\">Schools return to the old sports fields</a></li>"
    "<li><a href=\"/a/4\">Ferry timetable back to normal next week</a></li>"
    "<li><a href=\"/a/5\">Street party planned on the eastern bank</a></li>"
    "<li><a href=\"/a/6\">Steel shortage delays the new station</a></li>"
    "</ul></div></body></html>";

static pith_status extract(const char *html, size_t len, pith_result **r) {
  pith_options opt;
  pith_options_init(&opt);
  return pith_extract(html, len, &opt, r);
}

/* ---- options and statuses ----------------------------------------------- */

static void test_options_init_defaults(void **state) {
  (void)state;
  pith_options opt;
  memset(&opt, 0xAB, sizeof opt);
  pith_options_init(&opt);
  assert_null(opt.url);
  assert_null(opt.content_type);
  assert_int_equal(opt.max_input_bytes, PITH_DEFAULT_MAX_INPUT_BYTES);
  assert_int_equal(opt.max_nodes, PITH_DEFAULT_MAX_NODES);
  pith_options_init(NULL); /* harmless */
}

static void test_extract_null_result(void **state) {
  (void)state;
  assert_int_equal(pith_extract("<p>x</p>", 8, NULL, NULL), PITH_ERR_ARGUMENT);
}

static void test_extract_null_html_with_length(void **state) {
  (void)state;
  pith_result *r = (pith_result *)&r; /* must be reset */
  assert_int_equal(pith_extract(NULL, 10, NULL, &r), PITH_ERR_ARGUMENT);
  assert_null(r);
}

static void test_extract_empty(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(extract("", 0, &r), PITH_ERR_EMPTY);
  assert_non_null(r);
  assert_int_equal(pith_result_status(r), PITH_ERR_EMPTY);
  assert_true(strlen(pith_result_message(r)) > 0);
  assert_int_equal(pith_result_has_article(r), 0);
  pith_result_free(r);
}

static void test_extract_null_html_empty(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(pith_extract(NULL, 0, NULL, &r), PITH_ERR_EMPTY);
  pith_result_free(r);
}

static void test_extract_whitespace_only(void **state) {
  (void)state;
  pith_result *r = NULL;
  const char ws[] = " \t\r\n\n   \f";
  assert_int_equal(extract(ws, sizeof ws - 1, &r), PITH_ERR_EMPTY);
  assert_true(strlen(pith_result_message(r)) > 0);
  pith_result_free(r);
}

static void test_extract_png_not_html(void **state) {
  (void)state;
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10"
                            "\x08\x06\0\0\0\x1f\xf3\xff\x61";
  pith_result *r = NULL;
  assert_int_equal(extract(png, sizeof png - 1, &r), PITH_ERR_NOT_HTML);
  assert_int_equal(pith_result_status(r), PITH_ERR_NOT_HTML);
  assert_true(strlen(pith_result_message(r)) > 0);
  assert_null(pith_result_text(r));
  pith_result_free(r);
}

static void test_extract_too_large(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.max_input_bytes = 100;
  pith_result *r = NULL;
  assert_int_equal(
      pith_extract(article_page, sizeof article_page - 1, &opt, &r),
      PITH_ERR_TOO_LARGE);
  assert_true(strlen(pith_result_message(r)) > 0);
  pith_result_free(r);
  /* at the limit exactly it is read */
  opt.max_input_bytes = sizeof article_page - 1;
  assert_int_equal(
      pith_extract(article_page, sizeof article_page - 1, &opt, &r), PITH_OK);
  pith_result_free(r);
}

static void test_extract_node_limit(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.max_nodes = 5;
  pith_result *r = NULL;
  assert_int_equal(
      pith_extract(article_page, sizeof article_page - 1, &opt, &r),
      PITH_ERR_LIMIT);
  assert_int_equal(pith_result_status(r), PITH_ERR_LIMIT);
  assert_true(strlen(pith_result_message(r)) > 0);
  pith_result_free(r);
}

/* ---- a good article ------------------------------------------------------ */

static json_object *parsed_json(const pith_result *r) {
  const char *s = pith_result_json(r);
  assert_non_null(s);
  json_object *obj = json_tokener_parse(s);
  assert_non_null(obj);
  assert_true(json_object_is_type(obj, json_type_object));
  return obj;
}

/* Finds a decision by stage and rule; its text, or NULL. */
static const char *decision(const pith_result *r, const char *stage,
                            const char *rule) {
  for (size_t i = 0; i < pith_result_decision_count(r); i++)
    if (strcmp(pith_result_decision_stage(r, i), stage) == 0 &&
        strcmp(pith_result_decision_rule(r, i), rule) == 0)
      return pith_result_decision_text(r, i);
  return NULL;
}

/* options.explain records why each part of the page is left out: the nav
 * and footer pruned, every candidate with its verdict; without it there
 * are none, and the body is the same either way. */
static void test_explain_decisions(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  assert_int_equal(opt.explain, 0);
  pith_result *plain = NULL, *r = NULL;
  assert_int_equal(
      pith_extract(article_page, sizeof article_page - 1, &opt, &plain),
      PITH_OK);
  assert_int_equal(pith_result_decision_count(plain), 0);
  assert_null(pith_result_decision_stage(plain, 0));
  opt.explain = 1;
  assert_int_equal(
      pith_extract(article_page, sizeof article_page - 1, &opt, &r), PITH_OK);
  assert_string_equal(pith_result_text(r), pith_result_text(plain));
  const char *nav = decision(r, "prune", "chrome");
  assert_non_null(nav);
  assert_non_null(strstr(nav, "nav: Home News Sport"));
  const char *scored = decision(r, "choose", "scored");
  assert_non_null(scored);
  assert_int_equal(strncmp(scored, "chosen", 6), 0);
  const char *json_ld = decision(r, "choose", "json-ld");
  assert_non_null(json_ld);
  assert_int_equal(strncmp(json_ld, "not run", 7), 0);
  assert_null(pith_result_decision_text(r, pith_result_decision_count(r)));
  pith_result_free(plain);
  pith_result_free(r);
}

static void test_article_ok(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(extract(article_page, sizeof article_page - 1, &r), PITH_OK);
  assert_int_equal(pith_result_status(r), PITH_OK);
  assert_int_equal(pith_result_has_article(r), 1);
  assert_string_equal(pith_result_message(r), "");
  const char *text = pith_result_text(r);
  assert_non_null(text);
  assert_non_null(strstr(text, "The harbour bridge reopened to traffic"));
  assert_non_null(strstr(text, "normal timetable from next week."));
  assert_null(strstr(text, "Home"));
  assert_null(strstr(text, "All rights reserved"));
  assert_int_equal(text[strlen(text) - 1], '\n');
  assert_non_null(pith_result_markdown(r));
  assert_string_equal(pith_result_field(r, PITH_FIELD_TITLE),
                      "Harbour bridge reopens after repairs");
  assert_ptr_equal(pith_result_field(r, PITH_FIELD_TEXT), text);
  pith_result_free(r);
}

static void test_article_json(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(extract(article_page, sizeof article_page - 1, &r), PITH_OK);
  json_object *obj = parsed_json(r);
  json_object *v = NULL;
  assert_true(json_object_object_get_ex(obj, "article", &v));
  assert_true(json_object_get_boolean(v));
  assert_true(json_object_object_get_ex(obj, "title", &v));
  assert_string_equal(json_object_get_string(v),
                      "Harbour bridge reopens after repairs");
  assert_true(json_object_object_get_ex(obj, "text", &v));
  assert_string_equal(json_object_get_string(v), pith_result_text(r));
  assert_true(json_object_object_get_ex(obj, "markdown", &v));
  assert_string_equal(json_object_get_string(v), pith_result_markdown(r));
  assert_true(json_object_object_get_ex(obj, "confidence", &v));
  assert_true(json_object_get_double(v) > 0);
  json_object_put(obj);
  pith_result_free(r);
}

static void test_article_url_fields(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.url = "https://www.example.com/2019/garden/notes.html";
  pith_result *r = NULL;
  assert_int_equal(pith_extract(list_page, sizeof list_page - 1, &opt, &r),
                   PITH_OK);
  assert_string_equal(pith_result_field(r, PITH_FIELD_URL), opt.url);
  assert_string_equal(pith_result_field(r, PITH_FIELD_HOSTNAME), "example.com");
  const char *md = pith_result_markdown(r);
  assert_non_null(
      strstr(md, "[our guide to compost](https://www.example.com/guides/"
                 "compost)"));
  assert_non_null(strstr(pith_result_text(r), "1. Early potatoes"));
  pith_result_free(r);
}

static void test_no_options_uses_defaults(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(
      pith_extract(article_page, sizeof article_page - 1, NULL, &r), PITH_OK);
  pith_result_free(r);
}

/* ---- no article ------------------------------------------------------------
 */

static void test_home_page_no_article(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(extract(home_page, sizeof home_page - 1, &r),
                   PITH_NO_ARTICLE);
  assert_int_equal(pith_result_status(r), PITH_NO_ARTICLE);
  assert_int_equal(pith_result_has_article(r), 0);
  assert_true(strlen(pith_result_message(r)) > 0);
  assert_non_null(pith_result_field(r, PITH_FIELD_TITLE));
  assert_non_null(pith_result_field(r, PITH_FIELD_DESCRIPTION));
  assert_string_equal(pith_result_text(r), "");
  assert_string_equal(pith_result_markdown(r), "");
  json_object *obj = parsed_json(r);
  json_object *v = NULL;
  assert_true(json_object_object_get_ex(obj, "article", &v));
  assert_true(json_object_is_type(v, json_type_boolean));
  assert_false(json_object_get_boolean(v));
  assert_true(json_object_object_get_ex(obj, "title", &v));
  assert_non_null(json_object_get_string(v));
  json_object_put(obj);
  pith_result_free(r);
}

static void test_markup_without_text_no_article(void **state) {
  (void)state;
  pith_result *r = NULL;
  const char html[] = "<html><body><div><img src=\"a.png\"></div></body>"
                      "</html>";
  assert_int_equal(extract(html, sizeof html - 1, &r), PITH_NO_ARTICLE);
  assert_string_equal(pith_result_text(r), "");
  pith_result_free(r);
}

/* ---- deep pages ---------------------------------------------------------- */

/* The article page's body behind `depth` unclosed <font> tags, as old
 * editors wrote them. */
static char *behind_fonts(int depth) {
  const char *body = strstr(article_page, "<article>");
  size_t cap = (size_t)depth * 16 + strlen(article_page) + 1;
  char *html = malloc(cap);
  assert_non_null(html);
  char *w = html;
  w += sprintf(w, "<html><head><title>Harbour bridge reopens after repairs"
                  "</title></head><body>");
  for (int i = 0; i < depth; i++)
    w += sprintf(w, "<font size=\"2\">");
  strcpy(w, body);
  return html;
}

static void test_deep_unclosed_tags_keep_article(void **state) {
  (void)state;
  char *html = behind_fonts(300);
  pith_result *r = NULL;
  pith_status st = extract(html, strlen(html), &r);
  free(html);
  int found =
      st == PITH_OK && strstr(pith_result_text(r), "normal timetable") != NULL;
  pith_result_free(r);
  assert_true(found);
}

static void test_very_deep_page_returns(void **state) {
  (void)state;
  char *html = behind_fonts(100000);
  pith_result *r = NULL;
  pith_status st = extract(html, strlen(html), &r);
  free(html);
  assert_non_null(r);
  assert_int_equal(pith_result_status(r), st);
  assert_true(st == PITH_OK || st == PITH_NO_ARTICLE || st == PITH_ERR_LIMIT);
  pith_result_free(r);
}

/* ---- strings and accessors ------------------------------------------------
 */

static void test_strerror_all_distinct(void **state) {
  (void)state;
  const char *seen[PITH_ERR_LANGUAGE + 1];
  for (int s = PITH_OK; s <= PITH_ERR_LANGUAGE; s++) {
    seen[s] = pith_strerror((pith_status)s);
    assert_non_null(seen[s]);
    assert_true(strlen(seen[s]) > 0);
    for (int k = 0; k < s; k++)
      assert_string_not_equal(seen[k], seen[s]);
  }
  assert_non_null(pith_strerror((pith_status)999));
}

/* The error kind is a contract with every reader of the JSON records:
 * one word per status, the same in pith batch and pith fetch. */
static void test_status_kinds(void **state) {
  (void)state;
  static const char *const expected[] = {
      "ok",          "no_article", "argument",  "nomem",    "empty",
      "not_html",    "too_large",  "parse",     "encoding", "limit",
      "io",          "end",        "warc",      "http",     "decompress",
      "http_status", "json",       "timeout",   "robots",   "dns",
      "connect",     "tls",        "redirects", "bad_url",  "network",
      "proxy",       "internal",   "language"};
  assert_int_equal(sizeof expected / sizeof *expected, PITH_ERR_LANGUAGE + 1);
  for (int s = PITH_OK; s <= PITH_ERR_LANGUAGE; s++) {
    const char *kind = pith_status_kind((pith_status)s);
    assert_string_equal(kind, expected[s]);
    for (const char *c = kind; *c; c++)
      assert_true((*c >= 'a' && *c <= 'z') || *c == '_');
  }
  /* The two that batch and fetch used to name differently. */
  assert_string_equal(pith_status_kind(PITH_ERR_LIMIT), "limit");
  assert_string_equal(pith_status_kind(PITH_ERR_NOMEM), "nomem");
  assert_string_equal(pith_status_kind((pith_status)-1), "unknown");
  assert_string_equal(pith_status_kind((pith_status)999), "unknown");
}

/* A page over a limit carries the status whose kind is "limit". */
static void test_limit_status_kind(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.max_depth = 2;
  pith_result *r = NULL;
  pith_status st = pith_extract(article_page, strlen(article_page), &opt, &r);
  assert_int_equal(st, PITH_ERR_LIMIT);
  assert_string_equal(pith_status_kind(pith_result_status(r)), "limit");
  pith_result_free(r);
}

static void test_result_free_null(void **state) {
  (void)state;
  pith_result_free(NULL);
  assert_int_equal(pith_result_status(NULL), PITH_ERR_ARGUMENT);
  assert_null(pith_result_text(NULL));
  assert_int_equal(pith_result_has_article(NULL), 0);
  assert_string_equal(pith_result_message(NULL), "");
}

static void test_result_field_out_of_range(void **state) {
  (void)state;
  pith_result *r = NULL;
  assert_int_equal(extract(article_page, sizeof article_page - 1, &r), PITH_OK);
  assert_null(pith_result_field(r, PITH_FIELD_COUNT_));
  assert_null(pith_result_field(r, (pith_field)(PITH_FIELD_COUNT_ + 7)));
  assert_null(pith_result_field(r, (pith_field)-1));
  assert_non_null(pith_result_field(r, PITH_FIELD_JSON));
  pith_result_free(r);
}

static void test_version(void **state) {
  (void)state;
  assert_non_null(pith_version());
  assert_string_equal(pith_version(), PITH_VERSION);
}

/* ---- threads ---------------------------------------------------------------
 */

enum { N_PAGES = 3, N_THREADS = 4, N_ROUNDS = 50 };

typedef struct expected {
  const char *html;
  size_t len;
  const char *url;
  pith_status status;
  char *text, *markdown, *json;
} expected;

static expected pages[N_PAGES];

static int same_result(const expected *e, const pith_result *r) {
  return pith_result_status(r) == e->status &&
         strcmp(pith_result_text(r), e->text) == 0 &&
         strcmp(pith_result_markdown(r), e->markdown) == 0 &&
         strcmp(pith_result_json(r), e->json) == 0;
}

static pith_status extract_page(const expected *e, pith_result **r) {
  pith_options opt;
  pith_options_init(&opt);
  opt.url = e->url;
  return pith_extract(e->html, e->len, &opt, r);
}

static int worker(void *arg) {
  int id = *(int *)arg;
  int mismatches = 0;
  for (int i = 0; i < N_ROUNDS; i++) {
    const expected *e = &pages[(i + id) % N_PAGES];
    pith_result *r = NULL;
    extract_page(e, &r);
    if (!r || !same_result(e, r))
      mismatches++;
    pith_result_free(r);
  }
  return mismatches;
}

static void test_threads_match_single_threaded(void **state) {
  (void)state;
  pages[0] = (expected){
      article_page, sizeof article_page - 1, NULL, PITH_OK, NULL, NULL, NULL};
  pages[1] = (expected){list_page,
                        sizeof list_page - 1,
                        "https://example.com/garden/notes",
                        PITH_OK,
                        NULL,
                        NULL,
                        NULL};
  pages[2] = (expected){home_page,
                        sizeof home_page - 1,
                        "https://example.com/",
                        PITH_NO_ARTICLE,
                        NULL,
                        NULL,
                        NULL};
  for (int p = 0; p < N_PAGES; p++) {
    pith_result *r = NULL;
    assert_int_equal(extract_page(&pages[p], &r), pages[p].status);
    pages[p].text = strdup(pith_result_text(r));
    pages[p].markdown = strdup(pith_result_markdown(r));
    pages[p].json = strdup(pith_result_json(r));
    pith_result_free(r);
    assert_non_null(pages[p].text);
    assert_non_null(pages[p].markdown);
    assert_non_null(pages[p].json);
  }
  thrd_t threads[N_THREADS];
  int ids[N_THREADS];
  for (int t = 0; t < N_THREADS; t++) {
    ids[t] = t;
    assert_int_equal(thrd_create(&threads[t], worker, &ids[t]), thrd_success);
  }
  int mismatches = 0;
  for (int t = 0; t < N_THREADS; t++) {
    int res = -1;
    assert_int_equal(thrd_join(threads[t], &res), thrd_success);
    mismatches += res;
  }
  for (int p = 0; p < N_PAGES; p++) {
    free(pages[p].text);
    free(pages[p].markdown);
    free(pages[p].json);
  }
  assert_int_equal(mismatches, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_options_init_defaults),
      cmocka_unit_test(test_extract_null_result),
      cmocka_unit_test(test_extract_null_html_with_length),
      cmocka_unit_test(test_extract_empty),
      cmocka_unit_test(test_extract_null_html_empty),
      cmocka_unit_test(test_extract_whitespace_only),
      cmocka_unit_test(test_extract_png_not_html),
      cmocka_unit_test(test_extract_too_large),
      cmocka_unit_test(test_extract_node_limit),
      cmocka_unit_test(test_article_ok),
      cmocka_unit_test(test_explain_decisions),
      cmocka_unit_test(test_article_json),
      cmocka_unit_test(test_article_url_fields),
      cmocka_unit_test(test_no_options_uses_defaults),
      cmocka_unit_test(test_home_page_no_article),
      cmocka_unit_test(test_markup_without_text_no_article),
      cmocka_unit_test(test_deep_unclosed_tags_keep_article),
      cmocka_unit_test(test_very_deep_page_returns),
      cmocka_unit_test(test_status_kinds),
      cmocka_unit_test(test_limit_status_kind),
      cmocka_unit_test(test_strerror_all_distinct),
      cmocka_unit_test(test_result_free_null),
      cmocka_unit_test(test_result_field_out_of_range),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_threads_match_single_threaded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
