/* Internal interface of the metadata stage, shared by its files:
 *
 *   meta.c          choosing each field's value from the sources
 *   meta_title.c    the title, each source checked against the others
 *   meta_walk.c     one walk over the document collects the sources
 *   meta_jsonld.c   JSON-LD: types, people, organisations, articleBody
 *   meta_author.c   author names: labels, roles, splitting, cleaning and
 *                   choosing among the sources
 *   meta_date.c     dates in many formats and languages
 *   meta_match.c    comparing names and titles written two ways
 *   meta_entities.c HTML entities and the cleanup of a raw value
 *
 * Strings read during the walk are borrowed from the DOM, which outlives
 * the stage; only the chosen values are copied. */
#ifndef PITH_META_STAGE_H
#define PITH_META_STAGE_H

#include <json-c/json.h>
#include <libxml/tree.h>

#include "internal.h"

/* ---- limits of the stage
 * -------------------------------------------------------------- */

#define MAX_LD_SCRIPTS 32 /* JSON-LD blocks parsed per page */
#define MAX_LD_VALUES 8   /* JSON values read from one block */
#define MAX_LD_DEPTH 64   /* json-c nesting limit */
#define MAX_LD_OBJECTS 256
#define MAX_LD_BYTES ((size_t)16 * 1024 * 1024)
#define MAX_MULTI 32        /* values kept for a repeated key (article:tag) */
#define MAX_CANDIDATES 16   /* bylines of each kind, date-named elements */
#define MAX_DATE_TRIES 16   /* invalid dates read per source */
#define MAX_TEXT_NODES 4096 /* nodes read for one short text */
#define MAX_TIMES 64        /* <time> elements looked at */
#define MAX_ANCESTORS 48
#define MAX_NAMES 16 /* authors kept */
#define MAX_H1 8     /* <h1> elements read for the title */
#define MAX_LIST_ITEMS 64
#define MAX_SHORT 1024 /* bytes in a title, author or site name */
#define MAX_LONG 4096  /* bytes in a description or a list */
#define MAX_URL 4096
#define DATE_SCAN 256 /* bytes of a string searched for a date */
#define DATE_MAX 40
#define MAX_DTOK 128

/* ---- small string helpers ------------------------------------------------ */

static inline int pith_meta_has_text(const char *s) {
  return s && *s;
}

/* Whether the space-separated list `list` holds `word` (ASCII case
 * folded). */
int pith_meta_has_token(const char *list, const char *word);

static inline int pith_meta_contains_ci(const char *hay, const char *needle) {
  return hay && pith_ascii_strcasestr(hay, needle) != NULL;
}

/* ---- meta_entities.c ------------------------------------------------------
 */

/* Decodes HTML entities (named, decimal, hex) in n bytes of s. Caller
 * frees; NULL when out of memory. */
char *pith_meta_decode_entities(const char *s, size_t n);
/* A raw value made fit to show: entities decoded, tags stripped, white
 * space collapsed, cut to `cap` bytes. Caller frees; NULL when empty. */
char *pith_meta_finish_text(const char *raw, size_t cap);

/* ---- meta_date.c ----------------------------------------------------------
 */

int pith_meta_current_year(void);
/* Folds a word for comparison with the month names; returns its length. */
size_t pith_meta_fold_word(const char *s, size_t n, char *out, size_t size);
/* 1-12 when the word names a month in one of the known languages, else 0. */
int pith_meta_month_of_word(const char *s, size_t n);
/* The first date in s with a year up to ymax, as pith_meta_parse_date
 * writes it; 1 when one was written. */
int pith_meta_parse_date_year(const char *s, int ymax, char *out, size_t size);
/* A date in the path of a URL (/2019/11/19/); 1 when one was written. */
int pith_meta_url_date(const char *url, int ymax, char *out, size_t size);

/* ---- meta_match.c ---------------------------------------------------------
 */

/* Whether s[0..n) names the host: "Example" or "Example.com" for
 * example.com, "La Stampa" for lastampa.it. */
int pith_meta_names_host(const char *s, size_t n, const char *host);
/* s with ASCII lower-cased and each run of punctuation and space made one
 * space, into out; returns its length. */
size_t pith_meta_fold_title(const char *s, char *out, size_t size);
/* Whether the folded needle (nn bytes) is in the folded hay as whole
 * words. */
int pith_meta_has_words(const char *hay, const char *needle, size_t nn);
/* A single token that reads as a domain: "example.com", "Teachers.Net". */
int pith_meta_looks_like_domain(const char *s);
int pith_meta_is_http_url(const char *u);

/* ---- meta_author.c --------------------------------------------------------
 */

typedef struct name_list {
  char *v[MAX_NAMES];
  size_t n;
} name_list;

enum {
  NAMES_SPLIT = 1, /* also split on ",", "|", "&", " and "... */
  NAMES_BYLINE = 2 /* text from the page: cut at the date */
};
void pith_meta_names_free(name_list *l);
void pith_meta_names_add(name_list *l, const char *raw, int flags);
/* The names joined with "; "; caller frees; NULL when there are none. */
char *pith_meta_names_join(const name_list *l);

/* ---- meta_title.c ---------------------------------------------------------
 */

/* A site name cut to the part naming the host; NULL for none or a URL.
 * Caller frees. */
char *pith_meta_clean_site_name(const char *raw, const char *host);

/* ---- meta_walk.c ----------------------------------------------------------
 */

enum slot {
  S_OG_TITLE,
  S_OG_SITE,
  S_OG_IMAGE,
  S_OG_URL,
  S_OG_DESC,
  S_OG_LOCALE,
  S_OG_TYPE,
  S_OG_AUTHOR,
  S_TW_TITLE,
  S_TW_IMAGE,
  S_TW_DESC,
  S_AUTHOR,
  S_BYL,
  S_DC_CREATOR,
  S_PARSELY_AUTHOR,
  S_SAILTHRU_AUTHOR,
  S_KEYWORDS,
  S_NEWS_KEYWORDS,
  S_PARSELY_TAGS,
  S_DESC,
  S_PARSELY_TITLE,
  S_PARSELY_SECTION,
  S_APPNAME,
  S_CONTENT_LANG,
  S_HEADLINE,
  S_COPYRIGHT,
  S_COUNT
};

enum date_slot {
  D_PUB_OG,
  D_PUB_META,
  D_PUB_ITEMPROP,
  D_MOD,
  D_TIME_PREF,
  D_TIME_FIRST,
  D_COUNT
};

enum multi_slot { M_TAG, M_SECTION, M_CITATION_AUTHOR, M_COUNT };

typedef struct collector {
  int ymax;
  const char *slot[S_COUNT];
  unsigned char date_tries[D_COUNT];
  char date[D_COUNT][DATE_MAX];
  const char *multi[M_COUNT][MAX_MULTI];
  size_t multi_n[M_COUNT];
  const char *html_lang;
  const char *canonical;
  xmlNodePtr title_head, title_any;
  xmlNodePtr h1s[MAX_H1]; /* the first <h1> elements */
  size_t h1_n;
  size_t h1_count; /* all of them */
  xmlNodePtr headline;
  xmlNodePtr ld[MAX_LD_SCRIPTS];
  size_t ld_n;
  /* Byline candidates: itemprop/rel=author, then "byline", then "author". */
  xmlNodePtr byline[3][MAX_CANDIDATES];
  size_t byline_n[3];
  xmlNodePtr date_el[MAX_CANDIDATES]; /* class or id naming a date */
  size_t date_el_n;
  size_t times;
  pith_memo_slot flag_memo[PITH_MEMO_SLOTS]; /* class and id words */
  /* pith_meta_visit_element: the index of the last script, style,
   * noscript or template visited, while its subtree goes on */
  size_t raw_first;
  int raw_open;
} collector;

/* Collects every source of metadata from the document into c, visiting
 * its elements in order (the inside of scripts, styles, noscript and
 * templates left out) by walking the tree; pith_meta_visit_element does
 * the same for one element of a tree pith_dom_read annotates. */
void pith_meta_walk(htmlDocPtr doc, collector *c);
int pith_meta_name_is(xmlNodePtr n, const char *name);
/* An attribute's value, borrowed from the DOM; NULL when absent. */
const char *pith_meta_attr(xmlNodePtr n, const char *name);
/* The text below node, cleaned and cut to max bytes; caller frees. */
char *pith_meta_node_text(xmlNodePtr node, size_t max);
/* Whether n lies in a comment, sidebar or other container whose bylines
 * and dates are not the article's. */
int pith_meta_in_foreign_container(xmlNodePtr n);

/* ---- meta_jsonld.c --------------------------------------------------------
 */

typedef struct ld_info {
  char *headline, *date_pub, *date_created, *date_mod, *publisher, *image,
      *section, *keywords, *description, *language, *url, *body, *type,
      *website, *org, *ingredients;
  name_list people, orgs;
} ld_info;

/* Reads the JSON-LD scripts the walk found into info. */
void pith_meta_ld_extract(collector *col, ld_info *info);
void pith_meta_ld_free(ld_info *info);

/* ---- meta_title.c, meta_author.c: choosing ------------------------------- */

/* The title, each source checked against the others; site_full is the
 * site name as given, site the part of it naming the host. Caller frees;
 * NULL when the page has none. */
char *pith_meta_choose_title(htmlDocPtr doc, collector *c, const ld_info *ld,
                             const char *site_full, const char *site,
                             const char *host);
/* The other part of the page's <title> when it is the chosen title and one
 * more part of at most five words, split at a separator: the site's name
 * in "Headline - Site" (or a section, or the author on a personal site).
 * Caller frees; NULL for none. */
char *pith_meta_title_beside(collector *c, const char *title);
/* Names that are no person's, borrowed: the site's own (site name,
 * publisher, WebSite and Organization names) in v[0, n_site), then the
 * organisations JSON-LD gives as authors; and the page's host. */
#define MAX_ORG_NAMES 24
typedef struct org_names {
  const char *v[MAX_ORG_NAMES];
  size_t n, n_site;
  const char *host;
  /* the <title>'s part beside the headline: a name that is not a person
   * only beside other names, since a personal site's <title> may carry the
   * author's name */
  const char *title_beside;
} org_names;
/* The author names joined with "; ", without the site's or another
 * organisation's name. Caller frees; NULL for none. */
char *pith_meta_choose_author(collector *c, const ld_info *ld,
                              const org_names *orgs);
/* The company a copyright notice names by its legal form ("(c) MMVIII,
 * CBS Corporation", "New Statesman Ltd"), without the form ("CBS", "New
 * Statesman"), in out; 0 when the holder has no such form: a person's own
 * site names the person, who may well be the author. */
int pith_meta_copyright_company(const char *notice, char *out, size_t size);

#endif /* PITH_META_STAGE_H */
