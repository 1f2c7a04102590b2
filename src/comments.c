/* Reader comments. */
#include <stdlib.h>
#include <string.h>

#include "comments.h"

void pith_comments_mark(pith_dom *dom, const pith_meta *meta) {
  (void)dom;
  (void)meta;
}

int pith_comments_text(const pith_dom *dom, const debris_context *ctx,
                       const char *url, char **out) {
  (void)dom;
  (void)ctx;
  (void)url;
  *out = NULL;
  return 0;
}
