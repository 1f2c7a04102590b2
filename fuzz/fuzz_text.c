/* The text helpers every stage runs on page text: white-space
 * normalisation, UTF-8 length and validation, case-insensitive search, and
 * URL resolution and host names (libcurl's URL API) on strings from pages.
 * The input is split at its first NUL byte into two strings. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  char *norm = pith_text_normalize_space(in, size);
  if (norm) {
    size_t n = strlen(norm);
    /* Trimmed at both ends (a NUL byte in the input ends the string early). */
    if (n && !memchr(in, '\0', size) && (norm[0] == ' ' || norm[n - 1] == ' '))
      __builtin_trap();
    (void)pith_utf8_length(norm, n);
    free(norm);
  }
  (void)pith_utf8_valid(in, size);

  char *copy = malloc(size + 2);
  if (!copy)
    return 0;
  memcpy(copy, data, size);
  copy[size] = copy[size + 1] = '\0';
  const char *a = copy;
  const char *b = copy + strlen(copy) + 1;
  if (b > copy + size)
    b = "";
  (void)pith_ascii_strcasestr(a, b);
  char *u = pith_url_resolve(a, b);
  if (u) {
    char *h = pith_url_hostname(u);
    free(h);
    free(u);
  }
  char *h = pith_url_hostname(a);
  free(h);
  free(copy);
  return 0;
}
