/* One walk over the unpruned document collects every source of metadata:
 * <meta> keys, <time>, microdata, bylines, date-named elements, <title>,
 * <h1>, canonical links and the JSON-LD scripts. */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dom.h"
#include "meta_stage.h"

/* Whether the space-separated list `list` holds `word` (ASCII case folded). */
int pith_meta_has_token(const char *list, const char *word) {
  size_t wn = strlen(word);
  const char *p = list;
  while (p && *p) {
    while (pith_is_space((unsigned char)*p))
      p++;
    const char *b = p;
    while (*p && !pith_is_space((unsigned char)*p))
      p++;
    if ((size_t)(p - b) == wn && strncasecmp(b, word, wn) == 0)
      return 1;
  }
  return 0;
}

/* ---- DOM helpers --------------------------------------------------------- */

int pith_meta_name_is(xmlNodePtr n, const char *name) {
  return n->name && strcmp((const char *)n->name, name) == 0;
}

/* The value of an attribute: "" for one without a value, NULL if absent. */
const char *pith_meta_attr(xmlNodePtr n, const char *name) {
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    if (!a->name || strcmp((const char *)a->name, name) != 0)
      continue;
    if (!a->children || !a->children->content)
      return "";
    return (const char *)a->children->content;
  }
  return NULL;
}

static int is_raw_tag(xmlNodePtr n) {
  const char *name = (const char *)n->name;
  if (!name || (name[0] != 's' && name[0] != 'n' && name[0] != 't'))
    return 0;
  return strcmp(name, "script") == 0 || strcmp(name, "style") == 0 ||
         strcmp(name, "noscript") == 0 || strcmp(name, "template") == 0;
}

static int is_spacing_tag(xmlNodePtr n) {
  static const char *const tags[] = {"br", "p",  "div", "li",     "td", "th",
                                     "dd", "dt", "h1",  "h2",     "h3", "h4",
                                     "h5", "h6", "tr",  "section"};
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    if (pith_meta_name_is(n, tags[i]))
      return 1;
  return 0;
}

/* The normalised text under a node, or NULL when it is empty or longer than
 * max bytes (a byline or a headline is short; a whole section is not). */
char *pith_meta_node_text(xmlNodePtr node, size_t max) {
  pith_buf b;
  pith_buf_init(&b, max);
  xmlNodePtr n = node->children;
  for (size_t seen = 0; n && !b.failed; seen++) {
    if (seen >= MAX_TEXT_NODES) {
      b.failed = 1;
      break;
    }
    int descend = 0;
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
        n->content) {
      pith_buf_puts(&b, (const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      descend = !is_raw_tag(n);
      if (is_spacing_tag(n))
        pith_buf_putc(&b, ' ');
    }
    n = pith_dom_next(n, node, !descend);
  }
  if (b.failed || !b.data) {
    pith_buf_free(&b);
    return NULL;
  }
  char *out = pith_meta_finish_text(b.data, max);
  pith_buf_free(&b);
  return out;
}

/* Whether the n bytes at w are "tweet" or "tweets", in any case. */
static int is_tweet_word(const char *w, size_t n) {
  if (n != 5 && n != 6)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)w[i]) != "tweets"[i])
      return 0;
  return 1;
}

/* Whether a class or id value has a token that opens or ends with the
 * word "tweet(s)": an embedded post and its author ("tweet-author",
 * "latest-tweets", "twitter-tweet"), not a WordPress tag class that
 * merely contains it ("tag-tweet-of-the-week"). */
static int names_tweets(const char *v) {
  for (const char *p = v; *p;) {
    while (*p == ' ')
      p++;
    size_t n = strcspn(p, " ");
    if (n == 0)
      break;
    size_t first = strcspn(p, "-_");
    if (first > n)
      first = n;
    size_t last = n;
    while (last > 0 && p[last - 1] != '-' && p[last - 1] != '_')
      last--;
    const char *tail = p + last;
    size_t tn = n - last;
    if (is_tweet_word(p, first) || is_tweet_word(tail, tn))
      return 1;
    p += n;
  }
  return 0;
}

/* Containers whose bylines and dates belong to something else: comments,
 * sidebars, related stories, widgets, embedded tweets. */
static int is_foreign_container(xmlNodePtr n) {
  if (pith_meta_name_is(n, "nav") || pith_meta_name_is(n, "aside"))
    return 1;
  const char *ids[2] = {pith_meta_attr(n, "class"), pith_meta_attr(n, "id")};
  for (int k = 0; k < 2; k++) {
    if (!pith_meta_has_text(ids[k]))
      continue;
    if (pith_meta_contains_ci(ids[k], "comment") ||
        pith_meta_contains_ci(ids[k], "sidebar") ||
        pith_meta_contains_ci(ids[k], "related") ||
        pith_meta_contains_ci(ids[k], "widget") || names_tweets(ids[k]))
      return 1;
  }
  return 0;
}

int pith_meta_in_foreign_container(xmlNodePtr n) {
  int depth = 0;
  for (; n && n->type == XML_ELEMENT_NODE && depth < MAX_ANCESTORS;
       n = n->parent, depth++) {
    if (pith_meta_name_is(n, "body") || pith_meta_name_is(n, "html"))
      break;
    if (is_foreign_container(n))
      return 1;
  }
  return 0;
}

/* ---- the walk ------------------------------------------------------------ */

enum { K_SLOT, K_DATE, K_MULTI };

static const struct {
  const char *key; /* lower case */
  unsigned char kind, index;
} meta_keys[] = {
    {"og:title", K_SLOT, S_OG_TITLE},
    {"og:site_name", K_SLOT, S_OG_SITE},
    {"og:image", K_SLOT, S_OG_IMAGE},
    {"og:image:url", K_SLOT, S_OG_IMAGE},
    {"og:image:secure_url", K_SLOT, S_OG_IMAGE},
    {"og:url", K_SLOT, S_OG_URL},
    {"og:description", K_SLOT, S_OG_DESC},
    {"og:locale", K_SLOT, S_OG_LOCALE},
    {"og:type", K_SLOT, S_OG_TYPE},
    {"article:author", K_SLOT, S_OG_AUTHOR},
    {"og:article:author", K_SLOT, S_OG_AUTHOR},
    {"twitter:title", K_SLOT, S_TW_TITLE},
    {"twitter:image", K_SLOT, S_TW_IMAGE},
    {"twitter:image:src", K_SLOT, S_TW_IMAGE},
    {"twitter:description", K_SLOT, S_TW_DESC},
    {"author", K_SLOT, S_AUTHOR},
    {"byl", K_SLOT, S_BYL},
    {"dc.creator", K_SLOT, S_DC_CREATOR},
    {"dcterms.creator", K_SLOT, S_DC_CREATOR},
    {"parsely-author", K_SLOT, S_PARSELY_AUTHOR},
    {"sailthru.author", K_SLOT, S_SAILTHRU_AUTHOR},
    {"keywords", K_SLOT, S_KEYWORDS},
    {"news_keywords", K_SLOT, S_NEWS_KEYWORDS},
    {"parsely-tags", K_SLOT, S_PARSELY_TAGS},
    {"description", K_SLOT, S_DESC},
    {"parsely-title", K_SLOT, S_PARSELY_TITLE},
    {"parsely-section", K_SLOT, S_PARSELY_SECTION},
    {"application-name", K_SLOT, S_APPNAME},
    {"content-language", K_SLOT, S_CONTENT_LANG},
    {"language", K_SLOT, S_CONTENT_LANG},
    {"dc.language", K_SLOT, S_CONTENT_LANG},
    {"dcterms.language", K_SLOT, S_CONTENT_LANG},
    {"inlanguage", K_SLOT, S_CONTENT_LANG},
    {"headline", K_SLOT, S_HEADLINE},
    {"copyright", K_SLOT, S_COPYRIGHT},
    {"article:published_time", K_DATE, D_PUB_OG},
    {"article:published", K_DATE, D_PUB_OG},
    {"og:published_time", K_DATE, D_PUB_OG},
    {"og:article:published_time", K_DATE, D_PUB_OG},
    {"dc.date", K_DATE, D_PUB_META},
    {"dc.date.issued", K_DATE, D_PUB_META},
    {"dc.date.created", K_DATE, D_PUB_META},
    {"dcterms.date", K_DATE, D_PUB_META},
    {"dcterms.issued", K_DATE, D_PUB_META},
    {"dcterms.created", K_DATE, D_PUB_META},
    {"date", K_DATE, D_PUB_META},
    {"pubdate", K_DATE, D_PUB_META},
    {"publishdate", K_DATE, D_PUB_META},
    {"publish-date", K_DATE, D_PUB_META},
    {"publish_date", K_DATE, D_PUB_META},
    {"published_time", K_DATE, D_PUB_META},
    {"published-date", K_DATE, D_PUB_META},
    {"article.published", K_DATE, D_PUB_META},
    {"article_date_original", K_DATE, D_PUB_META},
    {"sailthru.date", K_DATE, D_PUB_META},
    {"parsely-pub-date", K_DATE, D_PUB_META},
    {"citation_publication_date", K_DATE, D_PUB_META},
    {"citation_date", K_DATE, D_PUB_META},
    {"citation_online_date", K_DATE, D_PUB_META},
    {"datepublished", K_DATE, D_PUB_META},
    {"datecreated", K_DATE, D_PUB_META},
    {"originalpublicationdate", K_DATE, D_PUB_META},
    {"release_date", K_DATE, D_PUB_META},
    {"article:modified_time", K_DATE, D_MOD},
    {"article:modified", K_DATE, D_MOD},
    {"og:updated_time", K_DATE, D_MOD},
    {"article:updated_time", K_DATE, D_MOD},
    {"og:modified_time", K_DATE, D_MOD},
    {"datemodified", K_DATE, D_MOD},
    {"dc.date.modified", K_DATE, D_MOD},
    {"dcterms.modified", K_DATE, D_MOD},
    {"last-modified", K_DATE, D_MOD},
    {"lastmod", K_DATE, D_MOD},
    {"article:tag", K_MULTI, M_TAG},
    {"og:article:tag", K_MULTI, M_TAG},
    {"article:section", K_MULTI, M_SECTION},
    {"og:article:section", K_MULTI, M_SECTION},
    {"citation_author", K_MULTI, M_CITATION_AUTHOR},
};

static void set_date(collector *c, int d, const char *value) {
  if (!c->date[d][0] && pith_meta_has_text(value) &&
      c->date_tries[d] < MAX_DATE_TRIES) {
    c->date_tries[d]++;
    pith_meta_parse_date_year(value, c->ymax, c->date[d], DATE_MAX);
  }
}

static void meta_key(collector *c, const char *key, const char *content) {
  char k[48];
  size_t n = strlen(key);
  if (n == 0 || n >= sizeof k)
    return;
  for (size_t i = 0; i < n; i++)
    k[i] = (char)tolower((unsigned char)key[i]);
  k[n] = '\0';
  for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++) {
    if (meta_keys[i].key[0] != k[0] || strcmp(meta_keys[i].key, k) != 0)
      continue;
    int idx = meta_keys[i].index;
    switch (meta_keys[i].kind) {
    case K_SLOT:
      if (!c->slot[idx])
        c->slot[idx] = content;
      break;
    case K_DATE:
      set_date(c, idx, content);
      break;
    default:
      if (c->multi_n[idx] < MAX_MULTI)
        c->multi[idx][c->multi_n[idx]++] = content;
      break;
    }
    return;
  }
}

static void visit_meta(collector *c, xmlNodePtr n) {
  const char *content = pith_meta_attr(n, "content");
  if (!pith_meta_has_text(content))
    return;
  const char *keys[4] = {
      pith_meta_attr(n, "property"), pith_meta_attr(n, "name"),
      pith_meta_attr(n, "itemprop"), pith_meta_attr(n, "http-equiv")};
  for (int i = 0; i < 4; i++) {
    if (!pith_meta_has_text(keys[i]))
      continue;
    if (strchr(keys[i], ' ')) {
      /* RDFa allows several properties in one attribute. */
      char tmp[128];
      size_t len = strlen(keys[i]);
      if (len >= sizeof tmp)
        continue;
      memcpy(tmp, keys[i], len + 1);
      char *save = NULL;
      for (char *t = strtok_r(tmp, " ", &save); t;
           t = strtok_r(NULL, " ", &save))
        meta_key(c, t, content);
    } else {
      meta_key(c, keys[i], content);
    }
  }
}

/* A <time> near "publish"/"date" wording, or marked as the publication date,
 * is the article's; the first <time> at all is a weak fallback. */
static void visit_time(collector *c, xmlNodePtr n) {
  if (c->times >= MAX_TIMES)
    return;
  c->times++;
  char date[DATE_MAX];
  const char *dt = pith_meta_attr(n, "datetime");
  if (pith_meta_has_text(dt)) {
    if (!pith_meta_parse_date_year(dt, c->ymax, date, sizeof date))
      return;
  } else {
    char *text = pith_meta_node_text(n, 120);
    int ok =
        text && pith_meta_parse_date_year(text, c->ymax, date, sizeof date);
    free(text);
    if (!ok)
      return;
  }
  if (pith_meta_in_foreign_container(n))
    return;
  int preferred =
      pith_meta_attr(n, "pubdate") != NULL ||
      pith_meta_contains_ci(pith_meta_attr(n, "itemprop"), "datepublished");
  int modified =
      pith_meta_contains_ci(pith_meta_attr(n, "itemprop"), "datemodified");
  xmlNodePtr p = n;
  for (int depth = 0; p && p->type == XML_ELEMENT_NODE && depth < 4;
       p = p->parent, depth++) {
    const char *ids[2] = {pith_meta_attr(p, "class"), pith_meta_attr(p, "id")};
    /* WordPress marks one <time> "published updated": "publish" wins. */
    for (int k = 0; k < 2; k++) {
      if (!pith_meta_has_text(ids[k]))
        continue;
      if (pith_meta_contains_ci(ids[k], "publish"))
        preferred = 2;
      else if (pith_meta_contains_ci(ids[k], "modif") ||
               pith_meta_contains_ci(ids[k], "updat"))
        modified = 1;
      else if (pith_meta_contains_ci(ids[k], "date") ||
               pith_meta_contains_ci(ids[k], "posted"))
        preferred = 1;
    }
    if (preferred == 2)
      modified = 0;
    if (preferred || modified)
      break;
  }
  if (modified) {
    if (!c->date[D_MOD][0])
      memcpy(c->date[D_MOD], date, sizeof date);
    return;
  }
  if (preferred && !c->date[D_TIME_PREF][0])
    memcpy(c->date[D_TIME_PREF], date, sizeof date);
  if (!c->date[D_TIME_FIRST][0])
    memcpy(c->date[D_TIME_FIRST], date, sizeof date);
}

/* Microdata outside <meta>: <span itemprop="datePublished" content=...>,
 * <h1 itemprop="headline">. */
static void visit_itemprop(collector *c, xmlNodePtr n, const char *itemprop) {
  int pub = pith_meta_contains_ci(itemprop, "datepublished");
  int mod = !pub && pith_meta_contains_ci(itemprop, "datemodified");
  if (pub || mod) {
    int d = pub ? D_PUB_ITEMPROP : D_MOD;
    if (c->date[d][0] || c->date_tries[d] >= MAX_DATE_TRIES)
      return;
    const char *v = pith_meta_attr(n, "content");
    if (!pith_meta_has_text(v))
      v = pith_meta_attr(n, "datetime");
    if (pith_meta_has_text(v)) {
      set_date(c, d, v);
    } else {
      char *text = pith_meta_node_text(n, 120);
      set_date(c, d, text);
      free(text);
    }
  } else if (!c->headline && pith_meta_has_token(itemprop, "headline")) {
    c->headline = n;
  }
}

/* Words looked for in class, id, rel and itemprop values, found in one pass
 * per value (this runs on every element). */
enum {
  W_AUTHOR = 1,
  W_BYLINE = 2,
  W_DATE = 4, /* date, datum, fecha, posted, timestamp */
  W_PUBLISH = 8,
  W_UPDATE = 16, /* updat, modif */
  W_COMMENT = 32,
  W_NOT_DATE = 64 /* "candidate", "validate": "date" inside another word */
};

static const struct {
  const char *word;
  unsigned char len, flag;
} flag_words[] = {
    {"author", 6, W_AUTHOR},       {"byline", 6, W_BYLINE},
    {"contributor", 11, W_AUTHOR}, {"date", 4, W_DATE},
    {"datum", 5, W_DATE},          {"fecha", 5, W_DATE},
    {"posted", 6, W_DATE},         {"timestamp", 9, W_DATE},
    {"publish", 7, W_PUBLISH},     {"updat", 5, W_UPDATE},
    {"modif", 5, W_UPDATE},        {"comment", 7, W_COMMENT},
    {"candidat", 8, W_NOT_DATE},   {"validat", 7, W_NOT_DATE},
};

/* For each pair of letters a-z, the words of flag_words that start with
 * it (a bit per word): most letters of a class value, with the letter
 * after them, start none. */
static unsigned short words_by_letters[26][26];
static pthread_once_t words_by_letter_once = PTHREAD_ONCE_INIT;

static void index_flag_words(void) {
  for (size_t k = 0; k < sizeof flag_words / sizeof *flag_words; k++)
    words_by_letters[flag_words[k].word[0] - 'a']
                    [flag_words[k].word[1] - 'a'] |= (unsigned short)(1u << k);
}

/* Whether s starts with the first len letters of word (lower-case
 * letters), in either case: strncasecmp without its call and locale, for
 * every letter of every class and id value. The second letter rules out
 * most candidates before a loop starts; a NUL in s fails a comparison
 * before anything past it is read. */
static int starts_with_letters(const char *s, const char *word, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((s[i] | 0x20) != word[i])
      return 0;
  return 1;
}

static unsigned word_flags(const char *s) {
  unsigned flags = 0;
  if (!s)
    return 0;
  pthread_once(&words_by_letter_once, index_flag_words);
  for (const char *p = s; *p; p++) {
    char ch = (char)(*p | 0x20);
    if (ch < 'a' || ch > 'z')
      continue;
    /* every word has two letters or more; a NUL after ch is no letter */
    char next = (char)(p[1] | 0x20);
    if (next < 'a' || next > 'z')
      continue;
    for (unsigned m = words_by_letters[ch - 'a'][next - 'a']; m; m &= m - 1) {
      size_t k = (size_t)__builtin_ctz(m);
      if (starts_with_letters(p, flag_words[k].word, flag_words[k].len))
        flags |= flag_words[k].flag;
    }
  }
  return flags;
}

static void visit_byline(collector *c, xmlNodePtr n, unsigned flags,
                         const char *rel, const char *itemprop) {
  int tier;
  if (flags & W_COMMENT)
    return;
  if ((rel && pith_meta_has_token(rel, "author")) ||
      (word_flags(itemprop) & W_AUTHOR))
    tier = 0;
  else if (flags & W_BYLINE)
    tier = 1;
  else if (flags & W_AUTHOR)
    tier = 2;
  else
    return;
  if (c->byline_n[tier] < MAX_CANDIDATES)
    c->byline[tier][c->byline_n[tier]++] = n;
}

/* htmldate's fourth source: an element whose class or id names a date
 * ("date", "datum", "fecha", "published"), read for its text. */
static void visit_date_class(collector *c, xmlNodePtr n, unsigned flags) {
  if (c->date_el_n >= MAX_CANDIDATES || !(flags & (W_DATE | W_PUBLISH)))
    return;
  if (!(flags & W_PUBLISH) && (flags & (W_UPDATE | W_NOT_DATE)))
    return;
  c->date_el[c->date_el_n++] = n;
}

static void visit_link(collector *c, xmlNodePtr n) {
  const char *rel = pith_meta_attr(n, "rel");
  const char *href = pith_meta_attr(n, "href");
  if (!c->canonical && rel && pith_meta_has_token(rel, "canonical") &&
      pith_meta_has_text(href))
    c->canonical = href;
}

static void visit_title(collector *c, xmlNodePtr n) {
  xmlNodePtr p = n->parent;
  if (p && p->type == XML_ELEMENT_NODE && pith_meta_name_is(p, "head")) {
    if (!c->title_head)
      c->title_head = n;
  } else if (!c->title_any &&
             !(p && (pith_meta_name_is(p, "svg") || pith_meta_name_is(p, "g") ||
                     pith_meta_name_is(p, "symbol")))) {
    c->title_any = n;
  }
}

/* Whether the element's tag is one whose content is not markup
 * (is_raw_tag by the tag's number). */
static int is_raw_tag_id(tag_id t) {
  return t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_NOSCRIPT ||
         t == TAG_TEMPLATE;
}

/* `tag` is pith_tag_lookup of the element's name (an exact match, so
 * the same as comparing the name). */
static void visit(collector *c, xmlNodePtr n, tag_id tag,
                  pith_memo_slot *flag_memo) {
  if (!n->name)
    return;
  int is_time = 0;
  switch (tag) {
  case TAG_META:
    visit_meta(c, n);
    return;
  case TAG_LINK:
    visit_link(c, n);
    return;
  case TAG_SCRIPT: {
    const char *type = pith_meta_attr(n, "type");
    if (type && pith_meta_contains_ci(type, "ld+json") &&
        c->ld_n < MAX_LD_SCRIPTS)
      c->ld[c->ld_n++] = n;
    return;
  }
  case TAG_STYLE:
    return;
  case TAG_TITLE:
    visit_title(c, n);
    return;
  case TAG_TIME:
    visit_time(c, n);
    is_time = 1;
    break;
  case TAG_HTML: {
    const char *lang = pith_meta_attr(n, "lang");
    if (!pith_meta_has_text(lang))
      lang = pith_meta_attr(n, "xml:lang");
    if (!c->html_lang && pith_meta_has_text(lang))
      c->html_lang = lang;
    return;
  }
  case TAG_H1:
    if (c->h1_n < MAX_H1)
      c->h1s[c->h1_n++] = n;
    c->h1_count++;
    break;
  case TAG_HEAD:
  case TAG_BODY:
  case TAG_IMG:
    return;
  default:
    break;
  }
  const char *cls = NULL, *id = NULL, *rel = NULL, *itemprop = NULL;
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    if (!an)
      continue;
    const char **slot = NULL;
    switch (an[0]) {
    case 'c':
      slot = strcmp(an, "class") == 0 ? &cls : NULL;
      break;
    case 'i':
      slot = an[1] == 'd' && !an[2]        ? &id
             : strcmp(an, "itemprop") == 0 ? &itemprop
                                           : NULL;
      break;
    case 'r':
      slot = strcmp(an, "rel") == 0 ? &rel : NULL;
      break;
    default:
      break;
    }
    if (slot)
      *slot = a->children && a->children->content
                  ? (const char *)a->children->content
                  : "";
  }
  if (!cls && !id && !rel && !itemprop)
    return;
  if (pith_meta_has_text(itemprop))
    visit_itemprop(c, n, itemprop);
  unsigned flags = pith_memo_get(flag_memo, cls, word_flags) |
                   pith_memo_get(flag_memo, id, word_flags);
  visit_byline(c, n, flags, rel, itemprop);
  if (!is_time)
    visit_date_class(c, n, flags);
}

void pith_meta_visit_element(void *collector_, xmlNodePtr n,
                             const node_info *info, size_t index) {
  collector *c = collector_;
  /* The elements inside a script, style, noscript or template are not
   * visited. They follow it in document order, each with its parent
   * among them; the first element that does not closes the subtree. */
  if (c->raw_open) {
    if (info->parent > c->raw_first)
      return;
    c->raw_open = 0;
  }
  visit(c, n, (tag_id)info->tag, c->flag_memo);
  if (is_raw_tag_id((tag_id)info->tag)) {
    c->raw_open = 1;
    c->raw_first = index;
  }
}

void pith_meta_walk(htmlDocPtr doc, collector *c) {
  pith_memo_slot *flags = c->flag_memo;
  xmlNodePtr top = (xmlNodePtr)doc;
  xmlNodePtr n = doc->children;
  while (n) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE) {
      visit(c, n, pith_tag_lookup((const char *)n->name), flags);
      descend = !is_raw_tag(n);
    }
    n = pith_dom_next(n, top, !descend);
  }
}
