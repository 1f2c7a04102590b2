/* Tag table, per-node facts and iterative walks over the libxml2 tree. */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "dom.h"

struct tag_entry {
  const char *name;
  tag_id tag;
};

static const struct tag_entry tag_table[] = {
    {"a", TAG_A},
    {"abbr", TAG_ABBR},
    {"address", TAG_ADDRESS},
    {"applet", TAG_APPLET},
    {"area", TAG_AREA},
    {"article", TAG_ARTICLE},
    {"aside", TAG_ASIDE},
    {"audio", TAG_AUDIO},
    {"b", TAG_B},
    {"base", TAG_BASE},
    {"blockquote", TAG_BLOCKQUOTE},
    {"body", TAG_BODY},
    {"br", TAG_BR},
    {"button", TAG_BUTTON},
    {"canvas", TAG_CANVAS},
    {"caption", TAG_CAPTION},
    {"center", TAG_CENTER},
    {"cite", TAG_CITE},
    {"code", TAG_CODE},
    {"dd", TAG_DD},
    {"del", TAG_DEL},
    {"details", TAG_DETAILS},
    {"dialog", TAG_DIALOG},
    {"div", TAG_DIV},
    {"dl", TAG_DL},
    {"dt", TAG_DT},
    {"em", TAG_EM},
    {"embed", TAG_EMBED},
    {"fieldset", TAG_FIELDSET},
    {"figcaption", TAG_FIGCAPTION},
    {"figure", TAG_FIGURE},
    {"font", TAG_FONT},
    {"footer", TAG_FOOTER},
    {"form", TAG_FORM},
    {"frame", TAG_FRAME},
    {"frameset", TAG_FRAMESET},
    {"h1", TAG_H1},
    {"h2", TAG_H2},
    {"h3", TAG_H3},
    {"h4", TAG_H4},
    {"h5", TAG_H5},
    {"h6", TAG_H6},
    {"head", TAG_HEAD},
    {"header", TAG_HEADER},
    {"hgroup", TAG_HGROUP},
    {"hr", TAG_HR},
    {"html", TAG_HTML},
    {"i", TAG_I},
    {"iframe", TAG_IFRAME},
    {"img", TAG_IMG},
    {"input", TAG_INPUT},
    {"ins", TAG_INS},
    {"kbd", TAG_KBD},
    {"label", TAG_LABEL},
    {"legend", TAG_LEGEND},
    {"li", TAG_LI},
    {"link", TAG_LINK},
    {"main", TAG_MAIN},
    {"map", TAG_MAP},
    {"mark", TAG_MARK},
    {"math", TAG_MATH},
    {"menu", TAG_MENU},
    {"meta", TAG_META},
    {"nav", TAG_NAV},
    {"noscript", TAG_NOSCRIPT},
    {"object", TAG_OBJECT},
    {"ol", TAG_OL},
    {"option", TAG_OPTION},
    {"p", TAG_P},
    {"picture", TAG_PICTURE},
    {"pre", TAG_PRE},
    {"q", TAG_Q},
    {"s", TAG_S},
    {"samp", TAG_SAMP},
    {"script", TAG_SCRIPT},
    {"section", TAG_SECTION},
    {"select", TAG_SELECT},
    {"small", TAG_SMALL},
    {"source", TAG_SOURCE},
    {"span", TAG_SPAN},
    {"strong", TAG_STRONG},
    {"style", TAG_STYLE},
    {"sub", TAG_SUB},
    {"summary", TAG_SUMMARY},
    {"sup", TAG_SUP},
    {"svg", TAG_SVG},
    {"table", TAG_TABLE},
    {"tbody", TAG_TBODY},
    {"td", TAG_TD},
    {"template", TAG_TEMPLATE},
    {"textarea", TAG_TEXTAREA},
    {"tfoot", TAG_TFOOT},
    {"th", TAG_TH},
    {"thead", TAG_THEAD},
    {"time", TAG_TIME},
    {"title", TAG_TITLE},
    {"tr", TAG_TR},
    {"track", TAG_TRACK},
    {"tt", TAG_TT},
    {"u", TAG_U},
    {"ul", TAG_UL},
    {"var", TAG_VAR},
    {"video", TAG_VIDEO},
};

/* libxml2's HTML parser gives every element a copy of its name, so a
 * lookup runs for every element of the page: an open-addressed hash of the
 * table (built once) costs one string comparison where a binary search
 * costs seven. */
#define TAG_SLOTS 256
_Static_assert(TAG_SLOTS >= 2 * sizeof tag_table / sizeof *tag_table,
               "the tag hash needs room");
static const struct tag_entry *tag_slots[TAG_SLOTS];
static pthread_once_t tag_slots_once = PTHREAD_ONCE_INIT;

static size_t tag_hash(const char *name) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *name; name++)
    h = (h ^ (unsigned char)*name) * 16777619u;
  return h & (TAG_SLOTS - 1);
}

static void build_tag_slots(void) {
  for (size_t i = 0; i < sizeof tag_table / sizeof *tag_table; i++) {
    size_t h = tag_hash(tag_table[i].name);
    while (tag_slots[h])
      h = (h + 1) & (TAG_SLOTS - 1);
    tag_slots[h] = &tag_table[i];
  }
}

tag_id pith_tag_lookup(const char *name) {
  if (!name)
    return TAG_OTHER;
  pthread_once(&tag_slots_once, build_tag_slots);
  for (size_t h = tag_hash(name);; h = (h + 1) & (TAG_SLOTS - 1)) {
    const struct tag_entry *e = tag_slots[h];
    if (!e)
      return TAG_OTHER;
    if (strcmp(e->name, name) == 0)
      return e->tag;
  }
}

int pith_tag_is_heading(tag_id t) {
  return t >= TAG_H1 && t <= TAG_H6;
}

int pith_tag_is_block(tag_id t) {
  switch (t) {
  case TAG_ADDRESS:
  case TAG_ARTICLE:
  case TAG_ASIDE:
  case TAG_BLOCKQUOTE:
  case TAG_BODY:
  case TAG_CAPTION:
  case TAG_CENTER:
  case TAG_DD:
  case TAG_DETAILS:
  case TAG_DIALOG:
  case TAG_DIV:
  case TAG_DL:
  case TAG_DT:
  case TAG_FIELDSET:
  case TAG_FIGCAPTION:
  case TAG_FIGURE:
  case TAG_FOOTER:
  case TAG_FORM:
  case TAG_H1:
  case TAG_H2:
  case TAG_H3:
  case TAG_H4:
  case TAG_H5:
  case TAG_H6:
  case TAG_HEADER:
  case TAG_HGROUP:
  case TAG_HR:
  case TAG_HTML:
  case TAG_LI:
  case TAG_MAIN:
  case TAG_MENU:
  case TAG_NAV:
  case TAG_OL:
  case TAG_P:
  case TAG_PRE:
  case TAG_SECTION:
  case TAG_SUMMARY:
  case TAG_TABLE:
  case TAG_TBODY:
  case TAG_TD:
  case TAG_TFOOT:
  case TAG_TH:
  case TAG_THEAD:
  case TAG_TR:
  case TAG_UL:
  case TAG_LEGEND:
  case TAG_OPTION:
  case TAG_SELECT:
  case TAG_TEXTAREA:
  case TAG_IFRAME:
  case TAG_VIDEO:
  case TAG_AUDIO:
  case TAG_PICTURE:
  case TAG_SVG:
  case TAG_OBJECT:
  case TAG_CANVAS:
  case TAG_NOSCRIPT:
  case TAG_SCRIPT:
  case TAG_STYLE:
  case TAG_TEMPLATE:
  case TAG_FRAMESET:
  case TAG_MATH:
    return 1;
  default:
    return 0;
  }
}

xmlNodePtr pith_dom_next(xmlNodePtr cur, xmlNodePtr root, int skip_children) {
  if (!skip_children && cur->children)
    return cur->children;
  while (cur && cur != root) {
    if (cur->next)
      return cur->next;
    cur = cur->parent;
  }
  return NULL;
}

const char *pith_dom_attr(xmlNodePtr n, const char *name) {
  /* The first letters, compared case-folded, rule out most attributes
   * before strcasecmp is called: this runs for many elements per page. */
  int first = name[0] | 0x20;
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    if (a->name && (a->name[0] | 0x20) == first &&
        strcasecmp((const char *)a->name, name) == 0) {
      if (a->children && a->children->type == XML_TEXT_NODE)
        return (const char *)a->children->content;
      return "";
    }
  }
  return NULL;
}

int pith_dom_is_pruned(xmlNodePtr n) {
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (NI(n) && (NI(n)->flags & NI_PRUNED))
      return 1;
  return 0;
}

/* ---- class and id words --------------------------------------------------
 * A class token such as "article-share__bar" or "shareBar" is cut into
 * lower-case segments ("article", "share", "bar"); rules look at segments, so
 * "share" matches "share-tools" but not "shareholder". */

enum word_kind {
  W_NONE = 0,
  W_BOILER = 1,
  W_CONTENT = 2,
  W_STRONG = 4, /* the boilerplate word names the box wherever it stands */
  W_COMMENT = 8 /* names readers' comments (for comments.c) */
};

static const char *const boiler_words[] = {
    "ad",           "ads",
    "adsense",      "advert",
    "adverts",      "advertisement",
    "advertising",  "affiliate",
    "banner",       "bio",
    "breadcrumb",   "breadcrumbs",
    "comment",      "comments",
    "commentlist",  "community",
    "consent",      "cookie",
    "cookies",      "crumbs",
    "disqus",       "dropdown",
    "footer",       "follow",
    "gdpr",         "links",
    "login",        "masthead",
    "menu",         "modal",
    "mostpopular",  "mostread",
    "nav",          "navbar",
    "navigation",   "newsletter",
    "newsletters",  "outbrain",
    "pagination",   "pager",
    "paywall",      "popular",
    "popup",        "print",
    "promo",        "promos",
    "promotion",    "recirc",
    "recommend",    "recommendations",
    "recommended",  "related",
    "replies",      "reply",
    "respond",      "rss",
    "share",        "sharebar",
    "shares",       "sharing",
    "shoutbox",     "sidebar",
    "signup",       "skiplink",
    "social",       "sponsor",
    "sponsored",    "subscribe",
    "subscription", "taboola",
    "tagcloud",     "teaser",
    "teasers",      "toolbar",
    "tools",        "trending",
    "widget",       "widgets",
    "byline",       "dateline",
    "breaking",     "ticker",
    "overlay",      "toc",
    "jump",         "readmore",
    "upsell",       "donate",
    "survey",       "credits",
    "credit",       "caption",
    "disclaimer",   "copyright",
    "author",       "authors",
    "meta",         "metadata",
    "timestamp",    "published",
    "rating",       "ratings",
    "tags",         "search",
    "foot",         "lightbox",
    "hidden",       "offscreen",
    "header",       "rail",
};

/* Boilerplate words that name the box wherever they stand in a token. */
static const char *const strong_boiler_words[] = {
    "byline",     "dateline",    "copyright",  "disclaimer",    "timestamp",
    "tags",       "tagcloud",    "author",     "authors",       "bio",
    "meta",       "metadata",    "published",  "rating",        "ratings",
    "print",      "toolbar",     "tools",      "follow",        "donate",
    "survey",     "upsell",      "subscribe",  "subscription",  "signup",
    "login",      "search",      "caption",    "credit",        "credits",
    "ad",         "ads",         "advert",     "advertisement", "advertising",
    "breadcrumb", "breadcrumbs", "comment",    "comments",      "commentlist",
    "consent",    "cookie",      "disqus",     "footer",        "menu",
    "nav",        "navbar",      "navigation", "newsletter",    "outbrain",
    "promo",      "recommended", "related",    "replies",       "reply",
    "respond",    "share",       "sharebar",   "sharing",       "sidebar",
    "social",     "sponsor",     "sponsored",  "taboola",
};

static const char *const content_words[] = {
    "article",  "articlebody", "body",  "content",  "entry",
    "hentry",   "main",        "post",  "story",    "text",
    "blog",     "column",      "prose", "richtext", "storybody",
    "postbody", "wysiwyg",     "copy",  "page",     "ingredients",
};

/* Words that name a section of readers' comments. */
static const char *const comment_words[] = {
    "comment",     "comments",    "commentlist",  "commentlisting",
    "commentbox",  "commentwrap", "disqus",       "dsq",
    "respond",     "responses",   "replies",      "trackbacks",
    "pingbacks",   "talkback",    "kommentare",   "kommentar",
    "comentarios", "comentario",  "commentaires", "commentaire",
    "commenti",    "reacties",    "reactions"};

/* Every word of the lists above with what it says, sorted once for a
 * binary search: this runs for every class and id segment of every
 * element. */
typedef struct word_entry {
  const char *word;
  unsigned kinds; /* W_BOILER, W_STRONG (a strong boilerplate word),
                     W_CONTENT, W_COMMENT */
} word_entry;

#define NWORDS                                                                 \
  (sizeof boiler_words / sizeof *boiler_words +                                \
   sizeof strong_boiler_words / sizeof *strong_boiler_words +                  \
   sizeof content_words / sizeof *content_words +                              \
   sizeof comment_words / sizeof *comment_words)

static word_entry word_table[NWORDS];
static size_t word_count;

/* A power of two at least twice NWORDS, so that probes stay short. */
#define WORD_SLOTS 1024
static const word_entry *word_slots[WORD_SLOTS];
_Static_assert(WORD_SLOTS >= 2 * NWORDS, "the word hash needs room");

static size_t word_hash(const char *w, size_t n) {
  size_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  return h & (WORD_SLOTS - 1);
}
/* The bytes of class and id tokens as the C locale's isalnum, isupper
 * and islower see them, one look-up per byte (built with the word table). */
enum { CH_ALNUM = 1, CH_UPPER = 2, CH_LOWER = 4 };
static unsigned char char_kind[256];

static void build_char_kind(void) {
  for (int c = '0'; c <= '9'; c++)
    char_kind[c] = CH_ALNUM;
  for (int c = 'a'; c <= 'z'; c++) {
    char_kind[c] = CH_ALNUM | CH_LOWER;
    char_kind[c - 'a' + 'A'] = CH_ALNUM | CH_UPPER;
  }
}

static pthread_once_t word_table_once = PTHREAD_ONCE_INIT;

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const word_entry *)a)->word, ((const word_entry *)b)->word);
}

static void add_words(const char *const *list, size_t count, unsigned kind) {
  for (size_t i = 0; i < count; i++) {
    size_t k = 0;
    while (k < word_count && strcmp(word_table[k].word, list[i]) != 0)
      k++;
    if (k == word_count)
      word_table[word_count++].word = list[i];
    word_table[k].kinds |= kind;
  }
}

static void build_word_table(void) {
  build_char_kind();
  add_words(boiler_words, sizeof boiler_words / sizeof *boiler_words, W_BOILER);
  add_words(strong_boiler_words,
            sizeof strong_boiler_words / sizeof *strong_boiler_words, W_STRONG);
  add_words(content_words, sizeof content_words / sizeof *content_words,
            W_CONTENT);
  add_words(comment_words, sizeof comment_words / sizeof *comment_words,
            W_COMMENT);
  qsort(word_table, word_count, sizeof *word_table, entry_cmp);
  for (size_t i = 0; i < word_count; i++) {
    const char *w = word_table[i].word;
    size_t h = word_hash(w, strlen(w));
    while (word_slots[h])
      h = (h + 1) & (WORD_SLOTS - 1);
    word_slots[h] = &word_table[i];
  }
}

/* What a lower-case segment (sl bytes, NUL-terminated) says (0: nothing). The
 * lookup runs for every class and id segment of every element: an
 * open-addressed hash of the table costs one string comparison where a binary
 * search costs eight. classify_token, its caller, builds the table. */
static unsigned word_kinds(const char *seg, size_t sl) {
  for (size_t h = word_hash(seg, sl);; h = (h + 1) & (WORD_SLOTS - 1)) {
    const word_entry *e = word_slots[h];
    if (!e)
      return 0;
    if (strcmp(e->word, seg) == 0)
      return e->kinds;
  }
}

static int word_in(const char *w, size_t n, const char *const *list,
                   size_t count) {
  /* The first letter rules out nearly every word before its length is
   * taken: this runs for every class and id segment of every element. */
  for (size_t i = 0; i < count; i++)
    if (list[i][0] == w[0] && strncmp(list[i], w, n) == 0 && list[i][n] == '\0')
      return 1;
  return 0;
}

/* What a segment made of a content word and "content" or "body" run
 * together says ("storycontent", "postbody", "maincontent": the classes
 * of older themes, which Readability finds by matching "content" anywhere
 * in a name): W_CONTENT, or 0. Not "text" or "copy" at the end:
 * "storytext" names a font style that sites put on sidebar lists too. */
static unsigned compound_kinds(const char *seg, size_t sl) {
  char head[64];
  if (sl < 8 || sl >= sizeof head)
    return 0;
  for (size_t k = 4; k + 4 <= sl; k++) {
    memcpy(head, seg, k);
    head[k] = '\0';
    if (word_kinds(head, k) == W_CONTENT &&
        (strcmp(seg + k, "content") == 0 || strcmp(seg + k, "body") == 0))
      return W_CONTENT;
  }
  return 0;
}

/* Splits one token into segments and reports what its segments say. */
static unsigned classify_token(const char *tok, size_t len) {
  pthread_once(&word_table_once, build_word_table);
  char seg[64];
  size_t sl = 0;
  unsigned kinds = 0;
  size_t nsegs = 0;
  char first[64], last[64];
  first[0] = last[0] = '\0';
  int has_and = 0, strong_boiler = 0, last_is_content = 0, print = 0;
  unsigned comment = 0;
  /* A BEM modifier ("section--ads", "teaser--has-video") describes a state
   * of the box, not what it is: only the part before "--" names it. */
  for (size_t i = 0; i + 1 < len; i++)
    if (tok[i] == '-' && tok[i + 1] == '-' && i > 0) {
      len = i;
      break;
    }
  for (size_t i = 0; i <= len; i++) {
    unsigned ck = i == len ? 0 : char_kind[(unsigned char)tok[i]];
    int boundary = !(ck & CH_ALNUM);
    int camel = (ck & CH_UPPER) && i > 0 &&
                (char_kind[(unsigned char)tok[i - 1]] & CH_LOWER);
    if ((boundary || camel) && sl) {
      seg[sl] = '\0';
      if (nsegs == 0)
        memcpy(first, seg, sl + 1);
      memcpy(last, seg, sl + 1);
      nsegs++;
      if (strcmp(seg, "and") == 0)
        has_and = 1;
      last_is_content = 0;
      unsigned says = word_kinds(seg, sl);
      if (!says)
        says = compound_kinds(seg, sl);
      if (says & W_BOILER) {
        kinds |= W_BOILER;
        if (says & W_STRONG) {
          if (strcmp(seg, "print") == 0)
            print = 1;
          else
            strong_boiler = 1;
        }
      }
      if (says & W_CONTENT) {
        kinds |= W_CONTENT;
        last_is_content = 1;
      }
      comment |= says & W_COMMENT;
      sl = 0;
    }
    if (!boundary && sl < sizeof seg - 1)
      seg[sl++] = (char)(ck & CH_UPPER ? tok[i] | 0x20 : tok[i]);
  }
  /* WordPress marks an article with taxonomy classes ("tag-politics",
   * "category-news"): a leading "tag"/"category" names a term, not a box. */
  if (nsegs > 1 &&
      (strcmp(first, "tag") == 0 || strcmp(first, "category") == 0))
    kinds &= ~(unsigned)W_BOILER;
  /* "sidebar-and-content", "nav-and-article": a wrapper of both
   * (Readability's "and" exception). */
  if (has_and)
    kinds &= ~(unsigned)W_BOILER;
  /* "sr-only", "visually-hidden", "screen-reader-text": text for screen
   * readers only, usually "Share on Facebook" and the like. */
  if ((strcmp(first, "sr") == 0 && strcmp(last, "only") == 0) ||
      (strcmp(first, "visually") == 0) ||
      (strcmp(first, "screen") == 0 && nsegs >= 2))
    kinds = W_BOILER;
  /* A word that only says how a box looks ("has-sidebar", "no-comments",
   * "with-ads") describes the page around it, not itself. */
  if (nsegs > 1 && (strcmp(first, "has") == 0 || strcmp(first, "no") == 0 ||
                    strcmp(first, "with") == 0 || strcmp(first, "is") == 0 ||
                    strcmp(first, "show") == 0))
    kinds &= ~(unsigned)W_BOILER;
  /* Within one token a boilerplate word wins ("article-share" is a share
   * bar, "comment-body" a comment), unless the word is a weak one and the
   * token ends on a content word: the last word names the box
   * ("elementor-widget-theme-post-content" holds the post). */
  /* "print" names a print button or link ("print-page-link"), or, ending
   * on a content word, the part of the page made for printing: the
   * article ("print-this-content"). */
  if (print && !last_is_content)
    strong_boiler = 1;
  if (kinds & W_BOILER) {
    if (!strong_boiler && last_is_content)
      kinds &= ~(unsigned)W_BOILER;
    else
      kinds &= ~(unsigned)W_CONTENT;
  }
  if ((kinds & W_BOILER) && strong_boiler)
    kinds |= W_STRONG;
  return kinds | comment;
}

/* classify_token is a function of the token's bytes alone, and the same
 * tokens ("item", "nav-link", "col-md-4") recur across the class values of
 * a page and across pages, while whole values seldom repeat: each thread
 * keeps the verdicts of recent short tokens, copied, so that they outlive
 * the page they came from. */
#define TOKEN_CACHE_SLOTS 512
#define TOKEN_CACHE_MAX 31
typedef struct token_slot {
  unsigned char len; /* 0: empty */
  char bytes[TOKEN_CACHE_MAX];
  unsigned kinds;
} token_slot;
static _Thread_local token_slot token_cache[TOKEN_CACHE_SLOTS];

static unsigned classify_token_cached(const char *tok, size_t len) {
  if (len > TOKEN_CACHE_MAX)
    return classify_token(tok, len);
  token_slot *slot = &token_cache[pith_hash_bytes(tok, len) >> 55];
  if (slot->len == len && memcmp(slot->bytes, tok, len) == 0)
    return slot->kinds;
  slot->kinds = classify_token(tok, len);
  slot->len = (unsigned char)len;
  memcpy(slot->bytes, tok, len);
  return slot->kinds;
}
_Static_assert(TOKEN_CACHE_SLOTS == 512, "the slot is the hash's top 9 bits");

static unsigned classify_attr(const char *v) {
  unsigned kinds = 0;
  if (!v)
    return 0;
  const char *p = v;
  while (*p) {
    while (*p && isspace((unsigned char)*p))
      p++;
    const char *s = p;
    while (*p && !isspace((unsigned char)*p))
      p++;
    if (p > s && p - s < 200)
      kinds |= classify_token_cached(s, (size_t)(p - s));
  }
  return kinds;
}

static unsigned classify_node(xmlNodePtr n) {
  return classify_attr(pith_dom_attr(n, "class")) |
         classify_attr(pith_dom_attr(n, "id"));
}

/* Whether a segment of the node's class or id is one of the words. */
static int attr_has_word(const char *v, const char *const *words,
                         size_t count) {
  char seg[64];
  size_t sl = 0;
  if (!v)
    return 0;
  for (const char *p = v;; p++) {
    int boundary = !*p || !isalnum((unsigned char)*p);
    int camel = !boundary && p > v && isupper((unsigned char)*p) &&
                islower((unsigned char)p[-1]);
    if ((boundary || camel) && sl) {
      if (word_in(seg, sl, words, count))
        return 1;
      sl = 0;
    }
    if (!*p)
      return 0;
    if (!boundary && sl < sizeof seg)
      seg[sl++] = (char)tolower((unsigned char)*p);
  }
}

int pith_class_has_word(xmlNodePtr n, const char *const *words, size_t count) {
  return attr_has_word(pith_dom_attr(n, "class"), words, count) ||
         attr_has_word(pith_dom_attr(n, "id"), words, count);
}

int pith_class_is_boilerplate(xmlNodePtr n) {
  unsigned k = classify_node(n);
  return (k & W_BOILER) && !(k & W_CONTENT);
}

int pith_class_is_content(xmlNodePtr n) {
  unsigned k = classify_node(n);
  return (k & W_CONTENT) && !(k & W_BOILER);
}

/* ---- annotation ---------------------------------------------------------- */

/* The attributes annotate reads, found in one pass over the element's
 * attributes: each value as pith_dom_attr gives it (the first attribute of
 * that name, ASCII case folded; "" for one without a text value; NULL when
 * absent). */
typedef struct annotate_attrs {
  const char *hidden, *aria_hidden, *style, *class_, *id, *itemprop, *role;
} annotate_attrs;

static void read_attrs(xmlNodePtr n, annotate_attrs *at) {
  memset(at, 0, sizeof *at);
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const char *name = (const char *)a->name;
    if (!name)
      continue;
    const char **slot = NULL;
    switch (name[0] | 0x20) {
    case 'h':
      slot = strcasecmp(name, "hidden") == 0 ? &at->hidden : NULL;
      break;
    case 'a':
      slot = strcasecmp(name, "aria-hidden") == 0 ? &at->aria_hidden : NULL;
      break;
    case 's':
      slot = strcasecmp(name, "style") == 0 ? &at->style : NULL;
      break;
    case 'r':
      slot = strcasecmp(name, "role") == 0 ? &at->role : NULL;
      break;
    case 'c':
      slot = strcasecmp(name, "class") == 0 ? &at->class_ : NULL;
      break;
    case 'i':
      slot = strcasecmp(name, "id") == 0         ? &at->id
             : strcasecmp(name, "itemprop") == 0 ? &at->itemprop
                                                 : NULL;
      break;
    default:
      break;
    }
    if (!slot || *slot)
      continue;
    *slot = a->children && a->children->type == XML_TEXT_NODE
                ? (const char *)a->children->content
                : "";
  }
}

/* ARIA roles of page chrome (prune.c drops such boxes). */
static int role_is_chrome(const char *role) {
  static const char *const roles[] = {"navigation",    "banner",  "contentinfo",
                                      "complementary", "menu",    "menubar",
                                      "search",        "dialog",  "alertdialog",
                                      "toolbar",       "tablist", "alert"};
  if (!role)
    return 0;
  for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
    if (strcasecmp(role, roles[i]) == 0)
      return 1;
  return 0;
}

static int is_hidden(const annotate_attrs *at) {
  if (at->hidden)
    return 1;
  const char *a = at->aria_hidden;
  if (a && strcasecmp(a, "true") == 0)
    return 1;
  const char *style = at->style;
  if (style) {
    char compact[128];
    size_t o = 0;
    for (const char *p = style; *p && o < sizeof compact - 1; p++)
      if (!isspace((unsigned char)*p))
        compact[o++] = (char)tolower((unsigned char)*p);
    compact[o] = '\0';
    if (strstr(compact, "display:none") || strstr(compact, "visibility:hidden"))
      return 1;
  }
  return 0;
}

/* Byte classes for count_text: TC_RUN marks a byte that needs no more
 * than counting (no white space, no comma, not the lead byte of a wide
 * comma); TC_STARTS a byte that starts a character (not a UTF-8
 * continuation byte). */
enum { TC_STARTS = 1, TC_RUN = 2 };

static unsigned char text_class[256];
static pthread_once_t text_class_once = PTHREAD_ONCE_INIT;

static void build_text_class(void) {
  for (int b = 0x21; b < 0x100; b++)
    text_class[b] = (unsigned char)(TC_RUN | ((b & 0xC0) != 0x80));
  text_class[0x7F] = TC_RUN | TC_STARTS;
  text_class[','] = text_class[0xEF] = text_class[0xE3] = 0;
}

/* Counts the visible characters and commas from p to the NUL, adding them
 * to *chars and *commas; *in_space says whether the byte before p was
 * white space (or p is the text's start). Runs of ordinary bytes are
 * counted by a table look-up, the rest one by one. */
static void count_text_bytes(const unsigned char *p, int in_space,
                             size_t *chars, size_t *commas) {
  size_t c = 0, k = 0;
  for (;;) {
    unsigned t;
    if (text_class[*p]) {
      in_space = 0;
      while ((t = text_class[*p]) != 0) {
        c += t & TC_STARTS;
        p++;
      }
    }
    if (!*p)
      break;
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
      if (!in_space)
        c++;
      in_space = 1;
      p++;
      continue;
    }
    in_space = 0;
    if ((*p & 0xC0) != 0x80)
      c++;
    if (*p == ',')
      k++;
    else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* fullwidth , */
      k++;
    else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81) /* ideographic */
      k++;
    p++;
  }
  *chars += c;
  *commas += k;
}

#ifdef __SSE2__
/* The same count sixteen bytes at a time, over the first n bytes (n a
 * multiple of 16) of a text whose NUL comes at or after p + n: a byte
 * counts when it starts a character and is no white space, a run of white
 * space counts once when a byte that is none comes before it. Returns
 * whether the last byte was white space. */
static int count_text_wide(const unsigned char *p, size_t n, int in_space,
                           size_t *chars, size_t *commas) {
  const __m128i space = _mm_set1_epi8(' '), newline = _mm_set1_epi8('\n'),
                tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r'),
                comma = _mm_set1_epi8(','), cont = _mm_set1_epi8(-64),
                lead_ef = _mm_set1_epi8((char)0xEF),
                lead_e3 = _mm_set1_epi8((char)0xE3), zero = _mm_setzero_si128();
  __m128i prev = in_space ? _mm_set1_epi8(-1) : zero;
  size_t c = 0, k = 0;
  while (n) {
    /* byte counters, summed before they can wrap */
    size_t blocks = n / 16 < 255 ? n / 16 : 255;
    __m128i acc_c = zero, acc_k = zero;
    for (size_t b = 0; b < blocks; b++, p += 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
      __m128i ws = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, newline)),
          _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, cr)));
      /* continuation bytes, 0x80 to 0xBF, are below -64 as signed bytes */
      __m128i skip = _mm_or_si128(ws, _mm_cmplt_epi8(v, cont));
      __m128i before =
          _mm_or_si128(_mm_slli_si128(ws, 1), _mm_srli_si128(prev, 15));
      __m128i run_starts = _mm_andnot_si128(before, ws);
      /* the two masks are disjoint: each byte adds 0 or 1 (0xFF is -1) */
      acc_c = _mm_sub_epi8(
          acc_c, _mm_or_si128(_mm_cmpeq_epi8(skip, zero), run_starts));
      acc_k = _mm_sub_epi8(acc_k, _mm_cmpeq_epi8(v, comma));
      unsigned wide = (unsigned)_mm_movemask_epi8(
          _mm_or_si128(_mm_cmpeq_epi8(v, lead_ef), _mm_cmpeq_epi8(v, lead_e3)));
      while (wide) {
        const unsigned char *q = p + __builtin_ctz(wide);
        wide &= wide - 1;
        /* q[1] may be the NUL, which ends the test before q[2] */
        if ((q[0] == 0xEF && q[1] == 0xBC && q[2] == 0x8C) ||
            (q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x81))
          k++;
      }
      prev = ws;
    }
    n -= blocks * 16;
    __m128i sc = _mm_sad_epu8(acc_c, zero), sk = _mm_sad_epu8(acc_k, zero);
    c += (size_t)_mm_cvtsi128_si32(sc) +
         (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sc, 8));
    k += (size_t)_mm_cvtsi128_si32(sk) +
         (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sk, 8));
  }
  *chars += c;
  *commas += k;
  return (_mm_movemask_epi8(prev) >> 15) & 1;
}
#endif

/* Visible characters in a text node: each run of white space counts as one.
 * Every byte of the page's text passes here. */
static void count_text(const char *s, size_t *chars, size_t *commas) {
  pthread_once(&text_class_once, build_text_class);
  const unsigned char *p = (const unsigned char *)s;
  int in_space = 1;
  *chars = *commas = 0;
#ifdef __SSE2__
  size_t len = strlen(s);
  if (len >= 16) {
    size_t wide = len & ~(size_t)15;
    in_space = count_text_wide(p, wide, in_space, chars, commas);
    p += wide;
  }
#endif
  count_text_bytes(p, in_space, chars, commas);
}

/* The nodes annotate reads (elements, text and CDATA), in document order,
 * gathered in one walk over the tree. The walk follows pointers from node
 * to node, each load waiting for the one before; annotate then reads the
 * nodes from this array, where the loads do not wait on each other. */
typedef struct node_list {
  xmlNodePtr *items;
  size_t count, cap;
  size_t elements;
} node_list;

static int node_list_push(node_list *list, xmlNodePtr n) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 1024;
    xmlNodePtr *items = realloc(list->items, cap * sizeof *items);
    if (!items)
      return -1;
    list->items = items;
    list->cap = cap;
  }
  list->items[list->count++] = n;
  return 0;
}

/* The walk: whether an element nests deeper than max_depth below root
 * (root at depth 1), and the nodes to annotate; past max_nodes elements
 * nothing more is gathered, but the depth check goes on. */
static int gather_nodes(xmlNodePtr root, size_t max_depth, size_t max_nodes,
                        node_list *list) {
  size_t depth = 1;
  xmlNodePtr n = root;
  for (;;) {
    if (n->type == XML_ELEMENT_NODE) {
      if (depth > max_depth)
        return PITH_DOM_TOO_DEEP;
      if (list->elements <= max_nodes && ++list->elements <= max_nodes &&
          node_list_push(list, n) < 0)
        return PITH_DOM_NOMEM;
    } else if ((n->type == XML_TEXT_NODE ||
                n->type == XML_CDATA_SECTION_NODE) &&
               list->elements <= max_nodes) {
      if (node_list_push(list, n) < 0)
        return PITH_DOM_NOMEM;
    }
    if (n->children) {
      n = n->children;
      depth++;
      continue;
    }
    while (n != root && !n->next) {
      n = n->parent;
      depth--;
    }
    if (n == root)
      break;
    n = n->next;
  }
  return list->elements > max_nodes ? PITH_DOM_TOO_MANY : 0;
}

int pith_dom_annotate(pith_dom *dom, size_t max_nodes, int *over_limit) {
  *over_limit = 0;
  int rc = pith_dom_read(dom, SIZE_MAX, max_nodes);
  if (rc == PITH_DOM_TOO_MANY)
    *over_limit = 1;
  return rc ? -1 : 0;
}

/* Tag, block, class and visibility facts of one element. */
static void annotate_element(pith_dom *dom, xmlNodePtr n, node_info *info,
                             pith_memo_slot *classes) {
  info->tag = (unsigned short)pith_tag_lookup((const char *)n->name);
  if (pith_tag_is_block((tag_id)info->tag))
    info->flags |= NI_BLOCK;
  if (info->tag == TAG_BODY && !dom->body)
    dom->body = n;
  xmlNodePtr parent = n->parent;
  if (parent && parent->type == XML_ELEMENT_NODE && NI(parent))
    info->parent = (unsigned)(dom_index(dom, parent) + 1);
  if (parent && parent->type == XML_ELEMENT_NODE && NI(parent) &&
      ((NI(parent)->flags & NI_IN_ARTICLE) || NI(parent)->tag == TAG_ARTICLE ||
       NI(parent)->tag == TAG_MAIN))
    info->flags |= NI_IN_ARTICLE;
  if (!n->properties)
    return;
  annotate_attrs at;
  read_attrs(n, &at);
  if (is_hidden(&at))
    info->flags |= NI_HIDDEN;
  if (role_is_chrome(at.role))
    info->flags |= NI_CHROME_ROLE;
  unsigned k = pith_memo_get(classes, at.class_, classify_attr) |
               pith_memo_get(classes, at.id, classify_attr);
  if ((k & W_BOILER) && !(k & W_CONTENT))
    info->flags |= NI_BOILER_HINT;
  if ((k & W_STRONG) && !(k & W_CONTENT))
    info->flags |= NI_STRONG_BOILER;
  if (k & W_COMMENT)
    info->flags |= NI_COMMENT_NAME;
  if (k & W_CONTENT)
    info->class_weight += 25;
  if (k & W_BOILER)
    info->class_weight -= 25;
  const char *ip = at.itemprop;
  if (ip && pith_ascii_strcasestr(ip, "articlebody")) {
    info->class_weight += 50;
    info->flags |= NI_CONTENT_HINT;
  } else if ((k & W_CONTENT) && !(k & W_BOILER)) {
    info->flags |= NI_CONTENT_HINT;
  }
}

/* Each element's subtree ends where its last descendant's does: one pass
 * backward, as every element comes after its parent in document order. */
static void set_subtree_ends(node_info *info, size_t count) {
  for (size_t i = 0; i < count; i++)
    info[i].last = (unsigned)i;
  for (size_t i = count; i-- > 1;) {
    unsigned p = info[i].parent;
    if (p && info[i].last > info[p - 1].last)
      info[p - 1].last = info[i].last;
  }
}

/* Annotation reads each node's attributes (their names and values) or
 * its text, scattered over the heap, each a load that waits on the one
 * before: those of a node some places ahead are asked for early, so that
 * they arrive while the nodes before it are read. */
#define READ_AHEAD 16

static void prefetch_node(xmlNodePtr n) {
  __builtin_prefetch(n->type == XML_ELEMENT_NODE ? (const void *)n->properties
                                                 : (const void *)n->content);
}

int pith_dom_read(pith_dom *dom, size_t max_depth, size_t max_nodes) {
  dom->root = xmlDocGetRootElement(dom->doc);
  if (!dom->root)
    return 0;
  /* node_info.parent holds an index in an unsigned */
  if (max_nodes >= UINT_MAX)
    max_nodes = UINT_MAX - 1;
  node_list nodes = {0};
  int rc = gather_nodes(dom->root, max_depth, max_nodes, &nodes);
  size_t count = nodes.elements;
  if (!rc) {
    dom->info = calloc(count ? count : 1, sizeof *dom->info);
    dom->elements = malloc((count ? count : 1) * sizeof *dom->elements);
    if (!dom->info || !dom->elements) {
      free(dom->info);
      dom->info = NULL;
      free(dom->elements);
      dom->elements = NULL;
      rc = PITH_DOM_NOMEM;
    }
  }
  if (rc) {
    free(nodes.items);
    return rc;
  }
  dom->count = count;
  size_t i = 0;
  dom->body = NULL;
  pith_memo_slot classes[PITH_MEMO_SLOTS];
  memset(classes, 0, sizeof classes);
  for (size_t k = 0; k < nodes.count; k++) {
    xmlNodePtr n = nodes.items[k];
    if (k + READ_AHEAD < nodes.count)
      prefetch_node(nodes.items[k + READ_AHEAD]);
    if (n->type == XML_ELEMENT_NODE) {
      node_info *info = &dom->info[i];
      dom->elements[i++] = n;
      n->_private = info;
      annotate_element(dom, n, info, classes);
      if (dom->visit)
        dom->visit(dom->visit_ctx, n, info, i - 1);
      continue;
    }
    /* Text never changes: each element's own is counted once here, and
     * pith_dom_measure adds it up as often as pruning changes. */
    xmlNodePtr p = n->parent;
    if (p && p->type == XML_ELEMENT_NODE && NI(p) && n->content) {
      size_t chars, commas;
      count_text((const char *)n->content, &chars, &commas);
      NI(p)->own_text += chars;
      NI(p)->own_commas += commas;
    }
  }
  free(nodes.items);
  if (!dom->body)
    dom->body = dom->root;
  set_subtree_ends(dom->info, dom->count);
  return 0;
}

/* Adds a child's totals to its parent. */
static void add_to_parent(node_info *info, node_info *ci) {
  if (!ci->parent || (ci->flags & NI_PRUNED))
    return;
  node_info *pi = &info[ci->parent - 1];
  pi->text_len += ci->text_len;
  pi->link_len += ci->tag == TAG_A ? ci->text_len : ci->link_len;
  pi->commas += ci->commas;
  pi->n_p += ci->n_p + (ci->tag == TAG_P && ci->text_len > 0);
  pi->n_li += ci->n_li + (ci->tag == TAG_LI);
  pi->n_img += ci->n_img + (ci->tag == TAG_IMG);
  pi->n_input +=
      ci->n_input + (ci->tag == TAG_INPUT || ci->tag == TAG_SELECT ||
                     ci->tag == TAG_TEXTAREA || ci->tag == TAG_BUTTON);
  pi->n_embed += ci->n_embed + (ci->tag == TAG_IFRAME || ci->tag == TAG_EMBED ||
                                ci->tag == TAG_OBJECT || ci->tag == TAG_VIDEO);
  pi->n_heading += ci->n_heading + pith_tag_is_heading((tag_id)ci->tag);
  pi->n_links += ci->n_links + (ci->tag == TAG_A);
  if ((ci->flags & NI_HOLDS_MARKER) || ci->tag == TAG_ARTICLE ||
      ci->tag == TAG_MAIN || ci->tag == TAG_H1 ||
      ((ci->flags & NI_CONTENT_HINT) && ci->class_weight >= 50))
    pi->flags |= NI_HOLDS_MARKER;
  if (ci->flags & NI_BLOCK) {
    pi->flags |= NI_HAS_BLOCK_CHILD;
  } else {
    pi->direct_len += ci->direct_len;
    pi->direct_commas += ci->direct_commas;
    pi->n_br_direct += ci->n_br_direct + (ci->tag == TAG_BR);
  }
}

/* Set while pith_dom_measure runs: the element lies below a box whose
 * inside is not measured. */
#define NI_UNMEASURED (1u << 31)

/* The info array is in document order, so every element comes after its
 * parent: one pass forward finds what is measured, one pass backward adds
 * each element to its parent after all of its descendants were added to
 * it, without walking the tree's nodes again. */
void pith_dom_measure(pith_dom *dom) {
  node_info *all = dom->info;
  for (size_t i = 0; i < dom->count; i++) {
    node_info *info = &all[i];
    /* the element's own text nodes, counted once by annotate */
    info->text_len = info->direct_len = info->own_text;
    info->commas = info->direct_commas = info->own_commas;
    info->link_len = 0;
    info->n_p = info->n_li = info->n_img = info->n_input = info->n_embed = 0;
    info->n_heading = info->n_br_direct = info->n_links = 0;
    info->flags &= ~(unsigned)(NI_HAS_BLOCK_CHILD | NI_HOLDS_MARKER |
                               NI_CANDIDATE | NI_UNMEASURED);
    info->score = 0;
    /* A box pruned as chrome or as comments is measured inside (the
     * chrome strategy and the comments read it), but adds nothing to its
     * ancestors (add_to_parent). Below any other pruned box nothing is
     * measured. */
    if (i > 0) {
      const node_info *p = info->parent ? &all[info->parent - 1] : NULL;
      if (!p || (p->flags & NI_UNMEASURED) ||
          ((p->flags & NI_PRUNED) && !(p->flags & (NI_CHROME | NI_COMMENTS))))
        info->flags |= NI_UNMEASURED;
    }
  }
  for (size_t i = dom->count; i-- > 0;) {
    node_info *info = &all[i];
    if (info->flags & NI_UNMEASURED)
      info->flags &= ~(unsigned)NI_UNMEASURED;
    else
      add_to_parent(all, info);
  }
}

void pith_dom_release(pith_dom *dom) {
  if (dom->root)
    for (xmlNodePtr n = dom->root; n; n = pith_dom_next(n, dom->root, 0))
      n->_private = NULL;
  free(dom->info);
  dom->info = NULL;
  free(dom->elements);
  dom->elements = NULL;
  dom->count = 0;
}

void pith_dom_free_with_doc(pith_dom *dom, htmlDocPtr doc) {
  dom->root = NULL;
  free(dom->info);
  dom->info = NULL;
  free(dom->elements);
  dom->elements = NULL;
  dom->count = 0;
  xmlFreeDoc(doc);
}
