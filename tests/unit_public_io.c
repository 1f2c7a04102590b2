/* The WARC reader, the HTTP response decoder and the fetcher through
 * pith.h alone, as a C scraper back end sees them: records of a stream
 * read with a callback, a damaged record in the middle, payload caps, HTTP
 * bodies chunked and gzip-compressed, the status of every failure and its
 * kind, and one report per URL from the fetcher. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "pith.h"

typedef struct bytes {
  char *data;
  size_t len;
} bytes;

static void add(bytes *b, const void *p, size_t n) {
  b->data = realloc(b->data, b->len + n + 1);
  assert_non_null(b->data);
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void add_str(bytes *b, const char *s) {
  add(b, s, strlen(s));
}

static bytes gzip_of(const char *text) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY),
                   Z_OK);
  size_t n = strlen(text);
  size_t cap = deflateBound(&zs, (uLong)n) + 64;
  bytes out = {malloc(cap), 0};
  zs.next_in = (Bytef *)(uintptr_t)text;
  zs.avail_in = (uInt)n;
  zs.next_out = (Bytef *)out.data;
  zs.avail_out = (uInt)cap;
  assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.len = cap - zs.avail_out;
  deflateEnd(&zs);
  return out;
}

static void add_record(bytes *w, const char *type, const char *uri,
                       const char *content_type, const bytes *payload,
                       long declared) {
  char head[512];
  snprintf(head, sizeof head,
           "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
           "Content-Type: %s\r\nContent-Length: %ld\r\n\r\n",
           type, uri, content_type,
           declared >= 0 ? declared : (long)payload->len);
  add_str(w, head);
  add(w, payload->data, payload->len);
  add_str(w, "\r\n\r\n");
}

static const char page_html[] =
    "<html><head><title>Harbour news</title></head><body><article>"
    "<p>The ferry sailed again on Thursday, carrying forty passengers and "
    "the island's post across the sound for the first time in two years."
    "</p></article></body></html>";

/* An HTTP response whose body is gzip-compressed and sent in chunks. */
static bytes http_message(void) {
  bytes gz = gzip_of(page_html);
  bytes m = {NULL, 0};
  add_str(&m, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
              "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
  size_t half = gz.len / 2;
  char size[32];
  snprintf(size, sizeof size, "%zx\r\n", half);
  add_str(&m, size);
  add(&m, gz.data, half);
  snprintf(size, sizeof size, "\r\n%zx\r\n", gz.len - half);
  add_str(&m, size);
  add(&m, gz.data + half, gz.len - half);
  add_str(&m, "\r\n0\r\n\r\n");
  free(gz.data);
  return m;
}

typedef struct source {
  const bytes *b;
  size_t pos;
} source;

/* Seven bytes at a time, as a slow pipe hands them out. */
static long source_read(void *ctx, void *buf, size_t len) {
  source *s = ctx;
  size_t n = s->b->len - s->pos;
  if (n > len)
    n = len;
  if (n > 7)
    n = 7;
  memcpy(buf, s->b->data + s->pos, n);
  s->pos += n;
  return (long)n;
}

static void test_warc_records_through_callback(void **state) {
  (void)state;
  bytes http = http_message();
  bytes request = {NULL, 0}, garbage = {NULL, 0};
  add_str(&request, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
  add_str(&garbage, "twelve bytes");
  bytes w = {NULL, 0};
  add_record(&w, "request", "http://example.org/",
             "application/http; "
             "msgtype=request",
             &request, -1);
  add_record(&w, "response", "http://example.org/",
             "application/http; "
             "msgtype=response",
             &http, -1);
  size_t damaged_at = w.len;
  add_record(&w, "response", "http://example.org/lies", "application/http",
             &garbage, 16); /* says 16, holds 12 */
  add_record(&w, "response", "http://example.org/after",
             "application/http; "
             "msgtype=response",
             &http, -1);

  source src = {&w, 0};
  pith_warc_reader *r = pith_warc_reader_new(source_read, &src);
  assert_non_null(r);
  pith_warc_record rec;
  int responses = 0, errors = 0, records = 0;
  pith_status st;
  while ((st = pith_warc_next(r, &rec)) != PITH_END) {
    assert_true(records + errors < 20);
    char *data = NULL;
    size_t len = 0;
    int cut = 0;
    if (st == PITH_OK && strcmp(rec.type, "response") == 0)
      st = pith_warc_read_payload(r, 1 << 20, &data, &len, &cut);
    if (st != PITH_OK) {
      /* The lying record: its header reads, its payload runs into the
       * next record. */
      errors++;
      assert_int_equal(st, PITH_ERR_WARC);
      assert_string_equal(pith_status_kind(st), "warc");
      assert_int_equal(pith_warc_error_offset(r), damaged_at);
      assert_non_null(strstr(pith_warc_message(r), "offset"));
      assert_null(data);
      continue;
    }
    records++;
    if (strcmp(rec.type, "response") != 0)
      continue;
    assert_int_equal(len, http.len);
    assert_int_equal(cut, 0);
    pith_http_response *res = NULL;
    assert_int_equal(pith_http_response_parse(data, len, 1 << 20, &res),
                     PITH_OK);
    assert_int_equal(pith_http_response_code(res), 200);
    assert_string_equal(pith_http_response_content_type(res),
                        "text/html; charset=utf-8");
    size_t body_len = 0;
    assert_string_equal(pith_http_response_body(res, &body_len), page_html);
    assert_int_equal(body_len, strlen(page_html));
    assert_string_equal(pith_http_response_message(res), "");
    pith_http_response_free(res);
    pith_free(data);
    responses++;
  }
  assert_int_equal(responses, 2);
  assert_int_equal(errors, 1);
  assert_int_equal(pith_warc_next(r, &rec), PITH_END);
  assert_int_equal(pith_warc_bytes_read(r), w.len);
  assert_int_equal(pith_warc_is_gzip(r), 0);
  pith_warc_reader_free(r);
  free(http.data);
  free(request.data);
  free(garbage.data);
  free(w.data);
}

static void test_warc_payload_cap_over_file(void **state) {
  (void)state;
  bytes http = http_message();
  bytes w = {NULL, 0};
  add_record(&w, "response", "http://example.org/", "application/http", &http,
             -1);
  FILE *f = fmemopen(w.data, w.len, "rb");
  assert_non_null(f);
  pith_warc_reader *r = pith_warc_reader_new_file(f);
  pith_warc_record rec;
  assert_int_equal(pith_warc_next(r, &rec), PITH_OK);
  assert_string_equal(rec.target_uri, "http://example.org/");
  assert_int_equal(rec.offset, 0);
  char *data = NULL;
  size_t len = 0;
  int cut = 0;
  assert_int_equal(pith_warc_read_payload(r, 10, &data, &len, &cut), PITH_OK);
  assert_int_equal(len, 10);
  assert_int_equal(cut, 1);
  assert_int_equal(data[10], '\0');
  pith_free(data);
  assert_int_equal(pith_warc_next(r, &rec), PITH_END);
  pith_warc_reader_free(r);
  fclose(f);
  pith_warc_reader_free(NULL);
  free(http.data);
  free(w.data);
}

static void test_http_response_errors(void **state) {
  (void)state;
  pith_http_response *res = NULL;
  const char *not_http = "<html>no status line</html>";
  assert_int_equal(
      pith_http_response_parse(not_http, strlen(not_http), 1 << 20, &res),
      PITH_ERR_HTTP);
  assert_string_equal(pith_status_kind(PITH_ERR_HTTP), "http");
  assert_true(strlen(pith_http_response_message(res)) > 0);
  pith_http_response_free(res);

  const char *broken =
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08garbage";
  assert_int_equal(
      pith_http_response_parse(broken, strlen(broken), 1 << 20, &res),
      PITH_ERR_DECOMPRESS);
  assert_string_equal(pith_status_kind(PITH_ERR_DECOMPRESS), "decompress");
  pith_http_response_free(res);

  bytes http = http_message();
  assert_int_equal(pith_http_response_parse(http.data, http.len, 16, &res),
                   PITH_ERR_TOO_LARGE);
  pith_http_response_free(res);
  free(http.data);

  assert_int_equal(pith_http_response_parse("x", 1, 16, NULL),
                   PITH_ERR_ARGUMENT);
  pith_http_response_free(NULL);
}

static void test_content_types(void **state) {
  (void)state;
  assert_int_equal(pith_content_type_is_html("text/html; charset=utf-8"), 1);
  assert_int_equal(pith_content_type_is_html("application/xhtml+xml"), 1);
  assert_int_equal(pith_content_type_is_html("image/png"), 0);
  assert_int_equal(pith_content_type_is_html(NULL), -1);
  assert_int_equal(pith_content_type_is_html("application/octet-stream"), -1);
  assert_int_equal(pith_content_type_charset_known("text/html; charset=utf-8"),
                   1);
  assert_int_equal(
      pith_content_type_charset_known("text/html; charset=windows-1251"), 1);
  assert_int_equal(pith_content_type_charset_known("text/html; charset=latin1"),
                   1);
  assert_int_equal(
      pith_content_type_charset_known("text/html; charset=no-such-charset"), 0);
  assert_int_equal(pith_content_type_charset_known("text/html"), -1);
  assert_int_equal(pith_content_type_charset_known(NULL), -1);
}

/* ---- the fetcher, without a network: URLs that cannot be fetched -------- */

typedef struct fetch_run {
  const char *const *urls;
  size_t count, given;
  int seen[8];
  pith_status status[8];
} fetch_run;

static int next_url(void *ctx, const char **url, uint64_t *id, int *wait_fd) {
  fetch_run *f = ctx;
  *wait_fd = -1;
  if (f->given == f->count)
    return 0;
  *url = f->urls[f->given];
  *id = 100 + f->given++;
  return 1;
}

static void page_done(void *ctx, const pith_fetch_page *page) {
  fetch_run *f = ctx;
  size_t i = (size_t)(page->id - 100);
  assert_true(i < f->count);
  assert_string_equal(page->url, f->urls[i]);
  assert_null(page->body);
  assert_true(strlen(page->message) > 0);
  f->seen[i]++;
  f->status[i] = page->status;
}

static void test_fetch_reports_every_url(void **state) {
  (void)state;
  static const char *const urls[] = {"ftp://127.0.0.1/x", "not a url",
                                     "ftp://127.0.0.1/x"};
  fetch_run f = {urls, 3, 0, {0}, {0}};
  pith_fetch_config config;
  pith_fetch_config_init(&config);
  assert_int_equal(config.parallel, 16);
  char message[128];
  assert_int_equal(pith_fetch(&config, next_url, page_done, NULL, &f, message,
                              sizeof message),
                   PITH_OK);
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(f.seen[i], 1); /* duplicates are reported apart */
    assert_int_equal(f.status[i], PITH_ERR_BAD_URL);
  }
  assert_string_equal(pith_status_kind(PITH_ERR_BAD_URL), "bad_url");
}

static void test_fetch_arguments(void **state) {
  (void)state;
  pith_fetch_config config;
  pith_fetch_config_init(&config);
  char message[128] = "";
  assert_int_equal(
      pith_fetch(&config, NULL, page_done, NULL, NULL, message, sizeof message),
      PITH_ERR_ARGUMENT);
  assert_true(strlen(message) > 0);
  config.parallel = 0;
  assert_int_equal(
      pith_fetch(&config, next_url, page_done, NULL, NULL, NULL, 0),
      PITH_ERR_ARGUMENT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_warc_records_through_callback),
      cmocka_unit_test(test_warc_payload_cap_over_file),
      cmocka_unit_test(test_http_response_errors),
      cmocka_unit_test(test_content_types),
      cmocka_unit_test(test_fetch_reports_every_url),
      cmocka_unit_test(test_fetch_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
