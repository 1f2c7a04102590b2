/* The title: structured sources (JSON-LD headline, OpenGraph, Twitter
 * cards, Parse.ly, <meta name=headline>) first, then the page's own
 * <title> and <h1>, each cut free of the site's name.
 *
 * A structured title is checked against the page before it is trusted:
 * social and SEO titles ("Sweden drops Assange rape investigation") are
 * often written apart from the headline the page shows, and a JSON-LD
 * headline is sometimes the first sentence of the article. When the first
 * structured title is neither confirmed by the page (<title>, an <h1> or
 * the microdata headline say the same) nor shown on it, a later structured
 * title that the page confirms wins, and failing that the <h1> that the
 * <title> agrees with: two independent sources that agree outweigh one
 * that disagrees with both. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta_stage.h"

static const struct {
  const char *text;
  int strong; /* 2 "|"-like: either side is a separate name; 1 "/": only
                 a site name is cut there; 0 a dash */
} title_seps[] = {
    {" | ", 2}, {" || ", 2}, {" :: ", 2}, {" · ", 2}, {" » ", 2},
    {" « ", 2}, {" › ", 2},  {" • ", 2},  {" ~ ", 2}, {" / ", 1},
    {" – ", 0}, {" — ", 0},  {" - ", 0},
};

static int same_ci(const char *a, size_t an, const char *b) {
  return b && strlen(b) == an && strncasecmp(a, b, an) == 0;
}

/* Strips " | Site" or "Site | " from a title, in place, when Site is the
 * whole site name as given ("Martina Berg - Lady 50plus"). */
static void strip_site_name(char *title, const char *site) {
  if (!title || !pith_meta_has_text(site))
    return;
  size_t tn = strlen(title), sn = strlen(site);
  for (size_t k = 0; k < sizeof title_seps / sizeof *title_seps; k++) {
    const char *sep = title_seps[k].text;
    size_t pn = strlen(sep);
    if (tn <= sn + pn)
      continue;
    if (strcasecmp(title + tn - sn, site) == 0 &&
        strncmp(title + tn - sn - pn, sep, pn) == 0) {
      title[tn - sn - pn] = '\0';
      return;
    }
    if (strncasecmp(title, site, sn) == 0 &&
        strncmp(title + sn, sep, pn) == 0) {
      memmove(title, title + sn + pn, tn - sn - pn + 1);
      return;
    }
  }
}

/* Whether t[b, e) names the site: its name, its host or a domain. */
static int seg_is_site(const char *t, size_t b, size_t e, const char *site,
                       const char *host) {
  size_t n = e - b;
  char tmp[256];
  if (same_ci(t + b, n, site) || pith_meta_names_host(t + b, n, host))
    return 1;
  if (n >= sizeof tmp)
    return 0;
  memcpy(tmp, t + b, n);
  tmp[n] = '\0';
  return pith_meta_looks_like_domain(tmp);
}

typedef struct title_seg {
  size_t b, e;
  int strong_before; /* the kind of separator before this part */
} title_seg;

#define MAX_SEGS 16

/* Splits a title at " | ", " - "... into at most MAX_SEGS parts. */
static size_t split_title(const char *t, title_seg *seg) {
  size_t nseg = 0, start = 0, n = strlen(t);
  int strong = 0;
  for (size_t i = 0; i < n && nseg < MAX_SEGS - 1; i++) {
    if (t[i] != ' ')
      continue;
    for (size_t k = 0; k < sizeof title_seps / sizeof *title_seps; k++) {
      size_t pn = strlen(title_seps[k].text);
      if (strncmp(t + i, title_seps[k].text, pn) == 0) {
        if (i > start)
          seg[nseg++] = (title_seg){start, i, strong};
        strong = title_seps[k].strong;
        start = i + pn;
        i = start - 1;
        break;
      }
    }
  }
  /* A separator left dangling at the end: "Headline |". */
  size_t e = n;
  while (e > start && (t[e - 1] == '|' || t[e - 1] == '-' || t[e - 1] == ' '))
    e--;
  if (e > start || nseg == 0)
    seg[nseg++] = (title_seg){start, e, strong};
  return nseg;
}

/* A title without its site name. With `guess` (for <title>), also drops a
 * short capitalised last part when what remains is long enough ("Headline -
 * Section - Site") and a short first part before a "|" ("Site | Headline");
 * structured titles (og:title, JSON-LD) only lose parts naming the site.
 * Returns a new string or NULL. */
static char *clean_title(const char *raw, const char *site_full,
                         const char *site, const char *host, int guess) {
  char *t = pith_meta_finish_text(raw, MAX_SHORT);
  if (!t)
    return NULL;
  strip_site_name(t, site_full);
  title_seg seg[MAX_SEGS];
  size_t nseg = split_title(t, seg);
  size_t first = 0, last = nseg - 1;
  while (last > first) {
    if (seg_is_site(t, seg[last].b, seg[last].e, site, host))
      last--;
    else if (seg_is_site(t, seg[first].b, seg[first].e, site, host))
      first++;
    else
      break;
  }
  for (int round = 0; guess && round < 2 && last > first; round++) {
    title_seg *s = &seg[last];
    const char *rest = t + seg[first].b;
    size_t rest_len = seg[last - 1].e - seg[first].b;
    size_t ln = s->e - s->b;
    size_t lchars = pith_utf8_length(t + s->b, ln);
    size_t rchars = pith_utf8_length(rest, rest_len);
    /* After a dash, only a capitalised name: "- here's why" and "- 20.
     * Januar" belong to the headline. */
    int capital =
        (t[s->b] >= 'A' && t[s->b] <= 'Z') || (unsigned char)t[s->b] >= 0x80;
    int strong = s->strong_before == 2;
    if (s->strong_before != 1 && pith_text_count_words(t + s->b, ln) <= 4 &&
        rchars >= lchars &&
        (pith_text_count_words(rest, rest_len) >= 2 || rchars >= 8) &&
        (capital || strong))
      last--;
    else
      break;
  }
  if (guess && last > first && seg[first + 1].strong_before == 2) {
    size_t fn = seg[first].e - seg[first].b;
    size_t rest_len = seg[last].e - seg[first + 1].b;
    if (pith_text_count_words(t + seg[first].b, fn) <= 3 &&
        pith_text_count_words(t + seg[first + 1].b, rest_len) >= 3 &&
        pith_utf8_length(t + seg[first + 1].b, rest_len) >
            2 * pith_utf8_length(t + seg[first].b, fn))
      first++;
  }
  char *out = NULL;
  if (seg[last].e > seg[first].b)
    out = pith_strndup(t + seg[first].b, seg[last].e - seg[first].b);
  free(t);
  return out;
}

/* A site name cut to the part naming the host: "MIXED.de" of "News zu VR |
 * MIXED.de", "LinkNaija" of "LinkNaija | Nigeria's news platform". Names
 * that are URLs are refused. */
char *pith_meta_clean_site_name(const char *raw, const char *host) {
  char *t = pith_meta_finish_text(raw, MAX_SHORT);
  if (!t)
    return NULL;
  if (pith_meta_is_http_url(t)) {
    free(t);
    return NULL;
  }
  title_seg seg[MAX_SEGS];
  size_t nseg = split_title(t, seg);
  if (nseg > 1) {
    for (size_t i = 0; i < nseg; i++) {
      if (pith_meta_names_host(t + seg[i].b, seg[i].e - seg[i].b, host)) {
        char *part = pith_strndup(t + seg[i].b, seg[i].e - seg[i].b);
        free(t);
        return part;
      }
    }
  }
  return t;
}

/* ---- checking one source against the others ------------------------------ */

/* Whether two titles say the same: one holds the other, whole words, and
 * the shorter is more than a word ("Home" is in every title). */
static int titles_agree(const char *a, const char *b) {
  if (!a || !b)
    return 0;
  char fa[MAX_SHORT * 2 + 8], fb[MAX_SHORT * 2 + 8];
  size_t na = pith_meta_fold_title(a, fa, sizeof fa),
         nb = pith_meta_fold_title(b, fb, sizeof fb);
  const char *shorter = na <= nb ? fa : fb, *longer = na <= nb ? fb : fa;
  size_t ns = na <= nb ? na : nb;
  if (ns < 8 && !strchr(shorter, ' '))
    return 0;
  return pith_meta_has_words(longer, shorter, ns);
}

/* U+FFFD: text decoded with the wrong charset, which must not outvote a
 * clean structured value. */
static int damaged(const char *s) {
  return s && strstr(s, "\xEF\xBF\xBD") != NULL;
}

/* What the page itself shows as its title. */
typedef struct page_titles {
  char *title_raw; /* <title>, as written (site name and all) */
  char *h1[MAX_H1];
  size_t h1_n;
  char *headline; /* the itemprop=headline element */
} page_titles;

/* Cuts a <title> where script begins: a page whose script was written
 * into an unclosed <title> ("Headline(Site)ntById(\"font\"); obj.style...",
 * "Headline' + OAS_query + '..."). Code is a call or a concatenation with
 * a statement's end after it; a title that merely quotes ("Review
 * (\"Dune\")") has no ';' after its quote. */
static void cut_script(char *t) {
  static const char *const starts[] = {"(\"",  "('",  "' +",
                                       "\" +", "+ '", "+ \""};
  char *cut = NULL;
  for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
    char *at = strstr(t, starts[i]);
    if (at && strchr(at, ';') && (!cut || at < cut))
      cut = at;
  }
  if (!cut)
    return;
  /* The called name glued to the headline goes with the call. */
  if (*cut == '(')
    while (cut > t && (pith_is_alpha((unsigned char)cut[-1]) ||
                       pith_is_digit((unsigned char)cut[-1]) ||
                       cut[-1] == '_' || cut[-1] == '.' || cut[-1] == '$'))
      cut--;
  while (cut > t && (cut[-1] == ' ' || cut[-1] == '\'' || cut[-1] == '"' ||
                     cut[-1] == '?'))
    cut--;
  *cut = '\0';
}

static void page_titles_read(collector *c, page_titles *p) {
  memset(p, 0, sizeof *p);
  xmlNodePtr title_node = c->title_head ? c->title_head : c->title_any;
  if (title_node)
    p->title_raw = pith_meta_node_text(title_node, MAX_SHORT * 2);
  if (p->title_raw)
    cut_script(p->title_raw);
  for (size_t i = 0; i < c->h1_n && p->h1_n < MAX_H1; i++) {
    char *t = pith_meta_node_text(c->h1s[i], MAX_SHORT);
    if (t)
      p->h1[p->h1_n++] = t;
  }
  if (c->headline)
    p->headline = pith_meta_node_text(c->headline, MAX_SHORT);
}

static void page_titles_free(page_titles *p) {
  free(p->title_raw);
  for (size_t i = 0; i < p->h1_n; i++)
    free(p->h1[i]);
  free(p->headline);
}

/* Whether the page's <title>, an <h1> or its microdata headline says t. */
static int page_confirms(const page_titles *p, const char *t) {
  if (titles_agree(t, p->title_raw) || titles_agree(t, p->headline))
    return 1;
  for (size_t i = 0; i < p->h1_n; i++)
    if (titles_agree(t, p->h1[i]))
      return 1;
  return 0;
}

/* The page's own headline when its sources agree with each other: the
 * microdata headline or an <h1> that the <title> repeats. */
static const char *page_agreement(const page_titles *p) {
  if (!p->title_raw || damaged(p->title_raw))
    return NULL;
  if (p->headline && !damaged(p->headline) &&
      titles_agree(p->headline, p->title_raw))
    return p->headline;
  for (size_t i = 0; i < p->h1_n; i++)
    if (!damaged(p->h1[i]) && titles_agree(p->h1[i], p->title_raw))
      return p->h1[i];
  return NULL;
}

static int is_hidden_tag(xmlNodePtr n) {
  static const char *const tags[] = {"head",     "script",   "style",
                                     "noscript", "template", "title"};
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    if (pith_meta_name_is(n, tags[i]))
      return 1;
  return 0;
}

/* Whether t is shown on the page: a heading or (unless `headings_only`)
 * a run of text that says exactly t (a headline in an <h2> or a styled
 * <div>). */
static int shown_as(htmlDocPtr doc, const char *t, int headings_only) {
  char want[MAX_SHORT * 2 + 8], got[MAX_SHORT * 2 + 8];
  size_t wn = pith_meta_fold_title(t, want, sizeof want);
  if (!wn)
    return 0;
  xmlNodePtr top = (xmlNodePtr)doc;
  for (xmlNodePtr n = doc->children; n;) {
    int descend = 1;
    if (n->type == XML_ELEMENT_NODE) {
      descend = !is_hidden_tag(n);
      const char *name = (const char *)n->name;
      if (descend && name && name[0] == 'h' && name[1] >= '1' &&
          name[1] <= '6' && !name[2]) {
        char *text = pith_meta_node_text(n, MAX_SHORT);
        int same = text && pith_meta_fold_title(text, got, sizeof got) == wn &&
                   strcmp(got, want) == 0;
        free(text);
        if (same)
          return 1;
        descend = 0;
      }
    } else if (!headings_only && n->type == XML_TEXT_NODE && n->content &&
               strlen((const char *)n->content) < sizeof got) {
      if (pith_meta_fold_title((const char *)n->content, got, sizeof got) ==
              wn &&
          strcmp(got, want) == 0)
        return 1;
    }
    n = pith_dom_next(n, top, !descend);
  }
  return 0;
}

static int shown_on_page(htmlDocPtr doc, const char *t) {
  return shown_as(doc, t, 0);
}

/* The part of the <title> t (tn bytes) beside `part`, split at a separator
 * ("Headline - Site", "Site | Headline"): sets *rest and *rn and returns 1;
 * 0 when the <title> is not `part` and one other part. */
static int title_other_part(const char *t, size_t tn, const char *part,
                            const char **rest, size_t *rn) {
  size_t hn = strlen(part);
  for (size_t k = 0; k <= sizeof title_seps / sizeof *title_seps; k++) {
    const char *sep =
        k < sizeof title_seps / sizeof *title_seps ? title_seps[k].text : ": ";
    size_t sn = strlen(sep);
    if (tn <= hn + sn)
      continue;
    if (strncasecmp(t, part, hn) == 0 && strncmp(t + hn, sep, sn) == 0) {
      *rest = t + hn + sn;
      *rn = tn - hn - sn;
      return 1;
    }
    if (k < sizeof title_seps / sizeof *title_seps &&
        strcasecmp(t + tn - hn, part) == 0 &&
        strncmp(t + tn - hn - sn, sep, sn) == 0) {
      *rest = t;
      *rn = tn - hn - sn;
      return 1;
    }
  }
  return 0;
}

/* When the <title> is the <h1> and another part of three or more words and
 * half again as long, split at a separator ("Rand's Blog" and "The Dangerous
 * Hubris of the Startup World « Rand's Blog", "Seth's Blog: The importance of
 * going first"), that other part; else NULL. Caller frees. */
static char *title_rest_beside(const char *title_raw, const char *h1) {
  char *t = pith_meta_finish_text(title_raw, MAX_SHORT * 2);
  if (!t)
    return NULL;
  size_t hn = strlen(h1);
  const char *rest = NULL;
  size_t rn = 0;
  /* The headline is the longer part: "Why the clock runs slow | Old Town
   * Notes" is a headline and the site's name, the other way round. */
  char *out = NULL;
  if (title_other_part(t, strlen(t), h1, &rest, &rn) &&
      pith_text_count_words(rest, rn) >= 3 &&
      pith_utf8_length(rest, rn) * 2 >= pith_utf8_length(h1, hn) * 3)
    out = pith_strndup(rest, rn);
  free(t);
  return out;
}

char *pith_meta_title_beside(collector *c, const char *title) {
  xmlNodePtr title_node = c->title_head ? c->title_head : c->title_any;
  if (!title_node || !pith_meta_has_text(title))
    return NULL;
  char *raw = pith_meta_node_text(title_node, MAX_SHORT * 2);
  char *t = raw ? pith_meta_finish_text(raw, MAX_SHORT * 2) : NULL;
  free(raw);
  if (!t)
    return NULL;
  const char *rest = NULL;
  size_t rn = 0;
  char *out = NULL;
  if (title_other_part(t, strlen(t), title, &rest, &rn) &&
      pith_text_count_words(rest, rn) <= 5)
    out = pith_strndup(rest, rn);
  free(t);
  return out;
}

/* Such an <h1> is the site's name in a blog's header, and the other part
 * the headline, when the page shows that part as a heading too (the
 * post's <h2>; a site's name beside a headline is shown in a logo, not a
 * heading) or the <h1> names the host. Returns the headline (caller
 * frees), else NULL. */
static char *title_beside_h1(htmlDocPtr doc, const char *title_raw,
                             const char *h1, const char *site_full,
                             const char *site, const char *host) {
  char *rest = title_rest_beside(title_raw, h1);
  if (!rest)
    return NULL;
  if (!seg_is_site(h1, 0, strlen(h1), site, host) && !shown_as(doc, rest, 1)) {
    free(rest);
    return NULL;
  }
  /* The part may carry a section or a tagline of its own ("Blog Archiv »
   * Headline"). */
  char *clean = clean_title(rest, site_full, site, host, 1);
  if (clean) {
    free(rest);
    return clean;
  }
  return rest;
}

/* The part of a <title> that the page shows as a heading, when the
 * <title> as cut of its site's name is not shown but one of its parts is:
 * "Google News Blog: Google News turns 10" over a page headed "Google
 * News turns 10" (the site's name stood first, where a headline can
 * stand too). The longest such part of three or more words that does not
 * name the site; caller frees; NULL for none. */
static char *title_part_shown(htmlDocPtr doc, const char *title_raw,
                              const char *site, const char *host) {
  char *t = pith_meta_finish_text(title_raw, MAX_SHORT * 2);
  if (!t)
    return NULL;
  title_seg seg[MAX_SEGS];
  size_t nseg = split_title(t, seg);
  /* ": " after a first part: "ABC News: Headline". */
  const char *colon = strstr(t, ": ");
  /* Only a colon with text after it in the same part: in "Site: - Headline"
   * the part ends right after ": ". */
  if (nseg < MAX_SEGS && colon && (size_t)(colon - t) + 2 < seg[0].e) {
    memmove(seg + 1, seg, nseg * sizeof *seg);
    seg[0].e = (size_t)(colon - t);
    seg[1].b = (size_t)(colon - t) + 2;
    nseg++;
  }
  char *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < nseg && nseg > 1; i++) {
    size_t n = seg[i].e - seg[i].b;
    if (n <= best_len || pith_text_count_words(t + seg[i].b, n) < 3 ||
        seg_is_site(t, seg[i].b, seg[i].e, site, host))
      continue;
    char *part = pith_strndup(t + seg[i].b, n);
    if (part && shown_as(doc, part, 1)) {
      free(best);
      best = part;
      best_len = n;
    } else {
      free(part);
    }
  }
  free(t);
  return best;
}

/* The title from the page alone: the microdata headline, else the single
 * <h1> when the <title> agrees, else the <title> cut of its site name,
 * else the first <h1>. */
static char *page_title(htmlDocPtr doc, const page_titles *p, collector *c,
                        const char *site_full, const char *site,
                        const char *host) {
  if (p->headline)
    return pith_strdup(p->headline);
  const char *h1 = p->h1_n ? p->h1[0] : NULL;
  if (h1 && c->h1_count == 1 &&
      (!p->title_raw || pith_ascii_strcasestr(p->title_raw, h1) ||
       pith_ascii_strcasestr(h1, p->title_raw))) {
    char *headline = p->title_raw ? title_beside_h1(doc, p->title_raw, h1,
                                                    site_full, site, host)
                                  : NULL;
    return headline ? headline : pith_strdup(h1);
  }
  char *out = NULL;
  if (p->title_raw)
    out = clean_title(p->title_raw, site_full, site, host, 1);
  if (out && !shown_on_page(doc, out)) {
    char *part = title_part_shown(doc, p->title_raw, site, host);
    if (part) {
      free(out);
      out = part;
    }
  }
  if (!out && h1)
    out = pith_strdup(h1);
  return out;
}

char *pith_meta_choose_title(htmlDocPtr doc, collector *c, const ld_info *ld,
                             const char *site_full, const char *site,
                             const char *host) {
  const char *const sources[] = {ld->headline, c->slot[S_OG_TITLE],
                                 c->slot[S_TW_TITLE], c->slot[S_PARSELY_TITLE],
                                 c->slot[S_HEADLINE]};
  enum { N_SOURCES = sizeof sources / sizeof *sources };
  char *structured[N_SOURCES];
  size_t n = 0;
  for (size_t i = 0; i < N_SOURCES; i++) {
    char *t = clean_title(sources[i], site_full, site, host, 0);
    if (t)
      structured[n++] = t;
  }
  page_titles page;
  page_titles_read(c, &page);
  char *out = NULL;
  if (!n) {
    out = page_title(doc, &page, c, site_full, site, host);
  } else if (page_confirms(&page, structured[0]) ||
             shown_on_page(doc, structured[0])) {
    out = structured[0];
    structured[0] = NULL;
  } else {
    const char *agreed = page_agreement(&page);
    if (agreed && titles_agree(page.title_raw, agreed) &&
        strlen(agreed) > strlen(page.title_raw))
      /* "Press release: Headline" over <title>Headline</title>. */
      out = clean_title(page.title_raw, site_full, site, host, 1);
    else if (agreed) {
      /* An <h1> that is the site's part of the <title> agrees with
       * nothing about the headline. */
      out = title_beside_h1(doc, page.title_raw, agreed, site_full, site, host);
      char *rest = out ? NULL : title_rest_beside(page.title_raw, agreed);
      if (!out && !rest)
        out = pith_strdup(agreed);
      free(rest);
    }
    for (size_t i = 1; i < n && !out; i++)
      if (page_confirms(&page, structured[i])) {
        out = structured[i];
        structured[i] = NULL;
      }
    if (!out) {
      out = structured[0];
      structured[0] = NULL;
    }
  }
  for (size_t i = 0; i < n; i++)
    free(structured[i]);
  page_titles_free(&page);
  return out;
}
