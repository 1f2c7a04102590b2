/* Metadata: title, author, date, site name, language, URLs, image,
 * description, categories and tags.
 *
 * One walk over the unpruned document collects every source (JSON-LD,
 * OpenGraph and Twitter cards, <meta name>, microdata, <link rel=canonical>,
 * <time>, <title>, <h1>, byline elements); the values are then chosen by a
 * fixed priority per field. Strings read during the walk are borrowed from
 * the DOM, which outlives this stage, so only the chosen values are copied.
 *
 * The priorities follow htmldate and trafilatura (see HEURISTICS.md, section
 * 4), with structured data first: JSON-LD, then OpenGraph, then plain <meta>,
 * then the visible page. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "meta.h"

/* ---- lists (categories, tags) -------------------------------------------- */

typedef struct str_list {
  char *v[MAX_LIST_ITEMS];
  size_t n;
  size_t bytes;
} str_list;

static void list_add_raw(str_list *l, const char *raw) {
  char *s = pith_meta_finish_text(raw, MAX_LONG);
  if (!s)
    return;
  size_t n = strlen(s), start = 0;
  for (size_t i = 0; i <= n; i++) {
    size_t sep = 0;
    if (i == n || s[i] == ',' || s[i] == ';' || s[i] == '|')
      sep = 1;
    else if (strncmp(s + i, "，", 3) == 0 || strncmp(s + i, "、", 3) == 0)
      sep = 3;
    if (!sep)
      continue;
    size_t b = start, e = i;
    while (b < e && (s[b] == ' ' || s[b] == '#'))
      b++;
    while (e > b && s[e - 1] == ' ')
      e--;
    if (e > b && l->n < MAX_LIST_ITEMS && l->bytes + (e - b) < MAX_LONG) {
      int dup = 0;
      for (size_t k = 0; k < l->n && !dup; k++)
        dup =
            strlen(l->v[k]) == e - b && strncasecmp(l->v[k], s + b, e - b) == 0;
      if (!dup) {
        char *item = pith_strndup(s + b, e - b);
        if (item) {
          l->v[l->n++] = item;
          l->bytes += e - b + 2;
        }
      }
    }
    start = i + sep;
    i = start - 1;
  }
  free(s);
}

static char *list_join(str_list *l) {
  char *out = NULL;
  if (l->n) {
    pith_buf b;
    pith_buf_init(&b, 0);
    for (size_t i = 0; i < l->n; i++) {
      if (i)
        pith_buf_puts(&b, "; ");
      pith_buf_puts(&b, l->v[i]);
    }
    out = pith_buf_detach(&b);
  }
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  l->n = 0;
  l->bytes = 0;
  return out;
}

/* ---- choosing the values ------------------------------------------------- */

/* The primary language subtag, lower case: "en-US" → "en", "pt_BR" → "pt". */
static char *lang_primary(const char *s) {
  if (!s)
    return NULL;
  while (pith_is_space((unsigned char)*s))
    s++;
  size_t n = 0;
  while (n < 4 && pith_is_alpha((unsigned char)s[n]))
    n++;
  if (n < 2 || n > 3)
    return NULL;
  char c = s[n];
  if (c && c != '-' && c != '_' && c != ',' && c != ';' &&
      !pith_is_space((unsigned char)c))
    return NULL;
  char *out = pith_strndup(s, n);
  if (out)
    for (char *p = out; *p; p++)
      *p = (char)tolower((unsigned char)*p);
  return out;
}

static int is_http_url(const char *u) {
  return u && (strncasecmp(u, "http://", 7) == 0 ||
               strncasecmp(u, "https://", 8) == 0);
}

/* An absolute http(s) URL for ref, or NULL. */
static char *absolute_url(const char *base, const char *ref) {
  if (!pith_meta_has_text(ref) || strnlen(ref, MAX_URL + 1) > MAX_URL)
    return NULL;
  char *trimmed = pith_text_normalize_space(ref, strlen(ref));
  if (!trimmed)
    return NULL;
  char *out = pith_url_resolve(base, trimmed);
  free(trimmed);
  if (out && !is_http_url(out)) {
    free(out);
    out = NULL;
  }
  return out;
}

/* An image URL: absolute when a base is known, else as given. */
static char *image_url(const char *base, const char *ref) {
  if (!pith_meta_has_text(ref) || strnlen(ref, MAX_URL + 1) > MAX_URL)
    return NULL;
  char *trimmed = pith_text_normalize_space(ref, strlen(ref));
  if (!trimmed || !*trimmed || strncasecmp(trimmed, "data:", 5) == 0) {
    free(trimmed);
    return NULL;
  }
  char *out = pith_url_resolve(base, trimmed);
  if (out) {
    free(trimmed);
    return out;
  }
  return trimmed;
}

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

/* Lower-case ASCII letters and digits of s[0..n) (other bytes kept), for
 * comparing "La Stampa" with lastampa.it. */
static size_t squash(const char *s, size_t n, char *out, size_t size) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (pith_is_alpha(c) || pith_is_digit(c))
      out[o++] = (char)tolower(c);
    else if (c >= 0x80)
      out[o++] = (char)c;
  }
  out[o] = '\0';
  return o;
}

/* Whether a title part names the host: "Example" or "Example.com" for
 * example.com, "La Stampa" for lastampa.it. */
static int names_host(const char *s, size_t n, const char *host) {
  if (!host || n > 200)
    return 0;
  char part[256], whole[256];
  size_t pn = squash(s, n, part, sizeof part);
  size_t wn = squash(host, strlen(host), whole, sizeof whole);
  if (pn < 3 || wn < 3)
    return 0;
  if (strstr(part, whole) && pith_text_count_words(s, n) <= 3)
    return 1;
  /* Each label but the last (the TLD): "lastampa" of lastampa.it. */
  const char *label = host;
  for (const char *dot = strchr(label, '.'); dot;
       label = dot + 1, dot = strchr(label, '.')) {
    size_t ln = squash(label, (size_t)(dot - label), whole, sizeof whole);
    if (ln >= 3 && ln == pn && memcmp(part, whole, ln) == 0)
      return 1;
  }
  return 0;
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
  if (same_ci(t + b, n, site) || names_host(t + b, n, host))
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
static char *clean_site_name(const char *raw, const char *host) {
  char *t = pith_meta_finish_text(raw, MAX_SHORT);
  if (!t)
    return NULL;
  if (is_http_url(t)) {
    free(t);
    return NULL;
  }
  title_seg seg[MAX_SEGS];
  size_t nseg = split_title(t, seg);
  if (nseg > 1) {
    for (size_t i = 0; i < nseg; i++) {
      if (names_host(t + seg[i].b, seg[i].e - seg[i].b, host)) {
        char *part = pith_strndup(t + seg[i].b, seg[i].e - seg[i].b);
        free(t);
        return part;
      }
    }
  }
  return t;
}

static char *first_text(const char *const *vals, size_t n, size_t cap) {
  for (size_t i = 0; i < n; i++) {
    char *s = pith_meta_finish_text(vals[i], cap);
    if (s)
      return s;
  }
  return NULL;
}

static char *choose_title(collector *c, ld_info *ld, const char *site_full,
                          const char *site, const char *host) {
  const char *const structured[] = {
      ld->headline, c->slot[S_OG_TITLE], c->slot[S_TW_TITLE],
      c->slot[S_PARSELY_TITLE], c->slot[S_HEADLINE]};
  for (size_t i = 0; i < sizeof structured / sizeof *structured; i++) {
    char *t = clean_title(structured[i], site_full, site, host, 0);
    if (t)
      return t;
  }
  if (c->headline) {
    char *t = pith_meta_node_text(c->headline, MAX_SHORT);
    if (t)
      return t;
  }
  xmlNodePtr title_node = c->title_head ? c->title_head : c->title_any;
  char *title_raw =
      title_node ? pith_meta_node_text(title_node, MAX_SHORT * 2) : NULL;
  char *h1 = c->h1 ? pith_meta_node_text(c->h1, MAX_SHORT) : NULL;
  char *out = NULL;
  if (h1 && c->h1_count == 1 &&
      (!title_raw || pith_ascii_strcasestr(title_raw, h1) ||
       pith_ascii_strcasestr(h1, title_raw))) {
    out = h1;
    h1 = NULL;
  } else if (title_raw) {
    out = clean_title(title_raw, site_full, site, host, 1);
  }
  if (!out && h1) {
    out = h1;
    h1 = NULL;
  }
  free(h1);
  free(title_raw);
  return out;
}

/* The itemprop=name inside an itemprop=author element (which often holds a
 * job title or a photo too), or the element itself. */
static xmlNodePtr find_itemprop_name(xmlNodePtr author) {
  xmlNodePtr d = author->children;
  for (int steps = 0; d && steps < 200; steps++) {
    if (d->type == XML_ELEMENT_NODE) {
      const char *ip = pith_meta_attr(d, "itemprop");
      if (ip && pith_meta_has_token(ip, "name"))
        return d;
    }
    d = pith_dom_next(d, author, d->type != XML_ELEMENT_NODE);
  }
  return author;
}

static char *choose_byline(collector *c) {
  for (int k = 0; k < 3; k++) {
    for (size_t i = 0; i < c->byline_n[k]; i++) {
      xmlNodePtr n = c->byline[k][i];
      if (pith_meta_in_foreign_container(n))
        continue;
      /* itemprop=author often wraps itemprop=name with a job title. */
      xmlNodePtr target = n;
      if (pith_meta_contains_ci(pith_meta_attr(n, "itemprop"), "author"))
        target = find_itemprop_name(n);
      char *text;
      if (pith_meta_name_is(target, "meta"))
        text = pith_meta_finish_text(pith_meta_attr(target, "content"), 160);
      else
        text = pith_meta_node_text(target, 160);
      if (!text)
        continue;
      size_t chars = pith_utf8_length(text, strlen(text));
      if (chars < 3 || chars > 120) {
        free(text);
        continue;
      }
      /* A byline's tail after "|" or a bullet is the date or the section;
       * names_add cuts the date itself. */
      static const char *const tails[] = {"|", "•", "·", " — ", " – "};
      for (size_t b = 0; b < sizeof tails / sizeof *tails; b++) {
        char *p = strstr(text, tails[b]);
        if (p)
          *p = '\0';
      }
      name_list l = {{0}, 0};
      pith_meta_names_add(&l, text, NAMES_SPLIT | NAMES_BYLINE);
      free(text);
      char *joined = pith_meta_names_join(&l);
      pith_meta_names_free(&l);
      if (joined)
        return joined;
    }
  }
  return NULL;
}

static char *choose_author(collector *c, ld_info *ld) {
  char *out = pith_meta_names_join(&ld->people);
  if (out)
    return out;
  const char *const metas[] = {
      c->slot[S_AUTHOR],          c->slot[S_OG_AUTHOR],
      c->slot[S_PARSELY_AUTHOR],  c->slot[S_DC_CREATOR],
      c->slot[S_SAILTHRU_AUTHOR], c->slot[S_BYL]};
  for (size_t i = 0; i < sizeof metas / sizeof *metas; i++) {
    if (!pith_meta_has_text(metas[i]))
      continue;
    name_list l = {{0}, 0};
    pith_meta_names_add(&l, metas[i], NAMES_SPLIT);
    out = pith_meta_names_join(&l);
    pith_meta_names_free(&l);
    if (out)
      return out;
  }
  if (c->multi_n[M_CITATION_AUTHOR]) {
    name_list l = {{0}, 0};
    for (size_t i = 0; i < c->multi_n[M_CITATION_AUTHOR]; i++)
      pith_meta_names_add(&l, c->multi[M_CITATION_AUTHOR][i], 0);
    out = pith_meta_names_join(&l);
    pith_meta_names_free(&l);
    if (out)
      return out;
  }
  out = choose_byline(c);
  if (out)
    return out;
  return pith_meta_names_join(&ld->orgs);
}

static char *choose_list(const char *first, const char *const *multi,
                         size_t multi_n, const char *const *rest,
                         size_t rest_n) {
  str_list l;
  memset(&l, 0, sizeof l);
  if (pith_meta_has_text(first)) {
    list_add_raw(&l, first);
    if (l.n)
      return list_join(&l);
  }
  for (size_t i = 0; i < multi_n; i++)
    list_add_raw(&l, multi[i]);
  if (l.n)
    return list_join(&l);
  for (size_t i = 0; i < rest_n; i++) {
    list_add_raw(&l, rest[i]);
    if (l.n)
      return list_join(&l);
  }
  return NULL;
}

/* Keeps line breaks (paragraphs) but normalises the rest; drops tags that
 * some sites leave in articleBody. */
static char *clean_body(const char *raw) {
  if (!raw)
    return NULL;
  size_t n = strlen(raw);
  char *decoded = pith_meta_decode_entities(raw, n);
  if (!decoded)
    return NULL;
  pith_buf lines;
  pith_buf_init(&lines, 0);
  const char *s = decoded;
  n = strlen(s);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '<' && i + 1 < n &&
        (pith_is_alpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
         s[i + 1] == '!')) {
      const char *gt = memchr(s + i, '>', n - i);
      if (gt) {
        const char *tag = s + i + 1 + (s[i + 1] == '/');
        if (strncasecmp(tag, "p", 1) == 0 || strncasecmp(tag, "br", 2) == 0 ||
            strncasecmp(tag, "div", 3) == 0 || strncasecmp(tag, "li", 2) == 0 ||
            (tag[0] == 'h' && pith_is_digit((unsigned char)tag[1])))
          pith_buf_putc(&lines, '\n');
        i = (size_t)(gt - s);
        continue;
      }
    }
    pith_buf_putc(&lines, s[i]);
  }
  free(decoded);
  if (lines.failed || !lines.data) {
    pith_buf_free(&lines);
    return NULL;
  }
  pith_buf out;
  pith_buf_init(&out, 0);
  const char *p = lines.data;
  while (*p) {
    size_t ln = strcspn(p, "\n");
    char *line = pith_text_normalize_space(p, ln);
    if (!line) {
      out.failed = 1;
      break;
    }
    if (*line) {
      if (out.len)
        pith_buf_puts(&out, "\n\n");
      pith_buf_puts(&out, line);
    }
    free(line);
    p += ln;
    if (*p == '\n')
      p++;
  }
  pith_buf_free(&lines);
  if (!out.len) {
    pith_buf_free(&out);
    return NULL;
  }
  return pith_buf_detach(&out);
}

/* The first date-named element (class="date", id="datum"...) whose short
 * text holds a date. */
static void date_from_class(collector *c, char *out, size_t size) {
  for (size_t i = 0; i < c->date_el_n; i++) {
    xmlNodePtr n = c->date_el[i];
    if (pith_meta_in_foreign_container(n))
      continue;
    const char *v = pith_meta_attr(n, "content");
    if (!pith_meta_has_text(v))
      v = pith_meta_attr(n, "datetime");
    if (pith_meta_has_text(v) &&
        pith_meta_parse_date_year(v, c->ymax, out, size))
      return;
    char *text = pith_meta_node_text(n, 200);
    int ok = text && pith_meta_parse_date_year(text, c->ymax, out, size);
    free(text);
    if (ok)
      return;
  }
  out[0] = '\0';
}

void pith_meta_extract(htmlDocPtr doc, const char *url, pith_meta *meta) {
  if (!meta)
    return;
  memset(meta, 0, sizeof *meta);
  if (pith_meta_has_text(url))
    meta->url = pith_strdup(url);
  if (!doc) {
    meta->hostname = pith_url_hostname(url);
    return;
  }
  collector *c = calloc(1, sizeof *c);
  if (!c) {
    pith_nomem_note();
    return;
  }
  c->ymax = pith_meta_current_year() + 1;
  pith_meta_walk(doc, c);
  ld_info ld;
  pith_meta_ld_extract(c, &ld);

  /* URLs and host. */
  meta->canonical_url = absolute_url(url, c->canonical);
  if (!meta->canonical_url)
    meta->canonical_url = absolute_url(url, c->slot[S_OG_URL]);
  if (!meta->canonical_url)
    meta->canonical_url = absolute_url(url, ld.url);
  meta->hostname = pith_url_hostname(meta->canonical_url);
  if (!meta->hostname)
    meta->hostname = pith_url_hostname(url);
  const char *base = pith_meta_has_text(url) ? url : meta->canonical_url;

  /* Site name, before the title: titles are stripped of it. */
  const char *const sites[] = {c->slot[S_OG_SITE], ld.publisher,
                               c->slot[S_APPNAME], ld.website, ld.org};
  char *site = NULL, *site_full = NULL;
  for (size_t i = 0; i < sizeof sites / sizeof *sites && !site; i++) {
    site = clean_site_name(sites[i], meta->hostname);
    if (site)
      site_full = pith_meta_finish_text(sites[i], MAX_SHORT);
  }
  meta->title = choose_title(c, &ld, site_full, site, meta->hostname);
  free(site_full);
  if (site)
    meta->sitename = site;
  else if (meta->hostname)
    meta->sitename = pith_strdup(meta->hostname);

  meta->author = choose_author(c, &ld);

  /* Date: published before modified; the URL before dates read from the
   * page's text; a bare <time> last. */
  char from_url[DATE_MAX] = "", from_class[DATE_MAX] = "";
  if (!pith_meta_url_date(url, c->ymax, from_url, sizeof from_url))
    pith_meta_url_date(meta->canonical_url, c->ymax, from_url, sizeof from_url);
  const char *const dates[] = {ld.date_pub,
                               c->date[D_PUB_OG],
                               c->date[D_PUB_META],
                               c->date[D_PUB_ITEMPROP],
                               ld.date_created,
                               c->date[D_TIME_PREF],
                               from_url,
                               from_class,
                               ld.date_mod,
                               c->date[D_MOD],
                               c->date[D_TIME_FIRST]};
  for (size_t i = 0; i < sizeof dates / sizeof *dates && !meta->date; i++) {
    /* Read only when needed: it walks the candidates' text. */
    if (dates[i] == from_class)
      date_from_class(c, from_class, sizeof from_class);
    if (pith_meta_has_text(dates[i]))
      meta->date = pith_strdup(dates[i]);
  }

  /* Language. */
  const char *const langs[] = {c->html_lang, ld.language, c->slot[S_OG_LOCALE],
                               c->slot[S_CONTENT_LANG]};
  for (size_t i = 0; i < sizeof langs / sizeof *langs && !meta->language; i++)
    meta->language = lang_primary(langs[i]);

  const char *const descs[] = {c->slot[S_DESC], c->slot[S_OG_DESC],
                               c->slot[S_TW_DESC], ld.description};
  meta->description = first_text(descs, sizeof descs / sizeof *descs, MAX_LONG);

  const char *const images[] = {c->slot[S_OG_IMAGE], c->slot[S_TW_IMAGE],
                                ld.image};
  for (size_t i = 0; i < sizeof images / sizeof *images && !meta->image; i++)
    meta->image = image_url(base, images[i]);

  const char *const cat_rest[] = {c->slot[S_PARSELY_SECTION]};
  meta->categories = choose_list(ld.section, c->multi[M_SECTION],
                                 c->multi_n[M_SECTION], cat_rest, 1);
  const char *const tag_rest[] = {c->slot[S_KEYWORDS], c->slot[S_NEWS_KEYWORDS],
                                  c->slot[S_PARSELY_TAGS]};
  meta->tags =
      choose_list(ld.keywords, c->multi[M_TAG], c->multi_n[M_TAG], tag_rest, 3);

  if (ld.type)
    meta->page_type = pith_meta_finish_text(ld.type, 64);
  else
    meta->page_type = pith_meta_finish_text(c->slot[S_OG_TYPE], 64);
  meta->article_body = clean_body(ld.body);
  meta->ingredients = ld.ingredients;
  ld.ingredients = NULL;

  pith_meta_ld_free(&ld);
  free(c);
}

void pith_meta_free(pith_meta *meta) {
  if (!meta)
    return;
  char **fields[] = {
      &meta->title,         &meta->author,       &meta->date,
      &meta->sitename,      &meta->hostname,     &meta->url,
      &meta->canonical_url, &meta->language,     &meta->description,
      &meta->image,         &meta->categories,   &meta->tags,
      &meta->page_type,     &meta->article_body, &meta->ingredients};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    free(*fields[i]);
    *fields[i] = NULL;
  }
}
