/* The HTTP response parser (http.c): status line, headers, chunked
 * transfer coding and gzip/deflate/br/zstd bodies, under a cap picked by
 * the first byte. The decoded body must respect the cap and be
 * NUL-terminated. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  size_t cap = (size_t)64 << (data[0] & 0x0F); /* 64 B .. 2 MB */
  /* A copy of exactly the message's size, so reading past it shows. */
  char *msg = malloc(size - 1 ? size - 1 : 1);
  if (!msg)
    return 0;
  memcpy(msg, data + 1, size - 1);
  http_response res;
  char err[128];
  http_status st =
      pith_http_parse_into(msg, size - 1, cap, &res, err, sizeof err);
  if (st == HTTP_OK) {
    if (res.body_len > cap)
      abort();
    if (res.body && res.body[res.body_len] != '\0')
      abort();
  } else if (!memchr(err, '\0', sizeof err)) {
    abort(); /* the message must be a terminated string */
  }
  (void)pith_content_type_is_html(res.content_type);
  pith_http_response_clear(&res);
  free(msg);
  return 0;
}
