/* HTML to DOM with libxml2's HTML parser: recover mode, no network, nothing
 * printed. The input is already UTF-8 (decode.c), so the parser is told so
 * and any <meta charset> in the page is ignored. XML_PARSE_HUGE lifts
 * libxml2's depth limit of 256, past which it drops the rest of the page:
 * every walk over the tree in pith is iterative, and the node limit
 * (pith_options.max_nodes) bounds the work. */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Byte classes of cut_attribute_floods, one look-up per byte of a tag: white
 * space (as is_space), and the bytes that end a name or a value. */
enum { SCAN_SPACE = 1, SCAN_EQUALS = 2, SCAN_END = 4, SCAN_SLASH = 8 };
static const unsigned char scan_class[256] = {
    [' '] = SCAN_SPACE,  ['\t'] = SCAN_SPACE, ['\n'] = SCAN_SPACE,
    ['\r'] = SCAN_SPACE, ['\f'] = SCAN_SPACE, ['='] = SCAN_EQUALS,
    ['>'] = SCAN_END,    ['/'] = SCAN_SLASH};

static int scan_is(char c, unsigned classes) {
  return (scan_class[(unsigned char)c] & classes) != 0;
}

/* A copy of a page with spans cut out, made only once a first span is
 * cut: the bytes before each cut are copied as they are. */
typedef struct splice {
  const char *s;
  size_t len;
  char *out;     /* NULL until the first cut */
  size_t o;      /* bytes written to out */
  size_t copied; /* bytes of s dealt with */
} splice;

/* Cuts s[from, to) (from >= what is already copied); 0 when out of
 * memory. */
static int splice_cut(splice *sp, size_t from, size_t to) {
  if (!sp->out && !(sp->out = malloc(sp->len + 1)))
    return 0;
  memcpy(sp->out + sp->o, sp->s + sp->copied, from - sp->copied);
  sp->o += from - sp->copied;
  sp->copied = to;
  return 1;
}

/* The copy with the rest of the page, or NULL when nothing was cut. */
static char *splice_finish(splice *sp, size_t *out_len) {
  if (!sp->out)
    return NULL;
  memcpy(sp->out + sp->o, sp->s + sp->copied, sp->len - sp->copied);
  sp->o += sp->len - sp->copied;
  sp->out[sp->o] = '\0';
  *out_len = sp->o;
  return sp->out;
}

/* Whether a '<' before s[i] opens a tag: a letter follows it. */
static int opens_tag(const char *s, size_t len, size_t i) {
  return i < len && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
}

/* Reads the tag whose name starts at s[i] (a letter, just past the '<')
 * up to its '>' (quoted values skipped) and returns the offset of that
 * '>', or len. *cut_from is where its attributes past PITH_MAX_ATTRIBUTES
 * start, 0 when it has no more than that. */
static size_t scan_tag(const char *s, size_t len, size_t i, size_t *cut_from) {
  *cut_from = 0;
  while (i < len && !scan_is(s[i], SCAN_SPACE | SCAN_END))
    i++;
  size_t attrs = 0;
  while (i < len && s[i] != '>') {
    if (scan_is(s[i], SCAN_SPACE | SCAN_SLASH)) {
      i++;
      continue;
    }
    if (++attrs == PITH_MAX_ATTRIBUTES + 1)
      *cut_from = i;
    while (i < len && !scan_is(s[i], SCAN_SPACE | SCAN_EQUALS | SCAN_END))
      i++;
    while (i < len && scan_is(s[i], SCAN_SPACE))
      i++;
    if (i < len && s[i] == '=') {
      i++;
      while (i < len && scan_is(s[i], SCAN_SPACE))
        i++;
      if (i < len && (s[i] == '"' || s[i] == '\'')) {
        const char *q = memchr(s + i + 1, s[i], len - i - 1);
        i = q ? (size_t)(q - s) + 1 : len;
      } else {
        while (i < len && !scan_is(s[i], SCAN_SPACE | SCAN_END))
          i++;
      }
    }
  }
  return i;
}

/* libxml2 appends each attribute by walking the element's list and checks
 * it against every earlier one: a tag with a million attributes takes hours.
 * Attributes past PITH_MAX_ATTRIBUTES in one tag are cut from a copy of the
 * page (a best-effort result instead of a hang). Returns the copy, or NULL
 * when no tag needs cutting (or out of memory: the page is then parsed as
 * it is). */
static char *cut_attribute_floods(const char *s, size_t len, size_t *out_len) {
  splice sp = {s, len, NULL, 0, 0};
  size_t i = 0;
  while (i < len) {
    const char *lt = memchr(s + i, '<', len - i);
    if (!lt)
      break;
    i = (size_t)(lt - s) + 1;
    if (!opens_tag(s, len, i))
      continue;
    size_t cut_from;
    i = scan_tag(s, len, i, &cut_from);
    /* the copy resumes at the tag's '>' */
    if (cut_from && !splice_cut(&sp, cut_from, i))
      return NULL;
  }
  return splice_finish(&sp, out_len);
}

/* Whether s (n bytes) opens with word (lower case), ASCII letters case
 * folded. */
static int opens_with(const char *s, size_t n, const char *word) {
  for (size_t k = 0; word[k]; k++) {
    if (k >= n)
      return 0;
    char c = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] | 0x20) : s[k];
    if (c != word[k])
      return 0;
  }
  return 1;
}

/* The offset just past the "-->" that closes a comment whose text starts
 * at i, or len. */
static size_t comment_end(const char *s, size_t len, size_t i) {
  while (i + 2 < len) {
    const char *dash = memchr(s + i, '-', len - i - 2);
    if (!dash)
      break;
    i = (size_t)(dash - s);
    if (s[i + 1] == '-' && s[i + 2] == '>')
      return i + 3;
    i++;
  }
  return len;
}

/* HTML5 reads "<!" that opens neither a comment ("<!--") nor the doctype as
 * a bogus comment up to the next ">": templates' leftover markers
 * ("<!PARA2!>") and Word's downlevel conditionals ("<![if !supportLists]>",
 * "<![endif]>") are not shown. libxml2 keeps them as text, and they came out
 * in the article. They are cut from a copy of the page; only a span with no
 * "<" before its ">" is cut, so no tag is ever taken with it ("<![CDATA["
 * is left to the parser).
 *
 * Reads what follows a "<!" (s[i] is the '!'), cuts it when it is a bogus
 * comment, and returns where the search for the next '<' goes on, or
 * SIZE_MAX when out of memory. */
static size_t bogus_comment_at(splice *sp, size_t i) {
  const char *s = sp->s;
  size_t len = sp->len;
  const char *rest = s + i + 1;
  size_t rest_len = len - i - 1;
  if (opens_with(rest, rest_len, "--"))
    return comment_end(s, len, i + 3);
  if (opens_with(rest, rest_len, "doctype") ||
      opens_with(rest, rest_len, "[cdata["))
    return i;
  size_t j = i + 1;
  while (j < len && s[j] != '>' && s[j] != '<')
    j++;
  if (j >= len || s[j] != '>')
    return i;
  if (!splice_cut(sp, i - 1, j + 1))
    return SIZE_MAX;
  return j + 1;
}

/* The bogus comments of the page cut from a copy: returns the copy, or
 * NULL when nothing is cut (or out of memory: the page is then parsed as
 * it is). */
static char *cut_bogus_comments(const char *s, size_t len, size_t *out_len) {
  splice sp = {s, len, NULL, 0, 0};
  size_t i = 0;
  while (i + 1 < len) {
    const char *lt = memchr(s + i, '<', len - i - 1);
    if (!lt)
      break;
    i = (size_t)(lt - s) + 1;
    if (s[i] != '!')
      continue;
    if ((i = bogus_comment_at(&sp, i)) == SIZE_MAX) {
      free(sp.out);
      return NULL;
    }
  }
  return splice_finish(&sp, out_len);
}

/* Both cuts in one pass over the page's '<': the tags are read for their
 * attributes and the "<!" for bogus comments at once, each scan skipping
 * what it skips on its own (a tag's quoted values, a comment's text).
 * When no tag has too many attributes (nearly every page) the bogus
 * comments are those of the page as it is, and *copy is the page with
 * them cut (NULL when none); returns 1. Returns 0 when a tag needs
 * cutting (or out of memory), and the two cuts are then made in turn. */
static int cut_in_one_pass(const char *s, size_t len, char **copy,
                           size_t *out_len) {
  splice sp = {s, len, NULL, 0, 0};
  size_t tags_from = 0, bogus_from = 0, i = 0;
  *copy = NULL;
  while (i < len) {
    const char *lt = memchr(s + i, '<', len - i);
    if (!lt)
      break;
    size_t at = (size_t)(lt - s);
    if (at >= tags_from && opens_tag(s, len, at + 1)) {
      size_t cut_from;
      tags_from = scan_tag(s, len, at + 1, &cut_from);
      if (cut_from) {
        free(sp.out);
        return 0;
      }
    }
    if (at >= bogus_from && at + 1 < len) {
      bogus_from = at + 1;
      if (s[at + 1] == '!' &&
          (bogus_from = bogus_comment_at(&sp, at + 1)) == SIZE_MAX) {
        free(sp.out);
        return 0;
      }
    }
    i = tags_from < bogus_from ? tags_from : bogus_from;
    if (i <= at)
      i = at + 1;
  }
  *copy = splice_finish(&sp, out_len);
  return 1;
}

/* libxml2 sets up its global tables (dictionaries, mutexes, the parser
 * tables) on first use, and that first use is not safe to race: two threads
 * extracting their first pages at once could both set them up. */
static pthread_once_t libxml2_once = PTHREAD_ONCE_INIT;

static void libxml2_init(void) {
  xmlInitParser();
}

/* ---- repairs of libxml2's recovery ------------------------------------
 * Where a page is broken, libxml2 recovers differently from a browser, and
 * two of its ways hide the whole body: a broken <html> start tag closes the
 * root and the page becomes a second top-level element; an unclosed
 * <title> swallows the page, elements and all, into the head. Browsers
 * (HTML5 tree construction) leave the head at the first element that is
 * no head matter and put the rest in the body; so does this. */

static int named(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name &&
         xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static int head_matter(xmlNodePtr n) {
  static const char *const tags[] = {"title",    "meta",     "link",
                                     "script",   "style",    "base",
                                     "noscript", "template", "object"};
  if (n->type == XML_TEXT_NODE) {
    for (const xmlChar *p = n->content; p && *p; p++)
      if (!is_space((char)*p))
        return 0;
    return 1;
  }
  if (n->type != XML_ELEMENT_NODE)
    return 1;
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    if (named(n, tags[i]))
      return 1;
  return 0;
}

static xmlNodePtr child_named(xmlNodePtr parent, const char *name) {
  for (xmlNodePtr c = parent->children; c; c = c->next)
    if (named(c, name))
      return c;
  return NULL;
}

/* Moves `from` and the siblings after it to body, before `at` (NULL: at
 * the end). */
static void move_run(xmlNodePtr from, xmlNodePtr body, xmlNodePtr at) {
  while (from) {
    xmlNodePtr next = from->next;
    xmlUnlinkNode(from);
    if (at)
      xmlAddPrevSibling(at, from);
    else
      xmlAddChild(body, from);
    from = next;
  }
}

static void repair_tree(htmlDocPtr doc) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root)
    return;
  /* Later top-level elements: their content joins the root. */
  for (xmlNodePtr n = root->next; n;) {
    xmlNodePtr next = n->next;
    if (n->type == XML_ELEMENT_NODE) {
      move_run(n->children, root, NULL);
      xmlUnlinkNode(n);
      xmlFreeNode(n);
    }
    n = next;
  }
  xmlNodePtr body = child_named(root, "body");
  /* A second body (from the second root): its content joins the first. */
  for (xmlNodePtr b = body ? body->next : NULL; b;) {
    xmlNodePtr next = b->next;
    if (named(b, "body")) {
      move_run(b->children, body, NULL);
      xmlUnlinkNode(b);
      xmlFreeNode(b);
    }
    b = next;
  }
  xmlNodePtr head = child_named(root, "head");
  if (!head)
    return;
  /* Body content inside an unclosed <title>, then in the head. */
  xmlNodePtr title = child_named(head, "title");
  xmlNodePtr from_title = NULL, from_head = NULL;
  for (xmlNodePtr c = title ? title->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) {
      from_title = c;
      break;
    }
  for (xmlNodePtr c = head->children; c; c = c->next)
    if (!head_matter(c)) {
      from_head = c;
      break;
    }
  if (!from_title && !from_head)
    return;
  if (!body) {
    body = xmlNewDocNode(doc, NULL, (const xmlChar *)"body", NULL);
    if (!body) {
      pith_nomem_note();
      return;
    }
    xmlAddChild(root, body);
  }
  xmlNodePtr at = body->children;
  if (from_title)
    move_run(from_title, body, at);
  if (from_head)
    move_run(from_head, body, at);
}

htmlDocPtr pith_parse_html(const char *utf8, size_t len, const char *url) {
  pthread_once(&libxml2_once, libxml2_init);
  size_t cut_len = 0;
  char *cut = NULL;
  if (!cut_in_one_pass(utf8, len, &cut, &cut_len)) {
    cut = cut_attribute_floods(utf8, len, &cut_len);
    if (cut) {
      utf8 = cut;
      len = cut_len;
    }
    char *uncommented = cut_bogus_comments(utf8, len, &cut_len);
    if (uncommented) {
      free(cut);
      cut = uncommented;
    }
  }
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
  if (doc)
    repair_tree(doc);
  free(cut);
  return doc;
}
