/* The semantic container: where the page's own markup says the article
 * is. trafilatura looks first in containers named by an ordered list of
 * rules (BODY_XPATH), each taking the first match in page order; those
 * rules, with the names rs-trafilatura adds, are the table below. */
#include <ctype.h>
#include <string.h>

#include "candidates.h"

/* Parts of a class or id, lower-cased with '-' and '_' taken out
 * ("entry-content", "entry_content", "entryContent" all give
 * "entrycontent"), that name the article's body. */
static const char *const body_names[] = {
    "articlebody",  "articlecontent", "articletext", "articlecontainer",
    "entrycontent", "entrybody",      "entrytext",   "postcontent",
    "postbody",     "posttext",       "postentry",   "storycontent",
    "storybody",    "storytext",      "bodytext",    "textcontent",
    "pagecontent",  "artcontent",     "wysiwyg",     "mwparseroutput",
    "richtext",     "blogpostbody",   "itemtext",    "newstext"};

/* Whole class tokens or ids that name one post (trafilatura: class
 * "post", "entry"). */
static const char *const post_tokens[] = {"post", "entry", "hentry", "article",
                                          "story"};

/* Names of a main content column (trafilatura's third and fourth rules). */
static const char *const column_names[] = {
    "storycontent", "blogcontent", "singlecontent", "sectioncontent",
    "maincolumn",   "fulltext",    "fieldbody",     "maincontent",
    "contentmain",  "contentbody", "content",       "primary"};

/* Copies an attribute lower-cased without '-' and '_' (at most size-1
 * bytes) and says whether any byte was kept. */
static int squeeze(const char *v, char *out, size_t size) {
  size_t o = 0;
  for (; v && *v && o + 1 < size; v++)
    if (*v != '-' && *v != '_')
      out[o++] = (char)tolower((unsigned char)*v);
  out[o] = '\0';
  return o > 0;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

enum {
  NAMES_BODY = 1,  /* a token holds one of body_names */
  NAMES_POST = 2,  /* a token is one of post_tokens */
  NAMES_COLUMN = 4 /* a token is one of column_names */
};

static int is_one_of(const char *sq, const char *const *names, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(sq, names[i]) == 0)
      return 1;
  return 0;
}

/* What the tokens of the attribute (split at white space), squeezed, name:
 * each token is squeezed once and looked up in the three lists. */
static unsigned attr_names(const char *v) {
  unsigned kinds = 0;
  if (!v)
    return 0;
  while (*v) {
    while (*v && isspace((unsigned char)*v))
      v++;
    const char *s = v;
    while (*v && !isspace((unsigned char)*v))
      v++;
    if (v == s)
      break;
    char tok[96], sq[96];
    size_t n =
        (size_t)(v - s) < sizeof tok - 1 ? (size_t)(v - s) : sizeof tok - 1;
    memcpy(tok, s, n);
    tok[n] = '\0';
    if (!squeeze(tok, sq, sizeof sq))
      continue;
    for (size_t i = 0; i < COUNT(body_names) && !(kinds & NAMES_BODY); i++)
      if (strstr(sq, body_names[i]))
        kinds |= NAMES_BODY;
    if (is_one_of(sq, post_tokens, COUNT(post_tokens)))
      kinds |= NAMES_POST;
    if (is_one_of(sq, column_names, COUNT(column_names)))
      kinds |= NAMES_COLUMN;
  }
  return kinds;
}

/* The rank of the rule an element matches, 0 for none: 5 the body itself
 * by its name or itemprop, 4 one post, 3 an <article>, 2 a content
 * column, 1 <main> or a "main..." name. */
int pith_semantic_rank(xmlNodePtr n) {
  node_info *i = NI(n);
  const char *ip = pith_dom_attr(n, "itemprop");
  if (ip && pith_ascii_strcasestr(ip, "articlebody"))
    return 5;
  unsigned names = attr_names(pith_dom_attr(n, "class")) |
                   attr_names(pith_dom_attr(n, "id"));
  if (names & NAMES_BODY)
    return 5;
  if (names & NAMES_POST)
    return 4;
  const char *role = pith_dom_attr(n, "role");
  if (i->tag == TAG_ARTICLE || (role && strcmp(role, "article") == 0))
    return 3;
  if (names & NAMES_COLUMN)
    return 2;
  if (i->tag == TAG_MAIN || (role && strcmp(role, "main") == 0))
    return 1;
  return 0;
}

xmlNodePtr pith_semantic_container(const pith_dom *dom) {
  xmlNodePtr first[6] = {0};
  size_t min_text = dom->tune->semantic_min_text;
  if (!NI(dom->body))
    return NULL;
  /* the body's elements from the array, a pruned box's inside skipped */
  size_t body = dom_index(dom, dom->body), end = NI(dom->body)->last;
  for (size_t k = body; k <= end;) {
    const node_info *i = &dom->info[k];
    if (i->flags & NI_PRUNED) {
      k = (size_t)i->last + 1;
      continue;
    }
    if (k != body && i->text_len - i->link_len >= min_text &&
        (size_t)i->link_len * 2 < i->text_len) {
      int rank = pith_semantic_rank(dom->elements[k]);
      if (rank && !first[rank])
        first[rank] = dom->elements[k];
    }
    k++;
  }
  for (int rank = 5; rank > 0; rank--)
    if (first[rank])
      return first[rank];
  return NULL;
}
