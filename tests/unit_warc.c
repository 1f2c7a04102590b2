/* The streaming WARC reader: plain, gzip per record and one gzip stream;
 * offsets; payload caps; truncated, lying and garbage records; a source
 * that hands out one byte at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "warc.h"

typedef struct bytes {
  unsigned char *data;
  size_t len;
} bytes;

static void add(bytes *b, const void *p, size_t n) {
  b->data = realloc(b->data, b->len + n + 1);
  assert_non_null(b->data);
  memcpy(b->data + b->len, p, n);
  b->len += n;
}

static void add_gzip(bytes *b, const void *p, size_t n) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY),
                   Z_OK);
  size_t cap = deflateBound(&zs, (uLong)n) + 64;
  unsigned char *out = malloc(cap);
  zs.next_in = (Bytef *)(uintptr_t)p;
  zs.avail_in = (uInt)n;
  zs.next_out = out;
  zs.avail_out = (uInt)cap;
  assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
  add(b, out, cap - zs.avail_out);
  deflateEnd(&zs);
  free(out);
}

/* One record; `length` < 0 means the true payload length. */
static char *record(const char *version, const char *type, const char *uri,
                    const char *payload, long length) {
  size_t n = strlen(payload);
  char *r = malloc(n + 512);
  sprintf(r,
          "%s\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
          "WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; "
          "msgtype=response\r\nContent-Length: %ld\r\n\r\n%s\r\n\r\n",
          version, type, uri, length < 0 ? (long)n : length, payload);
  return r;
}

static FILE *open_bytes(const bytes *b) {
  FILE *f = fmemopen(b->data, b->len ? b->len : 1, "rb");
  assert_non_null(f);
  if (!b->len)
    fgetc(f); /* fmemopen needs a size > 0: start at its end */
  return f;
}

/* Reads every record: types, URIs, offsets, payloads, until END or an
 * error (then resumes once more and goes on). */
typedef struct seen {
  int count;
  char types[16][16];
  char uris[16][64];
  char payloads[16][256];
  uint64_t offsets[16];
  int gz_stream[16];
  int errors;
  warc_status first_error;
  uint64_t error_offset;
} seen;

static void read_all(warc_reader *r, seen *s, size_t cap) {
  memset(s, 0, sizeof *s);
  warc_record rec;
  for (int guard = 0; guard < 100; guard++) {
    pith_status st = pith_warc_next(r, &rec);
    if (st == PITH_END)
      return;
    if (st != PITH_OK) {
      if (!s->errors++) {
        s->first_error = pith_warc_problem(r);
        s->error_offset = pith_warc_error_offset(r);
      }
      continue;
    }
    char *data = NULL;
    size_t len = 0;
    int cut = 0;
    st = pith_warc_read_payload(r, cap, &data, &len, &cut);
    if (st != PITH_OK) {
      if (!s->errors++) {
        s->first_error = pith_warc_problem(r);
        s->error_offset = pith_warc_error_offset(r);
      }
      continue;
    }
    int i = s->count++;
    snprintf(s->types[i], sizeof s->types[i], "%s", rec.type);
    snprintf(s->uris[i], sizeof s->uris[i], "%s",
             rec.target_uri ? rec.target_uri : "");
    snprintf(s->payloads[i], sizeof s->payloads[i], "%s", data);
    s->offsets[i] = rec.offset;
    s->gz_stream[i] = rec.offset_in_gzip_stream;
    free(data);
  }
  fail_msg("the reader did not end");
}

static void read_bytes(const bytes *b, seen *s, size_t cap) {
  FILE *f = open_bytes(b);
  warc_reader *r = pith_warc_reader_new_file(f);
  assert_non_null(r);
  read_all(r, s, cap);
  pith_warc_reader_free(r);
  fclose(f);
}

static void three_records(bytes *plain, bytes *member, bytes *stream,
                          uint64_t plain_off[3], uint64_t member_off[3]) {
  const char *payloads[3] = {"software: test\r\n", "HTTP/1.1 200 OK\r\n\r\nA",
                             "HTTP/1.1 200 OK\r\n\r\n<p>B</p>"};
  const char *types[3] = {"warcinfo", "response", "response"};
  const char *uris[3] = {"", "http://a.example/", "http://b.example/"};
  bytes all = {0};
  for (int i = 0; i < 3; i++) {
    char *r = record("WARC/1.1", types[i], uris[i], payloads[i], -1);
    plain_off[i] = plain->len;
    add(plain, r, strlen(r));
    member_off[i] = member->len;
    add_gzip(member, r, strlen(r));
    add(&all, r, strlen(r));
    free(r);
  }
  add_gzip(stream, all.data, all.len);
  free(all.data);
}

static void test_layouts(void **state) {
  (void)state;
  bytes plain = {0}, member = {0}, stream = {0};
  uint64_t po[3], mo[3];
  three_records(&plain, &member, &stream, po, mo);
  seen s;
  read_bytes(&plain, &s, 1 << 20);
  assert_int_equal(s.count, 3);
  assert_int_equal(s.errors, 0);
  assert_string_equal(s.types[0], "warcinfo");
  assert_string_equal(s.types[1], "response");
  assert_string_equal(s.uris[2], "http://b.example/");
  assert_string_equal(s.payloads[2], "HTTP/1.1 200 OK\r\n\r\n<p>B</p>");
  for (int i = 0; i < 3; i++)
    assert_int_equal(s.offsets[i], po[i]);

  read_bytes(&member, &s, 1 << 20);
  assert_int_equal(s.count, 3);
  assert_int_equal(s.errors, 0);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(s.offsets[i], mo[i]); /* compressed member offsets */
    assert_int_equal(s.gz_stream[i], 0);
  }
  assert_string_equal(s.payloads[1], "HTTP/1.1 200 OK\r\n\r\nA");

  read_bytes(&stream, &s, 1 << 20);
  assert_int_equal(s.count, 3);
  assert_int_equal(s.errors, 0);
  for (int i = 0; i < 3; i++)
    assert_int_equal(s.offsets[i], po[i]); /* offsets in the WARC text */
  assert_int_equal(s.gz_stream[0], 0);
  assert_int_equal(s.gz_stream[2], 1);
  free(plain.data);
  free(member.data);
  free(stream.data);
}

/* A source that gives one byte per call. */
typedef struct trickle {
  const bytes *b;
  size_t pos;
} trickle;

static long trickle_read(void *ctx, void *buf, size_t len) {
  trickle *t = ctx;
  if (t->pos >= t->b->len || len == 0)
    return 0;
  ((unsigned char *)buf)[0] = t->b->data[t->pos++];
  return 1;
}

static void test_byte_at_a_time(void **state) {
  (void)state;
  bytes plain = {0}, member = {0}, stream = {0};
  uint64_t po[3], mo[3];
  three_records(&plain, &member, &stream, po, mo);
  const bytes *all[3] = {&plain, &member, &stream};
  for (int k = 0; k < 3; k++) {
    trickle t = {all[k], 0};
    warc_reader *r = pith_warc_reader_new(trickle_read, &t);
    seen s;
    read_all(r, &s, 1 << 20);
    pith_warc_reader_free(r);
    assert_int_equal(s.count, 3);
    assert_int_equal(s.errors, 0);
    assert_string_equal(s.payloads[2], "HTTP/1.1 200 OK\r\n\r\n<p>B</p>");
    assert_int_equal(s.offsets[1], k == 1 ? mo[1] : po[1]);
  }
  free(plain.data);
  free(member.data);
  free(stream.data);
}

static void test_payload_cap(void **state) {
  (void)state;
  bytes b = {0};
  char *r1 = record("WARC/1.0", "response", "<http://x.example/>",
                    "0123456789abcdef", -1);
  char *r2 = record("WARC/1.0", "resource", "http://y.example/", "tail", -1);
  add(&b, r1, strlen(r1));
  add(&b, r2, strlen(r2));
  FILE *f = open_bytes(&b);
  warc_reader *r = pith_warc_reader_new_file(f);
  warc_record rec;
  assert_int_equal(pith_warc_next(r, &rec), PITH_OK);
  assert_string_equal(rec.version, "WARC/1.0");
  assert_string_equal(rec.target_uri, "http://x.example/"); /* <> gone */
  assert_int_equal(rec.content_length, 16);
  char *data;
  size_t len;
  int cut;
  assert_int_equal(pith_warc_read_payload(r, 4, &data, &len, &cut), PITH_OK);
  assert_int_equal(len, 4);
  assert_int_equal(cut, 1);
  assert_string_equal(data, "0123");
  free(data);
  assert_int_equal(pith_warc_next(r, &rec), PITH_OK);
  assert_string_equal(rec.type, "resource");
  /* not reading the payload: the next call skips it */
  assert_int_equal(pith_warc_next(r, &rec), PITH_END);
  assert_int_equal(pith_warc_next(r, &rec), PITH_END);
  pith_warc_reader_free(r);
  fclose(f);
  free(r1);
  free(r2);
  free(b.data);
}

static void test_truncated(void **state) {
  (void)state;
  for (int gz = 0; gz < 2; gz++) {
    bytes b = {0};
    char *r1 = record("WARC/1.0", "response", "http://a.example/", "AAAA", -1);
    char *r2 = record("WARC/1.0", "response", "http://b.example/",
                      "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", -1);
    if (gz)
      add_gzip(&b, r1, strlen(r1));
    else
      add(&b, r1, strlen(r1));
    size_t second = b.len;
    if (gz)
      add_gzip(&b, r2, strlen(r2));
    else
      add(&b, r2, strlen(r2));
    b.len -= gz ? 20 : 30; /* cut inside the second record */
    seen s;
    read_bytes(&b, &s, 1 << 20);
    assert_int_equal(s.count, 1);
    assert_string_equal(s.payloads[0], "AAAA");
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.first_error, WARC_ERR_TRUNCATED);
    assert_int_equal(s.error_offset, second);
    free(r1);
    free(r2);
    free(b.data);
  }
}

static void test_lying_length(void **state) {
  (void)state;
  /* gzip per record, length too long and too short; plain, too short, and
   * too long by exactly the blank line, so the payload ends where the next
   * header starts */
  long deltas[4] = {+50, -3, -3, +4};
  int gzs[4] = {1, 1, 0, 0};
  for (int k = 0; k < 8; k++) {
    /* k >= 4: the same bytes one at a time, so the next header starts a
     * freshly refilled buffer */
    int one_byte = k >= 4;
    bytes b = {0};
    size_t offs[3];
    for (int i = 0; i < 3; i++) {
      char payload[64];
      snprintf(payload, sizeof payload, "payload number %d", i);
      char *r = record("WARC/1.1", "response", "http://a.example/", payload,
                       i == 1 ? (long)strlen(payload) + deltas[k % 4] : -1);
      offs[i] = b.len;
      if (gzs[k % 4])
        add_gzip(&b, r, strlen(r));
      else
        add(&b, r, strlen(r));
      free(r);
    }
    seen s;
    if (one_byte) {
      trickle t = {&b, 0};
      warc_reader *r = pith_warc_reader_new(trickle_read, &t);
      read_all(r, &s, 1 << 20);
      pith_warc_reader_free(r);
    } else {
      read_bytes(&b, &s, 1 << 20);
    }
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.first_error, WARC_ERR_LENGTH);
    assert_int_equal(s.error_offset, offs[1]);
    assert_int_equal(s.count, 2);
    assert_string_equal(s.payloads[0], "payload number 0");
    assert_string_equal(s.payloads[1], "payload number 2");
    assert_int_equal(s.offsets[1], offs[2]);
    free(b.data);
  }
}

static void test_garbage(void **state) {
  (void)state;
  bytes b = {0};
  const char *junk = "<html>this is not a WARC file</html>\n";
  for (int i = 0; i < 100; i++)
    add(&b, junk, strlen(junk));
  seen s;
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 0);
  assert_int_equal(s.errors, 1);
  assert_int_equal(s.first_error, WARC_ERR_FORMAT);
  assert_int_equal(s.error_offset, 0);
  /* garbage, then a record: found again */
  char *r = record("WARC/1.0", "response", "http://a.example/", "ok", -1);
  add(&b, r, strlen(r));
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 1);
  assert_string_equal(s.payloads[0], "ok");
  free(r);
  /* a header that never ends */
  b.len = 0;
  add(&b, "WARC/1.0\r\n", 10);
  for (int i = 0; i < 25000; i++)
    add(&b, "X-Long: yes\r\n", 13);
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 0);
  assert_true(s.errors >= 1);
  assert_int_equal(s.first_error, WARC_ERR_FORMAT);
  /* a missing or bad Content-Length */
  b.len = 0;
  const char *nolen = "WARC/1.0\r\nWARC-Type: response\r\n\r\nxx\r\n\r\n";
  add(&b, nolen, strlen(nolen));
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 0);
  assert_int_equal(s.first_error, WARC_ERR_FORMAT);
  /* gzip data that is damaged */
  b.len = 0;
  char *r2 = record("WARC/1.0", "response", "http://a.example/",
                    "some payload that is long enough to compress", -1);
  add_gzip(&b, r2, strlen(r2));
  size_t second = b.len;
  add_gzip(&b, r2, strlen(r2));
  add_gzip(&b, r2, strlen(r2));
  for (size_t i = second + 12; i < second + 30; i++)
    b.data[i] ^= 0x5a;
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 2); /* the third member is read again */
  assert_int_equal(s.errors, 1);
  assert_int_equal(s.first_error, WARC_ERR_GZIP);
  assert_int_equal(s.error_offset, second);
  /* junk between two members */
  b.len = 0;
  add_gzip(&b, r2, strlen(r2));
  add(&b, "junk junk junk junk", 19);
  add_gzip(&b, r2, strlen(r2));
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 2);
  assert_int_equal(s.errors, 1);
  assert_int_equal(s.first_error, WARC_ERR_GZIP);
  free(r2);
  free(b.data);
}

static void test_empty(void **state) {
  (void)state;
  bytes b = {0};
  seen s;
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 0);
  assert_int_equal(s.errors, 0);
  add(&b, "\r\n\r\n\n", 5);
  read_bytes(&b, &s, 1 << 20);
  assert_int_equal(s.count, 0);
  assert_int_equal(s.errors, 0);
  free(b.data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_layouts),
      cmocka_unit_test(test_byte_at_a_time),
      cmocka_unit_test(test_payload_cap),
      cmocka_unit_test(test_truncated),
      cmocka_unit_test(test_lying_length),
      cmocka_unit_test(test_garbage),
      cmocka_unit_test(test_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
