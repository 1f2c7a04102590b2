/* A fingerprint of a text for near-duplicate detection: Charikar's simhash
 * (STOC 2002) over word 3-shingles, 64 bits, as Manku, Jain and Das Sarma
 * use it for web pages ("Detecting Near-Duplicates for Web Crawling",
 * WWW 2007). Texts that share most of their shingles get fingerprints a few
 * bits apart; unrelated texts differ in about half the bits.
 *
 * Words: runs of letters and digits (any non-ASCII character that is not
 * punctuation or space counts as a letter), ASCII folded to lower case.
 * Chinese, Japanese and Korean characters are words of their own, as those
 * languages put no spaces between words. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define SHINGLE_WORDS 3

/* FNV-1a, 64 bits. */
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

/* The finaliser of splitmix64: spreads a shingle's bits evenly, which
 * simhash needs (each bit a fair coin). */
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Decodes one UTF-8 character at s (n bytes left); sets *size. Invalid
 * bytes are characters of one byte. */
static uint32_t next_char(const unsigned char *s, size_t n, size_t *size) {
  uint32_t c = s[0];
  size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (k > n)
    k = 1;
  if (k > 1) {
    c &= 0x3Fu >> (k - 1);
    for (size_t i = 1; i < k; i++)
      c = (c << 6) | (s[i] & 0x3Fu);
  }
  *size = k;
  return c;
}

static int is_cjk(uint32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

static int is_word_char(uint32_t c) {
  if (c < 0x80)
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
  /* Latin-1 punctuation, general and CJK punctuation, spaces, fullwidth
   * punctuation: separators. */
  if (c <= 0xBF && c != 0xAA && c != 0xB5 && c != 0xBA)
    return 0;
  if (c == 0xD7 || c == 0xF7)
    return 0;
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
      (c >= 0xFF1A && c <= 0xFF20) || c == 0xFEFF)
    return 0;
  return 1;
}

/* Bit counts are kept eight at a time: lane j of a shingle holds bits
 * 8j..8j+7 of its hash spread one per byte, so a shingle costs eight
 * additions instead of 64. A byte holds 255 counts; the lanes are emptied
 * into ones[] before they could overflow. */
#define LANE_LIMIT 255

typedef struct simhash {
  uint32_t ones[64];
  uint64_t lanes[8];
  uint32_t pending; /* shingles in lanes, not yet in ones */
  uint32_t total;
  uint64_t words[SHINGLE_WORDS]; /* the last words' hashes, oldest first */
  size_t seen;                   /* words so far */
} simhash;

/* spread[b]: bit i of b moved to the low bit of byte i. */
static uint64_t spread[256];
static pthread_once_t spread_once = PTHREAD_ONCE_INIT;

static void build_spread(void) {
  for (unsigned b = 0; b < 256; b++)
    for (unsigned i = 0; i < 8; i++)
      spread[b] |= (uint64_t)((b >> i) & 1u) << (8 * i);
}

static void flush_lanes(simhash *sh) {
  for (int bit = 0; bit < 64; bit++)
    sh->ones[bit] += (uint32_t)((sh->lanes[bit / 8] >> (8 * (bit % 8))) & 0xFF);
  memset(sh->lanes, 0, sizeof sh->lanes);
  sh->pending = 0;
}

static void add_shingle(simhash *sh, uint64_t h) {
  h = mix64(h);
  for (int j = 0; j < 8; j++)
    sh->lanes[j] += spread[(h >> (8 * j)) & 0xFF];
  if (++sh->pending == LANE_LIMIT)
    flush_lanes(sh);
  sh->total++;
}

static void add_word(simhash *sh, uint64_t word) {
  memmove(sh->words, sh->words + 1, (SHINGLE_WORDS - 1) * sizeof *sh->words);
  sh->words[SHINGLE_WORDS - 1] = word;
  sh->seen++;
  if (sh->seen < SHINGLE_WORDS)
    return;
  uint64_t h = FNV_OFFSET;
  for (size_t i = 0; i < SHINGLE_WORDS; i++)
    h = (h ^ sh->words[i]) * FNV_PRIME;
  add_shingle(sh, h);
}

uint64_t pith_fingerprint(const char *text, size_t len, int *empty) {
  pthread_once(&spread_once, build_spread);
  simhash sh;
  memset(&sh, 0, sizeof sh);
  const unsigned char *s = (const unsigned char *)(text ? text : "");
  uint64_t word = FNV_OFFSET;
  int in_word = 0;
  for (size_t i = 0; i < len;) {
    /* ASCII, most of the text, without decoding: a letter or digit goes
     * into the word (folded to lower case), anything else ends it */
    if (s[i] < 0x80) {
      unsigned char b = s[i++];
      if (is_word_char(b)) {
        if (b >= 'A' && b <= 'Z')
          b = (unsigned char)(b - 'A' + 'a');
        word = (word ^ b) * FNV_PRIME;
        in_word = 1;
      } else {
        if (in_word)
          add_word(&sh, word);
        in_word = 0;
        word = FNV_OFFSET;
      }
      continue;
    }
    size_t size;
    uint32_t c = next_char(s + i, len - i, &size);
    int cjk = is_cjk(c);
    if (!is_word_char(c) || cjk) {
      if (in_word)
        add_word(&sh, word);
      in_word = 0;
      word = FNV_OFFSET;
    }
    if (is_word_char(c)) {
      for (size_t k = 0; k < size; k++) {
        unsigned char b = s[i + k];
        if (b >= 'A' && b <= 'Z')
          b = (unsigned char)(b - 'A' + 'a');
        word = (word ^ b) * FNV_PRIME;
      }
      in_word = 1;
      if (cjk) {
        add_word(&sh, word);
        in_word = 0;
        word = FNV_OFFSET;
      }
    }
    i += size;
  }
  if (in_word)
    add_word(&sh, word);
  /* A text shorter than a shingle: its few words, one shingle. */
  if (sh.total == 0 && sh.seen > 0) {
    uint64_t h = FNV_OFFSET;
    size_t n = sh.seen < SHINGLE_WORDS ? sh.seen : SHINGLE_WORDS;
    for (size_t k = SHINGLE_WORDS - n; k < SHINGLE_WORDS; k++)
      h = (h ^ sh.words[k]) * FNV_PRIME;
    add_shingle(&sh, h);
  }
  flush_lanes(&sh);
  *empty = sh.total == 0;
  uint64_t fp = 0;
  for (int bit = 0; bit < 64; bit++)
    if (2u * sh.ones[bit] > sh.total)
      fp |= (uint64_t)1 << bit;
  return fp;
}

static int parse_hex64(const char *s, uint64_t *out) {
  if (!s || strlen(s) != 16)
    return -1;
  uint64_t v = 0;
  for (int i = 0; i < 16; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0)
      return -1;
    v = (v << 4) | (uint64_t)d;
  }
  *out = v;
  return 0;
}

int pith_fingerprint_distance(const char *a, const char *b) {
  uint64_t x, y;
  if (parse_hex64(a, &x) < 0 || parse_hex64(b, &y) < 0)
    return -1;
  uint64_t d = x ^ y;
  int n = 0;
  for (; d; d &= d - 1)
    n++;
  return n;
}
