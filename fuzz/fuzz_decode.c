/* The charset decoder (decode.c): binary sniffing and conversion to UTF-8,
 * with a Content-Type picked by the first byte. The output must be valid
 * UTF-8 without NUL bytes, as pith_decode_to_utf8 promises. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "internal.h"

static const char *const content_types[] = {
    NULL,
    "text/html; charset=utf-8",
    "text/html; charset=windows-1251",
    "text/html; charset=shift_jis",
    "text/html; charset=utf-16",
    "text/html; charset=utf-16be",
    "text/html; charset=gb18030",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=euc-jp",
    "text/html; charset=big5",
    "text/html; charset=x-user-defined",
    "text/html; charset=replacement",
    "text/html; charset=\"unicode-1-1-utf-8\"",
    "text/html; charset=iso-8859-8-i",
    "text/html; charset=" /* a long label */
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *ct = NULL;
  if (size >= 1) {
    ct = content_types[data[0] & 15];
    data++;
    size--;
  }
  const char *in = (const char *)data;
  (void)pith_decode_looks_binary(in, size);
  char *out = NULL;
  size_t out_len = 0;
  char charset[32];
  pith_status st = pith_decode_to_utf8(in, size, ct, &out, &out_len, charset,
                                       sizeof charset);
  if (st == PITH_OK) {
    if (!out || out[out_len] != '\0' || memchr(out, '\0', out_len) ||
        !pith_utf8_valid(out, out_len) || strlen(charset) >= sizeof charset)
      __builtin_trap();
  }
  free(out);
  return 0;
}
