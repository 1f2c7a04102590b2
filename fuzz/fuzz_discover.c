/* Reading sitemaps, feeds, robots.txt and HTML pages into URLs
 * (discover_read.c), and normalising each URL found: byte 0 picks the
 * kind of source (sitemap, robots.txt, feed) and whether the document is
 * labelled text/html; the rest is the document, gzip-compressed or not. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "discover.h"
#include "fuzz.h"

static pith_status on_url(void *ctx, discover_item item, const char *url) {
  (void)item;
  size_t *count = ctx;
  int nomem = 0;
  free(pith_discover_normalise("http://example.org/feed/", url, &nomem));
  (*count)++;
  return PITH_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  pith_source_kind kind = (pith_source_kind)(data[0] % 3);
  const char *ct = data[0] & 4 ? "text/html" : NULL;
  size_t count = 0;
  char msg[256];
  /* Small caps, so that a bomb is caught quickly and a long list is
   * cut. */
  (void)pith_discover_read(kind, (const char *)data + 1, size - 1, ct,
                           (size_t)4 << 20, 1000, on_url, &count, msg,
                           sizeof msg);
  return 0;
}
