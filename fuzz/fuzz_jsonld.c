/* JSON-LD reading (meta_jsonld.c): the input is the text of one
 * <script type="application/ld+json"> in an otherwise empty page, built
 * with libxml2's tree API so every byte reaches the JSON reader (the HTML
 * parser would end the script at "</script"). pith_meta_extract then reads the
 * document: JSON parsing, @graph and @id resolution, authors, dates,
 * images, keywords, articleBody. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include <libxml/HTMLtree.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *json = malloc(size + 1);
  if (!json)
    return 0;
  memcpy(json, data, size);
  json[size] = '\0';
  htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
  xmlNodePtr html =
      doc ? xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL) : NULL;
  if (html) {
    xmlDocSetRootElement(doc, html);
    xmlNodePtr head = xmlNewChild(html, NULL, BAD_CAST "head", NULL);
    xmlNodePtr script =
        head ? xmlNewChild(head, NULL, BAD_CAST "script", NULL) : NULL;
    xmlNodePtr text = script ? xmlNewDocText(doc, BAD_CAST json) : NULL;
    if (text) {
      xmlNewProp(script, BAD_CAST "type", BAD_CAST "application/ld+json");
      xmlAddChild(script, text);
      xmlNewChild(html, NULL, BAD_CAST "body", NULL);
      pith_meta meta;
      pith_meta_extract(doc, "https://example.org/news/story.html", &meta);
      pith_meta_free(&meta);
    }
  }
  xmlFreeDoc(doc);
  free(json);
  return 0;
}
