/* HTTP response parsing: status and headers, chunked bodies, gzip, deflate,
 * brotli and zstd bodies, a compression bomb stopped by the cap, and the
 * lenient cases real archives need. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <brotli/encode.h>
#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "http.h"

static const char page[] =
    "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello, "
    "world. This paragraph repeats. This paragraph repeats. This paragraph "
    "repeats.</p></body></html>";

/* "HTTP/1.1 200 OK" + headers + body, in a malloc'd buffer. */
static char *message(const char *headers, const void *body, size_t body_len,
                     size_t *len) {
  size_t h = strlen(headers);
  char *m = malloc(h + body_len + 1);
  memcpy(m, headers, h);
  memcpy(m + h, body, body_len);
  m[h + body_len] = '\0';
  *len = h + body_len;
  return m;
}

static unsigned char *zlib_pack(const void *in, size_t n, int wbits,
                                size_t *out_len) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  assert_int_equal(
      deflateInit2(&zs, 9, Z_DEFLATED, wbits, 9, Z_DEFAULT_STRATEGY), Z_OK);
  size_t cap = deflateBound(&zs, (uLong)n) + 64;
  unsigned char *out = malloc(cap);
  zs.next_in = (Bytef *)(uintptr_t)in;
  zs.avail_in = (uInt)n;
  zs.next_out = out;
  zs.avail_out = (uInt)cap;
  assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
  *out_len = cap - zs.avail_out;
  deflateEnd(&zs);
  return out;
}

static void test_plain(void **state) {
  (void)state;
  size_t len;
  char *m = message("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Type: text/html; "
                    "charset=windows-1251\r\nContent-Length: 5\r\n\r\n",
                    page, strlen(page), &len);
  http_response res;
  char err[128];
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_OK);
  assert_int_equal(res.status_code, 200);
  assert_string_equal(res.content_type, "text/html; charset=windows-1251");
  assert_null(res.content_encoding);
  assert_int_equal(res.body_len, strlen(page));
  assert_string_equal(res.body, page);
  pith_http_response_clear(&res);
  free(m);
  /* LF line ends, HTTP/2, a reason phrase missing */
  m = message("HTTP/2 404\nContent-Type: text/html\n\n", page, strlen(page),
              &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_OK);
  assert_int_equal(res.status_code, 404);
  assert_string_equal(res.body, page);
  pith_http_response_clear(&res);
  free(m);
}

static void test_not_http(void **state) {
  (void)state;
  http_response res;
  char err[128];
  const char *bad[] = {"", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 OK\r\n\r\n",
                       "<html>hello</html> and more bytes"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(pith_http_parse_into(bad[i], strlen(bad[i]), 1 << 20, &res,
                                          err, sizeof err),
                     HTTP_ERR_FORMAT);
    assert_true(strlen(err) > 10);
    pith_http_response_clear(&res);
  }
  /* headers only: an empty body */
  const char *head = "HTTP/1.1 301 Moved\r\nLocation: /x\r\n";
  assert_int_equal(
      pith_http_parse_into(head, strlen(head), 1 << 20, &res, err, sizeof err),
      HTTP_OK);
  assert_int_equal(res.status_code, 301);
  assert_int_equal(res.body_len, 0);
  pith_http_response_clear(&res);
}

static void test_chunked(void **state) {
  (void)state;
  const char *body = "5;name=v\r\nHello\r\n7\r\n, world\r\n0\r\nX-T: 1\r\n\r\n";
  size_t len;
  char *m = message("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                    "Content-Type: text/plain\r\n\r\n",
                    body, strlen(body), &len);
  http_response res;
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, NULL, 0),
                   HTTP_OK);
  assert_int_equal(res.chunked, 1);
  assert_string_equal(res.body, "Hello, world");
  pith_http_response_clear(&res);
  free(m);
  /* cut inside a chunk: what is there */
  m = message("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
              "10\r\n0123456", 11, &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, NULL, 0),
                   HTTP_OK);
  assert_string_equal(res.body, "0123456");
  pith_http_response_clear(&res);
  free(m);
  /* the header says chunked, the archive stored the plain page */
  m = message("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", page,
              strlen(page), &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, NULL, 0),
                   HTTP_OK);
  assert_string_equal(res.body, page);
  pith_http_response_clear(&res);
  free(m);
}

static void check_decodes(const char *headers, const void *body, size_t n) {
  size_t len;
  char *m = message(headers, body, n, &len);
  http_response res;
  char err[128] = "";
  http_status st = pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err);
  if (st != HTTP_OK)
    fail_msg("%s: %s", headers, err);
  assert_int_equal(res.body_len, strlen(page));
  assert_memory_equal(res.body, page, strlen(page));
  pith_http_response_clear(&res);
  free(m);
}

static void test_encodings(void **state) {
  (void)state;
  size_t n;
  unsigned char *gz = zlib_pack(page, strlen(page), 31, &n);
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", gz, n);
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\n\r\n", gz, n);
  /* chunked over gzip */
  char chunked[4096];
  int k = snprintf(chunked, sizeof chunked, "%zx\r\n", n);
  memcpy(chunked + k, gz, n);
  k += (int)n;
  k += snprintf(chunked + k, sizeof chunked - (size_t)k, "\r\n0\r\n\r\n");
  check_decodes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                "Content-Encoding: gzip\r\n\r\n",
                chunked, (size_t)k);
  free(gz);
  unsigned char *zl = zlib_pack(page, strlen(page), 15, &n);
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n", zl, n);
  /* two codings, applied deflate then gzip */
  size_t n2;
  unsigned char *both = zlib_pack(zl, n, 31, &n2);
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: deflate, gzip\r\n\r\n",
                both, n2);
  free(both);
  free(zl);
  unsigned char *raw = zlib_pack(page, strlen(page), -15, &n);
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n", raw, n);
  free(raw);
  size_t cap = BrotliEncoderMaxCompressedSize(strlen(page));
  uint8_t *br = malloc(cap);
  size_t brn = cap;
  assert_true(BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, strlen(page),
                                    (const uint8_t *)page, &brn, br));
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n", br, brn);
  free(br);
  cap = ZSTD_compressBound(strlen(page));
  char *zs = malloc(cap);
  size_t zn = ZSTD_compress(zs, cap, page, strlen(page), 3);
  assert_false(ZSTD_isError(zn));
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\n", zs, zn);
  free(zs);
  /* the archive kept the header but stored the decoded page */
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", page,
                strlen(page));
  check_decodes("HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\n\r\n", page,
                strlen(page));
}

static void test_bad_bodies(void **state) {
  (void)state;
  size_t len;
  http_response res;
  char err[128];
  /* damaged gzip */
  char *m = message("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n",
                    "\x1f\x8b\x08\x00garbage-garbage", 19, &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_ERR_DECODE);
  assert_non_null(strstr(err, "gzip"));
  pith_http_response_clear(&res);
  free(m);
  /* an unknown coding over binary bytes */
  m = message("HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\n\r\n",
              "\x1f\x9d\x90\x00\x01", 5, &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_ERR_ENCODING);
  assert_non_null(strstr(err, "compress"));
  pith_http_response_clear(&res);
  free(m);
  /* gzip cut short: the part that is there */
  size_t n;
  unsigned char *gz = zlib_pack(page, strlen(page), 31, &n);
  m = message("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", gz, n - 12,
              &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_OK);
  assert_true(res.body_len > 0 && res.body_len <= strlen(page));
  assert_memory_equal(res.body, page, res.body_len);
  pith_http_response_clear(&res);
  free(m);
  free(gz);
}

static void test_bomb(void **state) {
  (void)state;
  /* 64 MB of zeros, a few tens of KB compressed; the cap is 1 MB */
  size_t big = (size_t)64 << 20;
  char *zeros = calloc(1, big);
  size_t n;
  unsigned char *gz = zlib_pack(zeros, big, 31, &n);
  free(zeros);
  size_t len;
  char *m =
      message("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", gz, n, &len);
  http_response res;
  char err[128];
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_ERR_TOO_LARGE);
  pith_http_response_clear(&res);
  free(m);
  free(gz);
  /* the same with zstd and brotli */
  char *ones = malloc(big / 8);
  memset(ones, 'a', big / 8);
  size_t cap = ZSTD_compressBound(big / 8);
  char *zs = malloc(cap);
  size_t zn = ZSTD_compress(zs, cap, ones, big / 8, 1);
  m = message("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\n", zs, zn,
              &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_ERR_TOO_LARGE);
  pith_http_response_clear(&res);
  free(m);
  free(zs);
  cap = BrotliEncoderMaxCompressedSize(big / 8);
  uint8_t *br = malloc(cap);
  size_t brn = cap;
  assert_true(BrotliEncoderCompress(1, 22, BROTLI_MODE_GENERIC, big / 8,
                                    (const uint8_t *)ones, &brn, br));
  m = message("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n", br, brn, &len);
  assert_int_equal(pith_http_parse_into(m, len, 1 << 20, &res, err, sizeof err),
                   HTTP_ERR_TOO_LARGE);
  pith_http_response_clear(&res);
  free(m);
  free(br);
  free(ones);
}

static void test_content_types(void **state) {
  (void)state;
  assert_int_equal(pith_content_type_is_html("text/html"), 1);
  assert_int_equal(pith_content_type_is_html(" TEXT/HTML; charset=utf-8"), 1);
  assert_int_equal(pith_content_type_is_html("application/xhtml+xml"), 1);
  assert_int_equal(pith_content_type_is_html("image/png"), 0);
  assert_int_equal(pith_content_type_is_html("text/plain"), 0);
  assert_int_equal(pith_content_type_is_html("application/pdf"), 0);
  assert_int_equal(pith_content_type_is_html(NULL), -1);
  assert_int_equal(pith_content_type_is_html(""), -1);
  assert_int_equal(pith_content_type_is_html("application/octet-stream"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain),         cmocka_unit_test(test_not_http),
      cmocka_unit_test(test_chunked),       cmocka_unit_test(test_encodings),
      cmocka_unit_test(test_bad_bodies),    cmocka_unit_test(test_bomb),
      cmocka_unit_test(test_content_types),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
