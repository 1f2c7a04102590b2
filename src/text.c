/* Text helpers shared by every stage (see text.h). */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uninorm.h>

#include "internal.h"

static unsigned char ascii_lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Length in bytes of a Unicode space at s (ASCII white space, U+00A0, U+2000-
 * U+200B, U+202F, U+205F, U+3000, U+FEFF), or 0. */
static size_t space_len(const unsigned char *s, size_t n) {
  if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ||
                 s[0] == '\f' || s[0] == '\v'))
    return 1;
  if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
    return 2;
  if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF))
    return 3;
  if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
    return 3;
  if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
    return 3;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    return 3;
  return 0;
}

char *pith_text_normalize_space(const char *s, size_t n) {
  char *out = malloc(n + 1);
  if (!out) {
    pith_nomem_note();
    return NULL;
  }
  size_t o = 0, i = 0;
  int pending_space = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < n) {
    /* printable ASCII is most text: copy it without the space tests */
    if (u[i] > ' ' && u[i] < 0x80) {
      if (pending_space && o > 0)
        out[o++] = ' ';
      pending_space = 0;
      do
        out[o++] = s[i++];
      while (i < n && u[i] > ' ' && u[i] < 0x80);
      continue;
    }
    size_t sl = space_len(u + i, n - i);
    if (sl) {
      pending_space = 1;
      i += sl;
      continue;
    }
    if (pending_space && o > 0)
      out[o++] = ' ';
    pending_space = 0;
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return out;
}

size_t pith_utf8_length(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      count++;
  return count;
}

/* The phrase lists call this for every line: compare in place, no call per
 * candidate position. */
const char *pith_ascii_strcasestr(const char *hay, const char *needle) {
  const unsigned char *nd = (const unsigned char *)needle;
  unsigned char first = ascii_lower(nd[0]);
  if (!first)
    return hay;
  for (const unsigned char *h = (const unsigned char *)hay; *h; h++) {
    if (ascii_lower(*h) != first)
      continue;
    size_t k = 1;
    while (nd[k] && ascii_lower(h[k]) == ascii_lower(nd[k]))
      k++;
    if (!nd[k])
      return (const char *)h;
  }
  return NULL;
}

/* A set of byte pairs, lower-cased, hashed into 1024 bits: few enough to
 * clear for every line, enough that the pairs of a line of a few hundred
 * bytes rarely pass for a phrase's eight. */
#define PAIR_BITS 1024
typedef struct pair_set {
  unsigned long long bits[PAIR_BITS / 64];
} pair_set;

static unsigned pair_hash(unsigned char a, unsigned char b) {
  return ((unsigned)ascii_lower(a) * 31u + ascii_lower(b)) % PAIR_BITS;
}

static int pair_in(const pair_set *set, unsigned char a, unsigned char b) {
  unsigned h = pair_hash(a, b);
  return (set->bits[h / 64] >> (h % 64)) & 1u;
}

/* The set of the last line's pairs, per thread: the debris rules look
 * for several phrase lists in one line, each through pith_text_find_any,
 * and the set is noted once. The line's bytes are kept with it (for lines
 * of up to PAIR_MEMO_BYTES), so that a set is only reused for the same
 * bytes. */
#define PAIR_MEMO_BYTES 320
typedef struct pair_memo {
  int valid;
  size_t len;
  unsigned char text[PAIR_MEMO_BYTES];
  pair_set set;
} pair_memo;
static _Thread_local pair_memo last_line;

static void note_pairs(const unsigned char *u, size_t len, pair_set *set) {
  memset(set, 0, sizeof *set);
  if (len < 2)
    return;
  unsigned prev = ascii_lower(u[0]);
  for (size_t i = 1; i < len; i++) {
    unsigned cur = ascii_lower(u[i]);
    unsigned h = (prev * 31u + cur) % PAIR_BITS; /* pair_hash */
    set->bits[h / 64] |= 1ull << (h % 64);
    prev = cur;
  }
}

long pith_text_find_any(const char *s, size_t n, const char *const *phrases,
                        size_t count) {
  const unsigned char *u = (const unsigned char *)s;
  size_t len = strnlen(s, n);
  const pair_set *set = &last_line.set;
  if (!(last_line.valid && last_line.len == len &&
        memcmp(last_line.text, u, len) == 0)) {
    if (len <= PAIR_MEMO_BYTES) {
      note_pairs(u, len, &last_line.set);
      memcpy(last_line.text, u, len);
      last_line.len = len;
      last_line.valid = 1;
    } else {
      static _Thread_local pair_set long_line;
      note_pairs(u, len, &long_line);
      set = &long_line;
    }
  }
  for (size_t k = 0; k < count; k++) {
    const unsigned char *p = (const unsigned char *)phrases[k];
    /* every pair of the phrase's first eight bytes must be in the line */
    int maybe = p[0] != 0;
    for (size_t i = 0; maybe && p[i] && p[i + 1] && i < 8; i++)
      maybe = pair_in(set, p[i], p[i + 1]);
    if (maybe && pith_ascii_strcasestr(s, phrases[k]))
      return (long)k;
  }
  return -1;
}

int pith_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t need;
    unsigned int cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      need = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      need = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      need = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (i + need >= n)
      return 0;
    for (size_t k = 1; k <= need; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += need + 1;
  }
  return 1;
}

void pith_text_truncate_utf8(char *s, size_t cap) {
  size_t n = strlen(s);
  if (n <= cap)
    return;
  n = cap;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  while (n > 0 && s[n - 1] == ' ')
    n--;
  s[n] = '\0';
}

/* Lower-cases one UTF-8 character at s (n >= 1 bytes available) for
 * comparison: ASCII, Latin-1 letters (À-Þ) and Cyrillic (А-Я, Ё). Writes 1
 * or 2 bytes into out and returns the bytes consumed. */
static size_t fold_char(const unsigned char *s, size_t n, unsigned char out[2],
                        size_t *out_len) {
  if (s[0] < 0x80 || n < 2 || s[1] == 0) {
    out[0] = (s[0] >= 'A' && s[0] <= 'Z') ? (unsigned char)(s[0] + 32) : s[0];
    *out_len = 1;
    return 1;
  }
  out[0] = s[0];
  out[1] = s[1];
  *out_len = 2;
  if (s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97) {
    out[1] = (unsigned char)(s[1] + 0x20);
  } else if (s[0] == 0xD0 && s[1] >= 0x90 && s[1] <= 0x9F) {
    out[1] = (unsigned char)(s[1] + 0x20);
  } else if (s[0] == 0xD0 && s[1] >= 0xA0 && s[1] <= 0xAF) {
    out[0] = 0xD1;
    out[1] = (unsigned char)(s[1] - 0x20);
  } else if (s[0] == 0xD0 && s[1] == 0x81) {
    out[0] = 0xD1;
    out[1] = 0x91;
  }
  return 2;
}

int pith_text_has_prefix_ci(const char *s, size_t n, const char *prefix) {
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *q = (const unsigned char *)prefix;
  /* Most phrases differ in the first letter: settle those without folding
   * (the debris rules run this for every phrase on every line). */
  if (*q && n && *p < 0x80 && *q < 0x80) {
    unsigned char c = (*p >= 'A' && *p <= 'Z') ? (unsigned char)(*p + 32) : *p;
    if (c != *q)
      return 0;
  }
  size_t i = 0;
  while (*q) {
    if (i >= n || !p[i])
      return 0;
    unsigned char a[2] = {0, 0}, b[2] = {0, 0};
    size_t al, bl;
    i += fold_char(p + i, n - i, a, &al);
    q += fold_char(q, 2, b, &bl);
    if (al != bl || a[0] != b[0] || (al == 2 && a[1] != b[1]))
      return 0;
  }
  return 1;
}

int pith_text_starts_upper(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] >= 'A' && u[0] <= 'Z')
    return 1;
  if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97)
    return 1;
  return u[0] == 0xD0 && ((u[1] >= 0x90 && u[1] <= 0xAF) || u[1] == 0x81);
}

int pith_text_starts_amount(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  return (u[0] >= '0' && u[0] <= '9') ||
         (u[0] == 0xC2 && u[1] >= 0xBC && u[1] <= 0xBE) ||
         (u[0] == 0xE2 && u[1] == 0x85 && u[2] >= 0x90 && u[2] <= 0x9E);
}

size_t pith_text_count_words(const char *s, size_t n) {
  size_t words = 0;
  int in_word = 0;
  for (size_t i = 0; i < n && s[i]; i++) {
    if (pith_is_space((unsigned char)s[i])) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      words++;
    }
  }
  return words;
}

static int is_stop(unsigned char c) {
  return c == '.' || c == '!' || c == '?';
}

int pith_text_ends_sentence(const char *s, size_t n) {
  while (n && pith_is_space((unsigned char)s[n - 1]))
    n--;
  if (!n)
    return 0;
  unsigned char c = (unsigned char)s[n - 1];
  if (is_stop(c))
    return 1;
  /* a closing quote or bracket after the stop */
  if ((c == '"' || c == ')' || c == '\'') && n >= 2)
    return is_stop((unsigned char)s[n - 2]);
  if (n >= 3) {
    const unsigned char *u = (const unsigned char *)s + n - 3;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) /* 。 */
      return 1;
    if (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x81 || u[2] == 0x9F))
      return 1; /* ！ ？ */
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9D || u[2] == 0x99))
      return n >= 4 && is_stop((unsigned char)s[n - 4]); /* ” ’ */
  }
  return 0;
}

int pith_text_ends_clause(const char *s, size_t n) {
  while (n && pith_is_space((unsigned char)s[n - 1]))
    n--;
  return n &&
         (s[n - 1] == ':' || s[n - 1] == ';' || pith_text_ends_sentence(s, n));
}

int pith_text_has_sentence_stop(const char *s) {
  size_t len = strlen(s);
  return strstr(s, ". ") != NULL || strstr(s, "\xE3\x80\x82") != NULL ||
         (len && s[len - 1] == '.');
}

/* ---- phrase lists indexed by first byte ---------------------------------- */

static pthread_mutex_t prefix_list_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t prefix_group(unsigned char first) {
  return first < 0x80 ? first : PITH_PREFIX_GROUPS - 1;
}

/* Sorts the phrase indices by group, stably (a counting sort). */
static int build_prefix_list(pith_prefix_list *list) {
  if (list->count > 0xFFFF)
    return -1;
  size_t counts[PITH_PREFIX_GROUPS] = {0};
  for (size_t i = 0; i < list->count; i++) {
    const unsigned char *q = (const unsigned char *)list->phrases[i];
    if (!q[0])
      return -1; /* an empty phrase starts every text */
    counts[prefix_group(q[0])]++;
  }
  size_t at = 0;
  for (size_t g = 0; g < PITH_PREFIX_GROUPS; g++) {
    list->start[g] = (unsigned short)at;
    at += counts[g];
  }
  list->start[PITH_PREFIX_GROUPS] = (unsigned short)at;
  size_t fill[PITH_PREFIX_GROUPS];
  for (size_t g = 0; g < PITH_PREFIX_GROUPS; g++)
    fill[g] = list->start[g];
  for (size_t i = 0; i < list->count; i++) {
    const unsigned char *q = (const unsigned char *)list->phrases[i];
    list->order[fill[prefix_group(q[0])]++] = (unsigned short)i;
  }
  return 1;
}

static int prefix_list_state(pith_prefix_list *list) {
  int state = __atomic_load_n(&list->state, __ATOMIC_ACQUIRE);
  if (state)
    return state;
  pthread_mutex_lock(&prefix_list_lock);
  state = __atomic_load_n(&list->state, __ATOMIC_RELAXED);
  if (!state) {
    state = build_prefix_list(list);
    __atomic_store_n(&list->state, state, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&prefix_list_lock);
  return state;
}

size_t pith_prefix_list_next(pith_prefix_list *list, const char *s, size_t n,
                             size_t from) {
  if (prefix_list_state(list) < 0) {
    for (size_t i = from; i < list->count; i++)
      if (pith_text_has_prefix_ci(s, n, list->phrases[i]))
        return i;
    return list->count;
  }
  /* No phrase is empty: nothing starts an empty text. */
  const unsigned char *p = (const unsigned char *)s;
  if (n == 0 || !p[0])
    return list->count;
  size_t g = prefix_group(ascii_lower(p[0]));
  for (size_t k = list->start[g]; k < list->start[g + 1]; k++) {
    size_t i = list->order[k];
    if (i >= from && pith_text_has_prefix_ci(s, n, list->phrases[i]))
      return i;
  }
  return list->count;
}

/* Whether a code point is stable under NFC whatever surrounds it: it is
 * no combining mark, does not decompose to another character, and does
 * not compose with what follows. Latin-1 and the Latin extensions below
 * the combining marks, Cyrillic letters, general punctuation, currency
 * signs, CJK ideographs, Hangul syllables and emoji are; the rest is left
 * to libunistring. */
static int nfc_stable(unsigned cp) {
  return cp < 0x300 || (cp >= 0x400 && cp < 0x483) ||
         (cp >= 0x48A && cp < 0x530) || (cp >= 0x2010 && cp < 0x2070) ||
         (cp >= 0x20A0 && cp < 0x20C0) || (cp >= 0x4E00 && cp < 0xA000) ||
         (cp >= 0xAC00 && cp < 0xD7A4) || (cp >= 0x1F300 && cp < 0x1FB00);
}

int pith_text_nfc(const char *s, size_t n, char **out, size_t *out_len) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    /* ASCII is stable: eight bytes at a time past it (every block's text
     * and Markdown pass here, mostly ASCII) */
    uint64_t word;
    while (end - p >= 8) {
      memcpy(&word, p, 8);
      if (word & UINT64_C(0x8080808080808080))
        break;
      p += 8;
    }
    if (p == end)
      break;
    unsigned c = *p;
    if (c < 0x80) {
      p++;
      continue;
    }
    unsigned cp;
    size_t len;
    if (c >= 0xC2 && c < 0xE0 && end - p >= 2) {
      cp = (c & 0x1F) << 6 | (p[1] & 0x3F);
      len = 2;
    } else if (c >= 0xE0 && c < 0xF0 && end - p >= 3) {
      cp = (c & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
      len = 3;
    } else if (c >= 0xF0 && c < 0xF5 && end - p >= 4) {
      cp = (c & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 |
           (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
      len = 4;
    } else {
      break;
    }
    if (!nfc_stable(cp))
      break;
    p += len;
  }
  if (p == end)
    return 0;
  size_t len = 0;
  uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
  if (!r)
    /* libunistring fails on memory, or on bytes that are no UTF-8 (which
     * the decoder never passes on): the text stays as it is then. */
    return errno == ENOMEM ? -1 : 0;
  char *t = realloc(r, len + 1);
  if (!t) {
    free(r);
    return -1;
  }
  t[len] = '\0';
  *out = t;
  *out_len = len;
  return 1;
}
