/* HTML to DOM with libxml2's HTML parser: recover mode, no network, nothing
 * printed. The input is already UTF-8 (decode.c), so the parser is told so
 * and any <meta charset> in the page is ignored. XML_PARSE_HUGE lifts
 * libxml2's depth limit of 256, past which it drops the rest of the page:
 * every walk over the tree in pith is iterative, and the node limit
 * (pith_options.max_nodes) bounds the work. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* libxml2 appends each attribute by walking the element's list and checks
 * it against every earlier one: a tag with a million attributes takes hours.
 * Attributes past PITH_MAX_ATTRIBUTES in one tag are cut from a copy of the
 * page (a best-effort result instead of a hang). Returns the copy, or NULL
 * when no tag needs cutting (or out of memory: the page is then parsed as
 * it is). */
static char *cut_attribute_floods(const char *s, size_t len, size_t *out_len) {
  char *out = NULL;
  size_t o = 0, copied = 0, i = 0;
  while (i < len) {
    const char *lt = memchr(s + i, '<', len - i);
    if (!lt)
      break;
    i = (size_t)(lt - s) + 1;
    if (i >= len || !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
      continue;
    while (i < len && !is_space(s[i]) && s[i] != '>')
      i++;
    size_t attrs = 0, cut_from = 0;
    while (i < len && s[i] != '>') {
      if (is_space(s[i]) || s[i] == '/') {
        i++;
        continue;
      }
      if (++attrs == PITH_MAX_ATTRIBUTES + 1)
        cut_from = i;
      while (i < len && !is_space(s[i]) && s[i] != '=' && s[i] != '>')
        i++;
      while (i < len && is_space(s[i]))
        i++;
      if (i < len && s[i] == '=') {
        i++;
        while (i < len && is_space(s[i]))
          i++;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
          const char *q = memchr(s + i + 1, s[i], len - i - 1);
          i = q ? (size_t)(q - s) + 1 : len;
        } else {
          while (i < len && !is_space(s[i]) && s[i] != '>')
            i++;
        }
      }
    }
    if (!cut_from)
      continue;
    if (!out && !(out = malloc(len + 1)))
      return NULL;
    memcpy(out + o, s + copied, cut_from - copied);
    o += cut_from - copied;
    copied = i; /* resume at the tag's '>' */
  }
  if (!out)
    return NULL;
  memcpy(out + o, s + copied, len - copied);
  o += len - copied;
  out[o] = '\0';
  *out_len = o;
  return out;
}

/* libxml2 sets up its global tables (dictionaries, mutexes, the parser
 * tables) on first use, and that first use is not safe to race: two threads
 * extracting their first pages at once could both set them up. */
static pthread_once_t libxml2_once = PTHREAD_ONCE_INIT;

static void libxml2_init(void) {
  xmlInitParser();
}

htmlDocPtr pith_parse_html(const char *utf8, size_t len, const char *url) {
  pthread_once(&libxml2_once, libxml2_init);
  size_t cut_len = 0;
  char *cut = cut_attribute_floods(utf8, len, &cut_len);
  if (cut) {
    utf8 = cut;
    len = cut_len;
  }
  htmlDocPtr doc = NULL;
  if (len <= INT_MAX) {
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                  HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT |
                  XML_PARSE_HUGE;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt) {
      doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, url, "UTF-8", options);
      htmlFreeParserCtxt(ctxt);
    }
  }
  free(cut);
  return doc;
}
