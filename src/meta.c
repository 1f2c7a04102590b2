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

#include <json-c/json.h>

#include "internal.h"

/* ---- limits -------------------------------------------------------------- */

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
#define MAX_LIST_ITEMS 64
#define MAX_SHORT 1024 /* bytes in a title, author or site name */
#define MAX_LONG 4096  /* bytes in a description or a list */
#define MAX_URL 4096
#define DATE_SCAN 256 /* bytes of a string searched for a date */
#define DATE_MAX 40
#define MAX_DTOK 128

/* ---- small string helpers ------------------------------------------------ */

static int has_text(const char *s) {
  return s && *s;
}

/* Whether the space-separated list `list` holds `word` (ASCII case folded). */
static int has_token(const char *list, const char *word) {
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

static int contains_ci(const char *hay, const char *needle) {
  return hay && pith_ascii_strcasestr(hay, needle) != NULL;
}

/* ---- HTML entities (JSON-LD strings and double-escaped attributes) ------ */

static const struct {
  const char *name;
  const char *utf8;
} named_entities[] = {
    {"amp", "&"},    {"lt", "<"},          {"gt", ">"},     {"quot", "\""},
    {"apos", "'"},   {"nbsp", "\xC2\xA0"}, {"ndash", "–"},  {"mdash", "—"},
    {"lsquo", "‘"},  {"rsquo", "’"},       {"sbquo", "‚"},  {"ldquo", "“"},
    {"rdquo", "”"},  {"bdquo", "„"},       {"hellip", "…"}, {"laquo", "«"},
    {"raquo", "»"},  {"copy", "©"},        {"reg", "®"},    {"trade", "™"},
    {"euro", "€"},   {"pound", "£"},       {"middot", "·"}, {"bull", "•"},
    {"eacute", "é"}, {"egrave", "è"},      {"ecirc", "ê"},  {"aacute", "á"},
    {"agrave", "à"}, {"acirc", "â"},       {"iacute", "í"}, {"oacute", "ó"},
    {"ocirc", "ô"},  {"uacute", "ú"},      {"ntilde", "ñ"}, {"ccedil", "ç"},
    {"auml", "ä"},   {"ouml", "ö"},        {"uuml", "ü"},   {"Auml", "Ä"},
    {"Ouml", "Ö"},   {"Uuml", "Ü"},        {"szlig", "ß"},  {"Eacute", "É"},
    {"shy", ""},
};

static size_t utf8_encode(unsigned long cp, char *out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Reads one entity at s (which starts with '&'); on success writes its UTF-8
 * into out (at least 8 bytes), sets *out_len and returns the bytes consumed,
 * else 0. */
static size_t entity_at(const char *s, size_t n, char *out, size_t *out_len) {
  if (n < 3 || s[0] != '&')
    return 0;
  if (s[1] == '#') {
    size_t i = 2;
    int hex = 0;
    if (i < n && (s[i] == 'x' || s[i] == 'X')) {
      hex = 1;
      i++;
    }
    unsigned long cp = 0;
    size_t digits = 0;
    while (i < n && digits < 8) {
      int c = (unsigned char)s[i], v;
      if (pith_is_digit(c))
        v = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
      else
        break;
      cp = cp * (hex ? 16 : 10) + (unsigned long)v;
      digits++;
      i++;
    }
    if (!digits || i >= n || s[i] != ';')
      return 0;
    /* Pages that declare windows-1252 numeric references for quotes. */
    static const unsigned short cp1252[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    if (cp >= 0x80 && cp <= 0x9F)
      cp = cp1252[cp - 0x80];
    *out_len = utf8_encode(cp, out);
    return i + 1;
  }
  size_t i = 1;
  while (i < n && i < 10 && pith_is_alpha((unsigned char)s[i]))
    i++;
  if (i >= n || s[i] != ';' || i == 1)
    return 0;
  for (size_t k = 0; k < sizeof named_entities / sizeof *named_entities; k++) {
    const char *name = named_entities[k].name;
    if (strlen(name) == i - 1 && memcmp(name, s + 1, i - 1) == 0) {
      *out_len = strlen(named_entities[k].utf8);
      memcpy(out, named_entities[k].utf8, *out_len);
      return i + 1;
    }
  }
  return 0;
}

/* Decodes the common HTML entities; "&amp;#8217;" (escaped twice) is
 * decoded to the quote as well. Returns a new string or NULL. */
static char *decode_entities(const char *s, size_t n) {
  char *out = malloc(n + 1);
  if (!out)
    return NULL;
  size_t o = 0, i = 0;
  while (i < n) {
    if (s[i] == '&') {
      char tmp[8];
      size_t tl = 0, used = entity_at(s + i, n - i, tmp, &tl);
      if (used) {
        i += used;
        if (tl == 1 && tmp[0] == '&') {
          /* "&amp;" followed by an entity body: an entity escaped twice. */
          char probe[16];
          size_t pn = n - i < 12 ? n - i : 12;
          probe[0] = '&';
          memcpy(probe + 1, s + i, pn);
          size_t again = entity_at(probe, pn + 1, tmp, &tl);
          if (again > 1) {
            i += again - 1;
          } else {
            tl = 1;
            tmp[0] = '&';
          }
        }
        /* An entity never expands beyond its own length. */
        memcpy(out + o, tmp, tl);
        o += tl;
        continue;
      }
    }
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return out;
}

/* Removes markup that some sites leave escaped inside attributes and
 * JSON-LD strings ("<p>Summary</p>"), in place. Only "<" followed by a
 * letter, "/" or "!" opens a tag, so "a < b" stays. */
static void strip_tags(char *s) {
  char *o = s;
  for (char *p = s; *p;) {
    if (*p == '<' &&
        (pith_is_alpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')) {
      char *gt = strchr(p, '>');
      if (gt) {
        /* Block tags separate words; inline ones do not. */
        const char *t = p + 1 + (p[1] == '/');
        char c = (char)tolower((unsigned char)t[0]);
        char d = (char)tolower((unsigned char)t[1]);
        if ((c == 'p' && !pith_is_alpha((unsigned char)d)) ||
            (c == 'b' && d == 'r') || (c == 'd' && d == 'i') ||
            (c == 'l' && d == 'i') ||
            (c == 'h' && pith_is_digit((unsigned char)d)) ||
            (c == 't' && (d == 'r' || d == 'd')))
          *o++ = ' ';
        p = gt + 1;
        continue;
      }
    }
    *o++ = *p++;
  }
  *o = '\0';
}

/* Decodes entities, drops markup, normalises white space and caps the
 * length. Returns a new non-empty string or NULL. */
static char *finish_text(const char *raw, size_t cap) {
  if (!raw)
    return NULL;
  size_t n = strnlen(raw, cap * 4 + 64);
  char *decoded = NULL;
  const char *src = raw;
  if (memchr(raw, '&', n) || memchr(raw, '<', n)) {
    decoded =
        memchr(raw, '&', n) ? decode_entities(raw, n) : pith_strndup(raw, n);
    if (!decoded)
      return NULL;
    strip_tags(decoded);
    src = decoded;
    n = strlen(decoded);
  }
  char *out = pith_text_normalize_space(src, n);
  free(decoded);
  if (!out)
    return NULL;
  pith_text_truncate_utf8(out, cap);
  if (!*out) {
    free(out);
    return NULL;
  }
  return out;
}

/* ---- dates --------------------------------------------------------------- */

typedef struct date_parts {
  int y, m, d;
  int has_time, hh, mi, ss;
  int tz;     /* 0 none, 1 UTC ("Z"), 2 offset */
  int tz_min; /* offset east of UTC in minutes */
} date_parts;

static int current_year(void) {
  time_t now = time(NULL);
  struct tm tmv;
  if (now == (time_t)-1 || !gmtime_r(&now, &tmv))
    return 2100;
  return tmv.tm_year + 1900;
}

static int days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/* htmldate's range: nothing before 1995, nothing after next year. */
static int valid_ymd(int y, int m, int d, int ymax) {
  return y >= 1995 && y <= ymax && m >= 1 && m <= 12 && d >= 1 &&
         d <= days_in_month(y, m);
}

enum { T_NUM = 1, T_WORD, T_PUNCT };

typedef struct dtok {
  int kind;
  long val;   /* number value, month (1-12, 0 none) or punctuation char */
  size_t len; /* digits of a number, bytes of a word */
  size_t b, e;
} dtok;

static const struct {
  const char *name;
  int month;
} month_names[] = {
    {"january", 1},    {"february", 2},  {"march", 3},     {"april", 4},
    {"may", 5},        {"june", 6},      {"july", 7},      {"august", 8},
    {"september", 9},  {"october", 10},  {"november", 11}, {"december", 12},
    {"sept", 9},       {"januar", 1},    {"jänner", 1},    {"februar", 2},
    {"märz", 3},       {"mai", 5},       {"juni", 6},      {"juli", 7},
    {"oktober", 10},   {"dezember", 12}, {"janvier", 1},   {"février", 2},
    {"fevrier", 2},    {"mars", 3},      {"avril", 4},     {"juin", 6},
    {"juillet", 7},    {"août", 8},      {"aout", 8},      {"septembre", 9},
    {"octobre", 10},   {"novembre", 11}, {"décembre", 12}, {"decembre", 12},
    {"enero", 1},      {"febrero", 2},   {"marzo", 3},     {"abril", 4},
    {"mayo", 5},       {"junio", 6},     {"julio", 7},     {"agosto", 8},
    {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},  {"noviembre", 11},
    {"diciembre", 12}, {"gennaio", 1},   {"febbraio", 2},  {"aprile", 4},
    {"maggio", 5},     {"giugno", 6},    {"luglio", 7},    {"settembre", 9},
    {"ottobre", 10},   {"dicembre", 12}, {"janeiro", 1},   {"fevereiro", 2},
    {"março", 3},      {"maio", 5},      {"junho", 6},     {"julho", 7},
    {"setembro", 9},   {"outubro", 10},  {"dezembro", 12}, {"januari", 1},
    {"februari", 2},   {"maart", 3},     {"mei", 5},       {"augustus", 8},
};

/* Lower-cases ASCII and the Latin-1 capitals (U+00C0-U+00DE) of a word. */
static size_t fold_word(const char *s, size_t n, char *out, size_t size) {
  if (n + 1 > size)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 &&
             c <= 0x9E && c != 0x97)
      c = (unsigned char)(c + 0x20);
    out[i] = (char)c;
  }
  out[n] = '\0';
  return n;
}

/* The month a word names (a full name in one of seven languages, or an
 * unambiguous prefix of at least three bytes: "Nov", "Sept", "déc"), or 0. */
static int month_of_word(const char *s, size_t n) {
  char w[16];
  if (n < 3 || !fold_word(s, n, w, sizeof w))
    return 0;
  int found = 0;
  for (size_t k = 0; k < sizeof month_names / sizeof *month_names; k++) {
    const char *name = month_names[k].name;
    if (strlen(name) >= n && memcmp(name, w, n) == 0) {
      if (found && found != month_names[k].month)
        return 0;
      found = month_names[k].month;
    }
  }
  return found;
}

static int word_is(const char *s, const dtok *t, const char *word) {
  size_t n = strlen(word);
  return t->kind == T_WORD && t->len == n &&
         strncasecmp(s + t->b, word, n) == 0;
}

/* Splits the start of a string into numbers, words and punctuation. Ordinal
 * suffixes ("19th", "1er") are folded into the number. */
static size_t date_tokenize(const char *s, size_t n, dtok *toks) {
  size_t count = 0, i = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < n && count < MAX_DTOK) {
    unsigned char c = u[i];
    if (pith_is_space(c)) {
      i++;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) {
      i += 2;
      continue;
    }
    if (c == 0xE2 && i + 2 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81)) {
      /* General punctuation: spaces, dashes, quotes. */
      dtok t = {T_PUNCT, '-', 1, i, i + 3};
      if (u[i + 1] == 0x80 && (u[i + 2] == 0x93 || u[i + 2] == 0x94))
        toks[count++] = t;
      i += 3;
      continue;
    }
    dtok t = {0, 0, 0, i, i};
    if (pith_is_digit(c)) {
      long v = 0;
      while (i < n && pith_is_digit(u[i])) {
        if (i - t.b < 9)
          v = v * 10 + (u[i] - '0');
        i++;
      }
      t.kind = T_NUM;
      t.len = i - t.b;
      t.val = t.len <= 9 ? v : -1;
      t.e = i;
      size_t k = i;
      while (k < n && pith_is_alpha(u[k]) && k - i < 3)
        k++;
      if (k > i && (k >= n || !pith_is_alpha(u[k]))) {
        size_t sl = k - i;
        const char *sfx = s + i;
        if ((sl == 2 && (strncasecmp(sfx, "st", 2) == 0 ||
                         strncasecmp(sfx, "nd", 2) == 0 ||
                         strncasecmp(sfx, "rd", 2) == 0 ||
                         strncasecmp(sfx, "th", 2) == 0 ||
                         strncasecmp(sfx, "er", 2) == 0)) ||
            (sl == 1 && (sfx[0] == 'e' || sfx[0] == 'E')))
          i = k;
      } else if (i + 1 < n && u[i] == 0xC2 &&
                 (u[i + 1] == 0xBA || u[i + 1] == 0xAA)) {
        i += 2;
      }
    } else if (pith_is_alpha(c) || c >= 0x80) {
      while (i < n) {
        unsigned char d = u[i];
        if (d == 0xC2 && i + 1 < n && u[i + 1] == 0xA0)
          break;
        if (d == 0xE2 && i + 1 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81))
          break;
        if (!(pith_is_alpha(d) || d >= 0x80))
          break;
        i++;
      }
      t.kind = T_WORD;
      t.len = i - t.b;
      t.e = i;
      t.val = month_of_word(s + t.b, t.len);
    } else {
      t.kind = T_PUNCT;
      t.val = c;
      t.len = 1;
      i++;
      t.e = i;
    }
    toks[count++] = t;
  }
  return count;
}

static int two_digits(const unsigned char *u, size_t i, size_t n, int *v) {
  if (i + 1 >= n || !pith_is_digit(u[i]) || !pith_is_digit(u[i + 1]))
    return 0;
  *v = (u[i] - '0') * 10 + (u[i + 1] - '0');
  return 1;
}

static int word_at(const char *s, size_t i, size_t n, const char *w) {
  size_t wn = strlen(w);
  return i + wn <= n && strncasecmp(s + i, w, wn) == 0 &&
         (i + wn == n || !pith_is_alpha((unsigned char)s[i + wn]));
}

static const struct {
  const char *name;
  int minutes;
} zone_names[] = {
    {"GMT", 0},    {"UTC", 0},    {"UT", 0},     {"EST", -300},
    {"EDT", -240}, {"CST", -360}, {"CDT", -300}, {"MST", -420},
    {"MDT", -360}, {"PST", -480}, {"PDT", -420}, {"CET", 60},
    {"CEST", 120}, {"BST", 60},   {"MEZ", 60},   {"MESZ", 120},
};

/* Reads "[+-]hh[:]mm" or "[+-]hh" at i. */
static size_t parse_offset(const unsigned char *u, size_t i, size_t n,
                           int *minutes) {
  if (i >= n || (u[i] != '+' && u[i] != '-'))
    return 0;
  int sign = u[i] == '-' ? -1 : 1, h, m = 0;
  size_t k = i + 1;
  if (!two_digits(u, k, n, &h))
    return 0;
  k += 2;
  if (k < n && u[k] == ':')
    k++;
  if (two_digits(u, k, n, &m))
    k += 2;
  else if (k > i + 3)
    return 0; /* "+01:" without minutes */
  if (k < n && pith_is_digit(u[k]))
    return 0;
  if (h > 14 || m > 59)
    return 0;
  *minutes = sign * (h * 60 + m);
  return k - i;
}

/* Reads a time of day after a date: "T10:30:00Z", " 10:30", ", 10:30 AM
 * EST", " at 10:30 +0100". Leaves dp untouched when there is none. */
static void parse_time(const char *s, size_t n, size_t i, date_parts *dp) {
  const unsigned char *u = (const unsigned char *)s;
  if (i < n && (u[i] == 'T' || u[i] == 't') && i + 1 < n &&
      pith_is_digit(u[i + 1]))
    i++;
  else {
    size_t skipped = 0;
    while (i < n && skipped < 6 &&
           (pith_is_space(u[i]) || u[i] == ',' || u[i] == '-' || u[i] == '|')) {
      i++;
      skipped++;
    }
    if (word_at(s, i, n, "at") || word_at(s, i, n, "um"))
      i += 2;
    while (i < n && pith_is_space(u[i]))
      i++;
  }
  int hh, mi, ss = 0;
  size_t k = i;
  if (k < n && pith_is_digit(u[k]) && k + 1 < n && u[k + 1] == ':') {
    hh = u[k] - '0';
    k += 1;
  } else if (two_digits(u, k, n, &hh)) {
    k += 2;
  } else {
    return;
  }
  if (k >= n || u[k] != ':' || !two_digits(u, k + 1, n, &mi))
    return;
  k += 3;
  if (k < n && u[k] == ':' && two_digits(u, k + 1, n, &ss)) {
    k += 3;
    if (k < n && (u[k] == '.' || u[k] == ',') && k + 1 < n &&
        pith_is_digit(u[k + 1])) {
      k++;
      while (k < n && pith_is_digit(u[k]))
        k++;
    }
  }
  if (k < n && pith_is_digit(u[k]))
    return;
  size_t z = k;
  while (z < n && pith_is_space(u[z]) && z - k < 2)
    z++;
  if (word_at(s, z, n, "am") || word_at(s, z, n, "pm") ||
      (z + 4 <= n && (strncasecmp(s + z, "a.m.", 4) == 0 ||
                      strncasecmp(s + z, "p.m.", 4) == 0))) {
    int pm = u[z] == 'p' || u[z] == 'P';
    if (hh < 1 || hh > 12)
      return;
    hh = hh % 12 + (pm ? 12 : 0);
    k = z + (u[z + 1] == '.' ? 4 : 2);
    z = k;
    while (z < n && pith_is_space(u[z]) && z - k < 2)
      z++;
  }
  if (hh > 23 || mi > 59 || ss > 60)
    return;
  if (ss == 60)
    ss = 59;
  int tz = 0, tz_min = 0, off;
  size_t used;
  if ((used = parse_offset(u, k, n, &off)) != 0 ||
      (used = parse_offset(u, z, n, &off)) != 0) {
    tz = 2;
    tz_min = off;
  } else if (k < n && (u[k] == 'Z' || u[k] == 'z') &&
             (k + 1 >= n || !pith_is_alpha(u[k + 1]))) {
    tz = 1;
  } else {
    for (size_t q = 0; q < sizeof zone_names / sizeof *zone_names; q++) {
      const char *zn = zone_names[q].name;
      size_t zl = strlen(zn);
      if (z + zl <= n && strncmp(s + z, zn, zl) == 0 &&
          (z + zl == n || !pith_is_alpha(u[z + zl]))) {
        tz = zone_names[q].minutes == 0 ? 1 : 2;
        tz_min = zone_names[q].minutes;
        if (zone_names[q].minutes == 0 &&
            (used = parse_offset(u, z + zl, n, &off)) != 0) {
          tz = 2;
          tz_min = off;
        }
        break;
      }
    }
  }
  dp->has_time = 1;
  dp->hh = hh;
  dp->mi = mi;
  dp->ss = ss;
  dp->tz = tz;
  dp->tz_min = tz_min;
}

static int tok_is_punct(const dtok *t, const char *set) {
  return t->kind == T_PUNCT && t->val && strchr(set, (int)t->val) != NULL;
}

static int adjacent(const dtok *a, const dtok *b) {
  return a->e == b->b;
}

static int is_num(const dtok *t, size_t min_len, size_t max_len) {
  return t->kind == T_NUM && t->len >= min_len && t->len <= max_len;
}

static int is_filler(const char *s, const dtok *t) {
  return word_is(s, t, "de") || word_is(s, t, "of") || word_is(s, t, "the") ||
         word_is(s, t, "del");
}

/* Tries every date pattern at token i. Returns the token after the date, or
 * 0 when none matches. */
static size_t date_at(const char *s, const dtok *t, size_t count, size_t i,
                      int ymax, date_parts *dp) {
  /* 2019-11-19, 2019/11/19, 2019.11.19 */
  if (i + 4 < count && is_num(&t[i], 4, 4) && tok_is_punct(&t[i + 1], "-/._") &&
      is_num(&t[i + 2], 1, 2) && t[i + 3].kind == T_PUNCT &&
      t[i + 3].val == t[i + 1].val && is_num(&t[i + 4], 1, 2) &&
      adjacent(&t[i], &t[i + 1]) && adjacent(&t[i + 1], &t[i + 2]) &&
      adjacent(&t[i + 2], &t[i + 3]) && adjacent(&t[i + 3], &t[i + 4])) {
    dp->y = (int)t[i].val;
    dp->m = (int)t[i + 2].val;
    dp->d = (int)t[i + 4].val;
    return i + 5;
  }
  /* 19.11.2019, 19/11/2019, 19-11-2019: day first, as htmldate reads them,
   * unless only the other order is a valid date. */
  if (i + 4 < count && is_num(&t[i], 1, 2) && tok_is_punct(&t[i + 1], "./-") &&
      is_num(&t[i + 2], 1, 2) && t[i + 3].kind == T_PUNCT &&
      t[i + 3].val == t[i + 1].val && is_num(&t[i + 4], 4, 4) &&
      adjacent(&t[i], &t[i + 1]) && adjacent(&t[i + 1], &t[i + 2]) &&
      adjacent(&t[i + 2], &t[i + 3]) && adjacent(&t[i + 3], &t[i + 4])) {
    dp->d = (int)t[i].val;
    dp->m = (int)t[i + 2].val;
    if (dp->m > 12 && dp->d <= 12) {
      int tmp = dp->d;
      dp->d = dp->m;
      dp->m = tmp;
    }
    dp->y = (int)t[i + 4].val;
    return i + 5;
  }
  /* 20191119, else 19112019 */
  if (is_num(&t[i], 8, 8)) {
    long v = t[i].val;
    dp->y = (int)(v / 10000);
    dp->m = (int)(v / 100 % 100);
    dp->d = (int)(v % 100);
    if (!valid_ymd(dp->y, dp->m, dp->d, ymax)) {
      dp->d = (int)(v / 1000000);
      dp->m = (int)(v / 10000 % 100);
      dp->y = (int)(v % 10000);
    }
    return i + 1;
  }
  /* November 19, 2019; Nov. 19th 2019 */
  if (t[i].kind == T_WORD && t[i].val) {
    size_t k = i + 1;
    if (k < count && tok_is_punct(&t[k], ".-"))
      k++;
    if (k < count && is_num(&t[k], 1, 2)) {
      size_t day = k++;
      if (k < count && tok_is_punct(&t[k], ",.-"))
        k++;
      if (k < count && is_num(&t[k], 4, 4)) {
        dp->m = (int)t[i].val;
        dp->d = (int)t[day].val;
        dp->y = (int)t[k].val;
        return k + 1;
      }
    }
  }
  /* 19 November 2019; 19. November 2019; 19 de noviembre de 2019 */
  if (is_num(&t[i], 1, 2)) {
    size_t k = i + 1;
    if (k < count && tok_is_punct(&t[k], ".-"))
      k++;
    if (k < count && is_filler(s, &t[k]))
      k++;
    if (k < count && t[k].kind == T_WORD && t[k].val) {
      size_t mon = k++;
      if (k < count && tok_is_punct(&t[k], ".-"))
        k++;
      if (k < count && tok_is_punct(&t[k], ","))
        k++;
      if (k < count && is_filler(s, &t[k]))
        k++;
      if (k < count && is_num(&t[k], 4, 4)) {
        dp->d = (int)t[i].val;
        dp->m = (int)t[mon].val;
        dp->y = (int)t[k].val;
        return k + 1;
      }
    }
  }
  /* 2019年11月19日, 2019년 11월 19일 */
  if (i + 5 < count && is_num(&t[i], 4, 4) && is_num(&t[i + 2], 1, 2) &&
      is_num(&t[i + 4], 1, 2) &&
      (word_is(s, &t[i + 1], "年") || word_is(s, &t[i + 1], "년")) &&
      (word_is(s, &t[i + 3], "月") || word_is(s, &t[i + 3], "월"))) {
    dp->y = (int)t[i].val;
    dp->m = (int)t[i + 2].val;
    dp->d = (int)t[i + 4].val;
    return i + 5;
  }
  return 0;
}

/* Finds the first valid date in s[0..n). */
static int parse_date_in(const char *s, size_t n, int ymax, int allow_time,
                         date_parts *dp) {
  dtok toks[MAX_DTOK];
  size_t count = date_tokenize(s, n, toks);
  for (size_t i = 0; i < count; i++) {
    date_parts cand;
    memset(&cand, 0, sizeof cand);
    size_t next = date_at(s, toks, count, i, ymax, &cand);
    if (!next || !valid_ymd(cand.y, cand.m, cand.d, ymax))
      continue;
    if (allow_time && !is_num(&toks[next - 1], 8, 8))
      parse_time(s, n, toks[next - 1].e, &cand);
    *dp = cand;
    return 1;
  }
  return 0;
}

static int format_date(const date_parts *dp, char *out, size_t size) {
  int w;
  if (dp->has_time && size >= 26) {
    char zone[8] = "";
    if (dp->tz == 1) {
      strcpy(zone, "Z");
    } else if (dp->tz == 2) {
      int m = dp->tz_min < 0 ? -dp->tz_min : dp->tz_min;
      snprintf(zone, sizeof zone, "%c%02d:%02d", dp->tz_min < 0 ? '-' : '+',
               m / 60 % 100, m % 60);
    }
    w = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", dp->y, dp->m,
                 dp->d, dp->hh, dp->mi, dp->ss, zone);
  } else {
    w = snprintf(out, size, "%04d-%02d-%02d", dp->y, dp->m, dp->d);
  }
  return w > 0 && (size_t)w < size;
}

static int parse_date_year(const char *s, int ymax, char *out, size_t size) {
  if (!s || !out || size < 11)
    return 0;
  date_parts dp;
  if (!parse_date_in(s, strnlen(s, DATE_SCAN), ymax, 1, &dp))
    return 0;
  return format_date(&dp, out, size);
}

/* Public for the other stages: the first date in s (ISO 8601, RFC 2822,
 * "November 19, 2019", "19 November 2019", "2019/11/19", "19.11.2019",
 * "20191119"...) as "YYYY-MM-DD", or as "YYYY-MM-DDTHH:MM:SS" plus the zone
 * when s holds a time of day. Years outside 1995..next year are refused.
 * Returns 1 when a date was written to out. */
int pith_meta_parse_date(const char *s, char *out, size_t out_size) {
  return parse_date_year(s, current_year() + 1, out, out_size);
}

/* A date in the path of a URL: /2019/11/19/, /2019-11-19-, /20191119/. */
static int url_date(const char *url, int ymax, char *out, size_t size) {
  if (!url)
    return 0;
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : url;
  if (!p)
    return 0;
  size_t n = strcspn(p, "?#");
  if (n > 2048)
    n = 2048;
  date_parts dp;
  if (!parse_date_in(p, n, ymax, 0, &dp))
    return 0;
  return format_date(&dp, out, size);
}

/* ---- author names -------------------------------------------------------- */

typedef struct name_list {
  char *v[MAX_NAMES];
  size_t n;
} name_list;

static void names_free(name_list *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  l->n = 0;
}

/* Labels that sites put where a name belongs (trafilatura rejects single
 * words; pith only rejects these, so one-word pen names survive). */
static const char *const generic_authors[] = {
    "admin",
    "administrator",
    "staff",
    "editor",
    "editors",
    "editorial",
    "redaktion",
    "redacción",
    "redaccion",
    "rédaction",
    "redazione",
    "newsroom",
    "team",
    "webmaster",
    "guest",
    "anonymous",
    "unknown",
    "user",
    "author",
    "autor",
    "auteur",
    "staff writer",
    "the editors",
    "editorial staff",
    "editorial team",
    "news desk",
    "web desk",
    "contributor",
    "reporter",
    "root",
    "null",
    "none",
    "by",
    "posted",
    "published",
    "updated",
    "publiziert",
    "veröffentlicht",
    "aktualisiert",
    "geschrieben",
    "erstellt",
    "guest author",
    "phd",
    "md",
    "dr",
    "jr",
    "sr",
    "more",
};

/* The last word of a job title, not of a name: "AP Auto Writer". */
static const char *const role_words[] = {
    "writer",      "correspondent", "editor",     "reporter",     "columnist",
    "contributor", "producer",      "journalist", "photographer",
};

/* First words of a label standing where the name should be ("Published
 * on", "Publiziert am"), and of credits that are not the author's. */
static const char *const label_words[] = {
    "published",      "posted",       "updated",     "publiziert",
    "veröffentlicht", "aktualisiert", "geschrieben", "erstellt",
    "foto",           "fotos",        "photo",       "photos",
    "bild",           "bilder",       "image",       "images",
    "video",          "illustration", "credit",      "quelle",
    "source",         "fuente",
};

/* Words a byline puts after the name once its date is cut: "John Smith on
 * Tuesday, November". */
static const char *const trailing_words[] = {
    "on",
    "at",
    "am",
    "le",
    "el",
    "il",
    "updated",
    "published",
    "posted",
    "aktualisiert",
    "veröffentlicht",
    "publiziert",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "den",
    "der",
    "vom",
    "de",
    "du",
};

/* Prefixes before the name; `weak` ones are also words inside names ("Di
 * Maria", "Von Trier"), so they are only removed in lower case, before a
 * colon or before at least two more words. */
static const struct {
  const char *word;
  int weak;
} author_prefixes[] = {
    {"written by", 0},  {"posted by", 0}, {"published by", 0},
    {"reported by", 0}, {"story by", 0},  {"words by", 0},
    {"text by", 0},     {"by", 0},        {"par", 0},
    {"por", 0},         {"autor", 0},     {"autorin", 0},
    {"author", 0},      {"authors", 0},   {"auteur", 0},
    {"von", 1},         {"vom", 1},       {"di", 1},
    {"door", 1},        {"av", 1},        {"af", 1},
};

/* Strips a leading "By", "Von", "Author:", "Text:"... from [*b, e). */
static void strip_author_prefix(const char *s, size_t *b, size_t e) {
  for (int round = 0; round < 3; round++) {
    while (*b < e && (s[*b] == ' ' || s[*b] == ':' || s[*b] == '-'))
      (*b)++;
    int stripped = 0;
    for (size_t k = 0; k < sizeof author_prefixes / sizeof *author_prefixes;
         k++) {
      const char *w = author_prefixes[k].word;
      size_t wn = strlen(w);
      if (*b + wn >= e || strncasecmp(s + *b, w, wn) != 0)
        continue;
      char after = s[*b + wn];
      if (after != ' ' && after != ':')
        continue;
      size_t rest = *b + wn;
      while (rest < e && (s[rest] == ' ' || s[rest] == ':'))
        rest++;
      if (author_prefixes[k].weak && after != ':' && s[*b] != w[0] &&
          pith_text_count_words(s + rest, e - rest) < 2)
        continue;
      *b = rest;
      stripped = 1;
      break;
    }
    if (!stripped) {
      /* One word and a colon: "Author:", "Text:", "Interview:", "Автор:". */
      size_t k = *b;
      while (k < e && k - *b < 24 && s[k] != ' ' && s[k] != ':')
        k++;
      if (k > *b && k + 1 < e && s[k] == ':' && s[k + 1] == ' ') {
        *b = k + 1;
        stripped = 1;
      }
    }
    if (!stripped)
      break;
  }
}

static int in_list_ci(const char *s, const char *const *list, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (strcasecmp(s, list[k]) == 0)
      return 1;
  return 0;
}

/* A single token that reads as a domain: "example.com". */
static int looks_like_domain(const char *s) {
  if (strchr(s, ' '))
    return 0;
  const char *dot = strrchr(s, '.');
  if (!dot || dot == s)
    return 0;
  size_t letters = 0;
  for (const char *p = dot + 1; *p; p++) {
    if (!pith_is_alpha((unsigned char)*p))
      return 0;
    letters++;
  }
  return letters >= 2;
}

static void title_case_if_shouting(char *s) {
  size_t upper = 0;
  for (char *p = s; *p; p++) {
    if (*p >= 'a' && *p <= 'z')
      return;
    if (*p >= 'A' && *p <= 'Z')
      upper++;
  }
  if (upper < 4)
    return;
  int start = 1;
  for (char *p = s; *p; p++) {
    if (pith_is_alpha((unsigned char)*p)) {
      if (!start)
        *p = (char)tolower((unsigned char)*p);
      start = 0;
    } else {
      start = *p == ' ' || *p == '-' || *p == '\'';
    }
  }
}

static int is_url_word(const char *w, size_t n) {
  return memchr(w, '@', n) || (n >= 4 && strncasecmp(w, "http", 4) == 0) ||
         (n >= 4 && strncasecmp(w, "www.", 4) == 0) ||
         (memchr(w, '/', n) && memchr(w, '.', n));
}

/* Whether the first word of s (up to a space or colon) is one of list. */
static int first_word_in(const char *s, const char *const *list, size_t n) {
  char word[24];
  size_t wl = strcspn(s, " :");
  if (wl == 0 || wl >= sizeof word || !fold_word(s, wl, word, sizeof word))
    return 0;
  return in_list_ci(word, list, n);
}

/* Lower-case words of a name other than particles ("de", "van"): a name has
 * at most one (a user name); a sentence has more. */
static size_t lowercase_words(const char *s) {
  static const char *const particles[] = {
      "de",  "da",  "das", "do",  "dos", "del", "della", "di", "du",
      "der", "den", "van", "von", "la",  "le",  "y",     "e",  "bin",
      "ibn", "al",  "el",  "zu",  "ter", "te",  "af",    "av", "dei"};
  size_t count = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ')
      p++;
    const char *b = p;
    while (*p && *p != ' ')
      p++;
    size_t n = (size_t)(p - b);
    if (n && *b >= 'a' && *b <= 'z') {
      int particle = 0;
      for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
        if (strlen(particles[k]) == n && strncmp(b, particles[k], n) == 0)
          particle = 1;
      count += !particle;
    }
  }
  return count;
}

/* Cleans one name (already entity-decoded and space-normalised) and adds it
 * unless it is empty, a label, a duplicate or not a name at all. */
static void names_add_one(name_list *l, const char *s, size_t n, int dated) {
  if (l->n >= MAX_NAMES || n == 0 || n > 400)
    return;
  char buf[512];
  size_t o = 0;
  /* Drop @handles, e-mail addresses and URLs, word by word. */
  size_t i = 0;
  while (i < n) {
    while (i < n && s[i] == ' ')
      i++;
    size_t b = i;
    while (i < n && s[i] != ' ')
      i++;
    if (i == b)
      break;
    if (is_url_word(s + b, i - b))
      continue;
    if (o)
      buf[o++] = ' ';
    memcpy(buf + o, s + b, i - b);
    o += i - b;
  }
  buf[o] = '\0';
  size_t b = 0, e = o;
  strip_author_prefix(buf, &b, e);
  /* A byline's tail: the date, "(Reuters)", " - Staff Writer", " at AP". */
  for (size_t k = b; k < e; k++) {
    if (pith_is_digit((unsigned char)buf[k]) || buf[k] == '(' ||
        buf[k] == '[') {
      dated |= pith_is_digit((unsigned char)buf[k]);
      e = k;
      break;
    }
    if (k > b && buf[k] == ' ' && k + 2 < e &&
        ((buf[k + 1] == '-' && buf[k + 2] == ' ') ||
         strncmp(buf + k + 1, "– ", 4) == 0 ||
         strncmp(buf + k + 1, "— ", 4) == 0 ||
         strncasecmp(buf + k + 1, "at ", 3) == 0 ||
         strncasecmp(buf + k + 1, "for ", 4) == 0)) {
      e = k;
      break;
    }
  }
  for (int round = 0; dated && round < 6; round++) {
    while (e > b && strchr(" ,;:|-.", buf[e - 1]))
      e--;
    size_t ws = e;
    while (ws > b && buf[ws - 1] != ' ')
      ws--;
    if (ws == b)
      break;
    char word[24];
    if (e - ws >= sizeof word ||
        !fold_word(buf + ws, e - ws, word, sizeof word))
      break;
    if (!month_of_word(word, strlen(word)) &&
        !in_list_ci(word, trailing_words,
                    sizeof trailing_words / sizeof *trailing_words))
      break;
    e = ws;
  }
  while (b < e && strchr(" ,;:|-\"'", buf[b]))
    b++;
  while (e > b && strchr(" ,;:|-\"'", buf[e - 1]))
    e--;
  if (e <= b)
    return;
  buf[e] = '\0';
  const char *name = buf + b;
  size_t len = e - b;
  size_t chars = pith_utf8_length(name, len);
  if (chars < 2 || chars > 80 || pith_text_count_words(name, len) > 7)
    return;
  int letters = 0;
  for (size_t k = 0; k < len; k++)
    if (pith_is_alpha((unsigned char)name[k]) || (unsigned char)name[k] >= 0x80)
      letters++;
  const char *last = strrchr(name, ' ');
  last = last ? last + 1 : name;
  if (letters < 2 || lowercase_words(name) >= 2 || strchr(name, ')') ||
      first_word_in(name, label_words,
                    sizeof label_words / sizeof *label_words) ||
      in_list_ci(name, generic_authors,
                 sizeof generic_authors / sizeof *generic_authors) ||
      (last != name &&
       in_list_ci(last, role_words, sizeof role_words / sizeof *role_words)) ||
      looks_like_domain(name))
    return;
  char *copy = pith_strndup(name, len);
  if (!copy)
    return;
  title_case_if_shouting(copy);
  for (size_t k = 0; k < l->n; k++) {
    if (strcasecmp(l->v[k], copy) == 0) {
      free(copy);
      return;
    }
  }
  l->v[l->n++] = copy;
}

enum {
  NAMES_SPLIT = 1, /* also split on ",", "|", "&", " and "... */
  NAMES_BYLINE = 2 /* text from the page: cut at the date */
};

/* Splits an author string ("By A, B and C") into names. Without NAMES_SPLIT
 * only ';' separates, for "Last, First" forms (citation_author). */
static void names_add(name_list *l, const char *raw, int flags) {
  int split_commas = flags & NAMES_SPLIT, dated = 0;
  char *s = finish_text(raw, MAX_LONG);
  if (!s)
    return;
  size_t n = strlen(s), b = 0;
  if ((is_url_word(s, n) && !strchr(s, ' ')) ||
      first_word_in(s, label_words, sizeof label_words / sizeof *label_words)) {
    free(s);
    return;
  }
  if (flags & NAMES_BYLINE) {
    /* "By A and B, November 19, 2019": the date and what follows go. */
    for (size_t i = 0; i < n; i++) {
      if (pith_is_digit((unsigned char)s[i])) {
        s[i] = '\0';
        n = i;
        dated = 1;
        break;
      }
    }
  }
  strip_author_prefix(s, &b, n);
  size_t start = b;
  for (size_t i = b; i <= n; i++) {
    size_t sep = 0;
    if (i == n || s[i] == ';')
      sep = 1;
    else if (!split_commas)
      sep = 0;
    else if (s[i] == ',' || s[i] == '|' || s[i] == '&')
      sep = 1;
    else if (strncmp(s + i, "•", 3) == 0)
      sep = 3;
    else if (strncmp(s + i, "·", 2) == 0)
      sep = 2;
    else if (s[i] == ' ') {
      static const char *const joins[] = {" and ", " und ", " et ",
                                          " y ",   " e ",   " / "};
      for (size_t k = 0; k < sizeof joins / sizeof *joins; k++) {
        size_t jl = strlen(joins[k]);
        if (strncasecmp(s + i, joins[k], jl) == 0) {
          sep = jl;
          break;
        }
      }
    }
    if (!sep)
      continue;
    if (i > start)
      names_add_one(l, s + start, i - start, dated);
    start = i + sep;
    i = start - 1;
  }
  free(s);
}

static char *names_join(const name_list *l) {
  if (!l->n)
    return NULL;
  pith_buf b;
  pith_buf_init(&b, 0);
  for (size_t i = 0; i < l->n; i++) {
    if (i)
      pith_buf_puts(&b, "; ");
    pith_buf_puts(&b, l->v[i]);
  }
  return pith_buf_detach(&b);
}

/* ---- lists (categories, tags) -------------------------------------------- */

typedef struct str_list {
  char *v[MAX_LIST_ITEMS];
  size_t n;
  size_t bytes;
} str_list;

static void list_add_raw(str_list *l, const char *raw) {
  char *s = finish_text(raw, MAX_LONG);
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

/* ---- DOM helpers --------------------------------------------------------- */

static int name_is(xmlNodePtr n, const char *name) {
  return n->name && strcmp((const char *)n->name, name) == 0;
}

/* The value of an attribute: "" for one without a value, NULL if absent. */
static const char *attr(xmlNodePtr n, const char *name) {
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
    if (name_is(n, tags[i]))
      return 1;
  return 0;
}

/* The normalised text under a node, or NULL when it is empty or longer than
 * max bytes (a byline or a headline is short; a whole section is not). */
static char *node_text(xmlNodePtr node, size_t max) {
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
  char *out = finish_text(b.data, max);
  pith_buf_free(&b);
  return out;
}

/* Containers whose bylines and dates belong to something else. */
static int is_foreign_container(xmlNodePtr n) {
  if (name_is(n, "nav") || name_is(n, "aside"))
    return 1;
  const char *ids[2] = {attr(n, "class"), attr(n, "id")};
  for (int k = 0; k < 2; k++) {
    if (!has_text(ids[k]))
      continue;
    if (contains_ci(ids[k], "comment") || contains_ci(ids[k], "sidebar") ||
        contains_ci(ids[k], "related") || contains_ci(ids[k], "widget"))
      return 1;
  }
  return 0;
}

static int in_foreign_container(xmlNodePtr n) {
  int depth = 0;
  for (; n && n->type == XML_ELEMENT_NODE && depth < MAX_ANCESTORS;
       n = n->parent, depth++) {
    if (name_is(n, "body") || name_is(n, "html"))
      break;
    if (is_foreign_container(n))
      return 1;
  }
  return 0;
}

/* ---- the walk ------------------------------------------------------------ */

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
  xmlNodePtr h1;
  size_t h1_count;
  xmlNodePtr headline;
  xmlNodePtr ld[MAX_LD_SCRIPTS];
  size_t ld_n;
  /* Byline candidates: itemprop/rel=author, then "byline", then "author". */
  xmlNodePtr byline[3][MAX_CANDIDATES];
  size_t byline_n[3];
  xmlNodePtr date_el[MAX_CANDIDATES]; /* class or id naming a date */
  size_t date_el_n;
  size_t times;
} collector;

static void set_date(collector *c, int d, const char *value) {
  if (!c->date[d][0] && has_text(value) && c->date_tries[d] < MAX_DATE_TRIES) {
    c->date_tries[d]++;
    parse_date_year(value, c->ymax, c->date[d], DATE_MAX);
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
  const char *content = attr(n, "content");
  if (!has_text(content))
    return;
  const char *keys[4] = {attr(n, "property"), attr(n, "name"),
                         attr(n, "itemprop"), attr(n, "http-equiv")};
  for (int i = 0; i < 4; i++) {
    if (!has_text(keys[i]))
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
  const char *dt = attr(n, "datetime");
  if (has_text(dt)) {
    if (!parse_date_year(dt, c->ymax, date, sizeof date))
      return;
  } else {
    char *text = node_text(n, 120);
    int ok = text && parse_date_year(text, c->ymax, date, sizeof date);
    free(text);
    if (!ok)
      return;
  }
  if (in_foreign_container(n))
    return;
  int preferred = attr(n, "pubdate") != NULL ||
                  contains_ci(attr(n, "itemprop"), "datepublished");
  int modified = contains_ci(attr(n, "itemprop"), "datemodified");
  xmlNodePtr p = n;
  for (int depth = 0; p && p->type == XML_ELEMENT_NODE && depth < 4;
       p = p->parent, depth++) {
    const char *ids[2] = {attr(p, "class"), attr(p, "id")};
    /* WordPress marks one <time> "published updated": "publish" wins. */
    for (int k = 0; k < 2; k++) {
      if (!has_text(ids[k]))
        continue;
      if (contains_ci(ids[k], "publish"))
        preferred = 2;
      else if (contains_ci(ids[k], "modif") || contains_ci(ids[k], "updat"))
        modified = 1;
      else if (contains_ci(ids[k], "date") || contains_ci(ids[k], "posted"))
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
  int pub = contains_ci(itemprop, "datepublished");
  int mod = !pub && contains_ci(itemprop, "datemodified");
  if (pub || mod) {
    int d = pub ? D_PUB_ITEMPROP : D_MOD;
    if (c->date[d][0] || c->date_tries[d] >= MAX_DATE_TRIES)
      return;
    const char *v = attr(n, "content");
    if (!has_text(v))
      v = attr(n, "datetime");
    if (has_text(v)) {
      set_date(c, d, v);
    } else {
      char *text = node_text(n, 120);
      set_date(c, d, text);
      free(text);
    }
  } else if (!c->headline && has_token(itemprop, "headline")) {
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

static unsigned word_flags(const char *s) {
  static const struct {
    const char *word;
    unsigned char len, flag;
  } words[] = {
      {"author", 6, W_AUTHOR},       {"byline", 6, W_BYLINE},
      {"contributor", 11, W_AUTHOR}, {"date", 4, W_DATE},
      {"datum", 5, W_DATE},          {"fecha", 5, W_DATE},
      {"posted", 6, W_DATE},         {"timestamp", 9, W_DATE},
      {"publish", 7, W_PUBLISH},     {"updat", 5, W_UPDATE},
      {"modif", 5, W_UPDATE},        {"comment", 7, W_COMMENT},
      {"candidat", 8, W_NOT_DATE},   {"validat", 7, W_NOT_DATE},
  };
  unsigned flags = 0;
  if (!s)
    return 0;
  for (const char *p = s; *p; p++) {
    char ch = (char)(*p | 0x20);
    if (ch < 'a' || ch > 'v')
      continue;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
      if (words[k].word[0] == ch &&
          strncasecmp(p, words[k].word, words[k].len) == 0)
        flags |= words[k].flag;
  }
  return flags;
}

static void visit_byline(collector *c, xmlNodePtr n, unsigned flags,
                         const char *rel, const char *itemprop) {
  int tier;
  if (flags & W_COMMENT)
    return;
  if ((rel && has_token(rel, "author")) || (word_flags(itemprop) & W_AUTHOR))
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
  const char *rel = attr(n, "rel");
  const char *href = attr(n, "href");
  if (!c->canonical && rel && has_token(rel, "canonical") && has_text(href))
    c->canonical = href;
}

static void visit_title(collector *c, xmlNodePtr n) {
  xmlNodePtr p = n->parent;
  if (p && p->type == XML_ELEMENT_NODE && name_is(p, "head")) {
    if (!c->title_head)
      c->title_head = n;
  } else if (!c->title_any && !(p && (name_is(p, "svg") || name_is(p, "g") ||
                                      name_is(p, "symbol")))) {
    c->title_any = n;
  }
}

static void visit(collector *c, xmlNodePtr n) {
  const char *name = (const char *)n->name;
  if (!name)
    return;
  int is_time = 0;
  switch (name[0]) {
  case 'm':
    if (strcmp(name, "meta") == 0) {
      visit_meta(c, n);
      return;
    }
    break;
  case 'l':
    if (strcmp(name, "link") == 0) {
      visit_link(c, n);
      return;
    }
    break;
  case 's':
    if (strcmp(name, "script") == 0) {
      const char *type = attr(n, "type");
      if (type && contains_ci(type, "ld+json") && c->ld_n < MAX_LD_SCRIPTS)
        c->ld[c->ld_n++] = n;
      return;
    }
    if (strcmp(name, "style") == 0)
      return;
    break;
  case 't':
    if (strcmp(name, "title") == 0) {
      visit_title(c, n);
      return;
    }
    if (strcmp(name, "time") == 0) {
      visit_time(c, n);
      is_time = 1;
    }
    break;
  case 'h':
    if (strcmp(name, "html") == 0) {
      const char *lang = attr(n, "lang");
      if (!has_text(lang))
        lang = attr(n, "xml:lang");
      if (!c->html_lang && has_text(lang))
        c->html_lang = lang;
      return;
    }
    if (strcmp(name, "h1") == 0 && c->h1_count++ == 0)
      c->h1 = n;
    else if (strcmp(name, "head") == 0)
      return;
    break;
  case 'b':
    if (strcmp(name, "body") == 0)
      return;
    break;
  case 'i':
    if (strcmp(name, "img") == 0)
      return;
    break;
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
  if (has_text(itemprop))
    visit_itemprop(c, n, itemprop);
  unsigned flags = word_flags(cls) | word_flags(id);
  visit_byline(c, n, flags, rel, itemprop);
  if (!is_time)
    visit_date_class(c, n, flags);
}

static void walk(htmlDocPtr doc, collector *c) {
  xmlNodePtr top = (xmlNodePtr)doc;
  xmlNodePtr n = doc->children;
  while (n) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE) {
      visit(c, n);
      descend = !is_raw_tag(n);
    }
    n = pith_dom_next(n, top, !descend);
  }
}

/* ---- JSON-LD ------------------------------------------------------------- */

typedef struct ld_info {
  char *headline, *date_pub, *date_created, *date_mod, *publisher, *image,
      *section, *keywords, *description, *language, *url, *body, *type,
      *website, *org, *ingredients;
  name_list people, orgs;
} ld_info;

typedef struct ld_ctx {
  json_object *roots[MAX_LD_SCRIPTS * 2];
  size_t roots_n;
  json_object *objs[MAX_LD_OBJECTS];
  int rank[MAX_LD_OBJECTS];
  size_t objs_n;
  json_object *ids[MAX_LD_OBJECTS];
  size_t ids_n;
  int ymax;
} ld_ctx;

static const char *const article_types[] = {
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "APIReference",
    "ScholarlyArticle",
    "TechArticle",
};
static const char *const page_types[] = {"WebPage", "ItemPage",
                                         "MedicalWebPage"};
static const char *const org_types[] = {
    "Organization",          "NewsMediaOrganization", "Corporation",
    "OnlineBusiness",        "LocalBusiness",         "EducationalOrganization",
    "GovernmentOrganization"};

static const char *jstr(json_object *o, const char *key) {
  json_object *v;
  if (!o || !json_object_is_type(o, json_type_object) ||
      !json_object_object_get_ex(o, key, &v) ||
      !json_object_is_type(v, json_type_string))
    return NULL;
  const char *s = json_object_get_string(v);
  return has_text(s) ? s : NULL;
}

static json_object *jget(json_object *o, const char *key) {
  json_object *v;
  if (!o || !json_object_is_type(o, json_type_object) ||
      !json_object_object_get_ex(o, key, &v))
    return NULL;
  return v;
}

/* "http://schema.org/NewsArticle" → "NewsArticle". */
static const char *short_type(const char *t) {
  const char *slash = strrchr(t, '/');
  if (slash && slash[1])
    t = slash + 1;
  const char *colon = strrchr(t, ':');
  if (colon && colon[1])
    t = colon + 1;
  return t;
}

static int type_in(const char *t, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(t, list[i]) == 0)
      return 1;
  return 0;
}

/* 2 for an article type ("...Article" too), 1 for a web page, 3 for a
 * WebSite, 4 for an organisation, else 0; *name gets the matched type. */
static int ld_kind(json_object *o, const char **name) {
  json_object *t = jget(o, "@type");
  if (!t)
    return 0;
  size_t n = 1;
  int is_array = json_object_is_type(t, json_type_array);
  if (is_array)
    n = json_object_array_length(t);
  int best = 0;
  for (size_t i = 0; i < n && i < 16; i++) {
    json_object *e = is_array ? json_object_array_get_idx(t, i) : t;
    if (!e || !json_object_is_type(e, json_type_string))
      continue;
    const char *s = short_type(json_object_get_string(e));
    size_t sl = strlen(s);
    int kind = 0;
    if (type_in(s, article_types,
                sizeof article_types / sizeof *article_types) ||
        (sl > 7 && strcmp(s + sl - 7, "Article") == 0))
      kind = 2;
    else if (type_in(s, page_types, sizeof page_types / sizeof *page_types))
      kind = 1;
    else if (strcasecmp(s, "WebSite") == 0)
      kind = 3;
    else if (type_in(s, org_types, sizeof org_types / sizeof *org_types))
      kind = 4;
    if (kind == 2 || (kind && !best)) {
      /* An article type wins over the others in the same @type array. */
      if (best != 2) {
        best = kind;
        *name = s;
      }
    }
  }
  return best;
}

static void ld_collect(ld_ctx *c, json_object *o, int depth) {
  if (!o || depth > 6)
    return;
  if (json_object_is_type(o, json_type_array)) {
    size_t n = json_object_array_length(o);
    for (size_t i = 0; i < n && c->objs_n < MAX_LD_OBJECTS; i++)
      ld_collect(c, json_object_array_get_idx(o, i), depth + 1);
    return;
  }
  if (!json_object_is_type(o, json_type_object) || c->objs_n >= MAX_LD_OBJECTS)
    return;
  const char *type = NULL;
  int kind = ld_kind(o, &type);
  c->objs[c->objs_n] = o;
  c->rank[c->objs_n] = kind;
  c->objs_n++;
  if (jstr(o, "@id") && c->ids_n < MAX_LD_OBJECTS)
    c->ids[c->ids_n++] = o;
  ld_collect(c, jget(o, "@graph"), depth + 1);
  ld_collect(c, jget(o, "mainEntity"), depth + 1);
}

/* A reference {"@id": "..."} replaced by the object it names, if any. */
static json_object *ld_deref(ld_ctx *c, json_object *o) {
  if (!o || !json_object_is_type(o, json_type_object))
    return o;
  const char *id = jstr(o, "@id");
  if (!id || jstr(o, "name"))
    return o;
  for (size_t i = 0; i < c->ids_n; i++)
    if (c->ids[i] != o && strcmp(jstr(c->ids[i], "@id"), id) == 0)
      return c->ids[i];
  return o;
}

static json_object *first_of(json_object *o) {
  if (o && json_object_is_type(o, json_type_array))
    return json_object_array_length(o) ? json_object_array_get_idx(o, 0) : NULL;
  return o;
}

static void ld_author(ld_ctx *c, json_object *a, ld_info *info) {
  if (!a)
    return;
  int is_array = json_object_is_type(a, json_type_array);
  size_t n = is_array ? json_object_array_length(a) : 1;
  for (size_t i = 0; i < n && i < MAX_NAMES; i++) {
    json_object *e = is_array ? json_object_array_get_idx(a, i) : a;
    if (!e)
      continue;
    if (json_object_is_type(e, json_type_string)) {
      names_add(&info->people, json_object_get_string(e), NAMES_SPLIT);
      continue;
    }
    e = ld_deref(c, e);
    if (!json_object_is_type(e, json_type_object))
      continue;
    const char *type = NULL;
    int kind = ld_kind(e, &type);
    const char *name = jstr(e, "name");
    char joined[256];
    if (!name) {
      const char *given = jstr(e, "givenName"), *family = jstr(e, "familyName");
      if (given && family) {
        snprintf(joined, sizeof joined, "%s %s", given, family);
        name = joined;
      }
    }
    if (name)
      names_add(kind == 4 ? &info->orgs : &info->people, name, NAMES_SPLIT);
  }
}

static char *ld_image(ld_ctx *c, json_object *img) {
  img = ld_deref(c, first_of(img));
  if (!img)
    return NULL;
  if (json_object_is_type(img, json_type_string))
    return has_text(json_object_get_string(img))
               ? pith_strdup(json_object_get_string(img))
               : NULL;
  const char *u = jstr(img, "url");
  if (!u)
    u = jstr(img, "contentUrl");
  return u ? pith_strdup(u) : NULL;
}

/* A string or an array of strings, joined with ", " for the list splitter. */
static char *ld_strings(json_object *v) {
  if (!v)
    return NULL;
  if (json_object_is_type(v, json_type_string))
    return has_text(json_object_get_string(v))
               ? pith_strdup(json_object_get_string(v))
               : NULL;
  if (!json_object_is_type(v, json_type_array))
    return NULL;
  pith_buf b;
  pith_buf_init(&b, MAX_LONG * 2);
  size_t n = json_object_array_length(v);
  for (size_t i = 0; i < n && i < MAX_LIST_ITEMS; i++) {
    json_object *e = json_object_array_get_idx(v, i);
    if (!e || !json_object_is_type(e, json_type_string) ||
        !has_text(json_object_get_string(e)))
      continue;
    if (b.len)
      pith_buf_puts(&b, ", ");
    pith_buf_puts(&b, json_object_get_string(e));
  }
  if (b.failed || !b.len) {
    pith_buf_free(&b);
    return NULL;
  }
  return pith_buf_detach(&b);
}

/* A recipe's ingredients (recipeIngredient, or the older ingredients),
 * one per line, white space collapsed. */
static char *ld_lines(json_object *v) {
  if (!v || !json_object_is_type(v, json_type_array))
    return NULL;
  pith_buf b;
  pith_buf_init(&b, 16384);
  size_t n = json_object_array_length(v);
  for (size_t i = 0; i < n && i < 200; i++) {
    json_object *e = json_object_array_get_idx(v, i);
    if (!e || !json_object_is_type(e, json_type_string) ||
        !has_text(json_object_get_string(e)))
      continue;
    const char *t = json_object_get_string(e);
    char *line = pith_text_normalize_space(t, strlen(t));
    if (line && *line) {
      if (b.len)
        pith_buf_putc(&b, '\n');
      pith_buf_puts(&b, line);
    }
    free(line);
  }
  if (b.failed || !b.len) {
    pith_buf_free(&b);
    return NULL;
  }
  return pith_buf_detach(&b);
}

static void take(char **field, const char *value) {
  if (!*field && has_text(value))
    *field = pith_strdup(value);
}

static void take_date(ld_ctx *c, char **field, const char *value) {
  char date[DATE_MAX];
  if (!*field && value && parse_date_year(value, c->ymax, date, sizeof date))
    *field = pith_strdup(date);
}

static void ld_fill(ld_ctx *c, json_object *o, int rank, ld_info *info) {
  const char *type = NULL;
  ld_kind(o, &type);
  take(&info->type, type);
  if (rank == 2) {
    take(&info->headline, jstr(o, "headline"));
    take(&info->headline, jstr(o, "name"));
    take(&info->body, jstr(o, "articleBody"));
  }
  if (!info->people.n && !info->orgs.n)
    ld_author(c, jget(o, "author"), info);
  if (!info->people.n && !info->orgs.n)
    ld_author(c, jget(o, "creator"), info);
  take_date(c, &info->date_pub, jstr(o, "datePublished"));
  take_date(c, &info->date_created, jstr(o, "dateCreated"));
  take_date(c, &info->date_mod, jstr(o, "dateModified"));
  json_object *pub = ld_deref(c, first_of(jget(o, "publisher")));
  if (pub && json_object_is_type(pub, json_type_string))
    take(&info->publisher, json_object_get_string(pub));
  else
    take(&info->publisher, jstr(pub, "name"));
  if (!info->image)
    info->image = ld_image(c, jget(o, "image"));
  if (!info->image)
    take(&info->image, jstr(o, "thumbnailUrl"));
  if (!info->section)
    info->section = ld_strings(jget(o, "articleSection"));
  if (!info->keywords)
    info->keywords = ld_strings(jget(o, "keywords"));
  take(&info->description, jstr(o, "description"));
  json_object *lang = jget(o, "inLanguage");
  if (lang && json_object_is_type(lang, json_type_string))
    take(&info->language, json_object_get_string(lang));
  else if (lang)
    take(&info->language, jstr(lang, "alternateName"));
  take(&info->url, jstr(o, "url"));
  json_object *page = jget(o, "mainEntityOfPage");
  if (page && json_object_is_type(page, json_type_string))
    take(&info->url, json_object_get_string(page));
  else if (page) {
    take(&info->url, jstr(page, "@id"));
    take(&info->url, jstr(page, "url"));
  }
}

/* Parses up to MAX_LD_VALUES JSON values from one <script>. Broken JSON is
 * skipped; nesting beyond MAX_LD_DEPTH is refused by json-c. */
static void ld_parse_script(ld_ctx *c, xmlNodePtr script) {
  xmlChar *content = xmlNodeGetContent(script);
  if (!content)
    return;
  const char *s = (const char *)content;
  size_t n = strlen(s);
  /* Skip HTML comment and CDATA wrappers around the JSON. */
  size_t b = 0;
  const char *cdata = strstr(s, "<![CDATA[");
  const char *brace = strchr(s, '{');
  if (cdata && (!brace || cdata < brace))
    b = (size_t)(cdata - s) + 9;
  for (; b < n; b++) {
    if (s[b] == '{')
      break;
    if (s[b] == '[') {
      /* "[CDATA[" is not an array. */
      size_t k = b + 1;
      while (k < n && pith_is_space((unsigned char)s[k]))
        k++;
      if (k < n && (s[k] == '{' || s[k] == '[' || s[k] == '"' || s[k] == ']'))
        break;
    }
  }
  while (n > b && s[n - 1] != '}' && s[n - 1] != ']')
    n--;
  if (n > b && n - b <= MAX_LD_BYTES) {
    json_tokener *tok = json_tokener_new_ex(MAX_LD_DEPTH);
    if (tok) {
      size_t pos = b;
      for (int k = 0; k < MAX_LD_VALUES && pos < n &&
                      c->roots_n < sizeof c->roots / sizeof *c->roots;
           k++) {
        json_tokener_reset(tok);
        json_object *root = json_tokener_parse_ex(tok, s + pos, (int)(n - pos));
        if (!root && json_tokener_get_error(tok) == json_tokener_continue) {
          /* json-c waits for more input after a trailing comment ("//]]");
           * a NUL byte ends the input. */
          root = json_tokener_parse_ex(tok, "", 1);
          if (root && json_tokener_get_error(tok) == json_tokener_success)
            c->roots[c->roots_n++] = root;
          else
            json_object_put(root);
          break;
        }
        if (json_tokener_get_error(tok) != json_tokener_success || !root) {
          json_object_put(root);
          break;
        }
        c->roots[c->roots_n++] = root;
        pos += json_tokener_get_parse_end(tok);
        while (pos < n &&
               (pith_is_space((unsigned char)s[pos]) || s[pos] == ','))
          pos++;
      }
      json_tokener_free(tok);
    }
  }
  xmlFree(content);
}

static void ld_extract(collector *col, ld_info *info) {
  memset(info, 0, sizeof *info);
  if (!col->ld_n)
    return;
  ld_ctx *c = calloc(1, sizeof *c);
  if (!c) {
    pith_nomem_note();
    return;
  }
  c->ymax = col->ymax;
  for (size_t i = 0; i < col->ld_n; i++)
    ld_parse_script(c, col->ld[i]);
  for (size_t i = 0; i < c->roots_n; i++)
    ld_collect(c, c->roots[i], 0);
  for (int rank = 2; rank >= 1; rank--)
    for (size_t i = 0; i < c->objs_n; i++)
      if (c->rank[i] == rank)
        ld_fill(c, c->objs[i], rank, info);
  for (size_t i = 0; i < c->objs_n && !info->ingredients; i++) {
    info->ingredients = ld_lines(jget(c->objs[i], "recipeIngredient"));
    if (!info->ingredients)
      info->ingredients = ld_lines(jget(c->objs[i], "ingredients"));
  }
  for (size_t i = 0; i < c->objs_n; i++) {
    if (c->rank[i] == 3)
      take(&info->website, jstr(c->objs[i], "name"));
    else if (c->rank[i] == 4)
      take(&info->org, jstr(c->objs[i], "name"));
  }
  for (size_t i = 0; i < c->roots_n; i++)
    json_object_put(c->roots[i]);
  free(c);
}

static void ld_free(ld_info *info) {
  char **fields[] = {&info->headline,   &info->date_pub,  &info->date_created,
                     &info->date_mod,   &info->publisher, &info->image,
                     &info->section,    &info->keywords,  &info->description,
                     &info->language,   &info->url,       &info->body,
                     &info->type,       &info->website,   &info->org,
                     &info->ingredients};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    free(*fields[i]);
    *fields[i] = NULL;
  }
  names_free(&info->people);
  names_free(&info->orgs);
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
  if (!has_text(ref) || strnlen(ref, MAX_URL + 1) > MAX_URL)
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
  if (!has_text(ref) || strnlen(ref, MAX_URL + 1) > MAX_URL)
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
  if (!title || !has_text(site))
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
  return looks_like_domain(tmp);
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
  char *t = finish_text(raw, MAX_SHORT);
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
  char *t = finish_text(raw, MAX_SHORT);
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
    char *s = finish_text(vals[i], cap);
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
    char *t = node_text(c->headline, MAX_SHORT);
    if (t)
      return t;
  }
  xmlNodePtr title_node = c->title_head ? c->title_head : c->title_any;
  char *title_raw = title_node ? node_text(title_node, MAX_SHORT * 2) : NULL;
  char *h1 = c->h1 ? node_text(c->h1, MAX_SHORT) : NULL;
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
      const char *ip = attr(d, "itemprop");
      if (ip && has_token(ip, "name"))
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
      if (in_foreign_container(n))
        continue;
      /* itemprop=author often wraps itemprop=name with a job title. */
      xmlNodePtr target = n;
      if (contains_ci(attr(n, "itemprop"), "author"))
        target = find_itemprop_name(n);
      char *text;
      if (name_is(target, "meta"))
        text = finish_text(attr(target, "content"), 160);
      else
        text = node_text(target, 160);
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
      names_add(&l, text, NAMES_SPLIT | NAMES_BYLINE);
      free(text);
      char *joined = names_join(&l);
      names_free(&l);
      if (joined)
        return joined;
    }
  }
  return NULL;
}

static char *choose_author(collector *c, ld_info *ld) {
  char *out = names_join(&ld->people);
  if (out)
    return out;
  const char *const metas[] = {
      c->slot[S_AUTHOR],          c->slot[S_OG_AUTHOR],
      c->slot[S_PARSELY_AUTHOR],  c->slot[S_DC_CREATOR],
      c->slot[S_SAILTHRU_AUTHOR], c->slot[S_BYL]};
  for (size_t i = 0; i < sizeof metas / sizeof *metas; i++) {
    if (!has_text(metas[i]))
      continue;
    name_list l = {{0}, 0};
    names_add(&l, metas[i], NAMES_SPLIT);
    out = names_join(&l);
    names_free(&l);
    if (out)
      return out;
  }
  if (c->multi_n[M_CITATION_AUTHOR]) {
    name_list l = {{0}, 0};
    for (size_t i = 0; i < c->multi_n[M_CITATION_AUTHOR]; i++)
      names_add(&l, c->multi[M_CITATION_AUTHOR][i], 0);
    out = names_join(&l);
    names_free(&l);
    if (out)
      return out;
  }
  out = choose_byline(c);
  if (out)
    return out;
  return names_join(&ld->orgs);
}

static char *choose_list(const char *first, const char *const *multi,
                         size_t multi_n, const char *const *rest,
                         size_t rest_n) {
  str_list l;
  memset(&l, 0, sizeof l);
  if (has_text(first)) {
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
  char *decoded = decode_entities(raw, n);
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
    if (in_foreign_container(n))
      continue;
    const char *v = attr(n, "content");
    if (!has_text(v))
      v = attr(n, "datetime");
    if (has_text(v) && parse_date_year(v, c->ymax, out, size))
      return;
    char *text = node_text(n, 200);
    int ok = text && parse_date_year(text, c->ymax, out, size);
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
  if (has_text(url))
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
  c->ymax = current_year() + 1;
  walk(doc, c);
  ld_info ld;
  ld_extract(c, &ld);

  /* URLs and host. */
  meta->canonical_url = absolute_url(url, c->canonical);
  if (!meta->canonical_url)
    meta->canonical_url = absolute_url(url, c->slot[S_OG_URL]);
  if (!meta->canonical_url)
    meta->canonical_url = absolute_url(url, ld.url);
  meta->hostname = pith_url_hostname(meta->canonical_url);
  if (!meta->hostname)
    meta->hostname = pith_url_hostname(url);
  const char *base = has_text(url) ? url : meta->canonical_url;

  /* Site name, before the title: titles are stripped of it. */
  const char *const sites[] = {c->slot[S_OG_SITE], ld.publisher,
                               c->slot[S_APPNAME], ld.website, ld.org};
  char *site = NULL, *site_full = NULL;
  for (size_t i = 0; i < sizeof sites / sizeof *sites && !site; i++) {
    site = clean_site_name(sites[i], meta->hostname);
    if (site)
      site_full = finish_text(sites[i], MAX_SHORT);
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
  if (!url_date(url, c->ymax, from_url, sizeof from_url))
    url_date(meta->canonical_url, c->ymax, from_url, sizeof from_url);
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
    if (has_text(dates[i]))
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
    meta->page_type = finish_text(ld.type, 64);
  else
    meta->page_type = finish_text(c->slot[S_OG_TYPE], 64);
  meta->article_body = clean_body(ld.body);
  meta->ingredients = ld.ingredients;
  ld.ingredients = NULL;

  ld_free(&ld);
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
