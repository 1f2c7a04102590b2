/* TEMPORARY STUB: replaced by the real metadata reader. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void meta_extract(htmlDocPtr doc, const char *url, pith_meta *meta) {
  memset(meta, 0, sizeof *meta);
  if (url) meta->url = pith_strdup(url);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  (void)root;
}

void meta_free(pith_meta *meta) {
  char **fields[] = {
      &meta->title,         &meta->author,      &meta->date,
      &meta->sitename,      &meta->hostname,    &meta->url,
      &meta->canonical_url, &meta->language,    &meta->description,
      &meta->image,         &meta->categories,  &meta->tags,
      &meta->page_type,     &meta->article_body};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    free(*fields[i]);
    *fields[i] = NULL;
  }
}
