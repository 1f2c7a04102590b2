/* The date reader (meta_date.c), which parses strings from pages: <meta>
 * content, <time datetime>, JSON-LD dates, URLs and bylines. Output must be
 * a NUL-terminated ISO 8601 date within the buffer. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s)
    return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  char out[40];
  memset(out, 'x', sizeof out);
  if (pith_meta_parse_date(s, out, sizeof out)) {
    size_t n = strnlen(out, sizeof out);
    if (n < 10 || n >= sizeof out || out[4] != '-' || out[7] != '-')
      __builtin_trap();
  }
  char small[11];
  (void)pith_meta_parse_date(s, small, sizeof small);
  free(s);
  return 0;
}
