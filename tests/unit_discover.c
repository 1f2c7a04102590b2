/* Reading sitemaps, feeds, robots.txt and HTML pages into URLs
 * (pith_discover_read), and the URL normalisation of discovery: the
 * formats, the sitemaps.org limits, and hostile documents (entities, an
 * external DTD, gzip bombs, damaged gzip). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/xmlreader.h>
#include <zlib.h>

#include "discover.h"

typedef struct found {
  char urls[64][256];
  discover_item items[64];
  size_t count;
} found;

static pith_status collect(void *ctx, discover_item item, const char *url) {
  found *f = ctx;
  if (f->count < 64) {
    snprintf(f->urls[f->count], sizeof f->urls[0], "%s", url);
    f->items[f->count] = item;
  }
  f->count++;
  return PITH_OK;
}

static pith_status read_doc(pith_source_kind kind, const char *doc, size_t len,
                            const char *ct, size_t max_bytes, size_t max_urls,
                            found *f, char *msg) {
  memset(f, 0, sizeof *f);
  return pith_discover_read(kind, doc, len, ct, max_bytes, max_urls, collect, f,
                            msg, 256);
}

#define MAXB PITH_SITEMAP_MAX_BYTES
#define MAXU PITH_SITEMAP_MAX_URLS

static void test_urlset_and_index(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *set =
      "<?xml version=\"1.0\"?>\n<urlset "
      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc> http://a.example/1 </loc><lastmod>2024-01-01</lastmod>"
      "</url><url><loc>http://a.example/2?x=1&amp;y=2</loc></url>"
      "<url><priority>0.5</priority></url></urlset>";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, set, strlen(set), NULL, MAXB,
                            MAXU, &f, msg),
                   PITH_OK);
  assert_int_equal(f.count, 2);
  assert_string_equal(f.urls[0], "http://a.example/1");
  assert_string_equal(f.urls[1], "http://a.example/2?x=1&y=2");
  assert_int_equal(f.items[0], DISCOVER_PAGE);

  const char *index = "<sitemapindex><sitemap><loc>http://a.example/s1.xml"
                      "</loc></sitemap><sitemap><loc>http://a.example/"
                      "s2.xml.gz</loc></sitemap></sitemapindex>";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, index, strlen(index), NULL,
                            MAXB, MAXU, &f, msg),
                   PITH_OK);
  assert_int_equal(f.count, 2);
  assert_int_equal(f.items[1], DISCOVER_SITEMAP);
  assert_string_equal(f.urls[1], "http://a.example/s2.xml.gz");
}

static void test_feeds(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *rss =
      "<rss version=\"2.0\"><channel><link>http://a.example/</link>"
      "<item><link>http://a.example/1</link><guid>http://a.example/g1</guid>"
      "</item><item><guid isPermaLink=\"false\">x</guid></item>"
      "<item><guid>http://a.example/3</guid></item></channel></rss>";
  assert_int_equal(
      read_doc(PITH_SOURCE_FEED, rss, strlen(rss), NULL, MAXB, MAXU, &f, msg),
      PITH_OK);
  /* The channel's own link is no article; one URL per item. */
  assert_int_equal(f.count, 2);
  assert_string_equal(f.urls[0], "http://a.example/1");
  assert_string_equal(f.urls[1], "http://a.example/3");

  const char *atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"/\"/>"
      "<entry><link rel=\"self\" href=\"/self\"/><link rel=\"alternate\" "
      "href=\"/a\"/><link href=\"/b\"/></entry>"
      "<entry><link href=\"/c\"/></entry></feed>";
  assert_int_equal(
      read_doc(PITH_SOURCE_FEED, atom, strlen(atom), NULL, MAXB, MAXU, &f, msg),
      PITH_OK);
  assert_int_equal(f.count, 2);
  assert_string_equal(f.urls[0], "/a");
  assert_string_equal(f.urls[1], "/c");

  const char *rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-"
                    "syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
                    "<channel><link>http://a.example/</link></channel>"
                    "<item><link>http://a.example/r1</link></item></rdf:RDF>";
  assert_int_equal(
      read_doc(PITH_SOURCE_FEED, rdf, strlen(rdf), NULL, MAXB, MAXU, &f, msg),
      PITH_OK);
  assert_int_equal(f.count, 1);
  assert_string_equal(f.urls[0], "http://a.example/r1");
}

static void test_html_page_links_its_feeds(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *page =
      "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/s.css\">"
      "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/a\">"
      "<link rel=\"alternate\" hreflang=\"de\" href=\"/de\">"
      "</head><body><p>x</p></body></html>";
  assert_int_equal(read_doc(PITH_SOURCE_FEED, page, strlen(page), "text/html",
                            MAXB, MAXU, &f, msg),
                   PITH_OK);
  assert_int_equal(f.count, 1);
  assert_int_equal(f.items[0], DISCOVER_FEED);
  assert_string_equal(f.urls[0], "/a");
  const char *none = "<html><head><title>x</title></head></html>";
  assert_int_equal(read_doc(PITH_SOURCE_FEED, none, strlen(none), "text/html",
                            MAXB, MAXU, &f, msg),
                   PITH_ERR_PARSE);
  assert_non_null(strstr(msg, "links no feed"));
}

static void test_text_sitemap_and_robots(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *text = "http://a.example/1\r\n\nhttps://a.example/2\n";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, text, strlen(text), NULL, MAXB,
                            MAXU, &f, msg),
                   PITH_OK);
  assert_int_equal(f.count, 2);
  assert_string_equal(f.urls[1], "https://a.example/2");
  const char *junk = "http://a.example/1\nnot a url\n";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, junk, strlen(junk), NULL, MAXB,
                            MAXU, &f, msg),
                   PITH_ERR_PARSE);
  assert_int_equal(f.count, 0);
  /* a document is a length, not a string: the message quotes the bad line
   * without reading past the buffer's end (the ASan build checks) */
  const char bad[] = "http://a.example/1\nhttp:x";
  char *exact = malloc(sizeof bad - 1);
  assert_non_null(exact);
  memcpy(exact, bad, sizeof bad - 1);
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, exact, sizeof bad - 1, NULL,
                            MAXB, MAXU, &f, msg),
                   PITH_ERR_PARSE);
  free(exact);
  assert_non_null(strstr(msg, "\"http:x\""));
  /* nor past a doctype that ends the document */
  const char doctype[] = "<!DOCTYPE";
  exact = malloc(sizeof doctype - 1);
  assert_non_null(exact);
  memcpy(exact, doctype, sizeof doctype - 1);
  assert_int_not_equal(read_doc(PITH_SOURCE_FEED, exact, sizeof doctype - 1,
                                NULL, MAXB, MAXU, &f, msg),
                       PITH_OK);
  free(exact);

  const char *robots = "User-agent: *\nDisallow: /x\nsitemap: "
                       "http://a.example/s.xml\n  SITEMAP:http://b/t.xml\n";
  assert_int_equal(read_doc(PITH_SOURCE_ROBOTS, robots, strlen(robots), NULL,
                            MAXB, MAXU, &f, msg),
                   PITH_OK);
  assert_int_equal(f.count, 2);
  assert_int_equal(f.items[0], DISCOVER_SITEMAP);
  assert_string_equal(f.urls[1], "http://b/t.xml");
}

static void test_broken_documents(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *cut = "<urlset><url><loc>http://a.example/1</loc></url><url>";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, cut, strlen(cut), NULL, MAXB,
                            MAXU, &f, msg),
                   PITH_ERR_PARSE);
  assert_non_null(strstr(msg, "not well-formed"));
  const char *other = "<html><body>x</body></html>";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, other, strlen(other), NULL,
                            MAXB, MAXU, &f, msg),
                   PITH_ERR_PARSE);
  assert_non_null(strstr(msg, "neither a sitemap nor a feed"));
  const char *json = "{\"items\": []}";
  assert_int_equal(
      read_doc(PITH_SOURCE_FEED, json, strlen(json), NULL, MAXB, MAXU, &f, msg),
      PITH_ERR_PARSE);
  assert_non_null(strstr(msg, "not XML"));
  assert_int_equal(read_doc(PITH_SOURCE_FEED, "", 0, NULL, MAXB, MAXU, &f, msg),
                   PITH_ERR_PARSE);
}

/* A "billion laughs" document: ten levels of ten references each. */
static char *laughs(void) {
  char *doc = malloc(4096);
  size_t o = (size_t)sprintf(doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset "
                                  "[\n<!ENTITY l0 \"lol\">\n");
  for (int i = 1; i <= 9; i++) {
    o += (size_t)sprintf(doc + o, "<!ENTITY l%d \"", i);
    for (int k = 0; k < 10; k++)
      o += (size_t)sprintf(doc + o, "&l%d;", i - 1);
    o += (size_t)sprintf(doc + o, "\">\n");
  }
  sprintf(doc + o, "]>\n<urlset><url><loc>http://a/&l9;</loc></url>"
                   "</urlset>\n");
  return doc;
}

static void test_entities_refused(void **state) {
  (void)state;
  found f;
  char msg[256];
  char *doc = laughs();
  clock_t start = clock();
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, doc, strlen(doc), NULL, MAXB,
                            MAXU, &f, msg),
                   PITH_ERR_PARSE);
  assert_non_null(strstr(msg, "entities"));
  assert_int_equal(f.count, 0);
  /* A generous hang guard: expanded, it would be 3 GB of "lol". */
  assert_true(clock() - start < 10 * CLOCKS_PER_SEC);
  free(doc);
  /* Behind a comment that looks like an element, still refused. */
  const char *hidden = "<?xml version=\"1.0\"?><!-- <urlset> --><?pi <a?>"
                       "<!DOCTYPE urlset [<!ENTITY a \"b\">]>"
                       "<urlset><url><loc>http://a/&a;</loc></url></urlset>";
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, hidden, strlen(hidden), NULL,
                            MAXB, MAXU, &f, msg),
                   PITH_ERR_PARSE);
  assert_non_null(strstr(msg, "entities"));
}

/* The second line of defence, should a document with entities ever reach
 * libxml2: its streaming reader with discovery's options (no NOENT,
 * DTDLOAD or HUGE) neither substitutes the entities nor spends the time
 * and memory of their expansion. libxml2 2.9 gives up on the document
 * ("entity reference loop" or amplification); a later one may keep the
 * references unexpanded. Either way the text it yields stays small. */
static void test_libxml2_reader_does_not_expand(void **state) {
  (void)state;
  char *doc = laughs();
  clock_t start = clock();
  xmlTextReaderPtr x = xmlReaderForMemory(doc, (int)strlen(doc), NULL, NULL,
                                          XML_PARSE_NONET | XML_PARSE_NOERROR |
                                              XML_PARSE_NOWARNING);
  assert_non_null(x);
  size_t text = 0;
  int rc;
  while ((rc = xmlTextReaderRead(x)) == 1) {
    const xmlChar *v = xmlTextReaderConstValue(x);
    if (v && xmlTextReaderNodeType(x) != XML_READER_TYPE_DOCUMENT_TYPE)
      text += strlen((const char *)v);
  }
  xmlFreeTextReader(x);
  free(doc);
  assert_true(text < 4096);
  assert_true(clock() - start < 10 * CLOCKS_PER_SEC);
}

/* An external DTD is never read: its entity's value (a URL that would
 * show) does not reach the output, and the file is not needed. */
static void test_external_dtd_not_loaded(void **state) {
  (void)state;
  char dtd[] = "/tmp/pith_unit_discover_XXXXXX";
  int fd = mkstemp(dtd);
  assert_true(fd >= 0);
  const char *decl = "<!ENTITY leak \"http://leaked.example/\">\n";
  assert_int_equal(write(fd, decl, strlen(decl)), (int)strlen(decl));
  close(fd);
  char doc[512];
  snprintf(doc, sizeof doc,
           "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset SYSTEM \"file://%s\">\n"
           "<urlset><url><loc>&leak;x</loc></url>"
           "<url><loc>http://a.example/ok</loc></url></urlset>",
           dtd);
  found f;
  char msg[256];
  pith_status st = read_doc(PITH_SOURCE_SITEMAP, doc, strlen(doc), NULL, MAXB,
                            MAXU, &f, msg);
  unlink(dtd);
  /* Either refused or read without the entity: never expanded. */
  for (size_t i = 0; i < f.count && i < 64; i++)
    assert_null(strstr(f.urls[i], "leaked"));
  if (st == PITH_OK) {
    assert_int_equal(f.count, 2);
    assert_string_equal(f.urls[1], "http://a.example/ok");
  } else {
    assert_int_equal(st, PITH_ERR_PARSE);
  }
}

static size_t gzip_of(const char *in, size_t len, unsigned char *out,
                      size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(
      deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = (unsigned char *)(uintptr_t)in;
  z.avail_in = (uInt)len;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

static void test_gzip_and_caps(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *set = "<urlset><url><loc>http://a.example/z</loc></url>"
                    "</urlset>";
  unsigned char gz[4096];
  size_t n = gzip_of(set, strlen(set), gz, sizeof gz);
  assert_int_equal(
      read_doc(PITH_SOURCE_SITEMAP, (char *)gz, n, NULL, MAXB, MAXU, &f, msg),
      PITH_OK);
  assert_int_equal(f.count, 1);
  assert_string_equal(f.urls[0], "http://a.example/z");
  /* Damaged: cut in the middle. */
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, (char *)gz, n / 2, NULL, MAXB,
                            MAXU, &f, msg),
                   PITH_ERR_DECOMPRESS);
  /* A bomb: 8 MiB of zeros in a few KB, against a 1 MiB cap. */
  size_t big = (size_t)8 << 20;
  char *zeros = calloc(1, big);
  unsigned char *bomb = malloc(65536);
  n = gzip_of(zeros, big, bomb, 65536);
  free(zeros);
  assert_int_equal(read_doc(PITH_SOURCE_SITEMAP, (char *)bomb, n, NULL, 1 << 20,
                            MAXU, &f, msg),
                   PITH_ERR_TOO_LARGE);
  assert_non_null(strstr(msg, "after gunzip"));
  free(bomb);
  /* Over the cap as fetched. */
  assert_int_equal(
      read_doc(PITH_SOURCE_SITEMAP, set, strlen(set), NULL, 10, MAXU, &f, msg),
      PITH_ERR_TOO_LARGE);
}

static void test_url_limit_keeps_the_first(void **state) {
  (void)state;
  found f;
  char msg[256];
  const char *set = "<urlset><url><loc>http://a/1</loc></url><url><loc>"
                    "http://a/2</loc></url><url><loc>http://a/3</loc></url>"
                    "</urlset>";
  assert_int_equal(
      read_doc(PITH_SOURCE_SITEMAP, set, strlen(set), NULL, MAXB, 2, &f, msg),
      PITH_ERR_LIMIT);
  assert_int_equal(f.count, 2);
  assert_string_equal(f.urls[1], "http://a/2");
}

static void test_normalise(void **state) {
  (void)state;
  static const char *const cases[][3] = {
      {NULL, "HTTP://Example.ORG:80/a/../b#frag", "http://example.org/b"},
      {NULL, "https://example.org:443/", "https://example.org/"},
      {NULL, "https://example.org:8443/x?q=1",
       "https://example.org:8443/x?q=1"},
      {"http://a.example/news/feed.xml", "story/1",
       "http://a.example/news/story/1"},
      {"http://a.example/x", "/y", "http://a.example/y"},
      {NULL, "ftp://a.example/file", NULL},
      {NULL, "mailto:someone@a.example", NULL},
      {NULL, "not a url", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    int nomem = 0;
    char *got = pith_discover_normalise(cases[i][0], cases[i][1], &nomem);
    assert_int_equal(nomem, 0);
    if (cases[i][2]) {
      assert_non_null(got);
      assert_string_equal(got, cases[i][2]);
    } else {
      assert_null(got);
    }
    free(got);
  }
}

static void test_api_arguments(void **state) {
  (void)state;
  pith_fetch_config fc;
  pith_fetch_config_init(&fc);
  pith_discover_config dc;
  pith_discover_config_init(&dc);
  pith_discovery *d = NULL;
  char msg[256];
  assert_int_equal(pith_discover(&fc, &dc, NULL, 0, NULL, msg, sizeof msg),
                   PITH_ERR_ARGUMENT);
  dc.url_filter = "(";
  assert_int_equal(pith_discover(&fc, &dc, NULL, 0, &d, msg, sizeof msg),
                   PITH_ERR_ARGUMENT);
  assert_null(d);
  assert_non_null(strstr(msg, "url_filter"));
  /* A source that is no http(s) URL is an error of the discovery, and
   * nothing is fetched. */
  dc.url_filter = NULL;
  pith_source src = {PITH_SOURCE_SITEMAP, "file:///etc/passwd"};
  assert_int_equal(pith_discover(&fc, &dc, &src, 1, &d, msg, sizeof msg),
                   PITH_OK);
  assert_int_equal(pith_discovery_url_count(d), 0);
  assert_int_equal(pith_discovery_error_count(d), 1);
  assert_int_equal(pith_discovery_error_status(d, 0), PITH_ERR_BAD_URL);
  assert_string_equal(pith_discovery_error_url(d, 0), "file:///etc/passwd");
  assert_null(pith_discovery_error_url(d, 1));
  assert_null(pith_discovery_url(d, 0));
  pith_discovery_free(d);
  pith_discovery_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_urlset_and_index),
      cmocka_unit_test(test_feeds),
      cmocka_unit_test(test_html_page_links_its_feeds),
      cmocka_unit_test(test_text_sitemap_and_robots),
      cmocka_unit_test(test_broken_documents),
      cmocka_unit_test(test_entities_refused),
      cmocka_unit_test(test_libxml2_reader_does_not_expand),
      cmocka_unit_test(test_external_dtd_not_loaded),
      cmocka_unit_test(test_gzip_and_caps),
      cmocka_unit_test(test_url_limit_keeps_the_first),
      cmocka_unit_test(test_normalise),
      cmocka_unit_test(test_api_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
