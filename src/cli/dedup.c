/* Near-duplicate marking for pith batch --deduplicate: each document's
 * fingerprint is compared with those of every document before it, in
 * output order (so the answer does not depend on the threads), and the
 * first one within PITH_NEAR_DUPLICATE_DISTANCE bits is named.
 *
 * The index is Manku, Jain and Das Sarma's (WWW 2007): two fingerprints at
 * most K bits apart agree on at least one of K+1 disjoint bit ranges
 * (pigeonhole), so each document is filed under each of its K+1 ranges'
 * values, and only the documents sharing a range value with a new one are
 * compared bit by bit: about n / 2^9 candidates per lookup instead of n. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedup.h"

#define RANGES (PITH_NEAR_DUPLICATE_DISTANCE + 1)

typedef struct bucket {
  uint32_t *docs; /* document numbers, ascending */
  uint32_t count, cap;
} bucket;

struct cli_dedup {
  uint64_t *prints;
  char **names;
  uint32_t count, cap;
  unsigned shift[RANGES], bits[RANGES];
  bucket *table[RANGES]; /* 2^bits[r] buckets each */
};

static int parse_hex(const char *s, uint64_t *out) {
  uint64_t v = 0;
  int n = 0;
  for (; s && s[n]; n++) {
    char c = s[n];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0 || n >= 16)
      return -1;
    v = (v << 4) | (uint64_t)d;
  }
  *out = v;
  return n == 16 ? 0 : -1;
}

cli_dedup *cli_dedup_new(void) {
  cli_dedup *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  unsigned at = 0;
  for (unsigned r = 0; r < RANGES; r++) {
    d->bits[r] = 64 / RANGES + (r < 64 % RANGES);
    d->shift[r] = at;
    at += d->bits[r];
    d->table[r] = calloc((size_t)1 << d->bits[r], sizeof(bucket));
    if (!d->table[r]) {
      cli_dedup_free(d);
      return NULL;
    }
  }
  return d;
}

void cli_dedup_free(cli_dedup *d) {
  if (!d)
    return;
  for (unsigned r = 0; r < RANGES; r++) {
    if (!d->table[r])
      continue;
    for (size_t b = 0; b < (size_t)1 << d->bits[r]; b++)
      free(d->table[r][b].docs);
    free(d->table[r]);
  }
  for (uint32_t i = 0; i < d->count; i++)
    free(d->names[i]);
  free(d->names);
  free(d->prints);
  free(d);
}

static size_t range_value(const cli_dedup *d, unsigned r, uint64_t fp) {
  return (size_t)((fp >> d->shift[r]) & (((uint64_t)1 << d->bits[r]) - 1));
}

static int bucket_add(bucket *b, uint32_t doc) {
  if (b->count == b->cap) {
    uint32_t cap = b->cap ? 2 * b->cap : 4;
    uint32_t *p = realloc(b->docs, cap * sizeof *p);
    if (!p)
      return -1;
    b->docs = p;
    b->cap = cap;
  }
  b->docs[b->count++] = doc;
  return 0;
}

int cli_dedup_check(cli_dedup *d, const char *fingerprint, const char *name,
                    const char **duplicate_of) {
  *duplicate_of = NULL;
  uint64_t fp;
  if (parse_hex(fingerprint, &fp) < 0)
    return 0; /* no text, nothing to compare */
  uint32_t first = UINT32_MAX;
  for (unsigned r = 0; r < RANGES; r++) {
    const bucket *b = &d->table[r][range_value(d, r, fp)];
    /* Ascending: the first match in a bucket is its earliest. */
    for (uint32_t k = 0; k < b->count && b->docs[k] < first; k++)
      if (__builtin_popcountll(d->prints[b->docs[k]] ^ fp) <=
          PITH_NEAR_DUPLICATE_DISTANCE) {
        first = b->docs[k];
        break;
      }
  }
  if (first != UINT32_MAX)
    *duplicate_of = d->names[first];

  if (d->count == UINT32_MAX)
    return 0;
  if (d->count == d->cap) {
    uint32_t cap = d->cap ? 2 * d->cap : 64;
    uint64_t *p = realloc(d->prints, cap * sizeof *p);
    if (!p)
      return -1;
    d->prints = p;
    char **n = realloc(d->names, cap * sizeof *n);
    if (!n)
      return -1;
    d->names = n;
    d->cap = cap;
  }
  char *copy = strdup(name ? name : "");
  if (!copy)
    return -1;
  uint32_t doc = d->count;
  for (unsigned r = 0; r < RANGES; r++)
    if (bucket_add(&d->table[r][range_value(d, r, fp)], doc) < 0) {
      /* Filed under some ranges only: still found through them. */
      d->prints[doc] = fp;
      d->names[doc] = copy;
      d->count++;
      return -1;
    }
  d->prints[doc] = fp;
  d->names[doc] = copy;
  d->count++;
  return 0;
}
