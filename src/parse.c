/* HTML to DOM with libxml2's HTML parser: recover mode, no network, nothing
 * printed. The input is already UTF-8 (decode.c), so the parser is told so
 * and any <meta charset> in the page is ignored. XML_PARSE_HUGE lifts
 * libxml2's depth limit of 256, past which it drops the rest of the page:
 * every walk over the tree in pith is iterative, and the node limit
 * (pith_options.max_nodes) bounds the work. */
#include <limits.h>

#include "internal.h"

htmlDocPtr parse_html(const char *utf8, size_t len, const char *url) {
  if (len > INT_MAX)
    return NULL;
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt)
    return NULL;
  htmlDocPtr doc =
      htmlCtxtReadMemory(ctxt, utf8, (int)len, url, "UTF-8", options);
  htmlFreeParserCtxt(ctxt);
  return doc;
}
