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

#include "meta_stage.h"

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

/* An absolute http(s) URL for ref, or NULL. */
static char *absolute_url(const char *base, const char *ref) {
  if (!pith_meta_has_text(ref) || strnlen(ref, MAX_URL + 1) > MAX_URL)
    return NULL;
  char *trimmed = pith_text_normalize_space(ref, strlen(ref));
  if (!trimmed)
    return NULL;
  char *out = pith_url_resolve(base, trimmed);
  free(trimmed);
  if (out && !pith_meta_is_http_url(out)) {
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

static char *first_text(const char *const *vals, size_t n, size_t cap) {
  for (size_t i = 0; i < n; i++) {
    char *s = pith_meta_finish_text(vals[i], cap);
    if (s)
      return s;
  }
  return NULL;
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
  struct collector *c = doc ? pith_meta_collector_new() : NULL;
  if (c)
    pith_meta_walk(doc, c);
  pith_meta_extract_collected(doc, c, url, meta);
}

struct collector *pith_meta_collector_new(void) {
  collector *c = calloc(1, sizeof *c);
  if (c)
    c->ymax = pith_meta_current_year() + 1;
  return c;
}

void pith_meta_extract_collected(htmlDocPtr doc, struct collector *c,
                                 const char *url, pith_meta *meta) {
  if (!meta) {
    free(c);
    return;
  }
  memset(meta, 0, sizeof *meta);
  if (pith_meta_has_text(url))
    meta->url = pith_strdup(url);
  if (!doc) {
    free(c);
    meta->hostname = pith_url_hostname(url);
    return;
  }
  if (!c) {
    pith_nomem_note();
    return;
  }
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
    site = pith_meta_clean_site_name(sites[i], meta->hostname);
    if (site)
      site_full = pith_meta_finish_text(sites[i], MAX_SHORT);
  }
  meta->title =
      pith_meta_choose_title(doc, c, &ld, site_full, site, meta->hostname);
  free(site_full);
  if (site)
    meta->sitename = site;
  else if (meta->hostname)
    meta->sitename = pith_strdup(meta->hostname);

  /* The site's own names, then the organisations JSON-LD gives as
   * authors: none of them is a person. */
  char *title_beside = pith_meta_title_beside(c, meta->title);
  org_names orgs = {{0}, 0, 0, meta->hostname, title_beside};
  const char *const own[] = {meta->sitename, c->slot[S_OG_SITE],
                             ld.publisher,   ld.website,
                             ld.org,         c->slot[S_APPNAME]};
  for (size_t i = 0; i < sizeof own / sizeof *own; i++)
    if (pith_meta_has_text(own[i]))
      orgs.v[orgs.n++] = own[i];
  orgs.n_site = orgs.n;
  for (size_t i = 0; i < ld.orgs.n && orgs.n < MAX_ORG_NAMES; i++)
    orgs.v[orgs.n++] = ld.orgs.v[i];
  /* The company the copyright notice names is no author either: "CBS"
   * as <meta name="author"> beside "(c) MMVIII, CBS Corporation". */
  char company[MAX_SHORT];
  char *notice = pith_meta_has_text(c->slot[S_COPYRIGHT])
                     ? pith_meta_finish_text(c->slot[S_COPYRIGHT], MAX_SHORT)
                     : NULL;
  if (notice && orgs.n < MAX_ORG_NAMES &&
      pith_meta_copyright_company(notice, company, sizeof company))
    orgs.v[orgs.n++] = company;
  free(notice);
  meta->author = pith_meta_choose_author(c, &ld, &orgs);
  free(title_beside);

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
