/* Site profiles: which lines recur across the pages of one host, for the
 * debris rule site-repeat. A profile counts, per host, the pages added and,
 * for each line's hash, on how many of those pages the line appears. The
 * counts only add up, so a profile does not depend on the order the pages
 * came in, and profiles built on several machines merge into the one a
 * single run would have built (pith_site_profile_read adds to what is
 * there). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debris.h"
#include "site.h"

#define PROFILE_MAGIC "pith-site-profile 1"

/* One host: its page count and an open-addressing table of line hashes
 * (0 marks an empty slot; a hash is never 0). */
typedef struct site_host {
  char *name;
  uint64_t pages;
  uint64_t *keys;
  uint64_t *counts;
  size_t cap; /* a power of two, or 0 */
  size_t used;
} site_host;

struct pith_site_profile {
  site_host *hosts; /* sorted by name */
  size_t count, cap;
};

/* The hash of a line as the profile knows it: ASCII letters in lower case,
 * white space runs as one space and trimmed. Digits stay: collapsing them
 * ("12 comments", "3 comments") made every page's timestamp line one
 * recurring line, and cost article text on the development sets. FNV-1a;
 * 0 for a line without text. */
static uint64_t line_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  int space = 0, any = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isspace(c)) {
      space = any;
      continue;
    }
    if (space) {
      h ^= ' ';
      h *= 1099511628211ull;
      space = 0;
    }
    any = 1;
    h ^= (unsigned char)tolower(c);
    h *= 1099511628211ull;
  }
  if (!any)
    return 0;
  return h ? h : 1;
}

pith_site_profile *pith_site_profile_new(void) {
  return calloc(1, sizeof(pith_site_profile));
}

void pith_site_profile_free(pith_site_profile *profile) {
  if (!profile)
    return;
  for (size_t i = 0; i < profile->count; i++) {
    free(profile->hosts[i].name);
    free(profile->hosts[i].keys);
    free(profile->hosts[i].counts);
  }
  free(profile->hosts);
  free(profile);
}

/* The index of the host, or where it would go (with *found 0). */
static size_t host_find(const pith_site_profile *p, const char *name,
                        int *found) {
  size_t lo = 0, hi = p->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(p->hosts[mid].name, name);
    if (c == 0) {
      *found = 1;
      return mid;
    }
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  *found = 0;
  return lo;
}

static const site_host *host_get(const pith_site_profile *p, const char *name) {
  int found;
  size_t at = host_find(p, name, &found);
  return found ? &p->hosts[at] : NULL;
}

static site_host *host_add(pith_site_profile *p, const char *name) {
  int found;
  size_t at = host_find(p, name, &found);
  if (found)
    return &p->hosts[at];
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 8;
    site_host *hosts = realloc(p->hosts, cap * sizeof *hosts);
    if (!hosts)
      return NULL;
    p->hosts = hosts;
    p->cap = cap;
  }
  char *copy = pith_strdup(name);
  if (!copy)
    return NULL;
  memmove(&p->hosts[at + 1], &p->hosts[at], (p->count - at) * sizeof *p->hosts);
  memset(&p->hosts[at], 0, sizeof *p->hosts);
  p->hosts[at].name = copy;
  p->count++;
  return &p->hosts[at];
}

static size_t slot_of(const site_host *h, uint64_t key) {
  size_t slot = (size_t)key & (h->cap - 1);
  while (h->keys[slot] && h->keys[slot] != key)
    slot = (slot + 1) & (h->cap - 1);
  return slot;
}

static uint64_t host_count(const site_host *h, uint64_t key) {
  if (!h || !h->cap)
    return 0;
  size_t slot = slot_of(h, key);
  return h->keys[slot] ? h->counts[slot] : 0;
}

/* Keeps the table at most half full. Returns 0 or -1 (out of memory). */
static int host_reserve(site_host *h, size_t more) {
  if ((h->used + more) * 2 <= h->cap)
    return 0;
  size_t cap = h->cap ? h->cap : 64;
  while ((h->used + more) * 2 > cap)
    cap *= 2;
  site_host grown = *h;
  grown.cap = cap;
  grown.keys = calloc(cap, sizeof *grown.keys);
  grown.counts = calloc(cap, sizeof *grown.counts);
  if (!grown.keys || !grown.counts) {
    free(grown.keys);
    free(grown.counts);
    return -1;
  }
  for (size_t i = 0; i < h->cap; i++)
    if (h->keys[i]) {
      size_t slot = slot_of(&grown, h->keys[i]);
      grown.keys[slot] = h->keys[i];
      grown.counts[slot] = h->counts[i];
    }
  free(h->keys);
  free(h->counts);
  *h = grown;
  return 0;
}

/* Adds n to the key's count; room must be reserved. */
static void host_bump(site_host *h, uint64_t key, uint64_t n) {
  size_t slot = slot_of(h, key);
  if (!h->keys[slot]) {
    h->keys[slot] = key;
    h->used++;
  }
  h->counts[slot] += n;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* A host name fit for the profile's file: printable, no spaces. */
static int host_name_ok(const char *name) {
  if (!name || !*name || strlen(name) > 255)
    return 0;
  for (const unsigned char *c = (const unsigned char *)name; *c; c++)
    if (*c <= ' ' || *c == 0x7f)
      return 0;
  return 1;
}

char *pith_site_host(const char *url, const char *canonical_host) {
  char *host = url ? pith_url_hostname(url) : NULL;
  if (!host && canonical_host)
    host = pith_strdup(canonical_host);
  if (host && !host_name_ok(host)) {
    free(host);
    host = NULL;
  }
  return host;
}

pith_status pith_site_profile_add(pith_site_profile *profile,
                                  const pith_result *result) {
  if (!profile || !result)
    return PITH_ERR_ARGUMENT;
  pith_status st = pith_result_status(result);
  if (st != PITH_OK && st != PITH_NO_ARTICLE)
    return PITH_OK; /* a page that failed has no lines to count */
  char *host = pith_site_host(pith_result_field(result, PITH_FIELD_URL),
                              pith_result_field(result, PITH_FIELD_HOSTNAME));
  if (!host)
    return PITH_OK; /* no host: no site to count it in */
  size_t n = pith_result_line_count(result);
  uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
  site_host *h = keys ? host_add(profile, host) : NULL;
  free(host);
  if (!h) {
    free(keys);
    return PITH_ERR_NOMEM;
  }
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++) {
    const char *text = pith_result_line_text(result, i);
    uint64_t key = text ? line_hash(text, strlen(text)) : 0;
    if (key)
      keys[distinct++] = key;
  }
  /* a line counts once per page, however often the page repeats it */
  qsort(keys, distinct, sizeof *keys, cmp_u64);
  size_t unique = 0;
  for (size_t i = 0; i < distinct; i++)
    if (!unique || keys[unique - 1] != keys[i])
      keys[unique++] = keys[i];
  if (host_reserve(h, unique) < 0) {
    free(keys);
    return PITH_ERR_NOMEM;
  }
  for (size_t i = 0; i < unique; i++)
    host_bump(h, keys[i], 1);
  h->pages++;
  free(keys);
  return PITH_OK;
}

uint64_t pith_site_profile_pages(const pith_site_profile *profile,
                                 const char *host) {
  if (!profile || !host)
    return 0;
  const site_host *h = host_get(profile, host);
  return h ? h->pages : 0;
}

/* ---- the file ------------------------------------------------------------
 * Text, one record a line, hosts in byte order of their names and each
 * host's hashes in ascending order, so that the same pages give the same
 * file byte for byte:
 *
 *   pith-site-profile 1
 *   host example.com 30 412        name, pages, hash lines that follow
 *   00a1b2c3d4e5f607 30            line hash (16 hex digits), pages
 */

pith_status pith_site_profile_write(const pith_site_profile *profile,
                                    char **data, size_t *len) {
  if (!profile || !data)
    return PITH_ERR_ARGUMENT;
  *data = NULL;
  if (len)
    *len = 0;
  pith_buf b;
  pith_buf_init(&b, (size_t)-1);
  pith_buf_puts(&b, PROFILE_MAGIC "\n");
  for (size_t i = 0; i < profile->count; i++) {
    const site_host *h = &profile->hosts[i];
    char line[384];
    snprintf(line, sizeof line, "host %s %" PRIu64 " %zu\n", h->name, h->pages,
             h->used);
    pith_buf_puts(&b, line);
    uint64_t *keys = malloc((h->used ? h->used : 1) * sizeof *keys);
    if (!keys) {
      pith_buf_free(&b);
      return PITH_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t s = 0; s < h->cap; s++)
      if (h->keys[s])
        keys[k++] = h->keys[s];
    qsort(keys, k, sizeof *keys, cmp_u64);
    for (size_t j = 0; j < k; j++) {
      snprintf(line, sizeof line, "%016" PRIx64 " %" PRIu64 "\n", keys[j],
               host_count(h, keys[j]));
      pith_buf_puts(&b, line);
    }
    free(keys);
  }
  char *out = pith_buf_detach(&b);
  if (!out)
    return PITH_ERR_NOMEM;
  *data = out;
  if (len)
    *len = strlen(out);
  return PITH_OK;
}

static pith_status read_fail(char *message, size_t size, size_t line,
                             const char *why) {
  if (message && size)
    snprintf(message, size, "line %zu: %s", line, why);
  return PITH_ERR_PARSE;
}

/* The next line of data: its start and length, without the newline. */
static int next_line(const char **p, const char *end, const char **line,
                     size_t *n) {
  if (*p >= end)
    return 0;
  const char *nl = memchr(*p, '\n', (size_t)(end - *p));
  *line = *p;
  *n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
  *p = nl ? nl + 1 : end;
  return 1;
}

static int parse_u64(const char **s, const char *end, int base, uint64_t *out) {
  const char *q = *s;
  uint64_t v = 0;
  int digits = 0;
  for (; q < end; q++, digits++) {
    int d;
    if (*q >= '0' && *q <= '9')
      d = *q - '0';
    else if (base == 16 && *q >= 'a' && *q <= 'f')
      d = *q - 'a' + 10;
    else
      break;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
      return -1;
    v = v * (uint64_t)base + (uint64_t)d;
  }
  if (!digits || digits > 20)
    return -1;
  *s = q;
  *out = v;
  return 0;
}

/* "host NAME PAGES ENTRIES": the host, added to the profile. */
static pith_status read_host(pith_site_profile *p, const char *s, size_t n,
                             site_host **host, uint64_t *entries) {
  const char *end = s + n;
  if (n < 5 || memcmp(s, "host ", 5) != 0)
    return PITH_ERR_PARSE;
  const char *name = s + 5, *sp = memchr(name, ' ', (size_t)(end - name));
  if (!sp || sp == name || sp - name > 255)
    return PITH_ERR_PARSE;
  char buf[256];
  memcpy(buf, name, (size_t)(sp - name));
  buf[sp - name] = '\0';
  const char *q = sp + 1;
  uint64_t pages;
  if (!host_name_ok(buf) || parse_u64(&q, end, 10, &pages) < 0 || q >= end ||
      *q++ != ' ' || parse_u64(&q, end, 10, entries) < 0 || q != end)
    return PITH_ERR_PARSE;
  site_host *h = host_add(p, buf);
  if (!h)
    return PITH_ERR_NOMEM;
  h->pages += pages;
  *host = h;
  return PITH_OK;
}

pith_status pith_site_profile_read(pith_site_profile *profile, const char *data,
                                   size_t len, char *message,
                                   size_t message_size) {
  if (message && message_size)
    message[0] = '\0';
  if (!profile || (!data && len))
    return PITH_ERR_ARGUMENT;
  if (!data)
    data = ""; /* no arithmetic on a null pointer */
  const char *p = data, *end = data + len, *s;
  size_t n, lineno = 1;
  if (!next_line(&p, end, &s, &n) || n != strlen(PROFILE_MAGIC) ||
      memcmp(s, PROFILE_MAGIC, n) != 0)
    return read_fail(message, message_size, 1,
                     "not a site profile (no '" PROFILE_MAGIC "' line)");
  site_host *host = NULL;
  uint64_t left = 0;
  while (next_line(&p, end, &s, &n)) {
    lineno++;
    if (!n)
      continue;
    if (!left) {
      pith_status st = read_host(profile, s, n, &host, &left);
      if (st == PITH_ERR_NOMEM)
        return st;
      if (st != PITH_OK)
        return read_fail(message, message_size, lineno,
                         "expected 'host NAME PAGES ENTRIES'");
      if (left > (uint64_t)(end - p) / 18 + 1)
        return read_fail(message, message_size, lineno,
                         "more entries announced than the file holds");
      if (host_reserve(host, (size_t)left) < 0)
        return PITH_ERR_NOMEM;
      continue;
    }
    const char *q = s;
    uint64_t key, count;
    if (n < 18 || s[16] != ' ' || parse_u64(&q, s + 16, 16, &key) < 0 ||
        q != s + 16)
      return read_fail(message, message_size, lineno,
                       "expected 'HASH PAGES' (16 hex digits, a count)");
    q = s + 17;
    if (parse_u64(&q, s + n, 10, &count) < 0 || q != s + n || !key ||
        count > host->pages)
      return read_fail(message, message_size, lineno,
                       "expected 'HASH PAGES', at most the host's pages");
    host_bump(host, key, count);
    left--;
  }
  if (left)
    return read_fail(message, message_size, lineno,
                     "the file ends before the host's last entry");
  return PITH_OK;
}

/* ---- the rule ------------------------------------------------------------
 * Recurring text that belongs to the article stays, in two shapes seen on
 * the development sets (bench/site_boilerplate.py): a long paragraph of
 * prose followed by more of the article's own prose is a series' standing
 * introduction or a note the article carries; a name alone under a
 * paragraph of the article is the author's sign-off ("Ross" under each of
 * his posts, on a blog of two authors). A page whose whole text recurs is
 * emptied: on the development sets such pages are a site's other pages
 * (archives, listings), not articles; sparing them cost more than it
 * won. */

/* Prose: a paragraph this long, without links, ending like a sentence. */
#define SITE_PROSE_MIN_BYTES 200
/* A sign-off: a name of at most this many words and bytes. */
#define SITE_SIGNOFF_MAX_WORDS 3
#define SITE_SIGNOFF_MAX_BYTES 40

static int is_prose(const pith_block *b) {
  return b->kind == BLOCK_PARAGRAPH && b->text_len >= SITE_PROSE_MIN_BYTES &&
         b->link_len == 0 && pith_text_ends_sentence(b->text, b->text_len);
}

/* Every word capitalised, no digits, no stop or separator: "Ross", "Jane
 * Doe". */
static int is_name(const pith_block *b) {
  if (!b->text_len || b->text_len > SITE_SIGNOFF_MAX_BYTES || b->link_len ||
      pith_text_count_words(b->text, b->text_len) > SITE_SIGNOFF_MAX_WORDS)
    return 0;
  for (size_t k = 0; k < b->text_len; k++) {
    unsigned char c = (unsigned char)b->text[k];
    if (isdigit(c) || c == '.' || c == ':' || c == '|')
      return 0;
    if ((k == 0 || b->text[k - 1] == ' ') &&
        !pith_text_starts_upper(b->text + k))
      return 0;
  }
  return 1;
}

/* Whether block i, which recurs, is the article's own all the same. */
static int belongs_to_article(const pith_blocks *blocks,
                              const unsigned char *recurs, size_t i,
                              size_t last_own_prose) {
  const pith_block *b = &blocks->items[i];
  if (last_own_prose != (size_t)-1 && i < last_own_prose && is_prose(b))
    return 1;
  const pith_block *prev = i ? &blocks->items[i - 1] : NULL;
  return prev && !prev->drop && !recurs[i - 1] &&
         prev->kind == BLOCK_PARAGRAPH &&
         pith_text_ends_sentence(prev->text, prev->text_len) && is_name(b);
}

void pith_site_repeat_judge(pith_blocks *blocks,
                            const pith_site_profile *profile,
                            const char *host) {
  const site_host *h = profile && host ? host_get(profile, host) : NULL;
  if (!h || h->pages < PITH_SITE_REPEAT_MIN_PAGES || !blocks->count)
    return;
  unsigned char *recurs = calloc(blocks->count, 1);
  if (!recurs) {
    pith_nomem_note();
    return;
  }
  double need = PITH_SITE_REPEAT_MIN_SHARE * (double)h->pages;
  size_t last_own_prose = (size_t)-1;
  for (size_t i = 0; i < blocks->count; i++) {
    const pith_block *b = &blocks->items[i];
    if (b->drop || !b->text)
      continue;
    uint64_t count = host_count(h, line_hash(b->text, b->text_len));
    recurs[i] = count >= PITH_SITE_REPEAT_MIN_PAGES && (double)count >= need;
    if (!recurs[i] && is_prose(b))
      last_own_prose = i;
  }
  for (size_t i = 0; i < blocks->count; i++) {
    pith_block *b = &blocks->items[i];
    if (recurs[i] && !belongs_to_article(blocks, recurs, i, last_own_prose)) {
      b->drop = 1;
      b->rule = pith_debris_rules[DEBRIS_RULE_SITE_REPEAT].name;
    }
  }
  free(recurs);
}
