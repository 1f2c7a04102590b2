/* The WARC reader (warc.c) over arbitrary bytes, plain or gzip: every
 * record's header and payload are read, with a small payload cap picked by
 * the first byte so both the kept and the dropped paths run; the HTTP
 * message in a response record goes through http.c as pith batch does.
 * The reader must end (PITH_END or an error) and never read out of bounds. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pith.h"
#include "warc.h"

typedef struct source {
  const uint8_t *data;
  size_t size, pos, step;
} source;

/* Hands out at most `step` bytes at a time, as a pipe would. */
static long source_read(void *ctx, void *buf, size_t len) {
  source *s = ctx;
  size_t n = s->size - s->pos;
  if (n > len)
    n = len;
  if (s->step && n > s->step)
    n = s->step;
  memcpy(buf, s->data + s->pos, n);
  s->pos += n;
  return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  /* byte 0: bits 0-3 the payload cap (16 << n bytes), bits 4-5 the read
   * size (all, 1, 7 or 4096 bytes at a time). */
  size_t cap = (size_t)16 << (data[0] & 0x0F);
  static const size_t steps[] = {0, 1, 7, 4096};
  source src = {data + 1, size - 1, 0, steps[(data[0] >> 4) & 3]};
  warc_reader *r = pith_warc_reader_new(source_read, &src);
  if (!r)
    return 0;
  /* Damaged input makes the reader look for the next record; the number of
   * rounds is bounded by the input, since each round consumes bytes. */
  for (int rounds = 0; rounds < 100000; rounds++) {
    warc_record rec;
    pith_status st = pith_warc_next(r, &rec);
    if (st == PITH_END)
      break;
    if (st != PITH_OK) {
      (void)pith_warc_message(r);
      (void)pith_warc_error_offset(r);
      (void)pith_warc_problem(r);
      if (st == PITH_ERR_NOMEM || st == PITH_ERR_IO)
        break;
      continue;
    }
    char *payload = NULL;
    size_t len = 0;
    int cut = 0;
    if (pith_warc_read_payload(r, cap, &payload, &len, &cut) != PITH_OK)
      continue;
    if (payload[len] != '\0')
      abort(); /* the payload is promised NUL-terminated */
    if (rec.type && strcmp(rec.type, "response") == 0) {
      pith_http_response *res = NULL;
      size_t body_len = 0;
      if (pith_http_response_parse(payload, len, cap, &res) == PITH_OK &&
          (pith_http_response_body(res, &body_len), body_len > cap))
        abort(); /* the cap is the whole point */
      (void)pith_content_type_is_html(pith_http_response_content_type(res));
      (void)pith_http_response_message(res);
      pith_http_response_free(res);
    }
    pith_free(payload);
  }
  (void)pith_warc_bytes_read(r);
  (void)pith_warc_is_gzip(r);
  pith_warc_reader_free(r);
  return 0;
}
