/* Discovery's inside (the API is pith_discover in pith.h): reading one
 * fetched sitemap, feed, robots.txt or HTML page into the URLs it lists,
 * for the unit tests and the fuzz targets. */
#ifndef PITH_DISCOVER_H
#define PITH_DISCOVER_H

#include <stddef.h>

#include "pith.h"

/* What a document lists: a page to fetch, or another document to read. */
typedef enum discover_item {
  DISCOVER_PAGE = 0,
  DISCOVER_SITEMAP, /* a <sitemap><loc> of an index, a robots.txt
                       Sitemap: line */
  DISCOVER_FEED,    /* a page's <link rel=alternate> feed */
} discover_item;

/* Called once per URL as found (still unresolved, as written); returns 0
 * to go on, or a status that stops the reading (PITH_ERR_NOMEM). */
typedef pith_status (*discover_emit_fn)(void *ctx, discover_item item,
                                        const char *url);

/* Reads one document fetched as a source of `kind`. Gzip data is undone
 * first; max_bytes caps the document before and after that, max_urls the
 * URLs taken from it (the sitemaps.org limits by default). Returns PITH_OK,
 * or PITH_ERR_PARSE (not XML, not a sitemap or feed, entity declarations),
 * PITH_ERR_TOO_LARGE, PITH_ERR_DECOMPRESS, PITH_ERR_LIMIT (more URLs than
 * max_urls: the first max_urls were emitted), PITH_ERR_NOMEM, with a
 * message in msg. */
pith_status pith_discover_read(pith_source_kind kind, const char *body,
                               size_t len, const char *content_type,
                               size_t max_bytes, size_t max_urls,
                               discover_emit_fn emit, void *ctx, char *msg,
                               size_t msg_size);

/* The URL `ref` resolved against `base` (may be NULL) and normalised: http
 * or https only, scheme and host in lower case, no default port, no
 * fragment, dot segments resolved. NULL for anything else or on a failed
 * allocation (*nomem set then). The caller frees it with free(). */
char *pith_discover_normalise(const char *base, const char *ref, int *nomem);

#endif
