/* Discovery: sitemaps, sitemap indexes, robots.txt Sitemap: lines and feeds
 * turned into the list of URLs to fetch. The documents are fetched with
 * pith_fetch() in rounds (the sources, then the documents they name) and
 * read by discover_read.c; the URLs are then normalised, filtered and
 * deduplicated in the order the documents list them, so the list does not
 * depend on which document arrived first. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "discover.h"
#include "internal.h"

void pith_discover_config_init(pith_discover_config *c) {
  if (!c)
    return;
  memset(c, 0, sizeof *c);
}

/* ---- URLs ----------------------------------------------------------------
 */

char *pith_discover_normalise(const char *base, const char *ref, int *nomem) {
  CURLU *u = curl_url();
  if (!u) {
    *nomem = 1;
    return NULL;
  }
  char *out = NULL, *scheme = NULL, *host = NULL, *full = NULL;
  if (base && *base &&
      curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) !=
          CURLUE_OK)
    goto done;
  /* With a base set, libcurl resolves ref against it; dot segments are
   * resolved on the way in. */
  if (curl_url_set(u, CURLUPART_URL, ref,
                   CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE |
                       CURLU_URLENCODE) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host)
    goto done;
  for (char *p = host; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p - 'A' + 'a');
  if (curl_url_set(u, CURLUPART_HOST, host, 0) != CURLUE_OK ||
      curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK)
    goto done;
  CURLUcode rc = curl_url_get(u, CURLUPART_URL, &full, CURLU_NO_DEFAULT_PORT);
  if (rc == CURLUE_OUT_OF_MEMORY)
    *nomem = 1;
  else if (rc == CURLUE_OK) {
    out = pith_strdup(full);
    if (!out)
      *nomem = 1;
  }
done:
  curl_free(scheme);
  curl_free(host);
  curl_free(full);
  curl_url_cleanup(u);
  return out;
}

/* The host (name and port) of a normalised URL; "" when it has none. */
static void host_of(const char *url, char *out, size_t size) {
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  size_t n = strcspn(p, "/?#");
  const char *at = memchr(p, '@', n);
  if (at) {
    n -= (size_t)(at + 1 - p);
    p = at + 1;
  }
  snprintf(out, size, "%.*s", (int)n, p);
}

/* ---- a set of strings (borrowed), for duplicates ------------------------
 */

typedef struct strset {
  const char **slots;
  size_t cap, count;
} strset;

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* 1 when added, 0 when already there, -1 when out of memory. */
static int strset_add(strset *set, const char *s) {
  if ((set->count + 1) * 2 > set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 1024;
    const char **slots = calloc(cap, sizeof *slots);
    if (!slots)
      return -1;
    for (size_t i = 0; i < set->cap; i++) {
      if (!set->slots[i])
        continue;
      size_t j = hash_str(set->slots[i]) & (cap - 1);
      while (slots[j])
        j = (j + 1) & (cap - 1);
      slots[j] = set->slots[i];
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
  }
  size_t j = hash_str(s) & (set->cap - 1);
  for (; set->slots[j]; j = (j + 1) & (set->cap - 1))
    if (strcmp(set->slots[j], s) == 0)
      return 0;
  set->slots[j] = s;
  set->count++;
  return 1;
}

static void strset_free(strset *set) {
  free(set->slots);
  memset(set, 0, sizeof *set);
}

/* ---- the documents --------------------------------------------------------
 */

#define NO_CHILD ((size_t)-1)

/* What a document lists, in its order: a page URL, or another document. */
typedef struct entry {
  char *url; /* normalised page URL, or NULL for a child */
  size_t child;
} entry;

typedef struct doc {
  pith_source_kind kind;
  char *url;  /* normalised */
  size_t top; /* the source it descends from */
  int round;
  int read_ok; /* fetched and read (robots.txt: with Sitemap: lines) */
  entry *entries;
  size_t count, cap;
} doc;

typedef struct discover_error {
  char *url;
  pith_status status;
  char *message;
} discover_error;

struct pith_discovery {
  doc *docs;
  size_t ndocs, docs_cap;
  const char **urls; /* into docs[].entries */
  const char **url_docs;
  size_t nurls;
  discover_error *errors;
  size_t nerrors, errors_cap;
  size_t dropped;
};

typedef struct run {
  pith_discovery *d;
  const pith_discover_config *cfg;
  size_t max_doc_bytes, max_doc_urls, max_docs;
  regex_t filter;
  int has_filter;
  strset found; /* pages passing the filters, to stop early at max_urls */
  int nomem;
  /* The round under way: its documents and the next to hand out. */
  size_t *round_docs, round_count, round_next;
  size_t current; /* the document being read */
  const char *current_base;
} run;

static const char *kind_word(pith_source_kind kind) {
  return kind == PITH_SOURCE_FEED     ? "feed"
         : kind == PITH_SOURCE_ROBOTS ? "robots.txt"
                                      : "sitemap";
}

static void add_error(run *r, const char *url, pith_status status,
                      pith_source_kind kind, const char *what) {
  pith_discovery *d = r->d;
  if (d->nerrors == d->errors_cap) {
    size_t cap = d->errors_cap ? d->errors_cap * 2 : 8;
    discover_error *p = realloc(d->errors, cap * sizeof *p);
    if (!p) {
      r->nomem = 1;
      return;
    }
    d->errors = p;
    d->errors_cap = cap;
  }
  size_t n = strlen(url) + strlen(what) + 32;
  char *message = malloc(n);
  char *copy = pith_strdup(url);
  if (!message || !copy) {
    free(message);
    free(copy);
    r->nomem = 1;
    return;
  }
  snprintf(message, n, "%s %s: %s", kind_word(kind), url, what);
  d->errors[d->nerrors++] = (discover_error){copy, status, message};
}

/* Adds a document to read in a later round; the URL is taken. Returns its
 * index, or NO_CHILD (out of memory, or the URL already read: an index
 * that names itself). */
static size_t add_doc(run *r, pith_source_kind kind, char *url, size_t top,
                      int round) {
  pith_discovery *d = r->d;
  for (size_t i = 0; i < d->ndocs; i++)
    if (d->docs[i].kind == kind && strcmp(d->docs[i].url, url) == 0) {
      free(url);
      return NO_CHILD;
    }
  if (d->ndocs == d->docs_cap) {
    size_t cap = d->docs_cap ? d->docs_cap * 2 : 16;
    doc *p = realloc(d->docs, cap * sizeof *p);
    if (!p) {
      free(url);
      r->nomem = 1;
      return NO_CHILD;
    }
    d->docs = p;
    d->docs_cap = cap;
  }
  d->docs[d->ndocs] =
      (doc){.kind = kind, .url = url, .top = top, .round = round};
  return d->ndocs++;
}

static int add_entry(run *r, doc *dc, char *url, size_t child) {
  if (dc->count == dc->cap) {
    size_t cap = dc->cap ? dc->cap * 2 : 64;
    entry *p = realloc(dc->entries, cap * sizeof *p);
    if (!p) {
      free(url);
      r->nomem = 1;
      return -1;
    }
    dc->entries = p;
    dc->cap = cap;
  }
  dc->entries[dc->count++] = (entry){url, child};
  return 0;
}

/* Whether a page URL passes --same-host and the filter. */
static int url_wanted(run *r, const char *url, size_t top) {
  if (r->cfg->same_host) {
    char a[512], b[512];
    host_of(url, a, sizeof a);
    host_of(r->d->docs[top].url, b, sizeof b);
    if (strcmp(a, b) != 0)
      return 0;
  }
  return !r->has_filter || regexec(&r->filter, url, 0, NULL, 0) == 0;
}

static pith_status on_item(void *ctx, discover_item item, const char *ref) {
  run *r = ctx;
  int nomem = 0;
  char *url = pith_discover_normalise(r->current_base, ref, &nomem);
  if (nomem) {
    r->nomem = 1;
    return PITH_ERR_NOMEM;
  }
  if (!url) {
    r->d->dropped++;
    return PITH_OK;
  }
  doc *dc = &r->d->docs[r->current];
  if (item == DISCOVER_PAGE)
    return add_entry(r, dc, url, NO_CHILD) != 0 ? PITH_ERR_NOMEM : PITH_OK;
  pith_source_kind kind =
      item == DISCOVER_FEED ? PITH_SOURCE_FEED : PITH_SOURCE_SITEMAP;
  size_t top = dc->top;
  int round = dc->round + 1;
  if (round >= PITH_DISCOVER_MAX_ROUNDS) {
    add_error(r, url, PITH_ERR_LIMIT, kind,
              "not read: sitemap indexes nested deeper than "
              "PITH_DISCOVER_MAX_ROUNDS");
    free(url);
    return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
  }
  if (r->d->ndocs >= r->max_docs) {
    add_error(r, url, PITH_ERR_LIMIT, kind,
              "not read: over max_documents (the documents read at most)");
    free(url);
    return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
  }
  size_t child = add_doc(r, kind, url, top, round);
  if (child != NO_CHILD)
    add_entry(r, &r->d->docs[r->current], NULL, child);
  return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
}

/* ---- fetching a round -----------------------------------------------------
 */

static int round_next(void *ctx, const char **url, uint64_t *id, int *wait_fd) {
  run *r = ctx;
  *wait_fd = -1;
  if (r->round_next >= r->round_count || r->nomem)
    return 0;
  size_t i = r->round_docs[r->round_next++];
  *url = r->d->docs[i].url;
  *id = i;
  return 1;
}

/* A site without Sitemap: lines in its robots.txt, or without a
 * robots.txt: its /sitemap.xml, where the protocol suggests it lives. */
static void robots_fallback(run *r, size_t i) {
  int nomem = 0;
  char *url =
      pith_discover_normalise(r->d->docs[i].url, "/sitemap.xml", &nomem);
  if (!url) {
    r->nomem |= nomem;
    return;
  }
  size_t child = add_doc(r, PITH_SOURCE_SITEMAP, url, r->d->docs[i].top,
                         r->d->docs[i].round + 1);
  if (child != NO_CHILD)
    add_entry(r, &r->d->docs[i], NULL, child);
}

static void round_done(void *ctx, const pith_fetch_page *page) {
  run *r = ctx;
  size_t i = (size_t)page->id;
  pith_source_kind kind = r->d->docs[i].kind;
  if (page->status != PITH_OK) {
    if (kind == PITH_SOURCE_ROBOTS && page->status == PITH_ERR_HTTP_STATUS &&
        page->http_status >= 400 && page->http_status < 500) {
      robots_fallback(r, i);
      return;
    }
    add_error(r, r->d->docs[i].url, page->status, kind,
              page->message && *page->message ? page->message
                                              : pith_strerror(page->status));
    return;
  }
  char msg[512];
  r->current = i;
  r->current_base = page->final_url ? page->final_url : page->url;
  size_t before = r->d->docs[i].count;
  pith_status st = pith_discover_read(
      kind, page->body, page->body_len, page->content_type, r->max_doc_bytes,
      r->max_doc_urls, on_item, r, msg, sizeof msg);
  r->current_base = NULL;
  if (st == PITH_ERR_NOMEM || r->nomem) {
    r->nomem = 1;
    return;
  }
  doc *dc = &r->d->docs[i];
  if (st != PITH_OK && st != PITH_ERR_LIMIT) {
    /* A document that is not what it should be lists nothing: the URLs
     * read before its fault are dropped, the documents it named are not
     * read. */
    for (size_t k = before; k < dc->count; k++) {
      if (dc->entries[k].child != NO_CHILD)
        r->d->docs[dc->entries[k].child].round = -1;
      free(dc->entries[k].url);
    }
    dc->count = before;
  }
  if (st != PITH_OK)
    add_error(r, dc->url, st, kind, msg);
  /* The set borrows the URLs the entries own. */
  for (size_t k = before; k < dc->count && !r->nomem; k++)
    if (dc->entries[k].url && url_wanted(r, dc->entries[k].url, dc->top) &&
        strset_add(&r->found, dc->entries[k].url) < 0)
      r->nomem = 1;
  if (kind == PITH_SOURCE_ROBOTS && r->d->docs[i].count == before)
    robots_fallback(r, i);
}

/* ---- the order of the URLs ------------------------------------------------
 */

/* Walks the documents depth first, in the order they list things, keeping
 * each wanted URL once. The tree is at most PITH_DISCOVER_MAX_ROUNDS deep. */
static void collect(run *r, size_t i, strset *seen) {
  pith_discovery *d = r->d;
  for (size_t k = 0; k < d->docs[i].count && !r->nomem; k++) {
    entry *e = &d->docs[i].entries[k];
    if (!e->url) {
      if (e->child != NO_CHILD)
        collect(r, e->child, seen);
      continue;
    }
    if ((r->cfg->max_urls && d->nurls >= r->cfg->max_urls) ||
        !url_wanted(r, e->url, d->docs[i].top)) {
      d->dropped++;
      continue;
    }
    int added = strset_add(seen, e->url);
    if (added < 0) {
      r->nomem = 1;
      return;
    }
    if (!added) {
      d->dropped++;
      continue;
    }
    d->urls[d->nurls] = e->url;
    d->url_docs[d->nurls++] = d->docs[i].url;
  }
}

static pith_status collect_all(run *r) {
  pith_discovery *d = r->d;
  size_t total = 0;
  for (size_t i = 0; i < d->ndocs; i++)
    total += d->docs[i].count;
  d->urls = malloc((total ? total : 1) * sizeof *d->urls);
  d->url_docs = malloc((total ? total : 1) * sizeof *d->url_docs);
  if (!d->urls || !d->url_docs)
    return PITH_ERR_NOMEM;
  strset seen = {0};
  for (size_t i = 0; i < d->ndocs && !r->nomem; i++)
    if (d->docs[i].round == 0)
      collect(r, i, &seen);
  strset_free(&seen);
  return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
}

/* ---- the call -------------------------------------------------------------
 */

static pith_status say(char *message, size_t size, pith_status st,
                       const char *text) {
  if (message && size)
    snprintf(message, size, "%s", text);
  return st;
}

/* The source's first document: the URL itself, or the site's robots.txt. */
static pith_status add_source(run *r, const pith_source *s) {
  int nomem = 0;
  char *url = s->url ? pith_discover_normalise(NULL, s->url, &nomem) : NULL;
  if (url && s->kind == PITH_SOURCE_ROBOTS) {
    char *robots = pith_discover_normalise(url, "/robots.txt", &nomem);
    free(url);
    url = robots;
  }
  if (nomem)
    return PITH_ERR_NOMEM;
  size_t before = r->d->ndocs;
  if (!url) {
    add_error(r, s->url ? s->url : "(null)", PITH_ERR_BAD_URL, s->kind,
              "not an http:// or https:// URL");
    return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
  }
  size_t i = add_doc(r, s->kind, url, before, 0);
  if (i != NO_CHILD)
    r->d->docs[i].top = i;
  return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
}

static pith_status fetch_rounds(run *r, const pith_fetch_config *fc,
                                char *message, size_t size) {
  pith_discovery *d = r->d;
  for (int round = 0; round < PITH_DISCOVER_MAX_ROUNDS && !r->nomem; round++) {
    if (r->cfg->max_urls && r->found.count >= r->cfg->max_urls)
      break;
    r->round_count = r->round_next = 0;
    free(r->round_docs);
    r->round_docs = malloc((d->ndocs ? d->ndocs : 1) * sizeof *r->round_docs);
    if (!r->round_docs)
      return PITH_ERR_NOMEM;
    for (size_t i = 0; i < d->ndocs; i++)
      if (d->docs[i].round == round)
        r->round_docs[r->round_count++] = i;
    if (r->round_count == 0)
      break;
    pith_status st =
        pith_fetch(fc, round_next, round_done, NULL, r, message, size);
    if (st != PITH_OK)
      return st;
  }
  return r->nomem ? PITH_ERR_NOMEM : PITH_OK;
}

static void run_free(run *r) {
  free(r->round_docs);
  strset_free(&r->found);
  if (r->has_filter)
    regfree(&r->filter);
}

pith_status pith_discover(const pith_fetch_config *fetch_config,
                          const pith_discover_config *config,
                          const pith_source *sources, size_t count,
                          pith_discovery **discovery, char *message,
                          size_t message_size) {
  if (message && message_size)
    message[0] = '\0';
  if (!discovery)
    return say(message, message_size, PITH_ERR_ARGUMENT, "no discovery");
  *discovery = NULL;
  if (!fetch_config || !config || (count && !sources))
    return say(message, message_size, PITH_ERR_ARGUMENT,
               "a NULL config or source list");
  run r = {.cfg = config};
  r.max_doc_bytes = config->max_document_bytes ? config->max_document_bytes
                                               : PITH_SITEMAP_MAX_BYTES;
  r.max_doc_urls = config->max_document_urls ? config->max_document_urls
                                             : PITH_SITEMAP_MAX_URLS;
  r.max_docs = config->max_documents ? config->max_documents : 1000;
  if (config->url_filter) {
    int rc = regcomp(&r.filter, config->url_filter, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
      char err[128];
      regerror(rc, &r.filter, err, sizeof err);
      char text[256];
      snprintf(text, sizeof text, "url_filter: %s", err);
      return say(message, message_size, PITH_ERR_ARGUMENT, text);
    }
    r.has_filter = 1;
  }
  r.d = calloc(1, sizeof *r.d);
  if (!r.d) {
    run_free(&r);
    return say(message, message_size, PITH_ERR_NOMEM, "out of memory");
  }
  pith_status st = PITH_OK;
  for (size_t i = 0; i < count && st == PITH_OK; i++)
    st = add_source(&r, &sources[i]);
  pith_fetch_config fc = *fetch_config;
  fc.any_type = 1;
  fc.max_size = r.max_doc_bytes;
  if (st == PITH_OK)
    st = fetch_rounds(&r, &fc, message, message_size);
  if (st == PITH_OK)
    st = collect_all(&r);
  run_free(&r);
  if (st != PITH_OK) {
    if (st == PITH_ERR_NOMEM)
      say(message, message_size, st, "out of memory");
    pith_discovery_free(r.d);
    return st;
  }
  *discovery = r.d;
  return PITH_OK;
}

/* ---- reading the result ---------------------------------------------------
 */

size_t pith_discovery_url_count(const pith_discovery *d) {
  return d ? d->nurls : 0;
}

const char *pith_discovery_url(const pith_discovery *d, size_t i) {
  return d && i < d->nurls ? d->urls[i] : NULL;
}

const char *pith_discovery_url_document(const pith_discovery *d, size_t i) {
  return d && i < d->nurls ? d->url_docs[i] : NULL;
}

size_t pith_discovery_dropped(const pith_discovery *d) {
  return d ? d->dropped : 0;
}

size_t pith_discovery_error_count(const pith_discovery *d) {
  return d ? d->nerrors : 0;
}

const char *pith_discovery_error_url(const pith_discovery *d, size_t i) {
  return d && i < d->nerrors ? d->errors[i].url : NULL;
}

pith_status pith_discovery_error_status(const pith_discovery *d, size_t i) {
  return d && i < d->nerrors ? d->errors[i].status : PITH_ERR_ARGUMENT;
}

const char *pith_discovery_error_message(const pith_discovery *d, size_t i) {
  return d && i < d->nerrors ? d->errors[i].message : NULL;
}

void pith_discovery_free(pith_discovery *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->ndocs; i++) {
    for (size_t k = 0; k < d->docs[i].count; k++)
      free(d->docs[i].entries[k].url);
    free(d->docs[i].entries);
    free(d->docs[i].url);
  }
  free(d->docs);
  free(d->urls);
  free(d->url_docs);
  for (size_t i = 0; i < d->nerrors; i++) {
    free(d->errors[i].url);
    free(d->errors[i].message);
  }
  free(d->errors);
  free(d);
}
