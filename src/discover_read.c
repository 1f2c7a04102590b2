/* Reading one fetched sitemap, feed, robots.txt or HTML page into the URLs
 * it lists (discover.c fetches them and keeps the URLs). Every document is
 * hostile input: gzip is undone under a cap, XML is read with libxml2's
 * streaming reader without network, DTD loading or entity substitution,
 * and a document declaring entities is refused before parsing. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>
#include <zlib.h>

#include "discover.h"
#include "internal.h"

static pith_status fail(char *msg, size_t size, pith_status st, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));
static pith_status fail(char *msg, size_t size, pith_status st, const char *fmt,
                        ...) {
  if (msg && size) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
  }
  return st;
}

/* ---- gzip ------------------------------------------------------------------
 */

/* Undoes gzip (or zlib) data into a new buffer of at most max bytes: a
 * "gzip bomb" stops at the cap, having cost max bytes and the time to
 * inflate them. */
static pith_status gunzip(const char *in, size_t len, size_t max, char **out,
                          size_t *out_len, char *msg, size_t size) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 32) != Z_OK)
    return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
  size_t cap = len * 4 < max ? (len * 4 < 65536 ? 65536 : len * 4) : max;
  char *buf = malloc(cap + 1);
  if (!buf) {
    inflateEnd(&z);
    return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
  }
  size_t have = 0;
  pith_status st = PITH_OK;
  z.next_in = (unsigned char *)(uintptr_t)in;
  int rc = Z_OK;
  size_t fed = 0;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && fed < len) {
      size_t n = len - fed > (1u << 30) ? (1u << 30) : len - fed;
      z.next_in = (unsigned char *)(uintptr_t)(in + fed);
      z.avail_in = (uInt)n;
      fed += n;
    }
    if (have == cap) {
      if (cap >= max) {
        st = fail(msg, size, PITH_ERR_TOO_LARGE, "over %zu bytes after gunzip",
                  max);
        break;
      }
      size_t ncap = cap * 2 < max ? cap * 2 : max;
      char *p = realloc(buf, ncap + 1);
      if (!p) {
        st = fail(msg, size, PITH_ERR_NOMEM, "out of memory");
        break;
      }
      buf = p;
      cap = ncap;
    }
    size_t room = cap - have > (1u << 30) ? (1u << 30) : cap - have;
    z.next_out = (unsigned char *)buf + have;
    z.avail_out = (uInt)room;
    rc = inflate(&z, Z_NO_FLUSH);
    have += room - z.avail_out;
    if (rc == Z_MEM_ERROR) {
      st = fail(msg, size, PITH_ERR_NOMEM, "out of memory");
      break;
    }
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR ||
        (rc == Z_BUF_ERROR && z.avail_in == 0 && fed == len)) {
      st = fail(msg, size, PITH_ERR_DECOMPRESS,
                "damaged or truncated gzip data");
      break;
    }
  }
  inflateEnd(&z);
  if (st != PITH_OK) {
    free(buf);
    return st;
  }
  buf[have] = '\0';
  *out = buf;
  *out_len = have;
  return PITH_OK;
}

/* ---- the reading state ----------------------------------------------------
 */

typedef struct reader_state {
  discover_emit_fn emit;
  void *ctx;
  size_t max_urls, urls;
  pith_status stop; /* set by emit, or PITH_ERR_LIMIT */
  char error[256];  /* libxml2's first error */
} reader_state;

/* The error of a reader that stopped early: the URL cap, or what the
 * callback returned. */
static pith_status stopped(const reader_state *r, char *msg, size_t size) {
  if (r->stop == PITH_ERR_LIMIT)
    return fail(msg, size, PITH_ERR_LIMIT,
                "more than %zu URLs in one document: the first %zu were "
                "taken",
                r->max_urls, r->max_urls);
  return fail(msg, size, r->stop, "%s", pith_strerror(r->stop));
}

static void emit_url(reader_state *r, discover_item item, const char *url) {
  if (r->stop != PITH_OK)
    return;
  if (r->urls >= r->max_urls) {
    r->stop = PITH_ERR_LIMIT;
    return;
  }
  r->urls++;
  pith_status st = r->emit(r->ctx, item, url);
  if (st != PITH_OK)
    r->stop = st;
}

static void trim_span(const char **s, size_t *n) {
  while (*n > 0 && isspace((unsigned char)**s)) {
    (*s)++;
    (*n)--;
  }
  while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
    (*n)--;
}

/* ---- XML: sitemaps and feeds ----------------------------------------------
 */

/* 1 when the prolog (what comes before the first element) declares an
 * entity. Entities are how "billion laughs" and external-entity documents
 * work, and no sitemap or feed needs one, so such a document is refused
 * before libxml2 sees it. An entity's value may hold "<tag", so the first
 * declaration is always met before anything that looks like an element. */
static int declares_entities(const char *s, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (s[i] != '<')
      continue;
    /* Comments and processing instructions may hold anything. */
    const char *close = n - i >= 4 && memcmp(s + i, "<!--", 4) == 0 ? "-->"
                        : s[i + 1] == '?'                           ? "?>"
                                                                    : NULL;
    if (close) {
      size_t k = i + 2, m = strlen(close);
      while (k + m <= n && memcmp(s + k, close, m) != 0)
        k++;
      if (k + m > n)
        return 0;
      i = k;
      continue;
    }
    unsigned char c = (unsigned char)s[i + 1];
    if (isalpha(c) || c == '_' || c == ':')
      return 0;
    if (c == '!' && n - i >= 8 && memcmp(s + i, "<!ENTITY", 8) == 0)
      return 1;
  }
  return 0;
}

static void on_xml_error(void *arg, xmlErrorPtr e) {
  reader_state *r = arg;
  if (!r->error[0] && e && e->message) {
    snprintf(r->error, sizeof r->error, "line %d: %s", e->line, e->message);
    size_t n = strlen(r->error);
    while (n > 0 && (r->error[n - 1] == '\n' || r->error[n - 1] == ' '))
      r->error[--n] = '\0';
  }
}

typedef enum xml_root {
  ROOT_NONE,
  ROOT_URLSET,  /* sitemap: urlset/url/loc */
  ROOT_INDEX,   /* sitemap index: sitemapindex/sitemap/loc */
  ROOT_RSS,     /* RSS 2.0: rss/channel/item/link (or guid) */
  ROOT_RDF,     /* RSS 1.0: RDF/item/link */
  ROOT_ATOM,    /* Atom: feed/entry/link[@rel=alternate]/@href */
  ROOT_UNKNOWN, /* another document */
} xml_root;

static xml_root root_of(const char *name) {
  static const struct {
    const char *name;
    xml_root root;
  } roots[] = {{"urlset", ROOT_URLSET},
               {"sitemapindex", ROOT_INDEX},
               {"rss", ROOT_RSS},
               {"RDF", ROOT_RDF},
               {"feed", ROOT_ATOM}};
  for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
    if (strcmp(name, roots[i].name) == 0)
      return roots[i].root;
  return ROOT_UNKNOWN;
}

/* The text of the element being read: <loc>, <link>, <guid>. */
typedef struct text_capture {
  int depth; /* the element's depth; -1 when none is captured */
  discover_item item;
  char *buf;
  size_t len, cap;
  int nomem;
} text_capture;

static void capture_add(text_capture *t, const char *s) {
  size_t n = strlen(s);
  /* A URL is short; a longer text is no URL and is not kept whole. */
  if (t->len + n > 65536)
    n = t->len < 65536 ? 65536 - t->len : 0;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->len + n + 1 < 256 ? 256 : (t->len + n + 1) * 2;
    char *p = realloc(t->buf, cap);
    if (!p) {
      t->nomem = 1;
      return;
    }
    t->buf = p;
    t->cap = cap;
  }
  memcpy(t->buf + t->len, s, n);
  t->len += n;
  t->buf[t->len] = '\0';
}

/* Which element of the document holds a URL, by its local name, its
 * parent's and the root: the item's place in each format. */
static int url_element(xml_root root, const char *name, const char *parent,
                       discover_item *item) {
  *item = DISCOVER_PAGE;
  switch (root) {
  case ROOT_URLSET:
    return strcmp(name, "loc") == 0 && strcmp(parent, "url") == 0;
  case ROOT_INDEX:
    *item = DISCOVER_SITEMAP;
    return strcmp(name, "loc") == 0 && strcmp(parent, "sitemap") == 0;
  case ROOT_RSS:
  case ROOT_RDF:
    return (strcmp(name, "link") == 0 || strcmp(name, "guid") == 0) &&
           strcmp(parent, "item") == 0;
  default:
    return 0;
  }
}

/* An Atom entry's link: rel="alternate" or no rel. */
static void atom_link(reader_state *r, xmlTextReaderPtr x, int *taken) {
  xmlChar *rel = xmlTextReaderGetAttribute(x, BAD_CAST "rel");
  xmlChar *href = xmlTextReaderGetAttribute(x, BAD_CAST "href");
  if (href && !*taken &&
      (!rel || strcmp((const char *)rel, "alternate") == 0)) {
    *taken = 1;
    emit_url(r, DISCOVER_PAGE, (const char *)href);
  }
  xmlFree(rel);
  xmlFree(href);
}

/* An RSS item names its page in <link>, else in a <guid> that is a
 * permalink (isPermaLink is true unless it says false). The item's first
 * such URL is taken. */
typedef struct item_state {
  int depth; /* the <item>/<entry> element's depth, or -1 */
  int taken;
  char *guid;
} item_state;

static void item_end(reader_state *r, item_state *it) {
  if (!it->taken && it->guid)
    emit_url(r, DISCOVER_PAGE, it->guid);
  free(it->guid);
  it->guid = NULL;
  it->depth = -1;
  it->taken = 0;
}

#define XML_MAX_DEPTH 64

static pith_status read_xml(reader_state *r, const char *doc, size_t len,
                            char *msg, size_t size) {
  if (declares_entities(doc, len))
    return fail(msg, size, PITH_ERR_PARSE,
                "declares entities (<!ENTITY): refused, as no sitemap or "
                "feed needs them");
  /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR or HUGE: entities stay
   * references, no DTD is read, libxml2's size limits hold. */
  xmlTextReaderPtr x = xmlReaderForMemory(doc, (int)len, NULL, NULL,
                                          XML_PARSE_NONET | XML_PARSE_NOERROR |
                                              XML_PARSE_NOWARNING);
  if (!x)
    return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
  xmlTextReaderSetStructuredErrorHandler(x, on_xml_error, r);
  char names[XML_MAX_DEPTH][16]; /* local names of the open elements */
  xml_root root = ROOT_NONE;
  text_capture t = {.depth = -1};
  item_state it = {.depth = -1};
  int rc = 0;
  while (r->stop == PITH_OK && !t.nomem && (rc = xmlTextReaderRead(x)) == 1) {
    int type = xmlTextReaderNodeType(x);
    int depth = xmlTextReaderDepth(x);
    if (type == XML_READER_TYPE_ELEMENT) {
      const char *name = (const char *)xmlTextReaderConstLocalName(x);
      if (!name)
        name = "";
      if (root == ROOT_NONE) {
        root = root_of(name);
        if (root == ROOT_UNKNOWN)
          break;
      }
      if (depth < XML_MAX_DEPTH)
        snprintf(names[depth], sizeof names[depth], "%s", name);
      const char *parent =
          depth > 0 && depth <= XML_MAX_DEPTH ? names[depth - 1] : "";
      int empty = xmlTextReaderIsEmptyElement(x);
      discover_item item;
      if ((root == ROOT_RSS || root == ROOT_RDF || root == ROOT_ATOM) &&
          (strcmp(name, "item") == 0 || strcmp(name, "entry") == 0) &&
          it.depth < 0 && !empty) {
        it.depth = depth;
      } else if (root == ROOT_ATOM && strcmp(name, "link") == 0 &&
                 strcmp(parent, "entry") == 0) {
        atom_link(r, x, &it.taken);
      } else if (!empty && t.depth < 0 &&
                 url_element(root, name, parent, &item)) {
        if (strcmp(name, "guid") == 0) {
          xmlChar *perm = xmlTextReaderGetAttribute(x, BAD_CAST "isPermaLink");
          int is_link = !perm || strcmp((const char *)perm, "false") != 0;
          xmlFree(perm);
          if (!is_link)
            continue;
        }
        t.depth = depth;
        t.item = item;
        t.len = 0;
        if (t.buf)
          t.buf[0] = '\0';
      }
    } else if ((type == XML_READER_TYPE_TEXT ||
                type == XML_READER_TYPE_CDATA) &&
               t.depth >= 0) {
      const char *v = (const char *)xmlTextReaderConstValue(x);
      if (v)
        capture_add(&t, v);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (depth == t.depth) {
        const char *s = t.buf ? t.buf : "";
        size_t n = t.len;
        trim_span(&s, &n);
        char *url = pith_strndup(s, n);
        if (!url) {
          t.nomem = 1;
        } else if (n > 0) {
          const char *name = (const char *)xmlTextReaderConstLocalName(x);
          if (name && strcmp(name, "guid") == 0 && it.depth >= 0) {
            if (!it.guid) {
              it.guid = url;
              url = NULL;
            }
          } else if (!(it.depth >= 0 && it.taken)) {
            it.taken = it.depth >= 0;
            emit_url(r, t.item, url);
          }
        }
        free(url);
        t.depth = -1;
      } else if (depth == it.depth) {
        item_end(r, &it);
      }
    }
  }
  free(t.buf);
  free(it.guid);
  xmlFreeTextReader(x);
  if (t.nomem || r->stop == PITH_ERR_NOMEM)
    return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
  if (r->stop != PITH_OK)
    return stopped(r, msg, size);
  if (root == ROOT_UNKNOWN)
    return fail(msg, size, PITH_ERR_PARSE,
                "neither a sitemap nor a feed (no <urlset>, <sitemapindex>, "
                "<rss>, <rdf:RDF> or <feed> root)");
  if (rc < 0 || root == ROOT_NONE)
    return fail(msg, size, PITH_ERR_PARSE, "not well-formed XML: %s",
                r->error[0] ? r->error : "no element");
  return PITH_OK;
}

/* ---- text documents -------------------------------------------------------
 */

/* A text sitemap (sitemaps.org: one URL a line, UTF-8). Any line that is
 * not an http(s) URL makes the document no sitemap. */
static pith_status read_text_sitemap(reader_state *r, const char *doc,
                                     size_t len, char *msg, size_t size) {
  size_t lines = 0;
  for (int pass = 0; pass < 2; pass++) {
    const char *p = doc, *end = doc + len;
    while (p < end && r->stop == PITH_OK) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      const char *s = p;
      size_t n = (size_t)((nl ? nl : end) - p);
      p = nl ? nl + 1 : end;
      trim_span(&s, &n);
      if (n == 0)
        continue;
      if (pass == 0) {
        if (!(n > 7 && strncasecmp(s, "http://", 7) == 0) &&
            !(n > 8 && strncasecmp(s, "https://", 8) == 0))
          return fail(msg, size, PITH_ERR_PARSE,
                      "not XML, and not a text sitemap (a line that is not "
                      "a URL: \"%.*s\")",
                      (int)(n < 40 ? n : 40), s);
        lines++;
        continue;
      }
      char *url = pith_strndup(s, n);
      if (!url)
        return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
      emit_url(r, DISCOVER_PAGE, url);
      free(url);
    }
    if (pass == 0 && lines == 0)
      return fail(msg, size, PITH_ERR_PARSE, "an empty document");
  }
  if (r->stop != PITH_OK)
    return stopped(r, msg, size);
  return PITH_OK;
}

/* robots.txt: its Sitemap: lines (any case, anywhere in the file, as
 * Google and the sitemaps.org protocol read them). */
static pith_status read_robots(reader_state *r, const char *doc, size_t len,
                               char *msg, size_t size) {
  const char *p = doc, *end = doc + len;
  while (p < end && r->stop == PITH_OK) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *s = p;
    size_t n = (size_t)((nl ? nl : end) - p);
    p = nl ? nl + 1 : end;
    trim_span(&s, &n);
    if (n < 8 || strncasecmp(s, "sitemap:", 8) != 0)
      continue;
    s += 8;
    n -= 8;
    trim_span(&s, &n);
    char *url = pith_strndup(s, n);
    if (!url)
      return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
    if (n > 0)
      emit_url(r, DISCOVER_SITEMAP, url);
    free(url);
  }
  if (r->stop == PITH_ERR_NOMEM)
    return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
  return PITH_OK;
}

/* ---- an HTML page's feeds -------------------------------------------------
 */

/* 1 when the space-separated list `rel` holds `word`, in any case. */
static int rel_has(const char *rel, const char *word) {
  size_t n = strlen(word);
  for (const char *p = rel; *p;) {
    while (*p && isspace((unsigned char)*p))
      p++;
    size_t k = 0;
    while (p[k] && !isspace((unsigned char)p[k]))
      k++;
    if (k == n && strncasecmp(p, word, n) == 0)
      return 1;
    p += k;
  }
  return 0;
}

static int is_feed_type(const char *type) {
  return type && (strncasecmp(type, "application/rss+xml", 19) == 0 ||
                  strncasecmp(type, "application/atom+xml", 20) == 0);
}

static void html_links(reader_state *r, xmlNode *n, int depth) {
  for (; n && r->stop == PITH_OK; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (strcasecmp((const char *)n->name, "link") == 0) {
      xmlChar *rel = xmlGetProp(n, BAD_CAST "rel");
      xmlChar *type = xmlGetProp(n, BAD_CAST "type");
      xmlChar *href = xmlGetProp(n, BAD_CAST "href");
      if (rel && href && rel_has((const char *)rel, "alternate") &&
          is_feed_type((const char *)type))
        emit_url(r, DISCOVER_FEED, (const char *)href);
      xmlFree(rel);
      xmlFree(type);
      xmlFree(href);
    }
    /* The links are in <head>; a page's body is not walked deep. */
    if (depth < 3)
      html_links(r, n->children, depth + 1);
  }
}

static pith_status read_html(reader_state *r, const char *doc, size_t len,
                             char *msg, size_t size) {
  htmlDocPtr d = htmlReadMemory(doc, (int)len, NULL, NULL,
                                HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
  if (!d)
    return fail(msg, size, PITH_ERR_PARSE, "an HTML page that cannot be read");
  size_t before = r->urls;
  html_links(r, xmlDocGetRootElement(d), 0);
  xmlFreeDoc(d);
  if (r->stop == PITH_ERR_NOMEM)
    return fail(msg, size, PITH_ERR_NOMEM, "out of memory");
  if (r->urls == before)
    return fail(msg, size, PITH_ERR_PARSE,
                "an HTML page, not a feed, and it links no feed "
                "(<link rel=alternate type=application/rss+xml or "
                "atom+xml>)");
  return PITH_OK;
}

/* ---- one document ---------------------------------------------------------
 */

static int looks_like_html(const char *s, size_t n, const char *ct) {
  if (ct && pith_content_type_is_html(ct) == 1 &&
      strncasecmp(ct, "text/html", 9) == 0)
    return 1;
  size_t i = 0;
  while (i < n && isspace((unsigned char)s[i]))
    i++;
  return (n - i >= 14 && strncasecmp(s + i, "<!doctype", 9) == 0 &&
          strncasecmp(s + i + 9, " html", 5) == 0) ||
         (n - i >= 5 && strncasecmp(s + i, "<html", 5) == 0);
}

pith_status pith_discover_read(pith_source_kind kind, const char *body,
                               size_t len, const char *content_type,
                               size_t max_bytes, size_t max_urls,
                               discover_emit_fn emit, void *ctx, char *msg,
                               size_t msg_size) {
  if (msg && msg_size)
    msg[0] = '\0';
  reader_state r = {.emit = emit, .ctx = ctx, .max_urls = max_urls};
  if (len > max_bytes)
    return fail(msg, msg_size, PITH_ERR_TOO_LARGE, "over %zu bytes", max_bytes);
  if (kind == PITH_SOURCE_ROBOTS)
    return read_robots(&r, body, len, msg, msg_size);
  char *plain = NULL;
  if (len >= 2 && (unsigned char)body[0] == 0x1f &&
      (unsigned char)body[1] == 0x8b) {
    pith_status st = gunzip(body, len, max_bytes, &plain, &len, msg, msg_size);
    if (st != PITH_OK)
      return st;
    body = plain;
  }
  pith_status st;
  size_t i = 0;
  /* A UTF-8 byte order mark, then white space, may come first. */
  if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && isspace((unsigned char)body[i]))
    i++;
  if (len > (size_t)INT_MAX)
    st = fail(msg, msg_size, PITH_ERR_TOO_LARGE, "over %zu bytes",
              (size_t)INT_MAX);
  else if (kind == PITH_SOURCE_FEED && looks_like_html(body, len, content_type))
    st = read_html(&r, body, len, msg, msg_size);
  else if (i < len && body[i] == '<')
    st = read_xml(&r, body, len, msg, msg_size);
  else if (kind == PITH_SOURCE_SITEMAP)
    st = read_text_sitemap(&r, body, len, msg, msg_size);
  else
    st = fail(msg, msg_size, PITH_ERR_PARSE, "not XML: %s",
              i < len ? "it does not start with '<'" : "an empty document");
  free(plain);
  return st;
}
