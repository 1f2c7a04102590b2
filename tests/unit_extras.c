/* What an extraction adds beside the body: the detected language and the
 * target-language filter, the fingerprint and its distance, the images and
 * the link/table choices, and the warning of a charset that cannot be read
 * (with the detection of one that is not declared). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>
#include <uchardet/uchardet.h>

#include "internal.h"

static const char english[] =
    "The harbour bridge reopened to traffic on Monday morning, six months "
    "after the spring floods damaged two of its supports and forced the city "
    "to close the crossing. Engineers worked through the summer to replace "
    "the damaged piers, and the council said the final cost was close to the "
    "original estimate, despite a shortage of steel in July. Shop owners on "
    "the eastern bank, who said their trade had fallen by half while the "
    "bridge was shut, welcomed the news and planned a street party for the "
    "weekend. Ferry services, which carried commuters during the closure, "
    "will return to their normal timetable from next week.";

static const char german[] =
    "Seit Montag fährt zwischen den beiden Inseln wieder eine Fähre im "
    "Stundentakt. Das neue Schiff bietet Platz für zweihundert Fahrgäste und "
    "ist deutlich leiser als sein Vorgänger, der im vergangenen Herbst nach "
    "einem Maschinenschaden aus dem Verkehr gezogen werden musste. Für die "
    "Bewohner bedeutet die Verbindung vor allem Verlässlichkeit.";

static const char spanish[] =
    "El ayuntamiento aprobó el martes un plan para ampliar el horario de la "
    "biblioteca municipal, que abrirá hasta las nueve de la noche de lunes a "
    "viernes. La medida responde a una encuesta en la que la mayoría de los "
    "vecinos dijo que solo podía acudir después del trabajo.";

/* ---- language ------------------------------------------------------------ */

static void test_language_detect(void **state) {
  (void)state;
  if (!pith_language_available())
    skip();
  assert_string_equal(pith_language_detect(english, strlen(english)), "en");
  assert_string_equal(pith_language_detect(german, strlen(german)), "de");
  assert_string_equal(pith_language_detect(spanish, strlen(spanish)), "es");
  /* Too short to tell. */
  assert_null(pith_language_detect("Hello there, world.", 19));
  assert_null(pith_language_detect(NULL, 0));
}

static void test_language_matches(void **state) {
  (void)state;
  assert_true(pith_language_matches("en", "en"));
  assert_true(pith_language_matches("en-GB", "EN"));
  assert_true(pith_language_matches("pt_BR", "pt-PT"));
  assert_false(pith_language_matches("en", "es"));
  assert_false(pith_language_matches("e", "en"));
  assert_false(pith_language_matches(NULL, "en"));
}

/* A page of paragraphs, no language declared unless lang is given. */
static char *page(const char *lang, const char *body_html) {
  size_t n = strlen(body_html) + 400;
  char *p = malloc(n);
  assert_non_null(p);
  snprintf(p, n,
           "<!DOCTYPE html><html%s%s%s><head><meta charset=\"utf-8\">"
           "<title>A page</title></head><body><nav><a href=\"/\">Home</a> "
           "<a href=\"/news\">News</a></nav><article>%s</article>"
           "<footer>Contact</footer></body></html>",
           lang ? " lang=\"" : "", lang ? lang : "", lang ? "\"" : "",
           body_html);
  return p;
}

static char *paragraphs(const char *text) {
  size_t n = 2 * strlen(text) + 40;
  char *p = malloc(n);
  assert_non_null(p);
  snprintf(p, n, "<p>%s</p>", text);
  return p;
}

static void test_extract_language_source(void **state) {
  (void)state;
  if (!pith_language_available())
    skip();
  char *body = paragraphs(german);
  char *undeclared = page(NULL, body);
  char *declared = page("de-AT", body);
  pith_result *r = NULL;
  assert_int_equal(pith_extract(undeclared, strlen(undeclared), NULL, &r),
                   PITH_OK);
  assert_string_equal(pith_result_field(r, PITH_FIELD_LANGUAGE), "de");
  assert_string_equal(pith_result_field(r, PITH_FIELD_LANGUAGE_SOURCE),
                      "detected");
  assert_non_null(
      strstr(pith_result_json(r), "\"language_source\":\"detected\""));
  pith_result_free(r);
  assert_int_equal(pith_extract(declared, strlen(declared), NULL, &r), PITH_OK);
  assert_string_equal(pith_result_field(r, PITH_FIELD_LANGUAGE), "de");
  assert_string_equal(pith_result_field(r, PITH_FIELD_LANGUAGE_SOURCE),
                      "declared");
  pith_result_free(r);
  free(undeclared);
  free(declared);
  free(body);
}

static void test_target_language(void **state) {
  (void)state;
  if (!pith_language_available())
    skip();
  char *body = paragraphs(spanish);
  char *html = page(NULL, body);
  pith_options opt;
  pith_options_init(&opt);
  opt.target_language = "en";
  pith_result *r = NULL;
  assert_int_equal(pith_extract(html, strlen(html), &opt, &r),
                   PITH_ERR_LANGUAGE);
  assert_int_equal(pith_result_status(r), PITH_ERR_LANGUAGE);
  assert_non_null(strstr(pith_result_message(r), "es (detected)"));
  assert_null(pith_result_text(r));
  pith_result_free(r);
  opt.target_language = "es-MX";
  assert_int_equal(pith_extract(html, strlen(html), &opt, &r), PITH_OK);
  pith_result_free(r);
  /* A page whose language cannot be told is kept. */
  char *short_page = page(NULL, "<p>Ok.</p>");
  opt.target_language = "en";
  pith_status st = pith_extract(short_page, strlen(short_page), &opt, &r);
  assert_int_not_equal(st, PITH_ERR_LANGUAGE);
  assert_null(pith_result_field(r, PITH_FIELD_LANGUAGE_SOURCE));
  pith_result_free(r);
  assert_string_equal(pith_strerror(PITH_ERR_LANGUAGE),
                      "the document is not in the target language");
  free(short_page);
  free(html);
  free(body);
}

/* ---- fingerprint --------------------------------------------------------- */

static void hex(uint64_t v, char out[17]) {
  snprintf(out, 17, "%016llx", (unsigned long long)v);
}

static int distance(const char *a, const char *b) {
  int empty_a = 1, empty_b = 1;
  char x[17], y[17];
  hex(pith_fingerprint(a, strlen(a), &empty_a), x);
  hex(pith_fingerprint(b, strlen(b), &empty_b), y);
  assert_false(empty_a);
  assert_false(empty_b);
  return pith_fingerprint_distance(x, y);
}

static void test_fingerprint_near_and_far(void **state) {
  (void)state;
  char both[2048];
  snprintf(both, sizeof both, "%s\n\n%s", english, english);
  /* Case and punctuation do not count. */
  char shouted[sizeof english];
  for (size_t i = 0; i < sizeof english; i++)
    shouted[i] = english[i] >= 'a' && english[i] <= 'z'
                     ? (char)(english[i] - 'a' + 'A')
                 : english[i] == ',' ? ';'
                                     : english[i];
  assert_int_equal(distance(english, shouted), 0);
  /* One word changed in a paragraph of a hundred: near. */
  char edited[sizeof english];
  memcpy(edited, english, sizeof english);
  char *w = strstr(edited, "Monday");
  memcpy(w, "Friday", 6);
  assert_in_range(distance(english, edited), 0, PITH_NEAR_DUPLICATE_DISTANCE);
  /* Other texts: far. */
  assert_true(distance(english, german) > PITH_NEAR_DUPLICATE_DISTANCE);
  assert_true(distance(english, spanish) > PITH_NEAR_DUPLICATE_DISTANCE);
  assert_true(distance(german, spanish) > PITH_NEAR_DUPLICATE_DISTANCE);
  (void)both;
}

static void test_fingerprint_edges(void **state) {
  (void)state;
  int empty = 0;
  pith_fingerprint("", 0, &empty);
  assert_true(empty);
  pith_fingerprint(" ... -- !", 9, &empty);
  assert_true(empty);
  pith_fingerprint("one", 3, &empty);
  assert_false(empty);
  /* CJK characters are words of their own. */
  const char *ja = "今日は良い天気です";
  pith_fingerprint(ja, strlen(ja), &empty);
  assert_false(empty);
  assert_int_equal(
      pith_fingerprint_distance("0000000000000000", "ffffffffffffffff"), 64);
  assert_int_equal(
      pith_fingerprint_distance("00000000000000F0", "0000000000000010"), 3);
  assert_int_equal(pith_fingerprint_distance("123", "0000000000000000"), -1);
  assert_int_equal(
      pith_fingerprint_distance("000000000000000g", "0000000000000000"), -1);
  assert_int_equal(pith_fingerprint_distance(NULL, "0000000000000000"), -1);
}

/* ---- images, links, tables ---------------------------------------------- */

static const char media_page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Bridge</title></head><body><article>"
    "<figure><img src=\"/img/bridge.jpg\" alt=\"The [new] bridge\">"
    "<figcaption>Photo: Agency</figcaption></figure>"
    "<p>The harbour bridge reopened to traffic on Monday morning, six months "
    "after the spring floods damaged two of its supports, said the <a "
    "href=\"/council\">council</a> in a statement.</p>"
    "<table><tr><th>Pier</th><th>Cost</th></tr><tr><td>East</td>"
    "<td>2.1 m</td></tr><tr><td>West</td><td>1.8 m</td></tr></table>"
    "<p>Engineers worked through the summer to replace the damaged piers, "
    "and the final cost was close to the original estimate, despite a "
    "shortage of steel in July.</p>"
    "<p><img src=\"data:image/png;base64,AAAA\" alt=\"\">"
    "<img src=\"pier (2).jpg\">Shop owners on the eastern bank welcomed the "
    "news and planned a street party for the weekend.</p>"
    "</article></body></html>";

static void test_images_and_choices(void **state) {
  (void)state;
  pith_options opt;
  pith_options_init(&opt);
  opt.url = "https://news.example/2024/bridge.html";
  pith_result *r = NULL;
  assert_int_equal(pith_extract(media_page, strlen(media_page), &opt, &r),
                   PITH_OK);
  assert_int_equal(pith_result_image_count(r), 0);
  assert_null(strstr(pith_result_markdown(r), "!["));
  assert_null(strstr(pith_result_json(r), "\"images\""));
  assert_non_null(strstr(pith_result_markdown(r),
                         "[council](https://news.example/council)"));
  assert_non_null(strstr(pith_result_text(r), "East | 2.1 m"));
  pith_result_free(r);

  opt.images = opt.no_links = opt.no_tables = 1;
  assert_int_equal(pith_extract(media_page, strlen(media_page), &opt, &r),
                   PITH_OK);
  assert_int_equal(pith_result_image_count(r), 2);
  assert_string_equal(pith_result_image_url(r, 0),
                      "https://news.example/img/bridge.jpg");
  assert_string_equal(pith_result_image_alt(r, 0), "The [new] bridge");
  assert_string_equal(pith_result_image_url(r, 1),
                      "https://news.example/2024/pier%20(2).jpg");
  assert_string_equal(pith_result_image_alt(r, 1), "");
  assert_null(pith_result_image_url(r, 2));
  const char *md = pith_result_markdown(r);
  assert_non_null(strstr(md, "![The \\[new\\] bridge]"
                             "(https://news.example/img/bridge.jpg)\n\n"
                             "The harbour bridge"));
  assert_non_null(
      strstr(md, "![](<https://news.example/2024/pier%20(2).jpg>)"));
  assert_non_null(strstr(md, "said the council in a statement"));
  assert_null(strstr(md, "]("
                         "https://news.example/council"));
  assert_null(strstr(pith_result_text(r), "East"));
  assert_null(strstr(md, "East"));
  assert_null(strstr(pith_result_text(r), "!["));
  assert_non_null(strstr(pith_result_json(r),
                         "\"images\":[{\"url\":\"https://news.example/img/"
                         "bridge.jpg\",\"alt\":\"The [new] bridge\"}"));
  pith_result_free(r);
  /* No article: no text, no Markdown, no images. */
  static const char tiny[] = "<html><body><img src=\"/a.jpg\" alt=\"A\">"
                             "<p>Hello.</p></body></html>";
  assert_int_equal(pith_extract(tiny, strlen(tiny), &opt, &r), PITH_NO_ARTICLE);
  assert_int_equal(pith_result_image_count(r), 0);
  assert_non_null(strstr(pith_result_json(r), "\"images\":[]"));
  pith_result_free(r);
}

/* ---- charsets ------------------------------------------------------------ */

/* Russian prose in windows-1251 (each Cyrillic letter one byte 0xC0-0xFF). */
static char *cp1251_page(const char *head) {
  static const char word[] =
      "\xcf\xf0\xe8\xe2\xe5\xf2 "                 /* Привет */
      "\xe3\xee\xf0\xee\xe4 "                     /* город */
      "\xe1\xe8\xe1\xeb\xe8\xee\xf2\xe5\xea\xe0 " /* библиотека */
      "\xee\xf2\xea\xf0\xfb\xeb\xe0\xf1\xfc. ";   /* открылась */
  size_t n = 8192;
  char *p = malloc(n);
  assert_non_null(p);
  size_t o = (size_t)snprintf(p, n,
                              "<html><head>%s<title>T</title></head>"
                              "<body><article><p>",
                              head);
  for (int k = 0; k < 30; k++)
    o += (size_t)snprintf(p + o, n - o, "%s", word);
  snprintf(p + o, n - o, "</p></article></body></html>");
  return p;
}

static void test_charset_detected(void **state) {
  (void)state;
  char *html = cp1251_page("");
  char *out = NULL, charset[32], warning[160];
  size_t len = 0;
  assert_int_equal(pith_decode_to_utf8_warn(html, strlen(html), NULL, &out,
                                            &len, charset, sizeof charset,
                                            warning, sizeof warning),
                   PITH_OK);
  assert_string_equal(charset, "windows-1251");
  assert_string_equal(warning, "");
  assert_non_null(strstr(out, "Привет город"));
  free(out);
  free(html);
}

static void test_charset_unknown_warns(void **state) {
  (void)state;
  char *html = cp1251_page("<meta charset=\"x-unheard-of\">");
  pith_result *r = NULL;
  pith_status st = pith_extract(html, strlen(html), NULL, &r);
  assert_true(st == PITH_OK || st == PITH_NO_ARTICLE);
  assert_int_equal(pith_result_warning_count(r), 1);
  assert_string_equal(pith_result_warning(r, 0),
                      "the declared charset \"x-unheard-of\" is unknown; read "
                      "as windows-1251");
  assert_null(pith_result_warning(r, 1));
  pith_result_free(r);
  /* A label iconv knows: no warning. */
  free(html);
  html = cp1251_page("<meta charset=\"windows-1251\">");
  assert_true(pith_extract(html, strlen(html), NULL, &r) <= PITH_NO_ARTICLE);
  assert_int_equal(pith_result_warning_count(r), 0);
  pith_result_free(r);
  free(html);
  assert_int_equal(pith_result_warning_count(NULL), 0);
}

/* A page of `text` (UTF-8) written in `charset`, declaring none. */
static char *legacy_page(const char *text, const char *charset) {
  char html[4096];
  snprintf(html, sizeof html,
           "<html><head><title>T</title><script>var s = 'caf\xc3\xa9';"
           "</script></head><body><article><p>%s</p><p>%s</p></article>"
           "</body></html>",
           text, text);
  iconv_t cd = iconv_open(charset, "UTF-8");
  assert_true(cd != (iconv_t)-1);
  char *out = calloc(1, sizeof html);
  char *in = html, *o = out;
  size_t il = strlen(html), ol = sizeof html - 1;
  assert_int_not_equal(iconv(cd, &in, &il, &o, &ol), (size_t)-1);
  iconv_close(cd);
  return out;
}

static const char *decoded_charset(const char *page, char *charset) {
  char *out = NULL;
  size_t len = 0;
  assert_int_equal(
      pith_decode_to_utf8(page, strlen(page), NULL, &out, &len, charset, 32),
      PITH_OK);
  free(out);
  return charset;
}

static void test_charset_latin_guesses(void **state) {
  (void)state;
  char charset[32];
  /* Polish and Czech in their own charsets: read as such. */
  char *pl = legacy_page(
      "Władze miasta zapowiedziały, że nowy most na rzece zostanie otwarty "
      "jesienią. Mieszkańcy czekają na tę inwestycję od wielu lat, a korki "
      "w centrum są coraz większe, zaś prace idą zgodnie z planem.",
      "ISO-8859-2");
  assert_string_equal(decoded_charset(pl, charset), "iso-8859-2");
  char *cz = legacy_page(
      "Město oznámilo, že nový most přes řeku bude otevřen na podzim. "
      "Obyvatelé na tuto investici čekají mnoho let a dopravní zácpy v "
      "centru jsou stále větší, říkají úředníci.",
      "CP1250");
  assert_string_equal(decoded_charset(cz, charset), "windows-1250");
  /* English in windows-1252 with a few loanwords and curly quotes: a
   * Central European guess is not borne out. */
  char *en = legacy_page(
      "\u201cThe paté and the crème brûlée were naïve choices,\u201d said the "
      "chef \u2014 a café owner \u2014 who serves the paté with toast. "
      "\u201cNext year we will add a soufflé,\u201d she said, \u201cand "
      "keep the paté.\u201d The critics\u2019 verdict: \u201cdelightful\u201d.",
      "CP1252");
  assert_string_equal(decoded_charset(en, charset), "windows-1252");
  free(pl);
  free(cz);
  free(en);
}

/* A French list in windows-1252 that libuchardet takes for windows-1250:
 * every accent is one the two charsets share, so the guess is refused. */
static void test_charset_latin_guess_refused(void **state) {
  (void)state;
  char page[2048];
  size_t n = (size_t)snprintf(page, sizeof page, "<html><body><ul>");
  for (int i = 1; i <= 16; i++)
    n += (size_t)snprintf(page + n, sizeof page - n,
                          "<li>P\xe2t\xe9 de campagne, %d g</li>", i * 10);
  snprintf(page + n, sizeof page - n, "</ul></body></html>");
  uchardet_t ud = uchardet_new();
  uchardet_handle_data(ud, page, strlen(page));
  uchardet_data_end(ud);
  int guessed_1250 = strcmp(uchardet_get_charset(ud), "WINDOWS-1250") == 0;
  uchardet_delete(ud);
  if (!guessed_1250)
    skip(); /* another libuchardet: the case does not arise */
  char charset[32];
  assert_string_equal(decoded_charset(page, charset), "windows-1252");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_language_detect),
      cmocka_unit_test(test_language_matches),
      cmocka_unit_test(test_extract_language_source),
      cmocka_unit_test(test_target_language),
      cmocka_unit_test(test_fingerprint_near_and_far),
      cmocka_unit_test(test_fingerprint_edges),
      cmocka_unit_test(test_images_and_choices),
      cmocka_unit_test(test_charset_detected),
      cmocka_unit_test(test_charset_latin_guesses),
      cmocka_unit_test(test_charset_latin_guess_refused),
      cmocka_unit_test(test_charset_unknown_warns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
