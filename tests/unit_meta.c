/* Metadata: JSON-LD, OpenGraph, <meta>, bylines, <time>, URL dates, and the
 * date normaliser, on small hand-written pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void extract(const char *html, const char *url, pith_meta *m) {
  htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), url, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  assert_non_null(doc);
  pith_meta_extract(doc, url, m);
  /* Every field must be a copy: the document goes before the checks. */
  xmlFreeDoc(doc);
}

#define assert_field(actual, expected)                                         \
  do {                                                                         \
    assert_non_null(actual);                                                   \
    assert_string_equal((actual), (expected));                                 \
  } while (0)

static void test_jsonld_news_article(void **state) {
  (void)state;
  const char *html =
      "<html><head><title>Ignored title | Daily Example</title>"
      "<script type=\"application/ld+json\">"
      "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
      "\"headline\":\"Council approves the new bridge\","
      "\"author\":{\"@type\":\"Person\",\"name\":\"Maria Keller\"},"
      "\"datePublished\":\"2019-11-19T10:30:00+01:00\","
      "\"dateModified\":\"2019-11-20T08:00:00+01:00\","
      "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Daily Example\"},"
      "\"image\":{\"@type\":\"ImageObject\",\"url\":\"/img/bridge.jpg\"},"
      "\"articleSection\":\"Local\","
      "\"keywords\":[\"bridge\",\"council\"],"
      "\"description\":\"The vote was close.\","
      "\"inLanguage\":\"en-GB\","
      "\"articleBody\":\"First paragraph.\\n\\nSecond &amp; last.\"}"
      "</script></head><body><h1>Council approves the new bridge</h1>"
      "</body></html>";
  pith_meta m;
  extract(html, "https://news.example.com/local/bridge", &m);
  assert_field(m.title, "Council approves the new bridge");
  assert_field(m.author, "Maria Keller");
  assert_field(m.date, "2019-11-19T10:30:00+01:00");
  assert_field(m.sitename, "Daily Example");
  assert_field(m.image, "https://news.example.com/img/bridge.jpg");
  assert_field(m.categories, "Local");
  assert_field(m.tags, "bridge; council");
  assert_field(m.description, "The vote was close.");
  assert_field(m.language, "en");
  assert_field(m.page_type, "NewsArticle");
  assert_field(m.article_body, "First paragraph.\n\nSecond & last.");
  assert_field(m.url, "https://news.example.com/local/bridge");
  assert_field(m.hostname, "news.example.com");
  pith_meta_free(&m);
  assert_null(m.title);
  pith_meta_free(&m); /* twice is harmless */
}

/* The Yoast style: one @graph, the author and publisher by @id. */
static void test_jsonld_graph(void **state) {
  (void)state;
  const char *html =
      "<html><head><script type='application/ld+json'>"
      "{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"Organization\",\"@id\":\"https://ex.org/#org\","
      "\"name\":\"Example Org\"},"
      "{\"@type\":\"WebSite\",\"@id\":\"https://ex.org/#site\","
      "\"name\":\"Example Site\"},"
      "{\"@type\":\"WebPage\",\"@id\":\"https://ex.org/p/#page\","
      "\"name\":\"Page name - Example Site\","
      "\"datePublished\":\"2020-01-01\"},"
      "{\"@type\":\"Article\",\"@id\":\"https://ex.org/p/#article\","
      "\"headline\":\"Graph headline\","
      "\"author\":{\"@id\":\"https://ex.org/#/person/1\"},"
      "\"publisher\":{\"@id\":\"https://ex.org/#org\"},"
      "\"datePublished\":\"2021-03-04T05:06:07+00:00\","
      "\"mainEntityOfPage\":{\"@id\":\"https://ex.org/p/\"}},"
      "{\"@type\":\"Person\",\"@id\":\"https://ex.org/#/person/1\","
      "\"name\":\"Ann Author\"}]}"
      "</script></head><body></body></html>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.title, "Graph headline");
  assert_field(m.author, "Ann Author");
  assert_field(m.date, "2021-03-04T05:06:07+00:00");
  assert_field(m.sitename, "Example Org");
  assert_field(m.canonical_url, "https://ex.org/p/");
  assert_field(m.hostname, "ex.org");
  assert_field(m.page_type, "Article");
  assert_null(m.url);
  pith_meta_free(&m);
}

static void test_jsonld_type_array_and_authors(void **state) {
  (void)state;
  const char *html =
      "<script type=\"application/ld+json\">[{\"@type\":\"BreadcrumbList\"},"
      "{\"@type\":[\"CreativeWork\",\"http://schema.org/BlogPosting\"],"
      "\"name\":\"Array typed post\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"Alice Smith\"},"
      "{\"@type\":\"Person\",\"name\":\"Bob Jones\"},"
      "{\"@type\":\"Person\",\"name\":\"alice smith\"}],"
      "\"dateCreated\":\"2018-05-06\"}]</script><p>x</p>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.title, "Array typed post");
  assert_field(m.author, "Alice Smith; Bob Jones");
  assert_field(m.page_type, "BlogPosting");
  assert_field(m.date, "2018-05-06");
  pith_meta_free(&m);
}

static void test_published_beats_modified(void **state) {
  (void)state;
  const char *html = "<head><meta property=\"article:modified_time\" "
                     "content=\"2020-02-02T00:00:00Z\">"
                     "<meta property=\"article:published_time\" "
                     "content=\"2019-01-01T12:00:00Z\"></head>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.date, "2019-01-01T12:00:00Z");
  pith_meta_free(&m);

  const char *only_modified =
      "<head><meta property=\"article:modified_time\" "
      "content=\"2020-02-02\"></head><body><time>yesterday</time></body>";
  extract(only_modified, NULL, &m);
  assert_field(m.date, "2020-02-02");
  pith_meta_free(&m);
}

static void test_opengraph_only(void **state) {
  (void)state;
  const char *html =
      "<html><head>"
      "<meta property=\"og:title\" content=\"An open graph title | OG Site\">"
      "<meta property=\"og:site_name\" content=\"OG Site\">"
      "<meta property=\"og:image\" content=\"//cdn.example.net/a.png\">"
      "<meta property=\"og:url\" content=\"https://www.og.example/story/1\">"
      "<meta property=\"og:description\" content=\"  An   OG description "
      "\">"
      "<meta property=\"og:locale\" content=\"de_DE\">"
      "<meta property=\"og:type\" content=\"article\">"
      "<meta property=\"article:published_time\" "
      "content=\"2022-06-07T08:09:10.123Z\">"
      "<meta property=\"article:author\" "
      "content=\"https://www.facebook.com/someone\">"
      "<meta property=\"article:section\" content=\"Sport\">"
      "<meta property=\"article:tag\" content=\"Football\">"
      "<meta property=\"article:tag\" content=\"Cup, Final\">"
      "<meta name=\"twitter:creator\" content=\"@handle\">"
      "</head><body></body></html>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.title, "An open graph title");
  assert_field(m.sitename, "OG Site");
  assert_field(m.canonical_url, "https://www.og.example/story/1");
  assert_field(m.hostname, "og.example");
  assert_field(m.image, "https://cdn.example.net/a.png");
  assert_field(m.description, "An OG description");
  assert_field(m.language, "de");
  assert_field(m.page_type, "article");
  assert_field(m.date, "2022-06-07T08:09:10Z");
  assert_null(m.author); /* a profile URL and a handle are not names */
  assert_field(m.categories, "Sport");
  assert_field(m.tags, "Football; Cup; Final");
  pith_meta_free(&m);
}

static void test_meta_author(void **state) {
  (void)state;
  pith_meta m;
  extract("<meta name=\"author\" content=\"By JANE DOE\">", NULL, &m);
  assert_field(m.author, "Jane Doe");
  pith_meta_free(&m);

  extract("<meta name=\"author\" content=\"Jane Doe and John Roe, "
          "jane@example.com, @jroe\">",
          NULL, &m);
  assert_field(m.author, "Jane Doe; John Roe");
  pith_meta_free(&m);

  extract("<meta name=\"author\" content=\"admin\">"
          "<meta name=\"parsely-author\" content=\"Real Person\">",
          NULL, &m);
  assert_field(m.author, "Real Person");
  pith_meta_free(&m);

  extract("<meta name=\"citation_author\" content=\"Curie, Marie\">"
          "<meta name=\"citation_author\" content=\"Curie, Pierre\">",
          NULL, &m);
  assert_field(m.author, "Curie, Marie; Curie, Pierre");
  pith_meta_free(&m);
}

static void test_byline_element(void **state) {
  (void)state;
  const char *html =
      "<body><div class=\"comments\"><span class=\"author\">Commenter"
      "</span></div><article><h1>Story</h1>"
      "<p class=\"byline\">By <a rel=\"nofollow\">Peter Parker</a> | "
      "November 19, 2019</p><p>Text.</p></article></body>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.author, "Peter Parker");
  pith_meta_free(&m);

  const char *microdata =
      "<body><span itemprop=\"author\" itemscope>"
      "<img src=\"p.jpg\"><span itemprop=\"name\">Mary Jane</span>"
      "<span itemprop=\"jobTitle\">Senior Editor</span></span></body>";
  extract(microdata, NULL, &m);
  assert_field(m.author, "Mary Jane");
  pith_meta_free(&m);

  const char *german =
      "<body><div class=\"article-author\">Von Hans Müller, 19.11.2019"
      "</div></body>";
  extract(german, NULL, &m);
  assert_field(m.author, "Hans Müller");
  pith_meta_free(&m);
}

/* The site's own name, a desk or a company is no author. */
static void test_author_organisations(void **state) {
  (void)state;
  pith_meta m;
  /* The site's name beside the person, and a name that holds it. */
  extract("<meta property=\"og:site_name\" content=\"Harbour Times\">"
          "<meta name=\"author\" content=\"Dana Whitfield, Harbour Times\">",
          "https://harbourtimes.example/a", &m);
  assert_field(m.author, "Dana Whitfield");
  pith_meta_free(&m);
  extract("<meta property=\"og:site_name\" content=\"HT\">"
          "<meta name=\"author\" content=\"Dana Whitfield, HT Business\">",
          NULL, &m);
  assert_field(m.author, "Dana Whitfield");
  pith_meta_free(&m);

  /* The host's name alone, and the JSON-LD organisation that is the
   * site: no author at all rather than the site. */
  extract("<meta name=\"author\" content=\"Harbourtimes\">",
          "https://www.harbourtimes.example/a", &m);
  assert_null(m.author);
  pith_meta_free(&m);
  extract("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
          "\"author\":{\"@type\":\"NewsMediaOrganization\",\"name\":"
          "\"Harbour Times\"},\"publisher\":{\"@type\":\"Organization\","
          "\"name\":\"Harbour Times\"}}</script>",
          NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);
  /* A news agency JSON-LD gives as the author stays. */
  extract("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
          "\"author\":{\"@type\":\"Organization\",\"name\":\"Reuters\"},"
          "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Harbour "
          "Times\"}}</script>",
          NULL, &m);
  assert_field(m.author, "Reuters");
  pith_meta_free(&m);

  /* Desks, companies, "The ...": then the byline's person. */
  extract("<meta name=\"author\" content=\"Harbour Sport Desk\">"
          "<body><p class=\"byline\">By Dana Whitfield</p></body>",
          NULL, &m);
  assert_field(m.author, "Dana Whitfield");
  pith_meta_free(&m);
  extract("<meta name=\"author\" content=\"Kranich Medien GmbH\">", NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);
  extract("<meta name=\"author\" content=\"The Evening Courier\">", NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);

  /* A one-word item beside full names: affiliation, degree or place. */
  extract("<meta name=\"author\" content=\"Dana Whitfield, MD, Lisbon\">", NULL,
          &m);
  assert_field(m.author, "Dana Whitfield");
  pith_meta_free(&m);
  /* A personal site named after its author keeps the author. */
  extract("<meta property=\"og:site_name\" content=\"Dana Whitfield's "
          "notebook\"><meta name=\"author\" content=\"Dana Whitfield\">",
          "https://danawhitfield.example/post", &m);
  assert_field(m.author, "Dana Whitfield");
  pith_meta_free(&m);
  /* Yoast types the owner of a personal site Person and Organization:
   * the publisher is then a person, not the site's organisation. */
  extract("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":"
          "\"BlogPosting\",\"author\":{\"@id\":\"#me\"},\"publisher\":"
          "{\"@id\":\"#me\"}},{\"@type\":[\"Person\",\"Organization\"],"
          "\"@id\":\"#me\",\"name\":\"Mira\"}]}</script>",
          "https://notes.example/post", &m);
  assert_field(m.author, "Mira");
  pith_meta_free(&m);

  /* The company a copyright notice names, without its legal form, is the
   * publisher; a person a notice names (a personal site) stays. */
  extract("<meta name=\"author\" content=\"Harbour Lines\">"
          "<meta name=\"copyright\" content=\"Copyright 2007-2008 Harbour "
          "Lines Ltd. All rights reserved.\">",
          NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);
  extract("<meta name=\"author\" content=\"HTV\">"
          "<meta name=\"copyright\" content=\"&amp;copy; MMVIII, HTV "
          "Corporation\">",
          NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);
  extract("<meta name=\"author\" content=\"Dana Whitfield\">"
          "<meta name=\"copyright\" content=\"(c) 2012 Dana Whitfield\">",
          NULL, &m);
  assert_field(m.author, "Dana Whitfield");
  pith_meta_free(&m);

  /* The <title>'s part beside the headline names the site: it goes from a
   * byline beside a person, but a lone name there is the person a
   * personal site's <title> carries. */
  extract("<title>Tides of the Harbour - Coast Review</title>"
          "<h1>Tides of the Harbour</h1>"
          "<p class=\"byline\">by Mara Quill, Editor, Coast Review</p>",
          NULL, &m);
  assert_field(m.author, "Mara Quill");
  pith_meta_free(&m);
  extract("<title>Tides of the Harbour - Mara Quill</title>"
          "<h1>Tides of the Harbour</h1>"
          "<p class=\"byline\">by Mara Quill</p>",
          NULL, &m);
  assert_field(m.author, "Mara Quill");
  pith_meta_free(&m);
}

/* Labels and dates where a name belongs. */
static void test_author_labels(void **state) {
  (void)state;
  pith_meta m;
  /* A label glued to "by" by markup, in several languages; a user name
   * with digits. */
  extract("<body><p class=\"author\"><span>Beitrag</span><span>von "
          "<b>kai77</b> &raquo; 21.01.2009, 05:42</span></p></body>",
          NULL, &m);
  assert_field(m.author, "kai77");
  pith_meta_free(&m);
  extract("<body><div class=\"byline\"><span>Post author</span>By "
          "<a>Lena Marsh</a></div></body>",
          NULL, &m);
  assert_field(m.author, "Lena Marsh");
  pith_meta_free(&m);
  extract("<body><div class=\"byline\">Publicado por Lena Marsh</div>"
          "</body>",
          NULL, &m);
  assert_field(m.author, "Lena Marsh");
  pith_meta_free(&m);
  extract("<meta name=\"author\" content=\"Analysis by Lena Marsh\">", NULL,
          &m);
  assert_field(m.author, "Lena Marsh");
  pith_meta_free(&m);
  /* "von" inside a name stays. */
  extract("<meta name=\"author\" content=\"Ursula von der Leyen\">", NULL, &m);
  assert_field(m.author, "Ursula von der Leyen");
  pith_meta_free(&m);

  /* The words a cut date leaves behind, and links standing for a name. */
  extract("<body><p class=\"byline\">Monday, November 19, 2012</p></body>",
          NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);
  extract("<body><p class=\"byline\">By Lena Marsh, November 19, 2012</p>"
          "</body>",
          NULL, &m);
  assert_field(m.author, "Lena Marsh");
  pith_meta_free(&m);
  extract("<body><p class=\"byline\">By Jan, 12 May 2020</p></body>", NULL, &m);
  assert_field(m.author, "Jan");
  pith_meta_free(&m);
  extract("<body><span class=\"author\">View Profile</span></body>", NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);

  /* Wire bylines: the name in capitals, then the agency and the place. */
  extract("<body><p class=\"byline\">By LENA MARSH Associated Press "
          "LISBON</p></body>",
          NULL, &m);
  assert_field(m.author, "Lena Marsh");
  pith_meta_free(&m);
  /* Surname first. */
  extract("<meta name=\"author\" content=\"Marsh, Lena J.\">", NULL, &m);
  assert_field(m.author, "Lena J. Marsh");
  pith_meta_free(&m);
  /* A phrase is not a list of names. */
  extract("<meta name=\"author\" content=\"Office of Coastal Planning, "
          "Lisbon\">",
          NULL, &m);
  assert_null(m.author);
  pith_meta_free(&m);
}

static void test_time_element(void **state) {
  (void)state;
  const char *html =
      "<body><aside><time datetime=\"2001-01-01\">old</time></aside>"
      "<time datetime=\"2015-05-05\">sidebar-less first</time>"
      "<div class=\"post-date\"><time datetime=\"2016-06-16T16:06\">June"
      "</time></div></body>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.date, "2016-06-16T16:06:00");
  pith_meta_free(&m);

  extract("<body><time datetime=\"2015-05-05\">x</time></body>", NULL, &m);
  assert_field(m.date, "2015-05-05");
  pith_meta_free(&m);

  extract("<body><time pubdate>19 November 2019</time></body>", NULL, &m);
  assert_field(m.date, "2019-11-19");
  pith_meta_free(&m);

  extract("<body><span class=\"date\">Posted 3.4.2017</span></body>", NULL, &m);
  assert_field(m.date, "2017-04-03");
  pith_meta_free(&m);
}

static void test_date_in_url(void **state) {
  (void)state;
  pith_meta m;
  extract("<p>no dates</p>", "https://example.com/2019/11/19/slug/", &m);
  assert_field(m.date, "2019-11-19");
  pith_meta_free(&m);

  extract("<p>no dates</p>", "https://example.com/news/20200229-leap.html", &m);
  assert_field(m.date, "2020-02-29");
  pith_meta_free(&m);

  /* The URL beats a bare <time>. */
  extract("<time datetime=\"2018-01-02\">x</time>",
          "https://example.com/2019/11/19/slug/", &m);
  assert_field(m.date, "2019-11-19");
  pith_meta_free(&m);

  extract("<p>x</p>", "https://example.com/p/12345678", &m);
  assert_null(m.date);
  pith_meta_free(&m);
}

static void test_date_formats(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"2019-11-19", "2019-11-19"},
      {"2019-11-19T10:30:00Z", "2019-11-19T10:30:00Z"},
      {"2019-11-19T10:30:00.000+0100", "2019-11-19T10:30:00+01:00"},
      {"2019-11-19 10:30", "2019-11-19T10:30:00"},
      {"2019-11-19T10:30-05:00", "2019-11-19T10:30:00-05:00"},
      {"Tue, 19 Nov 2019 10:30:00 GMT", "2019-11-19T10:30:00Z"},
      {"Tue, 19 Nov 2019 10:30:00 +0100", "2019-11-19T10:30:00+01:00"},
      {"November 19, 2019", "2019-11-19"},
      {"Nov. 19th, 2019", "2019-11-19"},
      {"November 19, 2019 at 3:05 pm EST", "2019-11-19T15:05:00-05:00"},
      {"19 November 2019", "2019-11-19"},
      {"19. November 2019", "2019-11-19"},
      {"le 1er mars 2020", "2020-03-01"},
      {"19 de noviembre de 2019", "2019-11-19"},
      {"19. März 2019", "2019-03-19"},
      {"2019/11/19", "2019-11-19"},
      {"19.11.2019", "2019-11-19"},
      {"11/19/2019", "2019-11-19"},
      {"20191119", "2019-11-19"},
      {"2019年11月19日", "2019-11-19"},
      {"Published: 2019-11-19", "2019-11-19"},
      {"1995-01-01", "1995-01-01"},
  };
  char out[64];
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    memset(out, 0, sizeof out);
    if (!pith_meta_parse_date(cases[i].in, out, sizeof out))
      fail_msg("no date in \"%s\"", cases[i].in);
    if (strcmp(out, cases[i].out) != 0)
      fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].in, out,
               cases[i].out);
  }
  /* Too small for a timestamp: the date alone. */
  char small[11];
  assert_int_equal(
      pith_meta_parse_date("2019-11-19T10:30:00Z", small, sizeof small), 1);
  assert_string_equal(small, "2019-11-19");
}

static void test_date_rejected(void **state) {
  (void)state;
  static const char *const bad[] = {
      "1990-05-05", "2150-01-01", "2019-02-30", "2019-13-01",    "yesterday",
      "",           "12345678",   "19.11.19",   "November 2019",
  };
  char out[64];
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (pith_meta_parse_date(bad[i], out, sizeof out))
      fail_msg("\"%s\" parsed as \"%s\"", bad[i], out);
  assert_int_equal(pith_meta_parse_date(NULL, out, sizeof out), 0);
  assert_int_equal(pith_meta_parse_date("2019-11-19", out, 5), 0);

  pith_meta m;
  extract("<meta property=\"article:published_time\" content=\"1970-01-01\">",
          NULL, &m);
  assert_null(m.date);
  pith_meta_free(&m);
}

static void test_broken_jsonld(void **state) {
  (void)state;
  const char *html =
      "<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"headline\":\"Cut off</script>"
      "<script type=\"application/ld+json\">not json at all</script>"
      "<script type=\"application/ld+json\"></script>"
      "<script type=\"application/ld+json\">"
      "{\"@type\":\"NewsArticle\",\"author\":42,\"headline\":[1,2],"
      "\"image\":{\"url\":7},\"keywords\":{\"a\":1}}</script>"
      "<meta property=\"og:title\" content=\"Fallback title\"></head>";
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.title, "Fallback title");
  assert_null(m.author);
  assert_null(m.image);
  assert_null(m.tags);
  pith_meta_free(&m);

  /* Wrapped in a comment / CDATA, as some CMSs do. */
  extract("<script type=\"application/ld+json\">//<![CDATA[\n"
          "{\"@type\":\"Article\",\"headline\":\"Wrapped\"}\n//]]></script>",
          NULL, &m);
  assert_field(m.title, "Wrapped");
  pith_meta_free(&m);
}

static void test_hostile_jsonld(void **state) {
  (void)state;
  size_t depth = 100000;
  pith_buf b;
  pith_buf_init(&b, 0);
  pith_buf_puts(&b, "<script type=\"application/ld+json\">");
  for (size_t i = 0; i < depth; i++)
    pith_buf_puts(&b, "{\"a\":[");
  for (size_t i = 0; i < depth; i++)
    pith_buf_puts(&b, "]}");
  pith_buf_puts(&b,
                "</script><script type=\"application/ld+json\">"
                "{\"@type\":\"Article\",\"headline\":\"Still read\"}</script>");
  /* Many blocks: only the first few are parsed. */
  for (size_t i = 0; i < 5000; i++)
    pith_buf_puts(&b, "<script type=\"application/ld+json\">{\"@type\":"
                      "\"Article\",\"headline\":\"Later\"}</script>");
  char *html = pith_buf_detach(&b);
  assert_non_null(html);
  pith_meta m;
  extract(html, NULL, &m);
  assert_field(m.title, "Still read");
  pith_meta_free(&m);
  free(html);

  /* A huge headline is capped, not copied whole. */
  size_t n = 1 << 20;
  char *big = malloc(n + 200);
  assert_non_null(big);
  strcpy(big, "<meta property=\"og:title\" content=\"");
  size_t off = strlen(big);
  memset(big + off, 'x', n);
  strcpy(big + off + n, "\">");
  extract(big, NULL, &m);
  assert_non_null(m.title);
  assert_true(strlen(m.title) <= 1024);
  pith_meta_free(&m);
  free(big);
}

static void test_canonical_and_image(void **state) {
  (void)state;
  const char *html =
      "<head><link rel=\"canonical\" href=\"/news/story?id=7\">"
      "<meta property=\"og:url\" content=\"https://other.example/x\">"
      "<meta name=\"twitter:image\" content=\"../img/t.jpg\">"
      "</head>";
  pith_meta m;
  extract(html, "https://www.site.example/a/b/page.html", &m);
  assert_field(m.canonical_url, "https://www.site.example/news/story?id=7");
  assert_field(m.hostname, "site.example");
  assert_field(m.image, "https://www.site.example/a/img/t.jpg");
  assert_field(m.sitename, "site.example");
  pith_meta_free(&m);

  /* No URL known: a relative canonical cannot be made absolute, so og:url
   * is the canonical URL and the base for the image. */
  extract(html, NULL, &m);
  assert_field(m.canonical_url, "https://other.example/x");
  assert_field(m.image, "https://other.example/img/t.jpg");
  pith_meta_free(&m);

  extract("<link rel=\"canonical\" href=\"/only/relative\">"
          "<meta property=\"og:image\" content=\"/i.png\">",
          NULL, &m);
  assert_null(m.canonical_url);
  assert_field(m.image, "/i.png");
  assert_null(m.hostname);
  pith_meta_free(&m);
}

static void test_title_cleaning(void **state) {
  (void)state;
  pith_meta m;
  extract("<title>Mayor opens the new library today | Town Herald</title>",
          NULL, &m);
  assert_field(m.title, "Mayor opens the new library today");
  pith_meta_free(&m);

  extract("<title>Town Herald - Mayor opens the new library today</title>"
          "<meta property=\"og:site_name\" content=\"Town Herald\">",
          NULL, &m);
  assert_field(m.title, "Mayor opens the new library today");
  pith_meta_free(&m);

  /* A dash inside the headline stays when the tail is not a name. */
  extract("<title>Apple releases iOS 13 - here's what's new</title>", NULL, &m);
  assert_field(m.title, "Apple releases iOS 13 - here's what's new");
  pith_meta_free(&m);

  /* The host names the site. */
  extract("<title>Mayor opens the new library - townherald.com</title>",
          "https://townherald.com/x", &m);
  assert_field(m.title, "Mayor opens the new library");
  pith_meta_free(&m);

  /* A single h1 that the <title> contains is the exact headline. */
  extract("<title>Rain: what to expect | Weather Desk | Site</title>"
          "<body><h1>Rain: what to expect</h1></body>",
          NULL, &m);
  assert_field(m.title, "Rain: what to expect");
  pith_meta_free(&m);

  extract("<meta property=\"og:title\" content=\"Big news &amp;amp; more - "
          "Example Daily\"><meta property=\"og:site_name\" "
          "content=\"Example Daily\">",
          NULL, &m);
  assert_field(m.title, "Big news & more");
  pith_meta_free(&m);
}

/* A structured title is trusted when the page confirms or shows it; when
 * the <title> and the <h1> agree on another headline, they win. */
static void test_title_sources_disagree(void **state) {
  (void)state;
  pith_meta m;
  /* JSON-LD headline that is the description, OpenGraph a social line. */
  extract("<title>Ferry timetable changes for winter | Harbour Times</title>"
          "<meta property=\"og:title\" content=\"New ferry times\">"
          "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
          "\"headline\":\"Boats will leave earlier from November.\"}"
          "</script><body><h1>Ferry timetable changes for winter</h1>",
          NULL, &m);
  assert_field(m.title, "Ferry timetable changes for winter");
  pith_meta_free(&m);

  /* The social title is shown on the page (a second heading): kept. */
  extract("<title>Ferry timetable changes for winter | Harbour Times</title>"
          "<meta property=\"og:title\" content=\"Why the boats leave "
          "earlier\"><body><h1>Ferry timetable changes for winter</h1>"
          "<h2>Why the boats leave <em>earlier</em></h2>",
          NULL, &m);
  assert_field(m.title, "Why the boats leave earlier");
  pith_meta_free(&m);

  /* Confirmed by the page, written with other quotes: kept. */
  extract("<title>Harbour\xE2\x80\x99s ferry timetable changes | Harbour "
          "Times</title><meta property=\"og:title\" content=\"Harbour's "
          "ferry timetable changes\"><body><h1>Something else</h1>",
          NULL, &m);
  assert_field(m.title, "Harbour's ferry timetable changes");
  pith_meta_free(&m);

  /* The first structured title is alone; a later one the page confirms. */
  extract("<title>Ferry times change | Harbour Times</title>"
          "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
          "\"headline\":\"Boats will leave earlier from November.\"}"
          "</script><meta name=\"twitter:title\" content=\"Ferry times "
          "change\">",
          NULL, &m);
  assert_field(m.title, "Ferry times change");
  pith_meta_free(&m);

  /* <title> and <h1> decoded with the wrong charset do not outvote. */
  extract("<title>F\xEF\xBF\xBDhre f\xEF\xBF\xBDhrt fr\xEF\xBF\xBDher | "
          "Hafen</title><meta property=\"og:title\" content=\"F\xC3\xA4hre "
          "f\xC3\xA4hrt fr\xC3\xBCher\"><body><h1>F\xEF\xBF\xBDhre "
          "f\xEF\xBF\xBDhrt fr\xEF\xBF\xBDher</h1>",
          NULL, &m);
  assert_field(m.title, "F\xC3\xA4hre f\xC3\xA4hrt fr\xC3\xBCher");
  pith_meta_free(&m);

  /* One word in common is no agreement ("News" is in every title). */
  extract("<title>News | Harbour Times</title><meta property=\"og:title\" "
          "content=\"Ferry times change\"><body><h1>News</h1>",
          NULL, &m);
  assert_field(m.title, "Ferry times change");
  pith_meta_free(&m);
}

/* The page's headings tell the headline part of the <title> from the
 * site's name: a blog's header <h1> is its name, a post's <h2> the title. */
/* A site's name and a colon just before a separator ("Site: - Headline")
 * leaves an empty part after the colon: no part is read past its end. */
static void test_title_colon_before_separator(void **state) {
  (void)state;
  pith_meta m;
  extract("<title>Harbour Notes: - Ferry fares frozen for the summer</title>"
          "<body><h2>Ferry fares frozen for the summer</h2><p>Text.</p>"
          "</body>",
          NULL, &m);
  assert_field(m.title, "Ferry fares frozen for the summer");
  pith_meta_free(&m);
}

static void test_title_from_page_headings(void **state) {
  (void)state;
  pith_meta m;
  /* The other part of the <title> is the post's heading. */
  extract("<title>Seed Notes: Sowing beans on a cold windowsill</title><body>"
          "<h1>Seed Notes</h1><h3>Sowing beans on a cold windowsill</h3>",
          NULL, &m);
  assert_field(m.title, "Sowing beans on a cold windowsill");
  pith_meta_free(&m);
  /* The <h1> names the host. */
  extract("<title>Seed Notes - Sowing beans on a cold windowsill</title>"
          "<body><h1>Seed Notes</h1>",
          "https://seednotes.example/2012/beans", &m);
  assert_field(m.title, "Sowing beans on a cold windowsill");
  pith_meta_free(&m);
  /* A short headline and the site's longer name, shown in a logo: the
   * <h1> is the headline. */
  extract("<title>About bugs - Harbour Games Entertainment</title><body>"
          "<a class=\"logo\">Harbour Games Entertainment</a><h1>About bugs"
          "</h1>",
          NULL, &m);
  assert_field(m.title, "About bugs");
  pith_meta_free(&m);
  /* No <h1>: the part of the <title> the page shows as a heading, not
   * the site's name that stood first; nor a part naming the host. */
  extract("<title>Harbour Times Online: Ferry timetable changes for the "
          "winter</title><body><h2>Ferry timetable changes for the winter"
          "</h2>",
          NULL, &m);
  assert_field(m.title, "Ferry timetable changes for the winter");
  pith_meta_free(&m);
  extract("<title>Ferry times change | Harbour Times Online</title><body>"
          "<h2>Harbour Times Online</h2>",
          "https://harbourtimesonline.example/a", &m);
  assert_field(m.title, "Ferry times change");
  pith_meta_free(&m);
  /* The site's short name after a long headline. */
  extract("<title>Why the town clock runs four minutes slow | Old Town Notes"
          "</title><body><a>Old Town Notes</a><h1>Why the town clock runs "
          "four minutes slow</h1>",
          NULL, &m);
  assert_field(m.title, "Why the town clock runs four minutes slow");
  pith_meta_free(&m);
}

static void test_language(void **state) {
  (void)state;
  pith_meta m;
  extract("<html lang=\"en-US\"><head><meta property=\"og:locale\" "
          "content=\"fr_FR\"></head></html>",
          NULL, &m);
  assert_field(m.language, "en");
  pith_meta_free(&m);

  extract("<html><head><meta property=\"og:locale\" content=\"pt_BR\">"
          "</head></html>",
          NULL, &m);
  assert_field(m.language, "pt");
  pith_meta_free(&m);

  extract("<html lang=\"\"><head><meta http-equiv=\"Content-Language\" "
          "content=\"NL\"></head></html>",
          NULL, &m);
  assert_field(m.language, "nl");
  pith_meta_free(&m);
}

static void test_lists(void **state) {
  (void)state;
  pith_meta m;
  extract("<meta name=\"keywords\" content=\"alpha, beta,  ,Beta; gamma\">"
          "<meta name=\"parsely-section\" content=\"World\">",
          NULL, &m);
  assert_field(m.tags, "alpha; beta; gamma");
  assert_field(m.categories, "World");
  pith_meta_free(&m);

  extract("<script type=\"application/ld+json\">{\"@type\":\"Article\","
          "\"articleSection\":[\"Politics\",\"Europe\"],"
          "\"keywords\":\"eu, vote\"}</script>"
          "<meta name=\"keywords\" content=\"ignored\">",
          NULL, &m);
  assert_field(m.categories, "Politics; Europe");
  assert_field(m.tags, "eu; vote");
  pith_meta_free(&m);
}

static void test_jsonld_entities(void **state) {
  (void)state;
  pith_meta m;
  extract("<script type=\"application/ld+json\">{\"@type\":\"Article\","
          "\"headline\":\"Tom &amp; Jerry&#8217;s &lt;b&gt;day&lt;/b&gt; "
          "&amp;#8211; out\","
          "\"description\":\"<p>Tagged &quot;text&quot;</p>\"}</script>",
          NULL, &m);
  assert_field(m.title, "Tom & Jerry’s day – out");
  assert_field(m.description, "Tagged \"text\"");
  pith_meta_free(&m);
}

static void test_empty_and_null(void **state) {
  (void)state;
  pith_meta m;
  pith_meta_extract(NULL, "https://www.example.org/x", &m);
  assert_field(m.url, "https://www.example.org/x");
  assert_field(m.hostname, "example.org");
  assert_null(m.title);
  pith_meta_free(&m);

  extract("<html></html>", NULL, &m);
  assert_null(m.title);
  assert_null(m.date);
  assert_null(m.url);
  assert_null(m.sitename);
  pith_meta_free(&m);
  pith_meta_free(NULL);
}

static void test_hostile_dom(void **state) {
  (void)state;
  pith_buf b;
  pith_buf_init(&b, 0);
  pith_buf_puts(&b, "<html><head>");
  for (size_t i = 0; i < 20000; i++)
    pith_buf_puts(&b, "<meta name=\"date\" content=\"not a date\">"
                      "<meta property=\"article:tag\" content=\"t\">");
  pith_buf_puts(&b, "</head><body>");
  for (size_t i = 0; i < 5000; i++)
    pith_buf_puts(&b, "<div class=\"author date\" itemprop=\"datePublished\">");
  for (size_t i = 0; i < 20000; i++)
    pith_buf_puts(&b, "<span class=\"byline\"></span><time>soon</time>"
                      "<h1></h1>");
  pith_buf_puts(&b, "</body></html>");
  char *html = pith_buf_detach(&b);
  assert_non_null(html);
  pith_meta m;
  extract(html, NULL, &m);
  assert_null(m.author);
  assert_null(m.date);
  assert_field(m.tags, "t");
  pith_meta_free(&m);
  free(html);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_jsonld_news_article),
      cmocka_unit_test(test_jsonld_graph),
      cmocka_unit_test(test_jsonld_type_array_and_authors),
      cmocka_unit_test(test_published_beats_modified),
      cmocka_unit_test(test_opengraph_only),
      cmocka_unit_test(test_meta_author),
      cmocka_unit_test(test_byline_element),
      cmocka_unit_test(test_author_organisations),
      cmocka_unit_test(test_author_labels),
      cmocka_unit_test(test_time_element),
      cmocka_unit_test(test_date_in_url),
      cmocka_unit_test(test_date_formats),
      cmocka_unit_test(test_date_rejected),
      cmocka_unit_test(test_broken_jsonld),
      cmocka_unit_test(test_hostile_jsonld),
      cmocka_unit_test(test_hostile_dom),
      cmocka_unit_test(test_canonical_and_image),
      cmocka_unit_test(test_title_cleaning),
      cmocka_unit_test(test_title_sources_disagree),
      cmocka_unit_test(test_title_from_page_headings),
      cmocka_unit_test(test_title_colon_before_separator),
      cmocka_unit_test(test_language),
      cmocka_unit_test(test_lists),
      cmocka_unit_test(test_jsonld_entities),
      cmocka_unit_test(test_empty_and_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
